/**
 * Answered calls that did not fail in a way another rule recognised:
 *
 *   200 OK, ACK, … BYE (any Reason but a media one)    completed, user
 *   200 OK, ACK, and the log ends                      answered, category in-progress: the end is missing
 *
 * Hold and resume (re-INVITEs with sendonly / inactive / c=0.0.0.0) and re-INVITEs answered 491 or
 * 488 on an established call are normal here: they never make an answered call fail.
 */
import type { CallFacts, MsgRef } from '../facts';
import type { Finding } from './rule';
import { ev, text } from './rule';
import { isSuccessRef } from '../facts';
import { infoOf } from '../message-info';
import { nextCheckFor } from '../wording';
import { sideName } from '../evidence';
import { lookupQ850 } from '../catalogue';

function duration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) {
    return `${s} s`;
  }
  const m = Math.floor(s / 60);
  return `${m} min ${s % 60} s`;
}

/** Q.850 causes that end a call in a normal way (normal clearing, user states). */
const NORMAL_Q850 = new Set([16, 17, 18, 19, 20, 21, 31]);

/** `Q.850 cause 41` / `SIP cause 503` when a BYE gives a failure as its reason, else null. */
function abnormalReason(bye: MsgRef): string | null {
  const i = infoOf(bye.m);
  if (i.q850 && i.q850.cause !== null && !NORMAL_Q850.has(i.q850.cause)) {
    const name = lookupQ850(i.q850.cause)?.name;
    return `Q.850 cause ${i.q850.cause}${name ? ` ${name}` : ''}`;
  }
  if (i.sipReason && i.sipReason.cause !== null && i.sipReason.cause >= 400) {
    return `SIP cause ${i.sipReason.cause}${i.sipReason.text ? ` "${i.sipReason.text}"` : ''}`;
  }
  return null;
}

function firstBye(f: CallFacts): MsgRef | null {
  let best: MsgRef | null = null;
  for (const l of f.legs) {
    if (l.bye && (best === null || (l.bye.m.time ?? Infinity) < (best.m.time ?? Infinity))) {
      best = l.bye;
    }
  }
  return best;
}

function answerOf(f: CallFacts): MsgRef | null {
  const order = [f.main, f.caller, ...f.legs];
  for (const l of order) {
    if (l && isSuccessRef(l.final)) {
      return l.final;
    }
  }
  return null;
}

export function answeredRule(f: CallFacts): Finding | null {
  if (!f.answered) {
    return null;
  }
  const ok = answerOf(f);
  const bye = firstBye(f);
  const holds = f.legs.reduce((n, l) => n + l.reinvites.length, 0);
  const reNote = holds > 0 ? ` There were ${holds} re-INVITE/UPDATE exchange${holds === 1 ? '' : 's'} (hold, resume or refresh) on the way, which is normal.` : '';
  if (bye) {
    const who = bye.sender === 'sbc' ? 'the SBC' : bye.sender === 'peer' ? `the ${sideName(f.legs[bye.leg].peer)} side` : 'one side';
    const info = infoOf(bye.m);
    const q = info.q850;
    const lasted = ok && ok.m.time !== null && bye.m.time !== null ? ` after ${duration(bye.m.time - ok.m.time)}` : '';
    const abnormal = abnormalReason(bye);
    if (abnormal) {
      return {
        category: 'unknown',
        owner: 'unknown',
        summary: `The call was answered, then ${who} ended it${lasted} with an abnormal reason (${abnormal}); nothing else in the log explains it.`,
        nextCheck: `ask why ${who} cleared the call with ${abnormal}: look at its logs around this time`,
        evidence: [...ev(bye), ...ev(ok)],
        deciding: bye,
      };
    }
    return {
      category: 'completed',
      owner: 'user',
      summary: `The call was answered and ended normally${lasted}; ${who} hung up (BYE${q?.cause !== null && q?.cause !== undefined ? `, Q.850 cause ${q.cause}` : ''}).${reNote}`,
      nextCheck: nextCheckFor('completed', 'user'),
      evidence: [...ev(bye), ...ev(ok)],
      deciding: bye,
    };
  }
  if (f.call.complete) {
    return {
      category: 'completed',
      owner: 'user',
      summary: `The call was answered and its dialogs ended, but no BYE is in the log.${reNote}`,
      nextCheck: nextCheckFor('completed', 'user'),
      evidence: [...ev(ok)],
      deciding: ok,
    };
  }
  return {
    outcome: 'answered',
    category: 'in-progress',
    owner: 'unknown',
    summary: `The call was answered, but its end is not in this log (it was still up when the log ends, or its BYE was not logged).${reNote}`,
    nextCheck: nextCheckFor('in-progress', 'unknown'),
    evidence: [...ev(ok), text('no BYE in the log after the answer')],
    deciding: ok,
  };
}
