import type { Logger } from '../log/logger';

/**
 * A warning that repeats (queue full, garbage from a sender, Redis away): logged at most once per
 * interval, with how many times it happened since the last line. `KeyedWarnings` does the same
 * per key (one file, one sender), for a bounded number of keys.
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

export class KeyedWarnings {
  private readonly byKey = new Map<string, RateLimitedWarning>();
  constructor(
    private readonly intervalMs: number,
    private readonly maxKeys = 10_000,
  ) {}

  warn(key: string, logger: Logger, now: number, obj: object, msg: string): void {
    let w = this.byKey.get(key);
    if (!w) {
      if (this.byKey.size >= this.maxKeys) {
        this.byKey.clear();
      }
      w = new RateLimitedWarning(logger, this.intervalMs);
      this.byKey.set(key, w);
    }
    w.warn(now, obj, msg);
  }
}
