/** Opens the running service's Redis store for `why`/`ladder`/`ask` without files. */
import { Redis } from 'ioredis';
import type { Config } from '../config';
import { StoreUnavailableError } from '../errors';
import { RedisCallStore } from '../store/redis-store';
import { servicePrefixes } from '../service/queue-names';

export async function withServiceStore<T>(config: Config, fn: (store: RedisCallStore) => Promise<T>): Promise<T> {
  const redis = new Redis(config.service.REDIS_URL, {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    retryStrategy: () => null,
  });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
  } catch (e) {
    throw new StoreUnavailableError(
      `cannot reach the service's Redis at ${config.service.REDIS_URL.replace(/\/\/[^@/]*@/, '//***@')}: give log files after the reference, or start the service`,
      e,
    );
  }
  try {
    return await fn(new RedisCallStore(redis, { prefix: servicePrefixes().store, retentionDays: config.service.SIPSLEUTH_RETENTION_DAYS }));
  } finally {
    redis.disconnect();
  }
}
