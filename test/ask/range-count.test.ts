/**
 * countRange: hour counters for whole hours, the calls for the edges, and the read limit: the
 * shorter side of a cut first, the other side when it holds too many, an honest `short` when both
 * do. Memory store and Redis store (real Redis) alike.
 */
import { ask } from '../../src/ask/answer';
import type { TopAnswer } from '../../src/ask/answer-types';
import { countRange, EDGE_SCAN, type RangeCount } from '../../src/ask/range-count';
import { renderText } from '../../src/ask/render-text';
import type { CallStore, StoredCall } from '../../src/store/call-store';
import type { CallCounterSource } from '../../src/store/counters';
import { MemoryCallStore } from '../../src/store/memory-store';
import { makeCall } from '../store/call-fixtures';
import { withoutCounters } from './support/counted-calls';
import { useTestRedis } from './support/test-redis';

type Store = CallStore & CallCounterSource;

/** 23 November 2026, hh:mm UTC */
function at(h: number, m: number, s = 0, ms = 0): number {
  return Date.UTC(2026, 10, 23, h, m, s, ms);
}

/** hour 10: 2 calls before 10:05, 8 after; 11:00:00.000 exactly; hour 11: 4 more; hour 13: 1 early, 5 after 13:45 */
const TIMES = [
  at(10, 2), at(10, 4), at(10, 10), at(10, 20), at(10, 30), at(10, 46), at(10, 48), at(10, 52), at(10, 56), at(10, 58),
  at(11, 0), at(11, 15), at(11, 30), at(11, 45), at(11, 59, 59, 999),
  at(13, 1), at(13, 50), at(13, 52), at(13, 54), at(13, 56), at(13, 58),
];

function calls(): StoredCall[] {
  return TIMES.map((t, i) =>
    makeCall({
      id: `c${i}`,
      callIds: [`c${i}@h`],
      start: t,
      sbc: i % 2 ? 'sbc-b' : 'sbc-a',
      messagesPerLeg: 0,
      outcome: i % 3 === 0 ? 'answered' : 'failed',
      category: i % 3 === 0 ? 'completed' : i % 3 === 1 ? 'not-found' : 'busy',
      owner: i % 3 === 1 ? 'carrier' : 'user',
    }),
  );
}

/** the truth: calls in [since, until] */
function truth(since: number, until: number): number {
  return TIMES.filter((t) => t >= since && t <= until).length;
}

const redis = useTestRedis();
const stores: Array<[string, Store]> = [];

beforeAll(async () => {
  stores.push(['memory', new MemoryCallStore()], ['redis', redis.store('ask-range-count')]);
  for (const [, s] of stores) {
    for (const c of calls()) {
      await s.put(c);
    }
  }
});

async function both(since: number, until: number, scan: number): Promise<RangeCount> {
  const [mem, red] = [await countRange(stores[0][1], since, until, { scan }), await countRange(stores[1][1], since, until, { scan })];
  expect(red).toEqual(mem);
  return mem;
}

describe('countRange', () => {
  it('an edge whose shorter side fits is exact, whichever side that is', async () => {
    // since 10:05: the 5 minutes before it are read (2 calls) and taken off hour 10's counters
    expect(await both(at(10, 5), at(12, 0) - 1, 3)).toMatchObject({ calls: truth(at(10, 5), at(12, 0) - 1), short: 0 });
    expect(truth(at(10, 5), at(12, 0) - 1)).toBe(13);
    // since 13:45: the 15 minutes after it hold 5 (too many), the 45 before 1
    expect(await both(at(13, 45), at(14, 0), 3)).toMatchObject({ calls: 5, short: 0 });
    // until 10:50: the 10 minutes after it hold 3
    expect(await both(at(9, 0), at(10, 50) - 1, 3)).toMatchObject({ calls: 7, short: 0 });
  });

  it('when both sides of a cut hold too many, the calls read are counted and the shortfall is bounded', async () => {
    // since 10:45: 5 calls in the 15 minutes after, 5 before; 4 of each read
    const r = await both(at(10, 45), at(11, 0) - 1, 3);
    expect(r).toMatchObject({ calls: 4, short: 2 });
    expect(truth(at(10, 45), at(11, 0) - 1)).toBe(5);
    // a range inside one hour, both sides too many
    const inner = await both(at(10, 5), at(10, 50), 3);
    expect(inner.short).toBeGreaterThan(0);
    expect(inner.calls).toBeLessThanOrEqual(truth(at(10, 5), at(10, 50)));
    expect(inner.calls + (inner.short ?? 0)).toBeGreaterThanOrEqual(truth(at(10, 5), at(10, 50)));
  });

  it('any range, any read limit: exact when not short, else within the bound', async () => {
    const marks = [at(9, 59), at(10, 0), at(10, 3), at(10, 30), at(10, 59, 59, 999), at(11, 0), at(11, 0, 0, 1), at(11, 44), at(12, 0), at(13, 47), at(15, 0)];
    for (const since of marks) {
      for (const until of marks) {
        if (until < since) {
          continue;
        }
        for (const scan of [1, 3, 6, EDGE_SCAN]) {
          const r = await both(since, until, scan);
          const want = truth(since, until);
          if (r.short === 0) {
            expect([since, until, scan, r.calls]).toEqual([since, until, scan, want]);
          } else {
            expect(r.calls).toBeLessThanOrEqual(want);
            expect(r.calls + (r.short ?? 0)).toBeGreaterThanOrEqual(want);
          }
        }
      }
    }
  });

  it('the instant 11:00:00.000 belongs to the range that ends there (until is inclusive) and not to one that begins after it', async () => {
    expect((await both(at(10, 30), at(11, 0), EDGE_SCAN)).calls).toBe(7);
    expect((await both(at(10, 30), at(11, 0) - 1, EDGE_SCAN)).calls).toBe(6);
    expect((await both(at(11, 0, 0, 1), at(11, 30), EDGE_SCAN)).calls).toBe(2);
  });

  it('a store without counters is counted from its calls, and says when there were more than it read', async () => {
    const plain = withoutCounters(stores[0][1]);
    expect(await countRange(plain, at(10, 5), at(12, 0) - 1)).toMatchObject({ calls: 13, short: 0 });
    expect(await countRange(plain, at(10, 5), at(12, 0) - 1, { scan: 5 })).toMatchObject({ calls: 6, short: null });
  });
});

describe('top failures when an edge hour holds more calls than are read', () => {
  it('says by how many calls at most the counts fall short', async () => {
    const store = new MemoryCallStore();
    const n = EDGE_SCAN + 3;
    const step = Math.floor(1_800_000 / n);
    for (let i = 0; i < 2 * n; i++) {
      // n calls in 10:00–10:30, n in 10:30–11:00
      const start = (i < n ? at(10, 0) : at(10, 30)) + (i % n) * step;
      await store.put(makeCall({ id: `m${i}`, callIds: [`m${i}@h`], start, messagesPerLeg: 0, category: 'not-found', owner: 'carrier' }));
    }
    const a = (await ask('top failures since 10:30', { store, now: at(12, 0), tz: 'UTC' })) as TopAnswer;
    expect(a).toMatchObject({ kind: 'top', calls: EDGE_SCAN + 1, uncounted: { atMost: 4 } });
    expect(renderText(a).split('\n').slice(0, 2)).toEqual([
      `Top failure causes since 10:30: ${EDGE_SCAN + 1} failed of ${EDGE_SCAN + 1} calls`,
      '  (Counts may be short by up to 4 calls: an hour at the edge of the range held more calls than I read for one answer.)',
    ]);
  });
});
