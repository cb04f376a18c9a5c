/**
 * Conclusions from the flow and its timing rather than from a status code:
 *
 *   SBC → carrier INVITE ×7 over 32 s, nothing back        no-response, carrier
 *   Teams → SBC INVITE ×5 although the SBC sent 100/180     no-response, network (answers don't arrive)
 *   Teams → SBC 200 OK ×7, no ACK from the SBC, BYE         ack-timeout, sbc
 *   SBC → Teams 200 OK ×7, no ACK arrives, BYE              ack-timeout, network
 *   re-INVITE/UPDATE refresh unanswered, then BYE           no-response (session refresh), the silent side
 *   BYE at Session-Expires without any refresh              no-response (session timer), the refresher
 *
 * Rules that conclude from a missing message do not stand when records were lost (gaps.ts).
 */
import type { CallFacts, LegFacts, MsgRef } from '../facts';
import type { Owner } from '../verdict';
import type { Finding } from './rule';
import { ev, memoRule, text } from './rule';
import { isSuccessRef } from '../facts';
import { getHeader, parseSessionExpires } from '../../sip/headers';
import { freeText, infoOf } from '../message-info';
import { msCodeFromPhrase } from '../ms-code-rules';
import { nextCheckFor, ownerOf } from '../wording';
import { sideName } from '../evidence';
import { gapNote } from './gaps';

/** Timer B (64 × T1): an INVITE client transaction gives up after 32 s. */
const TIMER_B_MS = 32_000;

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

function hasGivenUp(f: CallFacts, l: LegFacts): boolean {
  return (
    f.call.complete ||
    l.lastInviteSpanMs >= TIMER_B_MS - 2000 ||
    l.lastInviteCopies >= 7 ||
    (f.caller !== null && f.caller !== l && f.caller.final !== null)
  );
}

/** An INVITE that got no final answer from the other end. */
function noResponse(f: CallFacts): Finding | null {
  if (f.answered) {
    return null;
  }
  const gap = gapNote(f);
  // 1. the SBC's INVITE to a peer that never answered
  for (const l of f.legs) {
    const inv = l.lastInvite;
    if (!inv || inv.sender !== 'sbc' || l.finals.some((r) => r.sender === 'peer') || !hasGivenUp(f, l)) {
      continue;
    }
    if (l.cancel && l.cancel.sender === 'sbc') {
      continue; // cancel.ts decides
    }
    const peer = sideName(l.peer);
    const shown = f.caller && f.caller !== l ? f.caller.final : null;
    if (l.ringing) {
      // it rang and nobody picked up: the SBC's own no-answer timer ended it
      const ring = l.provisional.find((r) => r.m.sip.status === 180 || r.m.sip.status === 183) ?? null;
      return {
        category: 'no-answer',
        owner: 'user',
        summary: `The call rang on the ${peer} side without answer; the SBC gave up${shown ? ` and answered the caller ${shown.m.sip.status}` : ''}.`,
        nextCheck: 'nothing to fix unless calls should ring longer: check the SBC\'s no-answer timer and the callee\'s voicemail/forwarding',
        evidence: [...ev(shown), ...ev(ring), ...ev(inv)],
        deciding: shown ?? ring ?? inv,
      };
    }
    const heard = l.peerAnsweredInvite;
    const owner: Owner = gap ? 'unknown' : ownerOf(l.peer);
    const copies = l.lastInviteCopies > 1 ? `sent ${l.lastInviteCopies} times over ${seconds(l.lastInviteSpanMs)}` : 'sent once';
    const summary = heard
      ? `The ${peer} side acknowledged the INVITE (1xx) but never sent a final answer (INVITE ${copies}).`
      : `The ${peer} side never answered the SBC's INVITE (${copies}; nothing came back, not even 100 Trying).`;
    return {
      category: 'no-response',
      owner,
      summary: `${summary}${shown ? ` The SBC then answered the caller ${shown.m.sip.status}.` : ''}${gap ? ' Records are missing, so an answer may have been lost.' : ''}`,
      nextCheck: nextCheckFor('no-response', owner),
      evidence: [...ev(inv, copies), ...ev(shown, 'sent to the caller after the timeout'), ...(gap ? [text(gap)] : [])],
      deciding: inv,
    };
  }
  // 2. the peer's INVITE to the SBC retransmitted
  for (const l of f.legs) {
    const inv = l.lastInvite;
    if (!inv || inv.sender !== 'peer' || l.lastInviteCopies < 2 || l.final !== null) {
      continue;
    }
    const sbcAnswered = l.leg.messages.some((m, i) => m.sip.kind === 'response' && m.sip.cseq?.method === 'INVITE' && i > inv.index && m.direction === 'out');
    if (!sbcAnswered && !hasGivenUp(f, l)) {
      continue;
    }
    const peer = sideName(l.peer);
    const copies = `received ${l.lastInviteCopies} times over ${seconds(l.lastInviteSpanMs)}`;
    if (sbcAnswered) {
      return {
        category: 'no-response',
        owner: 'network',
        summary: `The ${peer} side kept repeating its INVITE although the SBC answered it: the SBC's responses do not reach the ${peer} side.`,
        nextCheck: 'check the return path from the SBC to the peer: the Via/Record-Route address and port the SBC answers to, NAT and firewall',
        evidence: [...ev(inv, copies)],
        deciding: inv,
      };
    }
    return {
      category: 'no-response',
      owner: gap ? 'unknown' : 'sbc',
      summary: `The SBC never answered the ${peer} side's INVITE (${copies}).${gap ? ' Records are missing, so an answer may have been lost.' : ''}`,
      nextCheck: nextCheckFor('no-response', 'sbc'),
      evidence: [...ev(inv, copies), ...(gap ? [text(gap)] : [])],
      deciding: inv,
    };
  }
  return null;
}

