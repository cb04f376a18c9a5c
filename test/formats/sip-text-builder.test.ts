import { headerColon, isSipStartLine, SipMessageBuilder } from '../../src/formats/sip-text-builder';

function build(lines: string[], block = false) {
  const b = new SipMessageBuilder(block);
  const taken = lines.map((l) => b.push(l));
  return { b, taken, built: b.finish() };
}

describe('SIP text builder', () => {
  it('knows start lines and header lines', () => {
    expect(isSipStartLine('INVITE sip:+4940@x;user=phone SIP/2.0')).toBe(true);
    expect(isSipStartLine('SIP/2.0 486 Busy Here')).toBe(true);
    expect(isSipStartLine('SIP/2.0 200')).toBe(true);
    expect(isSipStartLine('SIP/2.0 20 OK')).toBe(false);
    expect(isSipStartLine('invite sip:x SIP/2.0')).toBe(false);
    expect(isSipStartLine('I SIP/2.0')).toBe(false);
    expect(isSipStartLine('Via: SIP/2.0/UDP x')).toBe(false);
    expect(headerColon('Call-ID: x')).toBe(7);
    expect(headerColon('i : x')).toBe(2);
    expect(headerColon('a=rtpmap:0 PCMU/8000')).toBe(-1);
    expect(headerColon('SIP/2.0 200 OK')).toBe(-1);
    expect(headerColon(' folded: x')).toBe(-1);
  });

  it('ends a message at Content-Length and gives CRLF text with facts', () => {
    const { taken, built, b } = build(['INVITE sip:a@b SIP/2.0', 'v: SIP/2.0/TLS 1.2.3.4:5061', 'i: abc', 'CSeq: 1 INVITE', 'l: 5', '', 'v=0', 'next']);
    expect(taken).toEqual([true, true, true, true, true, true, true, false]);
    expect(b.complete).toBe(true);
    expect(built).toEqual({
      ok: true,
      raw: 'INVITE sip:a@b SIP/2.0\r\nv: SIP/2.0/TLS 1.2.3.4:5061\r\ni: abc\r\nCSeq: 1 INVITE\r\nl: 5\r\n\r\nv=0\r\n',
      truncated: false,
      facts: expect.objectContaining({ callId: 'abc', contentLength: 5, via: 'SIP/2.0/TLS 1.2.3.4:5061', requestUri: 'sip:a@b', isRequest: true }),
    });
  });

  it('in block mode keeps lines after Content-Length as body (LF-only bodies) but not a new start line', () => {
    const { taken, built } = build(['SIP/2.0 200 OK', 'Call-ID: x', 'CSeq: 1 INVITE', 'Content-Length: 4', '', 'v=0', 'o=x', 'SIP/2.0 180 Ringing'], true);
    expect(taken).toEqual([true, true, true, true, true, true, true, false]);
    expect(built).toMatchObject({ ok: true, raw: 'SIP/2.0 200 OK\r\nCall-ID: x\r\nCSeq: 1 INVITE\r\nContent-Length: 4\r\n\r\nv=0\r\no=x\r\n' });
  });

  it('flags what is cut: no blank line and no Content-Length, a short body, a CSeq without method, no Call-ID', () => {
    expect(build(['SIP/2.0 200 OK', 'Call-ID: x', 'CSe']).built).toMatchObject({ truncated: true });
    expect(build(['SIP/2.0 200 OK', 'Call-ID: x', 'CSeq: 1 INVITE', 'Content-Length: 100', '', 'v=0']).built).toMatchObject({ truncated: true });
    expect(build(['SIP/2.0 200 OK', 'Call-ID: x', 'CSeq: 223474 ']).built).toMatchObject({ truncated: true });
    expect(build(['SIP/2.0 200 OK', 'CSeq: 1 BYE', 'Content-Length: 0', '']).built).toMatchObject({ truncated: true });
    expect(build(['SIP/2.0 200 OK', 'Call-ID: x', 'CSeq: 1 BYE', 'Content-Length: 0']).built).toMatchObject({ truncated: false });
  });

  it('says what is not SIP, and nothing for blank input', () => {
    expect(build(['DNS Response 3916', '  0000: 0f 4c']).built).toEqual({ ok: false, firstLine: 'DNS Response 3916', lines: 2 });
    expect(build(['', '  ']).built).toBeNull();
  });

  it('takes a new start line after a blank line in the body as the next message', () => {
    const { taken } = build(['SIP/2.0 200 OK', 'Call-ID: x', 'CSeq: 1 INVITE', 'Content-Length: 900', '', 'v=0', '', 'ACK sip:a SIP/2.0']);
    expect(taken[taken.length - 1]).toBe(false);
  });
});
