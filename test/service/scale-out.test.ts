import dgram from 'node:dgram';
import IORedis, { type Redis } from 'ioredis';
import { Queue } from 'bullmq';
import { RECORDS_QUEUE, servicePrefixes } from '../../src/service/queue-names';
import { startService, type RunningService } from '../../src/service/service';
import type { RedisCallStore } from '../../src/store/redis-store';
import { testPrefix, testRedisUrl } from '../support/redis';
import { callRecords, datagrams, someCalls } from './support/audiocodes-calls';
import { offlineReports } from './support/offline';
import { FAST, READER, deletePrefix, newLogger, storeOf, testConfig, waitForCalls } from './support/service-harness';
import { waitFor } from './support/wait-for';

async function sendDatagrams(port: number, messages: string[]): Promise<void> {
  const sock = dgram.createSocket('udp4');
  try {
    for (let i = 0; i < messages.length; i++) {
      await new Promise<void>((resolve, reject) =>
        sock.send(Buffer.from(messages[i]), port, '127.0.0.1', (err) => (err ? reject(err) : resolve())),
      );
      if (i % 50 === 49) {
        await new Promise((r) => setTimeout(r, 5));
      }
    }
  } finally {
    sock.close();
  }
}

async function countersOf(store: RedisCallStore, sbc: string): Promise<number> {
  const rows = await store.hourlyCounters(sbc, Date.UTC(2026, 10, 23, 0), Date.UTC(2026, 10, 24, 0));
  return rows.reduce((n, r) => n + r.counters.calls, 0);
}

describe('ingest and two workers as separate parts (UDP syslog → queue → 2 workers → store)', () => {
  const prefix = testPrefix('scale');
  const url = testRedisUrl();
  const services: RunningService[] = [];
  let ingest: RunningService;
  let redis: Redis;

  beforeAll(async () => {
    redis = new IORedis(url);
    for (let i = 0; i < 2; i++) {
      services.push(await startService(testConfig({ REDIS_URL: url }), 'worker', { ...FAST, logger: newLogger(), prefix }));
    }
    ingest = await startService(testConfig({ REDIS_URL: url, SIPSLEUTH_SYSLOG_UDP_PORT: '5514' }), 'ingest', {
      ...FAST,
      listener: { ...FAST.listener, udpPort: 0, host: '127.0.0.1', batchRecords: 40 },
      logger: newLogger(),
      prefix,
    });
    services.push(ingest);
  });
  afterAll(async () => {
    for (const s of services.reverse()) {
      await s.stop();
    }
    await deletePrefix(url, prefix);
    redis.disconnect();
  });

  it('when an SBC sends its records over UDP, then both workers share the batches and every call is stored once, as the CLI reads it', async () => {
    const calls = someCalls(40, Date.UTC(2026, 10, 23, 11, 0, 0), 'dead01');
    const recs = callRecords(calls, 20_000);
    const port = ingest.listener?.address().udp?.port;
    expect(port).toBeGreaterThan(0);
    await sendDatagrams(port as number, datagrams(recs));

    const store = storeOf(redis, prefix);
    const stored = await waitForCalls(store, calls.map((c) => c.sid));
    const offline = offlineReports(datagrams(recs), READER);
    for (const want of offline) {
      const got = stored.get(want.id)?.report;
      expect([want.id, got?.category, got?.owner, got?.legs.map((l) => l.messages)]).toEqual([
        want.id,
        want.category,
        want.owner,
        want.legs.map((l) => l.messages),
      ]);
    }
    const jobsPerWorker = await Promise.all(
      services.slice(0, 2).map((s) => s.metrics.value('sipsleuth_jobs_total', { name: 'records', result: 'completed' })),
    );
    expect(jobsPerWorker.every((n) => n > 0)).toBe(true);
    // the SBC is known by the datagrams' sender address
    expect(await store.listSbcs()).toEqual(['127.0.0.1']);
    expect(await countersOf(store, '127.0.0.1')).toBe(calls.length);
  });

  it('when every batch is delivered a second time, then nothing changes: same calls, same counters', async () => {
    const store = storeOf(redis, prefix);
    const sbc = (await store.listSbcs())[0];
    const before = await store.list({ limit: 1000 });
    const countBefore = await countersOf(store, sbc);
    const q = new Queue(RECORDS_QUEUE, { connection: { url }, prefix: servicePrefixes(prefix).queue });
    try {
      const done = await q.getJobs(['completed'], 0, -1);
      const batches = done.filter((j) => j.name === 'records');
      expect(batches.length).toBeGreaterThan(1);
      await q.addBulk(batches.map((j, i) => ({ name: 'records', data: j.data, opts: { jobId: `again-${i}` } })));
      await waitFor('the repeated batches to be processed', async () => {
        const states = await Promise.all(batches.map((_, i) => q.getJobState(`again-${i}`)));
        return states.every((s) => s === 'completed');
      });
    } finally {
      await q.close();
    }
    const after = await store.list({ limit: 1000 });
    expect(after).toEqual(before);
    expect(await countersOf(store, sbc)).toBe(countBefore);
  });
});
