/** The AudioCodes reader on multi-record logs built from the real fragments (see audiocodes-build.ts). */
import { audiocodesFormat } from '../../src/formats/audiocodes';
import type { FramedRecord, TracedMessage } from '../../src/formats/record';
import {
  cut,
  cutEvery,
  datagrams,
  expectedRaw,
  records,
  rsyslog,
  sbc200,
  sessionText,
  teamsBye,
  teamsInvite,
  viewer,
  windowsExport,
  type Rec,
} from './audiocodes-build';
import { OPTS, read } from './audiocodes-helpers';

const SID = 'b9027c:24:198171';
const SID2 = 'b9027c:24:198172';

const raws = (ms: TracedMessage[]): string[] => ms.map((m) => m.raw);

describe('AudioCodes assembly of records into SIP messages', () => {
  const msgs = [teamsInvite(), sbc200(), teamsBye()];
  const text = sessionText(msgs);

  test('when an INVITE is split across 3 records mid-token, then it is rebuilt exactly', () => {
    const inv = sessionText([teamsInvite()]);
    // cut inside "CSEQ", inside the SDP candidate line and inside "SILK"
    const at = [inv.indexOf('CSEQ') + 2, inv.indexOf('2130706431') + 4, inv.indexOf('SILK') + 2];
    const r = read(rsyslog(records(SID, cut(inv, at), 100)));
    expect(r.records).toHaveLength(4);
    expect(raws(r.messages)).toEqual([expectedRaw(teamsInvite())]);
    expect(r.messages[0]).toMatchObject({ order: 100, direction: 'in', iface: 'Teams' });
    expect(r.messages[0].truncated).toBeUndefined();
  });

  test('when a message is complete, then it is handed on at once and the SID state is dropped', () => {
    const o = { ...OPTS };
    const framer = audiocodesFormat.createFramer(o);
    const asm = audiocodesFormat.createAssembler(o);
    const lines = rsyslog(records(SID, cutEvery(sessionText([teamsBye()]), 300), 1));
    const got: TracedMessage[] = [];
    lines.forEach((l, i) => {
      for (const it of framer.push(l, { source: 'x', line: i + 1 })) {
        if (it.type === 'record') {
          for (const a of asm.add(it.record)) {
            if (a.type === 'message') {
              got.push(a.message);
            }
          }
        }
      }
    });
    expect(raws(got)).toEqual([expectedRaw(teamsBye())]);
    expect(asm.openKeys()).toBe(0);
    expect(asm.end()).toEqual([]);
  });

  test('when two calls interleave record by record, then each SID gets its own messages', () => {
    const a = cutEvery(sessionText([teamsInvite('call-a'), teamsBye('call-a')]), 700);
    const b = cutEvery(sessionText([sbc200('call-b'), teamsBye('call-b')]), 500);
    const recs: Rec[] = [];
    let seq = 5000;
    for (let i = 0; i < Math.max(a.length, b.length); i++) {
      if (i < a.length) {
        recs.push({ seq: seq++, sid: SID, payload: a[i] });
      }
      if (i < b.length) {
        recs.push({ seq: seq++, sid: SID2, payload: b[i] });
      }
    }
    const r = read(rsyslog(recs));
    const bySid = (sid: string): string[] => raws(r.messages.filter((m) => m.sessionKey === sid));
    expect(bySid(SID)).toEqual([expectedRaw(teamsInvite('call-a')), expectedRaw(teamsBye('call-a'))]);
    expect(bySid(SID2)).toEqual([expectedRaw(sbc200('call-b')), expectedRaw(teamsBye('call-b'))]);
    expect(r.items.filter((i) => i.type === 'skip' || i.type === 'gap')).toEqual([]);
  });

  test('when an S number is missing inside a message, then a gap is reported and the message says it is cut', () => {
    const pieces = cutEvery(sessionText([teamsInvite()]), 400);
    const recs = records(SID, pieces, 10).filter((x) => x.seq !== 12);
    const r = read(rsyslog(recs));
    expect(r.items.filter((i) => i.type === 'gap').map((i) => (i.type === 'gap' ? [i.gap.from, i.gap.to] : []))).toEqual([
      [12, 12],
    ]);
    expect(r.messages).toHaveLength(1);
    expect(r.messages[0].truncated).toBe(true);
  });

  test('when the device restarts, then S going back is not a gap', () => {
    const recs = [
      ...records(SID, ['(N 1) a \n'], 900_000),
      ...records(SID2, ['(N 2) b \n'], 1),
      ...records(SID2, ['(N 3) c \n'], 2),
    ];
    const r = read(rsyslog(recs));
    expect(r.framed.filter((f) => f.type === 'gap')).toEqual([]);
  });

  describe('every rendering gives the same messages', () => {
    const recs = records(SID, cutEvery(text, 450), 1718460, 2);
    const want = msgs.map(expectedRaw);

    test('rsyslog #012', () => {
      const r = read(rsyslog(recs));
      expect(raws(r.messages)).toEqual(want);
      expect(r.messages.map((m) => m.device)).toEqual(['10.160.111.51', '10.160.111.51', '10.160.111.51']);
      expect(new Date(r.messages[0].time ?? 0).toISOString()).toBe('2020-12-19T12:44:54.873Z');
    });

    test('rsyslog #015#012 (CRLF inside the record)', () => {
      const crlf = records(SID, cutEvery(sessionText(msgs, { eol: '\r\n' }), 450), 1718460, 2);
      const lines = rsyslog(crlf);
      expect(lines[0]).toContain('#015#012');
      expect(raws(read(lines).messages)).toEqual(want);
    });

    test('raw datagrams from the listener (line breaks inside one push, sender as device)', () => {
      const r = read(datagrams(recs), {}, () => ({ sender: '82.185.88.164' }));
      expect(raws(r.messages)).toEqual(want);
      expect(r.messages[0].device).toBe('82.185.88.164');
    });

    test('Windows export (one record over several physical lines, CRLF kept)', () => {
      const crlf = records(SID, cutEvery(sessionText(msgs, { eol: '\r\n' }), 450), 1718460, 2);
      const lines = windowsExport(crlf);
      expect(lines.length).toBeGreaterThan(crlf.length * 3);
      const r = read(lines);
      expect(raws(r.messages)).toEqual(want);
      expect(r.messages[0].device).toBe('100.112.70.10');
      expect(r.items.filter((i) => i.type === 'skip')).toEqual([]);
    });

    test('Syslog Viewer text (indented continuation lines)', () => {
      const lines = viewer(recs);
      expect(lines[1].startsWith(' '.repeat(79))).toBe(true);
      const r = read(lines);
      expect(raws(r.messages)).toEqual(want);
      expect(r.items.filter((i) => i.type === 'skip')).toEqual([]);
    });
  });

  test('split at every chunk boundary: any cut into two records gives the same messages', () => {
    const small = sessionText([sbc200(), teamsBye()]);
    const want = [expectedRaw(sbc200()), expectedRaw(teamsBye())];
    const failures: string[] = [];
    const renderings: Array<[string, (recs: Rec[]) => string[]]> = [
      ['rsyslog', (x) => rsyslog(x)],
      ['datagram', (x) => datagrams(x)],
      ['viewer', (x) => viewer(x)],
    ];
    for (let p = 1; p < small.length; p++) {
      for (const [name, render] of renderings) {
        const r = read(render(records(SID, cut(small, [p]), 40)));
        const got = raws(r.messages);
        if (got.length !== 2 || got[0] !== want[0] || got[1] !== want[1] || r.messages.some((m) => m.truncated)) {
          failures.push(`${name}@${p}`);
        }
      }
    }
    expect(failures).toEqual([]);
  });

  test('split at every chunk boundary in three records, Windows rendering', () => {
    const small = sessionText([teamsBye()], { eol: '\r\n' });
    const want = [expectedRaw(teamsBye())];
    const failures: string[] = [];
    for (let p = 1; p < small.length; p += 7) {
      for (let q = p + 1; q < small.length; q += 11) {
        const r = read(windowsExport(records(SID, cut(small, [p, q]), 40)));
        if (raws(r.messages).join('|') !== want.join('|')) {
          failures.push(`${p},${q}`);
        }
      }
    }
    expect(failures).toEqual([]);
  });

  describe('delivery out of order and twice (the service)', () => {
    const recsOf = (lines: string[]): FramedRecord[] => read(lines).records;

    test('when every record arrives twice, then every message comes out once', () => {
      const recs = recsOf(rsyslog(records(SID, cutEvery(text, 300), 1)));
      const asm = audiocodesFormat.createAssembler(OPTS);
      const got: string[] = [];
      for (const rec of recs) {
        for (const it of [...asm.add(rec), ...asm.add({ ...rec })]) {
          if (it.type === 'message') {
            got.push(it.message.raw);
          }
        }
      }
      // and once more after the SID was dropped
      for (const rec of recs) {
        for (const it of asm.add(rec)) {
          if (it.type === 'message') {
            got.push(it.message.raw);
          }
        }
      }
      for (const it of asm.end()) {
        if (it.type === 'message') {
          got.push(it.message.raw);
        }
      }
      expect(got).toEqual(msgs.map(expectedRaw));
    });

    test('when a SID went quiet between messages and everything is delivered again, then nothing comes out twice', () => {
      const recs = recsOf(
        rsyslog(records(SID, [sessionText([teamsBye()]), sessionText([sbc200()], undefined, 7000), sessionText([teamsInvite()], undefined, 8000)], 1)),
      );
      const asm = audiocodesFormat.createAssembler(OPTS);
      const first = recs.flatMap((r) => asm.add(r));
      expect(asm.openKeys()).toBe(0);
      const again = [...recs.flatMap((r) => asm.add(r)), ...asm.end()];
      expect(first.filter((i) => i.type === 'message')).toHaveLength(3);
      expect(again).toEqual([]);
    });

    test('when records of a SID arrive swapped before their text is taken in, then they are put in S order', () => {
      // the INVITE cut inside its start line: nothing can be assembled until the rest arrives
      const inv = sessionText([teamsInvite()]);
      const at = inv.indexOf('INVITE sip:') + 3;
      const pieces = cut(inv, [at, inv.indexOf('VIA:'), inv.indexOf('a=rtcp')]);
      const recs = recsOf(rsyslog(records(SID, pieces, 1)));
      const asm = audiocodesFormat.createAssembler(OPTS);
      const order = [0, 2, 1, 3];
      const items = order.flatMap((i) => asm.add(recs[i]));
      items.push(...asm.end());
      expect(items.flatMap((i) => (i.type === 'message' ? [i.message.raw] : []))).toEqual([expectedRaw(teamsInvite())]);
    });

    test('when a record arrives before the one it follows, then it waits for it', () => {
      const recs = recsOf(rsyslog(records(SID, [sessionText([teamsBye()]), sessionText([sbc200()], undefined, 7000)], 1)));
      expect(recs[1].attrs?.prevSeq).toBe('1');
      const asm = audiocodesFormat.createAssembler(OPTS);
      const first = asm.add(recs[1]);
      expect(first).toEqual([]);
      const items = [...asm.add(recs[0]), ...asm.end()];
      expect(items.flatMap((i) => (i.type === 'message' ? [i.message.raw] : []))).toEqual([
        expectedRaw(teamsBye()),
        expectedRaw(sbc200()),
      ]);
      expect(items.filter((i) => i.type === 'skip')).toEqual([]);
    });

    test('when a record arrives after later ones were assembled, then it is counted and read on its own', () => {
      const recs = recsOf(rsyslog(records(SID, [sessionText([teamsBye()]), sessionText([sbc200()], undefined, 7000)], 1)));
      // without the framer's link (its memory of the SID was lost) the later record is taken at once
      const unlinked: FramedRecord = { ...recs[1], attrs: undefined };
      const asm = audiocodesFormat.createAssembler(OPTS);
      const items = [...asm.add(unlinked), ...asm.add(recs[0]), ...asm.end()];
      expect(items.flatMap((i) => (i.type === 'message' ? [i.message.raw] : []))).toEqual([
        expectedRaw(sbc200()),
        expectedRaw(teamsBye()),
      ]);
      expect(items.filter((i) => i.type === 'skip')).toHaveLength(1);
    });

    test('when the previous record never comes, then a flush hands on what waits, in S order', () => {
      const pieces = cutEvery(sessionText([teamsInvite()]), 400);
      const recs = recsOf(rsyslog(records(SID, pieces, 1)));
      const asm = audiocodesFormat.createAssembler(OPTS);
      const items = recs.slice(2).flatMap((r) => asm.add(r));
      expect(items).toEqual([]);
      expect(asm.openKeys()).toBe(1);
      const flushed = asm.flushKey(SID);
      expect(asm.openKeys()).toBe(0);
      // the framing line was in the lost records: the text cannot become a message
      expect(flushed.filter((i) => i.type === 'message')).toEqual([]);
    });
  });

  describe('bad input costs nothing else', () => {
    const recs = records(SID, cutEvery(text, 450), 1);
    const want = msgs.map(expectedRaw);

    test('when binary junk lies between records, then each junk line is a counted skip', () => {
      const lines = rsyslog(recs);
      const junk = '\u0000\u0001\u0002PK\u0003\u0004\u00ff\u00fe garbage \u0007';
      const mixed = lines.flatMap((l, i) => (i % 2 === 0 ? [l, junk] : [l]));
      const r = read(mixed);
      expect(raws(r.messages)).toEqual(want);
      expect(r.items.filter((i) => i.type === 'skip')).toHaveLength(Math.ceil(lines.length / 2));
    });

    test('when junk lines fall inside a Windows multi-line record, then they are skipped and the record survives', () => {
      const crlf = records(SID, cutEvery(sessionText(msgs, { eol: '\r\n' }), 450), 1);
      const lines = windowsExport(crlf);
      const mixed = [...lines.slice(0, 3), '\u0000\u0000\u0000\u0001', ...lines.slice(3)];
      const r = read(mixed);
      expect(raws(r.messages)).toEqual(want);
      expect(r.items.filter((i) => i.type === 'skip')).toHaveLength(1);
    });

    test('when a 10 MB line sits between records, then it is one skip (too long, or not a record)', () => {
      const big = 'x'.repeat(10 * 1024 * 1024);
      const lines = rsyslog(recs);
      const mixed = [...lines.slice(0, 2), big, ...lines.slice(2)];
      const small = read(mixed, { maxLineBytes: 1 << 20 });
      expect(raws(small.messages)).toEqual(want);
      expect(small.items.filter((i) => i.type === 'skip').map((i) => (i.type === 'skip' ? i.skip.why : ''))).toEqual([
        'line longer than 1048576 bytes',
      ]);
      const large = read(mixed, { maxLineBytes: 64 << 20 });
      expect(raws(large.messages)).toEqual(want);
      expect(large.items.filter((i) => i.type === 'skip').map((i) => (i.type === 'skip' ? i.skip.where : ''))).toEqual([
        'test.log:3',
      ]);
    });

    test('when a 10 MB record of one SID holds a message, then it is read in one pass', () => {
      const filler = `(N 1) ${'d'.repeat(200)} \n`.repeat(50_000);
      const payload = filler + sessionText([teamsBye()]);
      expect(payload.length).toBeGreaterThan(10_000_000);
      const r = read(rsyslog(records(SID, [payload], 1)), { maxLineBytes: 64 << 20 });
      expect(raws(r.messages)).toEqual([expectedRaw(teamsBye())]);
    });

    test('when a line is nothing like AudioCodes, then it is a skip and an empty line is ignored', () => {
      const r = read(['hello world', '', ...rsyslog(recs)]);
      expect(raws(r.messages)).toEqual(want);
      expect(r.items.filter((i) => i.type === 'skip').map((i) => (i.type === 'skip' ? i.skip : null))).toEqual([
        { where: 'test.log:1', why: 'not an AudioCodes record' },
      ]);
    });
  });

  test('time: device time without year takes the year option and rolls over from December to January', () => {
    const recs: Rec[] = [
      { seq: 1, sid: SID, payload: '(N 1) x \n', time: '31-12@23:59:59.900' },
      { seq: 2, sid: SID, payload: '(N 2) y \n', time: '01-01@00:00:00.100' },
    ];
    const lines = datagrams(recs);
    const r = read(lines, { year: 2025, tz: 'Europe/Berlin' });
    expect(r.records.map((x) => new Date(x.time ?? 0).toISOString())).toEqual([
      '2025-12-31T22:59:59.900Z',
      '2025-12-31T23:00:00.100Z',
    ]);
  });

  test('endOffset points just past the record in the file', () => {
    const lines = windowsExport(records(SID, cutEvery(sessionText([teamsBye()], { eol: '\r\n' }), 300), 1));
    let off = 0;
    const r = read(lines, {}, (i) => {
      const o = off;
      off += Buffer.byteLength(lines[i]) + 1;
      return { offset: o };
    });
    const total = lines.reduce((n, l) => n + Buffer.byteLength(l) + 1, 0);
    const ends = r.records.map((x) => x.endOffset);
    expect(ends[ends.length - 1]).toBe(total);
    // each record ends where the next one's first line starts
    const starts: number[] = [];
    let o = 0;
    for (const l of lines) {
      if (l.startsWith('2020-12-19 ')) {
        starts.push(o);
      }
      o += Buffer.byteLength(l) + 1;
    }
    expect(ends.slice(0, -1)).toEqual(starts.slice(1));
  });
});

test('a line that never ends over many records is dropped once it passes maxLineBytes', () => {
  const open = sessionText([teamsBye()]).replace('MAX-FORWARDS: 70', 'MAX-FORWARDS: 70 ' + 'z'.repeat(30_000));
  const pieces = cutEvery(open, 1000);
  const r = read(rsyslog(records(SID, pieces, 1)), { maxLineBytes: 8000 });
  expect(r.items.filter((i) => i.type === 'skip').map((i) => (i.type === 'skip' ? i.skip.why : ''))).toEqual([
    `line longer than 8000 bytes in ${SID}`,
  ]);
  // the BYE lost a header line: it comes out marked as cut
  expect(r.messages).toHaveLength(1);
  expect(r.messages[0].truncated).toBe(true);
  expect(r.messages[0].raw).not.toContain('zzz');
  expect(r.messages[0].raw).toContain('\r\nVIA: SIP/2.0/TLS 52.114.75.24:5061;branch=z9hG4bK7df8648d\r\n');
});
