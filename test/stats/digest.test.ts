import { chartSvg, niceScale } from '../../src/stats/chart-svg';
import { countReports, emptyStatCounts } from '../../src/stats/counts';
import { buildDigest, totalHours, type DigestSbcInput } from '../../src/stats/digest';
import { localDay, localDate, shiftDate, yesterday } from '../../src/stats/local-day';
import { report } from '../alerts/support/reports';

const DAY = Date.UTC(2026, 10, 24);
const H = 3_600_000;

function input(over: Partial<DigestSbcInput>): DigestSbcInput {
  return {
    sbc: 'sbc1',
    hours: Array.from({ length: 24 }, (_, i) => ({ label: String(i).padStart(2, '0'), counts: emptyStatCounts() })),
    lastWeek: null,
    weekBefore: null,
    examples: {},
    peers: [],
    minCalls: 10,
    ...over,
  };
}

describe('digest figures (pure)', () => {
  it('builds per-SBC figures, top causes with examples, new categories and last week', () => {
    const hours = [...input({}).hours];
    hours[9] = { label: '09', counts: countReports([report({ at: DAY + 9 * H, category: 'completed', durationSec: 100 }), report({ at: DAY + 9 * H, category: 'codec-mismatch' })]) };
    hours[10] = { label: '10', counts: countReports([report({ at: DAY + 10 * H, category: 'codec-mismatch' }), report({ at: DAY + 10 * H, category: 'busy' }), report({ at: DAY + 10 * H, category: 'trunk-unavailable' })]) };
    const d = buildDigest('2026-11-24', 'UTC', [
      input({
        hours,
        lastWeek: countReports([report({ at: DAY, category: 'completed', durationSec: 50 })]),
        weekBefore: countReports([report({ at: DAY, category: 'trunk-unavailable' })]),
        examples: { 'codec-mismatch': { id: 'c1', summary: 'No common codec', time: null } },
      }),
    ]);
    const s = d.sbcs[0];
    expect(s.figures.calls).toBe(5);
    expect(s.figures.answered).toBe(1);
    expect(s.figures.ner).toBeCloseTo(2 / 5);
    expect(s.causes.map((c) => [c.category, c.owner, c.calls])).toEqual([
      ['codec-mismatch', 'sbc', 2],
      ['trunk-unavailable', 'carrier', 1],
    ]);
    expect(s.causes[0].example?.id).toBe('c1');
    // an example of another owner is not shown as this cause's example
    const other = buildDigest('2026-11-24', 'UTC', [
      input({ hours, examples: { 'codec-mismatch': { id: 'c2', summary: 'The carrier refused', time: null, owner: 'carrier' } } }),
    ]);
    expect(other.sbcs[0].causes[0].owner).toBe('sbc');
    expect(other.sbcs[0].causes[0].example).toBeNull();
    expect(s.newCategories).toEqual(['codec-mismatch']);
    expect(s.lastWeek?.calls).toBe(1);
    expect(s.hours[9]).toEqual({ label: '09', calls: 2, failures: 1 });
    expect(s.note).toMatch(/too little traffic/);
    expect(totalHours(d)[10]).toEqual({ label: '10', calls: 3, failures: 2 });
    expect(d.note).toBeNull();
  });

  it('says so for a day without calls', () => {
    const d = buildDigest('2026-11-24', 'UTC', [input({})]);
    expect(d.note).toBe('No calls were logged on 2026-11-24 (UTC).');
    expect(d.sbcs).toEqual([]);
  });
});

describe('local days', () => {
  it('has 23 and 25 hours on DST days and rejects bad dates', () => {
    const spring = localDay('2026-03-29', 'Europe/Berlin');
    const autumn = localDay('2026-10-25', 'Europe/Berlin');
    expect(spring && (spring.end - spring.start) / H).toBe(23);
    expect(autumn && (autumn.end - autumn.start) / H).toBe(25);
    expect(localDay('2026-02-30', 'UTC')).toBeNull();
    expect(localDay('yesterday', 'UTC')).toBeNull();
    expect(localDay('2026-11-24', 'Europe/Berlin')?.start).toBe(Date.UTC(2026, 10, 23, 23));
  });

  it('knows yesterday in a zone and shifts dates', () => {
    expect(yesterday(Date.UTC(2026, 10, 24, 23, 30), 'Europe/Berlin')).toBe('2026-11-24');
    expect(yesterday(Date.UTC(2026, 10, 24, 23, 30), 'UTC')).toBe('2026-11-23');
    expect(shiftDate('2026-03-01', -7)).toBe('2026-02-22');
    expect(localDate(Date.UTC(2026, 0, 1, 0, 30), 'America/New_York')).toBe('2025-12-31');
  });
});

describe('chart SVG', () => {
  it('scales the axis roundly and draws a bar per hour with labels', () => {
    expect(niceScale(0)).toEqual({ top: 5, step: 1 });
    expect(niceScale(37)).toEqual({ top: 40, step: 10 });
    expect(niceScale(1234)).toEqual({ top: 1250, step: 250 });
    const svg = chartSvg('Calls <&> failures', [
      { label: '00', calls: 10, failures: 2 },
      { label: '01', calls: 0, failures: 0 },
    ]);
    expect(svg).toContain('Calls &lt;&amp;&gt; failures');
    expect(svg.match(/fill="#4a7fd4"/g)?.length).toBe(2); // legend + one bar
    expect(svg.match(/fill="#d64545"/g)?.length).toBe(2);
    expect(chartSvg('x', [])).toContain('no calls');
  });
});
