/**
 * Lua scripts run with EVALSHA (ioredis `defineCommand` loads them again after a Redis restart).
 * Scripts build no key names of their own from the prefix: every key comes in KEYS or ARGV, so a
 * Redis client with `keyPrefix` set must not be used with the stores.
 */
import type Redis from 'ioredis';
import { SipsleuthError, StoreUnavailableError } from '../errors';

export interface LuaScript {
  /** command name, unique per script */
  name: string;
  numberOfKeys: number;
  lua: string;
}

type ScriptCommand = (...keysAndArgs: Array<string | number | Buffer>) => Promise<unknown>;

const defined = new WeakMap<Redis, Set<string>>();

/** Runs a script on this client, defining it on first use. */
export function runScript(
  redis: Redis,
  script: LuaScript,
  keys: string[],
  args: Array<string | number | Buffer>,
): Promise<unknown> {
  let names = defined.get(redis);
  if (!names) {
    names = new Set();
    defined.set(redis, names);
  }
  if (!names.has(script.name)) {
    redis.defineCommand(script.name, { lua: script.lua, numberOfKeys: script.numberOfKeys });
    names.add(script.name);
  }
  const command = (redis as unknown as Record<string, ScriptCommand>)[script.name];
  return command.call(redis, ...keys, ...args);
}

/** Runs Redis work and turns whatever Redis or the client throws into a StoreUnavailableError. */
export async function guard<T>(what: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e) {
    if (e instanceof SipsleuthError) {
      throw e;
    }
    const why = e instanceof Error ? e.message : String(e);
    throw new StoreUnavailableError(`Redis ${what} failed: ${why}`, e);
  }
}

/** The results of an ioredis pipeline, throwing the first error it holds. */
export function pipelineResults(results: Array<[Error | null, unknown]> | null): unknown[] {
  if (results === null) {
    throw new StoreUnavailableError('Redis pipeline was discarded');
  }
  return results.map(([err, value]) => {
    if (err) {
      throw new StoreUnavailableError(`Redis command failed: ${err.message}`, err);
    }
    return value;
  });
}
