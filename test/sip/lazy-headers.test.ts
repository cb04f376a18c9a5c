import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { canonicalHeaderName, fromTagOf, getHeader, headersMayMatch, toTagOf, getHeaderValues, getHeaders, parseNameAddr, parseVia, topViaBranchOf } from '../../src/sip/headers';
import { parseSip } from '../../src/sip/parser';
import type { SipMessage } from '../../src/sip/sip-message';

function ok(text: string): SipMessage {
  const r = parseSip(text);
  if (!r.ok) {
    throw new Error(`expected a message, got: ${r.why}`);
  }
  return r.message;
}

/** What the hot-path fields must be, read from the full header list (the rules of the old parser). */
function expectHotFieldsMatchHeaders(m: SipMessage): void {
  const callIds = getHeaders(m, 'call-id');
  expect(m.callId).toBe(callIds.find((v) => v !== '') ?? '');
  const from = getHeader(m, 'from');
  expect(m.from).toEqual(from === undefined ? null : parseNameAddr(from));
  const to = getHeader(m, 'to');
  expect(m.to).toEqual(to === undefined ? null : parseNameAddr(to));
  expect(m.via).toEqual(getHeaders(m, 'via').flatMap((v) => parseVia(v)));
  const cseq = getHeader(m, 'cseq');
  if (cseq === undefined) {
    expect(m.cseq).toBeNull();
  } else if (m.cseq) {
    expect(cseq.startsWith(String(m.cseq.seq)) || cseq.trim().startsWith(String(m.cseq.seq))).toBe(true);
  }
}

const TRICKY = [
  // compact forms, odd case, a first empty Call-ID, folded From, repeated Via, a line without colon
  [
    'SIP/2.0 486 Busy Here',
    'v: SIP/2.0/UDP 10.0.0.1;branch=z9hG4bKa, SIP/2.0/TLS 52.114.75.24:5061;branch=z9hG4bKb',
    'VIA: SIP/2.0/TCP [2001:db8::1]:5060;branch=z9hG4bKc',
    'call-id:',
    'I: second-call-id@host',
    'f: "Alice"',
    '  <sip:+4930555@sbc.example.com;user=phone>',
    '\t;tag=abc',
    'garbage line without colon',
    ' continued garbage goes to From too',
    'T :<sip:+4940777@sbc.example.com>;TAG=def',
    'cseq: 7 invite',
    ': no name',
    'l: 0',
    '',
    '',
  ].join('\r\n'),
  // bare LF, header names padded with spaces and tabs, a non-breaking space before a name
  [
    'BYE sip:x@example.com SIP/2.0',
    ' Via : SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK1',
    '\u00a0From: <sip:a@example.com>;tag=1',
    'From\t: <sip:b@example.com>;tag=2',
    'To: <sip:c@example.com>',
    'Call-ID: lf-only',
    'CSeq: 2 BYE',
    'Content-Length: 0',
    '',
    '',
  ].join('\n'),
  // head cut short (no blank line)
  ['INVITE sip:y@example.com SIP/2.0', 'Call-ID: cut', 'From: <sip:a@example.com>;tag=9', 'Content-Len'].join('\r\n'),
];

