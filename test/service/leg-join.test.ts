import fs from 'node:fs';
import path from 'node:path';
import IORedis, { type Redis } from 'ioredis';
import { Queue } from 'bullmq';
import { Analyzer, type AnalyzedCall } from '../../src/analyze/analyzer';
import { createLogReader, getFormat } from '../../src/formats/index';
import type { FormatName } from '../../src/formats/record';
import type { CallReport } from '../../src/diagnosis/verdict';
import { RECORDS_QUEUE, servicePrefixes } from '../../src/service/queue-names';
import { startService, type RunningService } from '../../src/service/service';
import type { RedisCallStore } from '../../src/store/redis-store';
import { testPrefix, testRedisUrl } from '../support/redis';
import { FAST, READER, appendLines, differencesFromOffline, deletePrefix, newLogger, storeOf, tempDir, testConfig } from './support/service-harness';
import { waitFor } from './support/wait-for';

const FIXTURES = path.join(__dirname, '..', 'fixtures');
const ORACLE = fs.readFileSync(path.join(FIXTURES, 'oracle', 'joined-calls.sipmsg.log'), 'utf8');
const PLAIN = fs.readFileSync(path.join(FIXTURES, 'sip', 'teams-call-and-busy.sip.txt'), 'utf8');
const DASHES = '----------------------------------------';
const DAY = 86_400_000;

/** What `analyze` makes of these lines: the reference for the service. */
function offline(lines: string[], format: FormatName): CallReport[] {
  const module = getFormat(format);
  if (!module) {
    throw new Error(`no ${format} format`);
  }
  const out: AnalyzedCall[] = [];
  const analyzer = new Analyzer({ onCall: (c) => out.push(c) });
  const r = createLogReader(module, READER);
  lines.forEach((line, i) => analyzer.add(r.push(line, { source: 'offline', line: i + 1 })));
  analyzer.add(r.end());
  analyzer.end();
  return out.map((c) => c.report);
}

/** The Oracle log's records (each ends with the dash line), without the `File opened.` line. */
function oracleRecords(text: string): string[][] {
  const out: string[][] = [];
  let cur: string[] = [];
  for (const line of text.split('\n')) {
    if (cur.length === 0 && !/ On /.test(line)) {
      continue;
    }
    cur.push(line);
    if (line === DASHES) {
      out.push(cur);
      cur = [];
    }
  }
  return out;
}

function callIdOf(record: string[]): string {
  const line = record.find((l) => /^call-id:/i.test(l)) ?? '';
  return line.slice(line.indexOf(':') + 1).trim();
}

/** Records with every Call-ID renamed and (optionally) a called number replaced. */
function renamed(records: string[][], suffix: string, number?: [string, string]): string[][] {
  return records.map((rec) =>
    rec.map((line) => {
      let l = line.replace(/^(call-id:\s*)([^@\s]+)/i, `$1$2${suffix}`);
      if (number) {
        l = l.split(number[0]).join(number[1]);
      }
      return l;
    }),
  );
}

function shape(r: CallReport): string {
  return JSON.stringify([r.id, r.category, r.owner, r.outcome, r.legs.map((l) => [l.callId, l.messages])]);
}

/** The reports the store holds for one device, sorted by id. */
async function storedOf(store: RedisCallStore, device: string): Promise<CallReport[]> {
  const list = await store.list({ sbc: device, limit: 1000 });
  return list.sort((a, b) => a.id.localeCompare(b.id));
}

/** Waits until the store holds exactly the offline calls for the device (same ids, legs, verdicts). */
async function expectSameAsOffline(store: RedisCallStore, device: () => Promise<string>, want: CallReport[]): Promise<void> {
  const expected = want.map(shape).sort();
  let got: string[] = [];
  await waitFor(
    'the stored calls to equal the offline ones',
    async () => {
      got = (await storedOf(store, await device())).map(shape).sort();
      return JSON.stringify(got) === JSON.stringify(expected);
    },
    45_000,
    250,
  ).catch(async (err: unknown) => {
    const flows = await differencesFromOffline(store, want);
    expect([got, flows]).toEqual([expected, []]);
    throw err;
  });
}

async function dayCalls(store: RedisCallStore, device: string, day: number): Promise<number> {
  const c = await store.dailyCounters(device, day, day + DAY);
  return c.reduce((n, x) => n + x.counters.calls, 0);
}

jest.setTimeout(90_000);

