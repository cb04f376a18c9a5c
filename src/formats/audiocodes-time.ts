/**
 * The clocks in an AudioCodes log, turned into UTC instants.
 *
 *   device trailer   [Time:19-12@12:44:54.873]      day-month, no year, no zone (tz option)
 *   old firmware     [Time: 04-19-2012@18:29:39]    month-day-year
 *   CDR columns      18:57:52.320  UTC Mon Dec 05 2022
 *
 * The year of a device time comes from the collector's own timestamp when it has one (the year
 * that puts the device time nearest to it), else from `opts.year` with a Dec → Jan roll-over.
 * Pure: no clock reads.
 */
import { MONTHS, YearTracker, wallClockToUtc } from './time';

const HOUR = 3_600_000;

/** Wall clock → UTC with a per-hour offset cache (Intl is slow; logs are dense in time). */
export class ZoneClock {
  private readonly tz: string;
  private readonly utc: boolean;
  private readonly cache = new Map<number, number>();
  constructor(tz: string) {
    this.tz = tz;
    this.utc = tz === 'UTC' || tz === 'Etc/UTC' || tz === 'GMT';
  }
  toUtc(year: number, month: number, day: number, h: number, m: number, s: number, ms: number): number {
    const naive = Date.UTC(year, month - 1, day, h, m, s, ms);
    if (this.utc || Number.isNaN(naive)) {
      return naive;
    }
    const hourKey = Math.floor(naive / HOUR);
    let delta = this.cache.get(hourKey);
    if (delta === undefined) {
      const hourStart = hourKey * HOUR;
      const d = new Date(hourStart);
      const utc = wallClockToUtc(
        {
          year: d.getUTCFullYear(),
          month: d.getUTCMonth() + 1,
          day: d.getUTCDate(),
          hour: d.getUTCHours(),
          minute: 0,
          second: 0,
          ms: 0,
        },
        this.tz,
      );
      delta = utc - hourStart;
      if (this.cache.size > 4096) {
        this.cache.clear();
      }
      this.cache.set(hourKey, delta);
    }
    return naive + delta;
  }
}

function digits(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) {
      return -1;
    }
    n = n * 10 + c;
  }
  return to > from ? n : -1;
}

/** Parts of a device `[Time:…]` value (the text between `Time:` and `]`). */
export interface DeviceTime {
  day: number;
  month: number;
  /** only old firmware prints it */
  year?: number;
  h: number;
  m: number;
  s: number;
  ms: number;
}

