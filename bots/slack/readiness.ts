/**
 * What the Slack bot waits on, done in the background so that `start()` never waits on Slack:
 *
 * - `retryInBackground`: runs an attempt (auth.test, or opening the Socket Mode connection) until
 *   it succeeds; an error that may pass (Slack out of reach, 5xx, rate limits, a 30-minute Web API
 *   retry policy running out) is tried again after a growing pause (`againAfterMs`, doubled up to
 *   `maxAgainAfterMs`); a final refusal (`isFinalRefusal`) ends the attempts. `stop()` cancels the
 *   pause; an attempt under way ends on its own (its client's retry policy and timeout).
 * - `isFinalRefusal`: the errors Slack gives for a token that will not work until someone changes it.
 */

/** Slack's answers to a token that will not work until it is changed (@slack/socket-mode's list, and more). */
const FINAL_REFUSALS = new Set([
  'invalid_auth',
  'not_authed',
  'account_inactive',
  'token_revoked',
  'token_expired',
  'user_removed_from_team',
  'team_disabled',
  'not_allowed_token_type',
]);

/** The Slack error code of a Web API platform error (`{ok:false, error}`), if it is one. */
export function slackErrorCode(e: unknown): string | undefined {
  const data = typeof e === 'object' && e !== null && 'data' in e ? (e as { data?: unknown }).data : undefined;
  const code = typeof data === 'object' && data !== null && 'error' in data ? (data as { error?: unknown }).error : undefined;
  return typeof code === 'string' ? code : undefined;
}

export function isFinalRefusal(e: unknown): boolean {
  return FINAL_REFUSALS.has(slackErrorCode(e) ?? '');
}

export interface BackgroundRetryOptions {
  /** pause after the first failure that may pass, ms; doubled after each further one */
  againAfterMs: number;
  maxAgainAfterMs: number;
  /** each failure that may pass, with the pause before the next attempt */
  onRetry: (err: unknown, pauseMs: number) => void;
  /** a final refusal: no further attempt */
  onRefused: (err: unknown) => void;
}

export interface BackgroundRetry {
  /** resolves when the attempts end: success, refusal or stop */
  readonly done: Promise<'ok' | 'refused' | 'stopped'>;
  /** during a pause: try again now (something showed that Slack is there) */
  now(): void;
  stop(): void;
}

export function retryInBackground(attempt: () => Promise<void>, o: BackgroundRetryOptions): BackgroundRetry {
  let stopped = false;
  let wake: (() => void) | null = null;
  let timer: NodeJS.Timeout | undefined;
  const pause = (ms: number): Promise<void> =>
    new Promise<void>((resolve) => {
      wake = resolve;
      timer = setTimeout(resolve, ms);
      timer.unref();
    }).finally(() => {
      clearTimeout(timer);
      wake = null;
    });
  const run = async (): Promise<'ok' | 'refused' | 'stopped'> => {
    let pauseMs = o.againAfterMs;
    while (!stopped) {
      try {
        await attempt();
        return stopped ? 'stopped' : 'ok';
      } catch (e) {
        if (stopped) {
          break;
        }
        if (isFinalRefusal(e)) {
          o.onRefused(e);
          return 'refused';
        }
        o.onRetry(e, pauseMs);
        await pause(pauseMs);
        pauseMs = Math.min(pauseMs * 2, o.maxAgainAfterMs);
      }
    }
    return 'stopped';
  };
  return {
    done: run(),
    now: () => wake?.(),
    stop: () => {
      stopped = true;
      wake?.();
    },
  };
}
