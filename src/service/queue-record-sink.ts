/**
 * The ingest → queue hand-over: a RecordSink that writes each batch of framed records as ONE Redis
 * value (its records encoded here once: src/store/record-batch.ts) and adds ONE small job pointing
 * at it to the records queue (src/service/job-data.ts v3). `push` resolves only when Redis has both
 * (durably queued, so the tailer may store its offset), and rejects with QueueUnavailableError at
 * once when Redis is away (the producer connection has no offline queue): the tailer then stops
 * reading and retries later. The batch is written before the job, so a job never points at
 * nothing; a batch written by a process that died before adding its job is written (NX: kept as
 * it is) and queued again when the same records are read again after the restart, and otherwise
 * expires (RECORD_BATCH_TTL_MS).
 */
import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { QueueUnavailableError } from '../errors';
import type { RecordBatch, RecordSink } from '../ingest/record-sink';
import type { Logger } from '../log/logger';
import { JOB_RECORDS } from './queue-names';
import { encodeRecords } from '../store/open-calls';
import { encodeRecordBatch, putRecordBatch, recordBatchKey } from '../store/record-batch';
import { RECORDS_JOB_VERSION, type RecordsJobData } from './job-data';
import type { ServiceMetrics } from './metrics';
import { RECORDS_JOB_OPTIONS, batchJobId } from './records-queue';

export interface QueueRecordSinkOptions {
  queue: Queue;
  /**
   * where the records batches are written (a connection that fails at once while Redis is away:
   * `createProducerConnection`)
   */
  batches: Redis;
  /** the service prefix (`servicePrefixes(p).open`): batch values are written under `<prefix>:batch:` */
  prefix: string;
  metrics: ServiceMetrics;
  logger: Logger;
  /** the clock (UTC ms), injected for tests */
  now?: () => number;
  /** give up on one add after this long (default 10 s) */
  timeoutMs?: number;
}

export class QueueRecordSink implements RecordSink {
  private readonly queue: Queue;
  private readonly batches: Redis;
  private readonly prefix: string;
  private readonly metrics: ServiceMetrics;
  private readonly logger: Logger;
  private readonly now: () => number;
  private readonly timeoutMs: number;
  private lastWarn = 0;

  constructor(opts: QueueRecordSinkOptions) {
    this.queue = opts.queue;
    this.batches = opts.batches;
    this.prefix = opts.prefix;
    this.metrics = opts.metrics;
    this.logger = opts.logger;
    this.now = opts.now ?? Date.now;
    this.timeoutMs = opts.timeoutMs ?? 10_000;
  }

  async push(batch: RecordBatch): Promise<void> {
    if (batch.records.length === 0 && batch.gaps.length === 0) {
      return;
    }
    const recs = encodeRecords(batch.records);
    const jobId = batchJobId(batch.source, batch.records, recs, batch.gaps);
    const batchKey = recs.length > 0 ? recordBatchKey(this.prefix, jobId) : undefined;
    const data: RecordsJobData = {
      v: RECORDS_JOB_VERSION,
      source: batch.source,
      batch: batchKey,
      records: batch.records.length,
      gaps: batch.gaps,
      queuedAt: this.now(),
    };
    const queue = async (): Promise<void> => {
      if (batchKey !== undefined) {
        await putRecordBatch(this.batches, batchKey, encodeRecordBatch(recs));
      }
      await this.queue.add(JOB_RECORDS, data, { ...RECORDS_JOB_OPTIONS, jobId });
    };
    try {
      await withTimeout(queue(), this.timeoutMs);
    } catch (err) {
      this.metrics.errors.inc({ kind: 'queue_unavailable' });
      const t = this.now();
      if (t - this.lastWarn > 10_000) {
        this.lastWarn = t;
        this.logger.warn(
          { err: String(err), source: batch.source },
          'records queue unavailable: ingest waits and retries (reported once per 10 s)',
        );
      }
      throw new QueueUnavailableError(`could not queue ${batch.records.length} records from ${batch.source}`, err);
    }
    this.metrics.recordsQueued.inc(batch.records.length);
    this.metrics.batchesQueued.inc();
  }
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer from Redis within ${ms} ms`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}
