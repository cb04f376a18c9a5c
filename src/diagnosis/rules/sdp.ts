/**
 * What the SDP of both legs shows:
 *
 *   codec-mismatch   the refused offer (488/606/415, Microsoft 531000/531027/531052):
 *                    SBC offered plain RTP to Teams (SRTP required)           → sbc
 *                    SBC dropped codecs the caller offered                      → sbc
 *                    SBC offered only non-G.711 codecs                          → sbc
 *                    G.711 was offered and still refused                        → the refusing side
 *                    an answer with no codec in common with its offer, then BYE → the answering side
 *   nat-private-address  c= / Contact with 10/8, 172.16/12, 192.168/16, 100.64/10 sent toward a
 *                    public peer, then an early drop: the SBC's own SDP → sbc, the peer's → network
 *
 * Hold (a=sendonly / a=inactive / c=0.0.0.0 in re-INVITEs) is not a failure and is ignored here.
 */
import type { CallMessage } from '../../calls/call';
import type { CallFacts, LegFacts, MsgRef } from '../facts';
import type { Owner } from '../verdict';
import type { Finding, EvidenceItem } from './rule';
import { ev, text } from './rule';
import type { SdpSummary } from '../../sip/sdp';
import { analyzeSdp, audioCodecsOf, commonCodecs } from '../../sip/sdp';
import { isPrivateIp, isIpLiteral, splitHostPort } from '../../sip/addresses';
import { isSuccessRef } from '../facts';
import { infoOf } from '../message-info';
import { locateFailure } from '../origin';
import { msCodeFromPhrase } from '../ms-code-rules';
import { nextCheckFor, ownerOf } from '../wording';
import { sideName } from '../evidence';
import { getHeader, parseNameAddr } from '../../sip/headers';
import { noResponseRule, ackTimeoutRule } from './flow-timing';
import { mediaBye } from './media';
import { senderOnTeamsLeg } from '../teams-leg-sender';

const cache = new WeakMap<CallMessage, SdpSummary | null>();

/** The SDP of a message (parsed once), null when it has none. */
export function sdpOf(m: CallMessage): SdpSummary | null {
  if (cache.has(m)) {
    return cache.get(m) ?? null;
  }
  const s = m.sip.body ? analyzeSdp(m.sip.body) : null;
  cache.set(m, s);
  return s;
}

/** `PCMA,PCMU,G722` (audio codecs, no telephone-event/CN). */
export function codecList(s: SdpSummary): string {
  // payload types without rtpmap have no name worth showing (UNKNOWN-97)
  const names = audioCodecsOf(s)
    .map((c) => c.name.toUpperCase())
    .filter((n) => !n.startsWith('UNKNOWN'));
  return [...new Set(names)].join(',') || 'none';
}

const G711 = new Set(['PCMU', 'PCMA']);
const CODEC_CODES = new Set(['531000', '531027', '531052']);

function isSrtp(s: SdpSummary): boolean {
  return s.media.some((m) => m.type === 'audio' && (m.proto.includes('SAVP') || m.crypto.length > 0));
}