function byeAfter(l: LegFacts, f: CallFacts): MsgRef | null {
  return l.bye ?? f.legs.map((x) => x.bye).find((b): b is MsgRef => b !== null) ?? null;
}

/** A 2xx to the initial INVITE retransmitted with no ACK, then a BYE (Microsoft 1106). */
function ackTimeout(f: CallFacts): Finding | null {
  if (!f.answered) {
    return null;
  }
  for (const l of f.legs) {
    const ok = l.final;
    if (!isSuccessRef(ok) || !ok) {
      continue;
    }
    const bye = byeAfter(l, f);
    // Microsoft's 1106 counts only on a BYE of this leg
    const byeCode = l.bye ? (infoOf(l.bye.m).msCode ?? msCodeFromPhrase(infoOf(l.bye.m).msPhrase)) : null;
    const retransmitted = l.finalCopies >= 3;
    if (!(retransmitted && l.ack === null) && byeCode !== '1106') {
      continue;
    }
    const gap = gapNote(f);
    const peer = sideName(l.peer);
    let owner: Owner;
    let summary: string;
    if (ok.sender === 'peer') {
      owner = 'sbc';
      summary = `The ${peer} side answered, but the SBC never acknowledged its 200 OK (sent ${l.finalCopies} times, no ACK)`;
    } else if (ok.sender === 'sbc') {
      owner = 'network';
      summary = `The SBC answered the ${peer} side, but no ACK for its 200 OK ever arrived (sent ${l.finalCopies} times)`;
    } else {
      owner = 'unknown';
      summary = `The 200 OK on the ${peer} leg was never acknowledged (${l.finalCopies} copies, no ACK)`;
    }
    if (byeCode === '1106' && !(retransmitted && l.ack === null)) {
      owner = 'sbc';
      summary = `Microsoft ended the call because it never received the ACK for its 200 OK (Microsoft 1106)`;
    }
    if (gap) {
      owner = 'unknown';
    }
    const after = bye && ok.m.time !== null && bye.m.time !== null ? ` after ${seconds(bye.m.time - ok.m.time)}` : '';
    summary += bye ? `; the call was ended with BYE${after}.` : '.';
    if (gap) {
      summary += ' Records are missing, so the ACK may have been lost from the log only.';
    }
    return {
      category: 'ack-timeout',
      owner,
      summary,
      nextCheck: nextCheckFor('ack-timeout', owner),
      evidence: [...ev(ok, `${l.finalCopies} copies, no ACK`), ...ev(bye), ...(gap ? [text(gap)] : [])],
      deciding: ok,
      msCode: byeCode,
    };
  }
  return null;
}

