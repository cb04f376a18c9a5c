/**
 * Payloads of the jobs in the records queue, checked so a worker can tell permanently bad job
 * data (→ UnrecoverableError, no retries) from good data.
 *
 *   records: { v: 3, source, batch?, records, gaps: SeqGap[], queuedAt }   (written now)
 *            one batch from one ingest source (a file, a syslog listener), in source order; its
 *            `records` records were written by ingest as one Redis value, `batch` its key
 *            (src/store/record-batch.ts), before the job; the worker stores them under their keys
 *            inside Redis (`OpenCallStore.addBatch`): the records' bytes never come to the worker.
 *            No `batch` when the batch holds only gaps.
 *   records: { v: 2, source, recs: EncodedRecords, gaps: SeqGap[], queuedAt }   (older ingest,
 *            still read): the records encoded by ingest (src/store/open-calls.ts
 *            `encodeRecords`: key, id, JSON of the other fields, text per record) in the job itself
 *   records: { v: 1, source, records: FramedRecord[], gaps: SeqGap[], queuedAt }   (older ingest,
 *            still read: checked record by record with zod and encoded by the worker)
 *   sweep:   { v: 1 }   added by the Job Scheduler; finalizes calls that went quiet
 *
 * A v3 job's batch is checked by the batch script (a value that is not a batch, or none at all,
 * is bad job data). A v2 job is checked for its shape (strings in fours, a non-empty key and id, a JSON object of
 * the fields per record), not field by field: its records were checked as FramedRecords when ingest framed them,
 * and a record that would not load back is counted and skipped by the store. A worker older than
 * a version fails a job of a newer one once as bad job data (`sipsleuth_errors_total{kind="bad_job"}`):
 * upgrade the workers before ingest.
 */
import { z } from 'zod';
import { FORMAT_NAMES, type FormatName, type SeqGap } from '../formats/record';
import { encodeRecords, ENCODED_RECORD_FIELDS, type EncodedRecords } from '../store/open-calls';

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

/** the older records job (v1): whole FramedRecord objects */
export const recordsJobSchema = z.object({
  v: z.literal(1),
  source: z.string(),
  records: z.array(framedRecordSchema),
  gaps: z.array(seqGapSchema),
  /** UTC ms when the producer queued the batch (for the queue-delay figures) */
  queuedAt: z.number(),
});

export const RECORDS_JOB_VERSION = 3;

/** The records job ingest queues now (v3). */
export interface RecordsJobData {
  v: typeof RECORDS_JOB_VERSION;
  source: string;
  /** key of the batch value holding the records (src/store/record-batch.ts); none when no records */
  batch?: string;
  /** how many records the batch holds */
  records: number;
  gaps: SeqGap[];
  /** UTC ms when the producer queued the batch (for the queue-delay figures) */
  queuedAt: number;
}

/** The records job of the ingest before v3: the encoded records in the job. */
export interface RecordsJobV2Data {
  v: 2;
  source: string;
  recs: EncodedRecords;
  gaps: SeqGap[];
  queuedAt: number;
}

const recordsJobV3Schema = z.object({
  v: z.literal(RECORDS_JOB_VERSION),
  source: z.string(),
  batch: z.string().min(1).optional(),
  records: z.number().int().nonnegative(),
  gaps: z.array(seqGapSchema),
  queuedAt: z.number(),
});

const recordsJobV2Schema = z.object({
  v: z.literal(2),
  source: z.string(),
  // checked string by string in badEncoded (cheaper than a schema per element)
  recs: z.custom<string[]>((x) => Array.isArray(x), 'recs is not an array'),
  gaps: z.array(seqGapSchema),
  queuedAt: z.number(),
});

export const sweepJobSchema = z.object({ v: z.literal(1) });

export type RecordsJobV1Data = z.infer<typeof recordsJobSchema>;
export type SweepJobData = z.infer<typeof sweepJobSchema>;

/** A records job as the worker uses it, whichever version it came in. */
export type RecordsJob =
  /** v1/v2: the records are in the job (encoded) */
  | { version: 1 | 2; source: string; recs: EncodedRecords; gaps: SeqGap[]; queuedAt: number }
  /** v3: the records are in the batch value `batch` (none when null) */
  | { version: 3; source: string; batch: string | null; records: number; gaps: SeqGap[]; queuedAt: number };

export type RecordsJobCheck = { ok: true; job: RecordsJob } | { ok: false; why: string };

/** The encoded records' shape: strings in fours (key, id, JSON object, text); null when fine, else why. */
function badEncoded(recs: readonly string[]): string | null {
  if (recs.length % ENCODED_RECORD_FIELDS !== 0) {
    return `recs holds ${recs.length} strings, not a multiple of ${ENCODED_RECORD_FIELDS}`;
  }
  for (let i = 0; i < recs.length; i += ENCODED_RECORD_FIELDS) {
    const json = recs[i + 2];
    if (typeof recs[i] !== 'string' || typeof recs[i + 1] !== 'string' || typeof json !== 'string' || typeof recs[i + 3] !== 'string') {
      return `record ${i / ENCODED_RECORD_FIELDS} is not four strings`;
    }
    if (recs[i].length === 0 || recs[i + 1].length === 0) {
      return `record ${i / ENCODED_RECORD_FIELDS} has an empty key or id`;
    }
    if (json.charCodeAt(0) !== 123 || json.charCodeAt(json.length - 1) !== 125) {
      return `record ${i / ENCODED_RECORD_FIELDS} is not a JSON object`;
    }
  }
  return null;
}

/** Checks a records job's data (v3, or the older v2 and v1, which is encoded here). */
export function checkRecordsJob(data: unknown): RecordsJobCheck {
  const v = typeof data === 'object' && data !== null ? (data as { v?: unknown }).v : undefined;
  if (v === RECORDS_JOB_VERSION) {
    const parsed = recordsJobV3Schema.safeParse(data);
    if (!parsed.success) {
      return { ok: false, why: `records job data does not match the schema: ${parsed.error.issues[0]?.message ?? '?'}` };
    }
    const d = parsed.data;
    if ((d.batch === undefined) !== (d.records === 0)) {
      return { ok: false, why: `records job data: ${d.records} records but ${d.batch === undefined ? 'no' : 'a'} batch` };
    }
    return { ok: true, job: { version: 3, source: d.source, batch: d.batch ?? null, records: d.records, gaps: d.gaps, queuedAt: d.queuedAt } };
  }
  if (v === 1) {
    const parsed = recordsJobSchema.safeParse(data);
    if (!parsed.success) {
      return { ok: false, why: `records job data (v1) does not match the schema: ${parsed.error.issues[0]?.message ?? '?'}` };
    }
    const d = parsed.data;
    return { ok: true, job: { version: 1, source: d.source, recs: encodeRecords(d.records), gaps: d.gaps, queuedAt: d.queuedAt } };
  }
  const parsed = recordsJobV2Schema.safeParse(data);
  if (!parsed.success) {
    return { ok: false, why: `records job data does not match the schema: ${parsed.error.issues[0]?.message ?? '?'}` };
  }
  const d = parsed.data;
  const why = badEncoded(d.recs);
  if (why !== null) {
    return { ok: false, why: `records job data: ${why}` };
  }
  return { ok: true, job: { version: 2, source: d.source, recs: d.recs, gaps: d.gaps, queuedAt: d.queuedAt } };
}
