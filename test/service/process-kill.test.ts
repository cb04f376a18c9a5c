import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import IORedis, { type Redis } from 'ioredis';
import { testPrefix, testRedisUrl } from '../support/redis';
import { callRecords, rsyslogLines, someCalls } from './support/audiocodes-calls';
import { offlineReports } from './support/offline';
import {
  READER,
  appendLines,
  deletePrefix,
  differencesFromOffline,
  storeOf,
  tempDir,
  waitForCalls,
} from './support/service-harness';
import { freePort } from './support/throwaway-redis';
import { waitFor } from './support/wait-for';

const ROOT = path.resolve(__dirname, '../..');

interface Child {
  proc: ChildProcess;
  port: number;
  exited: Promise<number | null>;
  stderr: string[];
}

async function startChild(mode: 'ingest' | 'worker', env: Record<string, string>): Promise<Child> {
  const port = await freePort();
  const proc = spawn(
    process.execPath,
    ['-r', path.join(__dirname, 'support/swc-register.cjs'), path.join(__dirname, 'support/service-child.ts'), mode],
    {
      cwd: ROOT,
      env: { ...process.env, ...env, SIPSLEUTH_HTTP_PORT: String(port), SIPSLEUTH_LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  const stderr: string[] = [];
  proc.stderr?.on('data', (d: Buffer) => stderr.push(d.toString()));
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
  await waitFor(`${mode} process to answer /healthz`, async () => {
    if (proc.exitCode !== null) {
      throw new Error(`${mode} exited: ${stderr.join('')}`);
    }
    return (await fetch(`http://127.0.0.1:${port}/healthz`)).status === 200;
  }, 60_000, 100);
  return { proc, port, exited, stderr };
}

describe('ingest and worker processes killed and restarted in the middle of a file', () => {
  const prefix = testPrefix('kill');
  const url = testRedisUrl();
  const dir = tempDir('kill');
  const file = path.join(dir, 'sbc.log');
  const children: Child[] = [];
  let redis: Redis;

  beforeAll(() => {
    redis = new IORedis(url);
    fs.writeFileSync(file, '');
  });
  afterAll(async () => {
    for (const c of children) {
      if (c.proc.exitCode === null) {
        c.proc.kill('SIGKILL');
        await c.exited;
      }
    }
    await deletePrefix(url, prefix);
    redis.disconnect();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('when both are SIGKILLed mid-file and started again, then every call is stored once with every message; SIGTERM then stops them cleanly', async () => {
    const env = {
      REDIS_URL: url,
      SIPSLEUTH_WATCH: file,
      SIPSLEUTH_YEAR: '2026',
      SIPSLEUTH_CALL_QUIET_SEC: '5',
      SIPSLEUTH_TEST_PREFIX: prefix,
    };
    const calls = someCalls(60, Date.UTC(2026, 10, 23, 13, 0, 0), 'feed01');
    const lines = rsyslogLines(callRecords(calls, 80_000));
    const chunk = 20;
    let next = 0;
    const appendSome = async (until: number): Promise<void> => {
      for (; next < until; next += chunk) {
        appendLines(file, lines.slice(next, Math.min(next + chunk, until)));
        await new Promise((r) => setTimeout(r, 10));
      }
      next = until;
    };

    const worker1 = await startChild('worker', env);
    const ingest1 = await startChild('ingest', env);
    children.push(worker1, ingest1);
    const third = Math.floor(lines.length / 3);
    await appendSome(third);
    const store = storeOf(redis, prefix);
    await waitFor('some calls stored', async () => (await store.list({ limit: 1 })).length > 0);

    ingest1.proc.kill('SIGKILL');
    worker1.proc.kill('SIGKILL');
    await Promise.all([ingest1.exited, worker1.exited]);
    await appendSome(2 * third);

    const worker2 = await startChild('worker', env);
    const ingest2 = await startChild('ingest', env);
    children.push(worker2, ingest2);
    await appendSome(lines.length);

    const stored = await waitForCalls(store, calls.map((c) => c.sid), 120_000);
    expect(stored.size).toBe(calls.length);
    expect(await differencesFromOffline(store, offlineReports(lines, READER))).toEqual([]);
    const sbcs = await store.listSbcs();
    expect(sbcs).toHaveLength(1);
    const counted = await store.hourlyCounters(sbcs[0], Date.UTC(2026, 10, 23, 0), Date.UTC(2026, 10, 24, 0));
    expect(counted.reduce((n, r) => n + r.counters.calls, 0)).toBe(calls.length);

    ingest2.proc.kill('SIGTERM');
    worker2.proc.kill('SIGTERM');
    expect(await ingest2.exited).toBe(0);
    expect(await worker2.exited).toBe(0);
  }, 240_000);
});
