/**
 * SIP messages of one call leg as the SBC sees them, in the style of each sender:
 *
 *   Teams SIP proxy   upper-case names (FROM:, CALL-ID:, REASON:), Contact api-du-…;x-i=…;x-c=…,
 *                     USER-AGENT: Microsoft.PSTNHub.SIPProxy v.2024.10.1.2, Reason text "<uuid>;<phrase>"
 *   the SBC           normal case, Server/User-Agent Mediant SW, X-MS-SBC toward Teams
 *   the carrier       normal case, its own User-Agent
 */
import type { Prng } from './prng';

export interface SipMsg {
  head: string[];
  body: string[];
}

/** The message as the reader rebuilds it: CRLF line ends, blank line, body. */
export function rawOf(m: SipMsg): string {
  let s = m.head.join('\r\n') + '\r\n\r\n';
  for (const l of m.body) {
    s += l + '\r\n';
  }
  return s;
}

export const SBC_FQDN = 'sbc.example.com';
export const SBC_IP = '198.51.100.10';
export const CARRIER = '203.0.113.10:5060';
export const TEAMS_UA = 'Microsoft.PSTNHub.SIPProxy v.2024.10.1.2 i.EUWE.4';
export const SBC_UA = 'Mediant SW/v.7.40A.500.775';
export const X_MS_SBC = 'Audiocodes/Mediant SW/v.7.40A.500.775';
const CARRIER_UA = 'Carrier-SBC/5.2';

export type Side = 'teams' | 'carrier';

/** One leg: the dialog between the SBC and Teams, or the SBC and the carrier. */
export interface Leg {
  side: Side;
  callId: string;
  /** true when the SBC sent the INVITE on this leg */
  sbcIsUac: boolean;
  uacUri: string;
  uasUri: string;
  uacDisplay?: string;
  uacTag: string;
  uasTag: string;
  /** Via of the INVITE (and of the UAC's other requests) */
  uacVia: string;
  /** Via of requests the UAS sends (BYE from the callee) */
  uasVia: string;
  requestUri: string;
  /** the peer's address as the SBC logs it (Teams: ephemeral port for what it receives) */
  remoteIn: string;
  remoteOut: string;
  iface: string;
  ifaceNo: number;
  transport: 'TLS' | 'UDP';
  /** transport-object id the SBC logs as TO(#n) */
  to: number;
  socket?: number;
  uacCseq: number;
  uasCseq: number;
  /** Teams' Contact (api-du-…;x-i;x-c) or the carrier's */
  peerContact: string;
  sbcContact: string;
  teamsUuid: string;
  /** the To tag is known once the UAS answered */
  answered: boolean;
}

function upper(teams: boolean, name: string): string {
  return teams ? name.toUpperCase() : name;
}

function sdpLen(body: string[]): number {
  let n = 0;
  for (const l of body) {
    n += l.length + 2;
  }
  return n;
}

/** Who sends: 'sbc' or the leg's peer. */
export type From = 'sbc' | 'peer';

function senderIsUac(leg: Leg, from: From): boolean {
  return (from === 'sbc') === leg.sbcIsUac;
}

function fromHeader(leg: Leg, uacSends: boolean): [string, string] {
  const uac = `${leg.uacDisplay ? `"${leg.uacDisplay}"` : ''}<${leg.uacUri}>;tag=${leg.uacTag}`;
  const uas = `<${leg.uasUri}>${leg.answered ? `;tag=${leg.uasTag}` : ''}`;
  if (uacSends) {
    return [uac, uas];
  }
  return [`<${leg.uasUri}>;tag=${leg.uasTag}`, uac];
}

function senderTail(leg: Leg, from: From, isRequest: boolean): string[] {
  if (from === 'peer') {
    return leg.side === 'teams' ? [`USER-AGENT: ${TEAMS_UA}`] : [`User-Agent: ${CARRIER_UA}`];
  }
  const out = [isRequest ? `User-Agent: ${SBC_UA}` : `Server: ${SBC_UA}`];
  if (leg.side === 'teams') {
    out.push(`X-MS-SBC: ${X_MS_SBC}`);
  }
  return out;
}

export interface ReqOpts {
  body?: string[];
  reason?: string;
  extra?: string[];
  /** a new transaction branch (default: the INVITE's branch for ACK-to-non-2xx and CANCEL) */
  branch?: string;
  /** ACK to a failure response: same transaction, Request-URI of the INVITE */
  hopByHop?: boolean;
}

