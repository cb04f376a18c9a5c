/** Retry delays for a sink or store that is away: doubling from `minMs` up to `maxMs`. */
export interface BackoffOptions {
  minMs: number;
  maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { minMs: 100, maxMs: 5000 };

/** delay before retry number `attempt` (1 = the first retry) */
export function backoffDelay(attempt: number, opts: BackoffOptions = DEFAULT_BACKOFF): number {
  const exp = Math.min(30, Math.max(0, attempt - 1));
  return Math.min(opts.maxMs, opts.minMs * 2 ** exp);
}

/** Waits `ms`, or less when `signal` aborts; resolves false when aborted. */
export function sleep(ms: number, signal?: AbortSignal): Promise<boolean> {
  if (signal?.aborted) {
    return Promise.resolve(false);
  }
  return new Promise((resolve) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
