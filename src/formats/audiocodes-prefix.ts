/**
 * What a collector wrote in front of an AudioCodes record: its receive time and the device's
 * address. Renderings handled (the record itself starts at `<PRI>` / `[S=` / `[SID=`):
 *
 *   rsyslog          Dec 19 12:44:54 10.160.111.51 [S=…]
 *   RFC 5424-ish     2020-12-19T12:44:54.873+01:00 sbc01 [S=…]
 *   paStash log      [Sat, 19 Dec 2020 10:45:06 GMT] ERROR failed parsing Incoming SIP <133>[S=…]
 *   Windows export   10:35:36.653  10.0.10.11  local1.info[S = 122]
 *                    2023-03-06 08:40:00 local0.warning 100.112.70.10  [S=…]
 *                    09/28 10:55:41.157  172.16.10.1  local1.info[S = …]
 *
 * Pure: no clock reads.
 */
import { MONTHS } from './time';
import { parseClockFast, type ZoneClock } from './audiocodes-time';

export interface CollectorStamp {
  /** UTC ms when the prefix had a full date (or a month/day and the year option); else null */
  time: number | null;
  /** true when `time` came with a year of its own (not from the year option) */
  hasYear: boolean;
  /** the device's address or name as the collector wrote it */
  host: string | null;
}

const FACILITIES = new Set([
  'kern', 'user', 'mail', 'daemon', 'auth', 'syslog', 'lpr', 'news', 'uucp', 'cron', 'authpriv', 'ftp',
  'local0', 'local1', 'local2', 'local3', 'local4', 'local5', 'local6', 'local7',
]);

const NONE: CollectorStamp = { time: null, hasYear: false, host: null };

function isFacilityLevel(tok: string): boolean {
  const dot = tok.indexOf('.');
  return dot > 0 && FACILITIES.has(tok.slice(0, dot).toLowerCase());
}

function isIpv4(tok: string): boolean {
  let dots = 0;
  let run = 0;
  for (let i = 0; i < tok.length; i++) {
    const c = tok.charCodeAt(i);
    if (c === 46) {
      if (run === 0) {
        return false;
      }
      dots++;
      run = 0;
    } else if (c >= 48 && c <= 57) {
      if (++run > 3) {
        return false;
      }
    } else {
      return false;
    }
  }
  return dots === 3 && run > 0;
}

function isIpv6(tok: string): boolean {
  if (tok.length < 3 || !/^[0-9a-fA-F:.]+$/.test(tok)) {
    return false;
  }
  // `10:45:06` is a time: an address has `::` or seven colons
  return tok.includes('::') || tok.split(':').length === 8;
}

/** An address, or a host name with a dot that is not `facility.level`. */
function looksLikeHost(tok: string): boolean {
  if (isIpv4(tok) || isIpv6(tok)) {
    return true;
  }
  return tok.length < 128 && tok.includes('.') && !isFacilityLevel(tok) && /^[A-Za-z0-9][A-Za-z0-9.-]*$/.test(tok);
}

function findHost(tokens: string[], from: number): string | null {
  for (let i = from; i < tokens.length; i++) {
    if (looksLikeHost(tokens[i])) {
      return tokens[i];
    }
  }
  return null;
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}:\d{2}:\d{2}(?:[.,]\d+)?)(Z|[+-]\d{2}:?\d{2})?$/;

/**
 * Reads the collector prefix. `yearFor(month)` gives the year of dates without one.
 */