function contactUri(c: string): string {
  const a = c.indexOf('<');
  const b = c.indexOf('>');
  return a >= 0 && b > a ? c.slice(a + 1, b) : c;
}

/** A request on `leg` sent by `from`. INVITE/CANCEL/ACK(non-2xx) come from the UAC. */
export function request(leg: Leg, from: From, method: string, o: ReqOpts = {}): SipMsg {
  const teams = leg.side === 'teams' && from === 'peer';
  const uac = senderIsUac(leg, from);
  const [f, t] = fromHeader(leg, uac);
  let cseq: number;
  if (method === 'ACK' || method === 'CANCEL') {
    cseq = leg.uacCseq;
  } else if (uac) {
    cseq = method === 'INVITE' ? leg.uacCseq : ++leg.uacCseq;
  } else {
    cseq = ++leg.uasCseq;
  }
  const via = uac ? leg.uacVia : leg.uasVia;
  const viaLine = o.branch ? via.replace(/branch=[^;]+/, `branch=${o.branch}`) : via;
  const inDialog = leg.answered && method !== 'INVITE' && method !== 'CANCEL' && method !== 'OPTIONS' && !o.hopByHop;
  const ruri = inDialog ? contactUri(from === 'sbc' ? leg.peerContact : leg.sbcContact) : leg.requestUri;
  const h = (n: string): string => upper(teams, n);
  const head = [
    `${method} ${ruri} SIP/2.0`,
    `${h('Via')}: ${viaLine}`,
    `${h('From')}: ${f}`,
    `${h('To')}: ${method === 'CANCEL' ? t.replace(/;tag=.*$/, '') : t}`,
    `${h('Call-ID')}: ${leg.callId}`,
    `${h('CSeq')}: ${cseq} ${method}`,
    `${h('Max-Forwards')}: 70`,
  ];
  if (method === 'INVITE' || method === 'OPTIONS') {
    head.push(`${h('Contact')}: ${from === 'sbc' ? leg.sbcContact : leg.peerContact}`);
  }
  if (method === 'INVITE') {
    if (teams) {
      head.push('RECORD-ROUTE: <sip:sip-du-a-eu.pstnhub.microsoft.com:5061;transport=tls;lr>');
      head.push('ALLOW: INVITE, ACK, OPTIONS, CANCEL, BYE, NOTIFY');
      head.push('SUPPORTED: timer', 'SESSION-EXPIRES: 3600', 'MIN-SE: 90');
      head.push(`P-ASSERTED-IDENTITY: <${leg.uacUri}>`);
      head.push('X-MS-UserLocation: internal', 'X-MS-MediaPath: 4b3f2c1a9d.sbc.example.com');
    } else {
      head.push('Allow: INVITE,ACK,CANCEL,BYE,OPTIONS,PRACK,UPDATE,REFER,NOTIFY');
      head.push('Supported: timer', 'Session-Expires: 1800');
    }
  }
  if (o.reason) {
    head.push(`${h('Reason')}: ${o.reason}`);
  }
  if (o.extra) {
    head.push(...o.extra);
  }
  head.push(...senderTail(leg, from, true));
  const body = o.body ?? [];
  if (body.length > 0) {
    head.push(`${h('Content-Type')}: application/sdp`);
  }
  head.push(`${h('Content-Length')}: ${sdpLen(body)}`);
  return { head, body };
}

export interface ResOpts {
  body?: string[];
  reason?: string;
  extra?: string[];
  /** the CSeq of the request answered (default: the INVITE's) */
  cseq?: number;
  /** the request answered was sent by the UAS (a BYE from the callee) */
  toUasRequest?: boolean;
}

/** A response on `leg` sent by `from` to a `method` request of the other side. */
export function response(leg: Leg, from: From, status: number, phrase: string, method: string, o: ResOpts = {}): SipMsg {
  const teams = leg.side === 'teams' && from === 'peer';
  const h = (n: string): string => upper(teams, n);
  const reqByUac = !o.toUasRequest;
  if (status > 100 && method === 'INVITE') {
    leg.answered = true;
  }
  const [f, t] = fromHeader(leg, reqByUac);
  const via = reqByUac ? leg.uacVia : leg.uasVia;
  const cseq = o.cseq ?? (reqByUac ? leg.uacCseq : leg.uasCseq);
  const head = [
    `SIP/2.0 ${status} ${phrase}`,
    `${h('Via')}: ${via}`,
    `${h('From')}: ${f}`,
    `${h('To')}: ${status === 100 ? t.replace(/;tag=.*$/, '') : t}`,
    `${h('Call-ID')}: ${leg.callId}`,
    `${h('CSeq')}: ${cseq} ${method}`,
  ];
  if (method === 'INVITE' && status > 100 && status < 300) {
    head.push(`${h('Contact')}: ${from === 'sbc' ? leg.sbcContact : leg.peerContact}`);
  }
  if (o.reason) {
    head.push(`${h('Reason')}: ${o.reason}`);
  }
  if (o.extra) {
    head.push(...o.extra);
  }
  head.push(...senderTail(leg, from, false));
  const body = o.body ?? [];
  if (body.length > 0) {
    head.push(`${h('Content-Type')}: application/sdp`);
  }
  head.push(`${h('Content-Length')}: ${sdpLen(body)}`);
  return { head, body };
}