/** The nat, codec and Teams media rules ask these again (was the call dropped early?): answered once per call. */
export const noResponseRule = memoRule(noResponse);
export const ackTimeoutRule = memoRule(ackTimeout);

const TIMER_WORDS = ['session timer', 'session-timer', 'session expire', 'session-expire', 'session_expire', 'sessiontimer'];

/** Session timer: a refresh went unanswered, or the session expired without one. */
export function sessionTimerRule(f: CallFacts): Finding | null {
  if (!f.answered) {
    return null;
  }
  for (const l of f.legs) {
    const bye = l.bye;
    if (!bye || !isSuccessRef(l.final) || !l.final) {
      continue;
    }
    // an unanswered (or 408/481) refresh before the BYE
    const failedRefresh = l.reinvites.find(
      (r) =>
        (r.request.m.time === null || bye.m.time === null || r.request.m.time <= bye.m.time) &&
        (r.final === null || r.final.m.sip.status === 408 || r.final.m.sip.status === 481) &&
        (r.final !== null || r.copies >= 2),
    );
    const words = TIMER_WORDS.some((w) => freeText(bye.m).includes(w));
    const se = getHeader(l.final.m.sip, 'session-expires');
    const expires = se === undefined ? null : parseSessionExpires(se);
    const lasted = l.final.m.time !== null && bye.m.time !== null ? bye.m.time - l.final.m.time : null;
    const atExpiry = expires !== null && lasted !== null && Math.abs(lasted - expires.seconds * 1000) <= Math.max(5000, expires.seconds * 100);
    const refreshed = l.reinvites.some((r) => isSuccessRef(r.final));
    if (failedRefresh) {
      const silentSide: Owner = failedRefresh.request.sender === 'sbc' ? ownerOf(l.peer) : failedRefresh.request.sender === 'peer' ? 'sbc' : 'unknown';
      const gap = gapNote(f);
      const owner: Owner = gap ? 'unknown' : silentSide;
      const what = failedRefresh.final ? `answered ${failedRefresh.final.m.sip.status}` : `not answered (sent ${failedRefresh.copies} times)`;
      return {
        category: 'no-response',
        owner,
        summary: `The call dropped after a session refresh (${failedRefresh.request.m.sip.method}) was ${what}; then the call was ended with BYE.`,
        nextCheck: owner === 'sbc' ? 'check the SBC\'s handling of in-dialog re-INVITE/UPDATE (session timer refreshes)' : nextCheckFor('no-response', owner),
        evidence: [...ev(failedRefresh.request, `${failedRefresh.copies} copies`), ...ev(failedRefresh.final), ...ev(bye), ...(gap ? [text(gap)] : [])],
        deciding: failedRefresh.request,
      };
    }
    if ((words || atExpiry) && !refreshed && expires !== null) {
      const refresher = expires.refresher?.toLowerCase();
      const inv = l.lastInvite;
      let owner: Owner = 'unknown';
      if (inv && inv.sender !== null && (refresher === 'uac' || refresher === 'uas')) {
        const uacIsSbc = inv.sender === 'sbc';
        const refresherIsSbc = refresher === 'uac' ? uacIsSbc : !uacIsSbc;
        owner = refresherIsSbc ? 'sbc' : ownerOf(l.peer);
      }
      return {
        category: 'no-response',
        owner,
        summary: `The session timer expired (Session-Expires ${expires.seconds} s${refresher ? `, refresher=${refresher}` : ''}) without a refresh, and the call was ended with BYE${lasted !== null ? ` after ${seconds(lasted)}` : ''}.`,
        nextCheck: 'check session-timer support on the refresher side: it must send a re-INVITE or UPDATE before half of Session-Expires',
        evidence: [...ev(bye), ...ev(l.final, `Session-Expires: ${se ?? ''}`)],
        deciding: bye,
      };
    }
  }
  return null;
}
