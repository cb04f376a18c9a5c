/**
 * Builders for realistic SIP text and TracedMessages, for the call-building tests.
 *
 *   invite({ callId: 'a1', from: '+49305550101', to: '+49407770101', toHost: 'sbc.example.com' })
 *   response(180, { ...p, toTag: 'x' })       // CSeq/Via/From/To copied from the request's params
 *   traced(text, { time: at(1.2), direction: 'in', remote: '52.114.75.24:5061', sessionKey: 'sid1' })
 */
import type { FormatName, TracedMessage } from '../../../src/formats/record';

export interface MsgParams {
  callId: string;
  /** caller user part (number or name) */
  from: string;
  /** callee user part */
  to: string;
  fromHost?: string;
  toHost?: string;
  /** Request-URI user/host when they differ from To */
  ruriUser?: string;
  ruriHost?: string;
  fromTag?: string;
  toTag?: string;
  cseq?: number;
  /** the CSeq method of a response (default INVITE) */
  method?: string;
  branch?: string;
  viaHost?: string;
  contactHost?: string;
  userAgent?: string;
  /** extra header lines, `Name: value` */
  headers?: string[];
  body?: string;
  /** From/To swapped: a request sent by the callee (BYE from the called side) */
  reverse?: boolean;
}

const REASONS: Record<number, string> = {
  100: 'Trying',
  180: 'Ringing',
  183: 'Session Progress',
  200: 'OK',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  407: 'Proxy Authentication Required',
  408: 'Request Timeout',
  480: 'Temporarily Unavailable',
  481: 'Call/Transaction Does Not Exist',
  486: 'Busy Here',
  487: 'Request Terminated',
  488: 'Not Acceptable Here',
  491: 'Request Pending',
  500: 'Server Internal Error',
  503: 'Service Unavailable',
  603: 'Decline',
};

export const SDP = [
  'v=0',
  'o=AudiocodesGW 1234 5678 IN IP4 198.51.100.10',
  's=Phone-Call',
  'c=IN IP4 198.51.100.10',
  't=0 0',
  'm=audio 6000 RTP/AVP 8 0 101',
  'a=rtpmap:8 PCMA/8000',
  'a=rtpmap:0 PCMU/8000',
  'a=rtpmap:101 telephone-event/8000',
  'a=sendrecv',
  '',
].join('\r\n');

function nameAddr(user: string, host: string, tag?: string): string {
  return `<sip:${user}@${host};user=phone>${tag ? `;tag=${tag}` : ''}`;
}

function headerBlock(p: MsgParams, method: string, body: string): string[] {
  const fromHost = p.fromHost ?? 'carrier.example.net';
  const toHost = p.toHost ?? 'sbc.example.com';
  let from = `From: ${nameAddr(p.from, fromHost, p.fromTag ?? `ft-${p.callId}`)}`;
  let to = `To: ${nameAddr(p.to, toHost, p.toTag)}`;
  if (p.reverse) {
    from = `From: ${nameAddr(p.to, toHost, p.toTag)}`;
    to = `To: ${nameAddr(p.from, fromHost, p.fromTag ?? `ft-${p.callId}`)}`;
  }
  const lines = [
    `Via: SIP/2.0/TLS ${p.viaHost ?? '198.51.100.10:5061'};branch=${p.branch ?? `z9hG4bK-${p.callId}-${p.cseq ?? 1}`}`,
    from,
    to,
    `Call-ID: ${p.callId}`,
    `CSeq: ${p.cseq ?? 1} ${method}`,
    'Max-Forwards: 70',
  ];
  if (p.contactHost) {
    lines.push(`Contact: <sip:${p.contactHost};transport=tls>`);
  }
  if (p.userAgent) {
    lines.push(`User-Agent: ${p.userAgent}`);
  }
  lines.push(...(p.headers ?? []));
  if (body) {
    lines.push('Content-Type: application/sdp');
  }
  lines.push(`Content-Length: ${Buffer.byteLength(body)}`);
  return lines;
}

export function request(method: string, p: MsgParams): string {
  const body = p.body ?? '';
  const ruri = `sip:${p.ruriUser ?? (p.reverse ? p.from : p.to)}@${p.ruriHost ?? p.toHost ?? 'sbc.example.com'};user=phone`;
  return [`${method} ${ruri} SIP/2.0`, ...headerBlock(p, method, body), '', body].join('\r\n');
}

export function invite(p: MsgParams): string {
  return request('INVITE', { ...p, body: p.body ?? SDP });
}

/** A response to the request made from `p` (CSeq method `p.method`, default INVITE). */
export function response(status: number, p: MsgParams): string {
  const method = p.method ?? 'INVITE';
  const body = p.body ?? '';
  const { userAgent, ...rest } = p;
  const q: MsgParams = userAgent ? { ...rest, headers: [...(p.headers ?? []), `Server: ${userAgent}`] } : rest;
  return [`SIP/2.0 ${status} ${REASONS[status] ?? 'Whatever'}`, ...headerBlock(q, method, body), '', body].join('\r\n');
}

export const T0 = Date.UTC(2026, 10, 23, 9, 0, 0);

/** Log time `sec` seconds after T0. */
export function at(sec: number): number {
  return T0 + Math.round(sec * 1000);
}

export interface TraceOpts {
  time: number | null;
  direction: 'in' | 'out' | null;
  remote?: string;
  iface?: string;
  sessionKey?: string;
  device?: string;
  format?: FormatName;
  order?: number;
  where?: string;
}

let autoOrder = 0;

export function traced(raw: string, o: TraceOpts): TracedMessage {
  const order = o.order ?? ++autoOrder;
  const m: TracedMessage = {
    raw,
    where: o.where ?? `test.log:${order}`,
    time: o.time,
    direction: o.direction,
    device: o.device ?? '198.51.100.10',
    format: o.format ?? (o.sessionKey ? 'audiocodes' : 'oracle'),
    order,
  };
  if (o.remote !== undefined) {
    m.remote = o.remote;
  }
  if (o.iface !== undefined) {
    m.iface = o.iface;
  }
  if (o.sessionKey !== undefined) {
    m.sessionKey = o.sessionKey;
  }
  return m;
}
