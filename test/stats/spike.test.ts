import { computeBaseline, describeUsual } from '../../src/stats/baseline';
import { countReports, emptyStatCounts, type StatCounts } from '../../src/stats/counts';
import { stepIncident, type IncidentState } from '../../src/stats/incident';
import { alertingCategories, checkSpikes, type WindowCounts } from '../../src/stats/spike';
import { advanceNewest, LIVE_SLACK_MS, windowEnd } from '../../src/stats/stats-clock';
import type { Category } from '../../src/diagnosis/verdict';
import { report } from '../alerts/support/reports';

const T = Date.UTC(2026, 10, 24, 10, 0, 0);
const MIN = 60_000;

function counts(spec: Partial<Record<Category, number>>): StatCounts {
  const rs = [];
  for (const [cat, n] of Object.entries(spec) as Array<[Category, number]>) {
    for (let i = 0; i < n; i++) {
      rs.push(report({ at: T, category: cat }));
    }
  }
  return countReports(rs);
}

/** 6 hours of quiet minutes: 2 calls a minute, 1 in 200 busy. */
function quietMinutes(): Array<[number, StatCounts]> {
  const out: Array<[number, StatCounts]> = [];
  for (let m = 360 + 60; m > 60; m--) {
    out.push([T - m * MIN, counts({ completed: 2 })]);
  }
  return out;
}

describe('baseline', () => {
  it('uses the same hour of earlier days when at least two had enough calls', () => {
    const b = computeBaseline({
      sameHour: [counts({ completed: 95, 'codec-mismatch': 5 }), counts({ completed: 99, 'codec-mismatch': 1 }), counts({ completed: 3 })],
      recent: [],
      windowStart: T,
      minCalls: 10,
    });
    expect(b.kind).toBe('same-hour');
    if (b.kind === 'same-hour') {
      expect(b.days).toBe(2);
      expect(b.ratio['codec-mismatch']).toBeCloseTo(6 / 200);
    }
    expect(describeUsual(b, 'codec-mismatch')).toContain('3.0%');
  });

  it('falls back to a decaying average of the recent minutes, and to none with too little traffic', () => {
    const b = computeBaseline({ sameHour: [], recent: quietMinutes(), windowStart: T - 59 * MIN, minCalls: 10 });
    expect(b.kind).toBe('decaying');
    const none = computeBaseline({ sameHour: [], recent: [[T - 120 * MIN, counts({ completed: 5 })]], windowStart: T, minCalls: 10 });
    expect(none.kind).toBe('none');
    expect(describeUsual(none, 'busy')).toMatch(/too little traffic/);
  });
});

describe('spikes', () => {
  const baseline = computeBaseline({ sameHour: [], recent: quietMinutes(), windowStart: T - 59 * MIN, minCalls: 10 });
  const settings = { minCalls: 10, extraCategories: [] as Category[] };
  const win = (minutes: number, c: StatCounts): WindowCounts => ({ minutes, counts: c });

  it('finds a burst of codec-mismatch in the shortest window with enough calls', () => {
    const five = counts({ completed: 6, 'codec-mismatch': 8 });
    const r = checkSpikes([win(5, five), win(15, five), win(60, five)], baseline, settings);
    expect(r.kind).toBe('checked');
    if (r.kind === 'checked') {
      expect(r.windowMin).toBe(5);
      expect(r.spikes.map((s) => s.category)).toEqual(['codec-mismatch']);
      expect(r.spikes[0].owner).toBe('sbc');
      expect(r.spikes[0].count).toBe(8);
    }
  });

  it('does not alert on normal outcomes unless configured', () => {
    const w = counts({ completed: 4, busy: 10, 'no-answer': 10 });
    const r = checkSpikes([win(5, w)], baseline, settings);
    expect(r.kind === 'checked' && r.spikes.length).toBe(0);
    const r2 = checkSpikes([win(5, w)], baseline, { minCalls: 10, extraCategories: ['busy'] });
    expect(r2.kind === 'checked' && r2.spikes.map((s) => s.category)).toEqual(['busy']);
    expect(alertingCategories({ extraCategories: [] })).not.toContain('completed');
    expect(alertingCategories({ extraCategories: [], skip: ['tls-failure'] })).not.toContain('tls-failure');
  });

  it('does not decide with too few calls or without a baseline', () => {
    const few = counts({ 'codec-mismatch': 5 });
    expect(checkSpikes([win(5, few), win(60, few)], baseline, settings).kind).toBe('too-few-calls');
    expect(checkSpikes([win(5, counts({ 'codec-mismatch': 20 }))], { kind: 'none', why: 'x' }, settings).kind).toBe('no-baseline');
  });

  it('does not alert on a failure rate that is usual', () => {
    const usual = computeBaseline({
      sameHour: [counts({ completed: 70, 'trunk-unavailable': 30 }), counts({ completed: 70, 'trunk-unavailable': 30 })],
      recent: [],
      windowStart: T,
      minCalls: 10,
    });
    const w = counts({ completed: 14, 'trunk-unavailable': 6 });
    const r = checkSpikes([win(5, w)], usual, settings);
    expect(r.kind === 'checked' && r.spikes.length).toBe(0);
  });

  it('keeps an open incident bad under the looser test, then lets it go', () => {
    const still = counts({ completed: 12, 'codec-mismatch': 2 });
    const r = checkSpikes([win(5, still)], baseline, settings, new Set<Category>(['codec-mismatch']));
    expect(r.kind === 'checked' && r.bad.has('codec-mismatch')).toBe(true);
    const ok = counts({ completed: 14 });
    const r2 = checkSpikes([win(5, ok)], baseline, settings, new Set<Category>(['codec-mismatch']));
    expect(r2.kind === 'checked' && r2.bad.has('codec-mismatch')).toBe(false);
  });
});

