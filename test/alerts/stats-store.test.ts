import { sbcScope, peerScope } from '../../src/store/stats-store';
import { figuresOf } from '../../src/stats/figures';
import { sumCounts } from '../../src/stats/counts';
import { report } from './support/reports';
import { alertStores, type AlertStores } from './support/setup';

const T = Date.UTC(2026, 10, 24, 10, 0, 0);
const MIN = 60_000;
let s: AlertStores;

beforeAll(() => {
  s = alertStores('stats-store');
});
afterAll(async () => {
  await s.redis.quit();
});

describe('RedisStatsStore', () => {
  it('counts each call once per minute and hour, per SBC and per peer, whatever is replayed', async () => {
    const a = report({ at: T + 10_000, category: 'codec-mismatch', sbc: 'sbcA', peer: '198.51.100.20:5060', id: 'a1' });
    const b = report({ at: T + 70_000, category: 'completed', durationSec: 120, sbc: 'sbcA', id: 'a2' });
    expect(await s.stats.record(a, T)).toBe('recorded');
    expect(await s.stats.record(b, T)).toBe('recorded');
    expect(await s.stats.record(a, T)).toBe('unchanged');
    const mins = await s.stats.minuteCounts(sbcScope('sbcA'), T, T + 2 * MIN);
    expect(mins.map(([, c]) => c.calls)).toEqual([1, 1]);
    const hour = await s.stats.hourCounts(sbcScope('sbcA'), T, T + 1);
    expect(hour[0][1].calls).toBe(2);
    expect(hour[0][1].byCategory).toEqual({ 'codec-mismatch': 1, completed: 1 });
    expect(figuresOf(hour[0][1]).ner).toBeCloseTo(0.5);
    const peer = await s.stats.minuteCounts(peerScope('sbcA', '198.51.100.20:5060'), T, T + MIN);
    expect(peer[0][1].byCategory['codec-mismatch']).toBe(1);
    expect(await s.stats.peers('sbcA')).toEqual(['198.51.100.20:5060', '52.114.75.24:5061']);
    expect(await s.stats.sbcs()).toContain('sbcA');
    // the answered call is counted as up in the minutes it lasted
    const active = await s.stats.minuteCounts(sbcScope('sbcA'), T - 2 * MIN, T + 2 * MIN);
    expect(sumCounts(active.map(([, c]) => c)).active).toBe(1);
  });

  it('replaces a call stored again with a new verdict, example included', async () => {
    const v1 = report({ at: T + 5000, category: 'codec-mismatch', sbc: 'sbcB', id: 'b1' });
    const v2 = { ...v1, category: 'media-failure' as const, summary: 'media' };
    await s.stats.record(v1, T);
    expect((await s.stats.examples('sbcB', T, T + 1))['codec-mismatch']?.id).toBe('b1');
    expect(await s.stats.record(v2, T)).toBe('replaced');
    const [h] = await s.stats.hourCounts(sbcScope('sbcB'), T, T + 1);
    expect(h[1].calls).toBe(1);
    expect(h[1].byCategory).toEqual({ 'media-failure': 1 });
    const ex = await s.stats.examples('sbcB', T, T + 1);
    expect(ex['codec-mismatch']).toBeUndefined();
    expect(ex['media-failure']?.id).toBe('b1');
  });

  it('keeps the newest call time per SBC and when it was last seen; skips a call without times', async () => {
    await s.stats.record(report({ at: T + 9 * MIN, sbc: 'sbcC' }), T + 100);
    await s.stats.record(report({ at: T + 2 * MIN, sbc: 'sbcC' }), T + 200);
    expect((await s.stats.newestCalls()).get('sbcC')).toBe(T + 9 * MIN);
    expect((await s.stats.lastSeen()).get('sbcC')).toBe(T + 200);
    const untimed = { ...report({ at: T, sbc: 'sbcC' }), start: null, answer: null, end: null };
    expect(await s.stats.record(untimed, T)).toBe('untimed');
  });

  it('finds the peak of concurrent answered calls per hour', async () => {
    const H0 = T + 5 * 3_600_000;
    // three calls up together from H0+10 to H0+12 min, one alone later
    await s.stats.record(report({ at: H0 + 12 * MIN, category: 'completed', durationSec: 180, sbc: 'sbcP' }), T);
    await s.stats.record(report({ at: H0 + 13 * MIN, category: 'completed', durationSec: 240, sbc: 'sbcP' }), T);
    await s.stats.record(report({ at: H0 + 12 * MIN + 30_000, category: 'completed', durationSec: 120, sbc: 'sbcP' }), T);
    await s.stats.record(report({ at: H0 + 40 * MIN, category: 'completed', durationSec: 60, sbc: 'sbcP' }), T);
    const peaks = await s.stats.activePeaks('sbcP', H0, H0 + 3_600_000);
    expect([...peaks]).toEqual([[H0, 3]]);
  });

  it('keeps the first health snapshot of each hour', async () => {
    const h = { remote: 'r', device: 'd', optionsSent: 5, optionsAnswered: 4, optionsRejected: 0, lastSent: T, lastAnswer: T, lastStatus: 200, status: 'up' as const };
    await s.stats.snapshotHealth([h], T + 1000);
    await s.stats.snapshotHealth([{ ...h, optionsSent: 9 }], T + 2000);
    expect((await s.stats.healthSnapshot(T)).get('d|r')).toEqual({ sent: 5, answered: 4 });
  });
});
