/**
 * A BullMQ Worker on the records queue, with the Job Scheduler that adds a sweep job every few
 * seconds (`upsertJobScheduler`: every worker upserts the same scheduler, so there is one). Its
 * connections wait for Redis (`maxRetriesPerRequest: null`); `stop` lets active jobs finish
 * (`worker.close()`); a job cut short by a crash is found stalled and run again by another worker.
 */
import { Queue, Worker } from 'bullmq';
import type { Logger } from '../log/logger';
import type { ServiceMetrics } from './metrics';
import { JOB_SWEEP, RECORDS_QUEUE, SWEEP_SCHEDULER_ID } from './queue-names';
import type { RecordsProcessor } from './records-processor';
import { workerConnectionOptions } from './redis-connections';
import type { ServicePart } from './service-part';

export interface WorkerPartOptions {
  redisUrl: string;
  /** BullMQ key prefix */
  queuePrefix: string;
  processor: RecordsProcessor;
  metrics: ServiceMetrics;
  logger: Logger;
  /** jobs one process works on at once (they wait on Redis much of the time); default 4 */
  concurrency?: number;
  /** how often the sweep runs, ms (default 2000) */
  sweepEveryMs?: number;
  /**
   * how long a job stays locked to this worker without a renewal (BullMQ default 30 s): a worker
   * that dies holding a job hands it over after about this long (also the stalled-check interval)
   */
  lockDurationMs?: number;
}

export class WorkerPart implements ServicePart {
  readonly name = 'records-worker';
  private worker: Worker | null = null;
  private schedulerQueue: Queue | null = null;
  private lastErrorLog = 0;

  constructor(private readonly o: WorkerPartOptions) {}

  async start(): Promise<void> {
    const connection = workerConnectionOptions(this.o.redisUrl);
    const queue = new Queue(RECORDS_QUEUE, { connection, prefix: this.o.queuePrefix });
    queue.on('error', (err) => this.onError('scheduler', err));
    this.schedulerQueue = queue;
    await queue.upsertJobScheduler(
      SWEEP_SCHEDULER_ID,
      { every: this.o.sweepEveryMs ?? 2000 },
      { name: JOB_SWEEP, data: { v: 1 }, opts: { removeOnComplete: true, removeOnFail: 100 } },
    );
    const worker = new Worker(RECORDS_QUEUE, this.o.processor, {
      connection,
      prefix: this.o.queuePrefix,
      concurrency: this.o.concurrency ?? 4,
      autorun: false,
      ...(this.o.lockDurationMs ? { lockDuration: this.o.lockDurationMs, stalledInterval: this.o.lockDurationMs } : {}),
    });
    worker.on('error', (err) => this.onError('worker', err));
    worker.on('completed', (job) => this.o.metrics.jobs.inc({ name: job.name, result: 'completed' }));
    worker.on('failed', (job, err) => {
      this.o.metrics.jobs.inc({ name: job?.name ?? '?', result: 'failed' });
      this.o.metrics.errors.inc({ kind: 'job_failed' });
      this.o.logger.warn(
        { jobId: job?.id, name: job?.name, attempts: job?.attemptsMade, err: err.message },
        'job failed (retried with backoff unless unrecoverable)',
      );
    });
    this.worker = worker;
    void worker.run().catch((err: unknown) => this.onError('worker', err));
    await worker.waitUntilReady();
  }

  async stop(): Promise<void> {
    const w = this.worker;
    const q = this.schedulerQueue;
    this.worker = null;
    this.schedulerQueue = null;
    await w?.close();
    await q?.close();
  }

  private onError(where: string, err: unknown): void {
    this.o.metrics.errors.inc({ kind: 'redis' });
    const now = Date.now();
    if (now - this.lastErrorLog > 10_000) {
      this.lastErrorLog = now;
      this.o.logger.warn({ where, err: String(err) }, 'Redis trouble in the worker; it waits and reconnects (once per 10 s)');
    }
  }
}
