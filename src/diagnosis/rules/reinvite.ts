/**
 * A re-INVITE/UPDATE refused on an established call, and the call ended right after it:
 *
 *   SBC → Teams re-INVITE (c=0.0.0.0), Teams → SBC 488 (531052), BYE 2 s later   codec-mismatch, sbc
 *
 * A refused re-INVITE after which the call goes on (491 glare, a 488 to a hold attempt) is normal and
 * left to answered.ts.
 */
import type { CallFacts } from '../facts';
import type { Owner } from '../verdict';
import type { Finding } from './rule';
import { ev } from './rule';
import { classifyFailure } from '../classify';
import { infoOf } from '../message-info';
import { msCodeFromPhrase, msCodeMeaning } from '../ms-code-rules';
import { nextCheckFor, ownerOf } from '../wording';
import { sideName } from '../evidence';
import { codecList, sdpOf } from './sdp';

/** The BYE must follow the refusal within this time to count as its consequence. */
const FOLLOW_MS = 10_000;

export function reinviteFailureRule(f: CallFacts): Finding | null {
  if (!f.answered) {
    return null;
  }
  for (const l of f.legs) {
    for (const re of l.reinvites) {
      const fin = re.final;
      const status = fin?.m.sip.status;
      if (!fin || status === undefined || status < 300 || status === 491 || status === 408 || status === 481) {
        continue;
      }
      const bye = f.legs
        .map((x) => x.bye)
        .find((b) => b !== null && b.m.time !== null && fin.m.time !== null && b.m.time >= fin.m.time && b.m.time - fin.m.time <= FOLLOW_MS);
      if (!bye) {
        continue;
      }
      const i = infoOf(fin.m);
      const code = i.msCode ?? msCodeFromPhrase(i.msPhrase);
      const ms = code === null ? null : msCodeMeaning(code, i.msPhrase, status);
      const category = ms?.category ?? classifyFailure(status, i.q850?.cause ?? null, false).category;
      const requester: Owner = re.request.sender === 'sbc' ? 'sbc' : re.request.sender === 'peer' ? ownerOf(l.peer) : 'unknown';
      const owner: Owner = ms && ms.owner !== 'sbc-side' && ms.owner !== 'user' ? ms.owner : requester;
      const offer = sdpOf(re.request.m);
      const peer = sideName(l.peer);
      const what = re.request.m.sip.method === 'INVITE' ? 're-INVITE' : re.request.m.sip.method;
      const from = re.request.sender === 'sbc' ? `The SBC's ${what}` : `The ${peer} side's ${what}`;
      return {
        category,
        owner,
        summary: `${from} on the established call${offer ? ` (SDP: ${codecList(offer)}${offer.connection === '0.0.0.0' ? ', c=0.0.0.0' : ''})` : ''} was refused with ${status} ${fin.m.sip.reasonPhrase ?? ''}${code ? ` (Microsoft ${code}${ms ? `: ${ms.note}` : ''})` : ''}, and the call ended right after.`.replace(/ +\(/g, ' ('),
        nextCheck: nextCheckFor(category, owner),
        evidence: [...ev(fin), ...ev(re.request), ...ev(bye)],
        deciding: fin,
        msCode: code,
      };
    }
  }
  return null;
}