/** The refused offer: why no media was acceptable, and who has to act. */
export function codecRule(f: CallFacts): Finding | null {
  if (f.answered) {
    return codecAnswerRule(f);
  }
  const o = locateFailure(f);
  const refusal = o.source ?? o.shown;
  const status = refusal?.m.sip.status;
  if (!refusal || status === undefined) {
    return null;
  }
  const i = infoOf(refusal.m);
  const code = i.msCode ?? msCodeFromPhrase(i.msPhrase);
  if (![488, 606, 415].includes(status) && !(code !== null && CODEC_CODES.has(code))) {
    return null;
  }
  const leg = f.legs[refusal.leg];
  const offerRef = leg.lastInvite;
  const offer = offerRef ? sdpOf(offerRef.m) : null;
  const refuser = sideName(leg.peer);
  const evidence: EvidenceItem[] = [...ev(refusal)];
  if (o.shown && o.shown !== refusal) {
    evidence.push(...ev(o.shown, 'passed on to the caller'));
  }
  if (offerRef) {
    evidence.push(...ev(offerRef, offer ? `SDP: ${codecList(offer)}${isSrtp(offer) ? ', SRTP' : ', RTP'}` : 'no SDP'));
  }
  const codeNote = code ? `, Microsoft ${code}` : '';
  // who sent the offer: as logged, or (plain SIP dumps) told from the Teams leg's INVITE
  const offerSender = offerRef ? senderOnTeamsLeg(leg, offerRef) : null;
  if (!offerRef || !offer) {
    const owner: Owner = offerSender === 'sbc' ? 'sbc' : 'unknown';
    return {
      category: 'codec-mismatch',
      owner,
      summary: `${refuser === 'Teams' ? 'Teams' : `The ${refuser} side`} refused the media of the INVITE (${status}${codeNote})${offerRef ? ', which carried no SDP (delayed offer)' : ''}.`,
      nextCheck: offerRef ? 'send the INVITE with an SDP offer: Teams does not support delayed offer' : nextCheckFor('codec-mismatch', owner),
      evidence,
      deciding: refusal,
      msCode: code,
    };
  }
  const offered = codecList(offer);
  const sbcOffered = offerSender === 'sbc';
  // SRTP toward Teams
  if (leg.peer === 'teams' && sbcOffered && !isSrtp(offer)) {
    return {
      category: 'codec-mismatch',
      owner: 'sbc',
      summary: `Teams refused the call (${status}${codeNote}): the SBC offered plain RTP (${offered}) but Teams requires SRTP.`,
      nextCheck: 'enable SRTP (SDES, AES_CM_128_HMAC_SHA1_80) in the SBC\'s media security settings for the Teams leg',
      evidence,
      deciding: refusal,
      msCode: code,
    };
  }
  // what the caller offered, when the SBC built a narrower offer
  const callerOfferRef = sbcOffered && f.caller && f.caller !== leg ? f.caller.lastInvite : null;
  const callerOffer = callerOfferRef ? sdpOf(callerOfferRef.m) : null;
  if (callerOffer) {
    const dropped = audioCodecsOf(callerOffer)
      .map((c) => c.name.toUpperCase())
      .filter((n) => !n.startsWith('UNKNOWN') && !audioCodecsOf(offer).some((c) => c.name.toUpperCase() === n))
      // SILK is Teams' own codec: not offering it to a carrier is right
      .filter((n) => n !== 'SILK' || leg.peer === 'teams');
    if (dropped.length > 0) {
      const uniq = [...new Set(dropped)].join(',');
      evidence.push(...ev(callerOfferRef, `SDP: ${codecList(callerOffer)}`));
      return {
        category: 'codec-mismatch',
        owner: 'sbc',
        summary: `The ${refuser} side found no acceptable codec (${status}${codeNote}): the SBC offered only ${offered}, although the caller offered ${codecList(callerOffer)} (the SBC dropped ${uniq}).`,
        nextCheck: `check the SBC's coder group for the ${refuser} leg: allow ${uniq} or enable transcoding`,
        evidence,
        deciding: refusal,
        msCode: code,
      };
    }
  }
  const hasG711 = audioCodecsOf(offer).some((c) => G711.has(c.name.toUpperCase()));
  if (sbcOffered && !hasG711) {
    return {
      category: 'codec-mismatch',
      owner: 'sbc',
      summary: `The ${refuser} side found no acceptable codec (${status}${codeNote}): the SBC offered only ${offered}.`,
      nextCheck: `check that the ${refuser} side accepts ${offered}; the SBC offered only ${offered}: add G.711 (PCMA/PCMU) to its coder group or enable transcoding`,
      evidence,
      deciding: refusal,
      msCode: code,
    };
  }
  const owner: Owner = sbcOffered ? ownerOf(leg.peer) : hasG711 ? 'sbc' : ownerOf(leg.peer);
  const who = sbcOffered ? (refuser === 'Teams' ? 'Teams' : `The ${refuser} side`) : offerSender === 'peer' ? 'The SBC' : null;
  const refused = `${offered} (${status}${codeNote})${hasG711 ? ' although it contains G.711' : ''}`;
  return {
    category: 'codec-mismatch',
    owner,
    summary: who ? `${who} refused the offer ${refused}.` : `The offer ${refused} was refused; the log does not say which side sent it.`,
    nextCheck: sbcOffered
      ? `ask the ${refuser} side which codecs it accepts; the SBC offered ${offered}`
      : `check the SBC's coder group for this leg: the ${refuser} side offered ${offered}`,
    evidence,
    deciding: refusal,
    msCode: code,
  };
}

