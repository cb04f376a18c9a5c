/**
 * The "done when" of the bots: with the service running (tailer → queue → worker → Redis store)
 * on an example log, a signed `/sipsleuth why <a failed call's number>` and a Teams message
 * "why did call <Call-ID> fail" each get the verdict and evidence posted back, through the
 * service's one HTTP port.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Redis } from 'ioredis';
import { slackBotFromConfig } from '../../bots/slack';
import { teamsBotFromConfig } from '../../bots/teams';
import { servicePrefixes } from '../../src/service/queue-names';
import { startService, type RunningService } from '../../src/service/service';
import { RedisCallStore } from '../../src/store/redis-store';
import { analyzeFixtures } from '../ask/support/stored-calls';
import { deletePrefix, FAST, newLogger, tempDir, testConfig, waitForCalls } from '../service/support/service-harness';
import { testPrefix, testRedisUrl } from '../support/redis';
import { startFakeConnector, type FakeConnector } from './support/fake-connector';
import { startFakeSlack, type FakeSlack } from './support/fake-slack';
import { commandBody, sendSigned } from './support/slack-requests';
import { activity, sendActivity } from './support/teams-activities';

const SECRET = 'service-signing-secret';
const FIXTURE = path.join(__dirname, '..', 'fixtures', 'audiocodes', 'ask-seven-calls.rsyslog.log');

describe('bots in the running service', () => {
  const prefix = testPrefix('service-bots');
  const dir = tempDir('service-bots');
  const logger = newLogger();
  let redis: Redis;
  let slack: FakeSlack;
  let connector: FakeConnector;
  let service: RunningService;
  let base: string;

  beforeAll(async () => {
    redis = new Redis(testRedisUrl());
    slack = await startFakeSlack();
    connector = await startFakeConnector();
    const config = testConfig({
      REDIS_URL: testRedisUrl(),
      SIPSLEUTH_WATCH: dir,
      SLACK_BOT_TOKEN: 'xoxb-service-test',
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: slack.apiUrl,
      TEAMS_ALLOW_UNAUTHENTICATED: 'true',
    });
    const store = new RedisCallStore(redis, { prefix: servicePrefixes(prefix).store, retentionDays: config.service.SIPSLEUTH_RETENTION_DAYS });
    const slackBot = slackBotFromConfig(config, { store, logger, redis, prefix });
    const teamsBot = teamsBotFromConfig(config, { store, logger, redis, prefix });
    if (!slackBot) {
      throw new Error('the Slack bot should be configured');
    }
    service = await startService(config, 'serve', {
      ...FAST,
      logger,
      prefix,
      mount: [slackBot.mount, teamsBot.mount],
      extraParts: [slackBot, teamsBot],
    });
    base = `http://127.0.0.1:${service.http.port()}`;
    fs.copyFileSync(FIXTURE, path.join(dir, 'sbc.log'));
    await waitForCalls(store, ['a1b2c3:1:1003', 'a1b2c3:1:1006', 'a1b2c3:1:1007']);
  }, 90_000);

  afterAll(async () => {
    await service.stop();
    await slack.close();
    await connector.close();
    await deletePrefix(testRedisUrl(), prefix);
    redis.disconnect();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('a signed /sipsleuth why <number of a failed call> gets the verdict and evidence', async () => {
    const offline = (await analyzeFixtures(['audiocodes/ask-seven-calls.rsyslog.log'])).calls.find((c) => c.report.id === 'a1b2c3:1:1003');
    expect(offline?.report.category).toBe('not-found');
    const res = await sendSigned(`${base}/slack/events`, SECRET, commandBody('why +49 89 1234567', { responseUrl: slack.responseUrl('svc') }), 'application/x-www-form-urlencoded');
    expect(res.status).toBe(200);
    const [r] = await slack.waitFor('response_url', 1);
    const t = JSON.stringify(r.body);
    expect(t).toContain(`failed 404 ${offline?.report.category} (owner ${offline?.report.owner})`);
    expect(t).toContain(JSON.stringify(offline?.report.evidence[0]).slice(1, -1));
  });

  it('a Teams message "why did call <Call-ID> fail" gets the verdict and evidence', async () => {
    const offline = (await analyzeFixtures(['audiocodes/ask-seven-calls.rsyslog.log'])).calls.find((c) => c.report.id === 'a1b2c3:1:1006');
    const status = await sendActivity(`${base}/api/messages`, activity({ serviceUrl: connector.serviceUrl, text: 'why did call ba1b2c311006@198.51.100.5 fail' }));
    expect(status).toBe(200);
    const [p] = await connector.waitFor(1);
    const t = JSON.stringify(p.activity.attachments?.[0]?.content);
    expect(t).toContain(`Call failed 404: ${offline?.report.category}`);
    expect(t).toContain(`"title":"Owner","value":"${offline?.report.owner}"`);
    expect(t).toContain(JSON.stringify(offline?.report.evidence[0]).slice(1, -1).replace(/([\\*_`[\]])/g, '\\\\$1'));
  });
});
