/**
 * A cross-check against an independent author: the synthetic AudioCodes log writer of the benchmark
 * (bench/synth, 14 Teams Direct Routing scenarios, both legs, CDR rows) read back through the real
 * pipeline. Each scenario must get the verdict its name stands for.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Analyzer, type AnalyzedCall } from '../../src/analyze/analyzer';
import { readSource } from '../../src/cli/input';
import { SCENARIO_NAMES, writeAudiocodesLog } from '../../bench/synth/audiocodes-writer';
import type { Category, Outcome, Owner } from '../../src/diagnosis/verdict';

const EXPECTED: Record<string, [Outcome, Category, Owner | 'by-code']> = {
  'answered-inbound': ['answered', 'completed', 'user'],
  'answered-outbound': ['answered', 'completed', 'user'],
  busy: ['failed', 'busy', 'user'],
  'caller-cancelled': ['cancelled', 'caller-cancelled', 'user'],
  'no-answer': ['failed', 'no-answer', 'user'],
  'callee-unavailable': ['failed', 'callee-unavailable', 'user'],
  'not-found': ['failed', 'not-found', 'carrier'],
  // Teams refuses; its owner follows Microsoft's code: 560xxx = the SBC side (rule of 560), 510xxx/10xxx = Teams
  'forbidden-teams': ['failed', 'forbidden', 'by-code'],
  'codec-mismatch': ['failed', 'codec-mismatch', 'sbc'],
  'trunk-unavailable': ['failed', 'trunk-unavailable', 'carrier'],
  'no-response': ['failed', 'no-response', 'carrier'],
  'ack-timeout': ['answered', 'ack-timeout', 'sbc'],
  'media-failure': ['answered', 'media-failure', 'network'],
  'completed-elsewhere': ['cancelled', 'completed-elsewhere', 'user'],
};

describe('verdicts on the synthetic scenario log', () => {
  const byScenario = new Map<string, AnalyzedCall[]>();
  beforeAll(async () => {
    const file = path.join(os.tmpdir(), `sipsleuth-diagnosis-synth-${process.pid}.log`);
    const scenarioOf = new Map<string, string>();
    const lines: string[] = [];
    writeAudiocodesLog(
      {
        calls: SCENARIO_NAMES.length * 3,
        seed: 11,
        start: Date.UTC(2026, 10, 23, 9),
        scenarios: [...SCENARIO_NAMES],
        onMessage: (m) => {
          if (m.scenario !== 'options') {
            scenarioOf.set(m.sid, m.scenario);
          }
        },
      },
      (l) => lines.push(l),
    );
    fs.writeFileSync(file, `${lines.join('\n')}\n`);
    try {
      const a = new Analyzer({
        onCall: (c) => {
          const s = scenarioOf.get(c.call.sessionKey ?? c.call.id) ?? 'unmatched';
          byScenario.set(s, [...(byScenario.get(s) ?? []), c]);
        },
      });
      await readSource(file, { format: 'auto', tz: 'UTC', year: 2026, maxLineBytes: 1 << 20, currentYear: 2026 }, a);
      a.end();
    } finally {
      fs.unlinkSync(file);
    }
  });

  test('every call belongs to a scenario', () => {
    expect(byScenario.has('unmatched')).toBe(false);
  });

  test.each(SCENARIO_NAMES.map((s) => [s]))('%s', (scenario) => {
    const calls = byScenario.get(scenario) ?? [];
    expect(calls.length).toBe(3);
    const [outcome, category, owner] = EXPECTED[scenario];
    for (const c of calls) {
      const want = owner === 'by-code' ? (c.verdict.msCode?.startsWith('560') ? 'sbc' : 'teams') : owner;
      expect({ id: c.call.id, outcome: c.verdict.outcome, category: c.verdict.category, owner: c.verdict.owner }).toEqual({
        id: c.call.id,
        outcome,
        category,
        owner: want,
      });
    }
  });
});
