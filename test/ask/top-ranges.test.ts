/**
 * `top failures <range>` counts exactly the calls of its range, in any zone: days that begin
 * mid-hour in UTC (Kolkata +5:30, Kathmandu +5:45, St. John's −3:30), `last 30 minutes`,
 * `since 09:10`. The memory store and the Redis store (real Redis) give the same answers.
 */
import { ask } from '../../src/ask/answer';
import type { Answer, TopAnswer } from '../../src/ask/answer-types';
import { renderText } from '../../src/ask/render-text';
import { wallClockToUtc } from '../../src/formats/time';
import type { CallStore, StoredCall } from '../../src/store/call-store';
import { HOUR_MS, type CallCounterSource } from '../../src/store/counters';
import { MemoryCallStore } from '../../src/store/memory-store';
import { kindCall, type Kind } from './support/counted-calls';
import { useTestRedis } from './support/test-redis';

type Store = CallStore & CallCounterSource;

const MIN = 60_000;
const DAY = 86_400_000;

const redis = useTestRedis();

const STORES: Array<[string, () => Store]> = [
  ['MemoryCallStore', () => new MemoryCallStore()],
  ['RedisCallStore', () => redis.store('ask-ranges')],
];

/** UTC ms of a wall-clock time in `tz`. */
function local(tz: string, day: number, hour: number, minute: number): number {
  return wallClockToUtc({ year: 2026, month: 11, day, hour, minute, second: 0, ms: 0 }, tz);
}

const KINDS: Kind[] = [
  { outcome: 'answered', category: 'completed', owner: 'user' },
  { outcome: 'failed', category: 'busy', owner: 'user' },
  { outcome: 'failed', category: 'not-found', owner: 'carrier' },
  { outcome: 'failed', category: 'trunk-unavailable', owner: 'sbc' },
  { outcome: 'cancelled', category: 'caller-cancelled', owner: 'user' },
  { outcome: 'failed', category: 'callee-unavailable', owner: 'teams' },
];

const call = kindCall;

async function putAll(store: Store, calls: StoredCall[]): Promise<void> {
  for (const c of calls) {
    await store.put(c);
  }
}

function top(a: Answer): TopAnswer {
  expect(a.kind).toBe('top');
  return a as TopAnswer;
}

/** [category, owner, calls] of the answer's causes */
function causes(a: TopAnswer): Array<[string, string, number]> {
  return a.causes.map((c) => [c.category, c.owner, c.calls]);
}

describe.each(STORES)('%s: top failures of a day in a half- or quarter-hour zone', (_name, open) => {
  // calls at 23:50 and 00:10 local at both edges of 23 November, and one at noon
  const ZONES = ['Asia/Kolkata', 'Asia/Kathmandu', 'America/St_Johns'];

  it.each(ZONES)('%s: today and yesterday count only the day’s calls', async (tz) => {
    const store = open();
    const before = { outcome: 'failed', category: 'no-response', owner: 'carrier' } as const;
    const inDay = { outcome: 'failed', category: 'not-found', owner: 'carrier' } as const;
    await putAll(store, [
      call('eve-before', local(tz, 22, 23, 50), before),
      call('first', local(tz, 23, 0, 10), inDay),
      call('noon', local(tz, 23, 12, 0), inDay),
      call('last', local(tz, 23, 23, 50), inDay),
      call('after', local(tz, 24, 0, 10), before),
    ]);
    // the UTC hour of each edge holds a call of the day and one of the day next to it
    expect(Math.floor(local(tz, 22, 23, 50) / HOUR_MS)).toBe(Math.floor(local(tz, 23, 0, 10) / HOUR_MS));
    expect(Math.floor(local(tz, 23, 23, 50) / HOUR_MS)).toBe(Math.floor(local(tz, 24, 0, 10) / HOUR_MS));

    const today = top(await ask('top failures today', { store, now: local(tz, 23, 23, 55), tz }));
    expect(today).toMatchObject({ label: 'today', calls: 3, failed: 3 });
    expect(today.uncounted).toBeUndefined();
    expect(causes(today)).toEqual([['not-found', 'carrier', 3]]);
    expect(today.causes[0].examples.map((e) => e.id)).toEqual(['last', 'noon']);

    const yesterday = top(await ask('top failures yesterday', { store, now: local(tz, 24, 9, 0), tz }));
    expect(yesterday).toMatchObject({ label: 'yesterday', calls: 3, failed: 3 });
    expect(causes(yesterday)).toEqual([['not-found', 'carrier', 3]]);
    expect(renderText(yesterday, { tz }).split('\n').slice(0, 2)).toEqual(['Top failure causes yesterday: 3 failed of 3 calls', '      3  not-found (owner carrier)']);

    // the day before holds only the 23:50 call of the 22nd; the 24th only its 00:10 call
    const day22 = top(await ask('top failures yesterday', { store, now: local(tz, 23, 9, 0), tz }));
    expect(day22).toMatchObject({ calls: 1, failed: 1 });
    expect(causes(day22)).toEqual([['no-response', 'carrier', 1]]);
    const day24 = top(await ask('top failures today', { store, now: local(tz, 24, 9, 0), tz }));
    expect(causes(day24)).toEqual([['no-response', 'carrier', 1]]);
  });
});

