import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { Analyzer } from '../../src/analyze/analyzer';
import { readSource, type InputOptions } from '../../src/cli/input';

const OPTS: InputOptions = { format: 'auto', tz: 'UTC', maxLineBytes: 1 << 20, currentYear: 2026 };
const EXAMPLE = path.join(__dirname, '../../examples/oracle-sipmsg.log');

async function analyze(file: string): Promise<{ ids: string[]; analyzer: Analyzer }> {
  const ids: string[] = [];
  const analyzer = new Analyzer({ onCall: (c) => ids.push(c.report.id) });
  await readSource(file, OPTS, analyzer);
  analyzer.end();
  return { ids: ids.sort(), analyzer };
}

describe('reading gzip-compressed logs', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sipsleuth-gz-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('when a rotated log is gzipped, then it gives the same calls as the plain file', async () => {
    const gz = path.join(dir, 'sipmsg.log.1.gz');
    fs.writeFileSync(gz, zlib.gzipSync(fs.readFileSync(EXAMPLE)));
    const plain = await analyze(EXAMPLE);
    const packed = await analyze(gz);
    expect(plain.ids.length).toBeGreaterThan(0);
    expect(packed.ids).toEqual(plain.ids);
    expect(packed.analyzer.stats.messages).toBe(plain.analyzer.stats.messages);
  });

  it('when the gzip file is cut short, then what was readable is kept and the cut is counted', async () => {
    const whole = zlib.gzipSync(fs.readFileSync(EXAMPLE));
    const cut = path.join(dir, 'cut.log.gz');
    fs.writeFileSync(cut, whole.subarray(0, Math.floor(whole.length * 0.7)));
    const r = await analyze(cut);
    expect(r.analyzer.stats.messages).toBeGreaterThan(0);
    expect(r.analyzer.stats.errors.some((e) => e.why.startsWith('read failed'))).toBe(true);
  });
});
