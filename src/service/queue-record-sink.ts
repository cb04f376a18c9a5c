/**
 * The ingest → queue hand-over: a RecordSink that adds each batch of framed records as ONE job to
 * the records queue, its records encoded here once (key, id, JSON: src/service/job-data.ts v2). `push` resolves only when Redis has the job (durably queued, so the tailer
 * may store its offset), and rejects with QueueUnavailableError at once when Redis is away (the
 * producer connection has no offline queue): the tailer then stops reading and retries later.
 */
import type { Queue } from 'bullmq';
import { QueueUnavailableError } from '../errors';
import type { RecordBatch, RecordSink } from '../ingest/record-sink';
import type { Logger } from '../log/logger';
import { JOB_RECORDS } from './queue-names';
import { encodeRecords } from '../store/open-calls';
import { RECORDS_JOB_VERSION, type RecordsJobData } from './job-data';
import type { ServiceMetrics } from './metrics';
import { RECORDS_JOB_OPTIONS, batchJobId } from './records-queue';

export interface QueueRecordSinkOptions {
  queue: Queue;
  metrics: ServiceMetrics;
  logger: Logger;
  /** the clock (UTC ms), injected for tests */
  now?: () => number;
  /** give up on one add after this long (default 10 s) */
  timeoutMs?: number;
}

export class QueueRecordSink implements RecordSink {
  private readonly queue: Queue;
  private readonly metrics: ServiceMetrics;
  private readonly logger: Logger;
  private readonly now: () => number;
  private readonly timeoutMs: number;
  private lastWarn = 0;

  constructor(opts: QueueRecordSinkOptions) {
    this.queue = opts.queue;
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
    const data: RecordsJobData = {
      v: RECORDS_JOB_VERSION,
      source: batch.source,
      recs,
      gaps: batch.gaps,
      queuedAt: this.now(),
    };
    const jobId = batchJobId(batch.source, batch.records, recs, batch.gaps);
    try {
      await withTimeout(this.queue.add(JOB_RECORDS, data, { ...RECORDS_JOB_OPTIONS, jobId }), this.timeoutMs);
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