/** RFC 3551 static payload types (< 96) of the first `m=audio` line. */
function staticAudioPayloads(body: string): number[] {
  const at = body.indexOf('m=audio ');
  if (at === -1) {
    return [];
  }
  let end = body.indexOf('\n', at);
  if (end === -1) {
    end = body.length;
  }
  const tokens = body.slice(at + 8, end).trim().split(' ');
  const out: number[] = [];
  for (let i = 2; i < tokens.length; i++) {
    const n = Number(tokens[i]);
    if (Number.isInteger(n) && n < 96 && n !== 13) {
      out.push(n);
    }
  }
  return out;
}

/** Offer and answer share a static payload type: they have a codec in common. */
function sharesStaticPayload(offer: string, answer: string): boolean {
  if (!offer || !answer) {
    return false;
  }
  const a = staticAudioPayloads(answer);
  return a.length > 0 && staticAudioPayloads(offer).some((p) => a.includes(p));
}

/** An answer whose SDP has no codec in common with the offer, then an early BYE. */
function codecAnswerRule(f: CallFacts): Finding | null {
  if (!earlyDrop(f)) {
    return null; // a call that lasted had media: no need to parse its SDP
  }
  for (const l of f.legs) {
    const ok = l.final;
    if (!ok || !isSuccessRef(ok) || !l.lastInvite) {
      continue;
    }
    if (sharesStaticPayload(l.lastInvite.m.sip.body, ok.m.sip.body)) {
      continue; // e.g. PCMA (8) on both sides: a common codec without parsing either SDP
    }
    const offer = sdpOf(l.lastInvite.m);
    const answer = sdpOf(ok.m);
    if (!offer || !answer || audioCodecsOf(offer).length === 0 || audioCodecsOf(answer).length === 0) {
      continue;
    }
    if (commonCodecs(offer, answer).length > 0) {
      continue;
    }
    const bye = f.legs.map((x) => x.bye).find((b): b is MsgRef => b !== null) ?? null;
    const owner: Owner = ok.sender === 'peer' ? ownerOf(l.peer) : ok.sender === 'sbc' ? 'sbc' : 'unknown';
    return {
      category: 'codec-mismatch',
      owner,
      summary: `The answer chose codecs (${codecList(answer)}) that were not in the offer (${codecList(offer)}): no codec in common, so media could not flow${bye ? ' and the call was ended' : ''}.`,
      nextCheck: nextCheckFor('codec-mismatch', owner),
      evidence: [...ev(ok, `SDP: ${codecList(answer)}`), ...ev(l.lastInvite, `SDP: ${codecList(offer)}`), ...ev(bye)],
      deciding: ok,
    };
  }
  return null;
}

function isPublicRemote(remote: string | undefined, peer: LegFacts['peer']): boolean {
  if (!remote) {
    return peer === 'teams';
  }
  const host = splitHostPort(remote).host;
  return !isIpLiteral(host) || !isPrivateIp(host);
}

function contactPrivate(r: MsgRef): string | null {
  const c = getHeader(r.m.sip, 'contact');
  const na = c === undefined ? null : parseNameAddr(c);
  const host = na?.host;
  return host && isIpLiteral(host) && isPrivateIp(host) ? host : null;
}

