/**
 * The records queue: how a batch becomes a job (options, deterministic job id) and how its state
 * is read for `/healthz` and `/metrics`.
 */
import { createHash } from 'node:crypto';
import { Queue, type JobsOptions } from 'bullmq';
import type { FramedRecord, SeqGap } from '../formats/record';
import { ENCODED_RECORD_FIELDS, type EncodedRecords } from '../store/open-calls';
import type { QueueFigures } from './metrics';
import { RECORDS_QUEUE } from './queue-names';
import { producerConnectionOptions } from './redis-connections';

/**
 * At-least-once with retries: a job that fails on Redis trouble is retried with exponential
 * backoff (1 s, 2 s, 4 s, … 12 attempts: a little over an hour of patience in all). A batch is
 * several hundred kB, so only the last 100 finished jobs are kept (for a look with a queue UI);
 * a batch queued again after a restart is recognised by its job id while it waits or runs, and
 * after that the workers' record store makes it a no-op (ids of closed records are remembered).
 */
export const RECORDS_JOB_OPTIONS: JobsOptions = {
  attempts: 12,
  backoff: { type: 'exponential', delay: 1000 },
  removeOnComplete: { count: 100 },
  removeOnFail: { age: 7 * 24 * 3600, count: 1000 },
};

/**
 * The job id of a batch: a hash of its source, its records and its gaps. `recs` are the records
 * encoded (`encodeRecords`): a record's id already holds a hash of its text, so the text is not
 * hashed a second time.
 */
export function batchJobId(
  source: string,
  records: readonly FramedRecord[],
  recs: EncodedRecords,
  gaps: readonly SeqGap[],
): string {
  const h = createHash('sha1');
  h.update(source);
  h.update('\0');
  const parts = records.map(
    (r, i) => `${r.where}\0${r.key}\0${r.seq ?? ''}\0${r.time ?? ''}\0${r.endOffset ?? ''}\0${recs[i * ENCODED_RECORD_FIELDS + 1]}\n`,
  );
  h.update(parts.join(''));
  for (const g of gaps) {
    h.update(`gap\0${g.device}\0${g.from}\0${g.to}\0${g.where}\n`);
  }
  return `b-${h.digest('hex')}`;
}

/** Counts and lag of the records queue (throws when Redis does not answer). */
export async function readQueueFigures(queue: Queue, now: number): Promise<QueueFigures> {
  const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'failed', 'completed', 'prioritized');
  let lagSec = 0;
  if ((counts.waiting ?? 0) > 0) {
    const oldest = await queue.getJobs(['waiting'], 0, 0, true);
    const ts = oldest[0]?.timestamp;
    if (typeof ts === 'number') {
      lagSec = Math.max(0, (now - ts) / 1000);
    }
  }
  return {
    waiting: (counts.waiting ?? 0) + (counts.prioritized ?? 0),
    active: counts.active ?? 0,
    delayed: counts.delayed ?? 0,
    failed: counts.failed ?? 0,
    completed: counts.completed ?? 0,
    lagSec,
  };
}

/**
 * The records queue as ingest and `/healthz` use it: commands fail at once while Redis is away.
 * Attach an `error` listener (the caller counts and logs).
 */
export function openProducerQueue(redisUrl: string, queuePrefix: string): Queue {
  return new Queue(RECORDS_QUEUE, { connection: producerConnectionOptions(redisUrl), prefix: queuePrefix });
}
