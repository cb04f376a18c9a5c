/**
 * The daily digest on a BullMQ Job Scheduler: `upsertJobScheduler` with a cron pattern for
 * SIPSLEUTH_DIGEST_TIME and `tz` = SIPSLEUTH_DIGEST_TZ, under a fixed scheduler id, so however many
 * instances start it there is one schedule and one job per day (BullMQ's job id is the scheduler
 * id and the time). The job reports on the local day before its scheduled time. An empty
 * SIPSLEUTH_DIGEST_TIME removes the schedule. Failed jobs are retried with exponential backoff.
 */
import { Queue, Worker, type Job, type RedisOptions } from 'bullmq';
import type { Logger } from '../log/logger';
import { yesterday } from '../stats/local-day';

export const DIGEST_QUEUE = 'sipsleuth-digest';
export const DIGEST_SCHEDULER_ID = 'sipsleuth-daily-digest';
export const JOB_DIGEST = 'digest';

export interface DigestJobData {
  v: 1;
  /** a fixed date, for a digest added by hand */
  date?: string;
}

/** `08:00` → `0 8 * * *`; null for an empty time (digest off). */
export function digestCron(time: string): string | null {
  const m = /^(\d{2}):(\d{2})$/.exec(time);
  return m ? `${Number(m[2])} ${Number(m[1])} * * *` : null;
}

export interface DigestSchedulerOptions {
  connection: RedisOptions;
  /** BullMQ key prefix */
  queuePrefix: string;
  /** cron pattern (digestCron), or null to remove the schedule */
  pattern: string | null;
  tz: string;
  /** builds and posts the digest of `date`; throws to have the job retried */
  run: (date: string, job: Job<DigestJobData>) => Promise<void>;
  logger: Logger;
  attempts?: number;
  backoffMs?: number;
}

/** When a scheduler's job was due (its scheduled time), else when it was added. */
export function scheduledAt(job: Job): number {
  const prev = (job.opts as { prevMillis?: number }).prevMillis;
  return typeof prev === 'number' && prev > 0 ? prev : job.timestamp + (job.opts.delay ?? 0);
}

export class DigestScheduler {
  readonly name = 'digest-scheduler';
  private queue: Queue<DigestJobData> | null = null;
  private worker: Worker<DigestJobData> | null = null;

  constructor(private readonly o: DigestSchedulerOptions) {}

  async start(): Promise<void> {
    const queue = new Queue<DigestJobData>(DIGEST_QUEUE, { connection: this.o.connection, prefix: this.o.queuePrefix });
    queue.on('error', (err) => this.o.logger.warn({ err: String(err) }, 'digest queue: Redis trouble'));
    this.queue = queue;
    if (this.o.pattern === null) {
      await queue.removeJobScheduler(DIGEST_SCHEDULER_ID);
      this.o.logger.info({}, 'daily digest off (SIPSLEUTH_DIGEST_TIME is empty)');
      return;
    }
    await queue.upsertJobScheduler(
      DIGEST_SCHEDULER_ID,
      { pattern: this.o.pattern, tz: this.o.tz },
      {
        name: JOB_DIGEST,
        data: { v: 1 },
        opts: {
          attempts: this.o.attempts ?? 6,
          backoff: { type: 'exponential', delay: this.o.backoffMs ?? 60_000 },
          removeOnComplete: 30,
          removeOnFail: 100,
        },
      },
    );
    const worker = new Worker<DigestJobData>(
      DIGEST_QUEUE,
      async (job) => {
        const date = job.data.date ?? yesterday(scheduledAt(job), this.o.tz);
        await this.o.run(date, job);
        return { date };
      },
      { connection: this.o.connection, prefix: this.o.queuePrefix, concurrency: 1 },
    );
    worker.on('error', (err) => this.o.logger.warn({ err: String(err) }, 'digest worker: Redis trouble'));
    worker.on('failed', (job, err) =>
      this.o.logger.error({ jobId: job?.id, attempts: job?.attemptsMade, err: err.message }, 'digest job failed (retried with backoff while attempts remain)'),
    );
    this.worker = worker;
    await worker.waitUntilReady();
  }

  async stop(): Promise<void> {
    const w = this.worker;
    const q = this.queue;
    this.worker = null;
    this.queue = null;
    await w?.close();
    await q?.close();
  }
}
