/**
 * A per-user limit on questions: at most `perMinute` in any sliding minute. Pure: the caller
 * passes `now`. Memory stays bounded: users idle for a minute are forgotten on the next check.
 */
const WINDOW_MS = 60_000;

export class RateLimiter {
  private readonly hits = new Map<string, number[]>();
  private lastSweep = 0;

  constructor(private readonly perMinute: number) {}

  /** Counts one question of `user`; false when the user is over the limit (the question is not counted). */
  allow(user: string, now: number): boolean {
    this.sweep(now);
    const recent = (this.hits.get(user) ?? []).filter((t) => t > now - WINDOW_MS);
    if (recent.length >= this.perMinute) {
      this.hits.set(user, recent);
      return false;
    }
    recent.push(now);
    this.hits.set(user, recent);
    return true;
  }

  private sweep(now: number): void {
    if (now - this.lastSweep < WINDOW_MS) {
      return;
    }
    this.lastSweep = now;
    for (const [user, times] of this.hits) {
      if (times.every((t) => t <= now - WINDOW_MS)) {
        this.hits.delete(user);
      }
    }
  }
}
