/**
 * CANCEL before the answer:
 *
 *   carrier → SBC CANCEL, SBC → carrier 487                    caller-cancelled, user
 *   CANCEL with Reason SIP;cause=200 "Call completed elsewhere" completed-elsewhere, user
 *     (or Microsoft 540200 on the CANCEL or the 487)
 *   SBC → callee CANCEL with no CANCEL from the caller:         the SBC gave up by itself:
 *     after ringing → no-answer (user); without → no-response (the callee's side)
 */
import type { CallFacts, LegFacts, MsgRef } from '../facts';
import type { Finding } from './rule';
import { ev, text } from './rule';
import { infoOf } from '../message-info';
import { msCodeFromPhrase } from '../ms-code-rules';
import { nextCheckFor, ownerOf } from '../wording';
import { gapNote } from './gaps';

function secondsBetween(a: MsgRef | null, b: MsgRef | null): string | null {
  if (!a || !b || a.m.time === null || b.m.time === null) {
    return null;
  }
  return `${((b.m.time - a.m.time) / 1000).toFixed(1)} s`;
}

/** The Microsoft code on any of the messages, when one was given. */
function codeOn(refs: (MsgRef | null)[]): string | null {
  for (const r of refs) {
    if (r) {
      const i = infoOf(r.m);
      const code = i.msCode ?? msCodeFromPhrase(i.msPhrase);
      if (code !== null) {
        return code;
      }
    }
  }
  return null;
}

function elsewhere(r: MsgRef | null): boolean {
  if (!r) {
    return false;
  }
  const i = infoOf(r.m);
  if (i.sipReason?.cause === 200) {
    return true;
  }
  const code = i.msCode ?? msCodeFromPhrase(i.msPhrase);
  return code === '540200';
}

function callerName(l: LegFacts): string {
  return l.peer === 'teams' ? 'The caller (a Teams user)' : l.peer === 'carrier' ? 'The caller (PSTN side)' : 'The caller';
}

export function cancelRule(f: CallFacts): Finding | null {
  if (f.answered) {
    return null;
  }
  const callerLeg = f.caller ?? (f.legs.length === 1 ? f.legs[0] : null);
  const callerCancel = callerLeg?.cancel && callerLeg.cancel.sender !== 'sbc' ? callerLeg.cancel : null;
  const forwarded = f.legs.map((l) => l.cancel).find((c): c is MsgRef => c !== null && c.sender === 'sbc') ?? null;

  const earlierFailure = callerLeg?.final && callerLeg.final.m.sip.status !== 487 && callerCancel && (callerLeg.final.m.time ?? 0) < (callerCancel.m.time ?? 0);
  if (callerCancel && callerLeg && !earlierFailure) {
    const terminated = callerLeg.finals.find((r) => r.m.sip.status === 487) ?? null;
    const calleeLeg = f.legs.find((l) => l !== callerLeg && l.invite !== null) ?? null;
    const callee487 = calleeLeg?.finals.find((r) => r.m.sip.status === 487) ?? null;
    if (elsewhere(callerCancel) || elsewhere(forwarded) || elsewhere(terminated) || elsewhere(callee487)) {
      return {
        outcome: 'cancelled',
        category: 'completed-elsewhere',
        owner: 'user',
        summary: 'The call was answered on another device or fork, so this leg was cancelled (Reason SIP;cause=200 "Call completed elsewhere").',
        nextCheck: nextCheckFor('completed-elsewhere', 'user'),
        evidence: [...ev(callerCancel), ...ev(forwarded, 'passed on'), ...ev(terminated)],
        deciding: callerCancel,
        msCode: codeOn([callerCancel, forwarded, terminated, callee487]),
      };
    }
    const ringFor = secondsBetween(callerLeg.invite, callerCancel);
    const ringing = callerLeg.ringing || (calleeLeg?.ringing ?? false);
    return {
      outcome: 'cancelled',
      category: 'caller-cancelled',
      owner: 'user',
      summary: `${callerName(callerLeg)} hung up before the call was answered${ringFor ? ` (CANCEL ${ringFor} after the INVITE${ringing ? ', while it rang' : ''})` : ''}.`,
      nextCheck: nextCheckFor('caller-cancelled', 'user'),
      evidence: [...ev(callerCancel), ...ev(forwarded, 'passed on'), ...ev(terminated), ...ev(callee487)],
      deciding: callerCancel,
    };
  }

  if (forwarded && f.caller) {
    // the SBC cancelled a callee leg by itself (its no-answer timer, or failing over)
    const leg = f.legs[forwarded.leg];
    if (leg.finals.some((r) => r.sender === 'peer' && r.m.sip.status !== 487)) {
      return null; // the callee answered with a real failure first: final-response decides
    }
    const shown = f.caller.final;
    const gap = gapNote(f);
    const lasted = secondsBetween(leg.invite, forwarded);
    if (leg.ringing) {
      return {
        outcome: shown ? 'failed' : 'cancelled',
        category: 'no-answer',
        owner: 'user',
        summary: `The call rang without answer; the SBC gave up and cancelled it${lasted ? ` after ${lasted}` : ''}${shown ? ` and sent ${shown.m.sip.status} to the caller` : ''}.`,
        nextCheck: 'nothing to fix unless calls should ring longer: check the SBC\'s no-answer timer and the callee\'s voicemail/forwarding',
        evidence: [...ev(forwarded), ...ev(leg.provisional.find((r) => r.m.sip.status === 180 || r.m.sip.status === 183)), ...ev(shown)],
        deciding: forwarded,
      };
    }
    return {
      outcome: 'failed',
      category: 'no-response',
      owner: gap ? 'unknown' : ownerOf(leg.peer),
      summary: `The SBC cancelled its INVITE to the ${leg.peer === 'teams' ? 'Teams side' : 'carrier side'} after no ringing or answer${lasted ? ` for ${lasted}` : ''}.${gap ? ' Records are missing, so the answer may have been lost.' : ''}`,
      nextCheck: nextCheckFor('no-response', ownerOf(leg.peer)),
      evidence: [...ev(forwarded), ...ev(leg.lastInvite), ...ev(shown), ...(gap ? [text(gap)] : [])],
      deciding: forwarded,
    };
  }
  return null;
}
