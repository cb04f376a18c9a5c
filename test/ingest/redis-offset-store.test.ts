import net from 'node:net';
import Redis from 'ioredis';
import { StoreUnavailableError } from '../../src/errors';
import { RedisOffsetStore, decodeFileState } from '../../src/ingest/redis-offset-store';
import { testPrefix, testRedisUrl } from '../support/redis';

describe('RedisOffsetStore', () => {
  let redis: Redis;
  const prefix = testPrefix('offsets');

  beforeAll(() => {
    redis = new Redis(testRedisUrl(), { lazyConnect: false, maxRetriesPerRequest: 1 });
  });
  afterAll(async () => {
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) {
      await redis.del(...keys);
    }
    redis.disconnect();
  });

  it('stores and reads back a file state per path, and a new store on the same prefix sees it', async () => {
    const store = new RedisOffsetStore(redis, { prefix });
    expect(await store.get('/var/log/sbc/a.log')).toBeNull();
    const state = { inode: '18446744073709551557', fingerprint: '1024:abc', offset: 123456789012, line: 42 };
    await store.set('/var/log/sbc/a.log', state);
    await store.set('/var/log/sbc/b.log', { ...state, offset: 5, line: 2 });
    const again = new RedisOffsetStore(redis, { prefix });
    expect(await again.get('/var/log/sbc/a.log')).toEqual(state);
    expect((await again.get('/var/log/sbc/b.log'))?.offset).toBe(5);
    expect(await new RedisOffsetStore(redis, { prefix: `${prefix}:other` }).get('/var/log/sbc/a.log')).toBeNull();
  });

  it('reads a value that is not a file state as null', async () => {
    await redis.hset(`${prefix}:ingest:offsets`, '/bad', '{"inode":1}');
    expect(await new RedisOffsetStore(redis, { prefix }).get('/bad')).toBeNull();
    expect(decodeFileState('not json')).toBeNull();
    expect(decodeFileState('{"inode":"1","fingerprint":"x","offset":-1,"line":1}')).toBeNull();
    expect(decodeFileState('{"inode":"1","fingerprint":"x","offset":0,"line":0}')).toBeNull();
  });

  it('turns a Redis that is away into StoreUnavailableError', async () => {
    const port = await freePort();
    const away = new Redis(`redis://127.0.0.1:${port}`, {
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    });
    away.on('error', () => undefined);
    const store = new RedisOffsetStore(away, { prefix });
    await expect(store.get('/x')).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(store.set('/x', { inode: '1', fingerprint: '0:x', offset: 0, line: 1 })).rejects.toBeInstanceOf(
      StoreUnavailableError,
    );
    away.disconnect();
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const p = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(p));
    });
  });
}
