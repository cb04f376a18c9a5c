/**
 * When a question asks about: `today`, `yesterday`, `last hour`, `last 3 hours`, `last 30 minutes`,
 * `this week`, `since 09:00` / `since 9am` (today, in the asker's zone). Read from the end of the
 * question; turned into UTC ms against `now` and the zone. Pure.
 */
import { toWallClock, wallClockToUtc } from '../formats/time';

export type TimeSpec =
  | { kind: 'today' }
  | { kind: 'yesterday' }
  | { kind: 'this-week' }
  | { kind: 'last'; minutes: number }
  | { kind: 'since'; hour: number; minute: number };

export interface TimeRange {
  /** UTC ms, inclusive */
  since: number;
  /** UTC ms, inclusive */
  until: number;
  /** `today`, `yesterday`, `the last hour`, `since 09:00` */
  label: string;
}

const HOUR_MIN = 60;

function num(word: string): number | null {
  const words: Record<string, number> = { a: 1, an: 1, one: 1, two: 2, three: 3, four: 4, six: 6, twelve: 12, 'twenty-four': 24 };
  if (/^\d{1,3}$/.test(word)) {
    return Number(word);
  }
  return words[word] ?? null;
}

/** `09:00`, `9`, `9am`, `9:30pm`, `21h` → [hour, minute], or null. */
function clockOf(s: string): [number, number] | null {
  const m = /^(\d{1,2})(?:[:.h](\d{2}))?\s*(am|pm|h)?$/.exec(s);
  if (!m) {
    return null;
  }
  let h = Number(m[1]);
  const min = m[2] ? Number(m[2]) : 0;
  if (m[3] === 'pm' && h < 12) {
    h += 12;
  } else if (m[3] === 'am' && h === 12) {
    h = 0;
  }
  return h <= 23 && min <= 59 ? [h, min] : null;
}

/**
 * Splits a trailing time phrase off `words` (lower case). Returns the words before it and the
 * spec, or the words unchanged and null.
 */
export function takeTimeSpec(words: string[]): { rest: string[]; when: TimeSpec | null } {
  const n = words.length;
  const last = words[n - 1];
  const tail = (k: number): string[] => words.slice(0, n - k);
  const dropIn = (rest: string[]): string[] => {
    const w = rest[rest.length - 1];
    return w === 'in' || w === 'during' || w === 'for' || w === 'over' ? rest.slice(0, -1) : rest;
  };
  if (n === 0) {
    return { rest: words, when: null };
  }
  if (last === 'today') {
    return { rest: tail(words[n - 2] === 'from' ? 2 : 1), when: { kind: 'today' } };
  }
  if (last === 'yesterday') {
    return { rest: tail(words[n - 2] === 'from' ? 2 : 1), when: { kind: 'yesterday' } };
  }
  if (last === 'week' && n >= 2 && (words[n - 2] === 'this' || words[n - 2] === 'last' || words[n - 2] === 'past')) {
    return { rest: dropIn(tail(2)), when: { kind: 'this-week' } };
  }
  if ((last === 'hour' || last === 'minutes' || last === 'hours' || last === 'mins' || last === 'min') && n >= 2) {
    const unit = last.startsWith('h') ? HOUR_MIN : 1;
    let k = 1;
    let count = 1;
    const maybe = num(words[n - 2]);
    if (maybe !== null) {
      count = maybe;
      k = 2;
    }
    if (words[n - 1 - k] === 'last' || words[n - 1 - k] === 'past') {
      k += 1;
      if (words[n - 1 - k] === 'the') {
        k += 1;
      }
      return { rest: dropIn(tail(k)), when: { kind: 'last', minutes: Math.max(1, Math.min(count * unit, 31 * 24 * 60)) } };
    }
  }
  // since 09:00 / since 9 am
  for (const k of [2, 3]) {
    if (n >= k && words[n - k] === 'since') {
      const c = clockOf(words.slice(n - k + 1).join(''));
      if (c) {
        return { rest: tail(k), when: { kind: 'since', hour: c[0], minute: c[1] } };
      }
    }
  }
  return { rest: words, when: null };
}

function startOfDay(ms: number, tz: string): number {
  const w = toWallClock(ms, tz);
  return wallClockToUtc({ ...w, hour: 0, minute: 0, second: 0, ms: 0 }, tz);
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** The range a spec means at `now` in zone `tz`. */
export function rangeOf(when: TimeSpec, now: number, tz: string): TimeRange {
  switch (when.kind) {
    case 'today':
      return { since: startOfDay(now, tz), until: now, label: 'today' };
    case 'yesterday': {
      const today = startOfDay(now, tz);
      return { since: startOfDay(today - 12 * 3_600_000, tz), until: today - 1, label: 'yesterday' };
    }
    case 'this-week':
      return { since: now - 7 * 86_400_000, until: now, label: 'the last 7 days' };
    case 'last': {
      const label =
        when.minutes % HOUR_MIN === 0
          ? when.minutes === HOUR_MIN
            ? 'the last hour'
            : `the last ${when.minutes / HOUR_MIN} hours`
          : `the last ${when.minutes} minutes`;
      return { since: now - when.minutes * 60_000, until: now, label };
    }
    case 'since': {
      const w = toWallClock(now, tz);
      let since = wallClockToUtc({ ...w, hour: when.hour, minute: when.minute, second: 0, ms: 0 }, tz);
      if (since > now) {
        // "since 23:00" asked at 01:00 means yesterday evening
        since = wallClockToUtc({ ...toWallClock(now - 86_400_000, tz), hour: when.hour, minute: when.minute, second: 0, ms: 0 }, tz);
      }
      return { since, until: now, label: `since ${pad(when.hour)}:${pad(when.minute)}` };
    }
  }
}
