import { readDigest } from '../../src/alerts/digest-builder';
import { alertText, digestText } from '../../src/alerts/alert-text';
import { chartPng } from '../../src/alerts/chart';
import { metricValue } from '../../src/alerts/metrics';
import { SlackSink } from '../../src/alerts/slack-sink';
import { runDigest } from '../../src/cli/commands/digest';
import type { PeerHealth } from '../../src/calls/call';
import { loadConfig } from '../../src/config';
import { SlackDeliveryError, UsageError } from '../../src/errors';
import { MemoryLogger } from '../../src/log/logger';
import { totalHours } from '../../src/stats/digest';
import { testRedisUrl } from '../support/redis';
import { FakeSlack } from './support/fake-slack';
import { report } from './support/reports';
import { alertStores, type AlertStores } from './support/setup';

const TZ = 'Europe/Berlin';
/** 2026-11-24 00:00 in Berlin */
const DAY = Date.UTC(2026, 10, 23, 23, 0, 0);
const H = 3_600_000;
const MIN = 60_000;

let s: AlertStores;
let slack: FakeSlack;

function peer(sent: number, answered: number, device = 'sbcA'): PeerHealth {
  return {
    remote: '52.114.75.24:5061',
    name: 'sip.pstnhub.microsoft.com',
    device,
    optionsSent: sent,
    optionsAnswered: answered,
    optionsRejected: 0,
    lastSent: DAY + 20 * H,
    lastAnswer: DAY + 20 * H,
    lastStatus: 200,
    status: 'up',
  };
}

function config(extra: Record<string, string> = {}) {
  return loadConfig({ REDIS_URL: testRedisUrl(), SIPSLEUTH_DIGEST_TZ: TZ, SIPSLEUTH_ALERT_MIN_CALLS: '3', ...extra });
}

beforeAll(async () => {
  s = alertStores('digest');
  slack = new FakeSlack();
  await slack.start();
  const add = (at: number, category: Parameters<typeof report>[0]['category'], extra: Partial<Parameters<typeof report>[0]> = {}) =>
    s.add(report({ at, category, sbc: 'sbcA', ...extra }), at);
  // the day, hand-counted: 7 calls, 2 answered (100 s + 200 s), 4 against NER
  await add(DAY + 30 * MIN, 'completed', { durationSec: 100 });
  await add(DAY + 9 * H + 15 * MIN, 'completed', { durationSec: 200 });
  await add(DAY + 9 * H + 16 * MIN, 'busy');
  await add(DAY + 9 * H + 17 * MIN, 'codec-mismatch', { id: 'codec-example' });
  await add(DAY + 9 * H + 18 * MIN, 'codec-mismatch');
  await add(DAY + 9 * H + 19 * MIN, 'trunk-unavailable');
  await add(DAY + 23 * H + 45 * MIN, 'not-found', { owner: 'carrier' });
  // just outside the day
  await add(DAY - MIN, 'codec-mismatch');
  await add(DAY + 24 * H, 'codec-mismatch');
  // the same day last week: 3 calls; the week before has trunk-unavailable only
  const lastWeek = DAY - 7 * 24 * H;
  await add(lastWeek + 10 * H, 'completed', { durationSec: 30 });
  await add(lastWeek + 10 * H + MIN, 'completed', { durationSec: 30 });
  await add(lastWeek + 11 * H, 'busy');
  await add(DAY - 3 * 24 * H, 'trunk-unavailable');
  // peers: OPTIONS snapshots at the start and the end of the day
  await s.stats.snapshotHealth([peer(100, 100)], DAY);
  await s.stats.snapshotHealth([peer(1540, 1530)], DAY + 24 * H);
  await s.calls.putHealth([peer(1600, 1590), { ...peer(10, 10, 'sbcB'), remote: '52.114.7.24:5061' }]);
});

afterAll(async () => {
  await slack.stop();
  await s.redis.quit();
});

