/**
 * Builds AudioCodes logs for tests from SIP messages taken from the real fragments in
 * test/fixtures/audiocodes (the BYE of chunk4, the Teams INVITE headers and SDP of the viewer and
 * ODP fragments): the device's session text, records cut at chosen places, and each collector
 * rendering (rsyslog `#012`, `#015#012`, raw datagram, Windows export, Syslog Viewer).
 */

export interface TestMessage {
  framing: string;
  head: string[];
  body: string[];
}

/** The SIP text as the reader must rebuild it: CRLF line ends, blank line, body. */
export function expectedRaw(m: TestMessage): string {
  return m.head.join('\r\n') + '\r\n\r\n' + m.body.map((l) => `${l}\r\n`).join('');
}

function withLength(head: string[], body: string[]): string[] {
  const len = body.reduce((n, l) => n + l.length + 2, 0);
  return head.map((h) => (/^content-length:/i.test(h) ? h.replace(/\d+$/, String(len)) : h));
}

const TEAMS_SDP = [
  'v=0',
  'o=- 1760810766 1135981213 IN IP4 10.160.21.20',
  's=session',
  'c=IN IP4 10.160.21.20',
  'b=CT:1500',
  't=0 0',
  'm=audio 7028 RTP/SAVP 8 18 104 0 13 101',
  'a=rtcp:7029',
  'a=candidate:882788167 1 udp 2130706431 185.221.88.103 42436 typ host',
  'a=candidate:882788167 2 udp 2130706430 185.221.88.103 42437 typ host',
  'a=rtpmap:104 SILK/16000',
  'a=fmtp:104 maxaveragebitrate=50000; useinbandfec=0; minptime=20',
  'a=rtpmap:0 PCMU/8000',
  'a=rtpmap:13 CN/8000',
  'a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:agsbgxh8qa/r+VPfy1dwhRxSUw3uNyv1pOwhCDet|2^31',
  'a=crypto:2 AES_CM_128_HMAC_SHA1_32 inline:6mCe4hfZCghah2q7VyzwOomoNMhHe+yX9fZkH9SI|2^31',
  'a=ptime:20',
];

/** An INVITE from the Teams SIP proxy with SDP (headers of the viewer fragment, SDP of ODP). */
export function teamsInvite(callId = 'f8e538e4bf535025bfdd8c99080cd2ff'): TestMessage {
  return {
    framing: '---- Incoming SIP Message from 52.114.75.24:9024 to SIPInterface #2 (Teams) TLS TO(#138) SocketID(204) ----',
    head: withLength(
      [
        'INVITE sip:+390585296307@sbc.example.it:5061;user=phone;transport=tls SIP/2.0',
        'FROM: Alice Example<sip:+390585296999@sip.pstnhub.microsoft.com:5061;user=phone>;tag=51f0c299a9f8494eaf55fddf3590afd1',
        'TO: <sip:+390585296307@sbc.example.it:5061;user=phone>',
        'CSEQ: 1 INVITE',
        `CALL-ID: ${callId}`,
        'MAX-FORWARDS: 70',
        'VIA: SIP/2.0/TLS 52.114.75.24:5061;branch=z9hG4bK7df8648d',
        'RECORD-ROUTE: <sip:sip-du-a-eu.pstnhub.microsoft.com:5061;transport=tls;lr>',
        `CONTACT: <sip:api-du-c-euwe.pstnhub.microsoft.com:443;x-i=7924f078-9d30-4ac2-a95f-eeb3b8ea8c26;x-c=${callId}/d/8/28e93822c4c1493f90f7be836cde3c1e>`,
        'P-Asserted-Identity: <sip:nome.cognome@domain.com>',
        'X-MS-UserLocation: External',
        'USER-AGENT: Microsoft.PSTNHub.SIPProxy v.2020.12.7.3',
        'Content-Type: application/sdp',
        'CONTENT-LENGTH: 0',
      ],
      TEAMS_SDP,
    ),
    body: TEAMS_SDP,
  };
}

/** The BYE of chunk4, completed (the excerpt cut it inside the User-Agent). */
export function teamsBye(callId = 'f8e538e4bf535025bfdd8c99080cd2ff'): TestMessage {
  return {
    framing: '---- Incoming SIP Message from 52.114.75.24:9024 to SIPInterface #2 (Teams) TLS TO(#138) SocketID(204) ----',
    head: [
      'BYE sip:sbc.example.it:5061;transport=tls SIP/2.0',
      'FROM: Alice Example<sip:+390585296307@sip.pstnhub.microsoft.com:5061;user=phone>;tag=51f0c299a9f8494eaf55fddf3590afd1',
      'TO: <sip:+390585296307@sbc.example.it:5061>;user=phone;tag=633844cd2a52b012e6f0b21c4e950d1d',
      'CSEQ: 4 BYE',
      `CALL-ID: ${callId}`,
      'MAX-FORWARDS: 70',
      'VIA: SIP/2.0/TLS 52.114.75.24:5061;branch=z9hG4bK7df8648d',
      'REASON: Q.850;cause=16;text="7924f078-9d30-4ac2-a95f-eeb3b8ea8c26;CallEndReasonLocalUserInitiated"',
      `CONTACT: <sip:api-du-c-euwe.pstnhub.microsoft.com:443;x-i=7924f078-9d30-4ac2-a95f-eeb3b8ea8c26;x-c=${callId}/d/8/28e93822c4c1493f90f7be836cde3c1e>`,
      'CONTENT-LENGTH: 0',
      'USER-AGENT: Microsoft.PSTNHub.SIPProxy v.2020.12.7.3',
    ],
    body: [],
  };
}

