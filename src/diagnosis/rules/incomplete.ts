/**
 * Calls the log does not show enough of:
 *
 *   no INVITE at all (responses or BYE without their request)   unknown, with what is there
 *   an INVITE, no final answer, the log ends                    in-progress
 *   an INVITE, no final answer, the call marked complete         unknown (nothing decides)
 */
import type { CallFacts } from '../facts';
import type { Finding } from './rule';
import { ev, text } from './rule';
import { nextCheckFor } from '../wording';
import { gapNote } from './gaps';
import { cdrRule } from './cdr';

export function noInviteRule(f: CallFacts): Finding | null {
  if (f.legs.some((l) => l.invite !== null)) {
    return null;
  }
  // the SBC's CDR may still tell how it ended
  const byCdr = cdrRule(f);
  if (byCdr) {
    return byCdr;
  }
  const msgs = f.call.legs.reduce((n, l) => n + l.messages.length, 0);
  const first = f.legs.find((l) => l.leg.messages.length > 0);
  const firstRef = first ? { leg: first.index, index: 0, m: first.leg.messages[0], sender: null } : null;
  const gap = gapNote(f);
  const kinds = [...new Set(f.call.legs.flatMap((l) => l.messages.map((m) => (m.sip.kind === 'request' ? m.sip.method : `${m.sip.status ?? '?'}`))))].slice(0, 6);
  return {
    outcome: f.call.complete ? 'failed' : 'in-progress',
    category: f.call.complete ? 'unknown' : 'in-progress',
    owner: 'unknown',
    summary:
      msgs === 0
        ? 'The log holds no SIP message for this call, so nothing can be decided.'
        : `The INVITE that started this call is not in the log (only ${msgs} message${msgs === 1 ? '' : 's'}: ${kinds.join(', ')}), so how it ended cannot be decided.`,
    nextCheck: 'read the log from before this point (an earlier file, or records lost in transport)',
    evidence: [...ev(firstRef, 'first message seen'), ...(gap ? [text(gap)] : [])],
    deciding: firstRef,
  };
}

export function inProgressRule(f: CallFacts): Finding | null {
  if (f.answered) {
    return null;
  }
  const inv = f.caller?.invite ?? f.main?.invite ?? null;
  const gap = gapNote(f);
  if (!f.call.complete) {
    return {
      outcome: 'in-progress',
      category: 'in-progress',
      owner: 'unknown',
      summary: 'The call had no final answer yet when the log ends.',
      nextCheck: nextCheckFor('in-progress', 'unknown'),
      evidence: [...ev(inv), ...(gap ? [text(gap)] : [])],
      deciding: inv,
    };
  }
  return {
    category: 'unknown',
    owner: 'unknown',
    summary: `The call ended without a final answer that explains it${gap ? '; records are missing around it' : ''}.`,
    nextCheck: nextCheckFor('unknown', 'unknown'),
    evidence: [...ev(inv), ...(gap ? [text(gap)] : [])],
    deciding: inv,
  };
}
