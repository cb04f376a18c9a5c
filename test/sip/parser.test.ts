import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseSip } from '../../src/sip/parser';
import type { SipMessage } from '../../src/sip/sip-message';

const fixture = (name: string): string => readFileSync(join(__dirname, '../fixtures/sip', name), 'utf8');

function ok(text: string): SipMessage {
  const r = parseSip(text);
  if (!r.ok) {
    throw new Error(`expected a message, got: ${r.why}`);
  }
  return r.message;
}

const SDP = ['v=0', 'o=- 1 1 IN IP4 198.51.100.10', 's=-', 'c=IN IP4 198.51.100.10', 't=0 0', 'm=audio 4000 RTP/SAVP 0', ''].join('\r\n');

function invite(opts: { eol?: string; body?: string; contentLength?: number; extra?: string[] } = {}): string {
  const eol = opts.eol ?? '\r\n';
  const body = opts.body ?? SDP;
  const lines = [
    'INVITE sip:+49407770101@sbc.example.com:5061;user=phone;transport=tls SIP/2.0',
    'Via: SIP/2.0/TLS 52.114.132.46:5061;branch=z9hG4bK5aae9254',
    'From: "Voice Eng" <sip:+49305550101@sip.pstnhub.microsoft.com:5061;user=phone>;tag=6d38c4eb',
    'To: <sip:+49407770101@sbc.example.com:5061;user=phone>',
    'Call-ID: d47f6e60f1d85282bc613f853f28bdc6',
    'CSeq: 1 INVITE',
    ...(opts.extra ?? []),
    'Content-Type: application/sdp',
    `Content-Length: ${opts.contentLength ?? Buffer.byteLength(body)}`,
  ];
  return lines.join(eol) + eol + eol + body.split('\r\n').join(eol);
}