export function parsePrefix(prefix: string, zone: ZoneClock, yearFor: (month: number) => number): CollectorStamp {
  // a quoting character pasted in front (`…`) is not part of the collector's text
  const p = prefix.trim().replace(/^[`'"]+/, '');
  if (p.length === 0) {
    return NONE;
  }
  // paStash: [Sat, 19 Dec 2020 10:45:06 GMT] …
  if (p.charCodeAt(0) === 91 /* [ */) {
    const close = p.indexOf(']');
    if (close < 0 || close > 48) {
      return NONE;
    }
    const t = p.slice(1, close).replace(',', ' ').split(/\s+/);
    if (t.length >= 5) {
      const month = MONTHS[t[2].toLowerCase()];
      const c = parseClockFast(t[4]);
      const day = Number(t[1]);
      const year = Number(t[3]);
      if (month && c && Number.isInteger(day) && Number.isInteger(year)) {
        const utc = Date.UTC(year, month - 1, day, c[0], c[1], c[2], c[3]);
        const gmt = t.length < 6 || /^(GMT|UTC|Z|\+0000)$/i.test(t[5]);
        return { time: gmt ? utc : zone.toUtc(year, month, day, c[0], c[1], c[2], c[3]), hasYear: true, host: null };
      }
    }
    return NONE;
  }
  const tokens = p.split(/\s+/);
  const t0 = tokens[0];
  // rsyslog: Dec 19 12:44:54 host
  const mon = t0.length === 3 ? MONTHS[t0.toLowerCase()] : undefined;
  if (mon !== undefined && tokens.length >= 3) {
    const c = parseClockFast(tokens[2]);
    const day = Number(tokens[1]);
    const host = tokens.length >= 4 && !isFacilityLevel(tokens[3]) ? tokens[3] : null;
    if (!c || !Number.isInteger(day)) {
      return { time: null, hasYear: false, host };
    }
    return { time: zone.toUtc(yearFor(mon), mon, day, c[0], c[1], c[2], c[3]), hasYear: false, host };
  }
  const c0 = t0.charCodeAt(0);
  if (c0 < 48 || c0 > 57) {
    return { time: null, hasYear: false, host: findHost(tokens, 0) };
  }
  // ISO 8601 with T
  if (t0.length >= 19 && t0.charCodeAt(10) === 84 /* T */) {
    const m = ISO.exec(t0);
    if (!m) {
      return { time: null, hasYear: false, host: findHost(tokens, 1) };
    }
    const c = parseClockFast(m[4]);
    if (!c) {
      return { time: null, hasYear: false, host: findHost(tokens, 1) };
    }
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    let time: number;
    if (m[5] === undefined) {
      time = zone.toUtc(y, mo, d, c[0], c[1], c[2], c[3]);
    } else if (m[5] === 'Z') {
      time = Date.UTC(y, mo - 1, d, c[0], c[1], c[2], c[3]);
    } else {
      const sign = m[5][0] === '-' ? -1 : 1;
      const off = m[5].slice(1).replace(':', '');
      const offMs = sign * (Number(off.slice(0, 2)) * 60 + Number(off.slice(2))) * 60_000;
      time = Date.UTC(y, mo - 1, d, c[0], c[1], c[2], c[3]) - offMs;
    }
    return { time, hasYear: true, host: findHost(tokens, 1) };
  }
  // 2023-03-06 08:40:00 …
  if (t0.length === 10 && t0.charCodeAt(4) === 45 && t0.charCodeAt(7) === 45) {
    const y = Number(t0.slice(0, 4));
    const mo = Number(t0.slice(5, 7));
    const d = Number(t0.slice(8, 10));
    const c = tokens.length > 1 ? parseClockFast(tokens[1]) : null;
    const host = findHost(tokens, 2);
    if (!c || !(mo >= 1 && mo <= 12)) {
      return { time: null, hasYear: false, host };
    }
    return { time: zone.toUtc(y, mo, d, c[0], c[1], c[2], c[3]), hasYear: true, host };
  }
  // 09/28 10:55:41.157 … (or 09/28/2023)
  const slash = t0.indexOf('/');
  if (slash === 2) {
    const parts = t0.split('/');
    const mo = Number(parts[0]);
    const d = Number(parts[1]);
    const yGiven = parts.length > 2 ? Number(parts[2]) : NaN;
    const c = tokens.length > 1 ? parseClockFast(tokens[1]) : null;
    const host = findHost(tokens, 2);
    if (!c || !(mo >= 1 && mo <= 12) || !Number.isInteger(d)) {
      return { time: null, hasYear: false, host };
    }
    const hasYear = Number.isInteger(yGiven) && yGiven > 1900;
    const y = hasYear ? yGiven : yearFor(mo);
    return { time: zone.toUtc(y, mo, d, c[0], c[1], c[2], c[3]), hasYear, host };
  }
  // 10:35:36.653  10.0.10.11  local1.info — a time without a date cannot be placed
  return { time: null, hasYear: false, host: findHost(tokens, 1) };
}

/**
 * True when a line starts like a collector line of its own (a new log entry, not a continuation
 * of the open record): paStash `[Www, `, a time, a date or an rsyslog `Mon DD`.
 */
export function startsLikeCollectorLine(line: string): boolean {
  const c = line.charCodeAt(0);
  if (c === 91 /* [ */) {
    return line.length > 6 && line.charCodeAt(4) === 44 /* , */ && line.charCodeAt(5) === 32;
  }
  if (c >= 48 && c <= 57) {
    return /^(\d{1,2}:\d{2}:\d{2}|\d{4}-\d{2}-\d{2}|\d{2}\/\d{2}[ /])/.test(line.slice(0, 12));
  }
  if (c >= 65 && c <= 90 && line.length > 15) {
    return MONTHS[line.slice(0, 3).toLowerCase()] !== undefined && /^[A-Z][a-z]{2} [ \d]\d \d{2}:/.test(line.slice(0, 10));
  }
  return false;
}
