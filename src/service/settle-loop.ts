/**
 * Runs in every worker process: rebuilds and stores the calls whose keys have settled (see
 * settle-queue.ts), polling every `pollMs` while there is nothing due and going on at once while
 * there is. Redis trouble: counted, logged once per 10 s, retried after a second.
 */
import type { Logger } from '../log/logger';
import type { CallFinalizer } from './call-finalizer';
import type { ServiceMetrics } from './metrics';
import type { ServicePart } from './service-part';

export interface SettleLoopOptions {
  finalizer: CallFinalizer;
  metrics: ServiceMetrics;
  logger: Logger;
  pollMs?: number;
  /** keys taken per round and rebuilt at once */
  batch?: number;
  parallel?: number;
}

export class SettleLoop implements ServicePart {
  readonly name = 'settle-loop';
  private running: Promise<void> | null = null;
  private stopping = false;
  private wake: (() => void) | null = null;
  private lastWarn = 0;

  constructor(private readonly o: SettleLoopOptions) {}

  async start(): Promise<void> {
    this.stopping = false;
    this.running = this.loop();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.wake?.();
    await this.running;
    this.running = null;
  }

  private async loop(): Promise<void> {
    const batch = this.o.batch ?? 200;
    while (!this.stopping) {
      let pause = this.o.pollMs ?? 100;
      try {
        const r = await this.o.finalizer.settle(Date.now(), batch, this.o.parallel ?? batch);
        if (r.keys >= batch) {
          pause = 0;
        }
      } catch (err) {
        this.o.metrics.errors.inc({ kind: 'redis' });
        const now = Date.now();
        if (now - this.lastWarn > 10_000) {
          this.lastWarn = now;
          this.o.logger.warn({ err: String(err) }, 'rebuilding settled calls failed; retrying (reported once per 10 s)');
        }
        pause = 1000;
      }
      if (pause > 0 && !this.stopping) {
        await new Promise<void>((resolve) => {
          const t = setTimeout(resolve, pause);
          this.wake = () => {
            clearTimeout(t);
            resolve();
          };
        });
        this.wake = null;
      }
    }
  }
}
