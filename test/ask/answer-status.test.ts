/**
 * `status` counts exactly the last hour of each SBC, however many calls it held (more than are read
 * for one answer: a small `scan` stands in for the 5,000 of a real one), and says by how much a
 * count may fall short when it cannot be exact. The memory store and the Redis store (real Redis)
 * give the same answers.
 */
import { ask } from '../../src/ask/answer';
import { answerStatus, STATUS_WINDOW_MS } from '../../src/ask/answer-status';
import type { Answer, SbcStatus, StatusAnswer } from '../../src/ask/answer-types';
import { EDGE_SCAN } from '../../src/ask/range-count';
import { renderText } from '../../src/ask/render-text';
import { NORMAL_CATEGORIES } from '../../src/diagnosis/verdict';
import type { CallStore, StoredCall } from '../../src/store/call-store';
import type { CallCounterSource } from '../../src/store/counters';
import { MemoryCallStore } from '../../src/store/memory-store';
import { kindCall, withoutCounters, type Kind } from './support/counted-calls';
import { useTestRedis } from './support/test-redis';

type Store = CallStore & CallCounterSource;

const SEC = 1000;
const MIN = 60_000;

/** 23 November 2026, hh:mm:ss.ms UTC */
function at(h: number, m: number, s = 0, ms = 0): number {
  return Date.UTC(2026, 10, 23, h, m, s, ms);
}

const OK: Kind = { outcome: 'answered', category: 'completed', owner: 'user' };
const NOT_FOUND: Kind = { outcome: 'failed', category: 'not-found', owner: 'carrier' };
const CANCELLED: Kind = { outcome: 'cancelled', category: 'caller-cancelled', owner: 'user' };
/** a fault's category, but answered: no fault */
const MEDIA: Kind = { outcome: 'answered', category: 'media-failure', owner: 'network' };
/** failed, a normal outcome: no fault */
const BUSY: Kind = { outcome: 'failed', category: 'busy', owner: 'user' };
const OPEN: Kind = { outcome: 'in-progress', category: 'in-progress', owner: 'unknown' };
/** one call in six failed: one a fault, one a normal outcome */
const KINDS: Kind[] = [OK, NOT_FOUND, OK, CANCELLED, MEDIA, OK, BUSY, OK, OPEN, OK, CANCELLED, OK];
const STORM: Kind = { outcome: 'failed', category: 'trunk-unavailable', owner: 'sbc' };
const call = kindCall;

/**
 * sbc-busy: a call every 50 s from 09:00 to 12:10 (72 an hour, 12 of them failed), and calls on
 * 10:30:00.000, 11:00:00.000 and 11:30:00.000 exactly; sbc-quiet: one every 13 minutes;
 * sbc-storm: a failed call every 2 minutes from 10:00 to 12:00 (30 an hour).
 */
function theCalls(): StoredCall[] {
  const out: StoredCall[] = [];
  let n = 0;
  for (let t = at(9, 0, 7); t < at(12, 10); t += 50 * SEC + (n % 7)) {
    out.push(call(`busy${n}`, t, KINDS[n % KINDS.length], 'sbc-busy'));
    n++;
  }
  for (const t of [at(10, 30), at(11, 0), at(11, 30)]) {
    out.push(call(`busy-edge${t}`, t, NOT_FOUND, 'sbc-busy'));
  }
  for (let t = at(9, 3); t < at(12, 10); t += 13 * MIN) {
    out.push(call(`quiet${n}`, t, KINDS[n % KINDS.length], 'sbc-quiet'));
    n++;
  }
  for (let t = at(10, 0, 30); t < at(12, 0); t += 2 * MIN) {
    out.push(call(`storm${n}`, t, STORM, 'sbc-storm'));
    n++;
  }
  return out;
}

type Counts = Pick<SbcStatus, 'calls' | 'answered' | 'failed' | 'faults'>;

/** What the status must say of `sbc`: its calls in [now − 1 h, now], counted one by one. */
function truth(calls: StoredCall[], sbc: string, now: number): Counts {
  const since = now - STATUS_WINDOW_MS;
  const rs = calls.filter((c) => c.report.sbc === sbc && c.call.start !== null && c.call.start >= since && c.call.start <= now).map((c) => c.report);
  const failed = rs.filter((r) => r.outcome === 'failed');
  return {
    calls: rs.length,
    answered: rs.filter((r) => r.outcome === 'answered').length,
    failed: failed.length,
    faults: failed.filter((r) => !NORMAL_CATEGORIES.includes(r.category)).length,
  };
}

function counts(s: SbcStatus): Counts {
  return { calls: s.calls, answered: s.answered, failed: s.failed, faults: s.faults };
}

function status(a: Answer): StatusAnswer {
  expect(a.kind).toBe('status');
  return a as StatusAnswer;
}

const redis = useTestRedis();
const CALLS = theCalls();
let stores: Array<{ name: string; store: Store }> = [];

