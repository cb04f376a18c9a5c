/**
 * The digest of a zone whose offset is not whole hours counts exactly the calls of its local day,
 * in its local hours: counts are kept per quarter hour. Real Redis.
 */
import { readDigest } from '../../src/alerts/digest-builder';
import type { PeerHealth } from '../../src/calls/call';
import type { Digest } from '../../src/stats/digest';
import { localDay, type LocalDay } from '../../src/stats/local-day';
import { sbcScope } from '../../src/store/stats-store';
import { recordBeforeQuarters } from './support/legacy-stats';
import { report, type ReportSpec } from './support/reports';
import { alertStores, type AlertStores } from './support/setup';

const H = 3_600_000;
const MIN = 60_000;
const ALL = Array.from({ length: 24 }, (_, i) => String(i).padStart(2, '0'));
const opened: AlertStores[] = [];

function stores(name: string): AlertStores {
  const s = alertStores(name);
  opened.push(s);
  return s;
}

afterAll(async () => {
  await Promise.all(opened.map((s) => s.redis.quit()));
});

function day(date: string, tz: string): LocalDay {
  const d = localDay(date, tz);
  if (!d) {
    throw new Error(date);
  }
  return d;
}

function digest(s: AlertStores, date: string, tz: string, health: PeerHealth[] = []): Promise<Digest> {
  return readDigest(date, tz, { stats: s.stats, calls: { health: async () => health }, minCalls: 1 });
}

const calls = (d: Digest): number => d.totals.calls;
const bars = (d: Digest): Array<[string, number]> => (d.sbcs[0]?.hours ?? []).map((h) => [h.label, h.calls]);

