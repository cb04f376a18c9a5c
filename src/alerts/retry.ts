/** Runs an async step again with exponential backoff (with jitter) until it succeeds or attempts run out. */

export interface RetryOptions {
  attempts: number;
  /** first pause, ms; doubled each time, up to maxDelayMs */
  baseDelayMs: number;
  maxDelayMs: number;
  /** called after each failed attempt */
  onFailure?: (err: unknown, attempt: number) => void;
  sleep?: (ms: number) => Promise<void>;
}

export type RetryResult<T> = { ok: true; value: T } | { ok: false; error: unknown; attempts: number };

export const defaultSleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export async function withRetry<T>(step: () => Promise<T>, o: RetryOptions): Promise<RetryResult<T>> {
  const sleep = o.sleep ?? defaultSleep;
  let last: unknown = null;
  for (let attempt = 1; attempt <= o.attempts; attempt++) {
    try {
      return { ok: true, value: await step() };
    } catch (err) {
      last = err;
      o.onFailure?.(err, attempt);
      if (attempt < o.attempts) {
        const d = Math.min(o.maxDelayMs, o.baseDelayMs * Math.pow(2, attempt - 1));
        await sleep(d / 2 + (Math.random() * d) / 2);
      }
    }
  }
  return { ok: false, error: last, attempts: o.attempts };
}
