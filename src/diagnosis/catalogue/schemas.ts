/**
 * The shapes of the catalogue data files, checked once when the catalogue is loaded so a broken
 * data file fails at start (and in the tests), not in the middle of a diagnosis.
 */
import { z } from 'zod';
import { CATEGORIES, OWNERS } from '../verdict';

const url = z.string().regex(/^https?:\/\/\S+$/);

export const msCodeEntrySchema = z.object({
  code: z.string().regex(/^\d{1,6}$/),
  sipCode: z.number().int().min(0).max(699),
  meaning: z.string().min(1),
  likelyCause: z.string().min(1),
  action: z.string().min(1),
  owner: z.enum(OWNERS),
  ownerNote: z.string().min(1).optional(),
  category: z.enum(CATEGORIES),
  acsOnly: z.boolean(),
  source: url,
});

export const msPrefixRuleSchema = z.object({
  prefix: z.string().regex(/^\d{1,3}$/),
  /** how many digits a code has for this rule to apply (6 unless said) */
  digits: z.number().int().min(1).max(7).optional(),
  generatedBy: z.enum(['sbc', 'sbc-trigger', 'microsoft']),
  leg: z.enum(['inbound', 'outbound', 'any']),
  owner: z.enum(OWNERS),
  confidence: z.enum(['documented', 'inferred']),
  meaning: z.string().min(1),
  source: url,
});

export const diagnosticsRangeSchema = z.object({
  from: z.number().int().min(0),
  to: z.number().int().min(0),
  area: z.string().min(1),
  source: url,
});

export const msCodesFileSchema = z.object({
  _about: z.string(),
  codes: z.array(msCodeEntrySchema).min(1),
  prefixRules: z.array(msPrefixRuleSchema).min(1),
  diagnosticsRanges: z.array(diagnosticsRangeSchema).min(1),
});

export const q850EntrySchema = z.object({
  cause: z.number().int().min(1).max(127),
  name: z.string().min(1),
  sip: z.number().int().min(300).max(699).nullable(),
  class: z.enum([
    'normal',
    'resource-unavailable',
    'service-unavailable',
    'not-implemented',
    'invalid-message',
    'protocol-error',
    'interworking',
  ]),
  meaning: z.string().min(1),
  note: z.string().min(1).optional(),
  source: url,
});

export const q850FileSchema = z.object({
  _about: z.string(),
  sources: z.array(url),
  causes: z.array(q850EntrySchema).min(1),
});

export const sipStatusEntrySchema = z.object({
  status: z.number().int().min(100).max(699),
  phrase: z.string().min(1),
  class: z.enum(['provisional', 'success', 'redirection', 'client-error', 'server-error', 'global-failure']),
  meaning: z.string().min(1),
  source: url,
});

export const sipMethodEntrySchema = z.object({
  method: z.string().regex(/^[A-Z]+$/),
  meaning: z.string().min(1),
  source: url,
});

export const sipStatusFileSchema = z.object({
  _about: z.string(),
  statuses: z.array(sipStatusEntrySchema).min(1),
  methods: z.array(sipMethodEntrySchema).min(1),
});

export const headerEntrySchema = z.object({
  name: z.string().min(1),
  compact: z.string().length(1).optional(),
  meaning: z.string().min(1),
  teams: z.string().min(1).optional(),
  source: url,
});

export const uriParamEntrySchema = z.object({
  header: z.string().min(1),
  param: z.string().min(1),
  meaning: z.string().min(1),
  source: z.string().min(1),
  confidence: z.enum(['documented', 'observed']),
});

export const headersFileSchema = z.object({
  _about: z.string(),
  headers: z.array(headerEntrySchema).min(1),
  uriParams: z.array(uriParamEntrySchema),
});

export type MsCodeEntry = z.infer<typeof msCodeEntrySchema>;
export type MsPrefixRule = z.infer<typeof msPrefixRuleSchema>;
export type Q850Entry = z.infer<typeof q850EntrySchema>;
export type SipStatusEntry = z.infer<typeof sipStatusEntrySchema>;
export type DiagnosticsRange = z.infer<typeof diagnosticsRangeSchema>;
export type SipMethodEntry = z.infer<typeof sipMethodEntrySchema>;
export type HeaderEntry = z.infer<typeof headerEntrySchema>;
export type UriParamEntry = z.infer<typeof uriParamEntrySchema>;
