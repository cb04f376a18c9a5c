import type { Alert } from '../../src/alerts/alert';
import { AlertDelivery } from '../../src/alerts/delivery';
import { AlertEngine } from '../../src/alerts/engine';
import { alertMetrics, metricValue } from '../../src/alerts/metrics';
import type { AlertSettings } from '../../src/alerts/settings';
import { SlackSink } from '../../src/alerts/slack-sink';
import type { PeerHealth } from '../../src/calls/call';
import type { Category } from '../../src/diagnosis/verdict';
import { MemoryLogger } from '../../src/log/logger';
import { FakeSlack } from './support/fake-slack';
import { report } from './support/reports';
import { alertStores, type AlertStores } from './support/setup';

const MIN = 60_000;
const T0 = Date.UTC(2026, 11, 24, 10, 0, 0);

const settings: AlertSettings = {
  minCalls: 10,
  cooldownMs: 30 * MIN,
  extraCategories: [],
  optionsWarnSec: 180,
  logsSilentMin: 15,
  tz: 'UTC',
};

let slack: FakeSlack;

beforeAll(async () => {
  slack = new FakeSlack();
  await slack.start();
});
afterAll(async () => {
  await slack.stop();
});

interface Rig {
  s: AlertStores;
  engine: AlertEngine;
  logger: MemoryLogger;
  channel: string;
  produced: Alert[];
  tick(now: number): Promise<Alert[]>;
}

let rigs: Rig[] = [];
afterEach(async () => {
  for (const r of rigs) {
    await r.s.redis.quit();
  }
  rigs = [];
});

function rig(name: string, over: Partial<AlertSettings> = {}): Rig {
  const s = alertStores(name);
  const logger = new MemoryLogger();
  const channel = `C${name.toUpperCase().replace(/[^A-Z0-9]/g, '')}`;
  const sink = new SlackSink({ token: 'xoxb-test', channel, apiUrl: slack.url, tz: 'UTC' });
  const metrics = alertMetrics();
  const delivery = new AlertDelivery({
    sinks: [sink],
    incidents: s.incidents,
    metrics,
    logger,
    retry: { attempts: 3, baseDelayMs: 2, maxDelayMs: 10 },
  });
  const engine = new AlertEngine({ stats: s.stats, calls: s.calls, incidents: s.incidents, delivery, settings: { ...settings, ...over }, logger, metrics });
  const produced: Alert[] = [];
  const r: Rig = {
    s,
    engine,
    logger,
    channel,
    produced,
    async tick(now) {
      const res = await engine.tick(now);
      if (!res.ran) {
        throw new Error('tick did not run');
      }
      produced.push(...res.alerts);
      return res.alerts;
    },
  };
  rigs.push(r);
  return r;
}

/** Calls every 30 s in [from, to): completed, plus `extra` per minute of `cat`. */
async function traffic(r: Rig, from: number, to: number, extra: number, cat: Category, sbc = 'sbc1', wall?: number): Promise<void> {
  for (let t = from; t < to; t += 30_000) {
    await r.s.add(report({ at: t, category: 'completed', durationSec: 20, sbc }), wall ?? t);
    if (extra > 0 && (t - from) % MIN === 0) {
      for (let i = 0; i < extra; i++) {
        await r.s.add(report({ at: t + 1000 + i * 100, category: cat, sbc }), wall ?? t);
      }
    }
  }
}