/** Teams' SDP: ICE candidates, SILK, SRTP (SDES). */
export function teamsSdp(r: Prng): string[] {
  const ip = `52.112.${r.int(128, 191)}.${r.int(1, 254)}`;
  const port = r.int(49152, 53247);
  return [
    'v=0',
    `o=- ${r.digits(10)} 0 IN IP4 ${ip}`,
    's=session',
    `c=IN IP4 ${ip}`,
    'b=CT:10000000',
    't=0 0',
    `m=audio ${port} RTP/SAVP 104 9 103 111 18 0 8 97 101 13 118`,
    `a=rtcp:${port + 1}`,
    `a=ice-ufrag:${r.base64(4)}`,
    `a=ice-pwd:${r.base64(24)}`,
    `a=candidate:1 1 UDP 2130706431 ${ip} ${port} typ host`,
    `a=candidate:1 2 UDP 2130705918 ${ip} ${port + 1} typ host`,
    'a=rtpmap:104 SILK/16000',
    'a=fmtp:104 usedtx=0',
    'a=rtpmap:9 G722/8000',
    'a=rtpmap:103 SILK/8000',
    'a=rtpmap:111 SIREN/16000',
    'a=rtpmap:18 G729/8000',
    'a=rtpmap:0 PCMU/8000',
    'a=rtpmap:8 PCMA/8000',
    'a=rtpmap:101 telephone-event/8000',
    'a=fmtp:101 0-16',
    `a=crypto:2 AES_CM_128_HMAC_SHA1_80 inline:${r.base64(40)}|2^31|1:1`,
    'a=ptime:20',
  ];
}

/** What the SBC offers or answers toward Teams (SRTP) or the carrier (RTP). */
export function sbcSdp(r: Prng, side: Side, codecs: 'g711' | 'g722-only' = 'g711'): string[] {
  const port = 6000 + 2 * r.int(0, 2000);
  const lines = ['v=0', `o=AudiocodesGW ${r.digits(9)} ${r.digits(9)} IN IP4 ${SBC_IP}`, 's=Phone-Call', `c=IN IP4 ${SBC_IP}`, 't=0 0'];
  if (codecs === 'g722-only') {
    lines.push(`m=audio ${port} RTP/AVP 9 101`, 'a=rtpmap:9 G722/8000');
  } else if (side === 'teams') {
    lines.push(`m=audio ${port} RTP/SAVP 8 0 101`, 'a=rtpmap:8 PCMA/8000', 'a=rtpmap:0 PCMU/8000');
  } else {
    lines.push(`m=audio ${port} RTP/AVP 8 0 101`, 'a=rtpmap:8 PCMA/8000', 'a=rtpmap:0 PCMU/8000');
  }
  lines.push('a=rtpmap:101 telephone-event/8000', 'a=fmtp:101 0-15', 'a=ptime:20', 'a=sendrecv');
  if (side === 'teams' && codecs !== 'g722-only') {
    lines.push(`a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:${r.base64(40)}`);
  }
  return lines;
}

export function carrierSdp(r: Prng): string[] {
  const ip = '203.0.113.20';
  const port = 20000 + 2 * r.int(0, 5000);
  return [
    'v=0',
    `o=- ${r.digits(8)} ${r.digits(8)} IN IP4 ${ip}`,
    's=-',
    `c=IN IP4 ${ip}`,
    't=0 0',
    `m=audio ${port} RTP/AVP 8 101`,
    'a=rtpmap:8 PCMA/8000',
    'a=rtpmap:101 telephone-event/8000',
    'a=fmtp:101 0-15',
    'a=ptime:20',
    'a=sendrecv',
  ];
}
