import type { Call, CallMessage, Leg } from '../../src/calls/call';
import { parseSip } from '../../src/sip/parser';
import type { SipMessage } from '../../src/sip/sip-message';
import type { StoredCall } from '../../src/store/call-store';
import type { CallReport, Category, Outcome, Owner } from '../../src/diagnosis/verdict';

/** Builds stored calls that look like the ones the call builder and diagnosis hand to a store. */

export interface CallSpec {
  id: string;
  callIds: string[];
  sessionKey?: string;
  sbc?: string;
  from?: string;
  to?: string;
  /** the carrier leg writes numbers its own way (e.g. national form) */
  legFrom?: string;
  legTo?: string;
  start: number;
  outcome?: Outcome;
  category?: Category;
  owner?: Owner;
  finalStatus?: number;
  durationSec?: number | null;
  /** SIP messages per leg */
  messagesPerLeg?: number;
}

function sdp(ip: string): string {
  return [
    'v=0',
    `o=AudiocodesGW 1780588738 1780588653 IN IP4 ${ip}`,
    's=Phone-Call',
    `c=IN IP4 ${ip}`,
    't=0 0',
    'm=audio 6000 RTP/SAVP 8 0 18 101',
    'a=rtpmap:8 PCMA/8000',
    'a=rtpmap:0 PCMU/8000',
    'a=rtpmap:18 G729/8000',
    'a=rtpmap:101 telephone-event/8000',
    'a=fmtp:101 0-15',
    'a=ptime:20',
    'a=sendrecv',
    'a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:dGVzdGluZ3Rlc3Rpbmd0ZXN0aW5ndGVzdGluZ3Rlc3Rp',
    '',
  ].join('\r\n');
}

function sipText(callId: string, from: string, to: string, n: number): string {
  const body = n % 3 === 0 ? sdp('198.51.100.10') : '';
  const head = [
    n % 2 === 0 ? `INVITE sip:${to}@sip.pstnhub.microsoft.com:5061;user=phone;transport=tls SIP/2.0` : 'SIP/2.0 180 Ringing',
    `Via: SIP/2.0/TLS 198.51.100.10:5061;alias;branch=z9hG4bKac${n}2109371811`,
    'Max-Forwards: 70',
    `From: <sip:${from}@sbc.contoso.com;user=phone>;tag=1c1934566${n}`,
    `To: <sip:${to}@sip.pstnhub.microsoft.com;user=phone>`,
    `Call-ID: ${callId}`,
    `CSeq: ${n + 1} INVITE`,
    `Contact: <sip:${from}@sbc.contoso.com:5061;transport=tls>`,
    'Supported: em,100rel,timer,replaces',
    'Allow: REGISTER,OPTIONS,INVITE,ACK,CANCEL,BYE,NOTIFY,PRACK,REFER,INFO,SUBSCRIBE,UPDATE',
    'User-Agent: Mediant SW/v.7.40A.500.775',
    'X-MS-SBC: Audiocodes/Mediant SW/v.7.40A.500.775',
    `Content-Type: application/sdp`,
    `Content-Length: ${body.length}`,
  ];
  return `${head.join('\r\n')}\r\n\r\n${body}`;
}

/** The SIP as the call builder has it: parsed from the raw text (a store may rebuild it from `raw`). */
function parsedSip(raw: string): SipMessage {
  const r = parseSip(raw);
  if (!r.ok) {
    throw new Error(`fixture SIP does not parse: ${r.why}`);
  }
  return r.message;
}

function leg(callId: string, from: string, to: string, start: number, count: number, peer: Leg['peer']): Leg {
  const messages: CallMessage[] = [];
  for (let i = 0; i < count; i++) {
    const raw = sipText(callId, from, to, i);
    messages.push({
      sip: parsedSip(raw),
      raw,
      where: `sbc.log:${100 + i}`,
      time: start + i * 40,
      direction: i % 2 === 0 ? 'out' : 'in',
      remote: '52.114.75.24:5061',
      order: i,
      retransmission: false,
    });
  }
  return {
    callId,
    peer,
    remote: '52.114.75.24:5061',
    initiator: 'out',
    messages,
    finalStatus: 200,
    from,
    to,
    start,
    answer: null,
    end: start + 5000,
    ended: true,
  };
}

export function makeCall(spec: CallSpec): StoredCall {
  const sbc = spec.sbc ?? '198.51.100.10';
  const from = spec.from ?? '+49305550101';
  const to = spec.to ?? '+49407770101';
  const outcome = spec.outcome ?? 'failed';
  const category = spec.category ?? (outcome === 'answered' ? 'completed' : 'busy');
  const owner = spec.owner ?? 'user';
  const perLeg = spec.messagesPerLeg ?? 4;
  const legs = spec.callIds.map((cid, i) =>
    leg(
      cid,
      i === 0 ? from : (spec.legFrom ?? from),
      i === 0 ? to : (spec.legTo ?? to),
      spec.start + i * 10,
      perLeg,
      i === 0 ? 'teams' : 'carrier',
    ),
  );
  const durationSec = spec.durationSec === undefined ? (outcome === 'answered' ? 60 : null) : spec.durationSec;
  const end = spec.start + 5000;
  const call: Call = {
    id: spec.id,
    sessionKey: spec.sessionKey,
    format: 'audiocodes',
    device: sbc,
    legs,
    cdrs: [],
    gaps: [],
    direction: 'inbound',
    from,
    to,
    start: spec.start,
    answer: outcome === 'answered' ? spec.start + 2000 : null,
    end,
    complete: true,
  };
  const report: CallReport = {
    id: spec.id,
    callIds: spec.callIds,
    sbc,
    direction: 'inbound',
    from,
    to,
    start: new Date(spec.start).toISOString(),
    answer: call.answer === null ? null : new Date(call.answer).toISOString(),
    end: new Date(end).toISOString(),
    durationSec,
    outcome,
    finalStatus: spec.finalStatus ?? (outcome === 'answered' ? 200 : 486),
    reason: null,
    msCode: null,
    category,
    owner,
    summary: `The call ended as ${category}.`,
    evidence: [],
    nextCheck: 'Nothing to check.',
    sessionKey: spec.sessionKey ?? null,
    legs: legs.map((l) => ({
      callId: l.callId,
      peer: l.peer,
      remote: l.remote ?? null,
      finalStatus: l.finalStatus,
      messages: l.messages.length,
    })),
  };
  return { report, call };
}
