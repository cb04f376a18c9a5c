import type { Queue } from 'bullmq';
import { QueueUnavailableError } from '../../src/errors';
import type { FramedRecord } from '../../src/formats/record';
import { MemoryLogger } from '../../src/log/logger';
import { ServiceMetrics } from '../../src/service/metrics';
import { QueueRecordSink } from '../../src/service/queue-record-sink';
import { openProducerQueue } from '../../src/service/records-queue';
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
  const prefix = testPrefix('sink');

  beforeAll(() => {
    queue = openProducerQueue(testRedisUrl(), prefix);
    queue.on('error', () => undefined);
  });
  afterAll(async () => {
    await queue.obliterate({ force: true });
    await queue.close();
  });

  it('when the same batch is pushed twice (a tailer restarted before storing its offset), then one job is queued', async () => {
    const metrics = new ServiceMetrics();
    const sink = new QueueRecordSink({ queue, metrics, logger: new MemoryLogger() });
    const batch = { source: '/var/log/sbc.log', records: [record(1), record(2)], gaps: [], skips: [] };
    await sink.push(batch);
    await sink.push({ ...batch, records: batch.records.map((r) => ({ ...r })) });
    await sink.push({ source: '/var/log/sbc.log', records: [record(3)], gaps: [], skips: [] });
    await sink.push({ source: '/var/log/sbc.log', records: [], gaps: [], skips: [{ where: 'x:1', why: 'junk' }] });
    const counts = await queue.getJobCounts('waiting');
    expect(counts.waiting).toBe(2);
    const jobs = await queue.getJobs(['waiting']);
    // v2: per record its key, id, the JSON of its other fields and its text (src/service/job-data.ts)
    const sizes = jobs.map((j) => (j.data as { v: number; recs: string[] }).recs.length / 4).sort();
    expect(sizes).toEqual([1, 2]);
    expect(jobs.every((j) => (j.data as { v: number }).v === 2)).toBe(true);
    const one = jobs.find((j) => (j.data as { recs: string[] }).recs.length === 4);
    const [key, id, meta, text] = (one?.data as { recs: string[] }).recs;
    expect(key).toBe('b9027c:24:1');
    expect(id).toMatch(/^10\.0\.0\.1#1003#/);
    expect({ ...JSON.parse(meta), text }).toEqual(record(3));
    expect(await metrics.value('sipsleuth_batches_queued_total')).toBe(3);
  });
});

describe('QueueRecordSink with Redis away', () => {
  let redis: ThrowawayRedis;
  let queue: Queue;
  beforeAll(async () => {
    redis = await ThrowawayRedis.create();
    queue = openProducerQueue(redis.url, 'sink-down');
    queue.on('error', () => undefined);
    await queue.waitUntilReady();
  });
  afterAll(async () => {
    await queue.close();
    await redis.destroy();
  });

  it('when Redis stops, then push rejects with QueueUnavailableError; when it is back, push works again', async () => {
    const metrics = new ServiceMetrics();
    const logger = new MemoryLogger();
    const sink = new QueueRecordSink({ queue, metrics, logger, timeoutMs: 5000 });
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
