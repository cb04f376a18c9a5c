/**
 * The service's call store in Redis. Keys (P = `opts.prefix`, t = call time in UTC ms):
 *
 *   P:call:<id>            HASH  data (StoredCall without parsed SIP: stored-call-codec.ts), report (CallReport JSON),
 *                                entry (CallIndexEntry JSON), meta (what the call added to the
 *                                indexes and counters, so an upsert can take it back)
 *   P:ref:<ref>            ZSET  id → t   per Call-ID of every leg (and its part before `@`),
 *                                session key and id, lower case
 *   P:num:<last 4 digits>  ZSET  id → t   per number of the call or its legs
 *   P:time                 ZSET  id → t   every call
 *   P:failed               ZSET  id → t   outcome `failed`
 *   P:sbc:<sbc>            ZSET  id → t   per SBC
 *   P:sbcs                 ZSET  sbc → newest t
 *   P:cnt:<sbc>:h:<ms>     HASH  counters of the UTC hour starting at ms (fields: counters.ts)
 *   P:cnt:<sbc>:d:<ms>     HASH  counters of the UTC day starting at ms
 *   P:health               HASH  <device>|<remote> → PeerHealth JSON
 *
 * `delete(id)` takes back what a superseded call added (index entries and counters) and removes it.
 * `put` is one Lua script: it takes back what the previous version of the call added (index
 * entries, counter increments) and adds the new version's, so storing a call again never double
 * counts. Calls and indexes expire `retentionDays` (+1 day) after their last write; `prune(now)`
 * removes calls older than the retention from every index. Counters are history: an upsert fixes
 * them, `prune` leaves them, they expire after `counterDays`.
 */
import type Redis from 'ioredis';
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
  numberBucket,
  numberDigits,
  refKey,
  type CallIndexEntry,
} from './call-index';
import {
  counterFields,
  DAY_MS,
  HOUR_MS,
  parseCounters,
  periodStarts,
  type CallCounterSource,
  type PeriodCounters,
} from './counters';
import { classifyRef } from './ref';
import { decodeStoredCall, encodeStoredCall } from './stored-call-codec';
import { guard, pipelineResults, runScript, type LuaScript } from './redis-script';
import { parseJsonOrNull } from './parse-json';

export interface RedisCallStoreOptions {
  prefix: string;
  retentionDays: number;
  /** how long per-SBC counters stay, days (default: the longer of retentionDays and 35) */
  counterDays?: number;
  /** a call's JSON longer than this many bytes is stored gzipped (default 2048) */
  compressAbove?: number;
}

/** What a call added to the store, kept with it so that an upsert or prune can take it back. */
interface CallMeta {
  /** [zset key, score, member] */
  z: Array<[string, number, string]>;
  /** [counter hash key, field, increment] */
  c: Array<[string, string, number]>;
}

/**
 * Lua: takes back what a stored call added, from its meta JSON in the variable `old`: its index
 * entries, and its counter increments (a counter hash that expired meanwhile is left alone).
 */
const UNDO_META = `
local um = cjson.decode(old)
for _, z in ipairs(um.z) do redis.call('ZREM', z[1], z[3]) end
for _, c in ipairs(um.c) do
  if redis.call('EXISTS', c[1]) == 1 then
    if redis.call('HINCRBY', c[1], c[2], -c[3]) == 0 then redis.call('HDEL', c[1], c[2]) end
  end
end`;

const PUT: LuaScript = {
  name: 'sipsleuthCallPut',
  numberOfKeys: 2,
  // KEYS: call hash, sbcs zset. ARGV: data, report, entry, meta, ttl s, counter ttl s, sbc, time
  lua: `
local old = redis.call('HGET', KEYS[1], 'meta')
if old then
${UNDO_META}
end
local m = cjson.decode(ARGV[4])
local ttl = tonumber(ARGV[5])
local cttl = tonumber(ARGV[6])
for _, z in ipairs(m.z) do
  redis.call('ZADD', z[1], z[2], z[3])
  redis.call('EXPIRE', z[1], ttl)
end
local expiring = {}
for _, c in ipairs(m.c) do
  redis.call('HINCRBY', c[1], c[2], c[3])
  if not expiring[c[1]] then
    expiring[c[1]] = true
    redis.call('EXPIRE', c[1], cttl)
  end
end
redis.call('HSET', KEYS[1], 'data', ARGV[1], 'report', ARGV[2], 'entry', ARGV[3], 'meta', ARGV[4])
redis.call('EXPIRE', KEYS[1], ttl)
redis.call('ZADD', KEYS[2], 'GT', ARGV[8], ARGV[7])
redis.call('EXPIRE', KEYS[2], cttl)
if old then return 1 end
return 0
`,
};

