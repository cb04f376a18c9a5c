/**
 * The service's memory of recent legs without a session key (Oracle, Asterisk, FreeSWITCH, plain
 * SIP), so that the two legs of one B2BUA call, stored under two keys (their Call-IDs), can be
 * rebuilt together as `analyze` joins them (src/calls/leg-joiner.ts). Keys (P = prefix):
 *
 *   P:join:leg:<key>                 STRING  {device, t: INVITE log time, called: numbers}; kept
 *                                            `openTtlSec` while the key is open, `doneTtlSec` after
 *                                            its call was stored
 *   P:join:num:<device>|<bucket>     ZSET    key → INVITE log time, per called-number bucket
 *
 * `group(key)` finds the legs of the same device whose INVITE is within the join window of a leg
 * already in the group and whose called number matches (`numbersMatch`), transitively (a failed
 * attempt, then a re-route), at most `maxGroup` keys. It only narrows the search: the call builder
 * run over the group's records decides what is joined, with the offline rule.
 */
import type { Redis } from 'ioredis';
import { DEFAULT_BUILDER_OPTIONS } from '../calls/call-builder';
import { numbersMatch } from '../calls';
import { guard, pipelineResults } from '../store/redis-script';
import { parseJsonOrNull } from '../store/parse-json';
import { numberBucket, type LegFacts } from './leg-facts';

export interface LegJoinIndexOptions {
  prefix: string;
  /** largest gap between two legs' INVITEs (default: the builder's joinWindowMs, 5 s) */
  windowMs?: number;
  /** how long an open key's leg is remembered (default 1 day: answered calls are silent while people talk) */
  openTtlSec?: number;
  /** how long a stored key's leg is remembered, for a partner that settles later (default 10 min) */
  doneTtlSec?: number;
  /** most keys rebuilt together (default 16) */
  maxGroup?: number;
}

interface LegEntry {
  device: string;
  t: number;
  called: string[];
}

export class LegJoinIndex {
  private readonly windowMs: number;
  private readonly openTtlSec: number;
  private readonly doneTtlSec: number;
  private readonly maxGroup: number;

  constructor(
    private readonly redis: Redis,
    private readonly opts: LegJoinIndexOptions,
  ) {
    this.windowMs = opts.windowMs ?? DEFAULT_BUILDER_OPTIONS.joinWindowMs;
    this.openTtlSec = opts.openTtlSec ?? 86_400;
    this.doneTtlSec = opts.doneTtlSec ?? 600;
    this.maxGroup = opts.maxGroup ?? 16;
  }

  private legKey(key: string): string {
    return `${this.opts.prefix}:join:leg:${key}`;
  }

  private bucketKey(device: string, bucket: string): string {
    return `${this.opts.prefix}:join:num:${device}|${bucket}`;
  }

  /** Remembers the key's leg (idempotent); `stored` shortens how long it is kept. */
  async register(key: string, device: string, facts: LegFacts, stored: boolean): Promise<void> {
    const entry: LegEntry = { device, t: facts.inviteTime, called: facts.calledKeys };
    const ttl = stored ? this.doneTtlSec : this.openTtlSec;
    await guard('join register', async () => {
      const pipe = this.redis.pipeline();
      pipe.set(this.legKey(key), JSON.stringify(entry), 'EX', ttl);
      for (const b of new Set(facts.calledKeys.map(numberBucket))) {
        const z = this.bucketKey(device, b);
        pipe.zadd(z, facts.inviteTime, key);
        pipe.expire(z, this.openTtlSec);
      }
      pipelineResults(await pipe.exec());
    });
  }

  /** Shortens how long these keys' legs are kept: their call was stored. */
  async retire(keys: string[]): Promise<void> {
    await guard('join retire', async () => {
      const pipe = this.redis.pipeline();
      for (const k of keys) {
        pipe.expire(this.legKey(k), this.doneTtlSec);
      }
      pipelineResults(await pipe.exec());
    });
  }

  /** The other keys whose legs may belong to the same call as `key`'s, sorted; [] when none or unknown. */
  async group(key: string): Promise<string[]> {
    const first = parseJsonOrNull<LegEntry>(await guard('join get', () => this.redis.get(this.legKey(key))));
    if (!first) {
      return [];
    }
    const members = new Map<string, LegEntry>([[key, first]]);
    const todo: LegEntry[] = [first];
    while (todo.length > 0 && members.size < this.maxGroup) {
      const e = todo.shift() as LegEntry;
      const found = await this.near(e, members);
      for (const [k, other] of found) {
        if (members.size >= this.maxGroup) {
          break;
        }
        members.set(k, other);
        todo.push(other);
      }
    }
    members.delete(key);
    return [...members.keys()].sort();
  }

  /** Keys not yet in `members` whose leg is within the window of `e` and calls a matching number. */
  private async near(e: LegEntry, members: Map<string, LegEntry>): Promise<Array<[string, LegEntry]>> {
    const buckets = [...new Set(e.called.map(numberBucket))];
    const lists = await guard('join near', async () => {
      const pipe = this.redis.pipeline();
      for (const b of buckets) {
        pipe.zrangebyscore(this.bucketKey(e.device, b), e.t - this.windowMs, e.t + this.windowMs);
      }
      return pipelineResults(await pipe.exec()) as string[][];
    });
    const where = new Map<string, string>();
    lists.forEach((keys, i) => {
      for (const k of keys) {
        if (!members.has(k)) {
          where.set(k, this.bucketKey(e.device, buckets[i]));
        }
      }
    });
    if (where.size === 0) {
      return [];
    }
    const keys = [...where.keys()];
    const raws = await guard('join near', () => this.redis.mget(...keys.map((k) => this.legKey(k))));
    const out: Array<[string, LegEntry]> = [];
    const gone: string[] = [];
    keys.forEach((k, i) => {
      const other = parseJsonOrNull<LegEntry>(raws[i]);
      if (!other) {
        gone.push(k);
      } else if (other.device === e.device && e.called.some((a) => other.called.some((b) => numbersMatch(a, b)))) {
        out.push([k, other]);
      }
    });
    if (gone.length > 0) {
      await guard('join prune', async () => {
        const pipe = this.redis.pipeline();
        for (const k of gone) {
          pipe.zrem(where.get(k) as string, k);
        }
        pipelineResults(await pipe.exec());
      });
    }
    return out;
  }
}