describe('legs without a session key, joined in the service as `analyze` joins them', () => {
  const prefix = testPrefix('legjoin');
  const dir = tempDir('legjoin');
  const files = {
    oracle: path.join(dir, 'oracle.log'),
    order: path.join(dir, 'order.log'),
    concurrent: path.join(dir, 'concurrent.log'),
    plain: path.join(dir, 'plain.sip.txt'),
  };
  let service: RunningService;
  let redis: Redis;
  let store: RedisCallStore;

  beforeAll(async () => {
    redis = new IORedis(testRedisUrl());
    for (const f of Object.values(files)) {
      fs.writeFileSync(f, '');
    }
    service = await startService(
      testConfig({ REDIS_URL: testRedisUrl(), SIPSLEUTH_WATCH: Object.values(files).join(',') }),
      'serve',
      { ...FAST, settleMs: 200, logger: newLogger(), prefix },
    );
    store = storeOf(redis, prefix);
  });
  afterAll(async () => {
    await service.stop();
    await deletePrefix(testRedisUrl(), prefix);
    redis.disconnect();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** The device name the service gives a file's calls (read from a stored call of it). */
  function deviceOf(id: string): () => Promise<string> {
    return async () => (await store.get(id))?.call.device ?? 'none yet';
  }

  it('when an Oracle sipmsg.log of two-leg calls is appended, then the service stores the joined calls analyze finds', async () => {
    const lines = ORACLE.split('\n');
    const want = offline(lines, 'oracle');
    expect(want).toHaveLength(6);
    expect(want.every((r) => r.legs.length === 2)).toBe(true);
    // in pieces of whole records, so legs of one call often settle apart
    const records = oracleRecords(ORACLE);
    const size = Math.ceil(records.length / 5);
    for (let i = 0; i < 5; i++) {
      appendLines(files.oracle, records.slice(i * size, (i + 1) * size).flat());
      await new Promise((r) => setTimeout(r, 400));
    }
    await expectSameAsOffline(store, deviceOf(want[0].id), want);
    const device = await deviceOf(want[0].id)();
    expect(await dayCalls(store, device, Date.UTC(2026, 10, 23))).toBe(6);
  });

  it('when the second leg is stored alone before the first arrives, then the per-leg call is replaced by the joined one and counted once', async () => {
    const records = renamed(oracleRecords(ORACLE), '-order');
    const all = records.flat();
    const want = offline(all, 'oracle').filter((r) => r.category === 'busy');
    expect(want).toHaveLength(1);
    const [inLeg, outLeg] = want[0].legs.map((l) => l.callId);
    const of = (id: string): string[] => records.filter((r) => callIdOf(r) === id).flat();
    appendLines(files.order, of(outLeg));
    const alone = await waitFor('the out leg stored alone', async () => store.get(outLeg), 30_000, 100);
    expect(alone.call.legs).toHaveLength(1);
    const device = alone.call.device;
    expect(await dayCalls(store, device, Date.UTC(2026, 10, 23))).toBe(1);

    appendLines(files.order, of(inLeg));
    await expectSameAsOffline(store, async () => device, want);
    expect(await store.get(outLeg)).toBeNull();
    expect((await store.find(outLeg)).map((s) => s.report.id)).toEqual([inLeg]);
    expect(await dayCalls(store, device, Date.UTC(2026, 10, 23))).toBe(1);
    const day = (await store.dailyCounters(device, Date.UTC(2026, 10, 23), Date.UTC(2026, 10, 24)))[0].counters;
    expect(day.failed + day.answered).toBe(1);

  });

  it('when two calls to different numbers run at the same time, then each keeps its own legs', async () => {
    const records = oracleRecords(ORACLE);
    const first = offline(ORACLE.split('\n'), 'oracle')[0];
    const ids = new Set(first.legs.map((l) => l.callId));
    const mine = records.filter((r) => ids.has(callIdOf(r)));
    const a = renamed(mine, '-c1');
    const b = renamed(mine, '-c2', ['+49407770101', '+49407779999']);
    // interleaved record by record: both calls' INVITEs within milliseconds
    const lines = a.flatMap((rec, i) => [...rec, ...b[i]]);
    const want = offline(lines, 'oracle');
    expect(want).toHaveLength(2);
    expect(want.map((r) => r.legs.map((l) => (l.callId.includes('-c1') ? 'c1' : 'c2')).join()).sort()).toEqual(['c1,c1', 'c2,c2']);
    appendLines(files.concurrent, lines);
    await expectSameAsOffline(store, deviceOf(want[0].id), want);
  });

  it('when a plain SIP log of two-leg calls is appended, then the service stores the calls analyze finds (no time: not joined)', async () => {
    const lines = PLAIN.split('\n');
    const want = offline(lines, 'sip');
    expect(want.length).toBeGreaterThan(0);
    appendLines(files.plain, lines);
    await expectSameAsOffline(store, deviceOf(want[0].id), want);
  });

  it('when every batch is delivered a second time, then nothing changes: same calls, same counters', async () => {
    const day = Date.UTC(2026, 10, 23);
    const sbcs = await store.listSbcs();
    const counts = async (): Promise<number[]> => Promise.all(sbcs.map((sbc) => dayCalls(store, sbc, day)));
    const before = await store.list({ limit: 1000 });
    const countsBefore = await counts();
    const q = new Queue(RECORDS_QUEUE, { connection: { url: testRedisUrl() }, prefix: servicePrefixes(prefix).queue });
    try {
      const done = await q.getJobs(['completed'], 0, -1);
      const batches = done.filter((j) => j.name === 'records');
      expect(batches.length).toBeGreaterThan(4);
      await q.addBulk(batches.map((j, i) => ({ name: 'records', data: j.data, opts: { jobId: `again-${i}` } })));
      await waitFor('the repeated batches to be processed', async () => {
        const states = await Promise.all(batches.map((_, i) => q.getJobState(`again-${i}`)));
        return states.every((st) => st === 'completed');
      });
    } finally {
      await q.close();
    }
    // past the settle time: a key the batches reopened would have been rebuilt by now
    await new Promise((r) => setTimeout(r, 1500));
    expect(await store.list({ limit: 1000 })).toEqual(before);
    expect(await counts()).toEqual(countsBefore);
  });
});

describe('legs without a session key, two workers rebuilding them at once', () => {
  const prefix = testPrefix('legjoin2');
  const dir = tempDir('legjoin2');
  const file = path.join(dir, 'oracle.log');
  const services: RunningService[] = [];
  let redis: Redis;

  beforeAll(async () => {
    redis = new IORedis(testRedisUrl());
    fs.writeFileSync(file, '');
    for (let i = 0; i < 2; i++) {
      services.push(
        await startService(testConfig({ REDIS_URL: testRedisUrl() }), 'worker', { ...FAST, settleMs: 200, logger: newLogger(), prefix }),
      );
    }
    services.push(
      await startService(testConfig({ REDIS_URL: testRedisUrl(), SIPSLEUTH_WATCH: file }), 'ingest', {
        ...FAST,
        tailer: { ...FAST.tailer, batchRecords: 25 },
        logger: newLogger(),
        prefix,
      }),
    );
  });
  afterAll(async () => {
    for (const s of services.reverse()) {
      await s.stop();
    }
    await deletePrefix(testRedisUrl(), prefix);
    redis.disconnect();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('when 8 copies of the Oracle calls (other numbers, same times) arrive together, then the workers store exactly the calls analyze finds', async () => {
    const records = oracleRecords(ORACLE);
    const copies = Array.from({ length: 8 }, (_, k) =>
      records.map((rec) => rec.map((line) => line.replace(/^(call-id:\s*)([^@\s]+)/i, `$1$2-k${k}`).replace(/\+(\d{6,})/g, `+$1${k}`))),
    );
    // record by record across the copies: the legs of 8 calls to 8 numbers within milliseconds
    const lines = records.flatMap((_, i) => copies.flatMap((c) => c[i]));
    const want = offline(lines, 'oracle');
    expect(want).toHaveLength(48);
    expect(want.every((r) => r.legs.length === 2 && /-k\d/.exec(r.legs[0].callId)?.[0] === /-k\d/.exec(r.legs[1].callId)?.[0])).toBe(true);
    appendLines(file, lines);
    const store = storeOf(redis, prefix);
    await expectSameAsOffline(store, async () => (await store.listSbcs())[0] ?? 'none yet', want);
    expect(await dayCalls(store, (await store.listSbcs())[0], Date.UTC(2026, 10, 23))).toBe(48);
    const jobs = await Promise.all(
      services.slice(0, 2).map((s) => s.metrics.value('sipsleuth_jobs_total', { name: 'records', result: 'completed' })),
    );
    expect(jobs.every((n) => n > 0)).toBe(true);
  });
});
