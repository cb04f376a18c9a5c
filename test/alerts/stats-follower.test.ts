import Redis from 'ioredis';
import { alertMetrics, metricValue } from '../../src/alerts/metrics';
import { StatsFollower } from '../../src/alerts/stats-follower';
import { MemoryLogger } from '../../src/log/logger';
import { callEventsKey, publishCallEvents } from '../../src/service/call-events';
import { sbcScope } from '../../src/store/stats-store';
import { testRedisUrl } from '../support/redis';
import { report } from './support/reports';
import { alertStores, storedCall, type AlertStores } from './support/setup';

const T = Date.UTC(2026, 10, 24, 10, 0, 0);
let s: AlertStores;
const extra: Redis[] = [];

beforeAll(() => {
  s = alertStores('follower');
});
afterAll(async () => {
  await s.redis.quit();
  for (const r of extra) {
    await r.quit();
  }
});

function follower(name: string): StatsFollower {
  const r = new Redis(testRedisUrl());
  extra.push(r);
  return new StatsFollower({
    redis: r,
    streamKey: callEventsKey(`${s.prefix}:open`),
    calls: s.calls,
    stats: s.stats,
    metrics: alertMetrics(),
    logger: new MemoryLogger(),
    now: () => T + 5000,
    consumer: name,
  });
}

describe('stats follower', () => {
  it('turns call events into figures once, with two followers sharing the stream, and counts calls it cannot find', async () => {
    const key = callEventsKey(`${s.prefix}:open`);
    const reports = Array.from({ length: 20 }, (_, i) => report({ at: T + i * 1000, category: i % 4 === 0 ? 'codec-mismatch' : 'completed', sbc: 'sbcF' }));
    for (const r of reports) {
      await s.calls.put(storedCall(r));
    }
    const a = follower('a');
    const b = follower('b');
    await a.ensureGroup();
    await b.ensureGroup();
    const missingBefore = await metricValue('sipsleuth_stats_calls_total', { result: 'missing' });
    await publishCallEvents(s.redis, key, reports.slice(0, 10), 'complete', T);
    await publishCallEvents(s.redis, key, reports, 'complete', T); // the first ten again: stored again after late records
    await publishCallEvents(s.redis, key, [{ ...reports[0], id: 'gone-already', sbc: 'sbcF' }], 'quiet', T);
    let handled = 0;
    for (let i = 0; i < 6; i++) {
      handled += await a.step(10);
      handled += await b.step(10);
    }
    expect(handled).toBe(31);
    const [, c] = (await s.stats.hourCounts(sbcScope('sbcF'), T, T + 1))[0];
    expect(c.calls).toBe(20);
    expect(c.byCategory['codec-mismatch']).toBe(5);
    expect(await metricValue('sipsleuth_stats_calls_total', { result: 'missing' })).toBe(missingBefore + 1);
    expect((await s.stats.lastSeen()).get('sbcF')).toBe(T + 5000);
    const pending = (await s.redis.xpending(key, 'sipsleuth-stats')) as [number, ...unknown[]];
    expect(pending[0]).toBe(0);
  });

  it('runs and stops as a part: while running it handles what arrives, once stopped nothing more', async () => {
    const key = callEventsKey(`${s.prefix}:open`);
    const first = report({ at: T, category: 'completed', sbc: 'sbcP' });
    const late = report({ at: T + 1000, category: 'completed', sbc: 'sbcP' });
    await s.calls.put(storedCall(first));
    await s.calls.put(storedCall(late));
    const f = follower('c');
    await f.start();
    await publishCallEvents(s.redis, key, [first], 'complete', T);
    const deadline = Date.now() + 5000;
    let calls = 0;
    while (calls < 1 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 20));
      calls = (await s.stats.hourCounts(sbcScope('sbcP'), T, T + 1))[0]?.[1].calls ?? 0;
    }
    expect(calls).toBe(1);
    await f.stop();
    await publishCallEvents(s.redis, key, [late], 'complete', T);
    await new Promise((r) => setTimeout(r, 200));
    expect((await s.stats.hourCounts(sbcScope('sbcP'), T, T + 1))[0][1].calls).toBe(1);
  });
});
