/**
 * What the leg joiner needs to know of a key's own leg (formats without a session key: the key is
 * the leg's Call-ID): the time of its initial INVITE and its called numbers, read by replaying the
 * leg's messages through the call builder's own `Dialog` (the same numbers and times `analyze`
 * joins on). Pure.
 */
import type { Call } from '../calls/call';
import { Dialog } from '../calls/dialog';

export interface LegFacts {
  /** log time of the leg's initial INVITE */
  inviteTime: number;
  /** normalised called numbers (To user, Request-URI user) */
  calledKeys: string[];
}

const SUFFIX_DIGITS = 8;

/**
 * The index bucket of a called number: numbers that can match (`numbersMatch`: equal last 8 digits,
 * or equal when shorter) share one. Only narrows the lookup; the call builder decides.
 */
export function numberBucket(key: string): string {
  return /^\d+$/.test(key) && key.length >= SUFFIX_DIGITS ? key.slice(-SUFFIX_DIGITS) : key;
}

/** The facts of the leg with Call-ID `callId` in these calls, or null (no such leg, no INVITE time, no number). */
export function legFactsOf(calls: readonly Call[], callId: string): LegFacts | null {
  for (const call of calls) {
    for (const leg of call.legs) {
      if (leg.callId !== callId) {
        continue;
      }
      const d = new Dialog(callId);
      for (const m of leg.messages) {
        d.add({ ...m });
      }
      if (d.inviteTime === null || d.calledKeys.length === 0) {
        return null;
      }
      return { inviteTime: d.inviteTime, calledKeys: [...new Set(d.calledKeys)] };
    }
  }
  return null;
}
