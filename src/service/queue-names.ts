/**
 * Queue, job and scheduler names: the one place they are spelled. Every Redis key of the
 * service starts with the prefix (default `sipsleuth`), so several installations (or tests) can
 * share one Redis.
 */

/** Batches of framed records from ingest (file tailer, syslog listener) to the workers. */
export const RECORDS_QUEUE = 'sipsleuth-records';

/** Job names inside RECORDS_QUEUE. */
export const JOB_RECORDS = 'records';
export const JOB_SWEEP = 'sweep';

/** The Job Scheduler that adds a sweep job every few seconds (finalizes quiet calls). */
export const SWEEP_SCHEDULER_ID = 'sipsleuth-sweep';

export const DEFAULT_PREFIX = 'sipsleuth';

/** Redis key prefix of the BullMQ queues and of the store/open-call keys for one installation. */
export interface ServicePrefixes {
  /** BullMQ's `prefix` option */
  queue: string;
  /** RedisCallStore keys */
  store: string;
  /** open-call records, locks, gaps (OpenCallStore adds `:open:`/`:gaps:`), the settle queue, events */
  open: string;
  /** file offsets of the tailer */
  offsets: string;
}

export function servicePrefixes(prefix: string = DEFAULT_PREFIX): ServicePrefixes {
  return { queue: `${prefix}:bull`, store: `${prefix}:calls`, open: prefix, offsets: prefix };
}
