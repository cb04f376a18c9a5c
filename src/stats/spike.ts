/**
 * Spike detection: the failures of one category in the current window against the baseline.
 *
 * The window is the shortest of 5, 15 and 60 minutes holding at least minCalls calls (fewer
 * calls than that in the hour: nothing is decided). A category spikes when, in that window,
 *
 *   count ≥ MIN_FAILURES,
 *   ratio ≥ max(FACTOR × usual ratio, usual ratio + MIN_RISE), and
 *   count > expected + 3·√max(expected, 1)   (expected = usual ratio × calls; a Poisson margin)
 *
 * An open incident stays bad while the looser test holds (count ≥ 2 and ratio ≥ max(2 × usual,
 * usual + MIN_RISE / 2)); it recovers once that has not held for QUIET_MS. Normal outcomes
 * (NORMAL_CATEGORIES) and `in-progress` are left out unless configured. Pure.
 */
import { CATEGORIES, NORMAL_CATEGORIES, type Category, type Owner } from '../diagnosis/verdict';
import type { Baseline } from './baseline';
import type { StatCounts } from './counts';

export const SPIKE_WINDOWS_MIN = [5, 15, 60] as const;
export const MIN_FAILURES = 3;
export const FACTOR = 3;
export const MIN_RISE = 0.05;
export const QUIET_MS = 10 * 60_000;

export interface SpikeSettings {
  minCalls: number;
  /** normal-outcome categories that should alert anyway */
  extraCategories: readonly Category[];
  /** categories watched elsewhere (the engine watches `tls-failure` as a connectivity problem) */
  skip?: readonly Category[];
}

/** Categories that can spike under these settings. */
export function alertingCategories(s: Pick<SpikeSettings, 'extraCategories' | 'skip'>): Category[] {
  return CATEGORIES.filter(
    (c) =>
      c !== 'in-progress' &&
      !(s.skip ?? []).includes(c) &&
      (!NORMAL_CATEGORIES.includes(c) || s.extraCategories.includes(c)),
  );
}

export interface WindowCounts {
  minutes: number;
  counts: StatCounts;
}

export interface CategoryWindow {
  category: Category;
  windowMin: number;
  calls: number;
  count: number;
  ratio: number;
  usualRatio: number;
  expected: number;
  /** the owner most of these failures have */
  owner: Owner;
}

export type SpikeCheck =
  | { kind: 'checked'; windowMin: number; calls: number; spikes: CategoryWindow[]; bad: Set<Category> }
  | { kind: 'too-few-calls'; calls: number }
  | { kind: 'no-baseline'; why: string };

function ownerOf(counts: StatCounts, cat: Category): Owner {
  const top = counts.causes.find((c) => c.category === cat);
  return top ? top.owner : 'unknown';
}

/** The shortest window with at least minCalls calls, or null. */
export function pickWindow(windows: readonly WindowCounts[], minCalls: number): WindowCounts | null {
  const sorted = [...windows].sort((a, b) => a.minutes - b.minutes);
  return sorted.find((w) => w.counts.calls >= minCalls) ?? null;
}

export function categoryWindow(w: WindowCounts, cat: Category, usualRatio: number): CategoryWindow {
  const count = w.counts.byCategory[cat] ?? 0;
  const calls = w.counts.calls;
  return {
    category: cat,
    windowMin: w.minutes,
    calls,
    count,
    ratio: calls > 0 ? count / calls : 0,
    usualRatio,
    expected: usualRatio * calls,
    owner: ownerOf(w.counts, cat),
  };
}

export function isSpike(c: CategoryWindow): boolean {
  return (
    c.count >= MIN_FAILURES &&
    c.ratio >= Math.max(FACTOR * c.usualRatio, c.usualRatio + MIN_RISE) &&
    c.count > c.expected + 3 * Math.sqrt(Math.max(c.expected, 1))
  );
}

export function stillBad(c: CategoryWindow): boolean {
  return c.count >= 2 && c.ratio >= Math.max(2 * c.usualRatio, c.usualRatio + MIN_RISE / 2);
}

/**
 * Checks every alerting category. `open` are the categories with an incident open now: they are
 * reported in `bad` while the looser test holds (in the shortest window with any call).
 */
export function checkSpikes(
  windows: readonly WindowCounts[],
  baseline: Baseline,
  s: SpikeSettings,
  open: ReadonlySet<Category> = new Set(),
): SpikeCheck {
  const bad = new Set<Category>();
  if (baseline.kind === 'none') {
    return { kind: 'no-baseline', why: baseline.why };
  }
  const usual = (c: Category): number => baseline.ratio[c] ?? 0;
  const anyWindow = [...windows].sort((a, b) => a.minutes - b.minutes).find((w) => w.counts.calls > 0) ?? null;
  for (const cat of open) {
    const w = pickWindow(windows, s.minCalls) ?? anyWindow;
    if (w && stillBad(categoryWindow(w, cat, usual(cat)))) {
      bad.add(cat);
    }
  }
  const w = pickWindow(windows, s.minCalls);
  if (!w) {
    const calls = windows.reduce((m, x) => Math.max(m, x.counts.calls), 0);
    return bad.size > 0
      ? { kind: 'checked', windowMin: anyWindow?.minutes ?? 0, calls, spikes: [], bad }
      : { kind: 'too-few-calls', calls };
  }
  const spikes: CategoryWindow[] = [];
  for (const cat of alertingCategories(s)) {
    const c = categoryWindow(w, cat, usual(cat));
    if (isSpike(c)) {
      spikes.push(c);
      bad.add(cat);
    }
  }
  spikes.sort((a, b) => b.count - a.count);
  return { kind: 'checked', windowMin: w.minutes, calls: w.counts.calls, spikes, bad };
}
