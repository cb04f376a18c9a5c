/**
 * The whole offline path on an AudioCodes syslog file: reader → call builder → diagnose → report.
 * The fixture (test/fixtures/diagnosis/audiocodes-six-verdicts.log) holds six calls written the way a
 * Mediant logs them (`#012` line breaks, `[Time:…]` trailers, one CDR header and CALL_END row).
 */
import path from 'node:path';
import { Analyzer, type AnalyzedCall } from '../../src/analyze/analyzer';
import { readSource } from '../../src/cli/input';

const FIXTURE = path.join(__dirname, '../fixtures/diagnosis/audiocodes-six-verdicts.log');

async function analyze(): Promise<Map<string, AnalyzedCall>> {
  const got = new Map<string, AnalyzedCall>();
  const a = new Analyzer({ onCall: (c) => got.set(c.call.id, c) });
  await readSource(FIXTURE, { format: 'auto', tz: 'UTC', year: 2026, maxLineBytes: 1 << 20, currentYear: 2026 }, a);
  a.end();
  return got;
}

describe('verdicts on an AudioCodes log, end to end', () => {
  let calls: Map<string, AnalyzedCall>;
  beforeAll(async () => {
    calls = await analyze();
  });

  test.each([
    ['d1a2b3:1:2001', 'failed', 'forbidden', 'sbc', 403],
    ['d1a2b3:1:2002', 'failed', 'forbidden', 'carrier', 403],
    ['d1a2b3:1:2003', 'failed', 'codec-mismatch', 'sbc', 488],
    ['d1a2b3:1:2004', 'failed', 'no-response', 'carrier', 408],
    ['d1a2b3:1:2005', 'failed', 'callee-unavailable', 'user', 480],
    ['d1a2b3:1:2006', 'answered', 'media-failure', 'network', 200],
  ])('%s → %s / %s / owner %s', (id, outcome, category, owner, finalStatus) => {
    const c = calls.get(id);
    expect(c).toBeDefined();
    expect(c?.report).toMatchObject({ id, outcome, category, owner, finalStatus, sbc: '10.1.1.5' });
    expect(c?.report.callIds.length).toBe(id === 'd1a2b3:1:2001' ? 1 : 2);
  });

  test('evidence lines carry the log\'s times in UTC and the deciding message first', () => {
    expect(calls.get('d1a2b3:1:2002')?.report.evidence[0]).toBe('10:05:00.400 carrier → SBC 403 Forbidden, Reason Q.850;cause=21');
    expect(calls.get('d1a2b3:1:2005')?.report.msCode).toBe('10037');
    expect(calls.get('d1a2b3:1:2006')?.report.evidence.some((e) => e.includes('TrmReason RTP_BROKEN_CONNECTION'))).toBe(true);
  });
});
