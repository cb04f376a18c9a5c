/**
 * The alerts' and the digest's figures in Redis: call counts per scope (an SBC, or an SBC and one
 * peer it talked to) per UTC minute, per quarter hour (SBCs) or hour (peers), one example call per
 * failure category per SBC and quarter hour, and what the alert engine needs to follow each SBC.
 * Keys (P = `opts.prefix`):
 *
 *   P:m:<scope>:<minute ms>   HASH  counts (src/stats/counts.ts fields; x:act on SBC scopes)   2 days
 *   P:q:<sbc scope>:<ms>      HASH  counts of the quarter hour starting at ms                   40 days
 *   P:h:<peer scope>:<ms>     HASH  counts of the UTC hour starting at ms                       40 days
 *   P:exq:<sbc>:<ms>          HASH  category → example JSON {id, summary, time} (first one of
 *                                   the quarter hour starting at ms)                           40 days
 *   P:meta:<call id>          STRING what the call added (so a call stored again is replaced)   40 days
 *   P:peers:<sbc>             SET   peers seen for the SBC                                      40 days
 *   P:sbcs                    SET   every SBC with figures
 *   P:newest                  HASH  sbc → newest call time (log time, UTC ms)
 *   P:seen                    HASH  sbc → wall-clock ms something of it last arrived
 *   P:hs:<ms>                 HASH  device|remote → {sent, answered} first seen in the quarter
 *                                   hour starting at ms
 *
 * Scopes: `s:<sbc>` and `p:<sbc>|<peer>`. `record` is one Lua script per call: it takes back what
 * the call added before (same call id) and adds the new version's, so replaying events or storing
 * a call again never counts twice.
 *
 * Why quarters: the digest counts the local hours of its zone, and every zone's offset is a whole
 * number of quarter hours (Kolkata +5:30, Kathmandu +5:45, St. John's −3:30), which UTC hours do
 * not resolve. Peers keep hours: only the spike baseline reads them, by UTC hour.
 *
 * Before quarters, SBC scopes were counted per UTC hour (P:h:s:<sbc>:<ms>) and examples kept per
 * hour (P:ex:<sbc>:<ms>); those keys live out their 40 days and are still read: `hourCounts`
 * adds them in, `countBuckets` hands them out as hour buckets (the digest puts one in the local
 * hour holding its middle, so no call counts on two days), `examples` takes theirs only when the
 * example's time is in the range. A call stored before and again after moves out of its hour key
 * (its meta names the keys it added to).
 */
