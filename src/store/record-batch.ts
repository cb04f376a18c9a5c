/**
 * A batch of records as ONE Redis value, written by ingest next to a small records job (job v3,
 * src/service/job-data.ts) and taken apart inside Redis by the open-call store's batch script
 * (`OpenCallStore.addBatch`), so a record's bytes go to Redis once and never travel to a worker
 * and back before the call is rebuilt. (With v2 the records were the job's data: ingest → Redis,
 * Redis → worker inside the job, worker → Redis again into the open-call hashes.)
 *
 *   "SB1\n" <byte length> (" " <byte length>)* "\n" <bytes>
 *
 * Per record three lengths and three pieces, in order: its key, its id, its stored value (the JSON of
 * its fields but `text`, a line break, its text: what the open-call hash keeps). Lengths are in
 * UTF-8 bytes and the pieces are back to back; nothing is escaped. The value is written with
 * `SET … NX PX` (the same batch written twice after a restart is one value) and replaced by the
 * worker with `done\n<keys>` once its records are stored (src/store/open-calls.ts).
 */
import type { Redis } from 'ioredis';
import { ENCODED_RECORD_FIELDS, RECORD_BATCH_MAGIC, type EncodedRecords } from './open-calls';
import { guard } from './redis-script';

/** What an unprocessed batch is kept for at most (a week, as long as failed jobs are kept). */
export const RECORD_BATCH_TTL_MS = 7 * 24 * 3_600_000;

/** The key of a batch: under the service prefix, named by its job id. */
export function recordBatchKey(prefix: string, jobId: string): string {
  return `${prefix}:batch:${jobId}`;
}

/** Whether `key` names a batch of this installation (a job's data may not point anywhere else). */
export function isRecordBatchKey(prefix: string, key: string): boolean {
  return key.startsWith(`${prefix}:batch:`) && key.length > prefix.length + 7;
}

/** Records encoded by `encodeRecords` → the batch value. */
export function encodeRecordBatch(recs: EncodedRecords): Buffer {
  const n = recs.length / ENCODED_RECORD_FIELDS;
  const lens = new Array<number>(n * 3);
  let body = 0;
  for (let i = 0, j = 0; i < recs.length; i += ENCODED_RECORD_FIELDS, j += 3) {
    const k = Buffer.byteLength(recs[i]);
    const id = Buffer.byteLength(recs[i + 1]);
    // the stored value: meta JSON, "\n", text
    const v = Buffer.byteLength(recs[i + 2]) + 1 + Buffer.byteLength(recs[i + 3]);
    lens[j] = k;
    lens[j + 1] = id;
    lens[j + 2] = v;
    body += k + id + v;
  }
  const header = `${RECORD_BATCH_MAGIC}\n${lens.join(' ')}\n`;
  const buf = Buffer.allocUnsafe(header.length + body);
  let off = buf.write(header, 0, 'latin1');
  for (let i = 0; i < recs.length; i += ENCODED_RECORD_FIELDS) {
    off += buf.write(recs[i], off);
    off += buf.write(recs[i + 1], off);
    off += buf.write(recs[i + 2], off);
    buf[off++] = 0x0a;
    off += buf.write(recs[i + 3], off);
  }
  return buf;
}

/**
 * Writes a batch (once: an existing value, unprocessed or already done, is left as it is). Throws
 * what the client throws (a producer connection fails at once while Redis is away).
 */
export async function putRecordBatch(redis: Redis, key: string, value: Buffer, ttlMs = RECORD_BATCH_TTL_MS): Promise<void> {
  await guard('putRecordBatch', () => redis.set(key, value, 'PX', ttlMs, 'NX'));
}