/** The digits `s[at]s[at+1]` as a number, or -1. */
function twoDigits(s: string, at: number): number {
  const a = s.charCodeAt(at) - 48;
  const b = s.charCodeAt(at + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

/**
 * parseDeviceTime of `s[from, to)`. The common `19-12@12:44:54.873` is read in place; anything
 * else goes through parseDeviceTime.
 */
export function parseDeviceTimeIn(s: string, from: number, to: number): DeviceTime | null {
  if (
    to - from === 18 &&
    s.charCodeAt(from + 2) === 45 /* - */ &&
    s.charCodeAt(from + 5) === 64 /* @ */ &&
    s.charCodeAt(from + 8) === 58 /* : */ &&
    s.charCodeAt(from + 11) === 58 &&
    s.charCodeAt(from + 14) === 46 /* . */
  ) {
    const day = twoDigits(s, from);
    const month = twoDigits(s, from + 3);
    const h = twoDigits(s, from + 6);
    const m = twoDigits(s, from + 9);
    const sec = twoDigits(s, from + 12);
    const ms1 = twoDigits(s, from + 15);
    const ms2 = s.charCodeAt(from + 17) - 48;
    if (
      day >= 1 && day <= 31 && month >= 1 && month <= 12 &&
      h >= 0 && h <= 23 && m >= 0 && m <= 59 && sec >= 0 && sec <= 60 &&
      ms1 >= 0 && ms2 >= 0 && ms2 <= 9
    ) {
      return { day, month, year: undefined, h, m, s: sec, ms: ms1 * 10 + ms2 };
    }
  }
  return parseDeviceTime(s.slice(from, to));
}

/** `19-12@12:44:54.873` or ` 04-19-2012@18:29:39` → parts, or null. */
export function parseDeviceTime(v: string): DeviceTime | null {
  const t = v.trim();
  const at = t.indexOf('@');
  if (at < 0 || t.length > 40) {
    return null;
  }
  const date = t.slice(0, at).split('-');
  const clock = t.slice(at + 1);
  let day: number;
  let month: number;
  let year: number | undefined;
  if (date.length === 2) {
    day = digits(date[0], 0, date[0].length);
    month = digits(date[1], 0, date[1].length);
  } else if (date.length === 3) {
    month = digits(date[0], 0, date[0].length);
    day = digits(date[1], 0, date[1].length);
    year = digits(date[2], 0, date[2].length);
  } else {
    return null;
  }
  const c = parseClockFast(clock);
  if (!c || day < 1 || day > 31 || month < 1 || month > 12) {
    return null;
  }
  return { day, month, year, h: c[0], m: c[1], s: c[2], ms: c[3] };
}

/** `HH:MM:SS[.fff]` → [h, m, s, ms], or null. No regex: this runs once per record. */
export function parseClockFast(s: string): [number, number, number, number] | null {
  const c1 = s.indexOf(':');
  if (c1 < 1 || c1 > 2 || s.charCodeAt(c1 + 3) !== 58 /* : */) {
    return null;
  }
  const h = digits(s, 0, c1);
  const m = digits(s, c1 + 1, c1 + 3);
  const sec = digits(s, c1 + 4, c1 + 6);
  if (h < 0 || m < 0 || sec < 0 || h > 23 || m > 59 || sec > 60) {
    return null;
  }
  let ms = 0;
  if (s.length > c1 + 6) {
    const sep = s.charCodeAt(c1 + 6);
    if (sep !== 46 && sep !== 44) {
      return null;
    }
    const frac = s.slice(c1 + 7, c1 + 10);
    const f = digits(frac, 0, frac.length);
    if (f < 0) {
      return null;
    }
    ms = frac.length === 3 ? f : frac.length === 2 ? f * 10 : f * 100;
    if (digits(s, c1 + 7, s.length) < 0) {
      return null;
    }
  }
  return [h, m, sec, ms];
}

/**
 * Picks the UTC instant of device times, one tracker per device for the year roll-over.
 */
export class DeviceClock {
  private readonly zone: ZoneClock;
  private readonly startYear: number;
  private readonly trackers = new Map<string, YearTracker>();
  /** the last collector time seen and its UTC year (records of one second share it) */
  private lastCollector = NaN;
  private lastCollectorYear = 0;
  constructor(tz: string, year: number) {
    this.zone = new ZoneClock(tz);
    this.startYear = year;
  }
  get zoneClock(): ZoneClock {
    return this.zone;
  }
  /** `collectorUtc`: the collector's time of the same record when it carried a full date. */
  toUtc(device: string, t: DeviceTime, collectorUtc: number | null): number {
    if (t.year !== undefined) {
      return this.zone.toUtc(t.year, t.month, t.day, t.h, t.m, t.s, t.ms);
    }
    if (collectorUtc !== null) {
      if (collectorUtc !== this.lastCollector) {
        this.lastCollector = collectorUtc;
        this.lastCollectorYear = new Date(collectorUtc).getUTCFullYear();
      }
      const cy = this.lastCollectorYear;
      // the year that puts the device time nearest to the collector's: this one, the one before, the one after
      let best = this.zone.toUtc(cy, t.month, t.day, t.h, t.m, t.s, t.ms);
      for (let y = cy - 1; y <= cy + 1; y += 2) {
        const u = this.zone.toUtc(y, t.month, t.day, t.h, t.m, t.s, t.ms);
        if (Number.isNaN(best) || Math.abs(u - collectorUtc) < Math.abs(best - collectorUtc)) {
          best = u;
        }
      }
      return best;
    }
    return this.zone.toUtc(this.yearFor(device, t.month), t.month, t.day, t.h, t.m, t.s, t.ms);
  }
  yearFor(device: string, month: number): number {
    let tr = this.trackers.get(device);
    if (!tr) {
      tr = new YearTracker(this.startYear);
      this.trackers.set(device, tr);
    }
    return tr.yearFor(month);
  }
}

/** Zone words the SBC prints in CDR times that we can place without the tz option. */
const FIXED_ZONES: Record<string, number> = { UTC: 0, GMT: 0, Z: 0 };

/**
 * CDR time column `18:57:52.320  UTC Mon Dec 05 2022` → UTC ms, or null (empty or unreadable).
 * Zone words other than UTC/GMT are read as the tz option's zone.
 */
export function parseCdrTime(v: string, zone: ZoneClock): number | null {
  const t = v.trim();
  if (t.length < 20 || t.length > 60) {
    return null;
  }
  const parts = t.split(/\s+/);
  if (parts.length < 5) {
    return null;
  }
  const c = parseClockFast(parts[0]);
  const year = Number(parts[parts.length - 1]);
  const day = Number(parts[parts.length - 2]);
  const month = MONTHS[parts[parts.length - 3].toLowerCase()];
  if (!c || !month || !Number.isInteger(year) || !Number.isInteger(day)) {
    return null;
  }
  const zoneWord = parts.length >= 6 ? parts[1].toUpperCase() : '';
  if (zoneWord in FIXED_ZONES) {
    return Date.UTC(year, month - 1, day, c[0], c[1], c[2], c[3]) - FIXED_ZONES[zoneWord] * HOUR;
  }
  return zone.toUtc(year, month, day, c[0], c[1], c[2], c[3]);
}
