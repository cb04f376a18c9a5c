import { formatInZone, parseClock, wallClockToUtc, YearTracker, zoneOffsetMs } from '../../src/formats/time';

describe('time helpers', () => {
  it('turns a Berlin wall clock into UTC, winter and summer', () => {
    const w = { year: 2026, month: 11, day: 23, hour: 10, minute: 0, second: 1, ms: 712 };
    expect(new Date(wallClockToUtc(w, 'Europe/Berlin')).toISOString()).toBe('2026-11-23T09:00:01.712Z');
    const s = { ...w, month: 7 };
    expect(new Date(wallClockToUtc(s, 'Europe/Berlin')).toISOString()).toBe('2026-07-23T08:00:01.712Z');
    expect(new Date(wallClockToUtc(w, 'UTC')).toISOString()).toBe('2026-11-23T10:00:01.712Z');
  });
  it('knows the offset of New York', () => {
    expect(zoneOffsetMs('America/New_York', Date.UTC(2026, 0, 15))).toBe(-5 * 3600_000);
  });
  it('rolls the year over from December to January', () => {
    const y = new YearTracker(2025);
    expect([12, 12, 1, 1].map((m) => y.yearFor(m))).toEqual([2025, 2025, 2026, 2026]);
  });
  it('reads clocks with and without fractions', () => {
    expect(parseClock('12:44:54.873')).toEqual([12, 44, 54, 873]);
    expect(parseClock('19:34:41.657063')).toEqual([19, 34, 41, 657]);
    expect(parseClock('07:18:47')).toEqual([7, 18, 47, 0]);
    expect(parseClock('x')).toBeNull();
  });
});

describe('formatInZone', () => {
  it('shows a UTC instant in Berlin with its offset', () => {
    expect(formatInZone(Date.UTC(2026, 10, 23, 9, 0, 1, 712), 'Europe/Berlin')).toBe('2026-11-23 10:00:01.712 +01:00');
    expect(formatInZone(Date.UTC(2026, 10, 23, 9, 0, 1, 712), 'UTC', { ms: false })).toBe('2026-11-23 09:00:01 +00:00');
  });
});
