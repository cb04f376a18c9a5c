/**
 * Payloads of the jobs in the records queue, as zod schemas so a worker can tell permanently bad
 * job data (→ UnrecoverableError, no retries) from good data. Types come from the schemas.
 *
 *   records: { v: 1, source, records: FramedRecord[], gaps: SeqGap[], queuedAt }
 *            one batch from one ingest source (a file, a syslog listener), in source order
 *   sweep:   { v: 1 }   added by the Job Scheduler; finalizes calls that went quiet
 */
import { z } from 'zod';
import { FORMAT_NAMES, type FormatName } from '../formats/record';

const formatName = z.enum(FORMAT_NAMES as readonly [FormatName, ...FormatName[]]);

export const framedRecordSchema = z.object({
  format: formatName,
  kind: z.enum(['sip', 'cdr', 'media', 'debug', 'other']),
  where: z.string(),
  endOffset: z.number().optional(),
  key: z.string().min(1),
  keyIsSession: z.boolean(),
  device: z.string(),
  seq: z.number().optional(),
  time: z.number().nullable(),
  text: z.string(),
  attrs: z.record(z.string(), z.string()).optional(),
});

export const seqGapSchema = z.object({
  device: z.string(),
  from: z.number(),
  to: z.number(),
  where: z.string(),
});

export const recordsJobSchema = z.object({
  v: z.literal(1),
  source: z.string(),
  records: z.array(framedRecordSchema),
  gaps: z.array(seqGapSchema),
  /** UTC ms when the producer queued the batch (for the queue-delay figures) */
  queuedAt: z.number(),
});

export const sweepJobSchema = z.object({ v: z.literal(1) });

export type RecordsJobData = z.infer<typeof recordsJobSchema>;
export type SweepJobData = z.infer<typeof sweepJobSchema>;
