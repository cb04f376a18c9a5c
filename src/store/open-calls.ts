/**
 * The service's in-flight state: the raw records of calls that are not finished yet, per
 * correlation key (FramedRecord.key), shared by every worker. Keys (P = `opts.prefix`):
 *
 *   P:open:rec:<key>    HASH    record id → the record (HSETNX: a record queued twice is kept once): its
 *                               fields but `text` as JSON, a line break, then its text as it is
 *                               (values of older versions, the whole record as JSON, are still read)
 *   P:open:keys         ZSET    key → last activity (UTC ms, passed in by the caller)
 *   P:open:done:<key>   SET     ids of records already finalized and closed, so a batch delivered
 *                               again after `close` does not reopen the call (expires after closedTtlMs)
 *   P:open:lock:<key>   STRING  lock token (SET NX PX): one worker finalizes a key at a time
 *   P:gapto:<device>    ZSET    SeqGap JSON → gap.to (expires gapTtlMs after the last add)
 *   P:gaps:<device>     ZSET    SeqGap JSON → gap.from: written before 2026-11-25, still read
 *                               until it expires (a day after its last add)
 *
 * A record's id is `<device>#<seq>#<text hash>` when it has a sequence number, else
 * `<where>#<text hash>`: the same record read twice (retried batch, file re-read after a restart,
 * also sent over syslog) gets the same id; the hash keeps a reused `where` (a rotated file, a
 * restarted listener's datagram counter) from hiding a different record.
 *
 * Records come in encoded (`encodeRecords`: per record its key, its id, the JSON of its other
 * fields and its text): ingest encodes them once when it queues a batch, so a worker stores the
 * strings of the job as they are instead of checking, re-encoding and hashing every record again.
 * The text, most of a record's bytes, is never put in JSON of its own: the job's JSON escapes it
 * once, and loading a record parses only the small JSON of its other fields.
 *
 * Typical worker use: addRecords(batch, now); then for keysQuietSince(now - quiet, n): lock(key),
 * loadRecords(key), build + diagnose + store the call, close(key, records), unlock(key, token).
 */
import { hash as oneShotHash, randomBytes } from 'node:crypto';
import type Redis from 'ioredis';
import type { FramedRecord, SeqGap } from '../formats/record';
import { guard, pipelineResults, runScript, type LuaScript } from './redis-script';

export interface OpenCallStoreOptions {
  prefix: string;
  /** records of a key nobody closes are dropped this long after its last record (default 1 day) */
  openTtlMs?: number;
  /** how long the ids of closed records are remembered against re-delivery (default 1 hour) */
  closedTtlMs?: number;
  /** how long sequence gaps are kept after the device's last gap (default 1 day) */
  gapTtlMs?: number;
}

const ADD: LuaScript = {
  name: 'sipsleuthOpenAdd2',
  numberOfKeys: 1,
  // KEYS: open keys zset. ARGV: now, record ttl ms, then per key: key, rec hash, done set, n,
  // then its n records as id, json. The hash's expiry and the key's activity are set once per key.
  lua: `
local now = ARGV[1]
local ttl = ARGV[2]
local added = 0
local i = 3
while i <= #ARGV do
  local key, rec, done, n = ARGV[i], ARGV[i + 1], ARGV[i + 2], tonumber(ARGV[i + 3])
  local before = added
  i = i + 4
  for j = i, i + 2 * n - 1, 2 do
    local id = ARGV[j]
    if redis.call('SISMEMBER', done, id) == 0 and redis.call('HSETNX', rec, id, ARGV[j + 1]) == 1 then
      added = added + 1
    end
  end
  i = i + 2 * n
  if added > before then
    redis.call('PEXPIRE', rec, ttl)
    redis.call('ZADD', KEYS[1], 'GT', now, key)
  end
end
return added
`,
};

/** First line of a batch value (src/store/record-batch.ts). */
export const RECORD_BATCH_MAGIC = 'SB1';

/** What becomes of a batch value when its records are stored: this, a line break, its keys. */
const BATCH_DONE = 'done';

