/**
 * The alerts' and the digest's figures in Redis: call counts per scope (an SBC, or an SBC and one
 * peer it talked to) per UTC minute and per UTC hour, one example call per failure category per
 * SBC and hour, and what the alert engine needs to follow each SBC. Keys (P = `opts.prefix`):
 *
 *   P:m:<scope>:<minute ms>   HASH  counts (src/stats/counts.ts fields; x:act on SBC scopes)   2 days
 *   P:h:<scope>:<hour ms>     HASH  counts                                                      40 days
 *   P:ex:<sbc>:<hour ms>      HASH  category → example JSON {id, summary, time} (first one)     40 days
 *   P:meta:<call id>          STRING what the call added (so a call stored again is replaced)   40 days
 *   P:peers:<sbc>             SET   peers seen for the SBC                                      40 days
 *   P:sbcs                    SET   every SBC with figures
 *   P:newest                  HASH  sbc → newest call time (log time, UTC ms)
 *   P:seen                    HASH  sbc → wall-clock ms something of it last arrived
 *   P:hs:<hour ms>            HASH  device|remote → {sent, answered} first seen in that hour
 *
 * Scopes: `s:<sbc>` and `p:<sbc>|<peer>`. `record` is one Lua script per call: it takes back what
 * the call added before (same call id) and adds the new version's, so replaying events or storing
 * a call again never counts twice.
 */
import type Redis from 'ioredis';
import type { PeerHealth } from '../calls/call';
import type { Category, CallReport } from '../diagnosis/verdict';
import { activeMinutes, callTime, floorTo, HOUR_MS, MINUTE_MS } from '../stats/call-time';
import { FIELD_ACTIVE, parseStatCounts, statFields, type StatCounts } from '../stats/counts';
import { isFault, type DigestExample } from '../stats/digest';
import { guard, pipelineResults, runScript, type LuaScript } from './redis-script';
import { parseJsonOrNull } from './parse-json';

export interface StatsStoreOptions {
  prefix: string;
  minuteDays?: number;
  hourDays?: number;
}

export type RecordResult = 'recorded' | 'replaced' | 'unchanged' | 'untimed';

/** per hash key: [key, ttl s, [field, increment]…]; examples: [key, field, value, ttl s] (HSETNX) */
interface StatMeta {
  c: Array<[string, number, Array<[string, number]>]>;
  x: Array<[string, string, string, number]>;
}

const RECORD: LuaScript = {
  name: 'sipsleuthStatsRecord',
  numberOfKeys: 5,
  // KEYS: meta key, seen hash, sbcs set, newest hash, peers set. ARGV: meta JSON, ttl s, sbc,
  // wall ms, call time, peers…. Returns 0 new, 1 replaced, 2 unchanged.
  lua: `
redis.call('HSET', KEYS[2], ARGV[3], ARGV[4])
redis.call('SADD', KEYS[3], ARGV[3])
local cur = redis.call('HGET', KEYS[4], ARGV[3])
if (not cur) or tonumber(cur) < tonumber(ARGV[5]) then redis.call('HSET', KEYS[4], ARGV[3], ARGV[5]) end
if #ARGV > 5 then
  redis.call('SADD', KEYS[5], unpack(ARGV, 6))
  redis.call('EXPIRE', KEYS[5], ARGV[2])
end
local old = redis.call('GET', KEYS[1])
if old == ARGV[1] then return 2 end
if old then
  local m = cjson.decode(old)
  for _, c in ipairs(m.c) do
    if redis.call('EXISTS', c[1]) == 1 then
      for _, f in ipairs(c[3]) do
        if redis.call('HINCRBY', c[1], f[1], -f[2]) == 0 then redis.call('HDEL', c[1], f[1]) end
      end
    end
  end
  for _, x in ipairs(m.x) do
    if redis.call('HGET', x[1], x[2]) == x[3] then redis.call('HDEL', x[1], x[2]) end
  end
end
local m = cjson.decode(ARGV[1])
for _, c in ipairs(m.c) do
  for _, f in ipairs(c[3]) do redis.call('HINCRBY', c[1], f[1], f[2]) end
  redis.call('EXPIRE', c[1], c[2])
end
for _, x in ipairs(m.x) do
  redis.call('HSETNX', x[1], x[2], x[3])
  redis.call('EXPIRE', x[1], x[4])
end
redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2])
if old then return 1 end
return 0
`,
};

export function sbcScope(sbc: string): string {
  return `s:${sbc}`;
}
export function peerScope(sbc: string, peer: string): string {
  return `p:${sbc}|${peer}`;
}

