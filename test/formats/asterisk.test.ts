import { asteriskFormat, parseAsteriskFrame } from '../../src/formats/asterisk';
import { OPTS, callIdOf, essence, expectedOf, fixture, junkLines, linesOf, readLines, readText } from './reader-helpers';

const CALL = fixture('asterisk', 'teams-call-and-busy.full.log');
const EXPECTED = expectedOf('asterisk', 'teams-call-and-busy.expected.json');

describe('Asterisk pjsip logger reader', () => {
  it('reads every message of an answered call and a 486 with direction, remote, transport and time', () => {
    const r = readText(asteriskFormat, CALL, OPTS, 'full');
    expect(r.errors).toEqual([]);
    expect(r.messages).toHaveLength(EXPECTED.length);
    EXPECTED.forEach((e, i) => {
      const m = r.messages[i];
      expect(m.direction).toBe(e.dir);
      expect(m.remote).toBe(e.remote);
      expect(m.transport).toBe(e.transport);
      expect(m.local).toBeUndefined();
      expect(new Date(m.time ?? 0).toISOString()).toBe(e.time);
      expect(m.raw.startsWith(`${e.start}\r\n`)).toBe(true);
      expect(m.raw.length).toBe(e.rawLength);
      // the frame's byte count is the message's size on the wire
      expect(Buffer.byteLength(m.raw)).toBe(e.rawLength);
      expect(callIdOf(m.raw)).toBe(e.callId);
      expect(m.sessionKey).toBeUndefined();
      expect(m.truncated).toBeUndefined();
    });
    expect(r.messages.filter((m) => m.raw.startsWith('SIP/2.0 486')).map((m) => m.direction)).toEqual(['in', 'out']);
  });

  it('counts verbose lines between messages as skips', () => {
    const r = readText(asteriskFormat, CALL, OPTS, 'full');
    // per INVITE of call 1: one prefixed dialplan line, then two unprefixed verbose lines
    expect(r.skips).toHaveLength(1);
    expect(r.skips[0].why).toContain('Executing');
    expect(r.skips[0].why).toContain('(3 lines)');
  });

  it('reads console output without prefixes (no time)', () => {
    const text = CALL.replace(/^\[[^\]]+\] VERBOSE\[\d+\](?:\[[^\]]*\])? [\w.]+: /gm, '');
    const withPrefix = readText(asteriskFormat, CALL).messages.map((m) => ({ ...essence(m), time: null }));
    const r = readText(asteriskFormat, text);
    expect(r.messages.map(essence)).toEqual(withPrefix);
  });

  it('reads BSD-style log times, IPv6 remotes and chan_sip frames', () => {
    const msg = ['OPTIONS sip:a SIP/2.0', 'Via: SIP/2.0/TLS [2001:db8::9]:5061;branch=z9hG4bKq', 'Call-ID: q@x', 'CSeq: 5 OPTIONS', 'Content-Length: 0', '', ''];
    const text = [
      '[Dec 31 23:59:59] VERBOSE[77] res_pjsip_logger.c: <--- Received SIP request (120 bytes) from TLS:[2001:db8::9]:5061 --->',
      ...msg,
      '<--- SIP read from UDP:10.1.1.1:5060 --->',
      ...msg.slice(0, 5),
      '<------------->',
      '<--- Reliably Transmitting (NAT) to 10.1.1.1:5060 --->',
      ...msg.slice(0, 5),
      '<------------>',
    ].join('\n');
    const r = readText(asteriskFormat, text, { ...OPTS, tz: 'UTC', year: 2025 });
    expect(r.messages.map((m) => [m.direction, m.remote, m.transport])).toEqual([
      ['in', '[2001:db8::9]:5061', 'TLS'],
      ['in', '10.1.1.1:5060', 'UDP'],
      ['out', '10.1.1.1:5060', 'TLS'],
    ]);
    expect(r.messages[0].time).toBe(Date.UTC(2025, 11, 31, 23, 59, 59));
    expect(r.skips).toEqual([]);
    expect(parseAsteriskFrame('<--- Received something else --->')).toBeNull();
  });

  it('dates a time-only log prefix on 1 January of opts.year, or on the collector date', () => {
    const text = CALL.replace(/^\[\d{4}-\d{2}-\d{2} /gm, '[');
    const r = readText(asteriskFormat, text);
    EXPECTED.forEach((e, i) => expect(new Date(r.messages[i].time ?? 0).toISOString()).toBe(`2026-01-01${e.time.slice(10)}`));
  });

  it('gives the same messages for CRLF and LF files, and marks a cut last message', () => {
    const lf = readText(asteriskFormat, CALL);
    expect(readText(asteriskFormat, CALL.replace(/\n/g, '\r\n')).messages.map(essence)).toEqual(lf.messages.map(essence));
    const cut = readText(asteriskFormat, CALL.slice(0, CALL.lastIndexOf('Max-Forwards')));
    expect(cut.messages[cut.messages.length - 1].truncated).toBe(true);
  });

  it('skips a 10 MB line and binary junk without throwing', () => {
    const lines = linesOf(CALL);
    const r = readLines(asteriskFormat, [...lines.slice(0, 2), 'Y'.repeat(10 * 1024 * 1024), ...lines.slice(2)]);
    expect(r.skips.filter((s) => s.why.includes('longer than'))).toHaveLength(1);
    expect(r.messages).toHaveLength(EXPECTED.length);
    expect(r.messages[0].truncated).toBe(true);
    expect(readLines(asteriskFormat, junkLines(100_000)).messages).toEqual([]);
  });
});
