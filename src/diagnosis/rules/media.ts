/**
 * Answered, but media never flowed or broke:
 *
 *   BYE with Microsoft 531004 / 531005 (ICE checks failed, media path broken)   media-failure, network
 *   BYE whose Reason / Warning speaks of RTP or media (RTP timeout, no media)    media-failure, network
 *   AudioCodes CDR TrmReason RTP_BROKEN_CONNECTION                               media-failure, network
 */
import type { CallFacts, MsgRef } from '../facts';
import type { Finding, EvidenceItem } from './rule';
import { ev, text } from './rule';
import { freeText, infoOf } from '../message-info';
import { msCodeFromPhrase } from '../ms-code-rules';
import { nextCheckFor } from '../wording';
import { sideName } from '../evidence';
import { cdrEnd, cdrTerm } from './cdr';

const MEDIA_WORDS = ['rtp', 'media', 'ice check', 'iceconnectivity', 'no audio', 'srtp'];
const MEDIA_CODES = new Set(['531004', '531005']);

/** The first BYE that ends the call for a media reason (Microsoft 531004/531005, RTP/ICE words). */
export function mediaBye(f: CallFacts): { bye: MsgRef; code: string | null } | null {
  for (const l of f.legs) {
    const bye = l.bye;
    if (!bye) {
      continue;
    }
    const i = infoOf(bye.m);
    const code = i.msCode ?? msCodeFromPhrase(i.msPhrase);
    if (code !== null && MEDIA_CODES.has(code)) {
      return { bye, code };
    }
    const t = freeText(bye.m);
    if (t && MEDIA_WORDS.some((w) => t.includes(w))) {
      return { bye, code };
    }
  }
  return null;
}

function secondsAfterAnswer(f: CallFacts, r: MsgRef): string {
  const ok = f.legs[r.leg].final;
  if (!ok || ok.m.time === null || r.m.time === null) {
    return '';
  }
  return ` ${((r.m.time - ok.m.time) / 1000).toFixed(1)} s after the answer`;
}

export function mediaRule(f: CallFacts): Finding | null {
  if (!f.answered) {
    return null;
  }
  const hit = mediaBye(f);
  const end = cdrEnd(f.call);
  const term = end ? cdrTerm(end) : null;
  const cdrSaysMedia = term?.category === 'media-failure';
  if (!hit && !cdrSaysMedia) {
    return null;
  }
  const evidence: EvidenceItem[] = [];
  let summary: string;
  if (hit) {
    const who = hit.bye.sender === 'sbc' ? 'the SBC' : hit.bye.sender === 'peer' ? `the ${sideName(f.legs[hit.bye.leg].peer)} side` : 'one side';
    summary = `The call was answered but media failed: ${who} ended it${secondsAfterAnswer(f, hit.bye)} for a media reason${hit.code ? ` (Microsoft ${hit.code})` : ''}.`;
    evidence.push(...ev(hit.bye));
  } else {
    summary = `The call was answered but media failed: the SBC's CDR ends it with ${end?.fields.TrmReason ?? ''}.`;
  }
  // without a telling BYE, the first BYE is where the call ended
  const firstBye = hit?.bye ?? f.legs.map((l) => l.bye).find((b): b is MsgRef => b !== null) ?? null;
  if (!hit && firstBye) {
    evidence.push(...ev(firstBye));
  }
  if (end && term && cdrSaysMedia) {
    evidence.push(text(`CDR ${end.type} TrmReason ${end.fields.TrmReason}${end.fields.SIPTrmReason ? `, SIPTrmReason ${end.fields.SIPTrmReason}` : ''} (${end.where})`));
  }
  return {
    category: 'media-failure',
    owner: 'network',
    summary,
    nextCheck: nextCheckFor('media-failure', 'network'),
    evidence,
    deciding: firstBye,
    msCode: hit?.code ?? null,
  };
}
