import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import IORedis, { type Redis } from 'ioredis';
import { loadConfig, type Config } from '../../../src/config';
import { MemoryLogger } from '../../../src/log/logger';
import { servicePrefixes } from '../../../src/service/queue-names';
import { RedisCallStore } from '../../../src/store/redis-store';
import type { StoredCall } from '../../../src/store/call-store';
import type { CallReport } from '../../../src/diagnosis/verdict';
import { createRecordsProcessor } from '../../../workers/records.worker';
import { waitFor } from './wait-for';

export const READER = { tz: 'UTC', year: 2026, maxLineBytes: 1 << 20 };

/** A configuration as the environment would give it. */
export function testConfig(env: Record<string, string>): Config {
  return loadConfig({ SIPSLEUTH_YEAR: '2026', SIPSLEUTH_CALL_QUIET_SEC: '5', SIPSLEUTH_LOG_LEVEL: 'silent', ...env });
}

/** Short intervals so the tests do not wait on the defaults; the real records processor. */
export const FAST = {
  recordsProcessor: createRecordsProcessor,
  tailer: { pollMs: 100, rescanMs: 500, batchWaitMs: 50, idleFlushMs: 300 },
  listener: { batchWaitMs: 50, idleFlushMs: 300 },
  sweepEveryMs: 500,
  httpPort: 0,
  httpHost: '127.0.0.1',
};

export function tempDir(name: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `sipsleuth-${name}-`));
}

export function newLogger(): MemoryLogger {
  return new MemoryLogger();
}

/** Deletes every key under the prefix. */
export async function deletePrefix(url: string, prefix: string): Promise<void> {
  const r = new IORedis(url);
  try {
    let cursor = '0';
    do {
      const [next, keys] = await r.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) {
        await r.del(...keys);
      }
    } while (cursor !== '0');
  } finally {
    r.disconnect();
  }
}

/** The store the service writes to, read from the test. */
export function storeOf(redis: Redis, prefix: string): RedisCallStore {
  return new RedisCallStore(redis, { prefix: servicePrefixes(prefix).store, retentionDays: 14 });
}

/** Waits until every id is stored (and complete enough: the expected number of legs), returns them. */
export async function waitForCalls(
  store: RedisCallStore,
  ids: string[],
  timeoutMs = 60_000,
  ready: (s: StoredCall) => boolean = (s) => s.call.legs.length === 2 && s.report.outcome !== 'in-progress',
): Promise<Map<string, StoredCall>> {
  const found = new Map<string, StoredCall>();
  await waitFor(
    `${ids.length} calls in the store`,
    async () => {
      for (const id of ids) {
        if (!found.has(id)) {
          const s = await store.get(id);
          if (s && ready(s)) {
            found.set(id, s);
          }
        }
      }
      return found.size === ids.length;
    },
    timeoutMs,
    200,
  );
  return found;
}

export function appendLines(file: string, lines: string[]): void {
  fs.appendFileSync(file, lines.map((l) => `${l}\n`).join(''));
}

/** Calls whose stored verdict or message counts differ from the offline reading, described (empty: none). */
export async function differencesFromOffline(store: RedisCallStore, offline: CallReport[]): Promise<string[]> {
  const diff: string[] = [];
  for (const want of offline) {
    const s = await store.get(want.id);
    const w = JSON.stringify([want.category, want.owner, want.legs.map((l) => [l.callId, l.messages])]);
    const g = s ? JSON.stringify([s.report.category, s.report.owner, s.report.legs.map((l) => [l.callId, l.messages])]) : 'missing';
    if (g !== w) {
      const flow = s?.call.legs.map((l) => l.messages.map((m) => m.raw.slice(0, m.raw.indexOf('\r\n'))).join(' / ')).join(' || ');
      diff.push(`${want.id}: want ${w}, got ${g}${flow ? `: ${flow}` : ''}`);
    }
  }
  return diff;
}