const ADD_BATCH: LuaScript = {
  name: 'sipsleuthOpenAddBatch',
  numberOfKeys: 2,
  // KEYS: the batch value (src/store/record-batch.ts), open keys zset. ARGV: now, record ttl ms,
  // record hash prefix, done set prefix, how long the "done" value is kept (ms).
  // Reply: {status, added, keys…}: 1 stored now, 2 stored before (a retried job), 0 no such batch,
  // -1 not a batch. The batch becomes "done\n<keys>" in the same step, so a job retried after
  // this ran stores nothing twice and still learns its keys.
  lua: `
local v = redis.call('GET', KEYS[1])
if not v then return {0, 0} end
if string.sub(v, 1, ${BATCH_DONE.length + 1}) == '${BATCH_DONE}\\n' then
  local out = {2, 0}
  for k in string.gmatch(string.sub(v, ${BATCH_DONE.length + 2}), '[^\\n]+') do out[#out + 1] = k end
  return out
end
local h1 = string.find(v, '\\n', 1, true)
if not h1 or string.sub(v, 1, h1 - 1) ~= '${RECORD_BATCH_MAGIC}' then return {-1, 0} end
local h2 = string.find(v, '\\n', h1 + 1, true)
if not h2 then return {-1, 0} end
local lens = {}
local total = h2
for d in string.gmatch(string.sub(v, h1 + 1, h2 - 1), '%d+') do
  local n = tonumber(d)
  lens[#lens + 1] = n
  total = total + n
end
if #lens % 3 ~= 0 or total ~= #v then return {-1, 0} end
for i = 1, #lens, 3 do
  if lens[i] == 0 or lens[i + 1] == 0 then return {-1, 0} end
end
local now, ttl, rp, dp = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
local added = 0
local pos = h2 + 1
local order, seen, fresh = {}, {}, {}
for i = 1, #lens, 3 do
  local key = string.sub(v, pos, pos + lens[i] - 1)
  pos = pos + lens[i]
  local id = string.sub(v, pos, pos + lens[i + 1] - 1)
  pos = pos + lens[i + 1]
  local value = string.sub(v, pos, pos + lens[i + 2] - 1)
  pos = pos + lens[i + 2]
  if not seen[key] then
    seen[key] = true
    order[#order + 1] = key
  end
  if redis.call('SISMEMBER', dp .. key, id) == 0 and redis.call('HSETNX', rp .. key, id, value) == 1 then
    added = added + 1
    fresh[key] = true
  end
end
for _, key in ipairs(order) do
  if fresh[key] then
    redis.call('PEXPIRE', rp .. key, ttl)
    redis.call('ZADD', KEYS[2], 'GT', now, key)
  end
end
redis.call('SET', KEYS[1], '${BATCH_DONE}\\n' .. table.concat(order, '\\n'), 'PX', ARGV[5])
local out = {1, added}
for _, k in ipairs(order) do out[#out + 1] = k end
return out
`,
};

/** What `addBatch` did with a batch. */
export type BatchAddResult =
  /** its records stored (`added` of them new), its keys */
  | { status: 'stored'; added: number; keys: string[] }
  /** stored before (a retried or duplicated job): nothing changed */
  | { status: 'done-before'; keys: string[] }
  /** no such batch (never written, or kept past its expiry) */
  | { status: 'missing' }
  /** the value is not a batch */
  | { status: 'malformed' };

const CLOSE: LuaScript = {
  name: 'sipsleuthOpenClose',
  numberOfKeys: 3,
  // KEYS: rec hash, open keys zset, done set. ARGV: key, done ttl ms, ids (none: every record)
  lua: `
local ids = {}
if #ARGV > 2 then
  for i = 3, #ARGV do ids[#ids + 1] = ARGV[i] end
else
  ids = redis.call('HKEYS', KEYS[1])
end
-- a few hundred ids per command (unpack's limit is a few thousand)
for i = 1, #ids, 500 do
  local j = math.min(i + 499, #ids)
  redis.call('HDEL', KEYS[1], unpack(ids, i, j))
  redis.call('SADD', KEYS[3], unpack(ids, i, j))
end
if #ids > 0 then redis.call('PEXPIRE', KEYS[3], ARGV[2]) end
if redis.call('EXISTS', KEYS[1]) == 0 then
  redis.call('ZREM', KEYS[2], ARGV[1])
  return 1
end
return 0
`,
};

