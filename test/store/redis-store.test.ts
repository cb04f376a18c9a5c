import Redis from 'ioredis';
import { RedisCallStore } from '../../src/store/redis-store';
import { testPrefix, testRedisUrl } from '../support/redis';
import { makeCall } from './call-fixtures';
import { describeCallStore } from './call-store-behaviour';
import { deletePrefix, keysUnder } from './redis-helpers';

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 10, 23, 9, 0, 1, 712);
const HOUR0 = Date.UTC(2026, 10, 23, 9);

let redis: Redis;
const prefixes: string[] = [];

function newStore(name: string, retentionDays = 14): { store: RedisCallStore; prefix: string } {
  const prefix = testPrefix(name);
  prefixes.push(prefix);
  return { store: new RedisCallStore(redis, { prefix, retentionDays }), prefix };
}

beforeAll(() => {
  redis = new Redis(testRedisUrl());
});

afterAll(async () => {
  for (const p of prefixes) {
    await deletePrefix(redis, p);
  }
  await redis.quit();
});

describeCallStore('RedisCallStore', async () => newStore('behaviour').store);

describe('RedisCallStore: counters under concurrency', () => {
  it('when the same call is stored by several workers at once, then it is counted once', async () => {
    const { store } = newStore('race');
    const versions = Array.from({ length: 20 }, (_, i) =>
      makeCall({ id: 'r', callIds: ['r@h'], start: T0, outcome: i % 2 ? 'answered' : 'failed', durationSec: 10 }),
    );
    await Promise.all(versions.map((v) => store.put(v)));
    const h = (await store.hourlyCounters('198.51.100.10', HOUR0, HOUR0 + 1))[0].counters;
    expect(h.calls).toBe(1);
    expect(h.answered + h.failed).toBe(1);
    const last = await store.get('r');
    expect(h.answered).toBe(last?.report.outcome === 'answered' ? 1 : 0);
  });
});

describe('RedisCallStore: storage and retention', () => {
  it('when a call is big, then it is stored compressed (Brotli) and read back the same; small ones stay plain (slim) JSON', async () => {
    const { store, prefix } = newStore('gzip');
    const big = makeCall({ id: 'big', callIds: ['big@h', 'big2@h'], start: T0, messagesPerLeg: 12 });
    const small = makeCall({ id: 'small', callIds: ['s@h'], start: T0, messagesPerLeg: 0 });
    await store.put(big);
    await store.put(small);
    const rawBig = await redis.hgetBuffer(`${prefix}:call:big`, 'data');
    const rawSmall = await redis.hgetBuffer(`${prefix}:call:small`, 'data');
    expect(rawBig?.subarray(0, 2).toString('latin1')).toBe('BR');
    expect(rawBig!.length).toBeLessThan(JSON.stringify(big).length / 3);
    expect(rawSmall?.toString('utf8')).toBe(`S2${JSON.stringify(small)}`);
    expect(await store.get('big')).toEqual(big);
    expect(await store.get('small')).toEqual(small);
  });

  it('when a stored call is unreadable, then it is skipped and counted, not thrown', async () => {
    const { store, prefix } = newStore('corrupt');
    await store.put(makeCall({ id: 'ok', callIds: ['ok@h'], start: T0 }));
    await store.put(makeCall({ id: 'bad', callIds: ['bad@h'], start: T0 + 1 }));
    await redis.hset(`${prefix}:call:bad`, 'data', Buffer.from([0x1f, 0x8b, 1, 2, 3]));
    expect(await store.get('bad')).toBeNull();
    expect((await store.find('0101')).map((s) => s.report.id)).toEqual(['ok']);
    expect(store.stats.corrupt).toBe(2);
  });

  it('when keys are written, then each expires after the retention', async () => {
    const { store, prefix } = newStore('ttl', 3);
    await store.put(makeCall({ id: 't', callIds: ['t@h'], start: T0 }));
    const keys = await keysUnder(redis, prefix);
    expect(keys.length).toBeGreaterThan(5);
    for (const k of keys) {
      const ttl = await redis.pttl(k);
      if (k.includes(':cnt:') || k.endsWith(':sbcs')) {
        expect(ttl).toBeGreaterThan(34 * DAY);
      } else {
        expect(ttl).toBeGreaterThan(3 * DAY);
        expect(ttl).toBeLessThanOrEqual(4 * DAY);
      }
    }
  });

  it('when prune runs, then calls older than the retention leave every index while counters stay', async () => {
    const { store, prefix } = newStore('prune', 14);
    await store.put(makeCall({ id: 'old', callIds: ['old@h'], sessionKey: 'aa:1:1', start: T0, outcome: 'failed' }));
    await store.put(makeCall({ id: 'new', callIds: ['new@h'], start: T0 + 10 * DAY, outcome: 'failed' }));
    expect(await store.prune(T0 + 14 * DAY)).toBe(0);
    expect(await store.prune(T0 + 14 * DAY + 1)).toBe(1);
    expect(await store.get('old')).toBeNull();
    expect(await store.find('old@h')).toEqual([]);
    expect(await store.find('aa:1:1')).toEqual([]);
    expect((await store.find('0101')).map((s) => s.report.id)).toEqual(['new']);
    expect((await store.list({ failedOnly: true })).map((r) => r.id)).toEqual(['new']);
    const keys = await keysUnder(redis, prefix);
    expect(keys.filter((k) => k.includes('old'))).toEqual([]);
    for (const k of keys.filter((k) => k.includes(':ref:') || k.includes(':num:') || k.endsWith(':time'))) {
      expect(await redis.zrange(k, 0, -1)).toEqual(['new']);
    }
    const day = (await store.dailyCounters('198.51.100.10', T0, T0 + 1))[0].counters;
    expect(day.calls).toBe(1);
  });

  it('when a call expired on its own, then the indexes that still name it drop it on read', async () => {
    const { store, prefix } = newStore('stale');
    await store.put(makeCall({ id: 'gone', callIds: ['gone@h'], start: T0 }));
    await store.put(makeCall({ id: 'here', callIds: ['here@h'], start: T0 - 1 }));
    await redis.del(`${prefix}:call:gone`);
    expect((await store.find('0101')).map((s) => s.report.id)).toEqual(['here']);
    expect((await store.list({})).map((r) => r.id)).toEqual(['here']);
    expect(await redis.zrange(`${prefix}:time`, 0, -1)).toEqual(['here']);
    expect(await redis.zrange(`${prefix}:num:0101`, 0, -1)).toEqual(['here']);
  });
});
