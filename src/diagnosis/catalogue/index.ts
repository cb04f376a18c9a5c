/**
 * Lookups over the code catalogues (data files next to this one):
 *
 *   lookupMsCode('560403')   → the Microsoft code's documented variants + the prefix rule
 *   msCodePrefixRule(569008) → { prefix: '569', generatedBy: 'microsoft', owner: 'sbc', … }
 *   lookupQ850(31)           → { name: 'Normal, unspecified', sip: 480, meaning: … }
 *   lookupSipStatus(488)     → { phrase: 'Not Acceptable Here', class: 'client-error', … }
 *   lookupHeader('i')        → the Call-ID entry (any case, compact forms too)
 */
import msCodesJson from './ms-codes.json';
import q850Json from './q850.json';
import sipStatusJson from './sip-status.json';
import headersJson from './headers.json';
import {
  headersFileSchema,
  msCodesFileSchema,
  q850FileSchema,
  sipStatusFileSchema,
  type DiagnosticsRange,
  type HeaderEntry,
  type MsCodeEntry,
  type MsPrefixRule,
  type Q850Entry,
  type SipMethodEntry,
  type SipStatusEntry,
  type UriParamEntry,
} from './schemas';
import { canonicalHeaderName } from '../../sip/header-names';

export type {
  DiagnosticsRange,
  SipMethodEntry,
  HeaderEntry,
  MsCodeEntry,
  MsPrefixRule,
  Q850Entry,
  SipStatusEntry,
  UriParamEntry,
} from './schemas';

const msCodes = msCodesFileSchema.parse(msCodesJson);
const q850 = q850FileSchema.parse(q850Json);
const sipStatus = sipStatusFileSchema.parse(sipStatusJson);
const headers = headersFileSchema.parse(headersJson);

const msByCode = new Map<string, MsCodeEntry[]>();
for (const e of msCodes.codes) {
  const list = msByCode.get(e.code) ?? [];
  list.push(e);
  msByCode.set(e.code, list);
}
/** longest prefixes first */
const prefixRules = [...msCodes.prefixRules].sort((a, b) => b.prefix.length - a.prefix.length);
const q850ByCause = new Map<number, Q850Entry>(q850.causes.map((c) => [c.cause, c]));
const statusByCode = new Map<number, SipStatusEntry>(sipStatus.statuses.map((s) => [s.status, s]));
const methodByName = new Map<string, SipMethodEntry>(sipStatus.methods.map((m) => [m.method, m]));
const headerByName = new Map<string, HeaderEntry>();
for (const h of headers.headers) {
  headerByName.set(h.name.toLowerCase(), h);
}

export interface MsCodeLookup {
  code: string;
  /** documented variants (one per phrase; several when Microsoft reuses a code) */
  entries: MsCodeEntry[];
  /** the structure rule for the code's prefix, when one applies */
  rule: MsPrefixRule | null;
}

function normalizeMsCode(code: string | number): string | null {
  const s = String(code).trim();
  return /^\d{1,7}$/.test(s) ? String(Number(s)) : null;
}

/** The prefix rule (560 = SBC answered, 540 = inbound SBC trigger, 569 = SBC unreachable…). */
export function msCodePrefixRule(code: string | number): MsPrefixRule | null {
  const c = normalizeMsCode(code);
  if (c === null) {
    return null;
  }
  for (const r of prefixRules) {
    if (c.length === (r.digits ?? 6) && c.startsWith(r.prefix)) {
      return r;
    }
  }
  return null;
}

/** A Microsoft response code; null when it is neither documented nor covered by a prefix rule. */
export function lookupMsCode(code: string | number): MsCodeLookup | null {
  const c = normalizeMsCode(code);
  if (c === null) {
    return null;
  }
  const entries = msByCode.get(c) ?? [];
  const rule = msCodePrefixRule(c);
  if (entries.length === 0 && rule === null) {
    return null;
  }
  return { code: c, entries, rule };
}

/**
 * The documented variant that fits a SIP status and (optionally) a phrase seen with it, e.g.
 * 531000 + 488 + "SrtpEncryptionRequired". Falls back to the first variant for the status, then
 * to the first variant at all; null when the code is undocumented.
 */