/** Cheap pre-check: does any `c=IN IP4 <addr>` line carry a private address? */
function mayHavePrivateConnection(body: string): boolean {
  let at = body.indexOf('c=IN IP4 ');
  while (at !== -1) {
    const start = at + 9;
    let end = start;
    while (end < body.length && body.charCodeAt(end) > 32) {
      end++;
    }
    if (isPrivateIp(body.slice(start, end))) {
      return true;
    }
    at = body.indexOf('c=IN IP4 ', end);
  }
  return false;
}

/** Teams marked the user as inside the corporate network (X-MS-UserLocation: internal, LMO). */
function lmoInternal(l: LegFacts): boolean {
  return l.leg.messages.some((m) => (getHeader(m.sip, 'x-ms-userlocation') ?? '').trim().toLowerCase() === 'internal');
}

const EARLY_DROP_MS = 60_000;

const dropped = new WeakMap<CallFacts, boolean>();

/** The call ended early (no answer, no ACK, or a BYE within a minute of the answer); once per call. */
function earlyDrop(f: CallFacts): boolean {
  let early = dropped.get(f);
  if (early === undefined) {
    early = findEarlyDrop(f);
    dropped.set(f, early);
  }
  return early;
}

function findEarlyDrop(f: CallFacts): boolean {
  if (!f.answered) {
    return noResponseRule(f) !== null;
  }
  if (ackTimeoutRule(f) !== null) {
    return true;
  }
  for (const l of f.legs) {
    if (l.bye && isSuccessRef(l.final) && l.final && l.final.m.time !== null && l.bye.m.time !== null) {
      return l.bye.m.time - l.final.m.time <= EARLY_DROP_MS;
    }
  }
  return false;
}

/**
 * An answered call that a BYE ended for a media-connectivity reason (ICE checks failed, RTP
 * timeout, Microsoft 531004/531005) in a log without the times to measure how early that was.
 */
function mediaDropUntimed(f: CallFacts): MsgRef | null {
  if (!f.answered) {
    return null;
  }
  const hit = mediaBye(f);
  if (!hit) {
    return null;
  }
  const l = f.legs[hit.bye.leg];
  const ok = l.final;
  return hit.bye.m.time === null || !ok || ok.m.time === null ? { ...hit.bye, sender: senderOnTeamsLeg(l, hit.bye) } : null;
}

/**
 * A private address sent to a public peer, then an early drop. Without times, a BYE for a media
 * reason stands in for the early drop when the private address is in the SBC's own message: the
 * media could not reach the address the SBC gave, and the BYE says so.
 */
export function natRule(f: CallFacts): Finding | null {
  const early = earlyDrop(f);
  const mediaDrop = early ? null : mediaDropUntimed(f);
  if (!early && !mediaDrop) {
    return null;
  }
  for (const l of f.legs) {
    const legPublic = isPublicRemote(l.leg.remote, l.peer);
    for (let i = 0; i < l.leg.messages.length; i++) {
      const m = l.leg.messages[i];
      const r: MsgRef = { leg: l.index, index: i, m, sender: m.direction === 'in' ? 'peer' : m.direction === 'out' ? 'sbc' : null };
      // a plain SIP dump has no direction: on a Teams leg the INVITE's addresses tell who sent what
      r.sender = senderOnTeamsLeg(l, r);
      const isPublic = m.remote === undefined || m.remote === l.leg.remote ? legPublic : isPublicRemote(m.remote, l.peer);
      if (r.sender === null || m.retransmission || !isPublic || (!early && r.sender !== 'sbc')) {
        continue;
      }
      // full SDP parsing only when a c= line looks private (this rule sees every message)
      const sdp = mayHavePrivateConnection(m.sip.body) ? sdpOf(m) : null;
      const priv = sdp?.privateConnectionAddresses[0] ?? contactPrivate(r);
      if (!priv) {
        continue;
      }
      if (l.peer === 'teams' && r.sender === 'sbc' && lmoInternal(l)) {
        continue; // Local Media Optimization: internal users get the SBC's internal address on purpose
      }
      const where = sdp?.privateConnectionAddresses.includes(priv) ? `SDP c=${priv}` : `Contact ${priv}`;
      const owner: Owner = r.sender === 'sbc' ? 'sbc' : 'network';
      const peer = sideName(l.peer);
      const summary =
        r.sender === 'sbc'
          ? `The SBC sent its private address (${where}) to the public ${peer} side, which cannot reach it; the call then dropped.`
          : `The ${peer} side sent a private address (${where}) from a public address; media or in-dialog requests could not reach it and the call dropped.`;
      return {
        category: 'nat-private-address',
        owner,
        summary,
        nextCheck: nextCheckFor('nat-private-address', owner),
        evidence: mediaDrop ? [...ev(r, where), ...ev(mediaDrop, 'the call ended for a media reason')] : [...ev(r, where), text('the call ended early after this')],
        deciding: r,
      };
    }
  }
  return null;
}