describe('headers read on demand', () => {
  it('when messages have compact, repeated, folded and odd header lines, then the hot fields equal what the full header list says', () => {
    for (const text of TRICKY) {
      expectHotFieldsMatchHeaders(ok(text));
    }
    const busy = ok(TRICKY[0]);
    expect(busy.callId).toBe('second-call-id@host');
    // a folded line after a skipped line continues the header before the skipped line (as before)
    expect(busy.from?.tag).toBe('abc continued garbage goes to From too');
    expect(busy.to?.tag).toBe('def');
    expect(busy.via.map((v) => v.branch)).toEqual(['z9hG4bKa', 'z9hG4bKb', 'z9hG4bKc']);
    expect(busy.cseq).toEqual({ seq: 7, method: 'INVITE' });
    const bye = ok(TRICKY[1]);
    expect(bye.from?.tag).toBe('1');
    expect(bye.via[0].host).toBe('192.0.2.1');
    expect(ok(TRICKY[2]).truncated).toBe(true);
  });

  it('when every SIP fixture is parsed, then the hot fields equal what the full header list says', () => {
    const dir = join(__dirname, '../fixtures/sip');
    const files = readdirSync(dir).filter((f) => !f.endsWith('.md') && !f.endsWith('.json'));
    expect(files.length).toBeGreaterThan(0);
    let parsed = 0;
    for (const f of files) {
      const r = parseSip(readFileSync(join(dir, f), 'utf8'));
      // the raw .sip messages must parse; vendor log lines and bare SDP are not SIP messages
      if (f.endsWith('.sip')) {
        expect({ f, ok: r.ok }).toEqual({ f, ok: true });
      }
      if (r.ok) {
        parsed++;
        expectHotFieldsMatchHeaders(r.message);
      }
    }
    expect(parsed).toBeGreaterThanOrEqual(files.filter((f) => f.endsWith('.sip')).length);
  });

  it('when single headers are read before the header list is built, then they equal what the full list says', () => {
    const dir = join(__dirname, '../fixtures/sip');
    const odd = [
      // a folded line after a line with an empty name, a name with a Kelvin sign (lower-cases to k), a dotted capital I
      ['OPTIONS sip:x@example.com SIP/2.0', 'Subject: one', ': empty', '  folded after empty', 'Supported: a', '\u212a: compact k', 'V\u0130A: not via', '\tVia : SIP/2.0/UDP h;branch=1', 'Subject: two', ' three', 'x', '\u00a0Reason : Q.850;cause=16', '', ''].join('\r\n'),
      ...TRICKY,
    ];
    const texts = [...odd, ...readdirSync(dir).filter((f) => f.endsWith('.sip')).map((f) => readFileSync(join(dir, f), 'utf8'))];
    for (const text of texts) {
      const full = ok(text).headers;
      const names = [...new Set([...full.map((h) => h.name), 'absent', 'i', 'K', 'VIA', 'subject'])];
      for (const name of names) {
        const n = canonicalHeaderName(name);
        const values = full.filter((h) => h.name === n).map((h) => h.value);
        const lazy = ok(text);
        expect({ name, first: getHeader(lazy, name), all: getHeaders(lazy, name) }).toEqual({ name, first: values[0], all: values });
      }
      const canon = [...new Set(names.map(canonicalHeaderName))];
      const each = canon.map((n) => full.filter((h) => h.name === n).map((h) => h.value));
      expect(getHeaderValues(ok(text), canon)).toEqual(each);
      expect(getHeaderValues(ok(text), canon, true)).toEqual(each.map((v) => v.slice(0, 1)));
      // the same answers once the list is built
      const built = ok(text);
      expect(built.headers.length).toBe(full.length);
      expect(getHeaderValues(built, canon)).toEqual(each);
    }
  });

  it('when a parsed message is serialised, then headers are there like any other field, where a plain message has them', () => {
    const m = ok(TRICKY[1]);
    const json = JSON.parse(JSON.stringify(m)) as SipMessage;
    expect(Object.keys(json).slice(0, 3)).toEqual(['kind', 'method', 'headers']);
    expect(json.headers.map((h) => h.name)).toEqual(['via', 'from', 'from', 'to', 'call-id', 'cseq', 'content-length']);
    const plain: SipMessage = {
      kind: m.kind,
      method: m.method,
      headers: m.headers,
      body: m.body,
      truncated: m.truncated,
      callId: m.callId,
      cseq: m.cseq,
      from: m.from,
      to: m.to,
      via: m.via,
      requestUri: m.requestUri,
    };
    expect(JSON.stringify(m)).toBe(JSON.stringify(plain));
    expect(m.headers).toBe(m.headers);
  });

  it('when From/To are read lazily, then tags read alone equal the parsed ones, and fields and order stay as before', () => {
    for (const text of TRICKY) {
      const lazy = ok(text);
      const tags = [fromTagOf(lazy), toTagOf(lazy)];
      expect(tags).toEqual([ok(text).from?.tag, ok(text).to?.tag]);
      const keys = Object.keys(JSON.parse(JSON.stringify(lazy)) as object);
      expect(keys.slice(0, 10)).toEqual(['kind', 'method', 'headers', 'body', 'truncated', 'callId', 'cseq', 'from', 'to', 'via']);
      expect(keys.slice(10)).toEqual(Object.keys(lazy).slice(6));
    }
    const m = ok(TRICKY[1]);
    // headers, from, to and via are accessors of the class (read when first asked for), not own fields
    expect(Object.keys(m)).toEqual(['kind', 'method', 'body', 'truncated', 'callId', 'cseq', 'requestUri']);
    expect(Object.keys(JSON.parse(JSON.stringify(ok(TRICKY[1]))) as object)).toEqual([
      'kind', 'method', 'headers', 'body', 'truncated', 'callId', 'cseq', 'from', 'to', 'via', 'requestUri',
    ]);
    expect(m.from).toBe(m.from);
    expect(headersMayMatch(m, /pstnhub/i)).toBe(false);
    m.to = { uri: 'sip:sip.pstnhub.microsoft.com', host: 'sip.pstnhub.microsoft.com', tag: 'x', params: { tag: 'x' } };
    expect(toTagOf(m)).toBe('x');
    // a replaced address is not in the text any more: the text test must not rule it out
    expect(headersMayMatch(m, /pstnhub/i)).toBe(true);
  });

  it('when headers are replaced or changed, then the message keeps what was set', () => {
    const m = ok(TRICKY[1]);
    m.headers[0].value = 'changed';
    expect(getHeader(m, 'via')).toBe('changed');
    m.headers = [{ name: 'x-test', rawName: 'X-Test', value: '1' }];
    expect(getHeader(m, 'x-test')).toBe('1');
    expect(JSON.parse(JSON.stringify(m)).headers).toEqual([{ name: 'x-test', rawName: 'X-Test', value: '1' }]);
  });
});

