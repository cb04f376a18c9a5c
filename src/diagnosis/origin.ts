/**
 * Who generated the final failure of a call that was not answered, seen through the B2BUA:
 *
 *   carrier → SBC 486, then SBC → Teams 486   passed through: the carrier's answer decides
 *   SBC → Teams 403, no INVITE to the carrier  the SBC refused by itself (only when the session key
 *                                              proves that no other leg exists, and no records are lost)
 *   SBC → carrier INVITE ×7, no answer,        the carrier never answered: the SBC gave up
 *     then SBC → Teams 408
 *   Teams → SBC 403 (single Teams leg)         Teams answered it
 */
import type { PeerKind } from '../calls/call';
import type { CallFacts, LegFacts, MsgRef } from './facts';
import { isSuccessRef } from './facts';

export type OriginKind =
  /** the peer of the deciding leg sent the final response */
  | 'peer'
  /** a callee peer's failure, passed on by the SBC to the caller */
  | 'passed-through'
  /** the SBC answered by itself without asking the other side */
  | 'sbc-generated'
  /** a callee leg never got a final answer; the SBC gave up */
  | 'silent-callee'
  /** the evidence does not show where it came from */
  | 'unseen';

export interface Origin {
  kind: OriginKind;
  /** whose answer it is */
  who: PeerKind | 'sbc' | 'unknown';
  /** the response the caller side got (the final on the caller's leg, or the main leg) */
  shown: MsgRef | null;
  /** the response that decides (a peer's), null when the SBC generated it or nobody answered */
  source: MsgRef | null;
  /** the callee leg that never answered */
  silent: LegFacts | null;
  /** why the origin is unseen */
  why?: string;
}

function isFailure(r: MsgRef | null): r is MsgRef {
  const s = r?.m.sip.status;
  return s !== undefined && s >= 300;
}

function timeOf(r: MsgRef): number {
  return r.m.time ?? Number.POSITIVE_INFINITY;
}

/** Did `r` come before `shown`: by time, or by the position in the log when times disagree. */
function before(r: MsgRef, shown: MsgRef | null): boolean {
  if (!shown) {
    return true;
  }
  if (r.m.time !== null && shown.m.time !== null && r.m.time <= shown.m.time) {
    return true;
  }
  return r.m.order < shown.m.order;
}

/** The latest failure a callee peer sent before the caller got its answer. */
function latestCalleeFailure(callees: LegFacts[], shown: MsgRef | null): MsgRef | null {
  let best: MsgRef | null = null;
  for (const l of callees) {
    for (const r of l.finals) {
      if (r.sender !== 'peer' || !isFailure(r) || !before(r, shown)) {
        continue;
      }
      if (best === null || timeOf(r) >= timeOf(best)) {
        best = r;
      }
    }
  }
  return best;
}

/** Locate the origin of the failure of a call that was not answered. */
export function locateFailure(f: CallFacts): Origin {
  const callerLeg = f.caller;
  if (callerLeg === null) {
    // no leg where the peer called the SBC: decide on the main leg alone
    const leg = f.main;
    const shown = leg?.final ?? null;
    if (!leg || !isFailure(shown)) {
      return { kind: 'unseen', who: 'unknown', shown: null, source: null, silent: null, why: 'no final response in the log' };
    }
    if (shown.sender === 'peer') {
      return { kind: 'peer', who: leg.peer, shown, source: shown, silent: null };
    }
    if (shown.sender === 'sbc') {
      return { kind: 'unseen', who: 'unknown', shown, source: null, silent: null, why: 'the SBC sent the final response but the leg it came from is not in the log' };
    }
    return { kind: 'unseen', who: 'unknown', shown, source: null, silent: null, why: 'the log does not say which side sent the final response' };
  }

  const shown = callerLeg.final;
  const callees = f.legs.filter((l) => l !== callerLeg && l.invite !== null);
  const src = latestCalleeFailure(callees, shown);
  if (src) {
    return { kind: 'passed-through', who: f.legs[src.leg].peer, shown, source: src, silent: null };
  }
  // a callee leg that never got a final answer from its peer
  const silent = callees.find((l) => !l.finals.some((r) => r.sender === 'peer')) ?? null;
  if (silent && !isSuccessRef(silent.final)) {
    return { kind: 'silent-callee', who: silent.peer, shown, source: null, silent };
  }
  if (shown && shown.sender === 'peer') {
    // odd: the caller's own peer answering its INVITE (direction logging wrong); take it as it is
    return { kind: 'peer', who: callerLeg.peer, shown, source: shown, silent: null };
  }
  if (shown && callees.length > 0 && callees.every((l) => l.finals.every((r) => r.sender !== 'peer' || !isFailure(r)) && isSuccessRef(l.final))) {
    // the other side answered 2xx, yet the SBC gave the caller a failure: the SBC decided it
    return { kind: 'sbc-generated', who: 'sbc', shown, source: null, silent: null, why: 'the other side answered, the SBC still refused the caller' };
  }
  if (callees.length === 0) {
    if (f.call.sessionKey !== undefined && f.call.sessionKey !== '') {
      return { kind: 'sbc-generated', who: 'sbc', shown, source: null, silent: null };
    }
    return {
      kind: 'unseen',
      who: 'unknown',
      shown,
      source: null,
      silent: null,
      why: 'the SBC answered the caller, but no other leg of this call is in the log (no session key to prove the SBC never forwarded it)',
    };
  }
  return { kind: 'unseen', who: 'unknown', shown, source: null, silent: null, why: 'the other legs do not show where the failure came from' };
}
