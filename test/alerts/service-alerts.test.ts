/**
 * The whole path on a real Redis: a watched AudioCodes log (a replayed day: quiet calls, a burst
 * of not-found failures, quiet again) → tailer → queue → records worker → store → call events →
 * stats follower → alert engine → a fake Slack and a fake Teams Bot Connector. One incident
 * message, updated in place, and one recovery, on each.
 */
import fs from 'node:fs';
import path from 'node:path';
import IORedis, { type Redis } from 'ioredis';
import { createAlertsParts } from '../../src/alerts/alerts-service';
import { startService, type RunningService } from '../../src/service/service';
import { testPrefix, testRedisUrl } from '../support/redis';
import { callRecords, rsyslogLines, type CallSpec, type Scenario } from '../service/support/audiocodes-calls';
import { FAST, appendLines, deletePrefix, newLogger, storeOf, tempDir, testConfig, waitForCalls } from '../service/support/service-harness';
import { waitFor } from '../service/support/wait-for';
import { CloudAdapter, ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import { TeamsAlertSink } from '../../bots/teams/alerts-sink';
import { RedisSubscriptionStore } from '../../bots/teams/subscriptions';
import { FakeConnector } from './support/fake-connector';
import { FakeSlack } from './support/fake-slack';

const MIN = 60_000;
const B = Date.UTC(2026, 10, 20, 9, 0, 0);

let n = 0;
function call(scenario: Scenario, start: number): CallSpec {
  n++;
  return {
    sid: `e2e${(n % 10).toString()}:${10 + (n % 7)}:${200000 + n}`,
    scenario,
    start,
    teamsNumber: `+4930555${String(1000 + n).padStart(4, '0')}`,
    pstnNumber: `+4940777${String(2000 + n).padStart(4, '0')}`,
  };
}

function minutes(from: number, count: number, perMinute: Scenario[]): CallSpec[] {
  const out: CallSpec[] = [];
  for (let m = 0; m < count; m++) {
    perMinute.forEach((s, i) => out.push(call(s, from + m * MIN + i * 7000)));
  }
  return out;
}

describe('alerts through the service', () => {
  const prefix = testPrefix('alerts-e2e');
  const dir = tempDir('alerts-e2e');
  const file = path.join(dir, 'sbc.log');
  const slack = new FakeSlack();
  const teams = new FakeConnector();
  let service: RunningService;
  let redis: Redis;
  const logger = newLogger();

  beforeAll(async () => {
    await slack.start();
    await teams.start();
    redis = new IORedis(testRedisUrl());
    const subscriptions = new RedisSubscriptionStore(redis, prefix);
    await subscriptions.add({ serviceUrl: teams.serviceUrl, channelId: 'msteams', conversation: { id: '19:voice@thread.tacv2', conversationType: 'channel', isGroup: true, name: 'voice' }, bot: { id: '28:sipsleuth', name: 'sipsleuth' } });
    const teamsSink = new TeamsAlertSink({ adapter: new CloudAdapter(new ConfigurationBotFrameworkAuthentication({})), appId: '', subscriptions, tz: 'UTC', logger });
    fs.writeFileSync(file, '');
    const config = testConfig({
      REDIS_URL: testRedisUrl(),
      SIPSLEUTH_WATCH: dir,
      SLACK_BOT_TOKEN: 'xoxb-test',
      SLACK_API_URL: slack.url,
      SIPSLEUTH_ALERT_SLACK_CHANNELS: 'CE2E',
      SIPSLEUTH_ALERT_MIN_CALLS: '10',
      SIPSLEUTH_DIGEST_TIME: '',
    });
    service = await startService(config, 'serve', {
      ...FAST,
      logger,
      prefix,
      extraParts: createAlertsParts(config, { logger, prefix, tickEveryMs: 150, retry: { baseDelayMs: 5, maxDelayMs: 20 }, sinks: [teamsSink] }),
    });
  });
  afterAll(async () => {
    await service.stop();
    await slack.stop();
    await teams.stop();
    await deletePrefix(testRedisUrl(), prefix);
    redis.disconnect();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  async function replay(calls: CallSpec[], seq0: number): Promise<void> {
    appendLines(file, rsyslogLines(callRecords(calls, seq0)));
    await waitForCalls(storeOf(redis, prefix), calls.map((c) => c.sid), 90_000, (s) => s.report.outcome !== 'in-progress');
  }

  it('replaying a day with a burst of failures posts one incident and one recovery', async () => {
    const quiet = minutes(B - 90 * MIN, 90, ['answered']);
    const burst = minutes(B, 10, ['answered', 'not-found', 'not-found', 'not-found']);
    const after = minutes(B + 10 * MIN, 30, ['answered']);
    await replay(quiet, 10_000);
    await new Promise((r) => setTimeout(r, 600));
    expect(slack.topLevel('CE2E')).toHaveLength(0);
    await replay(burst, 200_000);
    await waitFor('the incident message', async () => slack.topLevel('CE2E').length === 1, 30_000, 100);
    const first = slack.topLevel('CE2E')[0];
    expect(first.text).toMatch(/not-found failures spiking on /);
    await replay(after, 300_000);
    await waitFor('the recovery', async () => slack.topLevel('CE2E')[0].text.includes('[Recovered]'), 30_000, 100);
    await new Promise((r) => setTimeout(r, 600));
    expect(slack.topLevel('CE2E')).toHaveLength(1);
    const replies = slack.replies(first.ts).map((m) => m.text);
    expect(replies.filter((t) => t.startsWith('✅ Recovered'))).toHaveLength(1);
    const alerts = logger.lines.filter((l) => l.alert !== undefined).map((l) => (l.alert as { state: string; kind: string }));
    expect(alerts.filter((a) => a.state === 'open')).toEqual([expect.objectContaining({ kind: 'spike' })]);
    expect(alerts.filter((a) => a.state === 'recovered')).toHaveLength(1);
    // Teams: one card in the channel, updated in place, the recovery in its thread
    const cards = teams.calls.filter((c) => c.method === 'POST' && c.conversationId === '19:voice@thread.tacv2');
    expect(cards).toHaveLength(1);
    expect(JSON.stringify(cards[0].body)).toMatch(/not-found failures spiking on /);
    const puts = teams.calls.filter((c) => c.method === 'PUT');
    expect(JSON.stringify(puts[puts.length - 1].body)).toContain('back to usual');
    const threadReplies = teams.calls.filter((c) => c.method === 'POST' && c.conversationId.startsWith('19:voice@thread.tacv2;messageid='));
    expect(threadReplies.filter((c) => String(c.body.text).startsWith('✅ Recovered'))).toHaveLength(1);
  }, 180_000);
});