describe('spike alerts', () => {
  it('a quiet baseline then a burst of codec-mismatch gives exactly one alert, updated in place, then one recovery', async () => {
    const r = rig('burst');
    await traffic(r, T0 - 3 * 60 * MIN, T0, 0, 'completed');
    expect(await r.tick(T0)).toEqual([]);
    for (let m = 0; m < 10; m++) {
      await traffic(r, T0 + m * MIN, T0 + (m + 1) * MIN, 3, 'codec-mismatch');
      await r.tick(T0 + (m + 1) * MIN);
    }
    for (let m = 10; m < 40; m++) {
      await traffic(r, T0 + m * MIN, T0 + (m + 1) * MIN, 0, 'completed');
      await r.tick(T0 + (m + 1) * MIN);
    }
    const states = r.produced.map((a) => a.state);
    expect(states.filter((x) => x === 'open')).toHaveLength(1);
    expect(states.filter((x) => x === 'recovered')).toHaveLength(1);
    expect(states[states.length - 1]).toBe('recovered');
    expect(r.produced.every((a) => a.key === 'spike|sbc1|codec-mismatch')).toBe(true);

    const open = r.produced[0];
    expect(open.owner).toBe('sbc');
    expect(open.title).toBe('codec-mismatch failures spiking on sbc1');
    expect(open.figures).toMatch(/^\d+ of \d+ calls \([\d.]+%\) in the last 5 min ended in codec-mismatch; usually 0% of calls/);
    expect(open.examples.length).toBeGreaterThan(0);
    expect(open.examples.every((e) => e.summary.startsWith('codec-mismatch'))).toBe(true);
    expect(open.peer).toMatch(/\(\d+ of these failures\)/);

    const top = slack.topLevel(r.channel);
    expect(top).toHaveLength(1);
    const msg = top[0];
    expect(msg.updates.length).toBe(states.length - 1);
    expect(msg.text).toContain('[Recovered]');
    const firstBlocks = JSON.stringify(msg.updates[0]?.blocks ?? msg.blocks);
    expect(firstBlocks).toContain('"text":"Why?"');
    expect(firstBlocks).toContain(`"value":"${open.examples[0].id}"`);
    const replies = slack.replies(msg.ts);
    expect(replies[replies.length - 1].text).toMatch(/^✅ Recovered at/);
    // every alert also in the log as JSON
    const logged = r.logger.lines.filter((l) => l.alert !== undefined);
    expect(logged).toHaveLength(r.produced.length);
    expect(JSON.parse(JSON.stringify(logged[0].alert))).toEqual(open);
  });

  it('a trunk failing alone, drowned in the SBC volume, alerts for that trunk', async () => {
    const r = rig('onetrunk');
    const trunks = ['198.51.100.31:5060', '198.51.100.32:5060', '198.51.100.33:5060', '198.51.100.34:5060'];
    const lonely = '203.0.113.99:5060';
    for (let m = -80; m < 6; m++) {
      const t = T0 + m * MIN;
      const adds: Array<Promise<void>> = [];
      for (const peer of trunks) {
        for (let i = 0; i < 10; i++) {
          adds.push(r.s.add(report({ at: t + i * 5000, category: 'completed', durationSec: 20, peer }), t));
        }
      }
      for (let i = 0; i < 2; i++) {
        adds.push(r.s.add(report({ at: t + 1000 + i * 20_000, category: m < 0 ? 'completed' : 'trunk-unavailable', durationSec: 20, peer: lonely }), t));
      }
      await Promise.all(adds);
      if (m >= 0) {
        await r.tick(t + MIN);
      }
    }
    const opens = r.produced.filter((a) => a.state === 'open');
    expect(opens.map((a) => a.key)).toEqual([`peer-spike|sbc1.example.com|${lonely}|trunk-unavailable`]);
    expect(opens[0].title).toBe(`trunk-unavailable failures spiking on sbc1.example.com toward ${lonely}`);
    expect(opens[0].peer).toBe(lonely);
    expect(opens[0].owner).toBe('carrier');
    expect(opens[0].examples.length).toBeGreaterThan(0);
  });

  it('normal outcomes do not alert, however many', async () => {
    const r = rig('normal');
    await traffic(r, T0 - 3 * 60 * MIN, T0, 0, 'completed');
    for (let m = 0; m < 10; m++) {
      await traffic(r, T0 + m * MIN, T0 + (m + 1) * MIN, 4, (['busy', 'no-answer', 'caller-cancelled', 'declined'] as const)[m % 4]);
      await r.tick(T0 + (m + 1) * MIN);
    }
    expect(r.produced).toEqual([]);
    expect(slack.topLevel(r.channel)).toHaveLength(0);
  });

  it('too little traffic for a baseline: no alert, and says why', async () => {
    const r = rig('fewcalls');
    for (let m = 0; m < 5; m++) {
      await traffic(r, T0 + m * MIN, T0 + (m + 1) * MIN, 3, 'codec-mismatch');
    }
    const res = await r.engine.tick(T0 + 5 * MIN);
    expect(res.ran && res.alerts).toEqual([]);
    expect(res.ran && res.notes.sbc1).toMatch(/no traffic before this window|too little traffic/);
  });

  it('replayed logs of another day alert in their own time', async () => {
    const r = rig('replay');
    const day = T0 - 5 * 86_400_000;
    await traffic(r, day - 2 * 60 * MIN, day, 0, 'completed', 'sbc1', T0);
    await traffic(r, day, day + 6 * MIN, 4, 'codec-mismatch', 'sbc1', T0);
    const alerts = await r.tick(T0);
    expect(alerts.map((a) => [a.kind, a.state])).toEqual([['spike', 'open']]);
    // the window ended at the newest call of the replayed day, not at the wall clock
    expect(alerts[0].at).toBe(new Date(day + 6 * MIN - 30_000).toISOString());
    // no more calls, but the SBC's OPTIONS go on in its own time: the windows move on, and once
    // the burst has left the last hour it recovers
    const probe = day + 70 * MIN;
    await r.s.calls.putHealth([
      { remote: '52.114.75.24:5061', device: 'sbc1', optionsSent: 40, optionsAnswered: 40, optionsRejected: 0, lastSent: probe, lastAnswer: probe, lastStatus: 200, status: 'up' },
    ]);
    expect((await r.tick(T0 + MIN)).map((a) => [a.kind, a.state])).toEqual([['spike', 'recovered']]);
  });
});