const DROP: LuaScript = {
  name: 'sipsleuthCallDrop',
  numberOfKeys: 2,
  // KEYS: call hash, time zset. ARGV: id, cutoff. Drops the call unless it was re-stored newer.
  lua: `
local t = redis.call('ZSCORE', KEYS[2], ARGV[1])
if t and tonumber(t) >= tonumber(ARGV[2]) then return 0 end
local old = redis.call('HGET', KEYS[1], 'meta')
if old then
  local m = cjson.decode(old)
  for _, z in ipairs(m.z) do redis.call('ZREM', z[1], z[3]) end
end
redis.call('DEL', KEYS[1])
redis.call('ZREM', KEYS[2], ARGV[1])
return 1
`,
};

const DELETE: LuaScript = {
  name: 'sipsleuthCallDelete',
  numberOfKeys: 1,
  // KEYS: call hash. Takes back everything the call added (index entries, counter increments).
  lua: `
local old = redis.call('HGET', KEYS[1], 'meta')
if not old then
  return redis.call('DEL', KEYS[1])
end
${UNDO_META}
redis.call('DEL', KEYS[1])
return 1
`,
};

/** ids read from an index per round trip while filtering */
const PAGE = 200;
const PRUNE_BATCH = 500;

export class RedisCallStore implements CallStore, CallCounterSource {
  private readonly redis: Redis;
  private readonly p: string;
  private readonly ttlSec: number;
  private readonly retentionMs: number;
  private readonly counterTtlSec: number;
  private readonly compressAbove: number;
  /** stored values that could not be read back (bad JSON or gzip): treated as missing */
  readonly stats = { corrupt: 0 };

  constructor(redis: Redis, opts: RedisCallStoreOptions) {
    this.redis = redis;
    this.p = opts.prefix;
    this.retentionMs = opts.retentionDays * DAY_MS;
    this.ttlSec = Math.ceil((opts.retentionDays + 1) * 86_400);
    this.counterTtlSec = Math.ceil((opts.counterDays ?? Math.max(opts.retentionDays, 35)) * 86_400);
    this.compressAbove = opts.compressAbove ?? 2048;
  }

  private callKey(id: string): string {
    return `${this.p}:call:${id}`;
  }
  private refIndex(ref: string): string {
    return `${this.p}:ref:${ref}`;
  }
  private numIndex(bucket: string): string {
    return `${this.p}:num:${bucket}`;
  }
  private sbcIndex(sbc: string): string {
    return `${this.p}:sbc:${sbc}`;
  }
  private get timeIndex(): string {
    return `${this.p}:time`;
  }
  private get failedIndex(): string {
    return `${this.p}:failed`;
  }
  private get sbcsKey(): string {
    return `${this.p}:sbcs`;
  }
  private get healthHash(): string {
    return `${this.p}:health`;
  }
  private counterKey(sbc: string, period: 'h' | 'd', start: number): string {
    return `${this.p}:cnt:${sbc}:${period}:${start}`;
  }

  private encode(stored: StoredCall): string | Buffer {
    return encodeStoredCall(stored, this.compressAbove);
  }

  private decode(raw: Buffer | null): StoredCall | null {
    if (raw === null) {
      return null;
    }
    const r = decodeStoredCall(raw);
    if (!r.ok) {
      this.stats.corrupt++;
      return null;
    }
    return r.stored;
  }

  private meta(entry: CallIndexEntry, report: CallReport): CallMeta {
    const { id, time } = entry;
    const z: CallMeta['z'] = [
      [this.timeIndex, time, id],
      [this.sbcIndex(entry.sbc), time, id],
    ];
    if (entry.outcome === 'failed') {
      z.push([this.failedIndex, time, id]);
    }
    for (const r of entry.refs) {
      z.push([this.refIndex(r), time, id]);
    }
    for (const b of entryBuckets(entry)) {
      z.push([this.numIndex(b), time, id]);
    }
    const hourKey = this.counterKey(entry.sbc, 'h', Math.floor(time / HOUR_MS) * HOUR_MS);
    const dayKey = this.counterKey(entry.sbc, 'd', Math.floor(time / DAY_MS) * DAY_MS);
    const c: CallMeta['c'] = [];
    for (const [field, n] of counterFields(report)) {
      c.push([hourKey, field, n], [dayKey, field, n]);
    }
    return { z, c };
  }