describe('incidents', () => {
  const t = { cooldownMs: 30 * MIN, quietMs: 10 * MIN };
  it('opens once, updates when it grows, recovers after the quiet time, reopens within the cooldown', () => {
    let s: IncidentState | null = null;
    const step = (bad: boolean, now: number, size = 0, severity: 'warning' | 'critical' = 'warning'): string => {
      const r = stepIncident(s, { key: 'k', bad, now, size, severity }, t);
      s = r.state;
      return r.action;
    };
    expect(step(false, T)).toBe('none');
    expect(step(true, T, 5)).toBe('open');
    expect(step(true, T + MIN, 6)).toBe('none');
    expect(step(true, T + 2 * MIN, 8)).toBe('update');
    expect(step(true, T + 3 * MIN, 8, 'critical')).toBe('update');
    expect(step(false, T + 5 * MIN)).toBe('none');
    expect(step(false, T + 13 * MIN)).toBe('recover');
    expect(step(false, T + 14 * MIN)).toBe('none');
    expect(step(true, T + 20 * MIN, 4)).toBe('reopen');
    expect(step(false, T + 31 * MIN)).toBe('recover');
    expect(step(true, T + 90 * MIN, 4)).toBe('open');
  });

  it('counts quiet time from the newest failure seen, so a round on half-arrived data does not hold it open', () => {
    const open = stepIncident(null, { key: 'k', bad: true, now: T }, t).state;
    const held = stepIncident(open, { key: 'k', bad: true, now: T + 30 * MIN, badAt: T + 2 * MIN }, t);
    expect(held.state?.lastBadAt).toBe(T + 2 * MIN);
    expect(stepIncident(held.state, { key: 'k', bad: false, now: T + 30 * MIN }, t).action).toBe('recover');
  });

  it('never counts a clock jump backwards as quiet time', () => {
    const open = stepIncident(null, { key: 'k', bad: true, now: T }, t).state;
    expect(stepIncident(open, { key: 'k', bad: false, now: T - 60 * MIN }, t).action).toBe('none');
  });
});

describe('stats clock', () => {
  it('follows the wall clock live and the calls when replaying or when the SBC clock is ahead', () => {
    expect(windowEnd(T, null)).toBe(T);
    expect(windowEnd(T, T - 2 * MIN)).toBe(T);
    expect(windowEnd(T, T - LIVE_SLACK_MS - 1)).toBe(T - LIVE_SLACK_MS - 1);
    expect(windowEnd(T, T + 3 * 3_600_000)).toBe(T + 3 * 3_600_000);
    expect(advanceNewest(T, T - 5 * MIN)).toBe(T);
    expect(advanceNewest(null, T)).toBe(T);
  });

  it('has an empty count to start from', () => {
    expect(emptyStatCounts().calls).toBe(0);
  });
});
