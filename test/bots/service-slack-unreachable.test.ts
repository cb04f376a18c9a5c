/**
 * Calls are read and stored whatever Slack does: `serve` with its chat parts as the CLI composes
 * them (chatParts → startService), the Slack bot pointed at a Slack whose Web API holds every
 * auth.test unanswered. The service starts, a log written to the watched folder is read and its
 * calls stored, `/metrics` shows the Slack bot not ready; once Slack answers, it is ready and
 * answers a command.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Redis } from 'ioredis';
import { chatParts } from '../../src/cli/chat-parts';
import { servicePrefixes } from '../../src/service/queue-names';
import { startService, type RunningService } from '../../src/service/service';
import { RedisCallStore } from '../../src/store/redis-store';
import { deletePrefix, FAST, newLogger, tempDir, testConfig, waitForCalls } from '../service/support/service-harness';
import { testPrefix, testRedisUrl } from '../support/redis';
import { waitFor } from '../service/support/wait-for';
import { startFakeSlack, type FakeSlack } from './support/fake-slack';
import { commandBody, sendSigned } from './support/slack-requests';

const SECRET = 'unreachable-signing-secret';
const FIXTURE = path.join(__dirname, '..', 'fixtures', 'audiocodes', 'ask-seven-calls.rsyslog.log');

describe('serve with a Slack that does not answer', () => {
  const prefix = testPrefix('slack-unreachable');
  const dir = tempDir('slack-unreachable');
  const logger = newLogger();
  let redis: Redis;
  let slack: FakeSlack;
  let service: RunningService | null = null;
  let base: string;

  beforeAll(async () => {
    redis = new Redis(testRedisUrl());
    slack = await startFakeSlack();
    slack.hold('auth.test', true);
  });

  afterAll(async () => {
    await service?.stop();
    slack.hold('auth.test', false);
    await slack.close();
    await deletePrefix(testRedisUrl(), prefix);
    redis.disconnect();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  async function readyMetric(bot = 'slack'): Promise<string | undefined> {
    const text = await (await fetch(`${base}/metrics`)).text();
    return new RegExp(`^sipsleuth_chat_ready\\{bot="${bot}"\\} (\\d)$`, 'm').exec(text)?.[1];
  }

  it('starts, reads and stores the calls of a log written to the watched folder, and the bot answers once Slack does', async () => {
    const config = testConfig({
      REDIS_URL: testRedisUrl(),
      SIPSLEUTH_WATCH: dir,
      SLACK_BOT_TOKEN: 'xoxb-unreachable',
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: slack.apiUrl,
    });
    const chat = chatParts(config, logger, prefix, { slackRetry: { retryConfig: { retries: 0 }, againAfterMs: 50, maxAgainAfterMs: 200 } });
    // before: the Slack bot's start() waited on auth.test, and the tailer (started after it) never started
    service = await startService(config, 'serve', { ...FAST, logger, prefix, mount: chat.mount, extraParts: chat.parts });
    base = `http://127.0.0.1:${service.http.port()}`;
    expect(slack.callsOf('auth.test')).toHaveLength(1);

    fs.copyFileSync(FIXTURE, path.join(dir, 'sbc.log'));
    const store = new RedisCallStore(redis, { prefix: servicePrefixes(prefix).store, retentionDays: config.service.SIPSLEUTH_RETENTION_DAYS });
    await waitForCalls(store, ['a1b2c3:1:1003', 'a1b2c3:1:1006', 'a1b2c3:1:1007']);
    expect(await readyMetric()).toBe('0');
    // the Teams bot waits on nothing at start; without MICROSOFT_APP_ID it refuses every request
    expect(await readyMetric('teams')).toBe('0');

    slack.hold('auth.test', false);
    await waitFor('sipsleuth_chat_ready{bot="slack"} 1', async () => (await readyMetric()) === '1', 5000, 25);
    const res = await sendSigned(`${base}/slack/events`, SECRET, commandBody('why a1b2c3:1:1003', { responseUrl: slack.responseUrl('svc') }), 'application/x-www-form-urlencoded');
    expect(res.status).toBe(200);
    const [r] = await slack.waitFor('response_url', 1);
    expect(r.body.response_type).toBe('in_channel');
  }, 90_000);
});