/** Calls every 37 minutes over ten days on two SBCs, with runs of calls a minute apart around 18:00–19:00 and 03:00–04:00 UTC. */
function manyCalls(): StoredCall[] {
  const out: StoredCall[] = [];
  const from = Date.UTC(2026, 10, 14);
  let n = 0;
  for (let t = from; t < from + 10 * DAY; t += 37 * MIN + 13_000) {
    out.push(call(`bg${n}`, t, KINDS[n % KINDS.length], n % 3 === 0 ? 'sbc-b' : '198.51.100.10'));
    n++;
  }
  for (let d = 0; d < 10; d++) {
    for (const h of [3, 18]) {
      for (let m = 0; m < 60; m += 4) {
        out.push(call(`run${n}`, from + d * DAY + h * HOUR_MS + m * MIN + 1000, KINDS[(n * 7) % KINDS.length], n % 2 ? 'sbc-b' : '198.51.100.10'));
        n++;
      }
    }
  }
  return out;
}

const NOT_FAILURES = new Set(['completed', 'in-progress', 'caller-cancelled', 'completed-elsewhere']);

/** What the answer must say: every call in [since, until], counted one by one. */
function expected(calls: StoredCall[], since: number, until: number): { calls: number; failed: number; causes: Array<[string, string, number]> } {
  const inRange = calls.filter((c) => c.call.start !== null && c.call.start >= since && c.call.start <= until).map((c) => c.report);
  const byKey = new Map<string, [string, string, number]>();
  for (const r of inRange) {
    const k = `${r.category}/${r.owner}`;
    const e = byKey.get(k) ?? [r.category, r.owner, 0];
    e[2] += 1;
    byKey.set(k, e);
  }
  return {
    calls: inRange.length,
    failed: inRange.filter((r) => r.outcome === 'failed').length,
    causes: [...byKey.values()].filter((c) => !NOT_FAILURES.has(c[0])).sort((a, b) => b[2] - a[2] || a[0].localeCompare(b[0])),
  };
}

const QUESTIONS = [
  'top failures today',
  'top failures yesterday',
  'top failures this week',
  'top failures in the last 30 minutes',
  'top failures in the last hour',
  'top failures in the last 90 minutes',
  'top failures in the last 3 hours',
  'top failures since 09:10',
  'top failures since 23:00',
];
const RANGE_ZONES = ['UTC', 'Europe/Berlin', 'Asia/Kolkata', 'Asia/Kathmandu', 'America/St_Johns', 'Australia/Adelaide'];
/** asked on the hour, at :30, at :45 and at an odd minute; one at 18:20 UTC (a Kolkata day's first 50 minutes away) */
const NOWS = [Date.UTC(2026, 10, 23, 19), Date.UTC(2026, 10, 23, 18, 30), Date.UTC(2026, 10, 23, 3, 45), Date.UTC(2026, 10, 22, 18, 20, 7, 5)];

describe('every range of every zone counts exactly, and both stores agree', () => {
  const calls = manyCalls();
  let stores: Array<{ name: string; store: Store }> = [];

  beforeAll(async () => {
    stores = STORES.map(([name, open]) => ({ name, store: open() }));
    for (const s of stores) {
      await putAll(s.store, calls);
    }
  });

  it('the counts are those of the calls in the range, one by one', async () => {
    let checked = 0;
    for (const tz of RANGE_ZONES) {
      for (const now of NOWS) {
        for (const q of QUESTIONS) {
          const answers: TopAnswer[] = [];
          for (const s of stores) {
            const a = top(await ask(q, { store: s.store, now, tz }));
            const want = expected(calls, a.since, a.until);
            const got = { calls: a.calls, failed: a.failed, causes: causes(a) };
            if (JSON.stringify(got) !== JSON.stringify(want)) {
              throw new Error(`${s.name} "${q}" in ${tz} at ${new Date(now).toISOString()}: got ${JSON.stringify(got)}, want ${JSON.stringify(want)}`);
            }
            expect(a.uncounted).toBeUndefined();
            answers.push(a);
          }
          // the same answer from both stores, examples included
          expect(answers[1]).toEqual(answers[0]);
          checked++;
        }
      }
    }
    expect(checked).toBe(RANGE_ZONES.length * NOWS.length * QUESTIONS.length);
  });

  it('whole-hour zones: today and yesterday give what the hour counters alone gave before', async () => {
    for (const { store } of stores) {
      for (const tz of ['UTC', 'Europe/Berlin']) {
        for (const q of ['top failures today', 'top failures yesterday']) {
          // asked at the end of an hour, with no call after it in that hour
          const now = Date.UTC(2026, 10, 23, 16, 59, 59, 999);
          const a = top(await ask(q, { store, now, tz }));
          let calls = 0;
          let failed = 0;
          for (const sbc of await store.listSbcs()) {
            for (const p of await store.hourlyCounters(sbc, Math.floor(a.since / HOUR_MS) * HOUR_MS, a.until + 1)) {
              calls += p.counters.calls;
              failed += p.counters.failed;
            }
          }
          expect([a.calls, a.failed]).toEqual([calls, failed]);
          expect(calls).toBeGreaterThan(0);
        }
      }
    }
  });
});
