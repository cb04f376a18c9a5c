import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseSip } from '../../src/sip/parser';
import {
  getHeader,
  getHeaders,
  msCodeFromReason,
  parseMsDiagnostics,
  parseNameAddr,
  parseParams,
  parseReason,
  parseRetryAfter,
  parseSessionExpires,
  parseUri,
  parseVia,
  parseWarning,
  splitList,
} from '../../src/sip/headers';

const bye = (() => {
  const r = parseSip(readFileSync(join(__dirname, '../fixtures/sip/teams-bye-q850-16.sip'), 'utf8'));
  if (!r.ok) {
    throw new Error(r.why);
  }
  return r.message;
})();

describe('getHeader / getHeaders', () => {
  it('when asked by any case or compact form, then the same header is found', () => {
    expect(getHeader(bye, 'Call-ID')).toBe('f8e538e4bf535025bfdd8c99080cd2ff');
    expect(getHeader(bye, 'i')).toBe('f8e538e4bf535025bfdd8c99080cd2ff');
    expect(getHeader(bye, 'USER-AGENT')).toBe('Microsoft.PSTNHub.SIPProxy v.2020.12.7.3');
    expect(getHeader(bye, 'x-ms-sbc')).toBeUndefined();
  });

  it('when a header repeats, then getHeaders returns each line in order', () => {
    const r = parseSip('INVITE sip:a@b SIP/2.0\r\nRecord-Route: <sip:p1;lr>\r\nRecord-Route: <sip:p2;lr>, <sip:p3;lr>\r\n\r\n');
    expect(r.ok && getHeaders(r.message, 'record-route')).toEqual(['<sip:p1;lr>', '<sip:p2;lr>, <sip:p3;lr>']);
  });
});

describe('parseNameAddr', () => {
  it('when given the forms SBCs write, then display, user, host, tag and params are split', () => {
    expect(parseNameAddr('"Alice, Sales" <sip:+4930555@sbc.example.com:5061;user=phone>;tag=abc;x=1')).toEqual({
      display: 'Alice, Sales',
      uri: 'sip:+4930555@sbc.example.com:5061;user=phone',
      user: '+4930555',
      host: 'sbc.example.com',
      port: 5061,
      tag: 'abc',
      params: { tag: 'abc', x: '1' },
      uriParams: { user: 'phone' },
    });
    expect(parseNameAddr('sip:bob@Example.COM;tag=9')).toMatchObject({ user: 'bob', host: 'example.com', tag: '9' });
    expect(parseNameAddr('<tel:+4930555;phone-context=example.com>')).toMatchObject({ user: '+4930555', uriParams: { 'phone-context': 'example.com' } });
    expect(parseNameAddr('<sip:[2001:db8::5]:5060>')).toMatchObject({ host: '2001:db8::5', port: 5060 });
    expect(parseNameAddr('Anonymous <sip:anonymous@anonymous.invalid>')).toMatchObject({ display: 'Anonymous', user: 'anonymous' });
    expect(parseNameAddr('')).toBeNull();
  });

  it('when the Contact is Microsoft\'s, then x-i and x-c are URI params', () => {
    const c = parseNameAddr(getHeader(bye, 'contact') ?? '');
    expect(c?.host).toBe('api-du-c-euwe.pstnhub.microsoft.com');
    expect(c?.uriParams?.['x-i']).toBe('7924f078-9d30-4ac2-a95f-eeb3b8ea8c26');
    expect(c?.uriParams?.['x-c']).toBe('f8e538e4bf535025bfdd8c99080cd2ff/d/8/28e93822c4c1493f90f7be836cde3c1e');
  });
});

