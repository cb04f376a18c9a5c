/**
 * The bundled example logs (examples/): they are exactly what examples/generate.ts writes, and
 * analyzing each one gives every verdict its README promises, call by call (matched by start
 * time), plus the OPTIONS health the README describes for the AudioCodes morning.
 */
import fs from 'node:fs';
import path from 'node:path';
import { exampleLogs, readme } from '../../examples/generate';
import { analyzeFile, type Analysis } from '../support/flows/analyze-text';

const DIR = path.join(__dirname, '../../examples');
const FILES = ['teams-sbc-day.log', 'oracle-sipmsg.log', 'cisco-cube.log'];

interface Promise_ {
  start: string;
  outcome: string;
  category: string;
  owner: string;
  finalStatus: number | null;
}

/** the verdict table under `## <file>` in the README */
function promised(readmeText: string, file: string): Promise_[] {
  const at = readmeText.indexOf(`## ${file}`);
  expect(at).toBeGreaterThanOrEqual(0);
  const next = readmeText.indexOf('\n## ', at + 1);
  const section = readmeText.slice(at, next === -1 ? undefined : next);
  const rows: Promise_[] = [];
  for (const line of section.split('\n')) {
    const m = /^\| (\d{2}:\d{2}:\d{2}\.\d{3}) \|/.exec(line);
    if (!m) {
      continue;
    }
    const cells = line.split('|').map((c) => c.trim());
    const n = cells.length;
    rows.push({
      start: m[1],
      outcome: cells[n - 5],
      category: cells[n - 4],
      owner: cells[n - 3],
      finalStatus: cells[n - 2] === '—' ? null : Number(cells[n - 2]),
    });
  }
  return rows;
}

describe('example logs', () => {
  const text = fs.readFileSync(path.join(DIR, 'README.md'), 'utf8');
  const results = new Map<string, Analysis>();

  beforeAll(async () => {
    for (const f of FILES) {
      results.set(f, await analyzeFile(path.join(DIR, f)));
    }
  });

  test('the files are what examples/generate.ts writes (deterministic, up to date)', () => {
    const logs = exampleLogs();
    expect(logs.map((l) => l.file)).toEqual(FILES);
    for (const l of logs) {
      expect(fs.readFileSync(path.join(DIR, l.file), 'utf8') === l.text).toBe(true);
    }
    expect(text).toBe(readme(logs));
  });

  test.each(FILES)('%s: every call gets the verdict the README promises', (file) => {
    const a = results.get(file) as Analysis;
    const rows = promised(text, file);
    expect(rows.length).toBeGreaterThanOrEqual(5);
    expect(a.calls).toHaveLength(rows.length);
    const got = a.calls.map((c) => ({
      start: (c.report.start ?? '').slice(11, 23),
      outcome: c.report.outcome,
      category: c.report.category,
      owner: c.report.owner,
      finalStatus: c.report.finalStatus,
    }));
    got.sort((x, y) => x.start.localeCompare(y.start));
    expect(got).toEqual(rows);
  });

  test('teams-sbc-day.log: both legs joined, nothing lost, and sip2 missed six OPTIONS', () => {
    const a = results.get('teams-sbc-day.log') as Analysis;
    expect(a.outcome.format).toBe('audiocodes');
    expect(a.analyzer.stats.skipped).toBe(0);
    expect(a.analyzer.stats.lostRecords).toBe(0);
    const joined = a.calls.filter((c) => c.report.callIds.length === 2);
    expect(joined.length).toBeGreaterThanOrEqual(a.calls.length - 1);
    const byName = new Map(a.health.map((p) => [p.name, p]));
    expect([...byName.keys()].sort()).toEqual(['sip.pstnhub.microsoft.com', 'sip2.pstnhub.microsoft.com', 'sip3.pstnhub.microsoft.com']);
    const sip = byName.get('sip.pstnhub.microsoft.com');
    const sip2 = byName.get('sip2.pstnhub.microsoft.com');
    expect(sip?.optionsSent).toBe(120);
    expect(sip?.optionsAnswered).toBe(120);
    expect(sip2?.optionsSent).toBe(120);
    expect(sip2?.optionsAnswered).toBe(114);
    expect(sip2?.status).toBe('up');
  });

  test('oracle-sipmsg.log and cisco-cube.log: legs joined (by time and number / by GUID)', () => {
    for (const f of ['oracle-sipmsg.log', 'cisco-cube.log']) {
      const a = results.get(f) as Analysis;
      expect(a.calls.length).toBeGreaterThanOrEqual(5);
      for (const c of a.calls) {
        expect(c.report.callIds).toHaveLength(2);
        expect(c.report.direction === 'inbound' || c.report.direction === 'outbound').toBe(true);
      }
    }
  });
});
