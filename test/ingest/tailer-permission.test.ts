import fs from 'node:fs';
import path from 'node:path';
import { MemoryIngestMetrics } from '../../src/ingest/ingest-metrics';
import { range, rsyslogLines, seqsOf } from './support/audiocodes-lines';
import { RecordingSink } from './support/recording-sink';
import { TailerHarness } from './support/tailer-harness';
import { waitFor } from './support/wait-for';

/**
 * A folder without read permission. Root reads everything, so when the tests run as root the
 * tailer runs with the effective uid of `nobody` for this test (restored afterwards).
 */
const NOBODY = 65534;
const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;

describe('FileTailer and a folder without read permission', () => {
  let h: TailerHarness;

  beforeEach(() => {
    h = new TailerHarness();
    fs.chmodSync(h.dir, 0o755);
  });
  afterEach(async () => {
    if (asRoot && process.geteuid?.() !== 0) {
      process.seteuid?.(0);
    }
    fs.chmodSync(h.file('locked'), 0o755);
    await h.close();
  });

  it('an unreadable file: one log line however often it is retried, counted; the other files go on', async () => {
    const open = h.file('open');
    fs.mkdirSync(open, { mode: 0o755 });
    fs.mkdirSync(h.file('locked'), { mode: 0o755 });
    const secret = path.join(open, 'secret.log');
    fs.writeFileSync(secret, rsyslogLines(1, 3), { mode: 0o000 });
    fs.writeFileSync(path.join(open, 'a.log'), rsyslogLines(4, 6), { mode: 0o644 });
    if (asRoot) {
      process.seteuid?.(NOBODY);
    }
    const sink = new RecordingSink();
    const metrics = new MemoryIngestMetrics();
    await h.tailer(sink, metrics, { watch: [open], rescanMs: 50 });
    await waitFor('the readable file', () => sink.records().length >= 3);
    await waitFor('several retries', () => metrics.count('errorKinds', 'permission') >= 3);
    expect(seqsOf(sink.records())).toEqual(range(4, 6));
    expect(h.logger.lines.filter((l) => String(l.msg).startsWith(`no permission to read ${secret}`)).length).toBe(1);
  });

  it('logs one clear line, counts it, tails the other folders, and picks the folder up when it is readable', async () => {
    const open = h.file('open');
    const locked = h.file('locked');
    fs.mkdirSync(open, { mode: 0o755 });
    fs.mkdirSync(locked, { mode: 0o755 });
    fs.writeFileSync(path.join(open, 'a.log'), rsyslogLines(1, 5), { mode: 0o644 });
    fs.writeFileSync(path.join(locked, 'b.log'), rsyslogLines(6, 8), { mode: 0o644 });
    fs.chmodSync(locked, 0o000);
    if (asRoot) {
      process.seteuid?.(NOBODY);
    }
    const sink = new RecordingSink();
    const metrics = new MemoryIngestMetrics();
    await h.tailer(sink, metrics, { watch: [open, locked] });
    await waitFor('the readable folder', () => sink.records().length >= 5);
    expect(seqsOf(sink.records())).toEqual(range(1, 5));
    expect(metrics.count('errorKinds', 'permission')).toBeGreaterThanOrEqual(1);
    const lines = h.logger.lines.filter((l) => String(l.msg).startsWith(`cannot read folder ${locked}`));
    expect(lines.length).toBe(1);

    if (asRoot) {
      process.seteuid?.(0);
    }
    fs.chmodSync(locked, 0o755);
    if (asRoot) {
      process.seteuid?.(NOBODY);
    }
    await waitFor('the folder once readable', () => sink.records().length >= 8);
    expect(seqsOf(sink.records())).toEqual(range(1, 8));
    expect(h.logged(`${locked} is readable again`)).toBe(true);
  });
});
