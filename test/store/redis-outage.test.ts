import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Redis from 'ioredis';
import { ErrorCode, StoreUnavailableError } from '../../src/errors';
import { OpenCallStore } from '../../src/store/open-calls';
import { RedisCallStore } from '../../src/store/redis-store';
import { redisAnswers } from '../support/redis-probe';
import { makeCall } from './call-fixtures';

/** A throwaway redis-server of this test's own, stopped and started again mid-way. */
const port = 20000 + Math.floor(Math.random() * 20000);
const url = `redis://127.0.0.1:${port}`;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sipsleuth-outage-'));
let server: ChildProcess | null = null;

async function startServer(): Promise<void> {
  server = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir],
    { stdio: 'ignore' },
  );
  for (let i = 0; i < 100; i++) {
    if (await redisAnswers(url, 200)) {
      return;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`redis-server did not start on port ${port}`);
}

async function stopServer(): Promise<void> {
  const s = server;
  server = null;
  if (s && s.exitCode === null) {
    const exited = new Promise((r) => s.once('exit', r));
    s.kill('SIGKILL');
    await exited;
  }
}

async function expectUnavailable(work: Promise<unknown>): Promise<void> {
  const err = await work.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(StoreUnavailableError);
  expect((err as StoreUnavailableError).code).toBe(ErrorCode.StoreUnavailable);
}

let redis: Redis;

beforeAll(async () => {
  await startServer();
  // how the service's clients should be set up: fail a command quickly while Redis is away,
  // keep reconnecting in the background
  redis = new Redis(url, { maxRetriesPerRequest: 1, retryStrategy: () => 100 });
  redis.on('error', () => undefined);
});

afterAll(async () => {
  redis.disconnect();
  await stopServer();
  fs.rmSync(dir, { recursive: true, force: true });
});

it('when Redis stops mid-way, then every store call fails with StoreUnavailableError, and works again once Redis is back', async () => {
  const T0 = Date.UTC(2026, 10, 23, 9);
  const calls = new RedisCallStore(redis, { prefix: 'outage', retentionDays: 14 });
  const open = new OpenCallStore(redis, { prefix: 'outage' });
  const first = makeCall({ id: 'one', callIds: ['one@h'], start: T0 });
  await calls.put(first);
  await open.addRecords([{ format: 'sip', kind: 'sip', where: 'f:1', key: 'k', keyIsSession: false, device: 'd', time: T0, text: 'x' }], T0);

  await stopServer();
  await expectUnavailable(calls.put(makeCall({ id: 'two', callIds: ['two@h'], start: T0 })));
  await expectUnavailable(calls.get('one'));
  await expectUnavailable(calls.find('0101'));
  await expectUnavailable(calls.list({}));
  await expectUnavailable(calls.hourlyCounters('198.51.100.10', T0, T0 + 1));
  await expectUnavailable(calls.prune(T0));
  await expectUnavailable(open.addRecords([{ format: 'sip', kind: 'sip', where: 'f:3', key: 'k', keyIsSession: false, device: 'd', time: T0, text: 'z' }], T0));
  await expectUnavailable(open.loadRecords('k'));
  await expectUnavailable(open.lock('k', 1000));

  // a fresh, empty Redis comes back: the scripts are loaded again on their own
  await startServer();
  await new Promise<void>((resolve) => (redis.status === 'ready' ? resolve() : redis.once('ready', () => resolve())));
  const second = makeCall({ id: 'two', callIds: ['two@h'], start: T0 });
  await calls.put(second);
  expect(await calls.get('two')).toEqual(second);
  expect((await calls.hourlyCounters('198.51.100.10', T0, T0 + 1))[0].counters.calls).toBe(1);
  expect(await open.addRecords([{ format: 'sip', kind: 'sip', where: 'f:2', key: 'k', keyIsSession: false, device: 'd', time: T0, text: 'y' }], T0)).toBe(1);
  expect(await open.lock('k', 1000)).not.toBeNull();
});