  /** Stores the call, replacing an earlier version of it (same `report.id`) everywhere. */
  async put(stored: StoredCall): Promise<void> {
    const entry = indexEntry(stored, Date.now());
    const meta = this.meta(entry, stored.report);
    await guard('put', () =>
      runScript(
        this.redis,
        PUT,
        [this.callKey(entry.id), this.sbcsKey],
        [
          this.encode(stored),
          JSON.stringify(stored.report),
          JSON.stringify(entry),
          JSON.stringify(meta),
          this.ttlSec,
          this.counterTtlSec,
          entry.sbc,
          entry.time,
        ],
      ),
    );
  }

  /**
   * Removes a call that was superseded (its legs now belong to another call): its index entries
   * and its counter increments are taken back, so counters stay exact. True when it was there.
   */
  async delete(id: string): Promise<boolean> {
    const r = await guard('delete', () => runScript(this.redis, DELETE, [this.callKey(id)], []));
    return r === 1;
  }

  async get(id: string): Promise<StoredCall | null> {
    const raw = await guard('get', () => this.redis.hgetBuffer(this.callKey(id), 'data'));
    return this.decode(raw);
  }

  /**
   * By Call-ID (any leg, with or without `@host`), session key, id, or phone number (last digits are
   * enough). Calls whose id or Call-ID equals the ref come first, then number matches; each group
   * newest first.
   */
  async find(ref: string, limit = DEFAULT_FIND_LIMIT): Promise<StoredCall[]> {
    if (limit <= 0) {
      return [];
    }
    const r = classifyRef(ref);
    const exactKey = this.refIndex(refKey(r.kind === 'id' ? r.value : ref));
    const ids = await guard('find', () => this.redis.zrevrange(exactKey, 0, limit - 1));
    const out = await this.loadCalls(exactKey, ids);
    if (r.kind === 'number' && out.length < limit) {
      const seen = new Set(out.map((s) => s.report.id));
      const entries = await this.scanIndex(
        this.numIndex(numberBucket(r.digits)),
        '+inf',
        '-inf',
        limit,
        (e) => !seen.has(e.id) && entryHasNumber(e, r.digits),
      );
      const more = await this.loadCalls(
        this.numIndex(numberBucket(r.digits)),
        entries.map((e) => e.entry.id),
      );
      out.push(...more.slice(0, limit - out.length));
    }
    return out;
  }

  async list(q: CallQuery): Promise<CallReport[]> {
    const limit = q.limit ?? DEFAULT_LIST_LIMIT;
    const digits = q.number === undefined ? '' : numberDigits(q.number);
    const index =
      digits.length >= BUCKET_DIGITS
        ? this.numIndex(numberBucket(digits))
        : q.sbc !== undefined
          ? this.sbcIndex(q.sbc)
          : q.failedOnly
            ? this.failedIndex
            : this.timeIndex;
    const max = q.until === undefined ? '+inf' : String(q.until);
    const min = q.since === undefined ? '-inf' : String(q.since);
    const found = await this.scanIndex(index, max, min, limit, (e) => entryMatches(e, q));
    return found.map((f) => f.report);
  }

  async health(): Promise<PeerHealth[]> {
    const values = await guard('health', () => this.redis.hvals(this.healthHash));
    const out: PeerHealth[] = [];
    for (const v of values) {
      const h = parseJsonOrNull<PeerHealth>(v);
      if (h) {
        out.push(h);
      } else {
        this.stats.corrupt++;
      }
    }
    return out.sort((a, b) => a.device.localeCompare(b.device) || a.remote.localeCompare(b.remote));
  }

  async putHealth(peers: PeerHealth[]): Promise<void> {
    if (peers.length === 0) {
      return;
    }
    const fields: string[] = [];
    for (const p of peers) {
      fields.push(healthKey(p.device, p.remote), JSON.stringify(p));
    }
    await guard('putHealth', () => this.redis.hset(this.healthHash, ...fields));
  }

  /** Counters of `sbc` for every UTC hour overlapping [fromHour, toHour) (UTC ms), oldest first. */
  hourlyCounters(sbc: string, fromHour: number, toHour: number): Promise<PeriodCounters[]> {
    return this.counters(sbc, 'h', periodStarts(fromHour, toHour, HOUR_MS));
  }

  /** Counters of `sbc` for every UTC day overlapping [fromDay, toDay) (UTC ms), oldest first. */
  dailyCounters(sbc: string, fromDay: number, toDay: number): Promise<PeriodCounters[]> {
    return this.counters(sbc, 'd', periodStarts(fromDay, toDay, DAY_MS));
  }

  /** Every SBC that has stored calls within the counters' lifetime, sorted. */
  async listSbcs(): Promise<string[]> {
    const sbcs = await guard('listSbcs', () => this.redis.zrange(this.sbcsKey, 0, -1));
    return sbcs.sort();
  }

