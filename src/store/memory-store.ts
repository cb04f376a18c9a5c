/**
 * The call store of the offline CLI (`why <ref> files…`, `ladder`, `ask` in tests): every call in
 * a Map, indexed by reference (Call-IDs, session key, id), by the last 4 digits of its numbers, and
 * by time (a newest-first list rebuilt lazily after puts).
 * It keeps the objects it is given: do not change a call after `put`.
 */
import type { PeerHealth } from '../calls/call';
import type { CallReport } from '../diagnosis/verdict';
import type { CallQuery, CallStore, StoredCall } from './call-store';
import {
  BUCKET_DIGITS,
  DEFAULT_FIND_LIMIT,
  DEFAULT_LIST_LIMIT,
  entryBuckets,
  entryHasNumber,
  entryMatches,
  healthKey,
  indexEntry,
  newestFirst,
  numberBucket,
  numberDigits,
  refKey,
  type CallIndexEntry,
} from './call-index';
import {
  addCounterFields,
  DAY_MS,
  HOUR_MS,
  parseCounters,
  periodStarts,
  type CallCounterSource,
  type PeriodCounters,
} from './counters';
import { classifyRef } from './ref';

interface Held {
  stored: StoredCall;
  entry: CallIndexEntry;
}

function addTo(map: Map<string, Set<string>>, key: string, id: string): void {
  let s = map.get(key);
  if (!s) {
    s = new Set();
    map.set(key, s);
  }
  s.add(id);
}

function removeFrom(map: Map<string, Set<string>>, key: string, id: string): void {
  const s = map.get(key);
  if (s) {
    s.delete(id);
    if (s.size === 0) {
      map.delete(key);
    }
  }
}

export class MemoryCallStore implements CallStore, CallCounterSource {
  private readonly calls = new Map<string, Held>();
  private readonly byRef = new Map<string, Set<string>>();
  private readonly byBucket = new Map<string, Set<string>>();
  private readonly peers = new Map<string, PeerHealth>();
  /** every call newest first, rebuilt on the first list after a put */
  private byTime: Held[] | null = null;

  /** how many calls it holds */
  get size(): number {
    return this.calls.size;
  }

  async put(stored: StoredCall): Promise<void> {
    const id = stored.report.id;
    this.unindex(id);
    this.byTime = null;
    const entry = indexEntry(stored, 0);
    this.calls.set(id, { stored, entry });
    for (const r of entry.refs) {
      addTo(this.byRef, r, id);
    }
    for (const b of entryBuckets(entry)) {
      addTo(this.byBucket, b, id);
    }
  }

  async get(id: string): Promise<StoredCall | null> {
    return this.calls.get(id)?.stored ?? null;
  }

  async find(ref: string, limit = DEFAULT_FIND_LIMIT): Promise<StoredCall[]> {
    const r = classifyRef(ref);
    const exact = this.held(this.byRef.get(refKey(r.kind === 'id' ? r.value : ref)));
    const byNumber =
      r.kind === 'number'
        ? this.held(this.byBucket.get(numberBucket(r.digits))).filter((h) => entryHasNumber(h.entry, r.digits))
        : [];
    const seen = new Set<string>();
    const out: StoredCall[] = [];
    for (const h of [...exact.sort(byEntry), ...byNumber.sort(byEntry)]) {
      if (out.length >= limit) {
        break;
      }
      if (!seen.has(h.entry.id)) {
        seen.add(h.entry.id);
        out.push(h.stored);
      }
    }
    return out;
  }

  async list(q: CallQuery): Promise<CallReport[]> {
    const limit = q.limit ?? DEFAULT_LIST_LIMIT;
    const digits = q.number === undefined ? '' : numberDigits(q.number);
    if (digits.length >= BUCKET_DIGITS) {
      return this.held(this.byBucket.get(numberBucket(digits)))
        .filter((h) => entryMatches(h.entry, q))
        .sort(byEntry)
        .slice(0, limit)
        .map((h) => h.stored.report);
    }
    if (this.byTime === null) {
      this.byTime = [...this.calls.values()].sort(byEntry);
    }
    const out: CallReport[] = [];
    for (const h of this.byTime) {
      if (out.length >= limit) {
        break;
      }
      if (entryMatches(h.entry, q)) {
        out.push(h.stored.report);
      }
    }
    return out;
  }

  async health(): Promise<PeerHealth[]> {
    return [...this.peers.values()];
  }

  async putHealth(peers: PeerHealth[]): Promise<void> {
    for (const p of peers) {
      this.peers.set(healthKey(p.device, p.remote), p);
    }
  }

  hourlyCounters(sbc: string, fromHour: number, toHour: number): Promise<PeriodCounters[]> {
    return Promise.resolve(this.counters(sbc, periodStarts(fromHour, toHour, HOUR_MS), HOUR_MS));
  }

  dailyCounters(sbc: string, fromDay: number, toDay: number): Promise<PeriodCounters[]> {
    return Promise.resolve(this.counters(sbc, periodStarts(fromDay, toDay, DAY_MS), DAY_MS));
  }

  async listSbcs(): Promise<string[]> {
    const sbcs = new Set<string>();
    for (const h of this.calls.values()) {
      sbcs.add(h.entry.sbc);
    }
    return [...sbcs].sort();
  }

  /** Counted on demand from the calls held: the same figures the Redis store keeps as it goes. */
  private counters(sbc: string, starts: number[], size: number): PeriodCounters[] {
    if (starts.length === 0) {
      return [];
    }
    const first = starts[0];
    const hashes = starts.map((): Record<string, string> => ({}));
    for (const h of this.calls.values()) {
      if (h.entry.sbc !== sbc) {
        continue;
      }
      const i = Math.floor((h.entry.time - first) / size);
      if (i >= 0 && i < starts.length) {
        addCounterFields(hashes[i], h.stored.report);
      }
    }
    return starts.map((start, i) => ({ start, counters: parseCounters(hashes[i]) }));
  }

  private held(ids: Set<string> | undefined): Held[] {
    const out: Held[] = [];
    for (const id of ids ?? []) {
      const h = this.calls.get(id);
      if (h) {
        out.push(h);
      }
    }
    return out;
  }

  private unindex(id: string): void {
    const old = this.calls.get(id);
    if (!old) {
      return;
    }
    for (const r of old.entry.refs) {
      removeFrom(this.byRef, r, id);
    }
    for (const b of entryBuckets(old.entry)) {
      removeFrom(this.byBucket, b, id);
    }
    this.calls.delete(id);
  }
}

function byEntry(a: Held, b: Held): number {
  return newestFirst(a.entry, b.entry);
}
