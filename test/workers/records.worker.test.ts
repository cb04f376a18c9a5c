import { Queue, Worker, type Job } from 'bullmq';
import IORedis, { type Redis } from 'ioredis';
import type { FramedRecord } from '../../src/formats/record';
import { MemoryLogger } from '../../src/log/logger';
import type { RecordsJobData, RecordsJobV2Data } from '../../src/service/job-data';
import { CallFinalizer } from '../../src/service/call-finalizer';
import { defaultCallPipeline } from '../../src/service/call-pipeline';
import { ServiceMetrics } from '../../src/service/metrics';
import { JOB_RECORDS, RECORDS_QUEUE } from '../../src/service/queue-names';
import { SettleQueue } from '../../src/service/settle-queue';
import { encodeRecords, OpenCallStore } from '../../src/store/open-calls';
import { encodeRecordBatch, putRecordBatch, recordBatchKey } from '../../src/store/record-batch';
import { RedisCallStore } from '../../src/store/redis-store';
import { createRecordsProcessor } from '../../workers/records.worker';
import { testPrefix, testRedisUrl } from '../support/redis';
import { deletePrefix } from '../service/support/service-harness';
import { waitFor } from '../service/support/wait-for';

describe('the records processor under a real BullMQ worker', () => {
  const prefix = testPrefix('proc');
  let redis: Redis;
  let queue: Queue;
  let worker: Worker;
  const metrics = new ServiceMetrics();
  const logger = new MemoryLogger();

  beforeAll(async () => {
    redis = new IORedis(testRedisUrl(), { maxRetriesPerRequest: null });
    const finalizer = new CallFinalizer({
      open: new OpenCallStore(redis, { prefix }),
      store: new RedisCallStore(redis, { prefix: `${prefix}:calls`, retentionDays: 14 }),
      redis,
      prefix,
      settle: new SettleQueue(redis, prefix),
      pipeline: defaultCallPipeline({ tz: 'UTC', year: 2026, maxLineBytes: 1 << 20 }),
      metrics,
      logger,
      quietMs: 60_000,
    });
    const connection = { url: testRedisUrl(), maxRetriesPerRequest: null };
    queue = new Queue(RECORDS_QUEUE, { connection, prefix: `${prefix}:bull` });
    worker = new Worker(RECORDS_QUEUE, createRecordsProcessor({ finalizer, metrics, logger }), {
      connection,
      prefix: `${prefix}:bull`,
    });
  });
  afterAll(async () => {
    await worker.close();
    await queue.close();
    await deletePrefix(testRedisUrl(), prefix);
    redis.disconnect();
  });

  async function settled(job: Job): Promise<'completed' | 'failed'> {
    return waitFor(`job ${job.id} to finish`, async () => {
      const state = await queue.getJobState(job.id as string);
      return state === 'completed' || state === 'failed' ? state : null;
    });
  }

  it('when a records job of the older format (v1, whole records) arrives, then its records are stored under their keys and the keys wait to settle', async () => {
    const record = {
      format: 'audiocodes',
      kind: 'sip',
      where: 'f:1',
      key: 'aa:1:1',
      keyIsSession: true,
      device: '10.0.0.1',
      seq: 1,
      time: 1,
      text: '(N 1) hello',
    };
    const job = await queue.add(JOB_RECORDS, { v: 1, source: 'f', records: [record], gaps: [], queuedAt: 1 });
    expect(await settled(job)).toBe('completed');
    const done = await queue.getJob(job.id as string);
    expect(done?.returnvalue).toEqual({ records: 1, keys: 1, stored: 0 });
    expect(await new OpenCallStore(redis, { prefix }).loadRecords('aa:1:1')).toHaveLength(1);
    expect(await new SettleQueue(redis, prefix).size()).toBe(1);
  });

  it('when a records job of the older format (v2, records encoded by ingest in the job) arrives, then its records are stored', async () => {
    const record: FramedRecord = {
      format: 'audiocodes',
      kind: 'sip',
      where: 'f:7',
      key: 'bb:2:2',
      keyIsSession: true,
      device: '10.0.0.1',
      seq: 7,
      time: 7,
      text: '(N 7) hello',
    };
    const data: RecordsJobV2Data = { v: 2, source: 'f', recs: encodeRecords([record, record]), gaps: [], queuedAt: 1 };
    const job = await queue.add(JOB_RECORDS, data);
    expect(await settled(job)).toBe('completed');
    const done = await queue.getJob(job.id as string);
    expect(done?.returnvalue).toEqual({ records: 2, keys: 1, stored: 0 });
    expect(await new OpenCallStore(redis, { prefix }).loadRecords('bb:2:2')).toEqual([record]);
  });

  it('when a records job of the current format (v3, a batch value written by ingest) arrives, then its records are stored, and the same batch again changes nothing', async () => {
    const rec = (seq: number, key: string): FramedRecord => ({
      format: 'audiocodes',
      kind: 'sip',
      where: `f:${seq}`,
      key,
      keyIsSession: true,
      device: '10.0.0.1',
      seq,
      time: seq,
      text: `(N ${seq}) héllo\r\nwith a line break`,
    });
    const records = [rec(21, 'cc:3:3'), rec(22, 'dd:4:4'), rec(23, 'cc:3:3'), rec(21, 'cc:3:3')];
    const batch = recordBatchKey(prefix, 'b-v3-test');
    await putRecordBatch(redis, batch, encodeRecordBatch(encodeRecords(records)));
    const data: RecordsJobData = { v: 3, source: 'f', batch, records: records.length, gaps: [], queuedAt: 1 };
    const job = await queue.add(JOB_RECORDS, data);
    expect(await settled(job)).toBe('completed');
    expect((await queue.getJob(job.id as string))?.returnvalue).toEqual({ records: 4, keys: 2, stored: 0 });
    const open = new OpenCallStore(redis, { prefix });
    expect(await open.loadRecords('cc:3:3')).toEqual([records[0], records[2]]);
    expect(await open.loadRecords('dd:4:4')).toEqual([records[1]]);
    const processed = await metrics.value('sipsleuth_records_processed_total');
    // the same job again (a retry after the worker died past the store step): nothing stored twice,
    // its keys are queued to settle again
    await redis.zrem(`${prefix}:settle`, 'cc:3:3', 'dd:4:4');
    const again = await queue.add(JOB_RECORDS, data);
    expect(await settled(again)).toBe('completed');
    expect((await queue.getJob(again.id as string))?.returnvalue).toEqual({ records: 4, keys: 2, stored: 0 });
    expect(await open.loadRecords('cc:3:3')).toHaveLength(2);
    expect(await metrics.value('sipsleuth_records_processed_total')).toBe(processed);
    expect(await redis.zscore(`${prefix}:settle`, 'dd:4:4')).not.toBeNull();
  });

  it('when a v3 job holds only sequence gaps (no batch), then the gaps are stored', async () => {
    const gap = { device: '10.0.0.9', from: 40, to: 44, where: 'udp:7' };
    const data: RecordsJobData = { v: 3, source: 'udp', records: 0, gaps: [gap], queuedAt: 1 };
    const job = await queue.add(JOB_RECORDS, data);
    expect(await settled(job)).toBe('completed');
    expect((await queue.getJob(job.id as string))?.returnvalue).toEqual({ records: 0, keys: 0, stored: 0 });
    expect(await new OpenCallStore(redis, { prefix }).gapsBetween('10.0.0.9', 42, 50)).toEqual([gap]);
  });

  it('when a v3 job points at no batch, at a value that is not a batch, or outside the installation, then it fails at once, unrecoverable', async () => {
    const before = await metrics.value('sipsleuth_errors_total', { kind: 'bad_job' });
    const notBatch = recordBatchKey(prefix, 'b-not-a-batch');
    await redis.set(notBatch, 'SB1\n3 2 5\nabc');
    const jobs = [
      { v: 3, source: 'f', batch: recordBatchKey(prefix, 'b-never-written'), records: 1, gaps: [], queuedAt: 1 },
      { v: 3, source: 'f', batch: notBatch, records: 1, gaps: [], queuedAt: 1 },
      { v: 3, source: 'f', batch: `${prefix}:calls:something`, records: 1, gaps: [], queuedAt: 1 },
      { v: 3, source: 'f', records: 2, gaps: [], queuedAt: 1 },
    ];
    const added = await Promise.all(jobs.map(async (d) => queue.add(JOB_RECORDS, d, { attempts: 3 })));
    for (const j of added) {
      expect(await settled(j)).toBe('failed');
      const f = await queue.getJob(j.id as string);
      expect(f?.attemptsMade).toBe(1);
      expect(f?.failedReason).toMatch(/^\[sipsleuth_bad_job\]/);
    }
    expect((await queue.getJob(added[0].id as string))?.failedReason).toMatch(/not in Redis/);
    expect((await queue.getJob(added[1].id as string))?.failedReason).toMatch(/not a records batch/);
    expect(await metrics.value('sipsleuth_errors_total', { kind: 'bad_job' })).toBe(before + jobs.length);
  });

  it('when a job has an unknown name or data that is not a batch, then it fails at once, unrecoverable', async () => {
    const before = await metrics.value('sipsleuth_errors_total', { kind: 'bad_job' });
    const a = await queue.add('what', { v: 1 }, { attempts: 3 });
    const b = await queue.add(JOB_RECORDS, { v: 2, records: 'no' }, { attempts: 3 });
    const c = await queue.add(JOB_RECORDS, { v: 2, source: 'f', recs: ['k', 'id'], gaps: [], queuedAt: 1 }, { attempts: 3 });
    const d = await queue.add(JOB_RECORDS, { v: 2, source: 'f', recs: ['k', 'id', 'not json', 'text'], gaps: [], queuedAt: 1 }, { attempts: 3 });
    const e = await queue.add(JOB_RECORDS, { v: 4, source: 'f', recs: [], gaps: [], queuedAt: 1 }, { attempts: 3 });
    for (const j of [a, b, c, d, e]) {
      expect(await settled(j)).toBe('failed');
    }
    for (const j of [a, b, c, d, e]) {
      const f = await queue.getJob(j.id as string);
      expect(f?.attemptsMade).toBe(1);
      expect(f?.failedReason).toMatch(/^\[sipsleuth_bad_job\]/);
    }
    expect(await metrics.value('sipsleuth_errors_total', { kind: 'bad_job' })).toBe(before + 5);
  });
});
