import path from 'node:path';
import fs from 'node:fs';
import IORedis, { type Redis } from 'ioredis';
import { Queue } from 'bullmq';
import { RECORDS_QUEUE, servicePrefixes } from '../../src/service/queue-names';
import { startService, type RunningService } from '../../src/service/service';
import { testPrefix, testRedisUrl } from '../support/redis';
import { callRecords, rsyslogLines, someCalls, type CallSpec } from './support/audiocodes-calls';
import { offlineReports } from './support/offline';
import {
  FAST,
  READER,
  appendLines,
  deletePrefix,
  newLogger,
  storeOf,
  tempDir,
  testConfig,
  waitForCalls,
} from './support/service-harness';
import { waitFor } from './support/wait-for';

describe('sipsleuth serve (tailer → queue → worker → store) on a real Redis', () => {
  const prefix = testPrefix('serve');
  const dir = tempDir('serve');
  const file = path.join(dir, 'sbc.log');
  let service: RunningService;
  let redis: Redis;
  const logger = newLogger();

  beforeAll(async () => {
    redis = new IORedis(testRedisUrl());
    fs.writeFileSync(file, '');
    service = await startService(testConfig({ REDIS_URL: testRedisUrl(), SIPSLEUTH_WATCH: dir }), 'serve', {
      ...FAST,
      logger,
      prefix,
    });
  });
  afterAll(async () => {
    await service.stop();
    await deletePrefix(testRedisUrl(), prefix);
    redis.disconnect();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('when a log is appended to a watched file, then every call appears in the store with the verdict the CLI gives', async () => {
    const calls = someCalls(12, Date.UTC(2026, 10, 23, 9, 0, 0), 'c0ffee');
    const lines = rsyslogLines(callRecords(calls));
    // appended in three pieces, as a log grows
    const third = Math.floor(lines.length / 3);
    appendLines(file, lines.slice(0, third));
    await new Promise((r) => setTimeout(r, 300));
    appendLines(file, lines.slice(third, 2 * third));
    appendLines(file, lines.slice(2 * third));

    const store = storeOf(redis, prefix);
    const stored = await waitForCalls(store, calls.map((c) => c.sid));
    const offline = offlineReports(lines, READER);
    expect(offline).toHaveLength(calls.length);
    for (const want of offline) {
      const got = stored.get(want.id)?.report;
      expect(got).toBeDefined();
      expect({ id: got?.id, outcome: got?.outcome, category: got?.category, owner: got?.owner, final: got?.finalStatus })
        .toEqual({ id: want.id, outcome: want.outcome, category: want.category, owner: want.owner, final: want.finalStatus });
      expect(got?.legs.map((l) => [l.callId, l.messages])).toEqual(want.legs.map((l) => [l.callId, l.messages]));
    }
    expect(await store.listSbcs()).toEqual([offline[0].sbc]);
    // stored because they were complete, not because they went quiet
    expect(await service.metrics.value('sipsleuth_calls_stored_total', { finish: 'complete' })).toBeGreaterThanOrEqual(12);
    expect(await service.metrics.value('sipsleuth_calls_stored_total', { finish: 'quiet' })).toBe(0);
  });

  it('when the last messages of a call never come, then it is stored as it is after the quiet time', async () => {
    const spec: CallSpec = {
      sid: 'c0ffee:99:424242',
      scenario: 'answered',
      start: Date.UTC(2026, 10, 23, 10, 0, 0),
      teamsNumber: '+493055599999',
      pstnNumber: '+494077788888',
    };
    const lines = rsyslogLines(callRecords([spec], 5000));
    appendLines(file, lines.slice(0, 6));
    const store = storeOf(redis, prefix);
    const stored = await waitForCalls(store, [spec.sid], 60_000, () => true);
    expect(stored.get(spec.sid)?.report.outcome).toBe('in-progress');
  });

  it('then /healthz answers 200 with the queue counts, and /metrics counts records, calls and bytes', async () => {
    const base = `http://127.0.0.1:${service.http.port()}`;
    const h = await fetch(`${base}/healthz`);
    expect(h.status).toBe(200);
    const body = (await h.json()) as { redis: string; queues: { records: { waiting: number } }; lagSec: number };
    expect(body.redis).toBe('ok');
    expect(typeof body.queues.records.waiting).toBe('number');
    expect(typeof body.lagSec).toBe('number');
    const m = await (await fetch(`${base}/metrics`)).text();
    const value = (name: string): number =>
      m
        .split('\n')
        .filter((l) => l.startsWith(name) && !l.startsWith('#'))
        .reduce((s, l) => s + Number(l.slice(l.lastIndexOf(' ') + 1)), 0);
    expect(value('sipsleuth_records_queued_total')).toBeGreaterThan(12);
    expect(value('sipsleuth_calls_stored_total')).toBeGreaterThanOrEqual(13);
    expect(value('sipsleuth_ingest_bytes_total')).toBe(fs.statSync(file).size);
    expect(m).toContain('# HELP sipsleuth_queue_lag_seconds');
  });

  it('when a job carries data that is not a batch, then it fails once without retries and is counted', async () => {
    const q = new Queue(RECORDS_QUEUE, { connection: { url: testRedisUrl() }, prefix: servicePrefixes(prefix).queue });
    try {
      const job = await q.add('records', { v: 1, source: 'x', records: [{ nonsense: true }] }, { attempts: 5, jobId: 'bad-1' });
      // read the job after it is failed: a job read before could hold the fields of its active state
      const failed = await waitFor('the bad job to fail', async () =>
        (await q.getJobState(job.id as string)) === 'failed' ? ((await q.getJob(job.id as string)) ?? null) : null,
      );
      expect(failed.attemptsMade).toBe(1);
      expect(failed.failedReason).toContain('sipsleuth_bad_job');
      expect(await service.metrics.value('sipsleuth_errors_total', { kind: 'bad_job' })).toBe(1);
    } finally {
      await q.close();
    }
  });
});