describe('digest in zones with half- and quarter-hour offsets', () => {
  it.each(['Asia/Kolkata', 'Asia/Kathmandu', 'America/St_Johns'])('%s: exactly the local day, in local hours', async (tz) => {
    const s = stores('digest-zone');
    const d = day('2026-11-24', tz);
    const add = (spec: Omit<ReportSpec, 'sbc'>) => s.add(report({ sbc: 'sbcZ', ...spec }), spec.at);
    await add({ at: d.start - 10 * MIN, category: 'not-found', id: 'before' }); // 23:50 the day before
    await add({ at: d.start + 10 * MIN, category: 'codec-mismatch', id: 'first' }); // 00:10
    await add({ at: d.start + 12 * H + 20 * MIN, category: 'completed', durationSec: 90 }); // 12:20
    await add({ at: d.end - 10 * MIN, category: 'trunk-unavailable', id: 'last' }); // 23:50
    await add({ at: d.end + 10 * MIN, category: 'not-found', id: 'after' }); // 00:10 the day after

    const dg = await digest(s, '2026-11-24', tz);
    expect(calls(dg)).toBe(3);
    const a = dg.sbcs[0];
    expect(a.hours.map((h) => h.label)).toEqual(ALL);
    expect(a.hours[0]).toEqual({ label: '00', calls: 1, failures: 1 });
    expect(a.hours[12]).toEqual({ label: '12', calls: 1, failures: 0 });
    expect(a.hours[23]).toEqual({ label: '23', calls: 1, failures: 1 });
    expect(a.hours.reduce((n, h) => n + h.calls, 0)).toBe(3);
    expect(a.causes.map((c) => [c.category, c.calls, c.example?.id])).toEqual([
      ['codec-mismatch', 1, 'first'],
      ['trunk-unavailable', 1, 'last'],
    ]);
    expect(a.peers).toEqual([]);

    // the neighbours have the edge calls in their own first and last hours
    const before = await digest(s, '2026-11-23', tz);
    expect(calls(before)).toBe(1);
    expect(bars(before)[23]).toEqual(['23', 1]);
    expect(before.sbcs[0].causes[0].example?.id).toBe('before');
    const after = await digest(s, '2026-11-25', tz);
    expect(calls(after)).toBe(1);
    expect(bars(after)[0]).toEqual(['00', 1]);
    // the spike baseline still reads UTC hours: the four quarters of each
    const utcHours = await s.stats.hourCounts(sbcScope('sbcZ'), d.start - H, d.end + H);
    expect(utcHours.reduce((n, [, c]) => n + c.calls, 0)).toBe(5);
  });

  it("Australia/Adelaide's DST days: 25 hours with 02 twice, 23 without 02, each call in its own", async () => {
    const tz = 'Australia/Adelaide';
    const s = stores('digest-adelaide');
    const back = day('2026-04-05', tz);
    const fwd = day('2026-10-04', tz);
    const add = (at: number) => s.add(report({ sbc: 'sbcAU', at, category: 'codec-mismatch' }), at);
    for (const d of [back, fwd]) {
      await add(d.start - 10 * MIN);
      await add(d.start + 10 * MIN);
      await add(d.end - 10 * MIN);
      await add(d.end + 10 * MIN);
    }
    // 02:10 ACDT and 02:10 ACST
    await add(Date.UTC(2026, 3, 4, 15, 40));
    await add(Date.UTC(2026, 3, 4, 16, 40));
    // 03:10 ACDT, the hour after the skipped 02
    await add(Date.UTC(2026, 9, 3, 16, 40));

    const b = await digest(s, '2026-04-05', tz);
    expect(bars(b).map(([l]) => l)).toEqual(['00', '01', '02', '02', '03', ...ALL.slice(4)]);
    expect(bars(b).filter(([, n]) => n > 0)).toEqual([['00', 1], ['02', 1], ['02', 1], ['23', 1]]);
    expect(calls(b)).toBe(4);
    const f = await digest(s, '2026-10-04', tz);
    expect(bars(f).map(([l]) => l)).toEqual(ALL.filter((l) => l !== '02'));
    expect(bars(f).filter(([, n]) => n > 0)).toEqual([['00', 1], ['03', 1], ['23', 1]]);
    expect(calls(f)).toBe(3);
  });

  it("peers' OPTIONS uptime over exactly the local day (quarter-hour snapshots); an hour's snapshot when the quarter has none", async () => {
    const tz = 'Asia/Kolkata';
    const s = stores('digest-health');
    const d = day('2026-11-24', tz);
    const peer = (sent: number, answered: number): PeerHealth => ({
      remote: '52.114.75.24:5061',
      device: 'sbcH',
      optionsSent: sent,
      optionsAnswered: answered,
      optionsRejected: 0,
      lastSent: d.start,
      lastAnswer: d.start,
      lastStatus: 200,
      status: 'up',
    });
    await s.stats.snapshotHealth([peer(100, 100)], d.start - 25 * MIN); // 18:05 UTC, 23:35 local
    await s.stats.snapshotHealth([peer(130, 130)], d.start + MIN);
    await s.stats.snapshotHealth([peer(1500, 1490)], d.end - 25 * MIN);
    await s.stats.snapshotHealth([peer(1570, 1560)], d.end + MIN);
    await s.add(report({ sbc: 'sbcH', at: d.start + H }), d.start + H);
    const dg = await digest(s, '2026-11-24', tz, [peer(1600, 1590)]);
    expect(dg.sbcs[0].peers).toEqual([{ remote: '52.114.75.24:5061', name: undefined, status: 'up', sent: 1440, uptime: 1430 / 1440, cumulative: false }]);
    // a snapshot kept per hour, before quarters: read for the quarters of its hour that have none
    const hour = Date.UTC(2026, 9, 1, 10);
    await s.redis.hset(`${s.prefix}:stats:hs:${hour}`, 'd|r', JSON.stringify({ sent: 7, answered: 6 }));
    expect((await s.stats.healthSnapshot(hour + 30 * MIN)).get('d|r')).toEqual({ sent: 7, answered: 6 });
  });
});

