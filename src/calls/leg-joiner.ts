/**
 * Legs → calls.
 *
 * Rule 1 (session key): legs that carry the same vendor session key (AudioCodes SID, CUBE GUID,
 * Ribbon call id) on the same device are one call. The builder groups them by `device + key`.
 *
 * Rule 2 (time and number), for formats without a session key (Oracle, Asterisk, FreeSWITCH, plain
 * SIP): a new leg joins an open call of the same device that has no session key when
 * - the two legs' initial INVITEs are at most `joinWindowMs` apart (log time);
 * - their initiators differ (one came in to the SBC, the other went out) when both are known;
 * - their called numbers match (To user or Request-URI user, either side) and their caller numbers
 *   match when both legs have a numeric one. Numbers match when, normalised to digits, both have at
 *   least 8 digits and the last 8 are equal (SBC manipulation adds or removes prefixes and country
 *   codes), or, when shorter, they are equal; non-numeric users (names) must be equal;
 * - the call has no leg on the new leg's side that was answered or is still ringing (a failed
 *   attempt on that side, then a re-route, may join; a second live leg may not).
 * Among several such calls the one whose partner INVITE is closest in time wins. Otherwise the leg
 * is a call of its own.
 */
import type { Dialog } from './dialog';

const SUFFIX_DIGITS = 8;

function isDigits(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) {
      return false;
    }
  }
  return s.length > 0;
}

/** Two normalised numbers (see `normalizeNumber`) denote the same party. */
export function numbersMatch(a: string, b: string): boolean {
  if (!a || !b) {
    return false;
  }
  const da = isDigits(a);
  const db = isDigits(b);
  if (!da || !db) {
    return a === b;
  }
  if (a.length >= SUFFIX_DIGITS && b.length >= SUFFIX_DIGITS) {
    return a.endsWith(b.slice(-SUFFIX_DIGITS));
  }
  return a === b;
}

function calledMatch(a: readonly string[], b: readonly string[]): boolean {
  for (const x of a) {
    for (const y of b) {
      if (numbersMatch(x, y)) {
        return true;
      }
    }
  }
  return false;
}

function callerMatch(a: string | undefined, b: string | undefined): boolean {
  if (!a || !b || !isDigits(a) || !isDigits(b)) {
    return true;
  }
  return numbersMatch(a, b);
}

/** Do these two legs look like the two sides of one call (apart from the time window)? */
export function legsMatch(a: Dialog, b: Dialog): boolean {
  if (a.initiator !== null && b.initiator !== null && a.initiator === b.initiator) {
    return false;
  }
  return calledMatch(a.calledKeys, b.calledKeys) && callerMatch(a.callerKey, b.callerKey);
}

/** What the joiner needs from an open call. */
export interface Joinable {
  readonly closed: boolean;
  readonly sessionKey?: string;
  readonly dialogs: readonly Dialog[];
}

interface Entry<C extends Joinable> {
  time: number;
  call: C;
  dialog: Dialog;
  buckets: string[];
}

/** Numbers that can match share a bucket: the last 8 digits, or the whole value when shorter. */
function bucketOf(key: string): string {
  return isDigits(key) && key.length >= SUFFIX_DIGITS ? key.slice(-SUFFIX_DIGITS) : key;
}

/** A side already has a leg that was answered or is not finished: no second live leg there. */
function sideIsBusy(call: Joinable, initiator: Dialog['initiator']): boolean {
  if (initiator === null) {
    return false;
  }
  return call.dialogs.some((d) => d.initiator === initiator && !d.failed);
}

/**
 * The recent initial INVITEs of one device's calls without session key, for rule 2. Entries older
 * than the window (by the newest INVITE time seen) are dropped, so the index stays small.
 */
export class JoinIndex<C extends Joinable> {
  /** every entry in arrival order, for pruning */
  private entries: Entry<C>[] = [];
  private head = 0;
  private newest = Number.NEGATIVE_INFINITY;
  /** entries by called-number bucket, for lookup */
  private readonly buckets = new Map<string, Entry<C>[]>();

  /** `maxEntries` bounds memory even when log times jump around */
  constructor(
    private readonly windowMs: number,
    private readonly maxEntries = 10_000,
  ) {}

  /** Finds the call the new leg should join, then remembers the leg. */
  findAndAdd(dialog: Dialog, call: C): C | undefined {
    const time = dialog.inviteTime;
    if (time === null || dialog.calledKeys.length === 0) {
      return undefined;
    }
    if (time > this.newest) {
      this.newest = time;
      this.prune();
    }
    const keys = [...new Set(dialog.calledKeys.map(bucketOf))];
    let best: C | undefined;
    let bestDelta = Number.POSITIVE_INFINITY;
    for (const key of keys) {
      for (const e of this.buckets.get(key) ?? []) {
        const delta = Math.abs(e.time - time);
        if (delta > this.windowMs || e.call.closed || e.call === call || e.call.sessionKey !== undefined) {
          continue;
        }
        if (delta < bestDelta && legsMatch(e.dialog, dialog) && !sideIsBusy(e.call, dialog.initiator)) {
          best = e.call;
          bestDelta = delta;
        }
      }
    }
    const entry: Entry<C> = { time, call: best ?? call, dialog, buckets: keys };
    this.entries.push(entry);
    for (const key of keys) {
      const list = this.buckets.get(key);
      if (list) {
        list.push(entry);
      } else {
        this.buckets.set(key, [entry]);
      }
    }
    if (this.size() > this.maxEntries) {
      this.prune();
    }
    return best;
  }

  size(): number {
    return this.entries.length - this.head;
  }

  private prune(): void {
    const limit = this.newest - this.windowMs;
    while (this.head < this.entries.length && (this.entries[this.head].time < limit || this.size() > this.maxEntries)) {
      this.drop(this.entries[this.head]);
      this.head++;
    }
    if (this.head > 1024 && this.head * 2 > this.entries.length) {
      this.entries = this.entries.slice(this.head);
      this.head = 0;
    }
  }

  private drop(entry: Entry<C>): void {
    for (const key of entry.buckets) {
      const list = this.buckets.get(key);
      if (!list) {
        continue;
      }
      const i = list.indexOf(entry);
      if (i !== -1) {
        list.splice(i, 1);
      }
      if (list.length === 0) {
        this.buckets.delete(key);
      }
    }
  }
}
