/**
 * How each part of the service talks to Redis (BullMQ's production advice):
 * - producers (the records queue ingest writes to) fail fast while Redis is away
 *   (`enableOfflineQueue: false`), so the tailer stops reading and the file stays the buffer;
 * - workers and the stores wait and reconnect (`maxRetriesPerRequest: null`);
 * - the health probe fails fast too, so `/healthz` answers 503 instead of hanging.
 * Reconnection is retried every 0.2–2 s for ever.
 */
import type { RedisOptions as QueueConnectionOptions } from 'bullmq';
import IORedis, { type Redis } from 'ioredis';

export function reconnectDelay(times: number): number {
  return Math.min(200 * times, 2000);
}

/** ioredis options for a BullMQ Queue that only adds jobs (ingest). */
export function producerConnectionOptions(url: string): QueueConnectionOptions {
  return { url, enableOfflineQueue: false, maxRetriesPerRequest: 1, retryStrategy: reconnectDelay };
}

/** ioredis options for BullMQ Workers and the scheduler's Queue: wait for Redis to come back. */
export function workerConnectionOptions(url: string): QueueConnectionOptions {
  return { url, maxRetriesPerRequest: null, retryStrategy: reconnectDelay };
}

/**
 * A connection for the stores (calls, open calls, offsets): commands wait while Redis is away.
 * `autoPipelining`: commands issued in the same tick (the settle loop rebuilds many keys at once)
 * go out in one write; each write to a Redis on the same machine costs a system call and usually
 * a context switch, a large part of the workers' CPU time. Not for a connection that blocks
 * (XREAD BLOCK): commands queued behind it would wait.
 */
export function createStoreConnection(url: string, name: string, opts: { autoPipelining?: boolean } = {}): Redis {
  return new IORedis(url, {
    maxRetriesPerRequest: null,
    retryStrategy: reconnectDelay,
    connectionName: name,
    enableAutoPipelining: opts.autoPipelining ?? false,
  });
}

/**
 * A connection for what ingest writes next to its jobs (the records batches,
 * src/store/record-batch.ts): fails at once while Redis is away, as the producer queue does.
 */
export function createProducerConnection(url: string, name: string): Redis {
  return new IORedis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    retryStrategy: reconnectDelay,
    connectionName: name,
  });
}

/** A connection for the health probe and queue counts: commands fail at once while Redis is away. */
export function createProbeConnection(url: string, name: string): Redis {
  return new IORedis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    retryStrategy: reconnectDelay,
    connectionName: name,
  });
}

/**
 * Resolves once the connection is ready, or after `maxMs` (a fail-fast connection refuses
 * commands until then; its users handle that, this only spares them a failure at start).
 */
export async function readyOrAfter(r: Redis, maxMs: number): Promise<void> {
  if (r.status === 'ready') {
    return;
  }
  await new Promise<void>((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      r.off('ready', done);
      resolve();
    };
    const timer = setTimeout(done, maxMs);
    r.once('ready', done);
  });
}

/** Closes a connection politely, or at once when Redis is not there to say goodbye to. */
export async function closeConnection(r: Redis): Promise<void> {
  if (r.status === 'end') {
    return;
  }
  if (r.status !== 'ready') {
    r.disconnect();
    return;
  }
  try {
    await r.quit();
  } catch {
    r.disconnect();
  }
}
