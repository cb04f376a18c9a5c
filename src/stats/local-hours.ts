/**
 * The local hours of a local day as UTC spans, and counts read in time buckets (quarter hours, or
 * hours kept before quarters were) put into them. Pure.
 *
 * A local hour begins where the hour of the local clock changes or the clock shows minute 0: 24
 * hours; 23 or 25 on a DST day (Adelaide's 02 is missing, or comes twice); where DST moves the
 * clock by half an hour (Lord Howe) one hour lasts 30 or 90 minutes.
 */
import { toWallClock } from '../formats/time';
import { QUARTER_MS } from './call-time';
import { emptyStatCounts, sumCounts, type StatCounts } from './counts';
import type { LocalDay } from './local-day';

export interface LocalHour {
  /** `00`…`23` */
  label: string;
  /** UTC ms, inclusive */
  start: number;
  /** UTC ms, exclusive (the next hour's start) */
  end: number;
}

/** A time bucket's counts: `size` ms from `start` (UTC ms). */
export interface CountBucket {
  start: number;
  size: number;
  counts: StatCounts;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** The day's local hours, in order; together they cover [day.start, day.end) exactly. */
export function localHours(day: LocalDay): LocalHour[] {
  const out: LocalHour[] = [];
  let prev = -1;
  for (let t = day.start; t < day.end; t += QUARTER_MS) {
    const w = toWallClock(t, day.tz);
    if (out.length === 0 || w.hour !== prev || w.minute === 0) {
      const last = out[out.length - 1];
      if (last) {
        last.end = t;
      }
      out.push({ label: pad(w.hour), start: t, end: day.end });
    }
    prev = w.hour;
  }
  return out;
}

/** Index of the hour holding instant `t`, or -1 when it is outside them all. */
export function hourIndex(hours: readonly LocalHour[], t: number): number {
  let lo = 0;
  let hi = hours.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const h = hours[mid];
    if (t < h.start) {
      hi = mid - 1;
    } else if (t >= h.end) {
      lo = mid + 1;
    } else {
      return mid;
    }
  }
  return -1;
}

/** Where a bucket counts: at its middle (a quarter lies inside one local hour; an hour bucket goes to the local hour it covers most, the later one of two halves). */
export function bucketTime(b: Pick<CountBucket, 'start' | 'size'>): number {
  return b.start + b.size / 2;
}

/** The counts of each hour: the sum of the buckets whose middle lies in it (buckets outside all hours are left out). */
export function countsPerHour(hours: readonly LocalHour[], buckets: readonly CountBucket[]): StatCounts[] {
  const lists: StatCounts[][] = hours.map(() => []);
  for (const b of buckets) {
    lists[hourIndex(hours, bucketTime(b))]?.push(b.counts);
  }
  return lists.map((l) => (l.length === 0 ? emptyStatCounts() : sumCounts(l)));
}

/** The highest value per hour of values kept per bucket start (the peak of concurrent calls). */
export function peakPerHour(hours: readonly LocalHour[], peaks: ReadonlyMap<number, number>): number[] {
  const out = hours.map(() => 0);
  for (const [t, n] of peaks) {
    const i = hourIndex(hours, t);
    if (i >= 0) {
      out[i] = Math.max(out[i], n);
    }
  }
  return out;
}