/** The peers a call talked to (the remote of each leg), without duplicates. */
export function peersOf(report: CallReport): string[] {
  const out = new Set<string>();
  for (const leg of report.legs) {
    if (leg.remote) {
      out.add(leg.remote);
    }
  }
  return [...out];
}

export class RedisStatsStore {
  private readonly redis: Redis;
  private readonly p: string;
  private readonly minuteTtl: number;
  private readonly hourTtl: number;

  constructor(redis: Redis, opts: StatsStoreOptions) {
    this.redis = redis;
    this.p = opts.prefix;
    this.minuteTtl = Math.ceil((opts.minuteDays ?? 2) * 86_400);
    this.hourTtl = Math.ceil((opts.hourDays ?? 40) * 86_400);
  }

  private minuteKey(scope: string, t: number): string {
    return `${this.p}:m:${scope}:${t}`;
  }
  private hourKey(scope: string, t: number): string {
    return `${this.p}:h:${scope}:${t}`;
  }
  private exampleKey(sbc: string, hour: number): string {
    return `${this.p}:ex:${sbc}:${hour}`;
  }
  private metaKey(id: string): string {
    return `${this.p}:meta:${id}`;
  }

  /** What one call adds: exported for tests of the key layout. */
  metaOf(report: CallReport): StatMeta | null {
    const t = callTime(report);
    if (t === null) {
      return null;
    }
    const minute = floorTo(t, MINUTE_MS);
    const hour = floorTo(t, HOUR_MS);
    const fields = statFields(report);
    const scopes = [sbcScope(report.sbc), ...peersOf(report).map((p) => peerScope(report.sbc, p))];
    const c: StatMeta['c'] = [];
    const own = this.minuteKey(sbcScope(report.sbc), minute);
    const active = activeMinutes(report);
    for (const scope of scopes) {
      const mk = this.minuteKey(scope, minute);
      c.push([mk, this.minuteTtl, mk === own && active.includes(minute) ? [...fields, [FIELD_ACTIVE, 1]] : fields]);
      c.push([this.hourKey(scope, hour), this.hourTtl, fields]);
    }
    for (const m of active) {
      if (m !== minute) {
        c.push([this.minuteKey(sbcScope(report.sbc), m), this.minuteTtl, [[FIELD_ACTIVE, 1]]]);
      }
    }
    const x: StatMeta['x'] = [];
    if (isFault(report.category)) {
      const ex: DigestExample = { id: report.id, summary: report.summary, time: report.end ?? report.start, owner: report.owner };
      x.push([this.exampleKey(report.sbc, hour), report.category, JSON.stringify(ex), this.hourTtl]);
    }
    return { c, x };
  }

  /** Adds one stored call to the figures (replacing an earlier version of it): one round trip. */
  async record(report: CallReport, nowWall: number): Promise<RecordResult> {
    const meta = this.metaOf(report);
    if (!meta) {
      await this.markSeen(report.sbc, nowWall);
      return 'untimed';
    }
    const t = callTime(report) ?? 0;
    const r = await guard('stats record', () =>
      runScript(
        this.redis,
        RECORD,
        [this.metaKey(report.id), `${this.p}:seen`, `${this.p}:sbcs`, `${this.p}:newest`, `${this.p}:peers:${report.sbc}`],
        [JSON.stringify(meta), this.hourTtl, report.sbc, nowWall, t, ...peersOf(report)],
      ),
    );
    return r === 0 ? 'recorded' : r === 1 ? 'replaced' : 'unchanged';
  }

  /** Notes that something of `sbc` arrived now (wall clock). */
  async markSeen(sbc: string, nowWall: number): Promise<void> {
    await guard('stats seen', async () => {
      const pipe = this.redis.pipeline();
      pipe.hset(`${this.p}:seen`, sbc, String(nowWall));
      pipe.sadd(`${this.p}:sbcs`, sbc);
      pipelineResults(await pipe.exec());
    });
  }

  async lastSeen(): Promise<Map<string, number>> {
    return this.numberHash(`${this.p}:seen`);
  }

  async newestCalls(): Promise<Map<string, number>> {
    return this.numberHash(`${this.p}:newest`);
  }

  async sbcs(): Promise<string[]> {
    const s = await guard('stats sbcs', () => this.redis.smembers(`${this.p}:sbcs`));
    return s.sort();
  }

  async peers(sbc: string): Promise<string[]> {
    const s = await guard('stats peers', () => this.redis.smembers(`${this.p}:peers:${sbc}`));
    return s.sort();
  }

  /** Minute buckets of a scope overlapping [from, to), oldest first. */
  minuteCounts(scope: string, from: number, to: number): Promise<Array<[number, StatCounts]>> {
    return this.buckets((t) => this.minuteKey(scope, t), from, to, MINUTE_MS);
  }

