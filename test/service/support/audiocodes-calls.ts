/**
 * A small, deterministic AudioCodes log of whole calls for the service tests: both legs of each
 * call (carrier ↔ SBC ↔ Teams) under one SID, messages cut into records of at most ~700
 * characters (mid-token, as the device does), records of concurrent calls interleaved in S order.
 * Rendered as rsyslog file lines (`#012`) or as raw syslog datagrams (`<133>[S=…`).
 * Record layout as in test/fixtures/audiocodes: `[S=n] [SID=x]  (N n) ---- … ---- …  [Time:DD-MM@HH:MM:SS.mmm]`.
 */

export type Scenario = 'answered' | 'busy' | 'not-found' | 'cancelled';

export interface CallSpec {
  sid: string;
  scenario: Scenario;
  /** UTC ms of the first INVITE */
  start: number;
  /** number of the Teams user (inbound: callee, outbound: caller) */
  teamsNumber: string;
  pstnNumber: string;
}

interface Msg {
  time: number;
  sid: string;
  framing: string;
  lines: string[];
}

const TEAMS = '52.114.75.24:5061';
const CARRIER = '203.0.113.10:5060';
const SBC_HOST = 'sbc.example.com';
const E = ' \n';

function framingOf(dir: 'in' | 'out', peer: 'teams' | 'carrier'): string {
  const remote = peer === 'teams' ? TEAMS : CARRIER;
  const iface = peer === 'teams' ? '#2 (Teams) TLS TO(#138) SocketID(204)' : '#1 (Carrier) UDP TO(#1)';
  return dir === 'in'
    ? `---- Incoming SIP Message from ${remote} to SIPInterface ${iface} ----`
    : `---- Outgoing SIP Message to ${remote} from SIPInterface ${iface} ----`;
}

function sdp(ip: string): string[] {
  return ['v=0', `o=- 1 1 IN IP4 ${ip}`, 's=-', `c=IN IP4 ${ip}`, 't=0 0', 'm=audio 40000 RTP/AVP 8 0 101',
    'a=rtpmap:8 PCMA/8000', 'a=rtpmap:0 PCMU/8000', 'a=rtpmap:101 telephone-event/8000', 'a=sendrecv'];
}

interface Dialog {
  callId: string;
  from: string;
  to: string;
  fromTag: string;
  toTag: string;
  via: string;
  ruri: string;
}

function request(d: Dialog, method: string, cseq: number, withTo: boolean, body: string[] = [], extra: string[] = []): string[] {
  const len = body.reduce((n, l) => n + l.length + 2, 0);
  return [
    `${method} ${d.ruri} SIP/2.0`,
    `Via: SIP/2.0/${d.via};branch=z9hG4bK${d.callId.slice(0, 6)}${cseq}${method.length}`,
    `From: <sip:${d.from}@${SBC_HOST}>;tag=${d.fromTag}`,
    `To: <sip:${d.to}@${SBC_HOST}>${withTo ? `;tag=${d.toTag}` : ''}`,
    `Call-ID: ${d.callId}`,
    `CSeq: ${cseq} ${method}`,
    `Contact: <sip:${d.from}@${SBC_HOST}>`,
    'Max-Forwards: 70',
    ...extra,
    ...(body.length ? ['Content-Type: application/sdp'] : []),
    `Content-Length: ${len}`,
    '',
    ...body,
  ];
}

function response(d: Dialog, status: number, phrase: string, cseq: number, method: string, body: string[] = [], extra: string[] = []): string[] {
  const len = body.reduce((n, l) => n + l.length + 2, 0);
  return [
    `SIP/2.0 ${status} ${phrase}`,
    `Via: SIP/2.0/${d.via};branch=z9hG4bK${d.callId.slice(0, 6)}${cseq}${method.length}`,
    `From: <sip:${d.from}@${SBC_HOST}>;tag=${d.fromTag}`,
    `To: <sip:${d.to}@${SBC_HOST}>${status > 100 ? `;tag=${d.toTag}` : ''}`,
    `Call-ID: ${d.callId}`,
    `CSeq: ${cseq} ${method}`,
    ...extra,
    ...(body.length ? ['Content-Type: application/sdp'] : []),
    `Content-Length: ${len}`,
    '',
    ...body,
  ];
}