describe('value parsers on odd input', () => {
  // what the parsers gave before they read by index (key order included: stored calls are JSON)
  const CASES: [string, string, unknown][] = [
    ["parseNameAddr", "\"A \\\"q\\\"\" <tel: +49 30 ;phone-context=x>;TAG=2;tag=3", {"uri":"tel: +49 30 ;phone-context=x","params":{"tag":"2"},"display":"A \"q\"","user":"+49 30","tag":"2","uriParams":{"phone-context":"x"}}],
    ["parseNameAddr", "<sip:u:pw@[2001:db8::1]:5061;Transport=TLS;lr?X=1>;tag=a;constructor=1", {"uri":"sip:u:pw@[2001:db8::1]:5061;Transport=TLS;lr?X=1","params":{"tag":"a"},"user":"u","host":"2001:db8::1","tag":"a","port":5061,"uriParams":{"transport":"TLS","lr":""}}],
    ["parseNameAddr", "sip:bob@Example.COM:00005060;tag=1;;flag", {"uri":"sip:bob@Example.COM:00005060","params":{"tag":"1","flag":""},"user":"bob","host":"example.com","tag":"1","port":5060}],
    ["parseNameAddr", " <sips:x@h:99999>　", {"uri":"sips:x@h:99999","params":{},"user":"x","host":"h"}],
    ["parseUri", "sip:a@b:50x;user=phone", {"scheme":"sip","params":{"user":"phone"},"user":"a","host":"b","port":50}],
    ["parseUri", "SIP:@:5060", {"scheme":"sip","params":{},"port":5060}],
    ["parseVia", "SIP / 2.0 / tls [::1]:5061;RPORT=5;branch=\"a;b\";Branch=c, ,SIP/2.0/udp H.example:x;received", [{"transport":"TLS","host":"::1","port":5061,"branch":"a;b","rport":"5"},{"transport":"UDP","host":"h.example","received":""}]],
    ["parseVia", "SIP/2.0/TCP 2001:db8::1;branch=z9hG4bK1", [{"transport":"TCP","host":"2001:db8::1","branch":"z9hG4bK1"}]],
    ["parseParams", "; tag = \"a\\\"b\" ;Key=1;lr;=x;TAG=2", {"tag":"a\"b","key":"1","lr":""}],
    ["splitList", "a, \"b,c\" <sip:x,y>, ,d\\,", ["a","\"b,c\" <sip:x,y>","d\\"]],
  ];
  const parsers: Record<string, (v: string) => unknown> = { parseNameAddr, parseUri, parseVia, parseParams, splitList };

  it('when values have quotes, escapes, odd case, unicode blanks, IPv6 and repeated params, then they parse as before', () => {
    for (const [fn, value, expected] of CASES) {
      expect({ fn, value, got: JSON.stringify(parsers[fn](value)) }).toEqual({ fn, value, got: JSON.stringify(expected) });
    }
  });
});

describe('parseReason', () => {
  it('when Teams writes uuid;phrase into text, then correlationId and phrase are split', () => {
    expect(parseReason(getHeader(bye, 'reason') ?? '')).toEqual([
      {
        protocol: 'Q.850',
        cause: 16,
        text: '7924f078-9d30-4ac2-a95f-eeb3b8ea8c26;CallEndReasonLocalUserInitiated',
        correlationId: '7924f078-9d30-4ac2-a95f-eeb3b8ea8c26',
        phrase: 'CallEndReasonLocalUserInitiated',
      },
    ]);
  });

  it('when several reasons are given, then each is returned; a plain text is the phrase', () => {
    expect(parseReason('SIP;cause=200;text="Call completed elsewhere", q.850 ; cause=16')).toEqual([
      { protocol: 'SIP', cause: 200, text: 'Call completed elsewhere', phrase: 'Call completed elsewhere' },
      { protocol: 'Q.850', cause: 16 },
    ]);
    expect(parseReason('Q.850;cause=abc')).toEqual([{ protocol: 'Q.850', cause: null }]);
  });

  it('when a Microsoft code sits at the start of the text, then msCodeFromReason finds it', () => {
    expect(msCodeFromReason(parseReason('Q.850;cause=21;text="560403;Call rejected"'))).toBe(560403);
    expect(msCodeFromReason(parseReason('Q.850;cause=63;text="5e19725b-7fad-4e89-bae3-dfc5df88bb96;10500 fork"'))).toBe(10500);
    expect(msCodeFromReason(parseReason('Q.850;cause=31;text="5e19725b-7fad-4e89-bae3-dfc5df88bb96;No callee endpoints were found."'))).toBeNull();
  });
});

describe('parseMsDiagnostics', () => {
  it('when given the MS-OCER syntax, then code, reason and source are read', () => {
    expect(parseMsDiagnostics('10016;source="sip.pstnhub.microsoft.com";reason="Call rejected; busy"')).toEqual({
      code: 10016,
      source: 'sip.pstnhub.microsoft.com',
      reason: 'Call rejected; busy',
      raw: '10016;source="sip.pstnhub.microsoft.com";reason="Call rejected; busy"',
    });
    expect(parseMsDiagnostics('1033.4;reason="x"')).toMatchObject({ code: 1033, reason: 'x' });
    expect(parseMsDiagnostics('reason="x"')).toBeNull();
  });
});

describe('small headers', () => {
  it('when Retry-After, Warning and Session-Expires are given, then their parts are read', () => {
    expect(parseRetryAfter('120 (in a meeting);duration=3600')).toEqual({ seconds: 120, comment: 'in a meeting', duration: 3600 });
    expect(parseRetryAfter('abc')).toBeNull();
    expect(parseWarning('399 sbc.example.com "Media, not available", 307 isi.edu "Session parameter \'foo\' not understood"')).toEqual([
      { code: 399, agent: 'sbc.example.com', text: 'Media, not available' },
      { code: 307, agent: 'isi.edu', text: "Session parameter 'foo' not understood" },
    ]);
    expect(parseSessionExpires('1800;refresher=uas')).toEqual({ seconds: 1800, refresher: 'uas' });
  });
});
