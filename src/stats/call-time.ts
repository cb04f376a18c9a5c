/**
 * Where a call goes in time for the figures: the moment its outcome became known (end, else
 * answer, else start), and the minutes an answered call was up (concurrent calls). Pure.
 */
import type { CallReport } from '../diagnosis/verdict';

export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
/**
 * The stats' finest long-lived bucket: every UTC offset zones use today (+5:30, +5:45, −3:30,
 * +12:45, Lord Howe's half-hour DST) is a whole number of quarter hours, so any zone's local
 * hours and days are made of whole quarters.
 */
export const QUARTER_MS = 900_000;
export const DAY_MS = 86_400_000;
/** an answered call adds to the concurrent-call count of at most this many minutes */
export const MAX_ACTIVE_MINUTES = 240;

function ms(iso: string | null): number | null {
  if (iso === null) {
    return null;
  }
  const t = Date.parse(iso);
  return Number.isFinite(t) ? t : null;
}

/** UTC ms the call counts at, or null when the report has no usable time. */
export function callTime(report: Pick<CallReport, 'start' | 'answer' | 'end'>): number | null {
  return ms(report.end) ?? ms(report.answer) ?? ms(report.start);
}

/** Start (UTC ms) of every minute an answered call was up, at most MAX_ACTIVE_MINUTES of them. */
export function activeMinutes(report: Pick<CallReport, 'outcome' | 'answer' | 'end'>): number[] {
  const a = ms(report.answer);
  const e = ms(report.end);
  if (report.outcome !== 'answered' || a === null || e === null || e < a) {
    return [];
  }
  const out: number[] = [];
  for (let m = Math.floor(a / MINUTE_MS) * MINUTE_MS; m <= e && out.length < MAX_ACTIVE_MINUTES; m += MINUTE_MS) {
    out.push(m);
  }
  return out;
}

export function floorTo(t: number, size: number): number {
  return Math.floor(t / size) * size;
}
