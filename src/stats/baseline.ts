/**
 * What is usual for an SBC: the share of calls that end in each category.
 *
 *   same-hour  the same hour of the day on the previous days (at least MIN_DAYS days with at
 *              least minCalls calls in that hour), when history is long enough
 *   decaying   the minutes before the current window, weighted by age (half-life one hour), when
 *              history is short but there has been traffic (at least 3 × minCalls calls)
 *   none       too little traffic to say what is usual: no spike alert
 *
 * Pure: the counts are read by the caller.
 */
import type { Category } from '../diagnosis/verdict';
import type { StatCounts } from './counts';

export const MIN_DAYS = 2;
export const HALF_LIFE_MS = 3_600_000;

export type Baseline =
  | { kind: 'same-hour'; days: number; calls: number; ratio: Partial<Record<Category, number>> }
  | { kind: 'decaying'; calls: number; ratio: Partial<Record<Category, number>> }
  | { kind: 'none'; why: string };

export interface BaselineInput {
  /** the same hour on each previous day (newest first) */
  sameHour: readonly StatCounts[];
  /** minute buckets before the current window: [minute start, counts] */
  recent: ReadonlyArray<readonly [number, StatCounts]>;
  /** start of the current window (UTC ms) */
  windowStart: number;
  minCalls: number;
}

export function computeBaseline(i: BaselineInput): Baseline {
  const days = i.sameHour.filter((c) => c.calls >= i.minCalls);
  if (days.length >= MIN_DAYS) {
    const ratio: Partial<Record<Category, number>> = {};
    let calls = 0;
    for (const d of days) {
      calls += d.calls;
    }
    for (const d of days) {
      for (const [cat, n] of Object.entries(d.byCategory) as Array<[Category, number]>) {
        ratio[cat] = (ratio[cat] ?? 0) + n / calls;
      }
    }
    return { kind: 'same-hour', days: days.length, calls, ratio };
  }
  let weighted = 0;
  let raw = 0;
  const byCat: Partial<Record<Category, number>> = {};
  for (const [start, c] of i.recent) {
    if (start >= i.windowStart || c.calls === 0) {
      continue;
    }
    const w = Math.pow(0.5, (i.windowStart - start) / HALF_LIFE_MS);
    weighted += w * c.calls;
    raw += c.calls;
    for (const [cat, n] of Object.entries(c.byCategory) as Array<[Category, number]>) {
      byCat[cat] = (byCat[cat] ?? 0) + w * n;
    }
  }
  if (raw >= 3 * i.minCalls && weighted > 0) {
    const ratio: Partial<Record<Category, number>> = {};
    for (const [cat, n] of Object.entries(byCat) as Array<[Category, number]>) {
      ratio[cat] = n / weighted;
    }
    return { kind: 'decaying', calls: raw, ratio };
  }
  const why =
    days.length > 0 || raw > 0
      ? `too little traffic for a baseline (${raw} calls in the hours before, ${days.length} earlier day(s) with ${i.minCalls}+ calls in this hour)`
      : 'no traffic before this window to compare with';
  return { kind: 'none', why };
}

/** `usually 0.4% (2 in 500)`: how the baseline reads in an alert. */
export function describeUsual(b: Baseline, cat: Category): string {
  if (b.kind === 'none') {
    return b.why;
  }
  const r = b.ratio[cat] ?? 0;
  const pct = r === 0 ? '0%' : r < 0.001 ? '<0.1%' : `${(r * 100).toFixed(1)}%`;
  return b.kind === 'same-hour'
    ? `usually ${pct} of calls at this hour (last ${b.days} days)`
    : `usually ${pct} of calls (${b.calls} calls in the hours before)`;
}