beforeAll(async () => {
  stores = [
    { name: 'memory', store: new MemoryCallStore() },
    { name: 'redis', store: redis.store('ask-status') },
  ];
  for (const { store } of stores) {
    for (const c of CALLS) {
      await store.put(c);
    }
  }
});

/** The answer of both stores (which must be the same). */
async function both(now: number, scan: number, only?: string): Promise<StatusAnswer> {
  const [mem, red] = [status(await answerStatus(stores[0].store, now, only, { scan })), status(await answerStatus(stores[1].store, now, only, { scan }))];
  expect(red).toEqual(mem);
  return mem;
}

/** on the hour, just after, on the half hour, :45, the last instant of an hour, odd times; before any call, after the last */
const NOWS = [at(11, 0), at(11, 2), at(11, 30), at(11, 45), at(11, 59, 59, 999), at(10, 17, 31, 500), at(12, 0, 0, 1), at(10, 45, 3), at(12, 30), at(8, 30)];

describe('status counts', () => {
  it('a busy SBC with more calls in the hour than are read: exact (the old cap of 20 would have said 20)', async () => {
    const a = await both(at(11, 2), 20);
    const busy = a.sbcs.find((s) => s.sbc === 'sbc-busy');
    const want = truth(CALLS, 'sbc-busy', at(11, 2));
    expect(want.calls).toBeGreaterThan(70);
    expect(busy).toMatchObject(want);
    expect(busy?.uncounted).toBeUndefined();
    // the storm's 30 failed calls filled the shared read of failed calls (21 read): the others were read on their own
    for (const s of a.sbcs.filter((x) => x.sbc !== 'sbc-storm')) {
      expect([s.sbc, counts(s), s.uncounted]).toEqual([s.sbc, truth(CALLS, s.sbc, at(11, 2)), undefined]);
    }
    // the storm's calls and failures are counted exactly; its faults only as far as its failed calls were read
    const storm = a.sbcs.find((s) => s.sbc === 'sbc-storm');
    expect(truth(CALLS, 'sbc-storm', at(11, 2))).toEqual({ calls: 30, answered: 0, failed: 30, faults: 30 });
    expect(storm).toMatchObject({ calls: 30, answered: 0, failed: 30, faults: 21, uncounted: { atMost: 9 } });
  });

  it('at full scale: more than EDGE_SCAN calls in the hour are all counted (before, 5,000 were), both stores', async () => {
    const n = EDGE_SCAN + 100;
    const step = Math.floor(STATUS_WINDOW_MS / n);
    for (const store of [new MemoryCallStore(), redis.store('ask-status-full')]) {
      for (let i = 0; i < n; i++) {
        await store.put(call(`full${i}`, at(10, 2) + i * step, i % 50 === 0 ? NOT_FOUND : OK, 'sbc-full'));
      }
      const a = status(await ask('status', { store, now: at(11, 2), tz: 'UTC' }));
      expect(a.sbcs).toEqual([{ sbc: 'sbc-full', calls: n, answered: n - 102, failed: 102, faults: 102, lastCall: at(10, 2) + (n - 1) * step }]);
    }
  });

  it('every SBC, any time, any read limit: exact when not marked, else short by no more than it says', async () => {
    let exactOverLimit = 0;
    let marked = 0;
    for (const now of NOWS) {
      for (const scan of [1, 3, 20, 40, EDGE_SCAN]) {
        const a = await both(now, scan);
        expect(a.sbcs.map((s) => s.sbc)).toEqual(['sbc-busy', 'sbc-quiet', 'sbc-storm']);
        for (const s of a.sbcs) {
          const want = truth(CALLS, s.sbc, now);
          const where = `${s.sbc} at ${new Date(now).toISOString()}, scan ${scan}`;
          if (s.uncounted === undefined) {
            expect([where, counts(s)]).toEqual([where, want]);
            exactOverLimit += want.calls > scan ? 1 : 0;
          } else {
            marked++;
            const atMost = s.uncounted.atMost;
            expect(atMost).not.toBeNull();
            expect(atMost).toBeGreaterThan(0);
            for (const k of ['calls', 'answered', 'failed', 'faults'] as const) {
              expect([where, k, s[k] <= want[k], s[k] + (atMost ?? 0) >= want[k]]).toEqual([where, k, true, true]);
            }
          }
        }
      }
    }
    // both paths were taken: exact with more calls than read, and marked
    expect(exactOverLimit).toBeGreaterThan(20);
    expect(marked).toBeGreaterThan(5);
    // with the real read limit nothing here is marked
    for (const now of NOWS) {
      for (const s of (await both(now, EDGE_SCAN)).sbcs) {
        expect(s.uncounted).toBeUndefined();
      }
    }
  });

  it('reads the shorter side of each hour cut, the minutes after now counted as none', async () => {
    // a call every 10 s from 09:00 up to now, 11:20: 360 in the hour
    const mem = new MemoryCallStore();
    for (let t = at(9, 0); t <= at(11, 20); t += 10 * SEC) {
      await mem.put(call(`t${t}`, t, OK, 'sbc-t'));
    }
    let read = 0;
    const store: Store = Object.assign(Object.create(mem) as MemoryCallStore, {
      list: async (q: Parameters<MemoryCallStore['list']>[0]) => {
        const r = await mem.list(q);
        read += q.failedOnly ? 0 : r.length;
        return r;
      },
    });
    const a = status(await answerStatus(store, at(11, 20)));
    expect(a.sbcs).toEqual([expect.objectContaining({ calls: 361, answered: 361, failed: 0 })]);
    // 10:00–10:20 (120 calls, taken off hour 10), after 11:20 (none, taken off hour 11), the newest call
    expect(read).toBe(121);
  });

  it('the window is [now − 1 h, now], both ends included', async () => {
    const a = await both(at(11, 30), EDGE_SCAN);
    const busy = a.sbcs.find((s) => s.sbc === 'sbc-busy');
    expect(busy?.calls).toBe(truth(CALLS, 'sbc-busy', at(11, 30)).calls);
    // the calls on 10:30:00.000 and 11:30:00.000 are both in it; a millisecond later the first is not
    const later = (await both(at(11, 30, 0, 1), EDGE_SCAN)).sbcs.find((s) => s.sbc === 'sbc-busy');
    expect((busy?.calls ?? 0) - (later?.calls ?? 0)).toBe(1);
  });

  it('last call: the newest in the hour, else the newest stored', async () => {
    const a = await both(at(11, 2), EDGE_SCAN);
    const newestIn = (sbc: string, since: number, until: number): number =>
      Math.max(...CALLS.filter((c) => c.report.sbc === sbc && (c.call.start ?? 0) >= since && (c.call.start ?? 0) <= until).map((c) => c.call.start ?? 0));
    expect(a.sbcs.map((s) => s.lastCall)).toEqual(['sbc-busy', 'sbc-quiet', 'sbc-storm'].map((s) => newestIn(s, at(10, 2), at(11, 2))));
    const early = await both(at(8, 30), EDGE_SCAN);
    expect(early.sbcs.map((s) => [s.calls, s.lastCall])).toEqual(['sbc-busy', 'sbc-quiet', 'sbc-storm'].map((s) => [0, newestIn(s, 0, at(13, 0))]));
  });

  it('status of one SBC counts the same as the whole status', async () => {
    for (const scan of [3, 20, EDGE_SCAN]) {
      const all = await both(at(11, 45), scan);
      const one = await both(at(11, 45), scan, 'quiet');
      expect(one.sbcs).toEqual(all.sbcs.filter((s) => s.sbc === 'sbc-quiet'));
    }
  });

  it('in any zone: the same hour and counts (the window does not depend on the zone), times shown in it', async () => {
    const now = at(11, 17, 4);
    const answers: StatusAnswer[] = [];
    for (const tz of ['UTC', 'Asia/Kolkata', 'Asia/Kathmandu', 'America/St_Johns', 'Australia/Adelaide']) {
      for (const { store } of stores) {
        const a = status(await ask('status', { store, now, tz }));
        expect(a.sbcs.map(counts)).toEqual(['sbc-busy', 'sbc-quiet', 'sbc-storm'].map((s) => truth(CALLS, s, now)));
        answers.push(a);
      }
    }
    for (const a of answers) {
      expect(a).toEqual(answers[0]);
    }
    expect(renderText(answers[0], { tz: 'Asia/Kathmandu' }).split('\n')[0]).toBe('Status, last hour (until 2026-11-23 17:02:04 +05:45):');
  });

  it('says when a count may be short, on the SBC it concerns', async () => {
    const a = await both(at(11, 30), 20);
    const busy = a.sbcs.find((s) => s.sbc === 'sbc-busy');
    // hour 10 is cut at 10:30: 36 calls on either side, more than the 20 read
    expect(busy?.uncounted?.atMost).toBeGreaterThan(0);
    const lines = renderText(a).split('\n');
    const i = lines.findIndex((l) => l.startsWith('  sbc-busy: '));
    expect(lines[i + 1]).toBe(`    (Counts may be short by up to ${busy?.uncounted?.atMost} calls: the last hour held more calls than I read for one answer.)`);
    expect(lines.filter((l) => l.includes('Counts may be short')).length).toBe(a.sbcs.filter((s) => s.uncounted).length);
  });

  it('a store without counters counts the calls it reads, and says when there were more', async () => {
    const plain = withoutCounters(stores[0].store);
    const exact = status(await answerStatus(plain, at(11, 2)));
    expect(exact.sbcs.map(counts)).toEqual(['sbc-busy', 'sbc-quiet', 'sbc-storm'].map((s) => truth(CALLS, s, at(11, 2))));
    expect(exact.sbcs.every((s) => s.uncounted === undefined)).toBe(true);
    const short = status(await answerStatus(plain, at(11, 2), 'busy', { scan: 20 }));
    expect(short.sbcs).toEqual([expect.objectContaining({ sbc: 'sbc-busy', calls: 21, uncounted: { atMost: null } })]);
    expect(renderText(short)).toContain('    (Counts may be short: the last hour held more calls than I read for one answer.)');
  });
});
