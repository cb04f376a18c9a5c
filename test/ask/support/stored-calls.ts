/**
 * Realistic stored calls for the ask and bot tests: fixture logs read by the real pipeline
 * (line splitter → format reader → call builder → diagnose → §3 report), put into a store.
 *
 *   ask-seven-calls.rsyslog.log (AudioCodes, 2026-11-23 08:00–09:32 UTC, SBC 10.1.1.5):
 *     answered, busy (…0101), not-found, cancelled, busy (…0101), not-found, answered
 *   ribbon teams-call-and-480.syslog.log (SBC sbc1, 10:00 and 10:02 UTC): answered, 480 from Teams,
 *     and an OPTIONS keep-alive answered by Teams (peers' health)
 */
import path from 'node:path';
import { Analyzer, type AnalyzedCall } from '../../../src/analyze/analyzer';
import type { PeerHealth } from '../../../src/calls/call';
import { readSource } from '../../../src/cli/input';
import type { CallStore } from '../../../src/store/call-store';

const FIXTURES = path.join(__dirname, '..', '..', 'fixtures');

export const ASK_FIXTURES = [
  'audiocodes/ask-seven-calls.rsyslog.log',
  'ribbon/teams-call-and-480.syslog.log',
];

/** 10:05 UTC that day: "the last hour" holds the AudioCodes calls of 09:10, 09:20, 09:30 and both Ribbon calls. */
export const ASK_NOW = Date.UTC(2026, 10, 23, 10, 5, 0);

export interface LoadedCalls {
  calls: AnalyzedCall[];
  health: PeerHealth[];
}

export async function analyzeFixtures(files: string[] = ASK_FIXTURES): Promise<LoadedCalls> {
  const calls: AnalyzedCall[] = [];
  const analyzer = new Analyzer({ onCall: (c) => calls.push(c) });
  for (const f of files) {
    await readSource(path.join(FIXTURES, f), { format: 'auto', tz: 'UTC', year: 2026, maxLineBytes: 1 << 20, currentYear: 2026 }, analyzer);
  }
  const health = analyzer.end();
  return { calls, health };
}

/** Fills the store with the fixture calls and health; returns what was stored. */
export async function fillStore(store: CallStore, files?: string[]): Promise<LoadedCalls> {
  const loaded = await analyzeFixtures(files);
  for (const c of loaded.calls) {
    await store.put({ report: c.report, call: c.call });
  }
  await store.putHealth(loaded.health);
  return loaded;
}