/** ICE in an SDP: candidates, credentials or ice-lite. */
function hasIce(s: SdpSummary): boolean {
  return s.iceLite || s.media.some((m) => m.type === 'audio' && (m.ice.candidates.length > 0 || m.ice.ufrag !== undefined));
}

/**
 * What Teams expects of the SBC's SDP on an answered call that dropped early:
 *
 *   Teams offered SRTP, the SBC answered plain RTP                     media-failure, sbc
 *   Teams offered ICE (media bypass), the SBC answered without ICE-Lite  media-failure, sbc
 */
export function teamsMediaRule(f: CallFacts): Finding | null {
  if (!f.answered || !earlyDrop(f)) {
    return null;
  }
  for (const l of f.legs) {
    if (l.peer !== 'teams' || !l.lastInvite || !l.final || !isSuccessRef(l.final)) {
      continue;
    }
    const offerRef = l.lastInvite;
    const answerRef = l.final;
    if (offerRef.sender !== 'peer' || answerRef.sender !== 'sbc') {
      continue; // only the SBC's answer to Teams' offer is checked here
    }
    const answer = sdpOf(answerRef.m);
    if (!answer || (isSrtp(answer) && hasIce(answer))) {
      continue; // the answer has all Teams could miss: its offer need not be read
    }
    const offer = sdpOf(offerRef.m);
    if (!offer) {
      continue;
    }
    const bye = f.legs.map((x) => x.bye).find((b): b is MsgRef => b !== null) ?? null;
    let summary: string | null = null;
    let nextCheck = '';
    if (isSrtp(offer) && !isSrtp(answer)) {
      summary = 'Teams offered SRTP but the SBC answered plain RTP, so no media could flow and the call dropped.';
      nextCheck = "enable SRTP (SDES, AES_CM_128_HMAC_SHA1_80) in the SBC's media security settings for the Teams leg";
    } else if (hasIce(offer) && !hasIce(answer)) {
      summary = 'Teams offered ICE (media bypass) but the SBC answered without ICE-Lite, so the media path could not be built and the call dropped.';
      nextCheck = 'enable ICE-Lite on the SBC for the Teams leg (required with media bypass), or turn media bypass off for this trunk';
    }
    if (summary) {
      return {
        category: 'media-failure',
        owner: 'sbc',
        summary,
        nextCheck,
        evidence: [...ev(answerRef, `SDP: ${codecList(answer)}${isSrtp(answer) ? ', SRTP' : ', RTP'}${hasIce(answer) ? ', ICE' : ', no ICE'}`), ...ev(offerRef, `SDP: ${codecList(offer)}${isSrtp(offer) ? ', SRTP' : ', RTP'}${hasIce(offer) ? ', ICE' : ''}`), ...ev(bye)],
        deciding: answerRef,
      };
    }
  }
  return null;
}
