import { activeMinutes, callTime, MINUTE_MS } from '../../src/stats/call-time';
import { countReports, countsAgainstNer, parseStatCounts, sumCounts } from '../../src/stats/counts';
import { duration, figuresOf, percent } from '../../src/stats/figures';
import { report } from '../alerts/support/reports';

const T = Date.UTC(2026, 10, 24, 10, 0, 0);

describe('figures', () => {
  it('counts a hand-made set of calls: ASR, NER (user failures do not count against it), average duration', () => {
    const reports = [
      report({ at: T, category: 'completed', durationSec: 60 }),
      report({ at: T, category: 'completed', durationSec: 120 }),
      report({ at: T, category: 'busy' }), // user: not against NER
      report({ at: T, category: 'no-answer' }), // user
      report({ at: T, category: 'caller-cancelled' }), // cancelled by the user
      report({ at: T, category: 'codec-mismatch' }), // sbc: against
      report({ at: T, category: 'trunk-unavailable' }), // carrier: against
      report({ at: T, category: 'in-progress', outcome: 'in-progress', owner: 'unknown' }), // not a seizure
    ];
    const f = figuresOf(countReports(reports));
    expect(f.calls).toBe(8);
    expect(f.seizures).toBe(7);
    expect(f.answered).toBe(2);
    expect(f.asr).toBeCloseTo(2 / 7);
    expect(f.ner).toBeCloseTo(5 / 7);
    expect(f.avgDurationSec).toBeCloseTo(90);
    expect(percent(f.ner)).toBe('71.4%');
    expect(duration(f.avgDurationSec)).toBe('1m 30s');
  });

  it('has no ratios without seizures', () => {
    const f = figuresOf(countReports([]));
    expect(f.asr).toBeNull();
    expect(f.ner).toBeNull();
    expect(f.avgDurationSec).toBeNull();
    expect(percent(null)).toBe('–');
  });

  it('counts an unanswered call of unknown owner against NER, an answered one with a media failure not', () => {
    expect(countsAgainstNer({ outcome: 'failed', owner: 'unknown' })).toBe(true);
    expect(countsAgainstNer({ outcome: 'cancelled', owner: 'network' })).toBe(true);
    expect(countsAgainstNer({ outcome: 'answered', owner: 'network' })).toBe(false);
    expect(countsAgainstNer({ outcome: 'failed', owner: 'user' })).toBe(false);
  });

  it('sums buckets and keeps the peak of concurrent calls', () => {
    const a = parseStatCounts({ calls: '3', 'o:answered': '2', 'c:completed': '2', 'cw:completed/user': '2', 'x:act': '4', 'x:ner': '1' });
    const b = parseStatCounts({ calls: '2', 'o:failed': '2', 'c:busy': '2', 'cw:busy/user': '2', 'x:act': '7', junk: 'x' });
    const s = sumCounts([a, b]);
    expect(s.calls).toBe(5);
    expect(s.active).toBe(7);
    expect(s.nerAgainst).toBe(1);
    expect(s.byCategory).toEqual({ completed: 2, busy: 2 });
    expect(s.causes.map((c) => `${c.category}/${c.owner}=${c.calls}`)).toEqual(['busy/user=2', 'completed/user=2']);
  });

  it('places a call at its end and spreads an answered call over the minutes it was up', () => {
    const r = report({ at: T + 150_000, category: 'completed', durationSec: 150 });
    expect(callTime(r)).toBe(T + 150_000);
    const mins = activeMinutes(r);
    expect(mins[0]).toBe(Math.floor(Date.parse(r.answer ?? '') / MINUTE_MS) * MINUTE_MS);
    expect(mins.length).toBe(3);
    expect(activeMinutes(report({ at: T, category: 'busy' }))).toEqual([]);
    expect(callTime({ start: null, answer: null, end: null })).toBeNull();
    expect(callTime({ start: 'not a time', answer: null, end: null })).toBeNull();
  });
});
