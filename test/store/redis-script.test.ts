import { createHash, randomBytes } from 'node:crypto';
import Redis from 'ioredis';
import { StoreUnavailableError } from '../../src/errors';
import { guard, runScript, type LuaScript } from '../../src/store/redis-script';
import { testPrefix, testRedisUrl } from '../support/redis';
import { deletePrefix } from './redis-helpers';

/** A script Redis has never seen (its text is new), so the first run cannot be an EVALSHA hit. */
function freshScript(): LuaScript {
  return {
    name: `test${randomBytes(4).toString('hex')}`,
    numberOfKeys: 1,
    lua: `-- ${randomBytes(8).toString('hex')}
return redis.call('INCRBY', KEYS[1], ARGV[1])`,
  };
}

describe('runScript', () => {
  const prefix = testPrefix('script');
  const clients: Redis[] = [];
  const client = (auto: boolean): Redis => {
    const r = new Redis(testRedisUrl(), { enableAutoPipelining: auto });
    clients.push(r);
    return r;
  };

  afterAll(async () => {
    await deletePrefix(clients[0], prefix);
    await Promise.all(clients.map((c) => c.quit()));
  });

  it('when Redis does not hold the script yet, then it is sent whole once and run by its hash after', async () => {
    const redis = client(false);
    const script = freshScript();
    const sha = createHash('sha1').update(script.lua).digest('hex');
    const key = `${prefix}:n1`;
    expect(await redis.script('EXISTS', sha)).toEqual([0]);
    expect(await runScript(redis, script, [key], [2])).toBe(2);
    expect(await redis.script('EXISTS', sha)).toEqual([1]);
    expect(await runScript(redis, script, [key], [3])).toBe(5);
  });

  it('when many scripts and plain commands are issued at once on an auto-pipelining client, then each gets its own answer', async () => {
    const redis = client(true);
    const script = freshScript();
    const runs = Array.from({ length: 200 }, (_, i) =>
      i % 2 === 0
        ? runScript(redis, script, [`${prefix}:k${i % 10}`], [1])
        : redis.set(`${prefix}:plain${i}`, String(i)).then(() => redis.get(`${prefix}:plain${i}`)),
    );
    const answers = await Promise.all(runs);
    answers.forEach((a, i) => {
      if (i % 2 === 1) {
        expect(a).toBe(String(i));
      }
    });
    // 100 increments spread over the 5 even keys k0, k2, …, k8: 20 each
    for (const k of [0, 2, 4, 6, 8]) {
      expect(await redis.get(`${prefix}:k${k}`)).toBe('20');
    }
  });

  it('when the script itself fails, then the error is Redis’s, and guard makes it a StoreUnavailableError', async () => {
    const redis = client(true);
    const bad: LuaScript = { name: 'bad', numberOfKeys: 0, lua: `return redis.call('NOSUCHCOMMAND') -- ${randomBytes(4).toString('hex')}` };
    await expect(runScript(redis, bad, [], [])).rejects.toThrow();
    await expect(guard('bad', () => runScript(redis, bad, [], []))).rejects.toBeInstanceOf(StoreUnavailableError);
  });
});
