import fs from 'node:fs';
import type { FramedRecord } from '../../src/formats/record';
import { MemoryIngestMetrics } from '../../src/ingest/ingest-metrics';
import { windowsRecordLines } from './support/audiocodes-lines';
import { RecordingSink } from './support/recording-sink';
import { TailerHarness } from './support/tailer-harness';
import { delay, waitFor } from './support/wait-for';

/**
 * A writer (an SBC flushing half a record, a slow copy) writes the first part of a multi-line
 * record, pauses longer than idleFlushMs, then writes the rest. The tailer's clock is injected: a
 * pause is a jump of the clock, the tailer keeps polling on real timers meanwhile.
 */

/** a SIP INVITE with an SDP body, one line per entry (Content-Length counts CRLF line ends) */
function sipLines(n: number): string[] {
  const body = ['v=0', 'o=- 1 0 IN IP4 52.112.157.50', 's=session', 'c=IN IP4 52.112.157.50', 't=0 0', 'm=audio 56842 RTP/SAVP 0 8', `a=rtpmap:0 PCMU/8000 last-line-${n}`];
  const len = body.reduce((sum, l) => sum + l.length + 2, 0);
  return [
    `INVITE sip:+494077701${n}@sbc1.contoso.example:5061;user=phone SIP/2.0`,
    `Via: SIP/2.0/TLS 52.114.75.24:5061;branch=z9hG4bKa${n}`,
    `From: <sip:+4930123@sip.pstnhub.microsoft.com>;tag=f${n}`,
    `To: <sip:+494077701${n}@sbc1.contoso.example>`,
    `Call-ID: call-${n}@test`,
    'CSeq: 1 INVITE',
    'Content-Type: application/sdp',
    `Content-Length: ${len}`,
    '',
    ...body,
  ];
}

const ORACLE_DASHES = '-'.repeat(40);
const FS_DASHES = `   ${'-'.repeat(72)}`;

interface Format {
  name: string;
  /** the lines of record n */
  record(n: number): string[];
  /** where records 1..2 are written whole and record 3 is cut: index of the first line of its rest */
  cuts: Array<{ what: string; at: number }>;
  /** tells the records apart */
  id(r: FramedRecord): string;
  /** the last line of record n's text (to see it arrived whole) */
  tail(n: number): string;
}

const sipId = (r: FramedRecord): string => r.attrs?.callId ?? '?';

const FORMATS: Format[] = [
  {
    name: 'oracle',
    record: (n) => [`Nov 23 11:01:0${n}.100 On [2:0]198.51.100.10:5061 received from 52.114.75.24:5061`, ...sipLines(n), '', ORACLE_DASHES],
    cuts: [
      { what: 'after the header line', at: 1 },
      { what: 'in the headers', at: 5 },
      { what: 'in the body', at: 13 },
      { what: 'before the dashes (message complete)', at: 18 },
    ],
    id: sipId,
    tail: (n) => `last-line-${n}`,
  },
  {
    name: 'cisco',
    record: (n) => [`66110${n}: Nov 23 14:20:0${n}.118: //211342${n}/C544D480000${n}/SIP/Msg/ccsipDisplayMsg:`, 'Received: ', ...sipLines(n), ''],
    cuts: [
      { what: 'after the header line', at: 1 },
      { what: 'in the headers', at: 6 },
      { what: 'in the body', at: 14 },
    ],
    id: sipId,
    tail: (n) => `last-line-${n}`,
  },
  {
    name: 'sip',
    record: (n) => [...sipLines(n), ''],
    cuts: [
      { what: 'in the headers', at: 4 },
      { what: 'after the blank line', at: 9 },
      { what: 'in the body', at: 12 },
    ],
    id: sipId,
    tail: (n) => `last-line-${n}`,
  },
  {
    name: 'freeswitch',
    record: (n) => [`recv 1141 bytes from udp/[10.26.0.81]:5060 at 19:34:4${n}.657063:`, FS_DASHES, ...sipLines(n).map((l) => `   ${l}`), FS_DASHES],
    cuts: [{ what: 'in the body', at: 14 }],
    id: sipId,
    tail: (n) => `last-line-${n}`,
  },
  {
    name: 'audiocodes',
    // the Windows syslog-server rendering: one record on several lines, closed by its [Time:] trailer
    record: (n) => windowsRecordLines(n),
    cuts: [{ what: 'before the trailer line', at: 6 }],
    id: (r) => String(r.seq),
    tail: () => 'CONTENT-LENGTH: 0',
  },
];