const UNLOCK: LuaScript = {
  name: 'sipsleuthOpenUnlock',
  numberOfKeys: 1,
  lua: `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`,
};

const EXTEND: LuaScript = {
  name: 'sipsleuthOpenExtend',
  numberOfKeys: 1,
  lua: `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0
`,
};

/** Ids of records read back by loadRecords (the hash field they came from): not hashed again on close. */
const loadedIds = new WeakMap<FramedRecord, string>();

/** The id a record is stored under (see the file header). */
export function recordId(r: FramedRecord): string {
  const known = loadedIds.get(r);
  if (known !== undefined) {
    return known;
  }
  const hash = oneShotHash('sha1', r.text, 'base64url').slice(0, 16);
  return r.seq === undefined ? `${r.where}#${hash}` : `${r.device}#${r.seq}#${hash}`;
}

/** Fields per record in EncodedRecords. */
export const ENCODED_RECORD_FIELDS = 4;

/**
 * Records as the open-call store takes them: `[key, id, meta, text, key, id, meta, text, …]`
 * (per record its key, its id, the JSON of its fields but `text`, and its text). Plain strings,
 * so a records job can carry them from ingest to a worker without being taken apart on the way.
 */
export type EncodedRecords = readonly string[];

/** A record's fields but `text`, as JSON (the fields of FramedRecord; undefined ones left out). */
function metaJson(r: FramedRecord): string {
  return JSON.stringify({
    format: r.format,
    kind: r.kind,
    where: r.where,
    endOffset: r.endOffset,
    key: r.key,
    keyIsSession: r.keyIsSession,
    device: r.device,
    seq: r.seq,
    time: r.time,
    attrs: r.attrs,
  });
}

export function encodeRecords(records: readonly FramedRecord[]): string[] {
  const out = new Array<string>(records.length * ENCODED_RECORD_FIELDS);
  let i = 0;
  for (const r of records) {
    out[i++] = r.key;
    out[i++] = recordId(r);
    out[i++] = metaJson(r);
    out[i++] = r.text;
  }
  return out;
}

/** A stored value back as a record (null when it does not parse). */
function decodeStored(value: string): FramedRecord | null {
  try {
    const nl = value.indexOf('\n');
    if (nl < 0) {
      // older values: the whole record as JSON (JSON holds no raw line break)
      return JSON.parse(value) as FramedRecord;
    }
    const r = JSON.parse(value.slice(0, nl)) as FramedRecord;
    r.text = value.slice(nl + 1);
    return r;
  } catch {
    return null;
  }
}

/** `file:123` → ['file', 123]; anything else → [where, -1]. */
function splitWhere(where: string): [string, number] {
  const i = where.lastIndexOf(':');
  if (i < 0) {
    return [where, -1];
  }
  const n = Number(where.slice(i + 1));
  return Number.isInteger(n) ? [where.slice(0, i), n] : [where, -1];
}

/** Stream order: sequence number on one device, else time, else source and line. */
export function compareRecords(a: FramedRecord, b: FramedRecord): number {
  if (a.seq !== undefined && b.seq !== undefined && a.device === b.device && a.seq !== b.seq) {
    return a.seq - b.seq;
  }
  if (a.time !== null && b.time !== null && a.time !== b.time) {
    return a.time - b.time;
  }
  const [sa, la] = splitWhere(a.where);
  const [sb, lb] = splitWhere(b.where);
  if (sa !== sb) {
    return sa < sb ? -1 : 1;
  }
  return la - lb;
}

function gapJson(g: SeqGap): string {
  return JSON.stringify({ device: g.device, from: g.from, to: g.to, where: g.where });
}

export class OpenCallStore {
  private readonly redis: Redis;
  private readonly p: string;
  private readonly openTtlMs: number;
  private readonly closedTtlMs: number;
  private readonly gapTtlMs: number;
  /** stored records that could not be read back (bad JSON): skipped */
  readonly stats = { corrupt: 0 };