  /** Hour buckets of a scope overlapping [from, to), oldest first. */
  hourCounts(scope: string, from: number, to: number): Promise<Array<[number, StatCounts]>> {
    return this.buckets((t) => this.hourKey(scope, t), from, to, HOUR_MS);
  }

  /**
   * The most answered calls up at once in each hour overlapping [from, to) (the peak of the
   * minutes' x:act), hour start → peak. Minute buckets live 2 days: older hours have none.
   */
  async activePeaks(sbc: string, from: number, to: number): Promise<Map<number, number>> {
    const starts: number[] = [];
    for (let t = floorTo(from, MINUTE_MS); t < to; t += MINUTE_MS) {
      starts.push(t);
    }
    const scope = sbcScope(sbc);
    const values = await guard('stats read', async () => {
      const pipe = this.redis.pipeline();
      for (const t of starts) {
        pipe.hget(this.minuteKey(scope, t), FIELD_ACTIVE);
      }
      return pipelineResults(await pipe.exec()) as Array<string | null>;
    });
    const out = new Map<number, number>();
    starts.forEach((t, i) => {
      const n = Number(values[i] ?? 0);
      if (Number.isFinite(n) && n > 0) {
        const h = floorTo(t, HOUR_MS);
        out.set(h, Math.max(out.get(h) ?? 0, n));
      }
    });
    return out;
  }

  /** The first example call of each fault category of `sbc` in the hours overlapping [from, to). */
  async examples(sbc: string, from: number, to: number): Promise<Partial<Record<Category, DigestExample>>> {
    const starts: number[] = [];
    for (let t = floorTo(from, HOUR_MS); t < to; t += HOUR_MS) {
      starts.push(t);
    }
    const hashes = await this.hashes(starts.map((t) => this.exampleKey(sbc, t)));
    const out: Partial<Record<Category, DigestExample>> = {};
    for (const h of hashes) {
      for (const [cat, raw] of Object.entries(h)) {
        const ex = parseJsonOrNull<DigestExample>(raw);
        if (ex && out[cat as Category] === undefined) {
          out[cat as Category] = ex;
        }
      }
    }
    return out;
  }

  /** Keeps the first health figures seen in the hour of `nowWall` (the digest's daily uptime). */
  async snapshotHealth(peers: readonly PeerHealth[], nowWall: number): Promise<void> {
    if (peers.length === 0) {
      return;
    }
    const key = `${this.p}:hs:${floorTo(nowWall, HOUR_MS)}`;
    await guard('stats health snapshot', async () => {
      const pipe = this.redis.pipeline();
      for (const h of peers) {
        pipe.hsetnx(key, `${h.device}|${h.remote}`, JSON.stringify({ sent: h.optionsSent, answered: h.optionsAnswered }));
      }
      pipe.expire(key, this.hourTtl);
      pipelineResults(await pipe.exec());
    });
  }

  /** The health snapshot of the hour starting at `hour` (device|remote → figures). */
  async healthSnapshot(hour: number): Promise<Map<string, { sent: number; answered: number }>> {
    const h = await guard('stats health snapshot', () => this.redis.hgetall(`${this.p}:hs:${floorTo(hour, HOUR_MS)}`));
    const out = new Map<string, { sent: number; answered: number }>();
    for (const [k, v] of Object.entries(h)) {
      const x = parseJsonOrNull<{ sent: number; answered: number }>(v);
      if (x && Number.isFinite(x.sent) && Number.isFinite(x.answered)) {
        out.set(k, x);
      }
    }
    return out;
  }

  private async numberHash(key: string): Promise<Map<string, number>> {
    const h = await guard('stats read', () => this.redis.hgetall(key));
    const out = new Map<string, number>();
    for (const [k, v] of Object.entries(h)) {
      const n = Number(v);
      if (Number.isFinite(n)) {
        out.set(k, n);
      }
    }
    return out;
  }

  private async hashes(keys: string[]): Promise<Array<Record<string, string>>> {
    if (keys.length === 0) {
      return [];
    }
    return guard('stats read', async () => {
      const pipe = this.redis.pipeline();
      for (const k of keys) {
        pipe.hgetall(k);
      }
      return pipelineResults(await pipe.exec()) as Array<Record<string, string>>;
    });
  }

  private async buckets(key: (t: number) => string, from: number, to: number, size: number): Promise<Array<[number, StatCounts]>> {
    const starts: number[] = [];
    for (let t = floorTo(from, size); t < to; t += size) {
      starts.push(t);
    }
    const hashes = await this.hashes(starts.map(key));
    return starts.map((t, i) => [t, parseStatCounts(hashes[i] ?? {})]);
  }
}