describe('digest', () => {
  it("matches a hand-counted day: figures, causes with owners and examples, new categories, last week, peers' uptime, hours", async () => {
    const d = await readDigest('2026-11-24', TZ, { stats: s.stats, calls: s.calls, minCalls: 3 });
    expect(d.sbcs.map((x) => x.sbc)).toEqual(['sbcA', 'sbcB']);
    const a = d.sbcs[0];
    expect(a.figures).toMatchObject({ calls: 7, seizures: 7, answered: 2, failed: 5, avgDurationSec: 150, peakConcurrent: 1 });
    expect(a.figures.asr).toBeCloseTo(2 / 7);
    expect(a.figures.ner).toBeCloseTo(3 / 7);
    expect(a.causes.map((c) => [c.category, c.owner, c.calls])).toEqual([
      ['codec-mismatch', 'sbc', 2],
      ['not-found', 'carrier', 1],
      ['trunk-unavailable', 'carrier', 1],
    ]);
    expect(a.causes[0].example?.id).toBe('codec-example');
    // codec-mismatch is not new: one failed a minute before the day began
    expect(a.newCategories).toEqual(['not-found']);
    expect(a.lastWeek).toMatchObject({ calls: 3, answered: 2 });
    expect(a.peers).toEqual([
      { remote: '52.114.75.24:5061', name: 'sip.pstnhub.microsoft.com', status: 'up', sent: 1440, uptime: 1430 / 1440, cumulative: false },
    ]);
    expect(a.hours).toHaveLength(24);
    expect(a.hours[0]).toEqual({ label: '00', calls: 1, failures: 0 });
    expect(a.hours[9]).toEqual({ label: '09', calls: 5, failures: 3 });
    expect(a.hours[23]).toEqual({ label: '23', calls: 1, failures: 1 });
    expect(a.note).toBeNull();
    const b = d.sbcs[1];
    expect(b.figures.calls).toBe(0);
    expect(b.peers[0]).toMatchObject({ cumulative: true, uptime: 1 });
    const text = digestText(d);
    expect(text).toContain('SBC sbcA: 7 calls, answered 28.6%, NER 42.9%, avg duration 2m 30s');
    expect(text).toContain('codec-mismatch (sbc): 2 e.g. codec-example');
    expect(text).toContain('new since last week: not-found');
  });

  it('says so for a day with no calls, and refuses a date that is not one', async () => {
    const d = await readDigest('2026-10-01', TZ, { stats: s.stats, calls: { health: async () => [] }, minCalls: 3 });
    expect(d.note).toBe('No calls were logged on 2026-10-01 (Europe/Berlin).');
    expect(d.sbcs).toEqual([]);
    await expect(readDigest('2026-13-01', TZ, { stats: s.stats, calls: s.calls, minCalls: 3 })).rejects.toBeInstanceOf(UsageError);
  });

  it('renders the chart as a PNG without a browser', () => {
    const png = chartPng('Calls and failures per hour', [
      { label: '00', calls: 3, failures: 1 },
      { label: '01', calls: 12, failures: 4 },
    ]);
    expect(png.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
    expect(png.readUInt32BE(16)).toBe(800);
    expect(png.readUInt32BE(20)).toBe(320);
    expect(png.length).toBeGreaterThan(3000);
    expect(chartPng('x', [{ label: '00', calls: 3, failures: 1 }], 480).readUInt32BE(16)).toBe(480);
  });

  it('`digest --print` prints the text; without --print it posts once per channel with the chart in the thread', async () => {
    const printed = await runDigest({ date: '2026-11-24', print: true }, config(), { prefix: s.prefix });
    expect(printed).toContain('sipsleuth daily digest for 2026-11-24 (Europe/Berlin)');
    expect(printed).toContain('SBC sbcA: 7 calls');
    expect(slack.topLevel('CDIGEST')).toHaveLength(0);

    const sink = new SlackSink({ token: 'xoxb-test', channel: 'CDIGEST', apiUrl: slack.url, tz: TZ });
    const logger = new MemoryLogger();
    const out = await runDigest({ date: '2026-11-24', print: false }, config(), { prefix: s.prefix, sinks: [sink], logger, retry: { baseDelayMs: 1, maxDelayMs: 5 } });
    expect(out).toBe('digest for 2026-11-24 posted to slack:CDIGEST\n');
    const [msg] = slack.topLevel('CDIGEST');
    expect(JSON.stringify(msg.blocks)).toContain('sipsleuth daily digest · 2026-11-24');
    const upload = slack.uploads.find((u) => u.channel === 'CDIGEST');
    expect(upload?.threadTs).toBe(msg.ts);
    expect(upload?.filename).toBe('sipsleuth-digest-2026-11-24.png');
    expect(upload?.bytes.subarray(1, 4).toString()).toBe('PNG');
    expect(logger.lines.some((l) => l.digest !== undefined)).toBe(true);
    // the same date again: not posted twice
    await runDigest({ date: '2026-11-24', print: false }, config(), { prefix: s.prefix, sinks: [sink], logger });
    expect(slack.topLevel('CDIGEST')).toHaveLength(1);
  });

  it('a Slack API that keeps failing: retried, counted, and the digest run fails loudly', async () => {
    const before = await metricValue('sipsleuth_alert_delivery_failures_total', { what: 'digest' });
    const sink = new SlackSink({ token: 'xoxb-test', channel: 'CDOWN', apiUrl: slack.url, tz: TZ });
    slack.failWith = 'not-ok';
    slack.failNext = 3;
    await expect(
      runDigest({ date: '2026-11-24', print: false }, config(), { prefix: s.prefix, sinks: [sink], logger: new MemoryLogger(), retry: { attempts: 3, baseDelayMs: 1, maxDelayMs: 5 } }),
    ).rejects.toBeInstanceOf(SlackDeliveryError);
    expect(await metricValue('sipsleuth_alert_delivery_failures_total', { what: 'digest' })).toBe(before + 3);
    expect(slack.topLevel('CDOWN')).toHaveLength(0);
    // a retry of the job posts it
    await runDigest({ date: '2026-11-24', print: false }, config(), { prefix: s.prefix, sinks: [sink], logger: new MemoryLogger() });
    expect(slack.topLevel('CDOWN')).toHaveLength(1);
  });

  it('needs somewhere to post without --print', async () => {
    await expect(runDigest({ date: '2026-11-24', print: false }, config(), { prefix: s.prefix })).rejects.toBeInstanceOf(UsageError);
  });

  it('an alert reads well as text', () => {
    const t = alertText(
      {
        key: 'spike|sbcA|codec-mismatch',
        kind: 'spike',
        state: 'open',
        severity: 'warning',
        title: 'codec-mismatch failures spiking on sbcA',
        figures: '8 of 20 calls (40.0%) in the last 5 min ended in codec-mismatch; usually 0.2% of calls at this hour (last 7 days).',
        sbc: 'sbcA',
        peer: null,
        owner: 'sbc',
        nextCheck: 'Compare the codec lists.',
        examples: [{ id: 'c1', time: new Date(DAY + 9 * H).toISOString(), from: '+4930', to: '+4940', summary: 'No common codec' }],
        openedAt: new Date(DAY + 9 * H).toISOString(),
        at: new Date(DAY + 9 * H).toISOString(),
      },
      TZ,
    );
    expect(t).toContain('[Warning] codec-mismatch failures spiking on sbcA');
    expect(t).toContain('Since 2026-11-24 09:00:00 +01:00');
    expect(t).toContain('(why c1)');
    expect(totalHours({ date: 'x', tz: 'UTC', sbcs: [], totals: { calls: 0, seizures: 0, answered: 0, failed: 0, cancelled: 0, inProgress: 0, asr: null, ner: null, avgDurationSec: null, peakConcurrent: 0 }, note: null })).toEqual([]);
  });
});
