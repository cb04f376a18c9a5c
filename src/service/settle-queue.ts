/**
 * Keys whose records changed, waiting to settle before their call is rebuilt. A key is rebuilt
 * once it has had no new record for `settleMs`, not on every batch that touches it: a call's
 * records arrive spread over many batches, and rebuilding it each time would cost ten times the
 * work. Every worker process pops due keys atomically, so the rebuilding is shared and a key is
 * handed to one worker at a time. Keys (P = prefix):
 *
 *   P:settle   ZSET   key → time of its last new record (UTC ms)
 *
 * A key popped by a worker that dies before it finished is not lost: its records stay open and
 * the quiet sweep finalizes it (SIPSLEUTH_CALL_QUIET_SEC later).
 */
import type { Redis } from 'ioredis';
import { guard, runScript, type LuaScript } from '../store/redis-script';

const POP_DUE: LuaScript = {
  name: 'sipsleuthSettlePop',
  numberOfKeys: 1,
  // KEYS: settle zset. ARGV: cutoff (UTC ms), limit. Returns [key, score, key, score, …] removed.
  lua: `
local items = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'WITHSCORES', 'LIMIT', 0, ARGV[2])
for i = 1, #items, 2 do redis.call('ZREM', KEYS[1], items[i]) end
return items
`,
};

export interface DueKey {
  key: string;
  /** when its last record arrived (UTC ms) */
  lastActivity: number;
}

export class SettleQueue {
  private readonly zset: string;

  constructor(
    private readonly redis: Redis,
    prefix: string,
  ) {
    this.zset = `${prefix}:settle`;
  }

  /** These keys got records at `now` (a later time wins). */
  async touch(keys: string[], now: number): Promise<void> {
    if (keys.length === 0) {
      return;
    }
    const args: Array<string | number> = [];
    for (const k of keys) {
      args.push(now, k);
    }
    await guard('settle touch', () => this.redis.zadd(this.zset, 'GT', ...args));
  }

  /** Takes up to `limit` keys quiet since `cutoff` off the queue (each goes to one caller). */
  async popDue(cutoff: number, limit: number): Promise<DueKey[]> {
    const items = (await guard('settle pop', () =>
      runScript(this.redis, POP_DUE, [this.zset], [cutoff, limit]),
    )) as string[];
    const out: DueKey[] = [];
    for (let i = 0; i + 1 < items.length; i += 2) {
      out.push({ key: items[i], lastActivity: Number(items[i + 1]) });
    }
    return out;
  }

  async size(): Promise<number> {
    return guard('settle size', () => this.redis.zcard(this.zset));
  }
}
