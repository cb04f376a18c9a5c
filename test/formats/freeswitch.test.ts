import { freeswitchFormat } from '../../src/formats/freeswitch';
import { OPTS, callIdOf, essence, expectedOf, fixture, junkLines, linesOf, readChunks, readLines, readText } from './reader-helpers';

const CALL = fixture('freeswitch', 'teams-call-and-503.siptrace.log');
const EXPECTED = expectedOf('freeswitch', 'teams-call-and-503.expected.json');

describe('FreeSWITCH sofia siptrace reader', () => {
  it('reads an answered call and a 503; the date is 1 January of opts.year without more to go on', () => {
    const r = readText(freeswitchFormat, CALL, OPTS, 'freeswitch.log');
    expect(r.errors).toEqual([]);
    expect(r.skips).toEqual([]);
    expect(r.messages).toHaveLength(EXPECTED.length);
    EXPECTED.forEach((e, i) => {
      const m = r.messages[i];
      expect(m.direction).toBe(e.dir);
      expect(m.remote).toBe(e.remote);
      expect(m.transport).toBe(e.transport);
      expect(new Date(m.time ?? 0).toISOString()).toBe(`2026-01-01${e.time.slice(10)}`);
      expect(m.raw.startsWith(`${e.start}\r\n`)).toBe(true);
      expect(m.raw.length).toBe(e.rawLength);
      expect(callIdOf(m.raw)).toBe(e.callId);
      expect(m.truncated).toBeUndefined();
    });
    expect(r.messages.filter((m) => m.raw.startsWith('SIP/2.0 503')).map((m) => m.direction)).toEqual(['in', 'out']);
  });

  it('takes the date from the collector when it knows the receive time', () => {
    const r = readChunks(freeswitchFormat, linesOf(CALL));
    EXPECTED.forEach((e, i) => expect(new Date(r.messages[i].time ?? 0).toISOString()).toBe(e.time));
  });

  it('reads the real Call-ID-prefixed trace: an INVITE whose body the excerpt cut off', () => {
    const r = readText(freeswitchFormat, fixture('freeswitch', 'freeswitch-sofia-siptrace-callid-prefixed.log'));
    expect(r.messages).toHaveLength(1);
    const m = r.messages[0];
    expect(m.raw.split('\r\n')[0]).toBe('INVITE sip:*97@pbx.example.com;user=phone SIP/2.0');
    expect(m.raw).toContain('\r\nX-AUTH-IP: 10.26.0.199\r\n');
    expect(m.raw).not.toContain('46a1fe62-20f73e9-1c6e7dbc@10.26.0.199    ');
    expect(callIdOf(m.raw)).toBe('46a1fe62-20f73e9-1c6e7dbc@10.26.0.199');
    expect(m).toMatchObject({ direction: 'in', remote: '10.26.0.81:5060', transport: 'UDP', truncated: true });
    expect(m.time).toBe(Date.UTC(2026, 0, 1, 18, 34, 41, 657));
  });

  it('reads through ANSI colour escapes and a dated log prefix', () => {
    const coloured = linesOf(CALL)
      .map((l) => (/^(recv|send) /.test(l) ? `2026-11-23 11:00:00.000000 [DEBUG] \x1b[32m${l}\x1b[m` : `\x1b[32m${l}\x1b[m`));
    const plain = readText(freeswitchFormat, CALL).messages;
    const r = readLines(freeswitchFormat, coloured);
    expect(r.messages.map((m) => ({ ...essence(m), time: 0 }))).toEqual(plain.map((m) => ({ ...essence(m), time: 0 })));
    EXPECTED.forEach((e, i) => expect(new Date(r.messages[i].time ?? 0).toISOString()).toBe(e.time));
  });

  it('moves to the next day when the time of day goes back', () => {
    const frame = (t: string, cid: string) => [
      `send 100 bytes to udp/[10.0.0.1]:5060 at ${t}:`,
      `   ${'-'.repeat(72)}`,
      '   OPTIONS sip:a SIP/2.0',
      `   Call-ID: ${cid}`,
      '   CSeq: 1 OPTIONS',
      '   Content-Length: 0',
      '',
      `   ${'-'.repeat(72)}`,
    ];
    const r = readLines(freeswitchFormat, [...frame('23:59:59.500000', 'a'), ...frame('00:00:01.000000', 'b')], { ...OPTS, tz: 'UTC' });
    expect(r.messages.map((m) => m.time)).toEqual([Date.UTC(2026, 0, 1, 23, 59, 59, 500), Date.UTC(2026, 0, 2, 0, 0, 1)]);
  });

  it('gives the same messages for CRLF and LF, marks a cut last message, survives a 10 MB line and junk', () => {
    const lf = readText(freeswitchFormat, CALL);
    expect(readText(freeswitchFormat, CALL.replace(/\n/g, '\r\n')).messages.map(essence)).toEqual(lf.messages.map(essence));
    const cut = readText(freeswitchFormat, CALL.slice(0, CALL.lastIndexOf('CSeq: 1 ACK')));
    expect(cut.messages[cut.messages.length - 1].truncated).toBe(true);
    const lines = linesOf(CALL);
    const big = readLines(freeswitchFormat, [...lines.slice(0, 4), 'Z'.repeat(10 * 1024 * 1024), ...lines.slice(4)]);
    expect(big.skips.filter((s) => s.why.includes('longer than'))).toHaveLength(1);
    expect(big.messages).toHaveLength(EXPECTED.length);
    expect(readLines(freeswitchFormat, junkLines(100_000)).messages).toEqual([]);
  });
});