export function msCodeEntryFor(code: string | number, sipStatus?: number, phrase?: string): MsCodeEntry | null {
  const found = lookupMsCode(code);
  if (!found || found.entries.length === 0) {
    return null;
  }
  const byStatus = sipStatus === undefined ? found.entries : found.entries.filter((e) => e.sipCode === sipStatus);
  const pool = byStatus.length > 0 ? byStatus : found.entries;
  if (phrase) {
    const p = phrase.toLowerCase();
    const words = p.split(/[^a-z0-9]+/).filter((w) => w.length > 4);
    let best: MsCodeEntry | null = null;
    let bestScore = 0;
    for (const e of pool) {
      const m = e.meaning.toLowerCase();
      const score = words.filter((w) => m.includes(w)).length;
      if (score > bestScore) {
        best = e;
        bestScore = score;
      }
    }
    if (best) {
      return best;
    }
  }
  return pool[0];
}

export function lookupQ850(cause: number): Q850Entry | null {
  return q850ByCause.get(cause) ?? null;
}

export function lookupSipStatus(status: number): SipStatusEntry | null {
  return statusByCode.get(status) ?? null;
}

const CLASS_NAMES: Record<number, SipStatusEntry['class']> = {
  1: 'provisional',
  2: 'success',
  3: 'redirection',
  4: 'client-error',
  5: 'server-error',
  6: 'global-failure',
};

/** The class of any status 100–699, listed or not; null outside that range. */
export function sipStatusClass(status: number): SipStatusEntry['class'] | null {
  return Number.isInteger(status) && status >= 100 && status <= 699 ? CLASS_NAMES[Math.floor(status / 100)] : null;
}

/** A request method explained (INVITE, OPTIONS, REFER…); null when not in the catalogue. */
export function lookupMethod(method: string): SipMethodEntry | null {
  return methodByName.get(method.toUpperCase()) ?? null;
}

/** The OCS/Lync Ms-Diagnostics ErrorId range a code falls in (10000–10999 Mediation Server…). */
export function msDiagnosticsRange(code: number): DiagnosticsRange | null {
  return msCodes.diagnosticsRanges.find((r) => code >= r.from && code <= r.to) ?? null;
}

/**
 * Microsoft codes whose documented phrase is the given text (Teams writes the phrase into
 * Reason text, e.g. "No callee endpoints were found." = 10037). Case and final dot ignored.
 */
export function msCodesByPhrase(phrase: string): MsCodeEntry[] {
  const norm = (s: string): string => s.trim().toLowerCase().replace(/[.\s]+$/, '');
  const p = norm(phrase);
  if (p.length < 8) {
    return [];
  }
  return msCodes.codes.filter((c) => norm(c.meaning) === p);
}

/** A header by any spelling: `Call-ID`, `CALL-ID`, `i`. null when the catalogue does not know it. */
export function lookupHeader(name: string): HeaderEntry | null {
  return headerByName.get(canonicalHeaderName(name.trim())) ?? null;
}

/** A URI parameter explained (Microsoft's Contact x-i/x-c, Refer-To x-m…, user=phone…). */
export function lookupUriParam(header: string, param: string): UriParamEntry | null {
  const h = canonicalHeaderName(header);
  const p = param.toLowerCase();
  return (
    headers.uriParams.find((u) => u.header.toLowerCase() === h && u.param === p) ??
    headers.uriParams.find((u) => u.header === '*' && (u.param === p || u.param.startsWith(`${p}=`))) ??
    null
  );
}

/** Everything, for listings and tests. */
export const catalogue = {
  msCodes: msCodes.codes as readonly MsCodeEntry[],
  msPrefixRules: msCodes.prefixRules as readonly MsPrefixRule[],
  q850: q850.causes as readonly Q850Entry[],
  sipStatuses: sipStatus.statuses as readonly SipStatusEntry[],
  methods: sipStatus.methods as readonly SipMethodEntry[],
  diagnosticsRanges: msCodes.diagnosticsRanges as readonly DiagnosticsRange[],
  headers: headers.headers as readonly HeaderEntry[],
  uriParams: headers.uriParams as readonly UriParamEntry[],
};
