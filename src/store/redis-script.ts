/**
 * Lua scripts run with EVALSHA, and with EVAL when Redis answers NOSCRIPT (after a restart or a
 * SCRIPT FLUSH; Redis loads the script again with it). Plain commands rather than ioredis
 * `defineCommand`, so they can share a write with other commands (`enableAutoPipelining`).
 * Scripts build no key names of their own from the prefix: every key, or the prefix a script
 * appends a record's key to (the open-call batch script), comes in KEYS or ARGV, so a Redis
 * client with `keyPrefix` set must not be used with the stores.
 */
import { createHash } from 'node:crypto';
import type Redis from 'ioredis';
import { SipsleuthError, StoreUnavailableError } from '../errors';

export interface LuaScript {
  /** command name, unique per script */
  name: string;
  numberOfKeys: number;
  lua: string;
}

const shas = new WeakMap<LuaScript, string>();

function shaOf(script: LuaScript): string {
  let sha = shas.get(script);
  if (sha === undefined) {
    sha = createHash('sha1').update(script.lua).digest('hex');
    shas.set(script, sha);
  }
  return sha;
}

/** Redis's reply when it does not hold the script (its error code, the reply's first word). */
function isNoScript(err: unknown): boolean {
  return err instanceof Error && err.message.startsWith('NOSCRIPT');
}

/** Runs a script on this client (EVALSHA, EVAL when Redis does not have it yet). */
export async function runScript(
  redis: Redis,
  script: LuaScript,
  keys: string[],
  args: Array<string | number | Buffer>,
): Promise<unknown> {
  try {
    return await redis.evalsha(shaOf(script), script.numberOfKeys, ...keys, ...args);
  } catch (err) {
    if (!isNoScript(err)) {
      throw err;
    }
    return redis.eval(script.lua, script.numberOfKeys, ...keys, ...args);
  }
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
