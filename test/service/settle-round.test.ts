import IORedis, { type Redis } from 'ioredis';
import { getFormat } from '../../src/formats/index';
import type { FramedRecord } from '../../src/formats/record';
import { MemoryLogger } from '../../src/log/logger';
import { CallFinalizer } from '../../src/service/call-finalizer';
import { defaultCallPipeline } from '../../src/service/call-pipeline';
import { ServiceMetrics } from '../../src/service/metrics';
import { SettleQueue } from '../../src/service/settle-queue';
import { OpenCallStore } from '../../src/store/open-calls';
import { RedisCallStore } from '../../src/store/redis-store';
import { testPrefix, testRedisUrl } from '../support/redis';
import { callRecords, rsyslogLines, someCalls } from './support/audiocodes-calls';
import { deletePrefix, READER } from './support/service-harness';

/** The framed records of these rsyslog lines, as the tailer hands them on. */
function framed(lines: string[]): FramedRecord[] {
  const module = getFormat('audiocodes');
  if (!module) {
    throw new Error('no audiocodes format');
  }
  const framer = module.createFramer(READER);
  const items = lines.flatMap((line, i) => framer.push(line, { source: 'sbc.log', line: i + 1 })).concat(framer.end());
  return items.flatMap((it) => (it.type === 'record' ? [it.record] : []));
}

describe('a settle round rebuilds its due keys side by side', () => {
  const prefix = testPrefix('settle-round');
  let redis: Redis;
  let open: OpenCallStore;
  let store: RedisCallStore;
  let settle: SettleQueue;
  let finalizer: CallFinalizer;

  beforeAll(() => {
    redis = new IORedis(testRedisUrl(), { maxRetriesPerRequest: null, enableAutoPipelining: true });
    open = new OpenCallStore(redis, { prefix });
    store = new RedisCallStore(redis, { prefix: `${prefix}:calls`, retentionDays: 14 });
    settle = new SettleQueue(redis, prefix);
    finalizer = new CallFinalizer({
      open,
      store,
      redis,
      prefix,
      settle,
      pipeline: defaultCallPipeline(READER),
      metrics: new ServiceMetrics(),
      logger: new MemoryLogger(),
      quietMs: 60_000,
      settleMs: 0,
    });
  });
  afterAll(async () => {
    await deletePrefix(testRedisUrl(), prefix);
    redis.disconnect();
  });

  it('when 40 keys are due and another worker holds one, then 39 calls are stored at once, the held key is queued again and stored once freed', async () => {
    const calls = someCalls(40, Date.UTC(2026, 10, 25, 9, 0, 0), 'fe1d2c');
    const records = framed(rsyslogLines(callRecords(calls)));
    await finalizer.ingest(records, [], 1000);
    const keys = [...new Set(records.map((r) => r.key))];
    expect(keys).toHaveLength(40);
    const held = keys[17];
    const other = await open.lock(held, 10_000);
    expect(other).not.toBeNull();

    const first = await finalizer.settle(2000, 200, 200);
    expect(first).toEqual({ keys: 40, stored: 39 });
    expect((await store.list({ limit: 100 })).length).toBe(39);
    expect(await settle.size()).toBe(1);
    expect(await open.loadRecords(held)).not.toHaveLength(0);
    // no lock of the round is left behind
    for (const k of keys.filter((k) => k !== held)) {
      const t = await open.lock(k, 1000);
      expect(t).not.toBeNull();
      await open.unlock(k, t as string);
    }

    await open.unlock(held, other as string);
    const second = await finalizer.settle(3000, 200, 200);
    expect(second).toEqual({ keys: 1, stored: 1 });
    expect((await store.list({ limit: 100 })).length).toBe(40);
    expect(await settle.size()).toBe(0);
    expect(await open.openCount()).toBe(0);
  });

  it('when the round is smaller than the keys due (parallel 7), then every key is still stored exactly once', async () => {
    const calls = someCalls(20, Date.UTC(2026, 10, 25, 10, 0, 0), 'ab12cd');
    const records = framed(rsyslogLines(callRecords(calls, 50_000)));
    await finalizer.ingest(records, [], 5000);
    const before = (await store.list({ limit: 200 })).length;
    const r = await finalizer.settle(6000, 200, 7);
    expect(r).toEqual({ keys: 20, stored: 20 });
    expect((await store.list({ limit: 200 })).length).toBe(before + 20);
    // the same batch again changes nothing (its keys come due, have no open record, store nothing)
    await finalizer.ingest(records, [], 7000);
    expect(await finalizer.settle(8000, 200, 7)).toEqual({ keys: 20, stored: 0 });
    expect(await open.openCount()).toBe(0);
    expect((await store.list({ limit: 200 })).length).toBe(before + 20);
  });
});

describe('the quiet sweep and a key holding a message cut short', () => {
  const prefix = testPrefix('sweep-partial');
  let redis: Redis;

  beforeAll(() => {
    redis = new IORedis(testRedisUrl(), { maxRetriesPerRequest: null, enableAutoPipelining: true });
  });
  afterAll(async () => {
    await deletePrefix(testRedisUrl(), prefix);
    redis.disconnect();
  });

  it('when a quiet key waits for the rest of a cut message, then the sweeps rebuild it once per quiet period, not on every sweep, and store it after ten', async () => {
    const base = defaultCallPipeline(READER);
    let builds = 0;
    const open = new OpenCallStore(redis, { prefix });
    const store = new RedisCallStore(redis, { prefix: `${prefix}:calls`, retentionDays: 14 });
    const finalizer = new CallFinalizer({
      open,
      store,
      redis,
      prefix,
      settle: new SettleQueue(redis, prefix),
      // the real pipeline, its builds counted
      pipeline: { ...base, build: (items) => (builds++, base.build(items)) },
      metrics: new ServiceMetrics(),
      logger: new MemoryLogger(),
      quietMs: 60_000,
      settleMs: 0,
    });
    const [call] = someCalls(1, Date.UTC(2026, 10, 25, 11, 0, 0), 'c07c07');
    const pieces = callRecords([call], 1000, 200);
    // the second piece of the first message split over two records never arrives
    const cut = pieces.findIndex((p, i) => i > 0 && !p.payload.startsWith('(N '));
    expect(cut).toBeGreaterThan(0);
    const records = framed(rsyslogLines(pieces.filter((_, i) => i !== cut)));
    await finalizer.ingest(records, [], 1000);
    const key = records[0].key;

    let now = 1000 + 60_000 + 1;
    expect(await finalizer.sweep(now)).toEqual({ keys: 1, stored: 0 });
    expect(builds).toBe(1);
    // sweeps every 2 s within the next quiet period leave it alone
    for (let i = 0; i < 10; i++) {
      now += 2000;
      expect(await finalizer.sweep(now)).toEqual({ keys: 0, stored: 0 });
    }
    expect(builds).toBe(1);
    now = 1000 + 2 * 60_000 + 2;
    expect(await finalizer.sweep(now)).toEqual({ keys: 1, stored: 0 });
    expect(builds).toBe(2);
    // past ten quiet periods it is stored as it is
    now = 1000 + 11 * 60_000;
    expect(await finalizer.sweep(now)).toEqual({ keys: 1, stored: 1 });
    expect(await open.loadRecords(key)).toEqual([]);
    expect((await store.find(key)).length).toBe(1);
  });
});