describe('Via read when first asked for', () => {
  const text = [
    'SIP/2.0 200 OK',
    'Via: SIP/2.0/UDP ;branch=nohost, SIP/2.0/UDP 10.0.0.1;branch=z9hG4bKa, SIP/2.0/TLS 52.114.75.24:5061;branch=z9hG4bKb',
    'v: SIP/2.0/TCP [2001:db8::1]:5060',
    'Call-ID: c1',
    'CSeq: 1 INVITE',
    'Content-Length: 0',
    '',
    '',
  ].join('\r\n');

  it('the top branch alone is the first hop with a host, as via[0]', () => {
    const m = ok(text);
    expect(topViaBranchOf(m)).toBe('z9hG4bKa');
    expect(m.via.map((v) => v.branch)).toEqual(['z9hG4bKa', 'z9hG4bKb', undefined]);
    expect(topViaBranchOf(m)).toBe(m.via[0].branch);
  });

  it('via before and after the header list is built are the same', () => {
    const a = ok(text);
    const b = ok(text);
    expect(b.headers.length).toBeGreaterThan(0);
    expect(a.via).toEqual(b.via);
    expect(Object.keys(a)).toEqual(Object.keys(b));
    expect(JSON.parse(JSON.stringify(a))).toEqual(JSON.parse(JSON.stringify(b)));
  });

  it('a replaced Via list is what is read, the top branch included', () => {
    const m = ok(text);
    m.via = [{ transport: 'UDP', host: 'h', branch: 'z9hG4bKnew' }];
    expect(topViaBranchOf(m)).toBe('z9hG4bKnew');
    expect(m.via).toEqual([{ transport: 'UDP', host: 'h', branch: 'z9hG4bKnew' }]);
  });

  it('no Via: no hop, no branch', () => {
    const m = ok('OPTIONS sip:a@b SIP/2.0\r\nCall-ID: x\r\nCSeq: 1 OPTIONS\r\n\r\n');
    expect(topViaBranchOf(m)).toBeUndefined();
    expect(m.via).toEqual([]);
  });
});

describe('one Via, From and To kept as written until read', () => {
  const text = 'BYE sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP 10.0.0.9;branch=z9hG4bKone\r\nFrom: <sip:a@x>;tag=f\r\nTo: <sip:b@y>;tag=t\r\nCall-ID: c\r\nCSeq: 2 BYE\r\n\r\n';

  it('reads the same whichever is asked for first', () => {
    const a = ok(text);
    const b = ok(text);
    expect([topViaBranchOf(a), fromTagOf(a), toTagOf(a)]).toEqual(['z9hG4bKone', 'f', 't']);
    expect(a.via).toEqual(b.via);
    expect(a.via).toBe(a.via);
    expect(topViaBranchOf(b)).toBe('z9hG4bKone');
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(a.from).toEqual(parseNameAddr('<sip:a@x>;tag=f'));
    a.from = null;
    expect(fromTagOf(a)).toBeUndefined();
  });
});
