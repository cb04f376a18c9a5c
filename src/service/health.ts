/**
 * What `/healthz` reports: Redis reachable (PING within a second) and the records queue's counts
 * and lag. Redis unreachable → `ok: false` (HTTP 503). Queue counts also refresh the queue gauges
 * of `/metrics`.
 */
import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { QueueFigures, ServiceMetrics } from './metrics';
import { readQueueFigures } from './records-queue';

export interface HealthReport {
  ok: boolean;
  redis: 'ok' | 'unreachable';
  queues: { records: Omit<QueueFigures, 'lagSec' | 'completed'> } | null;
  lagSec: number | null;
  error?: string;
}

export interface HealthCheckOptions {
  /** a fail-fast connection (createProbeConnection) */
  redis: Redis;
  /** the records queue, opened with fail-fast producer options */
  queue: Queue;
  metrics: ServiceMetrics;
  now?: () => number;
  timeoutMs?: number;
}

export class HealthCheck {
  private readonly o: Required<HealthCheckOptions>;

  constructor(opts: HealthCheckOptions) {
    this.o = { ...opts, now: opts.now ?? Date.now, timeoutMs: opts.timeoutMs ?? 1000 };
  }

  async check(): Promise<HealthReport> {
    try {
      await within(this.o.redis.ping(), this.o.timeoutMs);
      const f = await within(readQueueFigures(this.o.queue, this.o.now()), this.o.timeoutMs * 3);
      this.o.metrics.setQueueFigures(f);
      return {
        ok: true,
        redis: 'ok',
        queues: { records: { waiting: f.waiting, active: f.active, delayed: f.delayed, failed: f.failed } },
        lagSec: Math.round(f.lagSec * 1000) / 1000,
      };
    } catch (err) {
      this.o.metrics.errors.inc({ kind: 'redis' });
      return { ok: false, redis: 'unreachable', queues: null, lagSec: null, error: String(err) };
    }
  }
}

function within<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Redis did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}
