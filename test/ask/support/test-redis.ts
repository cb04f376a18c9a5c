/**
 * A real Redis for one ask test file: connected before its tests, every key under the prefixes it
 * handed out deleted after them.
 */
import Redis from 'ioredis';
import { RedisCallStore } from '../../../src/store/redis-store';
import { deletePrefix } from '../../store/redis-helpers';
import { testPrefix, testRedisUrl } from '../../support/redis';

/** Registers the file's beforeAll/afterAll; `store(name)` opens an empty call store of its own (call it inside a test or hook). */
export function useTestRedis(): { store: (name: string) => RedisCallStore } {
  let redis: Redis | null = null;
  const prefixes: string[] = [];
  beforeAll(() => {
    redis = new Redis(testRedisUrl());
  });
  afterAll(async () => {
    if (redis) {
      for (const p of prefixes) {
        await deletePrefix(redis, p);
      }
      await redis.quit();
    }
  });
  return {
    store(name: string): RedisCallStore {
      if (!redis) {
        throw new Error('useTestRedis: open stores inside a test or hook');
      }
      const prefix = testPrefix(name);
      prefixes.push(prefix);
      return new RedisCallStore(redis, { prefix, retentionDays: 14 });
    },
  };
}