describe('connectivity alerts', () => {
  function health(now: number, lastAnswer: number, p: Partial<PeerHealth> = {}): PeerHealth {
    return {
      remote: '52.114.75.24:5061',
      name: 'sip.pstnhub.microsoft.com',
      device: 'sbc1',
      optionsSent: 100,
      optionsAnswered: 90,
      optionsRejected: 0,
      lastSent: now,
      lastAnswer,
      lastStatus: null,
      status: now > lastAnswer ? 'down' : 'up',
      ...p,
    };
  }

  it('a Teams proxy going silent alerts at 3 minutes, once, turns critical at 5, and recovers', async () => {
    const r = rig('optsilent');
    const stopped = T0;
    await r.s.calls.putHealth([health(stopped, stopped)]);
    for (let s = 30; s <= 420; s += 30) {
      await r.s.calls.putHealth([health(stopped + s * 1000, stopped)]);
      const got = await r.tick(stopped + s * 1000);
      if (s < 180) {
        expect(got).toEqual([]);
      }
    }
    const opens = r.produced.filter((a) => a.state === 'open');
    expect(opens).toHaveLength(1);
    expect(opens[0].at).toBe(new Date(stopped + 180_000).toISOString());
    expect(opens[0].title).toBe('Teams proxy sip.pstnhub.microsoft.com (52.114.75.24:5061) is not answering OPTIONS from sbc1');
    expect(opens[0].figures).toMatch(/Microsoft takes an SBC out of service after 5 minutes/);
    const critical = r.produced.filter((a) => a.state === 'update');
    expect(critical).toHaveLength(1);
    expect(critical[0].severity).toBe('critical');
    expect(critical[0].figures).toMatch(/out of service/);
    // answers again
    await r.s.calls.putHealth([health(stopped + 450_000, stopped + 450_000)]);
    const back = await r.tick(stopped + 450_000);
    expect(back.map((a) => a.state)).toEqual(['recovered']);
    expect(slack.topLevel(r.channel)).toHaveLength(1);
  });

  it('TLS failures alert whatever the volume, once', async () => {
    const r = rig('tls');
    for (let m = 0; m < 3; m++) {
      await r.s.add(report({ at: T0 + m * MIN, category: 'tls-failure' }), T0 + m * MIN);
      await r.tick(T0 + m * MIN + 1000);
    }
    expect(r.produced.filter((a) => a.state === 'open').map((a) => [a.kind, a.key])).toEqual([['tls', 'tls|sbc1.example.com']]);
    expect(r.produced.every((a) => a.kind === 'tls' && a.state !== 'recovered')).toBe(true);
    expect(slack.topLevel(r.channel)).toHaveLength(1);
    expect(r.produced[0].owner).toBe('network');
  });

  it('an SBC whose logs stop arriving alerts after the configured minutes, once, and recovers', async () => {
    const r = rig('silentlogs');
    await r.s.add(report({ at: T0, category: 'completed' }), T0);
    expect(await r.tick(T0 + 14 * MIN)).toEqual([]);
    const a = await r.tick(T0 + 15 * MIN);
    expect(a.map((x) => [x.kind, x.state])).toEqual([['logs-silent', 'open']]);
    expect(await r.tick(T0 + 20 * MIN)).toEqual([]);
    await r.s.add(report({ at: T0 + 21 * MIN, category: 'completed' }), T0 + 21 * MIN);
    const b = await r.tick(T0 + 21 * MIN);
    expect(b.map((x) => [x.kind, x.state])).toEqual([['logs-silent', 'recovered']]);
  });
});