describe('FileTailer: a record written in two parts with a pause', () => {
  let h: TailerHarness;
  let sink: RecordingSink;
  let metrics: MemoryIngestMetrics;
  let skew: number;
  const now = (): number => Date.now() + skew;

  beforeEach(() => {
    h = new TailerHarness();
    sink = new RecordingSink();
    metrics = new MemoryIngestMetrics();
    skew = 0;
  });
  afterEach(async () => {
    await h.close();
  });

  const text = (lines: string[]): string => lines.map((l) => `${l}\n`).join('');
  const cases = FORMATS.flatMap((f) => f.cuts.map((c) => ({ f, c })));

  it.each(cases.map((x) => [x.f.name, x.c.what, x]))('%s, cut %s: arrives whole', async (_n, _w, { f, c }) => {
    const file = h.file('sbc.log');
    const rec3 = f.record(3);
    // a restart resumes right after record 2's last line (blank lines after it are read again)
    const rec2 = f.record(2);
    while (rec2[rec2.length - 1] === '') {
      rec2.pop();
    }
    const openAt = Buffer.byteLength(text([...f.record(1), ...rec2]));
    fs.writeFileSync(file, text([...f.record(1), ...f.record(2), ...rec3.slice(0, c.at)]));
    const t = await h.tailer(sink, metrics, {}, now);
    const ids = (): string[] => sink.records().map(f.id);
    await waitFor('records 1 and 2', () => ids().length >= 2);
    await waitFor('read to the end', () => t.files()[0]?.readPos === fs.statSync(file).size);
    // the writer pauses 10 s: far beyond idleFlushMs (300 ms), within unfinishedFlushMs (30 s)
    skew += 10_000;
    await waitFor('offset stored at the start of the open record', async () => (await h.offsets.get(file))?.offset === openAt);
    await delay(400); // ten polls in the pause
    expect(ids()).toHaveLength(2);
    expect((await h.offsets.get(file))?.offset).toBe(openAt);

    fs.appendFileSync(file, text([...rec3.slice(c.at), ...f.record(4)]));
    await waitFor('records 3 and 4', () => ids().length >= 4);
    await delay(100);
    const recs = sink.records();
    expect(recs).toHaveLength(4);
    const r3 = recs[2];
    expect(r3.text).toContain(f.tail(3));
    expect(r3.attrs?.truncated).toBeUndefined();
    expect(recs[3].text).toContain(f.tail(4));
    expect(sink.skips()).toEqual([]);
    expect(metrics.count('errorKinds', 'unfinished-record')).toBe(0);
    await waitFor('offset at the end', async () => (await h.offsets.get(file))?.offset === fs.statSync(file).size);
  });

  it('the last record of a file that stays quiet is handed on, as it is, after unfinishedFlushMs', async () => {
    const file = h.file('sipmsg.log');
    const f = FORMATS[0];
    const half = f.record(2).slice(0, 13);
    fs.writeFileSync(file, text([...f.record(1), ...half]));
    const t = await h.tailer(sink, metrics, { unfinishedFlushMs: 20_000 }, now);
    await waitFor('record 1', () => sink.records().length >= 1);
    await waitFor('read to the end', () => t.files()[0]?.readPos === fs.statSync(file).size);
    skew += 5_000;
    await delay(300);
    expect(sink.records()).toHaveLength(1);
    skew += 15_001;
    await waitFor('record 2, cut', () => sink.records().length >= 2);
    const r2 = sink.records()[1];
    expect(r2.attrs?.callId).toBe('call-2@test');
    expect(r2.attrs?.truncated).toBe('1');
    await waitFor('offset past it', async () => (await h.offsets.get(file))?.offset === fs.statSync(file).size);
    expect(metrics.count('errorKinds', 'unfinished-record')).toBe(1);
    expect(h.logged('in the middle of a record')).toBe(true);
  });

  it('a message without Content-Length at the end of a quiet file arrives after unfinishedFlushMs (30 s by default)', async () => {
    const file = h.file('trace.sip');
    const bye = ['BYE sip:+4940@sbc1.contoso.example SIP/2.0', 'Via: SIP/2.0/TLS 52.114.75.24:5061;branch=z9hG4bKb', 'From: <sip:a@b>;tag=1', 'To: <sip:c@d>;tag=2', 'Call-ID: bye@test', 'CSeq: 2 BYE', ''];
    fs.writeFileSync(file, text([...FORMATS[2].record(1), ...bye]));
    await h.tailer(sink, metrics, {}, now);
    await waitFor('record 1', () => sink.records().length >= 1);
    skew += 29_000;
    await delay(300);
    expect(sink.records()).toHaveLength(1);
    skew += 1_001;
    await waitFor('the BYE', () => sink.records().length >= 2);
    expect(sink.records()[1].attrs?.callId).toBe('bye@test');
  });

  it('a finished last record needs no pause at all; a half AudioCodes record in a file without trailers is handed on when quiet', async () => {
    const file = h.file('sipmsg.log');
    fs.writeFileSync(file, text([...FORMATS[0].record(1), ...FORMATS[0].record(2)]));
    await h.tailer(sink, metrics, {}, now);
    await waitFor('both records, the clock standing', () => sink.records().length >= 2);
    // AudioCodes without a [Time:] trailer seen: the next record is the only end a record has
    const ac = h.file('ac.log');
    fs.writeFileSync(ac, text(windowsRecordLines(1).slice(0, 6)));
    await waitFor('the AudioCodes record after idleFlushMs', () => sink.records().some((r) => r.seq === 1));
  });

  it('stopped in the middle of a paused record: the next run reads it whole, nothing twice', async () => {
    const file = h.file('sipmsg.log');
    const f = FORMATS[0];
    const rec3 = f.record(3);
    const openAt = Buffer.byteLength(text([...f.record(1), ...f.record(2)]));
    fs.writeFileSync(file, text([...f.record(1), ...f.record(2), ...rec3.slice(0, 7)]));
    const first = await h.tailer(sink, metrics, {}, now);
    await waitFor('records 1 and 2', () => sink.records().length >= 2);
    await waitFor('read to the end', () => first.files()[0]?.readPos === fs.statSync(file).size);
    skew += 10_000;
    await delay(300);
    await first.stop();
    // 2 records of 19 lines each: record 3 starts on line 39
    expect(await h.offsets.get(file)).toMatchObject({ offset: openAt, line: 39 });
    fs.appendFileSync(file, text([...rec3.slice(7), ...f.record(4)]));

    const sink2 = new RecordingSink();
    await h.tailer(sink2, metrics, {}, now);
    await waitFor('second run', () => sink2.records().length >= 2);
    await delay(100);
    expect(sink.records().map((r) => r.attrs?.callId)).toEqual(['call-1@test', 'call-2@test']);
    expect(sink2.records().map((r) => r.attrs?.callId)).toEqual(['call-3@test', 'call-4@test']);
    const r3 = sink2.records()[0];
    expect(r3.where).toBe(`${file}:39`);
    expect(r3.text).toContain('last-line-3');
    expect(r3.attrs?.truncated).toBeUndefined();
    expect(sink2.skips()).toEqual([]);
  });
});
