/**
 * Runs a rendered log through the real offline path, as `sipsleuth analyze` does per file:
 * written to a temporary file, read by `readSource` (format detection or a forced format),
 * calls built and diagnosed by the `Analyzer`.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Analyzer, type AnalyzedCall } from '../../../src/analyze/analyzer';
import type { PeerHealth } from '../../../src/calls/call';
import { readSource, type FileOutcome } from '../../../src/cli/input';
import type { FormatName } from '../../../src/formats/record';

export interface Analysis {
  calls: AnalyzedCall[];
  health: PeerHealth[];
  outcome: FileOutcome;
  analyzer: Analyzer;
}

let tmpDir: string | null = null;

function tmp(): string {
  if (!tmpDir) {
    tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sipsleuth-e2e-'));
  }
  return tmpDir;
}

/** Removes the temporary files (call from afterAll). */
export function cleanUpTemp(): void {
  if (tmpDir) {
    fs.rmSync(tmpDir, { recursive: true, force: true });
    tmpDir = null;
  }
}

export async function analyzeFile(file: string, format: 'auto' | FormatName = 'auto'): Promise<Analysis> {
  const calls: AnalyzedCall[] = [];
  const analyzer = new Analyzer({ onCall: (c) => calls.push(c) });
  const outcome = await readSource(file, { format, tz: 'UTC', year: 2026, maxLineBytes: 1 << 20, currentYear: 2026 }, analyzer);
  const health = analyzer.end();
  return { calls, health, outcome, analyzer };
}

export async function analyzeText(text: string, name: string, format: 'auto' | FormatName = 'auto'): Promise<Analysis> {
  const file = path.join(tmp(), name.replace(/[^A-Za-z0-9._-]/g, '_'));
  fs.writeFileSync(file, text);
  return analyzeFile(file, format);
}
