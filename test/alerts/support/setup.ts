/** A real Redis with the alert stores under a test prefix, and a minimal stored call per report. */
import Redis from 'ioredis';
import type { Call } from '../../../src/calls/call';
import type { CallReport } from '../../../src/diagnosis/verdict';
import type { StoredCall } from '../../../src/store/call-store';
import { RedisCallStore } from '../../../src/store/redis-store';
import { RedisStatsStore } from '../../../src/store/stats-store';
import { IncidentStore } from '../../../src/alerts/incident-store';
import { testPrefix, testRedisUrl } from '../../support/redis';

export function storedCall(r: CallReport): StoredCall {
  const ms = (s: string | null): number | null => (s === null ? null : Date.parse(s));
  const call: Call = {
    id: r.id,
    format: 'audiocodes',
    device: r.sbc,
    legs: [],
    cdrs: [],
    gaps: [],
    direction: r.direction,
    from: r.from ?? undefined,
    to: r.to ?? undefined,
    start: ms(r.start),
    answer: ms(r.answer),
    end: ms(r.end),
    complete: true,
  };
  return { report: r, call };
}

export interface AlertStores {
  redis: Redis;
  prefix: string;
  calls: RedisCallStore;
  stats: RedisStatsStore;
  incidents: IncidentStore;
  /** stores the call and adds it to the figures, as the workers and the follower do */
  add(r: CallReport, nowWall: number): Promise<void>;
}

export function alertStores(name: string): AlertStores {
  const redis = new Redis(testRedisUrl());
  const prefix = testPrefix(name);
  const calls = new RedisCallStore(redis, { prefix: `${prefix}:calls`, retentionDays: 14 });
  const stats = new RedisStatsStore(redis, { prefix: `${prefix}:stats` });
  const incidents = new IncidentStore(redis, `${prefix}:alerts`);
  return {
    redis,
    prefix,
    calls,
    stats,
    incidents,
    async add(r, nowWall) {
      await calls.put(storedCall(r));
      await stats.record(r, nowWall);
    },
  };
}
