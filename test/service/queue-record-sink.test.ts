import type { Queue } from 'bullmq';
import IORedis, { type Redis } from 'ioredis';
import { QueueUnavailableError } from '../../src/errors';
import type { FramedRecord } from '../../src/formats/record';
import { MemoryLogger } from '../../src/log/logger';
import { ServiceMetrics } from '../../src/service/metrics';
import { QueueRecordSink } from '../../src/service/queue-record-sink';
import { openProducerQueue } from '../../src/service/records-queue';
import { createProducerConnection, readyOrAfter } from '../../src/service/redis-connections';
import { OpenCallStore } from '../../src/store/open-calls';
import { testPrefix, testRedisUrl } from '../support/redis';
import { ThrowawayRedis } from './support/throwaway-redis';

function record(n: number, key = 'b9027c:24:1'): FramedRecord {
  return {
    format: 'audiocodes',
    kind: 'sip',
    where: `/var/log/sbc.log:${n}`,
    key,
    keyIsSession: true,
    device: '10.0.0.1',
    seq: 1000 + n,
    time: 1_700_000_000_000 + n,
    text: `record ${n}`,
    endOffset: n * 100,
  };
}

describe('QueueRecordSink', () => {
  let queue: Queue;
  let batches: Redis;
  const prefix = testPrefix('sink');

  beforeAll(() => {
    queue = openProducerQueue(testRedisUrl(), `${prefix}:bull`);
    queue.on('error', () => undefined);
    batches = new IORedis(testRedisUrl());
  });
  afterAll(async () => {
    await queue.obliterate({ force: true });
    await queue.close();
    const left = await batches.keys(`${prefix}:*`);
    if (left.length > 0) {
      await batches.del(...left);
    }
    await batches.quit();
  });

  it('when the same batch is pushed twice (a tailer restarted before storing its offset), then one job is queued and one batch value written', async () => {
    const metrics = new ServiceMetrics();
    const sink = new QueueRecordSink({ queue, batches, prefix, metrics, logger: new MemoryLogger() });
    const batch = { source: '/var/log/sbc.log', records: [record(1), record(2)], gaps: [], skips: [] };
    await sink.push(batch);
    await sink.push({ ...batch, records: batch.records.map((r) => ({ ...r })) });
    await sink.push({ source: '/var/log/sbc.log', records: [record(3)], gaps: [], skips: [] });
    await sink.push({ source: '/var/log/sbc.log', records: [], gaps: [], skips: [{ where: 'x:1', why: 'junk' }] });
    const counts = await queue.getJobCounts('waiting');
    expect(counts.waiting).toBe(2);
    const jobs = await queue.getJobs(['waiting']);
    // v3: the job points at one batch value holding its records (src/service/job-data.ts)
    const data = jobs.map((j) => j.data as { v: number; batch: string; records: number }).sort((a, b) => a.records - b.records);
    expect(data.map((d) => [d.v, d.records])).toEqual([
      [3, 1],
      [3, 2],
    ]);
    for (const j of jobs) {
      expect((j.data as { batch: string }).batch).toBe(`${prefix}:batch:${j.id}`);
    }
    expect(await batches.keys(`${prefix}:batch:*`)).toHaveLength(2);
    // the batch value holds the records as they were: the store takes them apart inside Redis
    const open = new OpenCallStore(batches, { prefix });
    const stored = await open.addBatch(data[1].batch, 1);
    expect(stored).toEqual({ status: 'stored', added: 2, keys: ['b9027c:24:1'] });
    expect(await open.loadRecords('b9027c:24:1')).toEqual([record(1), record(2)]);
    expect(await metrics.value('sipsleuth_batches_queued_total')).toBe(3);
  });
});

describe('QueueRecordSink with Redis away', () => {
  let redis: ThrowawayRedis;
  let queue: Queue;
  let batches: Redis;
  beforeAll(async () => {
    redis = await ThrowawayRedis.create();
    queue = openProducerQueue(redis.url, 'sink-down:bull');
    queue.on('error', () => undefined);
    await queue.waitUntilReady();
    batches = createProducerConnection(redis.url, 'sink-down-batches');
    batches.on('error', () => undefined);
    await readyOrAfter(batches, 5000);
  });
  afterAll(async () => {
    await queue.close();
    batches.disconnect();
    await redis.destroy();
  });

  it('when Redis stops, then push rejects with QueueUnavailableError; when it is back, push works again', async () => {
    const metrics = new ServiceMetrics();
    const logger = new MemoryLogger();
    const sink = new QueueRecordSink({ queue, batches, prefix: 'sink-down', metrics, logger, timeoutMs: 5000 });
    await sink.push({ source: 's', records: [record(1)], gaps: [], skips: [] });
    await redis.stop();
    await expect(sink.push({ source: 's', records: [record(2)], gaps: [], skips: [] })).rejects.toBeInstanceOf(
      QueueUnavailableError,
    );
    expect(await metrics.value('sipsleuth_errors_total', { kind: 'queue_unavailable' })).toBe(1);
    expect(logger.lines.some((l) => l.level === 'warn')).toBe(true);
    await redis.start();
    let ok = false;
    for (let i = 0; i < 100 && !ok; i++) {
      try {
        await sink.push({ source: 's', records: [record(2)], gaps: [], skips: [] });
        ok = true;
      } catch (err) {
        expect(err).toBeInstanceOf(QueueUnavailableError);
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    expect(ok).toBe(true);
    expect(await queue.getJobCounts('waiting')).toEqual({ waiting: 2 });
  });
});
