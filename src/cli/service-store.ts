/** Opens the running service's Redis store for `why`/`ladder`/`ask` without files. */
import { Redis } from 'ioredis';
import { maskRedisUrl, type Config } from '../config';
import { StoreUnavailableError } from '../errors';
import { RedisCallStore } from '../store/redis-store';
import { servicePrefixes } from '../service/queue-names';

/**
 * Runs `fn` on a connection of its own to the service's Redis, for a one-shot command: it fails at
 * once with StoreUnavailableError (plus `hint`) when Redis does not answer, and disconnects after.
 */
export async function withServiceRedis<T>(config: Config, hint: string, fn: (redis: Redis) => Promise<T>): Promise<T> {
  const redis = new Redis(config.service.REDIS_URL, {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    retryStrategy: () => null,
  });
  // failures surface as the rejected connect or command below
  redis.on('error', () => undefined);
  try {
    await redis.connect();
  } catch (e) {
    throw new StoreUnavailableError(`cannot reach the service's Redis at ${maskRedisUrl(config.service.REDIS_URL)}${hint}`, e);
  }
  try {
    return await fn(redis);
  } finally {
    redis.disconnect();
  }
}

export function withServiceStore<T>(config: Config, fn: (store: RedisCallStore) => Promise<T>): Promise<T> {
  return withServiceRedis(config, ': give log files after the reference, or start the service', (redis) =>
    fn(new RedisCallStore(redis, { prefix: servicePrefixes().store, retentionDays: config.service.SIPSLEUTH_RETENTION_DAYS })),
  );
}
