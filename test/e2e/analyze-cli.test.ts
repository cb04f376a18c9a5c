/**
 * `sipsleuth analyze` in-process (runAnalyze, stdout and stderr captured): the §3 JSON document
 * (calls / health / stats with the contract's fields), the table, and the exit codes — 0 when
 * something was read, 1 when nothing was, with a message naming the formats tried.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runAnalyze, type AnalyzeOptions } from '../../src/cli/commands/analyze';
import { FORMAT_NAMES } from '../../src/formats/record';
import { AUDIOCODES_SBC, DEFAULT_PARAMS, TEAMS_PROXIES } from '../support/flows/call-build';
import { optionsPing } from '../support/flows/options';
import { captureOutput } from '../support/capture-output';
import { renderAudiocodes } from '../support/flows/render-audiocodes';
import type { PlacedCall } from '../support/flows/scenario-types';
import { buildScenario } from '../support/flows/scenarios';

const T0 = Date.UTC(2026, 10, 23, 9, 0, 0);
let dir: string;

function opts(o: Partial<AnalyzeOptions> = {}): AnalyzeOptions {
  return { json: true, format: 'auto', tz: 'UTC', year: 2026, maxLineBytes: 1 << 20, currentYear: 2026, ...o };
}

async function run(files: string[], o: Partial<AnalyzeOptions> = {}): Promise<{ code: number; out: string; err: string }> {
  const { result, out, err } = await captureOutput(() => runAnalyze(files, opts(o)));
  return { code: result, out, err };
}

let MESSAGES = 0;

/** three calls and a round of OPTIONS (sip3 does not answer), as an AudioCodes SBC logs them */
function sbcLog(): string {
  const calls: PlacedCall[] = ['completed-inbound', 'busy', 'forbidden-carrier'].map((name, i) => ({
    scenario: buildScenario(name, { ...DEFAULT_PARAMS, seed: `cli-${i}`, pstn: `+4930555020${i}` }),
    t0: T0 + 20_000 * i,
    sessionKey: `b9027c:24:${500 + i}`,
  }));
  const pings = TEAMS_PROXIES.map((p, i) => optionsPing(AUDIOCODES_SBC, p, `cli-opt-${i}`, T0 - 5000 + i * 150, `b9027c:24:${490 + i}`, i !== 2));
  MESSAGES = [...pings, ...calls].reduce((n, c) => n + c.scenario.steps.length, 0);
  return renderAudiocodes([...pings, ...calls]);
}

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sipsleuth-cli-'));
  fs.writeFileSync(path.join(dir, 'sbc.log'), sbcLog());
  fs.writeFileSync(path.join(dir, 'junk.log'), 'hello world\nthis is not a log of any SBC\n\u0000\u0001\u0002 binary\n'.repeat(20));
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('analyze --json', () => {
  test('prints exactly the §3 document: calls, health, stats', async () => {
    const { code, out, err } = await run([path.join(dir, 'sbc.log')]);
    expect(code).toBe(0);
    expect(err).toBe('');
    const doc = JSON.parse(out) as { calls: Record<string, unknown>[]; health: { peers: Record<string, unknown>[] }; stats: Record<string, unknown> };
    expect(Object.keys(doc)).toEqual(['calls', 'health', 'stats']);
    expect(doc.calls).toHaveLength(3);
    for (const c of doc.calls) {
      for (const k of ['id', 'callIds', 'sbc', 'direction', 'from', 'to', 'start', 'answer', 'end', 'durationSec', 'outcome', 'finalStatus', 'reason', 'msCode', 'category', 'owner', 'summary', 'evidence', 'legs']) {
        expect(c).toHaveProperty(k);
      }
      expect(c.sbc).toBe('198.51.100.10');
      expect(c.callIds).toHaveLength(2);
      expect(typeof c.summary).toBe('string');
      expect(Array.isArray(c.evidence)).toBe(true);
      for (const l of c.legs as Record<string, unknown>[]) {
        expect(Object.keys(l)).toEqual(expect.arrayContaining(['callId', 'peer', 'remote', 'finalStatus', 'messages']));
      }
    }
    const byFrom = new Map(doc.calls.map((c) => [c.from, c]));
    expect(byFrom.get('+49305550200')).toMatchObject({ direction: 'inbound', outcome: 'answered', category: 'completed', owner: 'user', finalStatus: 200, answer: expect.stringMatching(/^2026-11-23T09:00:0\dZ?/) });
    expect(byFrom.get('+49305550200')?.durationSec).toBeCloseTo(90, 0);
    expect(byFrom.get('+49305550201')).toMatchObject({ direction: 'inbound', outcome: 'failed', category: 'busy', owner: 'user', finalStatus: 486, answer: null, durationSec: null, reason: { protocol: 'Q.850', cause: 34 } });
    expect(byFrom.get('+49407770101')).toMatchObject({ direction: 'outbound', outcome: 'failed', category: 'forbidden', owner: 'carrier', finalStatus: 403 });
    expect(doc.calls.map((c) => c.start)).toEqual([...doc.calls.map((c) => c.start)].sort());

    const peers = new Map(doc.health.peers.map((p) => [p.name, p]));
    expect(peers.get('sip.pstnhub.microsoft.com')).toMatchObject({ remote: '52.114.75.24:5061', optionsSent: 1, optionsAnswered: 1 });
    expect(peers.get('sip3.pstnhub.microsoft.com')).toMatchObject({ remote: '52.114.132.46:5061', optionsSent: 1, optionsAnswered: 0, lastAnswer: null });
    expect(doc.stats).toMatchObject({ calls: 3, skipped: 0, errors: [], cdrRows: 6 });
    expect(doc.stats.messages).toBe(MESSAGES);
  });

  test('a file in which nothing is readable: exit 1, the formats tried are named', async () => {
    const { code, out, err } = await run([path.join(dir, 'junk.log')]);
    expect(code).toBe(1);
    expect(err).toContain('junk.log');
    expect(err).toContain(`tried: ${FORMAT_NAMES.join(', ')}`);
    const doc = JSON.parse(out) as { calls: unknown[]; stats: { errors: { where: string; why: string }[] } };
    expect(doc.calls).toEqual([]);
    expect(doc.stats.errors.some((e) => e.why.includes('no known log format'))).toBe(true);
  });

  test('a missing file: exit 1, said so', async () => {
    const { code, err } = await run([path.join(dir, 'nope.log')]);
    expect(code).toBe(1);
    expect(err).toContain('no such file');
  });

  test('a forced format that does not fit: exit 1, naming the format tried', async () => {
    const { code, err } = await run([path.join(dir, 'sbc.log')], { format: 'oracle' });
    expect(code).toBe(1);
    expect(err).toContain('nothing readable as oracle (tried: oracle)');
  });

  test('one good file and one bad: exit 0, the bad one counted in stats with where and why', async () => {
    const { code, out } = await run([path.join(dir, 'sbc.log'), path.join(dir, 'junk.log')]);
    expect(code).toBe(0);
    const doc = JSON.parse(out) as { calls: unknown[]; stats: { errors: { where: string; why: string }[] } };
    expect(doc.calls).toHaveLength(3);
    expect(doc.stats.errors).toEqual(expect.arrayContaining([expect.objectContaining({ where: expect.stringContaining('junk.log'), why: expect.stringContaining('no known log format') })]));
  });
});

describe('analyze (table)', () => {
  test('one row per call with its verdict, then the peers', async () => {
    const { code, out } = await run([path.join(dir, 'sbc.log')], { json: false });
    expect(code).toBe(0);
    const rows = out.split('\n').filter((l) => l.startsWith('2026-11-23 '));
    expect(rows).toHaveLength(3);
    expect(rows[0]).toMatch(/completed\s+user/);
    expect(rows[1]).toMatch(/busy\s+user/);
    expect(rows[2]).toMatch(/forbidden\s+carrier/);
    expect(out).toMatch(/52\.114\.7\.24:5061 \(sip2\.pstnhub/);
  });
});
