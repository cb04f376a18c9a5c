import { callRecords, rsyslogLines, someCalls } from './support/audiocodes-calls';
import { offlineReports } from './support/offline';

describe('the service tests’ AudioCodes call builder', () => {
  it('when read by the offline pipeline, then every call comes back with both legs and the expected verdict', () => {
    const calls = someCalls(8, Date.UTC(2026, 10, 23, 9, 0, 0));
    const lines = rsyslogLines(callRecords(calls));
    const reports = offlineReports(lines, { tz: 'UTC', year: 2026, maxLineBytes: 1 << 20 });
    expect(reports.map((r) => r.id).sort()).toEqual(calls.map((c) => c.sid).sort());
    const byId = new Map(reports.map((r) => [r.id, r]));
    for (const c of calls) {
      const r = byId.get(c.sid);
      expect(r?.legs).toHaveLength(2);
      const want = { answered: 'completed', busy: 'busy', 'not-found': 'not-found', cancelled: 'caller-cancelled' }[c.scenario];
      expect([c.sid, r?.category]).toEqual([c.sid, want]);
    }
  });
});