describe('digest over days stored before quarter hours', () => {
  const CALLS: Array<[hour: number, minute: number, category: ReportSpec['category']]> = [
    [0, 5, 'completed'],
    [0, 40, 'codec-mismatch'],
    [9, 15, 'busy'],
    [9, 20, 'codec-mismatch'],
    [23, 55, 'not-found'],
  ];

  it('a whole-hour zone gives the same digest from hour buckets as from quarters', async () => {
    const tz = 'Europe/Berlin';
    const d = day('2026-10-25', tz); // 25 hours
    const old = stores('digest-legacy-old');
    const cur = stores('digest-legacy-new');
    for (const [h, m, category] of CALLS) {
      const at = d.start + h * H + m * MIN;
      const r = report({ sbc: 'sbcW', at, category, id: `w-${h}-${m}` });
      await recordBeforeQuarters(old.redis, `${old.prefix}:stats`, r);
      await cur.stats.record(r, at);
    }
    // outside the day, one hour each side
    for (const at of [d.start - 30 * MIN, d.end + 30 * MIN]) {
      const r = report({ sbc: 'sbcW', at, category: 'codec-mismatch' });
      await recordBeforeQuarters(old.redis, `${old.prefix}:stats`, r);
      await cur.stats.record(r, at);
    }
    const a = await digest(old, '2026-10-25', tz);
    const b = await digest(cur, '2026-10-25', tz);
    expect(a.totals.calls).toBe(5);
    expect(a.sbcs[0].hours).toHaveLength(25);
    expect(a.sbcs[0].causes.map((c) => c.example?.id)).toEqual(['w-0-40', 'w-23-55']);
    // peaks come from minute buckets, which the old store also wrote (this helper does not): set them aside
    const noPeak = (x: Digest) => ({
      ...x,
      totals: { ...x.totals, peakConcurrent: 0 },
      sbcs: x.sbcs.map((y) => ({ ...y, figures: { ...y.figures, peakConcurrent: 0 } })),
    });
    expect(noPeak(a)).toEqual(noPeak(b));
  });

  it("a half-hour zone: each old hour counts in the local hour holding its middle, on one day only; a call stored again moves to its quarter and counts once", async () => {
    const tz = 'Asia/Kolkata';
    const s = stores('digest-legacy-kolkata');
    const d = day('2026-11-24', tz);
    const P = `${s.prefix}:stats`;
    // UTC hour 18:00-19:00 is 23:30-00:30 local: its middle is the day's midnight
    const early = report({ sbc: 'sbcK', at: d.start - 20 * MIN, category: 'not-found', id: 'k-early' }); // 23:40 the day before
    const late = report({ sbc: 'sbcK', at: d.start + 20 * MIN, category: 'codec-mismatch', id: 'k-late' }); // 00:20
    const noon = report({ sbc: 'sbcK', at: d.start + 12 * H + 25 * MIN, category: 'completed', id: 'k-noon' }); // 12:25 local: in UTC hour 06:00-07:00 (11:30-12:30), whose middle is 12:00
    for (const r of [early, late, noon]) {
      await recordBeforeQuarters(s.redis, P, r);
    }
    let day0 = await digest(s, '2026-11-23', tz);
    let day1 = await digest(s, '2026-11-24', tz);
    expect(calls(day0)).toBe(0);
    expect(calls(day1)).toBe(3);
    expect(bars(day1).filter(([, n]) => n > 0)).toEqual([['00', 2], ['12', 1]]);
    // the example of an old hour is taken only when its call is in the day
    expect(day1.sbcs[0].causes.map((c) => [c.category, c.example?.id ?? null])).toEqual([
      ['codec-mismatch', 'k-late'],
      ['not-found', null],
    ]);

    // stored again by the new store: out of the hour key, into its quarter, once
    expect(await s.stats.record(early, d.start)).toBe('replaced');
    expect(await s.stats.record(early, d.start)).toBe('unchanged');
    expect(await s.stats.record(noon, d.start)).toBe('replaced');
    day0 = await digest(s, '2026-11-23', tz);
    day1 = await digest(s, '2026-11-24', tz);
    expect(calls(day0)).toBe(1);
    expect(bars(day0)[23]).toEqual(['23', 1]);
    expect(day0.sbcs[0].causes[0].example?.id).toBe('k-early');
    expect(calls(day1)).toBe(2);
    expect(bars(day1).filter(([, n]) => n > 0)).toEqual([['00', 1], ['12', 1]]);
    const [[, utc18]] = await s.stats.hourCounts(sbcScope('sbcK'), d.start - 30 * MIN, d.start - 30 * MIN + 1);
    expect(utc18.calls).toBe(2);

    // a call whose time moves across midnight moves its count
    const moved = { ...early, end: new Date(d.start + 5 * MIN).toISOString() };
    expect(await s.stats.record(moved, d.start)).toBe('replaced');
    expect(calls(await digest(s, '2026-11-23', tz))).toBe(0);
    day1 = await digest(s, '2026-11-24', tz);
    expect(calls(day1)).toBe(3);
    expect(bars(day1)[0]).toEqual(['00', 2]);
  });
});
