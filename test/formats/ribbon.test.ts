import { ribbonFormat, unescapeSyslogLines } from '../../src/formats/ribbon';
import { OPTS, callIdOf, essence, expectedOf, fixture, junkLines, linesOf, readChunks, readLines, readText } from './reader-helpers';

const CALL = fixture('ribbon', 'teams-call-and-480.syslog.log');
const EXPECTED = expectedOf('ribbon', 'teams-call-and-480.expected.json');

describe('Ribbon SBC Core RAW PDU reader', () => {
  it('reads one message per record with both addresses, the CallId as session key and the ISO time', () => {
    const r = readText(ribbonFormat, CALL, OPTS, 'ribbon.log');
    expect(r.errors).toEqual([]);
    expect(r.messages).toHaveLength(EXPECTED.length);
    EXPECTED.forEach((e, i) => {
      const m = r.messages[i];
      expect(m.direction).toBe(e.dir);
      expect(m.remote).toBe(e.remote);
      expect(m.local).toBe(e.local);
      expect(new Date(m.time ?? 0).toISOString()).toBe(e.time);
      expect(m.raw.startsWith(`${e.start}\r\n`)).toBe(true);
      expect(m.raw.length).toBe(e.rawLength);
      expect(callIdOf(m.raw)).toBe(e.callId);
      expect(m.sessionKey).toBe(String({ 0: 4300, 1: 4321, 2: 4322 }[e.call ?? 0]));
      expect(m.device).toBe('sbc1');
      expect(m.truncated).toBeUndefined();
    });
    const failed = r.messages.filter((m) => m.raw.startsWith('SIP/2.0 480'));
    expect(failed.map((m) => m.direction)).toEqual(['in', 'out']);
    expect(failed[0].raw).toContain('No callee endpoints were found.');
    // the call id joins the two SIP Call-IDs of call 1
    expect(new Set(r.messages.filter((m) => m.sessionKey === '4321').map((m) => callIdOf(m.raw))).size).toBe(2);
  });

  it('counts the other syslog lines as skips, one per line', () => {
    const r = readText(ribbonFormat, CALL, OPTS, 'ribbon.log');
    // the fixture has a DBG line after each received 200 OK of call 1
    expect(r.skips).toHaveLength(2);
    for (const s of r.skips) {
      expect(s.why).toContain('not a SIP PDU record');
      expect(s.where).toMatch(/^ribbon\.log:\d+$/);
    }
  });

  it('reads records whose line breaks are real (raw datagrams, or a file that kept them)', () => {
    const escaped = readText(ribbonFormat, CALL).messages.map(essence);
    const raw = linesOf(CALL).map((l) => l.replace(/#015#012/g, '\r\n').replace(/#012/g, '\n'));
    expect(readChunks(ribbonFormat, raw).messages.map(essence)).toEqual(escaped);
    expect(readText(ribbonFormat, raw.join('\n')).messages.map(essence)).toEqual(escaped);
  });

  it('gives the same messages for CRLF and LF files', () => {
    const lf = readText(ribbonFormat, CALL);
    expect(readText(ribbonFormat, CALL.replace(/\n/g, '\r\n')).messages.map(essence)).toEqual(lf.messages.map(essence));
  });

  it('reads #012-only escapes, IPv6 addresses, a BSD prefix with host, and the collector time as last resort', () => {
    const pdu = ['BYE sip:a@[2001:db8::1] SIP/2.0', 'Via: SIP/2.0/UDP [2001:db8::2]:5060;branch=z9hG4bKx', 'Call-ID: v6@x', 'CSeq: 2 BYE', 'Content-Length: 0', '', ''].join('#012');
    const bsd = `Nov 23 11:00:00 sbc2 SBC: received msg for CallId:77 from IP/port:2001:db8::2/5060, Local IP/port:2001:db8::1/5060, SMM:x RAW PDU:#012${pdu}`;
    const r = readText(ribbonFormat, bsd, { ...OPTS, tz: 'UTC' });
    expect(r.messages).toHaveLength(1);
    expect(r.messages[0]).toMatchObject({
      remote: '[2001:db8::2]:5060',
      local: '[2001:db8::1]:5060',
      direction: 'in',
      device: 'sbc2',
      sessionKey: '77',
      time: Date.UTC(2026, 10, 23, 11, 0, 0),
    });
    const bare = `received msg for CallId:78 from IP/port:10.0.0.2/5060, Local IP/port:10.0.0.1/5060, SMM:x RAW PDU:#012${pdu}`;
    const c = readChunks(ribbonFormat, [bare]);
    expect(c.messages[0].time).toBe(Date.UTC(2026, 10, 23, 9));
    expect(c.messages[0].device).toBe('udp:192.0.2.1:514');
  });

  it('marks a record cut short as truncated, and a cut last line too', () => {
    const lines = linesOf(CALL);
    const i = lines.findIndex((l) => l.includes('RAW PDU:#012INVITE'));
    const cut = lines[i].slice(0, lines[i].indexOf('a=rtpmap:0'));
    const r = readLines(ribbonFormat, [...lines.slice(0, i), cut]);
    expect(r.messages[r.messages.length - 1].truncated).toBe(true);
    expect(r.messages.slice(0, -1).every((m) => !m.truncated)).toBe(true);
  });

  it('skips a 10 MB line and binary junk without throwing', () => {
    const lines = linesOf(CALL);
    const r = readLines(ribbonFormat, [...lines.slice(0, 3), 'x'.repeat(10 * 1024 * 1024), ...lines.slice(3)]);
    expect(r.skips.filter((s) => s.why.includes('longer than'))).toHaveLength(1);
    expect(r.messages).toHaveLength(EXPECTED.length);
    const j = readLines(ribbonFormat, junkLines(100_000));
    expect(j.messages).toEqual([]);
  });

  it('unescapes rsyslog control characters', () => {
    expect(unescapeSyslogLines('a#015#012b#012c#011d#015')).toEqual(['a', 'b', 'c\td']);
  });
});
