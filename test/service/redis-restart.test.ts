import fs from 'node:fs';
import path from 'node:path';
import IORedis, { type Redis } from 'ioredis';
import { startService, type RunningService } from '../../src/service/service';
import { callRecords, rsyslogLines, someCalls } from './support/audiocodes-calls';
import { offlineReports } from './support/offline';
import {
  FAST,
  READER,
  appendLines,
  newLogger,
  storeOf,
  tempDir,
  testConfig,
  waitForCalls,
} from './support/service-harness';
import { ThrowawayRedis } from './support/throwaway-redis';
import { waitFor } from './support/wait-for';

describe('Redis restarted while a log is being ingested', () => {
  let redis: ThrowawayRedis;
  let service: RunningService;
  let client: Redis;
  const dir = tempDir('restart');
  const file = path.join(dir, 'sbc.log');

  beforeAll(async () => {
    redis = await ThrowawayRedis.create();
    fs.writeFileSync(file, '');
    service = await startService(testConfig({ REDIS_URL: redis.url, SIPSLEUTH_WATCH: file }), 'serve', {
      ...FAST,
      logger: newLogger(),
      prefix: 'restart',
    });
    client = new IORedis(redis.url, { maxRetriesPerRequest: null });
    client.on('error', () => undefined);
  });
  afterAll(async () => {
    await service.stop();
    client.disconnect();
    await redis.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('when Redis goes away mid-file and comes back, then /healthz says 503 meanwhile and no call is lost', async () => {
    const calls = someCalls(30, Date.UTC(2026, 10, 23, 12, 0, 0), 'beef01');
    const lines = rsyslogLines(callRecords(calls, 50_000));
    const base = `http://127.0.0.1:${service.http.port()}`;
    const q = Math.floor(lines.length / 4);

    appendLines(file, lines.slice(0, q));
    await waitFor('the first part to be read', async () => (await service.metrics.value('sipsleuth_records_queued_total')) >= q);

    await redis.stop();
    appendLines(file, lines.slice(q, 3 * q));
    await waitFor('/healthz to say 503', async () => (await fetch(`${base}/healthz`)).status === 503);
    const down = (await (await fetch(`${base}/healthz`)).json()) as { redis: string };
    expect(down.redis).toBe('unreachable');
    // give the tailer time to find the queue away (it keeps the data in the file)
    await new Promise((r) => setTimeout(r, 1000));

    await redis.start();
    appendLines(file, lines.slice(3 * q));
    await waitFor('/healthz to say 200 again', async () => (await fetch(`${base}/healthz`)).status === 200);

    const stored = await waitForCalls(storeOf(client, 'restart'), calls.map((c) => c.sid), 90_000);
    for (const want of offlineReports(lines, READER)) {
      const got = stored.get(want.id)?.report;
      expect([want.id, got?.category, got?.legs.map((l) => l.messages)]).toEqual([
        want.id,
        want.category,
        want.legs.map((l) => l.messages),
      ]);
    }
    expect(await service.metrics.value('sipsleuth_errors_total', { kind: 'queue_unavailable' })).toBeGreaterThan(0);
  }, 150_000);
});
