import { QUARTER_MS } from '../../src/stats/call-time';
import { countReports } from '../../src/stats/counts';
import { localDay, type LocalDay } from '../../src/stats/local-day';
import { countsPerHour, hourIndex, localHours, peakPerHour } from '../../src/stats/local-hours';
import { report } from '../alerts/support/reports';

const H = 3_600_000;
const MIN = 60_000;

function day(date: string, tz: string): LocalDay {
  const d = localDay(date, tz);
  if (!d) {
    throw new Error(date);
  }
  return d;
}

const labels = (d: LocalDay): string[] => localHours(d).map((h) => h.label);
const minutes = (d: LocalDay): number[] => localHours(d).map((h) => (h.end - h.start) / MIN);
const ALL = Array.from({ length: 24 }, (_, i) => String(i).padStart(2, '0'));

describe('local days and hours', () => {
  it.each([
    ['Asia/Kolkata', Date.UTC(2026, 10, 23, 18, 30)],
    ['Asia/Kathmandu', Date.UTC(2026, 10, 23, 18, 15)],
    ['America/St_Johns', Date.UTC(2026, 10, 24, 3, 30)],
    ['Australia/Adelaide', Date.UTC(2026, 10, 23, 13, 30)],
    ['Pacific/Chatham', Date.UTC(2026, 10, 23, 10, 15)],
    ['Europe/Berlin', Date.UTC(2026, 10, 23, 23)],
  ])('%s: the day starts at local midnight and has the 24 local hours, each starting at minute 0', (tz, start) => {
    const d = day('2026-11-24', tz);
    expect(d.start).toBe(start);
    expect(d.end - d.start).toBe(24 * H);
    const hours = localHours(d);
    expect(hours.map((h) => h.label)).toEqual(ALL);
    expect(hours.map((h) => h.start)).toEqual(ALL.map((_, i) => start + i * H));
    expect(hours[23].end).toBe(d.end);
  });

  it('has 25 and 23 hours on the DST days of a half-hour zone (Adelaide) and of a whole-hour one (Berlin)', () => {
    const back = day('2026-04-05', 'Australia/Adelaide');
    expect(labels(back)).toEqual(['00', '01', '02', '02', '03', ...ALL.slice(4)]);
    expect(localHours(back)[3].start).toBe(Date.UTC(2026, 3, 4, 16, 30));
    const fwd = day('2026-10-04', 'Australia/Adelaide');
    expect(labels(fwd)).toEqual(ALL.filter((l) => l !== '02'));
    expect(localHours(fwd)[2].start).toBe(Date.UTC(2026, 9, 3, 16, 30));
    expect(labels(day('2026-10-25', 'Europe/Berlin'))).toEqual(['00', '01', '02', '02', ...ALL.slice(3)]);
    expect(labels(day('2026-03-29', 'Europe/Berlin'))).toEqual(ALL.filter((l) => l !== '02'));
    expect(labels(day('2026-11-01', 'America/St_Johns'))).toEqual(['00', '01', '01', ...ALL.slice(2)]);
  });

  it('a half-hour DST change (Lord Howe) makes one hour 90 or 30 minutes long', () => {
    const back = day('2026-04-05', 'Australia/Lord_Howe');
    expect(labels(back)).toEqual(ALL);
    expect(minutes(back).slice(0, 3)).toEqual([60, 90, 60]);
    const fwd = day('2026-10-04', 'Australia/Lord_Howe');
    expect(labels(fwd)).toEqual(ALL);
    expect(minutes(fwd).slice(0, 3)).toEqual([60, 60, 30]);
  });

  it('a DST change at midnight (Santiago): the day starts when the clock jumps into it, the day before has its 23:00', () => {
    const d = day('2026-09-06', 'America/Santiago');
    expect(d.start).toBe(Date.UTC(2026, 8, 6, 4));
    expect(labels(d)).toEqual(ALL.slice(1));
    const before = day('2026-09-05', 'America/Santiago');
    expect(before.end).toBe(d.start);
    expect(labels(before)).toEqual(ALL);
    // the clock goes back over midnight: the day begins at the first midnight
    expect(day('2026-04-05', 'America/Santiago').start).toBe(Date.UTC(2026, 3, 5, 4));
    expect(day('2026-04-04', 'America/Santiago').end - day('2026-04-04', 'America/Santiago').start).toBe(25 * H);
  });

  it('puts quarter buckets in their local hour, an hour bucket in the local hour holding its middle, and peaks in theirs', () => {
    const d = day('2026-11-24', 'Asia/Kolkata');
    const hours = localHours(d);
    const c = (n: number) => countReports(Array.from({ length: n }, () => report({ at: d.start, category: 'codec-mismatch' })));
    const per = countsPerHour(hours, [
      { start: d.start - QUARTER_MS, size: QUARTER_MS, counts: c(1) }, // 23:45 the day before
      { start: d.start, size: QUARTER_MS, counts: c(2) }, // 00:00
      { start: d.start + 3 * QUARTER_MS, size: QUARTER_MS, counts: c(4) }, // 00:45
      { start: d.start + 4 * QUARTER_MS, size: QUARTER_MS, counts: c(8) }, // 01:00
      { start: d.start - 30 * MIN, size: H, counts: c(16) }, // UTC 18:00-19:00 = 23:30-00:30: counts in 00
      { start: d.end - 30 * MIN, size: H, counts: c(32) }, // its twin at the day's end counts on the next day
      { start: d.end, size: QUARTER_MS, counts: c(64) },
    ]);
    expect(per.map((x) => x.calls)).toEqual([2 + 4 + 16, 8, ...Array(22).fill(0)]);
    expect(per[0].byCategory).toEqual({ 'codec-mismatch': 22 });
    expect(hourIndex(hours, d.start - 1)).toBe(-1);
    expect(hourIndex(hours, d.end)).toBe(-1);
    expect(hourIndex(hours, d.end - 1)).toBe(23);
    const peaks = peakPerHour(hours, new Map([[d.start - QUARTER_MS, 9], [d.start, 2], [d.start + QUARTER_MS, 3], [d.start + 23 * H, 1]]));
    expect(peaks[0]).toBe(3);
    expect(peaks[23]).toBe(1);
    expect(peaks.reduce((a, b) => a + b, 0)).toBe(4);
  });
});
