import Redis from 'ioredis';
import { RedisCallStore } from '../../src/store/redis-store';
import { testPrefix, testRedisUrl } from '../support/redis';
import { makeCall } from './call-fixtures';
import { deletePrefix, keysUnder } from './redis-helpers';

const T0 = Date.UTC(2026, 10, 23, 9, 0, 1, 712);
const HOUR0 = Date.UTC(2026, 10, 23, 9);
const DAY0 = Date.UTC(2026, 10, 23);

let redis: Redis;
const prefixes: string[] = [];

function newStore(name: string): { store: RedisCallStore; prefix: string } {
  const prefix = testPrefix(name);
  prefixes.push(prefix);
  return { store: new RedisCallStore(redis, { prefix, retentionDays: 14 }), prefix };
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

describe('RedisCallStore.delete (a call superseded by another)', () => {
  it('when a call is deleted, then indexes and counters are as if it had never been stored', async () => {
    const { store, prefix } = newStore('del');
    const { store: only, prefix: onlyPrefix } = newStore('del-ref');
    const keep = makeCall({ id: 'keep', callIds: ['keep@h', 'keep2@h'], start: T0, outcome: 'answered', durationSec: 30 });
    const gone = makeCall({ id: 'gone', callIds: ['gone@h'], start: T0 + 1000, outcome: 'failed' });
    await store.put(keep);
    await store.put(gone);
    await only.put(keep);

    expect(await store.delete('gone')).toBe(true);
    expect(await store.get('gone')).toBeNull();
    expect(await store.find('gone@h')).toEqual([]);
    expect((await store.list({})).map((r) => r.id)).toEqual(['keep']);
    expect(await store.list({ failedOnly: true })).toEqual([]);
    const hours = await store.hourlyCounters('198.51.100.10', HOUR0, HOUR0 + 1);
    const days = await store.dailyCounters('198.51.100.10', DAY0, DAY0 + 1);
    expect(hours).toEqual(await only.hourlyCounters('198.51.100.10', HOUR0, HOUR0 + 1));
    expect(days).toEqual(await only.dailyCounters('198.51.100.10', DAY0, DAY0 + 1));
    expect(hours[0].counters.calls).toBe(1);
    const strip = (keys: string[], p: string): string[] => keys.map((k) => k.slice(p.length)).sort();
    expect(strip(await keysUnder(redis, prefix), prefix)).toEqual(strip(await keysUnder(redis, onlyPrefix), onlyPrefix));
  });

  it('when a call is deleted twice or never existed, then nothing else changes', async () => {
    const { store } = newStore('del-twice');
    const keep = makeCall({ id: 'keep', callIds: ['keep@h'], start: T0, outcome: 'answered', durationSec: 5 });
    const gone = makeCall({ id: 'gone', callIds: ['gone@h'], start: T0, outcome: 'failed' });
    await store.put(keep);
    await store.put(gone);
    expect(await store.delete('gone')).toBe(true);
    const before = await store.hourlyCounters('198.51.100.10', HOUR0, HOUR0 + 1);
    expect(await store.delete('gone')).toBe(false);
    expect(await store.delete('never')).toBe(false);
    expect(await store.hourlyCounters('198.51.100.10', HOUR0, HOUR0 + 1)).toEqual(before);
    expect((await store.get('keep'))?.report.id).toBe('keep');
  });
});