describe('clock jumps', () => {
  it('a wall clock jumping back neither recovers nor repeats an open incident', async () => {
    const r = rig('clockjump');
    await r.s.add(report({ at: T0, category: 'completed' }), T0);
    expect((await r.tick(T0 + 16 * MIN)).map((a) => a.state)).toEqual(['open']);
    expect(await r.tick(T0 + 2 * MIN)).toEqual([]);
    expect(await r.tick(T0 + 17 * MIN)).toEqual([]);
    expect(slack.topLevel(r.channel)).toHaveLength(1);
  });
});

describe('delivery', () => {
  it('retries a failing Slack API with backoff, keeps the alert, counts failures, and sends it later', async () => {
    const r = rig('slackdown');
    const failuresBefore = await metricValue('sipsleuth_alert_delivery_failures_total', { sink: 'slack', what: 'alert' });
    const queuedBefore = await metricValue('sipsleuth_alert_undelivered_total', { result: 'queued' });
    await r.s.add(report({ at: T0, category: 'completed' }), T0);
    slack.failNext = 3;
    slack.failWith = 'http-500';
    const a = await r.tick(T0 + 15 * MIN);
    expect(a).toHaveLength(1);
    expect(slack.topLevel(r.channel)).toHaveLength(0);
    expect(await metricValue('sipsleuth_alert_delivery_failures_total', { sink: 'slack', what: 'alert' })).toBe(failuresBefore + 3);
    expect(await metricValue('sipsleuth_alert_undelivered_total', { result: 'queued' })).toBe(queuedBefore + 1);
    expect(await r.s.incidents.outbox()).toHaveLength(1);
    expect(r.logger.lines.some((l) => l.level === 'error' && l.alert !== undefined)).toBe(true);
    // next round: Slack is back, the kept alert goes out
    slack.failWith = 'not-ok';
    slack.failNext = 1;
    expect(await r.tick(T0 + 16 * MIN)).toEqual([]);
    expect(slack.topLevel(r.channel)).toHaveLength(1);
    expect(await r.s.incidents.outbox()).toHaveLength(0);
  });

  it('one instance evaluates at a time', async () => {
    const r = rig('lock');
    const token = await r.s.incidents.lock(5000);
    expect(token).not.toBeNull();
    expect(await r.engine.tick(T0)).toEqual({ ran: false });
    expect(await r.s.incidents.extendLock(token ?? '', 5000)).toBe(true);
    expect(await r.s.incidents.extendLock('not-mine', 5000)).toBe(false);
    await r.s.incidents.unlock(token ?? '');
    expect((await r.engine.tick(T0)).ran).toBe(true);
  });
});