/** A 200 OK the SBC sends toward the PBX (normal-case names, Server header of the viewer fragment). */
export function sbc200(callId = '4341598405122022185752@10.160.111.51'): TestMessage {
  const sdp = [
    'v=0',
    'o=OXE 1643872722 1955545371 IN IP4 82.185.88.164',
    's=abs',
    'c=IN IP4 82.185.88.164',
    't=0 0',
    'a=ice-lite',
    'm=audio 8028 RTP/SAVP 18 101',
    'a=ptime:20',
  ];
  return {
    framing: '---- Outgoing SIP Message to 10.160.21.200:5060 from SIPInterface #1 (Oxe-Cloud) UDP TO(#1) ----',
    head: withLength(
      [
        'SIP/2.0 200 OK',
        'Via: SIP/2.0/UDP 10.160.21.200:5060;branch=z9hG4bKac1987',
        'From: <sip:2001@10.160.21.200>;tag=1c7737',
        'To: <sip:+390585296307@10.160.111.51>;tag=1c1520',
        `Call-ID: ${callId}`,
        'CSeq: 1 INVITE',
        'Contact: <sip:10.160.111.51:5060>',
        'Allow: INVITE, ACK, CANCEL, BYE, PRACK, NOTIFY, REFER, SUBSCRIBE, OPTIONS, UPDATE',
        'Session-Expires: 1800;refresher=uas',
        'Server: SBC/v.7.20A.260.012',
        'Content-Type: application/sdp',
        'Content-Length: 0',
      ],
      sdp,
    ),
    body: sdp,
  };
}

export interface ContentStyle {
  /** line end inside the device text: ' \n' (rsyslog / raw samples) or '\r\n' (ODP Windows sample) */
  eol: ' \n' | '\r\n';
}

/** The device's text for one session: debug lines, framing lines, SIP lines, blank lines. */
export function sessionText(msgs: TestMessage[], style: ContentStyle = { eol: ' \n' }, n0 = 6891676): string {
  const e = style.eol;
  let n = n0;
  let t = `(N ${String(n++).padStart(8)}) (#228)Route found (5), Route by IPGroup, IP Group 1 -> 2 (Teams -> Oxe-Cloud)${e}`;
  for (const m of msgs) {
    t += `(N ${String(n++).padStart(8)}) ${m.framing}${e}`;
    t += m.head.map((l) => l + e).join('');
    t += e;
    t += m.body.map((l) => l + e).join('');
    t += e + e;
    t += `(N ${String(n++).padStart(8)}) AcSIPCall(#945): Handling TRYING_REQ in state Invited${e}`;
  }
  return t;
}

/** Cuts `text` at the given positions (sorted, inside the text). */
export function cut(text: string, at: number[]): string[] {
  const out: string[] = [];
  let p = 0;
  for (const a of at) {
    out.push(text.slice(p, a));
    p = a;
  }
  out.push(text.slice(p));
  return out.filter((s) => s.length > 0);
}

/** Cuts `text` into pieces of about `size` characters (like the device does). */
export function cutEvery(text: string, size: number): string[] {
  const at: number[] = [];
  for (let p = size; p < text.length; p += size) {
    at.push(p);
  }
  return cut(text, at);
}

export interface Rec {
  seq: number;
  sid: string;
  payload: string;
  /** device time, default 19-12@12:44:54.873 */
  time?: string;
}

export function body(r: Rec): string {
  return `[S=${r.seq}] [SID=${r.sid}]  ${r.payload} [Time:${r.time ?? '19-12@12:44:54.873'}]`;
}

/** rsyslog file: one line per record, control characters as `#012`, `#015`, `#011`. */
export function rsyslog(recs: Rec[], host = '10.160.111.51'): string[] {
  return recs.map(
    (r) => `Dec 19 12:44:55 ${host} ${body(r).replace(/\r/g, '#015').replace(/\n/g, '#012').replace(/\t/g, '#011')}`,
  );
}

/** Raw datagrams: `<133>` + body with real line breaks, one push each. */
export function datagrams(recs: Rec[]): string[] {
  return recs.map((r) => `<133>${body(r)}`);
}

/** Windows syslog-server export: prefix on the first line, the record's own line breaks kept. */
export function windowsExport(recs: Rec[], host = '100.112.70.10'): string[] {
  return recs.flatMap((r) => `2020-12-19 12:44:55 local3.notice ${host}  ${body(r)}`.split('\n'));
}

/** Syslog Viewer text: columns on the first line, continuation lines indented to column 79. */
export function viewer(recs: Rec[], host = '10.160.111.51'): string[] {
  const indent = ' '.repeat(79);
  return recs.flatMap((r) => {
    const ls = body(r).replace(/\r/g, '').split('\n');
    return [`12:44:54.873  ${host}  local0.notice  ${ls[0]}`, ...ls.slice(1).map((l) => indent + l)];
  });
}

export function records(sid: string, pieces: string[], seq0: number, step = 1): Rec[] {
  return pieces.map((payload, i) => ({ seq: seq0 + i * step, sid, payload }));
}