  /**
   * Removes calls older than the retention (call time < now - retentionDays) from every index and
   * deletes them; trims the SBC list to the counters' lifetime. Returns how many calls it removed.
   */
  async prune(now: number): Promise<number> {
    const cutoff = now - this.retentionMs;
    let removed = 0;
    for (;;) {
      const ids = await guard('prune', () =>
        this.redis.zrangebyscore(this.timeIndex, '-inf', `(${cutoff}`, 'LIMIT', 0, PRUNE_BATCH),
      );
      if (ids.length === 0) {
        break;
      }
      // ioredis writes these without waiting for each answer
      const results = await guard('prune', () =>
        Promise.all(ids.map((id) => runScript(this.redis, DROP, [this.callKey(id), this.timeIndex], [id, cutoff]))),
      );
      removed += results.filter((r) => r === 1).length;
      if (ids.length < PRUNE_BATCH) {
        break;
      }
    }
    // entries whose call expired on its own, and SBCs without counters left
    const sbcs = await this.listSbcs();
    await guard('prune', async () => {
      const pipe = this.redis.pipeline();
      pipe.zremrangebyscore(this.failedIndex, '-inf', `(${cutoff}`);
      for (const sbc of sbcs) {
        pipe.zremrangebyscore(this.sbcIndex(sbc), '-inf', `(${cutoff}`);
      }
      pipe.zremrangebyscore(this.sbcsKey, '-inf', `(${now - this.counterTtlSec * 1000}`);
      pipelineResults(await pipe.exec());
    });
    return removed;
  }

  /**
   * Walks an index from `max` down to `min`, reading each call's entry and report, and keeps those
   * `keep` accepts until `limit`. Ids whose call is gone are removed from the index on the way.
   */
  private async scanIndex(
    index: string,
    max: string,
    min: string,
    limit: number,
    keep: (e: CallIndexEntry) => boolean,
  ): Promise<Array<{ entry: CallIndexEntry; report: CallReport }>> {
    const out: Array<{ entry: CallIndexEntry; report: CallReport }> = [];
    let offset = 0;
    while (out.length < limit) {
      const ids = await guard('scan', () =>
        this.redis.zrevrangebyscore(index, max, min, 'LIMIT', offset, PAGE),
      );
      if (ids.length === 0) {
        break;
      }
      offset += ids.length;
      const rows = await guard('scan', async () => {
        const pipe = this.redis.pipeline();
        for (const id of ids) {
          pipe.hmget(this.callKey(id), 'entry', 'report');
        }
        return pipelineResults(await pipe.exec()) as Array<[string | null, string | null]>;
      });
      const gone: string[] = [];
      rows.forEach(([entryRaw, reportRaw], i) => {
        const entry = parseJsonOrNull<CallIndexEntry>(entryRaw);
        const report = parseJsonOrNull<CallReport>(reportRaw);
        if (!entry || !report) {
          gone.push(ids[i]);
          return;
        }
        if (out.length < limit && keep(entry)) {
          out.push({ entry, report });
        }
      });
      if (gone.length > 0) {
        await guard('scan', () => this.redis.zrem(index, ...gone));
        offset -= gone.length;
      }
      if (ids.length < PAGE) {
        break;
      }
    }
    return out;
  }

  /** Loads calls by id in order, dropping ids whose call is gone from `index`. */
  private async loadCalls(index: string, ids: string[]): Promise<StoredCall[]> {
    if (ids.length === 0) {
      return [];
    }
    const raws = await guard('load', async () => {
      const pipe = this.redis.pipeline();
      for (const id of ids) {
        pipe.hgetBuffer(this.callKey(id), 'data');
      }
      return pipelineResults(await pipe.exec()) as Array<Buffer | null>;
    });
    const out: StoredCall[] = [];
    const gone: string[] = [];
    raws.forEach((raw, i) => {
      const sc = this.decode(raw);
      if (sc) {
        out.push(sc);
      } else if (raw === null) {
        gone.push(ids[i]);
      }
    });
    if (gone.length > 0) {
      await guard('load', () => this.redis.zrem(index, ...gone));
    }
    return out;
  }

  private async counters(sbc: string, period: 'h' | 'd', starts: number[]): Promise<PeriodCounters[]> {
    if (starts.length === 0) {
      return [];
    }
    const hashes = await guard('counters', async () => {
      const pipe = this.redis.pipeline();
      for (const s of starts) {
        pipe.hgetall(this.counterKey(sbc, period, s));
      }
      return pipelineResults(await pipe.exec()) as Array<Record<string, string>>;
    });
    return starts.map((start, i) => ({ start, counters: parseCounters(hashes[i] ?? {}) }));
  }
}
