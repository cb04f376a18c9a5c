/**
 * Final response → category, from the SIP status refined by the Q.850 cause (design §4):
 *
 *   486 / 600 / Q.850 17            → busy          (486 + cause 34 from Teams is busy too: NICC ND1017)
 *   480 or 408 after ringing, 18/19 → no-answer
 *   480 without ringing, 20/31      → callee-unavailable
 *   603, 21 with 603                → declined
 *   404 / 484 / 604 / 410, 1/3/28   → not-found
 *   403 / 402, 21                   → forbidden
 *   401 / 407                       → auth-failure
 *   488 / 606 / 415                 → codec-mismatch
 *   408 / 504, 102                  → no-response
 *   503, 34/38/41/42/47             → trunk-unavailable
 *   other 5xx                       → server-error
 *   400/420/422/… (the request was refused as malformed or unsupported): no category of its own →
 *   `unknown`, owner = the side that sent the request (see `REQUEST_FAULT`).
 */
import type { Category } from './verdict';

/** Statuses that say the refused request itself was wrong: the sender of the request must act. */
export const REQUEST_FAULT: ReadonlySet<number> = new Set([
  400, 405, 413, 414, 416, 420, 421, 422, 423, 428, 429, 470, 481, 482, 483, 485, 491, 493, 505, 513,
]);

const TRUNK_CAUSES = new Set([34, 38, 41, 42, 44, 47, 58, 88]);

export interface Classified {
  category: Category;
  /** the cause is a state of the callee (busy, not answering, declined, absent): owner `user` */
  userState: boolean;
}

function byStatus(status: number, ringing: boolean): Classified {
  switch (status) {
    case 486:
    case 600:
      return { category: 'busy', userState: true };
    case 603:
      return { category: 'declined', userState: true };
    case 480:
      return ringing ? { category: 'no-answer', userState: true } : { category: 'callee-unavailable', userState: false };
    case 408:
      return ringing ? { category: 'no-answer', userState: true } : { category: 'no-response', userState: false };
    case 404:
    case 484:
    case 604:
    case 410:
      return { category: 'not-found', userState: false };
    case 403:
    case 402:
      return { category: 'forbidden', userState: false };
    case 401:
    case 407:
      return { category: 'auth-failure', userState: false };
    case 488:
    case 606:
    case 415:
      return { category: 'codec-mismatch', userState: false };
    case 504:
      return { category: 'no-response', userState: false };
    case 503:
      return { category: 'trunk-unavailable', userState: false };
    default:
      break;
  }
  if (REQUEST_FAULT.has(status)) {
    return { category: 'unknown', userState: false };
  }
  if (status >= 500 && status < 600) {
    return { category: 'server-error', userState: false };
  }
  return { category: 'unknown', userState: false };
}

/** Category of a final failure response. `cause` is the Q.850 cause when the response had one. */
export function classifyFailure(status: number, cause: number | null, ringing: boolean): Classified {
  const base = byStatus(status, ringing);
  // the status decides for these: the cause only repeats or (Teams' 486 + 34) maps differently
  if ([486, 600, 488, 606, 415, 401, 407, 487].includes(status) || REQUEST_FAULT.has(status) || cause === null) {
    return base;
  }
  if (cause === 17) {
    return { category: 'busy', userState: true };
  }
  if (cause === 18 || cause === 19) {
    return { category: 'no-answer', userState: true };
  }
  if (cause === 20) {
    return { category: 'callee-unavailable', userState: true };
  }
  if (cause === 21) {
    // "call rejected": by the user with 603, by policy with 403; other statuses keep their meaning
    return base;
  }
  if (cause === 1 || cause === 3 || cause === 28) {
    return { category: 'not-found', userState: false };
  }
  if (cause === 102) {
    return { category: 'no-response', userState: false };
  }
  if (TRUNK_CAUSES.has(cause) && (status >= 500 || status === 480)) {
    return { category: 'trunk-unavailable', userState: false };
  }
  return base;
}
