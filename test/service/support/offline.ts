import { Analyzer, type AnalyzedCall } from '../../../src/analyze/analyzer';
import { createLogReader, getFormat } from '../../../src/formats/index';
import type { ReaderOptions } from '../../../src/formats/record';
import type { CallReport } from '../../../src/diagnosis/verdict';

/** What the offline CLI pipeline (`analyze`) makes of these AudioCodes lines: the oracle for the service. */
export function offlineReports(lines: string[], reader: ReaderOptions): CallReport[] {
  const format = getFormat('audiocodes');
  if (!format) {
    throw new Error('no audiocodes format');
  }
  const out: AnalyzedCall[] = [];
  const analyzer = new Analyzer({ onCall: (c) => out.push(c) });
  const r = createLogReader(format, reader);
  lines.forEach((line, i) => analyzer.add(r.push(line, { source: 'offline', line: i + 1 })));
  analyzer.add(r.end());
  analyzer.end();
  return out.map((c) => c.report);
}