import type Redis from 'ioredis';
import type { PeerHealth } from '../calls/call';
import type { Category, CallReport } from '../diagnosis/verdict';
import { activeMinutes, callTime, floorTo, HOUR_MS, MINUTE_MS, QUARTER_MS } from '../stats/call-time';
import { FIELD_ACTIVE, parseStatCounts, statFields, sumCounts, type StatCounts } from '../stats/counts';
import { isFault, type DigestExample } from '../stats/digest';
import { bucketTime, type CountBucket } from '../stats/local-hours';
import { periodStarts } from './counters';
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
/** SBC scopes are counted per quarter hour, peer scopes per hour. */
function quartered(scope: string): boolean {
  return scope.startsWith('s:');
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

/** Starts of the buckets of `size` ms whose middle lies in [from, to). */
function middlesIn(from: number, to: number, size: number): number[] {
  const out: number[] = [];
  for (let t = floorTo(from - size / 2, size); bucketTime({ start: t, size }) < to; t += size) {
    if (bucketTime({ start: t, size }) >= from) {
      out.push(t);
    }
  }
  return out;
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
  private quarterKey(scope: string, t: number): string {
    return `${this.p}:q:${scope}:${t}`;
  }
  private exampleKey(sbc: string, quarter: number): string {
    return `${this.p}:exq:${sbc}:${quarter}`;
  }
  /** where examples were kept per hour, before quarters */
  private hourExampleKey(sbc: string, hour: number): string {
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
    const quarter = floorTo(t, QUARTER_MS);
    const fields = statFields(report);
    const scopes = [sbcScope(report.sbc), ...peersOf(report).map((p) => peerScope(report.sbc, p))];
    const c: StatMeta['c'] = [];
    const own = this.minuteKey(sbcScope(report.sbc), minute);
    const active = activeMinutes(report);
    for (const scope of scopes) {
      const mk = this.minuteKey(scope, minute);
      c.push([mk, this.minuteTtl, mk === own && active.includes(minute) ? [...fields, [FIELD_ACTIVE, 1]] : fields]);
      c.push([quartered(scope) ? this.quarterKey(scope, quarter) : this.hourKey(scope, hour), this.hourTtl, fields]);
    }
    for (const m of active) {
      if (m !== minute) {
        c.push([this.minuteKey(sbcScope(report.sbc), m), this.minuteTtl, [[FIELD_ACTIVE, 1]]]);
      }
    }
    const x: StatMeta['x'] = [];
    if (isFault(report.category)) {
      const ex: DigestExample = { id: report.id, summary: report.summary, time: report.end ?? report.start, owner: report.owner };
      x.push([this.exampleKey(report.sbc, quarter), report.category, JSON.stringify(ex), this.hourTtl]);
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

  /**
   * Counts of a scope per UTC hour overlapping [from, to), oldest first: an SBC's hour is the sum
   * of its four quarters and of its hour key (calls counted before quarters were kept).
   */
  async hourCounts(scope: string, from: number, to: number): Promise<Array<[number, StatCounts]>> {
    const hours = this.buckets((t) => this.hourKey(scope, t), from, to, HOUR_MS);
    if (!quartered(scope)) {
      return hours;
    }
    const [byHour, quarters] = await Promise.all([hours, this.buckets((t) => this.quarterKey(scope, t), floorTo(from, HOUR_MS), floorTo(to - 1, HOUR_MS) + HOUR_MS, QUARTER_MS)]);
    const parts = new Map<number, StatCounts[]>(byHour.map(([t, c]) => [t, [c]]));
    for (const [q, c] of quarters) {
      parts.get(floorTo(q, HOUR_MS))?.push(c);
    }
    return byHour.map(([t]) => [t, sumCounts(parts.get(t) ?? [])]);
  }

  /**
   * Every bucket of counts of a scope whose middle lies in [from, to), oldest first, empty ones
   * left out: an SBC's quarter hours, and hours (a peer's; an SBC's from before quarters). The
   * digest sums them into local hours (src/stats/local-hours.ts).
   */
  async countBuckets(scope: string, from: number, to: number): Promise<CountBucket[]> {
    const sizes = quartered(scope) ? [QUARTER_MS, HOUR_MS] : [HOUR_MS];
    const out: CountBucket[] = [];
    await Promise.all(
      sizes.map(async (size) => {
        const key = (t: number): string => (size === HOUR_MS ? this.hourKey(scope, t) : this.quarterKey(scope, t));
        const starts = middlesIn(from, to, size);
        const hashes = await this.hashes(starts.map(key));
        starts.forEach((start, i) => {
          const h = hashes[i];
          if (h && Object.keys(h).length > 0) {
            out.push({ start, size, counts: parseStatCounts(h) });
          }
        });
      }),
    );
    return out.sort((a, b) => a.start - b.start || a.size - b.size);
  }

  /**
   * The most answered calls up at once in each bucket of `size` ms (an hour unless told)
   * overlapping [from, to) (the peak of the minutes' x:act), bucket start → peak. Minute buckets
   * live 2 days: older hours have none.
   */
  async activePeaks(sbc: string, from: number, to: number, size: number = HOUR_MS): Promise<Map<number, number>> {
    const starts = periodStarts(from, to, MINUTE_MS);
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
        const b = floorTo(t, size);
        out.set(b, Math.max(out.get(b) ?? 0, n));
      }
    });
    return out;
  }

  /**
   * The first example call of each fault category of `sbc` in the quarter hours overlapping
   * [from, to) (and, from before quarters, in the hours overlapping it when the example's time is
   * in [from, to)).
   */
  async examples(sbc: string, from: number, to: number): Promise<Partial<Record<Category, DigestExample>>> {
    const quarters = periodStarts(from, to, QUARTER_MS);
    const hours = middlesIn(from - HOUR_MS / 2, to + HOUR_MS / 2, HOUR_MS);
    const [q, h] = await Promise.all([this.hashes(quarters.map((t) => this.exampleKey(sbc, t))), this.hashes(hours.map((t) => this.hourExampleKey(sbc, t)))]);
    const found: Array<{ at: number; cat: Category; ex: DigestExample }> = [];
    const take = (hash: Record<string, string> | undefined, start: number, size: number, check: boolean): void => {
      for (const [cat, raw] of Object.entries(hash ?? {})) {
        const ex = parseJsonOrNull<DigestExample>(raw);
        const at = ex?.time ? Date.parse(ex.time) : NaN;
        const when = Number.isFinite(at) ? at : bucketTime({ start, size });
        if (ex && (!check || (when >= from && when < to))) {
          found.push({ at: when, cat: cat as Category, ex });
        }
      }
    };
    quarters.forEach((t, i) => take(q[i], t, QUARTER_MS, false));
    hours.forEach((t, i) => take(h[i], t, HOUR_MS, true));
    const out: Partial<Record<Category, DigestExample>> = {};
    for (const f of found.sort((a, b) => a.at - b.at)) {
      if (out[f.cat] === undefined) {
        out[f.cat] = f.ex;
      }
    }
    return out;
  }

  /** Keeps the first health figures seen in the quarter hour of `nowWall` (the digest's daily uptime). */
  async snapshotHealth(peers: readonly PeerHealth[], nowWall: number): Promise<void> {
    if (peers.length === 0) {
      return;
    }
    const key = `${this.p}:hs:${floorTo(nowWall, QUARTER_MS)}`;
    await guard('stats health snapshot', async () => {
      const pipe = this.redis.pipeline();
      for (const h of peers) {
        pipe.hsetnx(key, `${h.device}|${h.remote}`, JSON.stringify({ sent: h.optionsSent, answered: h.optionsAnswered }));
      }
      pipe.expire(key, this.hourTtl);
      pipelineResults(await pipe.exec());
    });
  }

  /**
   * The health snapshot of the quarter hour holding `t` (device|remote → figures); when there is
   * none, the one of its hour (snapshots were kept per hour before quarters).
   */
  async healthSnapshot(t: number): Promise<Map<string, { sent: number; answered: number }>> {
    const read = (at: number): Promise<Record<string, string>> => guard('stats health snapshot', () => this.redis.hgetall(`${this.p}:hs:${at}`));
    let h = await read(floorTo(t, QUARTER_MS));
    if (Object.keys(h).length === 0 && floorTo(t, HOUR_MS) !== floorTo(t, QUARTER_MS)) {
      h = await read(floorTo(t, HOUR_MS));
    }
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
    const starts = periodStarts(from, to, size);
    const hashes = await this.hashes(starts.map(key));
    return starts.map((t, i) => [t, parseStatCounts(hashes[i] ?? {})]);
  }
}