/** Every SIP message of one call, in time order. */
export function callMessages(c: CallSpec): Msg[] {
  const inbound = c.scenario !== 'not-found';
  // leg A: the side that sent the first INVITE to the SBC; leg B: the SBC's INVITE onwards
  const aPeer = inbound ? 'carrier' : 'teams';
  const bPeer = inbound ? 'teams' : 'carrier';
  const caller = inbound ? c.pstnNumber : c.teamsNumber;
  const callee = inbound ? c.teamsNumber : c.pstnNumber;
  const a: Dialog = { callId: `a${c.sid.replace(/\W/g, '')}@203.0.113.10`, from: caller, to: callee, fromTag: `fa${c.sid.length}x`,
    toTag: `ta${c.sid.replace(/\W/g, '')}`, via: aPeer === 'teams' ? 'TLS 52.114.75.24:5061' : 'UDP 203.0.113.10:5060', ruri: `sip:${callee}@${SBC_HOST}` };
  const b: Dialog = { callId: `b${c.sid.replace(/\W/g, '')}@198.51.100.5`, from: caller, to: callee, fromTag: `fb${c.sid.length}y`,
    toTag: `tb${c.sid.replace(/\W/g, '')}`, via: 'UDP 198.51.100.5:5060', ruri: `sip:${callee}@${bPeer === 'teams' ? 'sip.pstnhub.microsoft.com' : '203.0.113.10'}` };
  const msgs: Msg[] = [];
  let t = c.start;
  const add = (dir: 'in' | 'out', peer: 'teams' | 'carrier', lines: string[], dt = 40): void => {
    t += dt;
    msgs.push({ time: t, sid: c.sid, framing: framingOf(dir, peer), lines });
  };
  add('in', aPeer, request(a, 'INVITE', 1, false, sdp('203.0.113.20')), 0);
  add('out', aPeer, response(a, 100, 'Trying', 1, 'INVITE'));
  add('out', bPeer, request(b, 'INVITE', 1, false, sdp('198.51.100.5')));
  add('in', bPeer, response(b, 100, 'Trying', 1, 'INVITE'));
  if (c.scenario === 'not-found') {
    add('in', bPeer, response(b, 404, 'Not Found', 1, 'INVITE', [], ['Reason: Q.850;cause=1']));
    add('out', bPeer, request(b, 'ACK', 1, true));
    add('out', aPeer, response(a, 404, 'Not Found', 1, 'INVITE', [], ['Reason: Q.850;cause=1']));
    add('in', aPeer, request(a, 'ACK', 1, true));
    return msgs;
  }
  add('in', bPeer, response(b, 180, 'Ringing', 1, 'INVITE'), 300);
  add('out', aPeer, response(a, 180, 'Ringing', 1, 'INVITE'));
  if (c.scenario === 'busy') {
    add('in', bPeer, response(b, 486, 'Busy Here', 1, 'INVITE', [], ['Reason: Q.850;cause=17']), 2000);
    add('out', bPeer, request(b, 'ACK', 1, true));
    add('out', aPeer, response(a, 486, 'Busy Here', 1, 'INVITE', [], ['Reason: Q.850;cause=17']));
    add('in', aPeer, request(a, 'ACK', 1, true));
    return msgs;
  }
  if (c.scenario === 'cancelled') {
    add('in', aPeer, request(a, 'CANCEL', 1, false), 3000);
    add('out', aPeer, response(a, 200, 'OK', 1, 'CANCEL'));
    add('out', bPeer, request(b, 'CANCEL', 1, false));
    add('in', bPeer, response(b, 200, 'OK', 1, 'CANCEL'));
    add('in', bPeer, response(b, 487, 'Request Terminated', 1, 'INVITE'));
    add('out', bPeer, request(b, 'ACK', 1, true));
    add('out', aPeer, response(a, 487, 'Request Terminated', 1, 'INVITE'));
    add('in', aPeer, request(a, 'ACK', 1, true));
    return msgs;
  }
  add('in', bPeer, response(b, 200, 'OK', 1, 'INVITE', sdp('52.114.16.10')), 2000);
  add('out', bPeer, request(b, 'ACK', 1, true));
  add('out', aPeer, response(a, 200, 'OK', 1, 'INVITE', sdp('198.51.100.5')));
  add('in', aPeer, request(a, 'ACK', 1, true));
  add('in', aPeer, request(a, 'BYE', 2, true, [], ['Reason: Q.850;cause=16']), 30_000);
  add('out', aPeer, response(a, 200, 'OK', 2, 'BYE'));
  add('out', bPeer, request(b, 'BYE', 2, true, [], ['Reason: Q.850;cause=16']));
  add('in', bPeer, response(b, 200, 'OK', 2, 'BYE'));
  return msgs;
}

export interface Record {
  seq: number;
  sid: string;
  time: number;
  payload: string;
}

function pad(n: number, w = 2): string {
  return String(n).padStart(w, '0');
}

function deviceTime(ms: number): string {
  const d = new Date(ms);
  return `${pad(d.getUTCDate())}-${pad(d.getUTCMonth() + 1)}@${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds(), 3)}`;
}

/** Device records of these calls, in S order (messages of concurrent calls interleaved by time). */
export function callRecords(calls: CallSpec[], seq0 = 1000, maxPayload = 700): Record[] {
  const msgs = calls.flatMap(callMessages).sort((x, y) => x.time - y.time);
  const out: Record[] = [];
  let seq = seq0;
  let n = 6_000_000;
  for (const m of msgs) {
    const text = `(N ${String(n++).padStart(8)}) ${m.framing}${E}${m.lines.map((l) => l + E).join('')}${E}${E}`;
    for (let p = 0; p < text.length; p += maxPayload) {
      out.push({ seq: seq++, sid: m.sid, time: m.time, payload: text.slice(p, p + maxPayload) });
    }
  }
  return out;
}

function recordBody(r: Record): string {
  return `[S=${r.seq}] [SID=${r.sid}]  ${r.payload} [Time:${deviceTime(r.time)}]`;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** rsyslog file lines: one per record, line breaks as `#012`. */
export function rsyslogLines(recs: Record[], host = '10.1.1.5'): string[] {
  return recs.map((r) => {
    const d = new Date(r.time);
    const stamp = `${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, ' ')} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
    return `${stamp} ${host} ${recordBody(r).replace(/\r/g, '#015').replace(/\n/g, '#012')}`;
  });
}

/** Raw syslog datagrams as the SBC sends them. */
export function datagrams(recs: Record[]): string[] {
  return recs.map((r) => `<133>${recordBody(r)}`);
}

/** `count` calls cycling through the scenarios, starting a second apart, with distinct SIDs. */
export function someCalls(count: number, start: number, tag = 'a1b2c3'): CallSpec[] {
  const kinds: Scenario[] = ['answered', 'busy', 'not-found', 'cancelled'];
  return Array.from({ length: count }, (_, i) => ({
    sid: `${tag}:${10 + (i % 7)}:${100000 + i}`,
    scenario: kinds[i % kinds.length],
    start: start + i * 1000,
    teamsNumber: `+4930555${String(1000 + i).padStart(4, '0')}`,
    pstnNumber: `+4940777${String(2000 + i).padStart(4, '0')}`,
  }));
}
