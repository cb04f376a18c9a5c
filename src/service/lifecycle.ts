/**
 * Starts parts in dependency order and stops them in reverse. A part that fails to start stops
 * the ones already started (reverse order) and the error is thrown. Stopping never throws: each
 * part gets `stopTimeoutMs`, its failure is logged, and the next part is stopped anyway.
 */
import type { Logger } from '../log/logger';
import type { ServicePart } from './service-part';

export class PartRunner {
  private readonly started: ServicePart[] = [];
  private stopping: Promise<void> | null = null;

  constructor(
    private readonly parts: readonly ServicePart[],
    private readonly logger: Logger,
    private readonly stopTimeoutMs = 30_000,
  ) {}

  async start(): Promise<void> {
    for (const part of this.parts) {
      try {
        await part.start();
      } catch (err) {
        this.logger.error({ part: part.name, err: String(err) }, 'part failed to start; stopping the others');
        await this.stop();
        throw err;
      }
      this.started.push(part);
      this.logger.info({ part: part.name }, 'started');
    }
  }

  /** Stops what was started, in reverse order; safe to call more than once. */
  stop(): Promise<void> {
    if (!this.stopping) {
      this.stopping = this.stopAll();
    }
    return this.stopping;
  }

  private async stopAll(): Promise<void> {
    while (this.started.length > 0) {
      const part = this.started.pop() as ServicePart;
      let timer: NodeJS.Timeout | undefined;
      try {
        await Promise.race([
          part.stop(),
          new Promise<never>((_, reject) => {
            timer = setTimeout(() => reject(new Error(`did not stop within ${this.stopTimeoutMs} ms`)), this.stopTimeoutMs);
          }),
        ]);
        this.logger.info({ part: part.name }, 'stopped');
      } catch (err) {
        this.logger.error({ part: part.name, err: String(err) }, 'part did not stop cleanly');
      } finally {
        clearTimeout(timer);
      }
    }
  }
}
