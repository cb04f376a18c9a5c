/**
 * Local days in a time zone: `2026-11-24` in Europe/Berlin → the UTC instants it starts and ends
 * (23 or 25 hours around DST changes). Pure.
 */
import { toWallClock, zoneOffsetMs } from '../formats/time';
import { DAY_MS, HOUR_MS } from './call-time';

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

export interface LocalDay {
  date: string;
  tz: string;
  /** UTC ms of local midnight */
  start: number;
  /** UTC ms of the next local midnight */
  end: number;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/**
 * The UTC instant the local day of y-m-d begins: its midnight, the first one when the clock goes
 * back over midnight, and where DST skips midnight (Santiago, Asunción) the moment the clock jumps
 * into the day.
 */
function dayStart(y: number, mo: number, d: number, tz: string): number {
  const naive = Date.UTC(y, mo - 1, d);
  // every zone's midnight lies within naive − 14 h … naive + 12 h: the offsets before and after
  const early = naive - zoneOffsetMs(tz, naive - 15 * HOUR_MS);
  const late = naive - zoneOffsetMs(tz, naive + 13 * HOUR_MS);
  const valid = [early, late].filter((t) => zoneOffsetMs(tz, t) === naive - t);
  return valid.length > 0 ? Math.min(...valid) : early;
}

/** null when `date` is not a real YYYY-MM-DD date. */
export function localDay(date: string, tz: string): LocalDay | null {
  const m = DATE_RE.exec(date);
  if (!m) {
    return null;
  }
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const probe = new Date(Date.UTC(y, mo - 1, d));
  if (probe.getUTCFullYear() !== y || probe.getUTCMonth() !== mo - 1 || probe.getUTCDate() !== d) {
    return null;
  }
  const next = new Date(Date.UTC(y, mo - 1, d + 1));
  const start = dayStart(y, mo, d, tz);
  const end = dayStart(next.getUTCFullYear(), next.getUTCMonth() + 1, next.getUTCDate(), tz);
  return { date, tz, start, end };
}

/** The local date (YYYY-MM-DD) of an instant. */
export function localDate(t: number, tz: string): string {
  const w = toWallClock(t, tz);
  return `${w.year}-${pad(w.month)}-${pad(w.day)}`;
}

/** The date `days` days before `date` (calendar days, any zone). */
export function shiftDate(date: string, days: number): string {
  const t = Date.parse(`${date}T12:00:00Z`) + days * DAY_MS;
  const d = new Date(t);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

/** The day before the local date of `now`: what a morning digest reports on. */
export function yesterday(now: number, tz: string): string {
  return shiftDate(localDate(now, tz), -1);
}

/** Local hour label (`09`) of an instant. */
export function localHour(t: number, tz: string): string {
  return pad(toWallClock(t, tz).hour);
}