  constructor(redis: Redis, opts: OpenCallStoreOptions) {
    this.redis = redis;
    this.p = opts.prefix;
    this.openTtlMs = opts.openTtlMs ?? 86_400_000;
    this.closedTtlMs = opts.closedTtlMs ?? 3_600_000;
    this.gapTtlMs = opts.gapTtlMs ?? 86_400_000;
  }

  private recKey(key: string): string {
    return `${this.p}:open:rec:${key}`;
  }
  private doneKey(key: string): string {
    return `${this.p}:open:done:${key}`;
  }
  private lockKey(key: string): string {
    return `${this.p}:open:lock:${key}`;
  }
  private get keysZset(): string {
    return `${this.p}:open:keys`;
  }
  /** gaps by their end: a key's look-up reads only the gaps that end after its first record */
  private gapKey(device: string): string {
    return `${this.p}:gapto:${device}`;
  }
  /** gaps by their start (older versions): a look-up read every gap of the device before the key's end */
  private legacyGapKey(device: string): string {
    return `${this.p}:gaps:${device}`;
  }

  /**
   * Adds records to their keys' open calls; a record already held (or already closed) is skipped.
   * `now` becomes the last activity of every key that got a new record. Returns how many were new.
   */
  async addRecords(records: FramedRecord[], now: number): Promise<number> {
    return this.addEncoded(encodeRecords(records), now);
  }

  /** addRecords for records already encoded (`encodeRecords`), e.g. as a records job carries them. */
  async addEncoded(recs: EncodedRecords, now: number): Promise<number> {
    if (recs.length === 0) {
      return 0;
    }
    // grouped by key: one expiry and one activity update per key
    const byKey = new Map<string, string[]>();
    for (let i = 0; i + 3 < recs.length; i += ENCODED_RECORD_FIELDS) {
      // the stored value: meta JSON, a line break, the text
      const value = `${recs[i + 2]}\n${recs[i + 3]}`;
      const list = byKey.get(recs[i]);
      if (list === undefined) {
        byKey.set(recs[i], [recs[i + 1], value]);
      } else {
        list.push(recs[i + 1], value);
      }
    }
    const args: Array<string | number> = [now, this.openTtlMs];
    for (const [key, list] of byKey) {
      args.push(key, this.recKey(key), this.doneKey(key), list.length / 2);
      for (const v of list) {
        args.push(v);
      }
    }
    const added = await guard('addRecords', () => runScript(this.redis, ADD, [this.keysZset], args));
    return Number(added);
  }

  /**
   * Stores the records of a batch value (src/store/record-batch.ts) under their keys, inside Redis:
   * their bytes do not come to this process. Idempotent as `addEncoded`; the batch is marked done
   * in the same step (kept `doneTtlMs`, an hour by default, as long as finished jobs are recognised).
   */
  async addBatch(batchKey: string, now: number, doneTtlMs = this.closedTtlMs): Promise<BatchAddResult> {
    const reply = (await guard('addBatch', () =>
      runScript(this.redis, ADD_BATCH, [batchKey, this.keysZset], [now, this.openTtlMs, this.recKey(''), this.doneKey(''), doneTtlMs]),
    )) as Array<number | string>;
    const status = Number(reply[0]);
    const keys = reply.slice(2).map(String);
    if (status === 1) {
      return { status: 'stored', added: Number(reply[1]), keys };
    }
    if (status === 2) {
      return { status: 'done-before', keys };
    }
    return status === 0 ? { status: 'missing' } : { status: 'malformed' };
  }

  /** The key's records in stream order. */
  async loadRecords(key: string): Promise<FramedRecord[]> {
    const byId = await guard('loadRecords', () => this.redis.hgetall(this.recKey(key)));
    const out: FramedRecord[] = [];
    for (const id in byId) {
      const r = decodeStored(byId[id]);
      if (r === null) {
        this.stats.corrupt++;
        continue;
      }
      loadedIds.set(r, id);
      out.push(r);
    }
    return out.sort(compareRecords);
  }

