/**
 * Vendor times often have no year and no zone. These helpers turn wall-clock parts in a given
 * IANA zone into a UTC instant, and pick the year for a month/day without one. Pure: no clock.
 */

export interface WallClock {
  year: number;
  /** 1..12 */
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  ms: number;
}

const dtfCache = new Map<string, Intl.DateTimeFormat>();

function formatter(tz: string): Intl.DateTimeFormat {
  let f = dtfCache.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    dtfCache.set(tz, f);
  }
  return f;
}

/** True when `tz` is a zone name this runtime knows ('UTC', 'Europe/Berlin', …). */
export function isValidTimeZone(tz: string): boolean {
  if (tz === 'UTC') {
    // always known: no need to build a formatter (Intl's set-up costs milliseconds) to be sure
    return true;
  }
  try {
    formatter(tz);
    return true;
  } catch {
    return false;
  }
}

/** Offset of `tz` from UTC at the UTC instant `utcMs`, in ms (Berlin in winter: +3600000). */
export function zoneOffsetMs(tz: string, utcMs: number): number {
  if (tz === 'UTC' || tz === 'Etc/UTC' || tz === 'GMT') {
    return 0;
  }
  const parts = formatter(tz).formatToParts(new Date(utcMs));
  const get = (t: string): number => Number(parts.find((p) => p.type === t)?.value ?? 0);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return asUtc - Math.floor(utcMs / 1000) * 1000;
}

/** The UTC instant of a wall-clock time in zone `tz`. */
export function wallClockToUtc(w: WallClock, tz: string): number {
  const naive = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second, w.ms);
  // two passes settle the offset around DST changes
  let t = naive - zoneOffsetMs(tz, naive);
  t = naive - zoneOffsetMs(tz, t);
  return t;
}

/**
 * Follows the year through a log whose times have none: a log that goes from December to January
 * rolled over. Feed months in log order; it returns the year of each.
 */
export class YearTracker {
  private year: number;
  private lastMonth = 0;
  constructor(startYear: number) {
    this.year = startYear;
  }
  yearFor(month: number): number {
    if (this.lastMonth === 12 && month === 1) {
      this.year += 1;
    } else if (this.lastMonth === 1 && month === 12) {
      // a stray late record from the old year: do not roll back the whole log
      this.lastMonth = month;
      return this.year - 1;
    }
    this.lastMonth = month;
    return this.year;
  }
}

export const MONTHS: Record<string, number> = {
  jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12,
};

/** `HH:MM:SS.mmm` (ms optional, any fraction length) → [h, m, s, ms], or null. */
export function parseClock(s: string): [number, number, number, number] | null {
  const m = /^(\d{1,2}):(\d{2}):(\d{2})(?:[.,](\d+))?$/.exec(s);
  if (!m) {
    return null;
  }
  const frac = m[4] ? Number(m[4].slice(0, 3).padEnd(3, '0')) : 0;
  return [Number(m[1]), Number(m[2]), Number(m[3]), frac];
}

function pad(n: number, w = 2): string {
  return String(n).padStart(w, '0');
}

/** `+01:00` style offset of `tz` at `utcMs`. */
export function formatOffset(tz: string, utcMs: number): string {
  const off = zoneOffsetMs(tz, utcMs) / 60000;
  const sign = off < 0 ? '-' : '+';
  const a = Math.abs(off);
  return `${sign}${pad(Math.floor(a / 60))}:${pad(a % 60)}`;
}

/** Parts of the wall clock of `utcMs` in zone `tz`. */
export function toWallClock(utcMs: number, tz: string): WallClock {
  const d = new Date(utcMs + zoneOffsetMs(tz, utcMs));
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
    ms: d.getUTCMilliseconds(),
  };
}

/** `2026-11-23 10:00:01.712 +01:00`: a time for people, in their zone, with the offset. */
export function formatInZone(utcMs: number, tz: string, opts: { ms?: boolean; offset?: boolean } = {}): string {
  const w = toWallClock(utcMs, tz);
  const base = `${w.year}-${pad(w.month)}-${pad(w.day)} ${pad(w.hour)}:${pad(w.minute)}:${pad(w.second)}`;
  const ms = opts.ms === false ? '' : `.${pad(w.ms, 3)}`;
  const off = opts.offset === false ? '' : ` ${formatOffset(tz, utcMs)}`;
  return base + ms + off;
}
