/**
 * Turns stored calls into figures: follows the call events stream the records workers write
 * (src/service/call-events.ts, one entry per call stored) with a Redis consumer group, so that
 * with several instances each event is handled once, loads each call's report from the store and
 * records it in the stats store (idempotent per call id: an event handled twice, or a call stored
 * again, changes nothing or replaces the call's earlier counts). Entries a crashed instance left
 * pending are claimed after a minute.
 */
import type Redis from 'ioredis';
import { hostname } from 'node:os';
import type { Logger } from '../log/logger';
import type { CallStore } from '../store/call-store';
import type { RedisStatsStore } from '../store/stats-store';
import type { AlertMetrics } from './metrics';

export const STATS_GROUP = 'sipsleuth-stats';

export interface StatsFollowerOptions {
  /** a connection of its own: XREADGROUP blocks it */
  redis: Redis;
  /** the events stream key (callEventsKey(prefixes.open)) */
  streamKey: string;
  calls: Pick<CallStore, 'get'>;
  stats: RedisStatsStore;
  metrics: AlertMetrics;
  logger: Logger;
  /** wall clock (tests inject one) */
  now?: () => number;
  consumer?: string;
  blockMs?: number;
  batch?: number;
  claimIdleMs?: number;
}

type StreamReply = Array<[string, Array<[string, string[]]>]> | null;

export class StatsFollower {
  private running = false;
  private loop: Promise<void> | null = null;
  private readonly consumer: string;
  private lastClaim = 0;

  constructor(private readonly o: StatsFollowerOptions) {
    this.consumer = o.consumer ?? `${hostname()}-${process.pid}`;
  }

  private now(): number {
    return (this.o.now ?? Date.now)();
  }

  async ensureGroup(): Promise<void> {
    try {
      await this.o.redis.xgroup('CREATE', this.o.streamKey, STATS_GROUP, '0', 'MKSTREAM');
    } catch (err) {
      if (!(err instanceof Error) || !err.message.includes('BUSYGROUP')) {
        throw err;
      }
    }
  }

  async start(): Promise<void> {
    await this.ensureGroup();
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.loop;
    this.loop = null;
  }

  private async run(): Promise<void> {
    let pause = 100;
    while (this.running) {
      try {
        await this.step(this.o.blockMs ?? 1000);
        pause = 100;
      } catch (err) {
        this.o.logger.warn({ err: String(err) }, 'following call events failed; trying again');
        await new Promise((r) => setTimeout(r, pause));
        pause = Math.min(pause * 2, 5000);
      }
    }
  }

  /** Handles what is waiting (claimed stale entries, then new ones); returns how many entries. */
  async step(blockMs: number): Promise<number> {
    let n = 0;
    if (this.now() - this.lastClaim > 30_000) {
      this.lastClaim = this.now();
      n += await this.claimStale();
    }
    const res = (await this.o.redis.xreadgroup(
      'GROUP', STATS_GROUP, this.consumer, 'COUNT', this.o.batch ?? 200, 'BLOCK', blockMs, 'STREAMS', this.o.streamKey, '>',
    )) as StreamReply;
    for (const [, entries] of res ?? []) {
      await this.handle(entries);
      n += entries.length;
    }
    return n;
  }

  private async claimStale(): Promise<number> {
    const res = (await this.o.redis.xautoclaim(
      this.o.streamKey, STATS_GROUP, this.consumer, this.o.claimIdleMs ?? 60_000, '0', 'COUNT', 200,
    )) as [string, Array<[string, string[]] | null>];
    const entries = (res[1] ?? []).filter((e): e is [string, string[]] => e !== null);
    await this.handle(entries);
    return entries.length;
  }

  private async handle(entries: Array<[string, string[]]>): Promise<void> {
    for (const [entryId, fields] of entries) {
      const f: Record<string, string> = {};
      for (let i = 0; i + 1 < fields.length; i += 2) {
        f[fields[i]] = fields[i + 1];
      }
      const id = f.id;
      if (id) {
        const stored = await this.o.calls.get(id);
        if (stored) {
          const r = await this.o.stats.record(stored.report, this.now());
          this.o.metrics.statsRecorded.inc({ result: r });
        } else {
          this.o.metrics.statsRecorded.inc({ result: 'missing' });
          if (f.sbc) {
            await this.o.stats.markSeen(f.sbc, this.now());
          }
        }
      }
      await this.o.redis.xack(this.o.streamKey, STATS_GROUP, entryId);
    }
  }
}
