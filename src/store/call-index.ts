/**
 * What both stores index a call by, computed once per `put`. Pure.
 *
 *   refs     every leg's Call-ID (and its part before `@`), the session key, the call id — lower case
 *   numbers  From/To of the call and of every leg, normalised (`+49 30 555-0101` → `49305550101`),
 *            searchable by their last 4 digits
 *   time     call start (else answer, end, first message), UTC ms
 */
import type { Call } from '../calls/call';
import type { CallReport } from '../diagnosis/verdict';
import type { CallQuery, StoredCall } from './call-store';
import { normalizeNumber, numberMatches } from '../sip/numbers';

/** Digits of a number's tail used as its index bucket. */
export const BUCKET_DIGITS = 4;

/** A call's index entry: small, kept next to the call so queries can filter without loading it. */
export interface CallIndexEntry {
  id: string;
  /** UTC ms used to order and expire the call */
  time: number;
  sbc: string;
  outcome: CallReport['outcome'];
  refs: string[];
  fromNumbers: string[];
  toNumbers: string[];
}

/** The form a reference is indexed and looked up by. */
export function refKey(value: string): string {
  return value.trim().toLowerCase();
}

/** The bucket a number (digits) is filed under: its last 4 digits (fewer when it is shorter). */
export function numberBucket(digits: string): string {
  return digits.length <= BUCKET_DIGITS ? digits : digits.slice(-BUCKET_DIGITS);
}

function firstMessageTime(call: Call): number | null {
  let t: number | null = null;
  for (const leg of call.legs) {
    for (const m of leg.messages) {
      if (m.time !== null && (t === null || m.time < t)) {
        t = m.time;
      }
    }
  }
  return t;
}

function isoMs(s: string | null): number | null {
  if (s === null) {
    return null;
  }
  const t = Date.parse(s);
  return Number.isFinite(t) ? t : null;
}

/** The instant a call is ordered and expired by; `fallback` when the call carries no time at all. */
export function callTime(sc: StoredCall, fallback: number): number {
  const c = sc.call;
  return (
    c.start ??
    c.answer ??
    c.end ??
    firstMessageTime(c) ??
    isoMs(sc.report.start) ??
    isoMs(sc.report.end) ??
    fallback
  );
}

function addRef(out: Set<string>, value: string | null | undefined): void {
  if (!value) {
    return;
  }
  const k = refKey(value);
  if (k === '') {
    return;
  }
  out.add(k);
  const at = k.indexOf('@');
  if (at > 0) {
    out.add(k.slice(0, at));
  }
}

function isDigits(s: string): boolean {
  if (s === '') {
    return false;
  }
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) {
      return false;
    }
  }
  return true;
}

/** The digits of a phone number (`+49 30 555-0101` → `49305550101`), '' when it is not one. */
export function numberDigits(value: string): string {
  const n = normalizeNumber(value);
  return isDigits(n) ? n : '';
}

function addNumber(out: Set<string>, value: string | null | undefined): void {
  if (!value) {
    return;
  }
  const d = numberDigits(value);
  if (d !== '') {
    out.add(d);
  }
}

/** Fewest digits of a number written in national form (`030 5550101`) compared the other way round. */
const MIN_NATIONAL_DIGITS = 7;

/**
 * `numberMatches` both ways: the query is the end of the stored number (last digits, E.164 or
 * national query), or the stored number is in national form and the query is its E.164 form.
 */
function numberHit(stored: string, query: string): boolean {
  return (
    numberMatches(stored, query) ||
    (stored.charCodeAt(0) === 48 && stored.length >= MIN_NATIONAL_DIGITS && numberMatches(query, stored))
  );
}

export function indexEntry(sc: StoredCall, fallbackTime: number): CallIndexEntry {
  const { call, report } = sc;
  const refs = new Set<string>();
  addRef(refs, call.id);
  addRef(refs, report.id);
  addRef(refs, call.sessionKey);
  addRef(refs, report.sessionKey);
  for (const id of report.callIds) {
    addRef(refs, id);
  }
  for (const leg of call.legs) {
    addRef(refs, leg.callId);
  }
  const from = new Set<string>();
  const to = new Set<string>();
  addNumber(from, report.from);
  addNumber(from, call.from);
  addNumber(to, report.to);
  addNumber(to, call.to);
  for (const leg of call.legs) {
    addNumber(from, leg.from);
    addNumber(to, leg.to);
  }
  return {
    id: report.id,
    time: callTime(sc, fallbackTime),
    sbc: report.sbc,
    outcome: report.outcome,
    refs: [...refs],
    fromNumbers: [...from],
    toNumbers: [...to],
  };
}

/** Every bucket the entry's numbers are filed under. */
export function entryBuckets(e: CallIndexEntry): string[] {
  const out = new Set<string>();
  for (const n of e.fromNumbers) {
    out.add(numberBucket(n));
  }
  for (const n of e.toNumbers) {
    out.add(numberBucket(n));
  }
  return [...out];
}

/** True when one of the entry's numbers on the asked side matches the query (a number, last digits are enough). */
export function entryHasNumber(e: CallIndexEntry, query: string, side: CallQuery['side'] = 'any'): boolean {
  const check = (list: string[]): boolean => list.some((n) => numberHit(n, query));
  if (side === 'from') {
    return check(e.fromNumbers);
  }
  if (side === 'to') {
    return check(e.toNumbers);
  }
  return check(e.fromNumbers) || check(e.toNumbers);
}

/** True when the entry passes every filter of the query. */
export function entryMatches(e: CallIndexEntry, q: CallQuery): boolean {
  if (q.since !== undefined && e.time < q.since) {
    return false;
  }
  if (q.until !== undefined && e.time > q.until) {
    return false;
  }
  if (q.failedOnly && e.outcome !== 'failed') {
    return false;
  }
  if (q.sbc !== undefined && e.sbc !== q.sbc) {
    return false;
  }
  if (q.number !== undefined && !entryHasNumber(e, q.number, q.side)) {
    return false;
  }
  return true;
}

/** Newest first; ties by id so the order is stable. */
export function newestFirst(a: CallIndexEntry, b: CallIndexEntry): number {
  return b.time - a.time || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** `find` without a limit returns at most this many calls. */
export const DEFAULT_FIND_LIMIT = 20;
/** `list` without a limit returns at most this many reports. */
export const DEFAULT_LIST_LIMIT = 100;

/** The id of a peer's health entry: one per device and remote. */
export function healthKey(device: string, remote: string): string {
  return `${device}|${remote}`;
}
