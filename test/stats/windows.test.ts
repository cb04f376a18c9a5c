import { countReports, type StatCounts } from '../../src/stats/counts';
import { rollingWindows, windowOf } from '../../src/stats/windows';
import { report } from '../alerts/support/reports';

const T = Date.UTC(2026, 10, 24, 10, 0, 0);
const MIN = 60_000;

describe('rolling windows', () => {
  it('sums the last 1, 5, 15 and 60 minutes ending with the current one', () => {
    const minutes: Array<[number, StatCounts]> = [];
    for (let m = 0; m < 90; m++) {
      const t = T + m * MIN;
      minutes.push([t, countReports([report({ at: t, category: m % 10 === 0 ? 'codec-mismatch' : 'completed' })])]);
    }
    const cur = T + 89 * MIN;
    const w = rollingWindows(minutes, cur);
    expect(w.map((x) => [x.minutes, x.counts.calls])).toEqual([[1, 1], [5, 5], [15, 15], [60, 60]]);
    expect(w[3].counts.byCategory['codec-mismatch']).toBe(6);
    expect(windowOf(minutes, T + 200 * MIN, 5).calls).toBe(0);
  });
});
