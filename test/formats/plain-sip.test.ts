import { plainSipFormat } from '../../src/formats/plain-sip';
import { OPTS, callIdOf, essence, expectedOf, fixture, junkLines, linesOf, readChunks, readLines, readText } from './reader-helpers';

const CALL = fixture('sip', 'teams-call-and-busy.sip.txt');
const EXPECTED = expectedOf('sip', 'teams-call-and-busy.expected.json');

describe('plain SIP reader', () => {
  it('splits messages at blank lines and keeps bodies by Content-Length; no direction, address or time', () => {
    const r = readText(plainSipFormat, CALL, OPTS, 'dump.txt');
    expect(r.errors).toEqual([]);
    expect(r.skips).toEqual([]);
    expect(r.messages).toHaveLength(EXPECTED.length);
    EXPECTED.forEach((e, i) => {
      const m = r.messages[i];
      expect(m).toMatchObject({ direction: null, time: null, format: 'sip', device: 'dump.txt' });
      expect(m.remote).toBeUndefined();
      expect(m.raw.startsWith(`${e.start}\r\n`)).toBe(true);
      expect(m.raw.length).toBe(e.rawLength);
      expect(callIdOf(m.raw)).toBe(e.callId);
      expect(m.truncated).toBeUndefined();
    });
    expect(r.messages.filter((m) => m.raw.startsWith('SIP/2.0 486'))).toHaveLength(2);
    expect(r.messages[0].transport).toBe('TLS');
  });

  it('reads messages without blank lines between them, and without Content-Length', () => {
    const text = [
      'SIP/2.0 480 Temporarily Unavailable',
      'Call-ID: a@b',
      'CSeq: 1 INVITE',
      '',
      'BYE sip:x@y SIP/2.0',
      'Call-ID: c@d',
      'CSeq: 2 BYE',
      'Content-Type: text/plain',
      '',
      'hello',
      'world',
      '',
      'SIP/2.0 200 OK',
      'Call-ID: c@d',
      'CSeq: 2 BYE',
      'Content-Length: 0',
      '',
    ].join('\n');
    const r = readText(plainSipFormat, text);
    expect(r.messages.map((m) => m.raw)).toEqual([
      'SIP/2.0 480 Temporarily Unavailable\r\nCall-ID: a@b\r\nCSeq: 1 INVITE\r\n\r\n',
      'BYE sip:x@y SIP/2.0\r\nCall-ID: c@d\r\nCSeq: 2 BYE\r\nContent-Type: text/plain\r\n\r\nhello\r\nworld\r\n',
      'SIP/2.0 200 OK\r\nCall-ID: c@d\r\nCSeq: 2 BYE\r\nContent-Length: 0\r\n\r\n',
    ]);
    expect(r.messages.every((m) => !m.truncated)).toBe(true);
  });

  it('reads the real fragments: framing lines are skips, cut messages are truncated', () => {
    const ipfix = readText(plainSipFormat, fixture('sip', 'hepfix8-ribbon-ipfix-teams-invite-fragment.log'));
    expect(ipfix.messages).toHaveLength(1);
    expect(ipfix.messages[0].truncated).toBe(true);
    expect(callIdOf(ipfix.messages[0].raw)).toBe('d47f6e60f1d85282bc613f853f28bdc6');
    expect(ipfix.skips.map((s) => s.why)).toEqual(['not a SIP record: "260-TCP: SINGLE-MESSAGE" (2 lines)']);
    const teams480 = readText(plainSipFormat, fixture('sip', 'msdocs9021-teams-480-no-callee-endpoints.log'));
    expect(teams480.messages).toHaveLength(1);
    expect(teams480.messages[0].raw).toContain('REASON: Q.850;cause=31');
    // no Call-ID: cut, keyed by its place
    expect(teams480.messages[0].truncated).toBe(true);
  });

  it('does not end a message at a web copy blank line before Call-ID/CSeq', () => {
    const lines = linesOf(CALL);
    const end = lines.indexOf('', lines.findIndex((l) => l.startsWith('Content-Length')) + 1);
    const first = lines.slice(0, end);
    const spaced = first.flatMap((l) => [l, '']);
    const r = readLines(plainSipFormat, spaced);
    expect(r.messages).toHaveLength(1);
    expect(r.messages[0].raw).toBe(readLines(plainSipFormat, first).messages[0].raw);
  });

  it('gives the same messages for CRLF and LF, datagrams, a cut end, a 10 MB line and junk', () => {
    const lf = readText(plainSipFormat, CALL);
    expect(readText(plainSipFormat, CALL.replace(/\n/g, '\r\n')).messages.map(essence)).toEqual(lf.messages.map(essence));
    expect(readChunks(plainSipFormat, linesOf(CALL)).messages.map(essence)).toEqual(lf.messages.map(essence));
    const cut = readText(plainSipFormat, CALL.slice(0, CALL.lastIndexOf('a=ptime')));
    expect(cut.messages[cut.messages.length - 1].truncated).toBe(true);
    const lines = linesOf(CALL);
    const big = readLines(plainSipFormat, [...lines.slice(0, 3), 'W'.repeat(10 * 1024 * 1024), ...lines.slice(3)]);
    expect(big.skips.filter((s) => s.why.includes('longer than'))).toHaveLength(1);
    expect(big.messages).toHaveLength(EXPECTED.length);
    const junk = readLines(plainSipFormat, junkLines(100_000));
    expect(junk.messages).toEqual([]);
    expect(junk.skips.length).toBeGreaterThan(0);
  });
});
