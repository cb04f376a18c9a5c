/**
 * The Analyzer hands the transport failures a device logged around a call to the diagnosis, and
 * counts them: the AudioCodes tls-failure flow read line by line through the real reader.
 */
import { Analyzer, type AnalyzedCall } from '../../src/analyze/analyzer';
import { audiocodesFormat } from '../../src/formats/audiocodes';
import { createLogReader } from '../../src/formats/log-reader';
import { SCENARIOS, renderScenario } from '../support/flows';

const OPTS = { tz: 'UTC', year: 2026, maxLineBytes: 1 << 20 };

function run(lines: readonly string[]): { calls: AnalyzedCall[]; analyzer: Analyzer } {
  const calls: AnalyzedCall[] = [];
  const analyzer = new Analyzer({ onCall: (c) => calls.push(c) });
  const reader = createLogReader(audiocodesFormat, OPTS);
  lines.forEach((l, i) => {
    analyzer.countRecord();
    analyzer.add(reader.push(l, { source: 'sbc.log', line: i + 1 }));
  });
  analyzer.add(reader.end());
  analyzer.end();
  return { calls, analyzer };
}

const tlsFlow = SCENARIOS.find((b) => renderScenario(b, 'sip').scenario.name === 'tls-failure');
if (!tlsFlow) {
  throw new Error('the tls-failure flow is missing');
}
const lines = renderScenario(tlsFlow, 'audiocodes').text.split('\n').filter((l) => l !== '');
const isTlsLine = (l: string): boolean => l.includes('!! TLS:');

describe('Analyzer and transport failures', () => {
  test('the TLS lines in the call\'s records are counted and decide the verdict', () => {
    expect(lines.filter(isTlsLine)).toHaveLength(2);
    const { calls, analyzer } = run(lines);
    expect(analyzer.stats.transportErrors).toBe(2);
    expect(calls).toHaveLength(1);
    expect(calls[0].verdict).toMatchObject({ category: 'tls-failure', owner: 'sbc', finalStatus: 503 });
    expect(calls[0].verdict.evidence[0]).toMatch(/^09:00:01\.\d{3} SBC log: !! TLS: TLS handshake with 52\.114\.75\.24:5061 failed.* \(sbc\.log:\d+\)$/);
    expect(analyzer.stats.skipped).toBe(0);
  });

  test('without them the same call is the SBC\'s own 503', () => {
    const benign = lines.map((l) => (isTlsLine(l) ? l.replace(/!! TLS: [^#]*/, 'TLS connection to 52.114.75.24:5061 established ') : l));
    const { calls, analyzer } = run(benign);
    expect(analyzer.stats.transportErrors).toBe(0);
    expect(calls[0].verdict).toMatchObject({ category: 'trunk-unavailable', owner: 'sbc' });
  });

  test('the same failures logged by the board (no SID) an hour later do not explain the call', () => {
    const later = lines.map((l) => (isTlsLine(l) ? l.replace(/ 09:(\d\d):/, ' 10:$1:').replace(/@09:/, '@10:').replace(/\[SID=[^\]]*\]/, '[BID=c1f3e8:30]') : l));
    expect(later.filter((l) => l.includes('[BID=c1f3e8:30]') && l.includes(' 10:00:'))).toHaveLength(2);
    const { calls, analyzer } = run(later);
    expect(analyzer.stats.transportErrors).toBe(2);
    expect(calls[0].verdict.category).toBe('trunk-unavailable');
  });

  test('logged by the board (no SID) at the time of the call, they do', () => {
    const board = lines.map((l) => (isTlsLine(l) ? l.replace(/\[SID=[^\]]*\]/, '[BID=c1f3e8:30]') : l));
    const { calls, analyzer } = run(board);
    expect(analyzer.stats.transportErrors).toBe(2);
    expect(calls[0].verdict).toMatchObject({ category: 'tls-failure', owner: 'sbc' });
  });
});
