/** AudioCodes framer details: record heads, collector prefixes, clocks, sequence numbers. */
import { audiocodesFormat } from '../../src/formats/audiocodes';
import { expectedRaw, sessionText, teamsBye } from './audiocodes-build';
import { OPTS, read } from './audiocodes-helpers';

const BYE = sessionText([teamsBye()]).replace(/\n/g, '#012');

describe('AudioCodes framer', () => {
  test('head variants: <PRI>, [S = n] with spaces, [SID:…] with a colon, no [S=] at all', () => {
    const lines = [
      `<133>[S=10] [SID=b9027c:24:1]  ${BYE} [Time:19-12@12:44:54.873]`,
      `Dec 19 12:44:55 10.1.1.1 [S = 11] [SID:b9027c:24:2]  ${BYE} [Time:19-12@12:44:54.874]`,
      `Dec 19 12:44:55 10.1.1.1 [SID=b9027c:24:3]  ${BYE} [Time:19-12@12:44:54.875]`,
      `Dec 19 12:44:55 10.1.1.1 <134>[S=12][BID=b9027c:24]  Packets-Loss report [Time:19-12@12:44:54.876]`,
    ];
    const r = read(lines);
    expect(r.records.map((x) => [x.key, x.seq, x.kind])).toEqual([
      ['b9027c:24:1', 10, 'sip'],
      ['b9027c:24:2', 11, 'sip'],
      ['b9027c:24:3', undefined, 'sip'],
      ['bid:b9027c:24', 12, 'debug'],
    ]);
    expect(r.messages.map((m) => [m.sessionKey, m.raw === expectedRaw(teamsBye())])).toEqual([
      ['b9027c:24:1', true],
      ['b9027c:24:2', true],
      ['b9027c:24:3', true],
    ]);
    expect(r.records.map((x) => x.device)).toEqual(['test.log', '10.1.1.1', '10.1.1.1', '10.1.1.1']);
  });

  test('collector prefixes: ISO with offset, rsyslog host name, paStash GMT; the device time wins when present', () => {
    const r = read([
      `2026-11-23T10:00:01.500+01:00 sbc01.example.com [S=1] |CALL_START |SBC |x@y |b9027c:24:9 |LCL`,
      `Nov 23 09:00:02 sbc01 [S=2] |CALL_START |SBC |x@y |b9027c:24:9 |LCL`,
      `[Mon, 23 Nov 2026 09:00:03 GMT] ERROR failed parsing Incoming SIP <133>[S=3] [SID=b9027c:24:9]  (N 1) x \n`,
    ], { year: 2026 });
    expect(r.records.map((x) => [x.device, x.time === null ? null : new Date(x.time).toISOString()])).toEqual([
      ['sbc01.example.com', '2026-11-23T09:00:01.500Z'],
      ['sbc01', '2026-11-23T09:00:02.000Z'],
      ['test.log', '2026-11-23T09:00:03.000Z'],
    ]);
  });

  test('the listener: a datagram is a record by itself, sender is the device, receive time the fallback clock', () => {
    const framer = audiocodesFormat.createFramer(OPTS);
    const at = Date.UTC(2020, 11, 19, 11, 0, 0);
    const items = framer.push('<142>[S=7] |CALL_END |SBC |c@d |b9027c:24:77 |RMT', {
      source: 'udp:0.0.0.0:514',
      line: 1,
      sender: '198.51.100.10',
      receivedAt: at,
    });
    expect(items).toHaveLength(1);
    const rec = items[0].type === 'record' ? items[0].record : null;
    expect(rec).toMatchObject({ kind: 'cdr', key: 'b9027c:24:77', device: '198.51.100.10', time: at, seq: 7 });
    expect(framer.end()).toEqual([]);
  });

  test('S numbers: a small step back is a late record, not a gap; a big one is a restart', () => {
    const rec = (s: number): string => `<133>[S=${s}] [SID=b9027c:24:1]  (N ${s}) x \n [Time:19-12@12:44:54.873]`;
    const r = read([rec(100), rec(102), rec(101), rec(103), rec(5000), rec(2), rec(4)]);
    expect(r.framed.flatMap((f) => (f.type === 'gap' ? [[f.gap.from, f.gap.to]] : []))).toEqual([
      [101, 101],
      [104, 4999],
      [3, 3],
    ]);
  });

  test('SID records are linked: prevSeq names the previous record of the same SID, lossBefore a loss since', () => {
    const rec = (s: number, sid: string): string => `<133>[S=${s}] [SID=${sid}]  (N ${s}) x \n [Time:19-12@12:44:54.873]`;
    const r = read([rec(1, 'a:1:1'), rec(2, 'a:1:2'), rec(3, 'a:1:1'), rec(5, 'a:1:2'), rec(6, 'a:1:1')]);
    expect(r.records.map((x) => [x.seq, x.attrs?.prevSeq, x.attrs?.lossBefore])).toEqual([
      [1, undefined, undefined],
      [2, undefined, undefined],
      [3, '1', undefined],
      [5, '2', '1'],
      [6, '3', '1'],
    ]);
  });

  test('a record without a [Time:] trailer stays open for continuation lines until the next record', () => {
    const framer = audiocodesFormat.createFramer(OPTS);
    expect(framer.push('10:35:36.653  10.0.10.11  local3.notice [S=5] [SID=b9027c:24:1]  (N 1) first\r', { source: 'f', line: 1 })).toEqual([]);
    expect(framer.push('second\r', { source: 'f', line: 2 })).toEqual([]);
    const out = framer.push('10:35:36.700  10.0.10.11  local3.notice [S=6] [SID=b9027c:24:1]  (N 2) third\r', { source: 'f', line: 3 });
    expect(out.map((i) => (i.type === 'record' ? i.record.text : i.type))).toEqual(['(N 1) first\r\nsecond\r']);
    const last = framer.end();
    expect(last.map((i) => (i.type === 'record' ? i.record.text : i.type))).toEqual(['(N 2) third\r']);
  });

  test('a record growing past maxLineBytes over continuation lines is dropped as one skip', () => {
    const lines = ['2023-01-10 10:55:08 local3.notice 100.112.70.10  [S=1] [SID=b9027c:24:1]  start'];
    for (let i = 0; i < 50; i++) {
      lines.push('a'.repeat(100));
    }
    lines.push(`<133>[S=2] [SID=b9027c:24:2]  ${BYE} [Time:19-12@12:44:54.873]`);
    const r = read(lines, { maxLineBytes: 2000 });
    expect(r.items.filter((i) => i.type === 'skip').map((i) => (i.type === 'skip' ? i.skip : null))).toEqual([
      { where: 'test.log:1', why: 'record longer than 2000 bytes' },
    ]);
    expect(r.messages.map((m) => m.sessionKey)).toEqual(['b9027c:24:2']);
  });

  test('old firmware time [Time: MM-DD-YYYY@…] carries its own year', () => {
    const r = read(['<133>[S=1] [SID=b9027c:24:1]  (N 1) x \n [Time: 04-19-2012@18:29:39]']);
    expect(new Date(r.records[0].time ?? 0).toISOString()).toBe('2012-04-19T18:29:39.000Z');
  });
});
