import fs from 'node:fs';
import { StoreUnavailableError } from '../../src/errors';
import { MemoryIngestMetrics } from '../../src/ingest/ingest-metrics';
import type { OffsetStore } from '../../src/ingest/offset-store';
import { FileTailer } from '../../src/ingest/tailer';
import { range, rsyslogLine, rsyslogLines, seqsOf, windowsRecordLines } from './support/audiocodes-lines';
import { RecordingSink } from './support/recording-sink';
import { TailerHarness } from './support/tailer-harness';
import { waitFor } from './support/wait-for';

describe('FileTailer', () => {
  let h: TailerHarness;
  let sink: RecordingSink;
  let metrics: MemoryIngestMetrics;

  beforeEach(() => {
    h = new TailerHarness();
    sink = new RecordingSink();
    metrics = new MemoryIngestMetrics();
  });
  afterEach(async () => {
    await h.close();
    // stopped: whatever arrived late is in, and nothing may have come twice
    expect(new Set(seqs()).size).toBe(seqs().length);
  });

  const seqs = (): number[] => seqsOf(sink.records());
  const until = (what: string, expected: number[]): Promise<void> =>
    waitFor(`${what}: records ${expected[0]}..${expected[expected.length - 1]}`, () => seqs().length >= expected.length).then(
      () => expect(seqs()).toEqual(expected),
    );

  it('reads a file that is there, then only what is appended, in batches with the file as source', async () => {
    const f = h.file('sbc.log');
    fs.writeFileSync(f, rsyslogLines(1, 20));
    await h.tailer(sink, metrics);
    await until('existing lines', range(1, 20));
    fs.appendFileSync(f, rsyslogLines(21, 30));
    fs.appendFileSync(f, rsyslogLines(31, 50));
    await until('appended lines', range(1, 50));
    expect(sink.batches.every((b) => b.source === f && b.records.length <= 500)).toBe(true);
    expect(sink.records()[0]).toMatchObject({ format: 'audiocodes', device: '10.160.111.51', keyIsSession: true });
    expect(metrics.count('lines', 'file')).toBe(50);
    expect(metrics.records).toBe(50);
    await waitFor('offset at the end of the file', async () => (await h.offsets.get(f))?.offset === fs.statSync(f).size);
    expect((await h.offsets.get(f))?.line).toBe(51);
  });

  it('one folder level deep (a file, *.log): appended lines and a new file are found by watch events alone', async () => {
    const f = h.file('sbc.log');
    fs.writeFileSync(f, rsyslogLines(1, 10));
    // no rescan within the test: only the folder's events can find the new file
    await h.tailer(sink, metrics, { watch: [f, h.file('other-*.log')], rescanMs: 60_000 });
    await until('existing lines', range(1, 10));
    fs.appendFileSync(f, rsyslogLines(11, 20));
    await until('appended lines', range(1, 20));
    const other = h.file('other-a.log');
    fs.writeFileSync(other, rsyslogLines(101, 105));
    await waitFor('the new file read', () => seqs().includes(105));
    expect(sink.batches.some((b) => b.source === other)).toBe(true);
  });

  it('a file growing in pieces cut anywhere (lines split across writes) while it is read', async () => {
    const f = h.file('sbc.log');
    fs.writeFileSync(f, '');
    await h.tailer(sink, metrics, { pollMs: 5, chunkBytes: 4096 });
    const all = Buffer.from(rsyslogLines(1, 400));
    let seed = 7;
    const rnd = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    for (let p = 0; p < all.length; ) {
      const n = 1 + rnd(6000);
      fs.appendFileSync(f, all.subarray(p, p + n));
      p += n;
      if (rnd(4) === 0) {
        await new Promise((r) => setTimeout(r, 2));
      }
    }
    await until('every record once', range(1, 400));
    expect(metrics.count('skips', 'framer')).toBe(0);
  });

  it('watches a file that does not exist yet and a recursive glob, and nothing else', async () => {
    const later = h.file('later.log');
    fs.mkdirSync(h.file('sbc1/2026'), { recursive: true });
    fs.writeFileSync(h.file('other.log'), rsyslogLines(900, 910));
    await h.tailer(sink, metrics, { watch: [later, h.file('sbc*/**/*.log')] });
    fs.writeFileSync(h.file('sbc1/2026/a.log'), rsyslogLines(1, 5));
    fs.writeFileSync(h.file('sbc1/2026/a.txt'), rsyslogLines(800, 805));
    await until('the glob match', range(1, 5));
    fs.writeFileSync(later, rsyslogLines(6, 9));
    await until('the file once it exists', range(1, 9));
  });

  it('batches at most batchRecords records', async () => {
    const f = h.file('big.log');
    fs.writeFileSync(f, rsyslogLines(1, 1200));
    await h.tailer(sink, metrics, { batchRecords: 500 });
    await until('all lines', range(1, 1200));
    expect(Math.max(...sink.batches.map((b) => b.records.length))).toBe(500);
  });

  it('keeps a partial last line until it is complete', async () => {
    const f = h.file('sbc.log');
    const second = rsyslogLine(2);
    fs.writeFileSync(f, rsyslogLine(1) + '\n' + second.slice(0, 300));
    const t = await h.tailer(sink, metrics);
    await until('the complete line', [1]);
    const lineTwoStart = Buffer.byteLength(rsyslogLine(1)) + 1;
    // everything read and the quiet flush done: the resume point stops at the partial line
    await waitFor('read to the end', () => t.files()[0]?.readPos === fs.statSync(f).size);
    await waitFor('offset stored at the partial line', async () => (await h.offsets.get(f))?.offset === lineTwoStart);
    expect(seqs()).toEqual([1]);
    fs.appendFileSync(f, second.slice(300) + '\n');
    await until('the completed line', [1, 2]);
    expect(sink.records()[1].text).toContain('USER-AGENT: Microsoft.PSTNHub.SIPProxy');
  });

  it('follows rotation by rename and create, reading the old file to its end, nothing twice', async () => {
    const f = h.file('sbc.log');
    fs.writeFileSync(f, rsyslogLines(1, 10));
    await h.tailer(sink, metrics, { watch: [h.file('*.log')] });
    await until('first lines', range(1, 10));
    fs.appendFileSync(f, rsyslogLines(11, 15));
    fs.renameSync(f, h.file('sbc.log.1'));
    // the writer still holds the old file for a moment
    fs.appendFileSync(h.file('sbc.log.1'), rsyslogLines(16, 20));
    fs.writeFileSync(f, rsyslogLines(21, 30));
    await until('old and new file', range(1, 30));
    await waitFor('new file committed', async () => (await h.offsets.get(f))?.offset === fs.statSync(f).size);
    expect((await h.offsets.get(f))?.inode).toBe(String(fs.statSync(f, { bigint: true }).ino));
  });

  it('follows a file renamed to a name it also watches without reading it again', async () => {
    const f = h.file('sbc.log');
    fs.writeFileSync(f, rsyslogLines(1, 10));
    const t = await h.tailer(sink, metrics, { rotateGraceMs: 5000 });
    await until('first lines', range(1, 10));
    fs.renameSync(f, h.file('sbc.log.1'));
    fs.appendFileSync(h.file('sbc.log.1'), rsyslogLines(11, 12));
    fs.writeFileSync(f, rsyslogLines(13, 14));
    await until('both files', range(1, 14));
    await waitFor('the rotated file tailed under its new name', () =>
      t.files().some((x) => x.path === h.file('sbc.log.1') && !x.draining),
    );
    fs.appendFileSync(h.file('sbc.log.1'), rsyslogLines(15, 15));
    await until('appended to the rotated file', range(1, 15));
  });

  it('follows copy-truncate rotation: a file smaller than what was read is read from its start', async () => {
    const f = h.file('sbc.log');
    fs.writeFileSync(f, rsyslogLines(1, 10));
    await h.tailer(sink, metrics, { watch: [h.file('*.log')] });
    await until('first lines', range(1, 10));
    fs.copyFileSync(f, h.file('sbc.log.1'));
    fs.truncateSync(f, 0);
    fs.appendFileSync(f, rsyslogLines(11, 13));
    await until('after the truncation', range(1, 13));
    expect(h.logged('copy-truncate')).toBe(true);
  });

  it('notices a file rewritten in place to more than was read (its head changed)', async () => {
    const f = h.file('sbc.log');
    fs.writeFileSync(f, rsyslogLines(1, 3));
    await h.tailer(sink, metrics);
    await until('first lines', range(1, 3));
    const fd = fs.openSync(f, 'r+');
    fs.ftruncateSync(fd, 0);
    fs.writeSync(fd, rsyslogLines(100, 130), 0);
    fs.closeSync(fd);
    await until('the rewritten file', [...range(1, 3), ...range(100, 130)]);
  });

  it('notices a file replaced under the same name', async () => {
    const f = h.file('sbc.log');
    fs.writeFileSync(f, rsyslogLines(1, 10));
    await h.tailer(sink, metrics);
    await until('first file', range(1, 10));
    fs.unlinkSync(f);
    fs.writeFileSync(f, rsyslogLines(50, 60));
    await until('the replacement', [...range(1, 10), ...range(50, 60)]);
  });

  it('resumes exactly where it stopped after a restart, re-reading an open multi-line record only', async () => {
    const f = h.file('sbc.log');
    fs.writeFileSync(f, rsyslogLines(1, 100));
    const first = await h.tailer(sink, metrics, { idleFlushMs: 60_000 });
    await until('first run', range(1, 100));
    // a record in the Windows rendering, written halfway: the framer holds it open
    const rec = windowsRecordLines(101);
    const openAt = fs.statSync(f).size;
    fs.appendFileSync(f, rec.slice(0, 4).join('\n') + '\n');
    await waitFor('first run read the half record', () => first.files()[0]?.readPos === fs.statSync(f).size);
    await first.stop();
    expect(await h.offsets.get(f)).toMatchObject({ offset: openAt, line: 101 });
    fs.appendFileSync(f, rec.slice(4).join('\n') + '\n' + rsyslogLines(102, 150));

    const sink2 = new RecordingSink();
    await h.tailer(sink2, metrics, { idleFlushMs: 60_000 });
    await waitFor('second run', () => seqsOf(sink2.records()).length >= 50);
    expect(seqsOf(sink2.records())).toEqual(range(101, 150));
    expect(seqs()).toEqual(range(1, 100));
    const r101 = sink2.records().find((r) => r.seq === 101);
    // the whole record, from its first line (read by the first run too) to its last
    expect(r101?.text).toContain('---- Incoming SIP Message from 52.114.75.24:5061');
    expect(r101?.text).toContain('CONTENT-LENGTH: 0');
  });

  it('rotated while stopped, to a name it does not watch: the rest of the old file is read from the stored offset', async () => {
    const f = h.file('sbc.log');
    fs.writeFileSync(f, rsyslogLines(1, 10));
    const first = await h.tailer(sink, metrics, { watch: [h.file('*.log')] });
    await until('first run', range(1, 10));
    await first.stop();
    fs.appendFileSync(f, rsyslogLines(11, 15));
    fs.renameSync(f, h.file('sbc.log.1'));
    fs.writeFileSync(f, rsyslogLines(16, 20));
    const sink2 = new RecordingSink();
    await h.tailer(sink2, metrics, { watch: [h.file('*.log')] });
    await waitFor('second run', () => sink2.records().length >= 10);
    expect(seqsOf(sink2.records())).toEqual(range(11, 20));
    expect(h.logged('was rotated to')).toBe(true);
  });

  it('rotated while stopped, to a name it watches too: that file continues from the stored offset', async () => {
    const f = h.file('sbc.log');
    fs.writeFileSync(f, rsyslogLines(1, 10));
    const first = await h.tailer(sink, metrics);
    await until('first run', range(1, 10));
    await first.stop();
    fs.appendFileSync(f, rsyslogLines(11, 15));
    fs.renameSync(f, h.file('sbc.log.1'));
    fs.writeFileSync(f, rsyslogLines(16, 20));
    const sink2 = new RecordingSink();
    await h.tailer(sink2, metrics);
    await waitFor('second run', () => sink2.records().length >= 10);
    expect(seqsOf(sink2.records())).toEqual(range(11, 20));
    expect(h.logged('rotated while stopped: continuing')).toBe(true);
  });

  it('a quiet file: the record the framer holds open is handed on and the offset moves past it', async () => {
    const f = h.file('sbc.log');
    const rec = windowsRecordLines(1).slice(0, 6);
    fs.writeFileSync(f, rec.join('\n') + '\n');
    await h.tailer(sink, metrics, { idleFlushMs: 200 });
    await until('the held record after the quiet time', [1]);
    expect(sink.records()[0].text).toContain('---- Incoming SIP Message');
    await waitFor('offset past it', async () => (await h.offsets.get(f))?.offset === fs.statSync(f).size);
  });

  it('stops reading while the sink refuses, does not advance the offset, and loses nothing when it recovers', async () => {
    const f = h.file('sbc.log');
    fs.writeFileSync(f, rsyslogLines(1, 300));
    sink.failing = true;
    const t = await h.tailer(sink, metrics, { batchRecords: 10, chunkBytes: 16 * 1024 });
    await waitFor('several refusals', () => sink.refused >= 4);
    expect(await h.offsets.get(f)).toBeNull();
    expect(t.files()[0].readPos).toBeLessThan(fs.statSync(f).size);
    expect(metrics.count('errorKinds', 'sink')).toBeGreaterThanOrEqual(4);
    expect(h.logged('the queue refuses records')).toBe(true);
    sink.failing = false;
    await until('after recovery', range(1, 300));
    await waitFor('offset at the end', async () => (await h.offsets.get(f))?.offset === fs.statSync(f).size);
    expect(h.logged('the queue accepts records again')).toBe(true);
  });

  it('stopped while the sink refuses: the next run reads what was never queued, exactly once', async () => {
    const f = h.file('sbc.log');
    fs.writeFileSync(f, rsyslogLines(1, 40));
    const first = await h.tailer(sink, metrics, { batchRecords: 10 });
    await until('first part', range(1, 40));
    sink.failing = true;
    fs.appendFileSync(f, rsyslogLines(41, 80));
    await waitFor('refusals', () => sink.refused >= 2);
    await first.stop();
    expect((await h.offsets.get(f))?.line).toBe(41);
    expect(h.logged('could not queue') || h.logged('the queue refuses records')).toBe(true);

    const sink2 = new RecordingSink();
    await h.tailer(sink2, metrics, { batchRecords: 10 });
    await waitFor('second run', () => sink2.records().length >= 40);
    expect(seqsOf(sink2.records())).toEqual(range(41, 80));
  });

  it('offsets that cannot be stored for a while: reading goes on, one warning, the offset catches up', async () => {
    const f = h.file('sbc.log');
    fs.writeFileSync(f, rsyslogLines(1, 10));
    const real = h.offsets;
    let away = true;
    const flaky: OffsetStore = {
      get: (p) => real.get(p),
      set: (p, st) => (away ? Promise.reject(new StoreUnavailableError('offsets away')) : real.set(p, st)),
    };
    const t = new FileTailer(
      { watch: [h.dir], format: 'auto', reader: { tz: 'UTC', year: 2020, maxLineBytes: 65536 }, pollMs: 30, batchWaitMs: 20, idleFlushMs: 100 },
      { sink, offsets: flaky, logger: h.logger, metrics },
    );
    await t.start();
    try {
      await until('records while offsets fail', range(1, 10));
      fs.appendFileSync(f, rsyslogLines(11, 20));
      await until('more records while offsets fail', range(1, 20));
      await waitFor('several failures', () => metrics.count('errorKinds', 'offset-store') >= 2);
      expect(await real.get(f)).toBeNull();
      expect(h.logger.lines.filter((l) => String(l.msg).startsWith('cannot store the offset')).length).toBe(1);
      away = false;
      fs.appendFileSync(f, rsyslogLines(21, 22));
      await waitFor('offset stored', async () => (await real.get(f))?.offset === fs.statSync(f).size);
      expect(seqs()).toEqual(range(1, 22));
    } finally {
      await t.stop();
    }
  });

  it('a deleted file: one log line, counted, and other files go on', async () => {
    fs.writeFileSync(h.file('a.log'), rsyslogLines(1, 5));
    fs.writeFileSync(h.file('b.log'), rsyslogLines(6, 10));
    const t = await h.tailer(sink, metrics);
    await until('both files', range(1, 10));
    fs.unlinkSync(h.file('a.log'));
    fs.appendFileSync(h.file('b.log'), rsyslogLines(11, 12));
    await until('the other file', range(1, 12));
    await waitFor('the deleted file let go', () => t.files().every((x) => x.path !== h.file('a.log')));
    expect(metrics.count('errorKinds', 'file-gone')).toBe(1);
    expect(h.logger.lines.filter((l) => String(l.msg).includes('is gone')).length).toBe(1);
  });

  it('a file deleted in the middle of reading is read to its end through the open handle', async () => {
    const f = h.file('sbc.log');
    fs.writeFileSync(f, rsyslogLines(1, 300));
    sink.delayMs = 20;
    const t = await h.tailer(sink, metrics, { batchRecords: 10, chunkBytes: 16 * 1024 });
    await waitFor('the first batch', () => sink.records().length > 0);
    fs.unlinkSync(f);
    expect(t.files()[0].readPos).toBeLessThan(300 * 700);
    await until('every record of the deleted file', range(1, 300));
    expect(h.logger.lines.filter((l) => String(l.msg).includes('is gone')).length).toBe(1);
  });

  it('skips over-long lines and lines in no known format, counted, keeping the good lines', async () => {
    const f = h.file('sbc.log');
    fs.writeFileSync(f, rsyslogLines(1, 2) + 'x'.repeat(300 * 1024) + '\n' + rsyslogLines(3, 4));
    const junk = h.file('junk.txt');
    fs.writeFileSync(junk, 'Lorem ipsum dolor sit amet\n'.repeat(60));
    await h.tailer(sink, metrics);
    await until('the good lines', range(1, 4));
    await waitFor('junk counted', () => metrics.count('skips', 'no-format') === 60);
    expect(metrics.count('skips', 'unreadable-line')).toBe(1);
    expect(sink.skips().some((s) => s.where === `${f}:3`)).toBe(true);
    expect(h.logged(`cannot tell the log format of ${junk}`)).toBe(true);
  });

  it('uses a forced format, and refuses an unknown one', async () => {
    const f = h.file('sbc.log');
    fs.writeFileSync(f, rsyslogLines(1, 3));
    await h.tailer(sink, metrics, { format: 'audiocodes' });
    await until('forced format', range(1, 3));
    await expect(h.tailer(sink, metrics, { format: 'nosuch' })).rejects.toThrow('SIPSLEUTH_FORMAT');
  });
});
