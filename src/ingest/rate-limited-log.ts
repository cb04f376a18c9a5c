import type { Logger } from '../log/logger';

/**
 * A warning that repeats (queue full, garbage from a sender): logged at most once per interval,
 * with how many times it happened since the last line.
 */
export class RateLimitedWarning {
  private last = -Infinity;
  private suppressed = 0;
  constructor(
    private readonly logger: Logger,
    private readonly intervalMs: number,
  ) {}

  warn(now: number, obj: object, msg: string): void {
    if (now - this.last < this.intervalMs) {
      this.suppressed++;
      return;
    }
    this.logger.warn({ ...obj, repeatsSinceLastLine: this.suppressed }, msg);
    this.last = now;
    this.suppressed = 0;
  }
}