describe('parseSip', () => {
  it('when given a Teams INVITE with SDP, then it fills every shortcut', () => {
    const m = ok(invite());
    expect(m.kind).toBe('request');
    expect(m.method).toBe('INVITE');
    expect(m.requestUri).toBe('sip:+49407770101@sbc.example.com:5061;user=phone;transport=tls');
    expect(m.callId).toBe('d47f6e60f1d85282bc613f853f28bdc6');
    expect(m.cseq).toEqual({ seq: 1, method: 'INVITE' });
    expect(m.from).toMatchObject({
      display: 'Voice Eng',
      user: '+49305550101',
      host: 'sip.pstnhub.microsoft.com',
      tag: '6d38c4eb',
      port: 5061,
      uriParams: { user: 'phone' },
    });
    expect(m.to?.tag).toBeUndefined();
    expect(m.via).toEqual([{ transport: 'TLS', host: '52.114.132.46', port: 5061, branch: 'z9hG4bK5aae9254' }]);
    expect(m.body).toBe(SDP);
    expect(m.truncated).toBe(false);
  });

  it('when lines end with LF only and Content-Length counted CRLF, then the whole body is kept', () => {
    const m = ok(invite({ eol: '\n' }));
    expect(m.body).toBe(SDP.split('\r\n').join('\n'));
    expect(m.truncated).toBe(false);
  });

  it('when the body is longer than Content-Length, then it is cut there', () => {
    const m = ok(invite({ body: 'v=0\r\nEXTRA', contentLength: 5 }));
    expect(m.body).toBe('v=0\r\n');
    expect(m.truncated).toBe(false);
  });

  it('when the body is shorter than Content-Length, then the message is truncated', () => {
    const m = ok(invite({ contentLength: SDP.length + 100 }));
    expect(m.truncated).toBe(true);
    expect(m.body).toBe(SDP);
  });

  it('when a UTF-8 body is measured, then Content-Length counts bytes not characters', () => {
    const body = 's=Müller ☎\r\n';
    const m = ok(invite({ body }));
    expect(m.body).toBe(body);
    expect(m.truncated).toBe(false);
  });

  it('when header names use any case and compact forms, then they are canonical', () => {
    const text = [
      'SIP/2.0 200 OK',
      'v: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bKa;received=198.51.100.7;rport=5062, SIP/2.0/TCP [2001:db8::1]:5061;branch=z9hG4bKb',
      'VIA: SIP/2.0/TLS sbc.example.com;branch=z9hG4bKc',
      'f: <sip:alice@example.com>;tag=1',
      't: Bob <sip:bob@example.com>;tag=2',
      'i: abc@host',
      'CSEQ: 7 options',
      'm: <sip:sbc.example.com:5061;transport=tls>',
      'k: timer',
      'l: 0',
      'X-Custom-Thing: yes',
      '',
      '',
    ].join('\r\n');
    const m = ok(text);
    expect(m.kind).toBe('response');
    expect(m.status).toBe(200);
    expect(m.reasonPhrase).toBe('OK');
    expect(m.method).toBe('OPTIONS');
    expect(m.callId).toBe('abc@host');
    expect(m.headers.map((h) => h.name)).toEqual([
      'via', 'via', 'from', 'to', 'call-id', 'cseq', 'contact', 'supported', 'content-length', 'x-custom-thing',
    ]);
    expect(m.headers[4].rawName).toBe('i');
    expect(m.via).toEqual([
      { transport: 'UDP', host: '10.0.0.1', port: 5060, branch: 'z9hG4bKa', received: '198.51.100.7', rport: '5062' },
      { transport: 'TCP', host: '2001:db8::1', port: 5061, branch: 'z9hG4bKb' },
      { transport: 'TLS', host: 'sbc.example.com', branch: 'z9hG4bKc' },
    ]);
    expect(m.to).toMatchObject({ display: 'Bob', user: 'bob', tag: '2' });
    expect(m.truncated).toBe(false);
  });

  it('when a header is folded over several lines, then the value is joined', () => {
    const text = ['OPTIONS sip:sbc.example.com SIP/2.0', 'Subject: first', ' second', '\tthird', 'Call-ID: x', '', ''].join('\r\n');
    const m = ok(text);
    expect(m.headers[0]).toEqual({ name: 'subject', rawName: 'Subject', value: 'first second third' });
    expect(m.callId).toBe('x');
  });

  it('when Call-ID is missing, then it is still a message with callId ""', () => {
    const m = ok('BYE sip:a@b SIP/2.0\r\nCSeq: 2 BYE\r\n\r\n');
    expect(m.callId).toBe('');
    expect(m.from).toBeNull();
    expect(m.via).toEqual([]);
  });

  it('when the head has no blank line at its end, then it is truncated', () => {
    const m = ok(fixture('teams-invite-fragment-cut.sip'));
    expect(m.truncated).toBe(true);
    expect(m.callId).toBe('d47f6e60f1d85282bc613f853f28bdc6');
    expect(m.from?.display).toBe('Voice Eng-Dev');
    const oracleCut = ok('SIP/2.0 200 OK\r\nCall-ID: 1@h\r\nCSeq: 223474 ');
    expect(oracleCut.truncated).toBe(true);
    expect(oracleCut.cseq).toEqual({ seq: 223474, method: '' });
  });

  it('when the first line is not SIP, then the parse fails with a reason', () => {
    for (const bad of ['', '   \r\n', 'hello world', 'GET / HTTP/1.1\r\nHost: x\r\n\r\n', 'SIP/2.0 abc OK', '[S=1] some debug line']) {
      const r = parseSip(bad);
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.why.length).toBeGreaterThan(0);
      }
    }
  });

  it('when given the real Teams BYE (upper-case names), then Reason, Contact and Via are read', () => {
    const m = ok(fixture('teams-bye-q850-16.sip'));
    expect(m.method).toBe('BYE');
    expect(m.callId).toBe('f8e538e4bf535025bfdd8c99080cd2ff');
    expect(m.cseq).toEqual({ seq: 4, method: 'BYE' });
    expect(m.from).toMatchObject({ display: 'Alice Example', user: '+390585296307', tag: '51f0c299a9f8494eaf55fddf3590afd1' });
    // Teams put ;user=phone outside the brackets: it is a header param there
    expect(m.to).toMatchObject({ user: '+390585296307', host: 'sbc.example.it', tag: '633844cd2a52b012e6f0b21c4e950d1d' });
    expect(m.to?.params.user).toBe('phone');
    expect(m.via[0]).toMatchObject({ transport: 'TLS', host: '52.114.75.24', port: 5061 });
    expect(m.truncated).toBe(false);
    expect(m.body).toBe('');
  });

  it('when given the Teams 480 excerpt, then status and Reason header are there', () => {
    const m = ok(fixture('teams-480-no-callee-endpoints.sip'));
    expect(m.status).toBe(480);
    expect(m.reasonPhrase).toBe('Temporarily Unavailable');
    expect(m.headers[0].name).toBe('reason');
    expect(m.method).toBe('');
  });

  it('when Content-Length is 0 and the framer dropped the final blank line, then it is not truncated', () => {
    const m = ok('SIP/2.0 200 OK\r\nCall-ID: a\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0');
    expect(m.truncated).toBe(false);
  });

  it('when there are leading blank lines, then they are skipped', () => {
    const m = ok('\r\n\r\nACK sip:a@b SIP/2.0\nCall-ID: q\n\n');
    expect(m.method).toBe('ACK');
    expect(m.callId).toBe('q');
  });
});