  /** Open keys whose last activity is at or before `cutoff`, quietest first. */
  async keysQuietSince(cutoff: number, limit: number): Promise<string[]> {
    return guard('keysQuietSince', () => this.redis.zrangebyscore(this.keysZset, '-inf', cutoff, 'LIMIT', 0, limit));
  }

  /** How many keys are open. */
  async openCount(): Promise<number> {
    return guard('openCount', () => this.redis.zcard(this.keysZset));
  }

  /** The key's last activity, null when it is not open. */
  async lastActivity(key: string): Promise<number | null> {
    const s = await guard('lastActivity', () => this.redis.zscore(this.keysZset, key));
    return s === null ? null : Number(s);
  }

  /**
   * Deletes the key's records once its call is stored. Pass the records that went into the call:
   * only those are deleted, and a record that arrived meanwhile keeps the key open (returns false).
   * Without records every record of the key is deleted. Closed records' ids are remembered for
   * closedTtlMs so that a re-delivered batch does not reopen the call.
   */
  async close(key: string, records?: FramedRecord[]): Promise<boolean> {
    const ids = records === undefined ? [] : records.map(recordId);
    if (records !== undefined && ids.length === 0) {
      return (await this.lastActivity(key)) === null;
    }
    const closed = await guard('close', () =>
      runScript(
        this.redis,
        CLOSE,
        [this.recKey(key), this.keysZset, this.doneKey(key)],
        [key, this.closedTtlMs, ...ids],
      ),
    );
    return Number(closed) === 1;
  }

  /** Takes the key's lock for ttlMs; returns the token to unlock with, or null when it is held. */
  async lock(key: string, ttlMs: number): Promise<string | null> {
    const token = randomBytes(12).toString('base64url');
    const ok = await guard('lock', () => this.redis.set(this.lockKey(key), token, 'PX', ttlMs, 'NX'));
    return ok === 'OK' ? token : null;
  }

  /** Releases the lock if `token` still holds it; false when it expired or another worker holds it. */
  async unlock(key: string, token: string): Promise<boolean> {
    const n = await guard('unlock', () => runScript(this.redis, UNLOCK, [this.lockKey(key)], [token]));
    return Number(n) === 1;
  }

  /** Extends a held lock to ttlMs from now; false when `token` no longer holds it. */
  async extendLock(key: string, token: string, ttlMs: number): Promise<boolean> {
    const n = await guard('extendLock', () => runScript(this.redis, EXTEND, [this.lockKey(key)], [token, ttlMs]));
    return Number(n) === 1;
  }

  /** Records sequence gaps (idempotent: the same gap added twice is kept once). */
  async addGaps(gaps: SeqGap[]): Promise<void> {
    if (gaps.length === 0) {
      return;
    }
    await guard('addGaps', async () => {
      const pipe = this.redis.pipeline();
      const devices = new Set<string>();
      for (const g of gaps) {
        pipe.zadd(this.gapKey(g.device), g.to, gapJson(g));
        devices.add(g.device);
      }
      for (const d of devices) {
        pipe.pexpire(this.gapKey(d), this.gapTtlMs);
      }
      pipelineResults(await pipe.exec());
    });
  }

  /**
   * The device's gaps that overlap sequence numbers [from, to], in order. Reads the gaps that end
   * at or after `from` (those of the key's own time and the few after it), not every gap the
   * device had that day: under heavy loss (UDP) that made each key's look-up grow with the day's gaps.
   */
  async gapsBetween(device: string, from: number, to: number): Promise<SeqGap[]> {
    const [current, legacy] = await guard('gapsBetween', () =>
      Promise.all([
        this.redis.zrangebyscore(this.gapKey(device), from, '+inf'),
        this.redis.zrangebyscore(this.legacyGapKey(device), '-inf', to),
      ]),
    );
    const seen = new Set<string>();
    const out: SeqGap[] = [];
    for (const v of [...current, ...legacy]) {
      if (seen.has(v)) {
        continue;
      }
      seen.add(v);
      try {
        const g = JSON.parse(v) as SeqGap;
        if (g.to >= from && g.from <= to) {
          out.push(g);
        }
      } catch {
        this.stats.corrupt++;
      }
    }
    return out.sort((a, b) => a.from - b.from || a.to - b.to);
  }

}
