import { ciscoFormat, parseCiscoHeader } from '../../src/formats/cisco';
import { YearTracker } from '../../src/formats/time';
import { ZoneClock } from '../../src/formats/framer-support';
import {
  OPTS,
  callIdOf,
  essence,
  expectedOf,
  fixture,
  junkLines,
  linesOf,
  readChunks,
  readLines,
  readText,
} from './reader-helpers';

const CALL = fixture('cisco', 'teams-call-and-503.debug.log');
const EXPECTED = expectedOf('cisco', 'teams-call-and-503.expected.json');

function startOf(raw: string): string {
  return raw.slice(0, raw.indexOf('\r\n'));
}

describe('Cisco CUBE debug ccsip messages reader', () => {
  it('reads both legs of an answered call and of a 503, keyed by the GUID', () => {
    const r = readText(ciscoFormat, CALL, OPTS, 'cube.log');
    expect(r.errors).toEqual([]);
    expect(r.messages).toHaveLength(EXPECTED.length);
    EXPECTED.forEach((e, i) => {
      const m = r.messages[i];
      expect(m.direction).toBe(e.dir);
      expect(new Date(m.time ?? 0).toISOString()).toBe(e.time);
      expect(startOf(m.raw)).toBe(e.start);
      expect(m.raw.length).toBe(e.rawLength);
      expect(callIdOf(m.raw)).toBe(e.callId);
      expect(m.truncated).toBeUndefined();
      expect(m.format).toBe('cisco');
      expect(m.local).toBeUndefined();
    });
    // the GUID joins both legs (two Call-IDs) of call 1; the first INVITE came before the call existed
    const call1 = r.messages.filter((_, i) => EXPECTED[i].call === 1);
    const keyed = call1.filter((m) => m.sessionKey === 'C544D4800002');
    expect(new Set(keyed.map((m) => callIdOf(m.raw))).size).toBe(2);
    expect(call1.filter((m) => m.sessionKey === undefined).map((m) => startOf(m.raw))).toEqual([
      'INVITE sip:+49407770101@198.51.100.10:5060 SIP/2.0',
    ]);
    // OPTIONS (//-1/) are not calls
    expect(r.messages.filter((m) => m.raw.includes('CSeq: 1 OPTIONS') || m.raw.includes('CSEQ: 1 OPTIONS')).map((m) => m.sessionKey)).toEqual([
      undefined,
      undefined,
    ]);
    const failed = r.messages.filter((m) => m.raw.startsWith('SIP/2.0 503'));
    expect(failed.map((m) => [m.direction, m.sessionKey])).toEqual([
      ['in', 'D1A2B3C40003'],
      ['out', 'D1A2B3C40003'],
    ]);
  });

  it('infers the remote from Via, Route, Request-URI or Contact', () => {
    const r = readText(ciscoFormat, CALL);
    const find = (start: string, dir: 'in' | 'out') => r.messages.find((m) => startOf(m.raw).startsWith(start) && m.direction === dir);
    // received request: top Via
    expect(find('INVITE', 'in')?.remote).toBe('203.0.113.10:5060');
    expect(find('BYE', 'in')?.remote).toBe('52.114.75.24:5061');
    // sent request: Request-URI, or the Route when there is one
    expect(find('INVITE', 'out')?.remote).toBe('sip.pstnhub.microsoft.com:5061');
    expect(find('OPTIONS', 'out')?.remote).toBe('sip.pstnhub.microsoft.com:5061');
    expect(r.messages.find((m) => m.raw.startsWith('ACK sip:api-du'))?.remote).toBe('sip-du-b-euwe.pstnhub.microsoft.com:5061');
    expect(find('BYE', 'out')?.remote).toBe('203.0.113.10:5060');
    // sent response: Via received=
    expect(find('SIP/2.0 100', 'out')?.remote).toBe('203.0.113.10:5060');
    // received response: Contact when there is one, else unknown
    expect(find('SIP/2.0 180', 'in')?.remote).toBe('api-du-b-euwe.pstnhub.microsoft.com:443');
    expect(find('SIP/2.0 100', 'in')?.remote).toBeUndefined();
    expect(find('INVITE', 'out')?.transport).toBe('TLS');
  });

  it('counts other debug output as one skip per entry', () => {
    const r = readText(ciscoFormat, CALL, OPTS, 'cube.log');
    // the fixture has one info debug (two lines) after each 180 of call 1
    expect(r.skips).toHaveLength(2);
    for (const s of r.skips) {
      expect(s.why).toContain('SIP/Info');
      expect(s.why).toContain('(2 lines)');
      expect(s.where).toMatch(/^cube\.log:\d+$/);
    }
  });

  it('reads the syslog form: one <PRI> datagram per line gives the same messages', () => {
    const lines = linesOf(CALL);
    const file = readLines(ciscoFormat, lines).messages.map(essence);
    const datagrams = readChunks(ciscoFormat, lines.map((l) => `<191>${l}`)).messages.map(essence);
    expect(datagrams).toEqual(file);
  });

  it('gives the same messages whether lines come one by one or cut into datagrams at any boundary', () => {
    const lines = linesOf(CALL);
    const whole = readLines(ciscoFormat, lines).messages.map(essence);
    for (let k = 1; k < lines.length; k++) {
      const chunks = [`${lines.slice(0, k).join('\n')}\n`, ...lines.slice(k)];
      expect(readChunks(ciscoFormat, chunks).messages.map(essence)).toEqual(whole);
    }
  });

  it('gives the same messages for CRLF and LF files', () => {
    const lf = readText(ciscoFormat, CALL);
    const crlf = readText(ciscoFormat, CALL.replace(/\n/g, '\r\n'));
    expect(crlf.messages.map(essence)).toEqual(lf.messages.map(essence));
  });

  it('does not end a message at the blank lines a web copy puts after every line', () => {
    const lines = linesOf(CALL);
    const start = lines.findIndex((l) => l.includes('661103:'));
    const end = lines.findIndex((l, i) => i > start + 2 && l.includes('ccsipDisplayMsg:'));
    const block = lines.slice(start, end);
    const spaced = block.flatMap((l) => [l, '']);
    const plain = readLines(ciscoFormat, block).messages;
    const copied = readLines(ciscoFormat, spaced);
    expect(plain).toHaveLength(1);
    expect(copied.messages).toHaveLength(1);
    expect(copied.messages[0].raw).toBe(plain[0].raw);
    expect(copied.messages[0].truncated).toBeUndefined();
    expect(copied.skips).toEqual([]);
  });

  it('marks a cut last message as truncated', () => {
    const at = CALL.lastIndexOf('CSeq: 1 ACK');
    const r = readText(ciscoFormat, CALL.slice(0, at + 6));
    const last = r.messages[r.messages.length - 1];
    expect(last.truncated).toBe(true);
    expect(startOf(last.raw)).toMatch(/^ACK /);
  });

  it('skips a 10 MB line and does not throw on binary junk', () => {
    const lines = linesOf(CALL);
    const at = lines.findIndex((l) => l.startsWith('a=ptime'));
    const withBig = [...lines.slice(0, at), 'a=x:' + 'B'.repeat(10 * 1024 * 1024), ...lines.slice(at)];
    const r = readLines(ciscoFormat, withBig);
    expect(r.skips.filter((s) => s.why.includes('longer than'))).toHaveLength(1);
    expect(r.messages).toHaveLength(EXPECTED.length);
    expect(r.messages.filter((m) => m.truncated)).toHaveLength(1);
    const j = readLines(ciscoFormat, junkLines(100_000));
    expect(j.messages).toEqual([]);
    expect(j.skips.length).toBeGreaterThan(0);
  });

  it('reads the header forms: *, zone word, no sequence number, year', () => {
    const y = new YearTracker(2026);
    expect(parseCiscoHeader('661105: Dec  9 07:18:47.029: //2113420/C544D4800002/SIP/Msg/ccsipDisplayMsg:', new ZoneClock('UTC'), y)).toMatchObject({
      seq: '661105',
      ccapiId: '2113420',
      guid: 'C544D4800002',
      isCall: true,
      unsynced: false,
      time: Date.UTC(2026, 11, 9, 7, 18, 47, 29),
    });
    const star = parseCiscoHeader('*Mar 18 09:09:28.099: //-1/xxxxxxxxxxxx/SIP/Msg/ccsipDisplayMsg:', new ZoneClock('UTC'), new YearTracker(2026));
    expect(star).toMatchObject({ unsynced: true, isCall: false, time: Date.UTC(2026, 2, 18, 9, 9, 28, 99) });
    expect(star?.seq).toBeUndefined();
    // a zone word other than UTC/GMT: opts.tz decides
    const cst = parseCiscoHeader('Dec  1 07:44:25.204 CST: //55/0ABCDEF01234/SIP/Msg/ccsipDisplayMsg:', new ZoneClock('America/Chicago'), new YearTracker(2026));
    expect(cst?.time).toBe(Date.UTC(2026, 11, 1, 13, 44, 25, 204));
    const utc = parseCiscoHeader('Dec  1 07:44:25.204 UTC: //55/0ABCDEF01234/SIP/Msg/ccsipDisplayMsg:', new ZoneClock('America/Chicago'), new YearTracker(2026));
    expect(utc?.time).toBe(Date.UTC(2026, 11, 1, 7, 44, 25, 204));
    const year = parseCiscoHeader('12: Dec  1 2024 07:44:25.204: //55/0ABCDEF01234/SIP/Msg/ccsipDisplayMsg:', new ZoneClock('UTC'), new YearTracker(2026));
    expect(year?.time).toBe(Date.UTC(2024, 11, 1, 7, 44, 25, 204));
    expect(parseCiscoHeader('Dec  1 07:44:25.204: //55/0ABCDEF01234/SIP/Info/ccsipDisplayMsg', new ZoneClock('UTC'), y)).toBeNull();
  });
});
