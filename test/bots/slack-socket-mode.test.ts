/**
 * The Slack bot in Socket Mode, over a real WebSocket: the real Bolt app, made by the service's own
 * entry (`slackBotFromConfig` with SLACK_APP_TOKEN), against local fakes of Slack's Web API and of
 * its Socket Mode side. It connects with the app token, acks envelopes at once and answers as in
 * HTTP mode, reconnects when Slack recycles the connection, answers a retried event once, and
 * closes its socket on stop.
 */
import { Redis } from 'ioredis';
import { slackBotFromConfig, type SlackBot } from '../../bots/slack';
import { ConfigError } from '../../src/errors';
import { MemoryLogger } from '../../src/log/logger';
import { MemoryCallStore } from '../../src/store/memory-store';
import { fillStore } from '../ask/support/stored-calls';
import { deletePrefix, testConfig } from '../service/support/service-harness';
import { testPrefix, testRedisUrl } from '../support/redis';
import { startFakeSlack, textOf, waitUntil, type FakeSlack, type RecordedCall } from './support/fake-slack';
import { startFakeSocketMode, type FakeSocketMode } from './support/fake-socket-mode';
import { buttonPayload, commandPayload, dmEvent, eventPayload, expectThreadMentionAnswer, mentionEvent, THREAD_MENTION } from './support/slack-requests';

const APP_TOKEN = 'xapp-1-A0001-1-socket';
/** no Web API retries; a failed connection asked again after 100 ms (the bot's own pause) */
const FAST_RETRY = { retryConfig: { retries: 0 }, againAfterMs: 100, maxAgainAfterMs: 1000 };
const BOT_TOKEN = 'xoxb-socket-test';
const prefix = testPrefix('slack-socket');
const store = new MemoryCallStore();
const logger = new MemoryLogger();
let redis: Redis;
let slack: FakeSlack;
let socket: FakeSocketMode;
let bot: SlackBot;
let stopped = false;
let n = 0;

/** Sends an @mention as an events_api envelope; returns its envelope id. */
function mention(text: string, o: { threadTs?: string } = {}): string {
  n += 1;
  return socket.send('events_api', eventPayload(mentionEvent(n, text, o), `EvS${n}`));
}

/** resolves once the bot knows who it is and its connection is open */
function ready(b: SlackBot): Promise<true> {
  return waitUntil(() => (b.state() === 'ready' ? true : undefined), () => `the bot is ${b.state()}, not ready`);
}

async function nextPost(before: number): Promise<RecordedCall> {
  const posts = await slack.waitFor('chat.postMessage', before + 1);
  return posts[before];
}

/** The bot as the service makes it from its configuration. */
function socketBot(log: MemoryLogger, env: Record<string, string> = {}): SlackBot {
  const config = testConfig({ REDIS_URL: testRedisUrl(), SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_APP_TOKEN: APP_TOKEN, SLACK_API_URL: slack.apiUrl, ...env });
  const made = slackBotFromConfig(config, { store, logger: log, redis, prefix, retry: FAST_RETRY });
  if (!made) {
    throw new Error('the Slack bot should be configured by a bot token and an app token');
  }
  return made;
}

beforeAll(async () => {
  redis = new Redis(testRedisUrl());
  slack = await startFakeSlack();
  socket = await startFakeSocketMode(slack);
  await fillStore(store);
  bot = socketBot(logger);
  await bot.start();
  await socket.waitForConnection(1);
  await ready(bot);
});

afterAll(async () => {
  if (!stopped) {
    await bot.stop();
  }
  await socket.close();
  await slack.close();
  await deletePrefix(testRedisUrl(), prefix);
  await redis.quit();
});

describe('Slack bot in Socket Mode', () => {
  it('connects with the app token (no signing secret needed) and checks the bot token', async () => {
    expect(bot.mode).toBe('socket');
    expect(slack.callsOf('apps.connections.open').map((c) => c.token)).toEqual([APP_TOKEN]);
    const [conn] = socket.connections;
    expect(conn.path).toMatch(/^\/link\/\?ticket=t1&/);
    expect(conn.closeCode).toBeNull();
    await waitUntil(
      () => logger.lines.find((l) => l.msg === 'slack bot ready' && l.mode === 'socket'),
      () => 'the bot did not say it was ready',
    );
    expect(slack.callsOf('auth.test').map((c) => c.token)).toContain(BOT_TOKEN);
  });

  it('an @mention in a thread is acked within 3 s and answered in that thread, as in HTTP mode', async () => {
    const before = slack.callsOf('chat.postMessage').length;
    const id = mention(THREAD_MENTION.text, { threadTs: THREAD_MENTION.threadTs });
    const ack = await socket.waitForAck(id);
    expect(ack.ms).toBeLessThan(3000);
    expect(ack.payload).toEqual({});
    const p = await nextPost(before);
    expect(p.token).toBe(BOT_TOKEN);
    expectThreadMentionAnswer(p);
  });

  it('a direct message is answered in the DM', async () => {
    const before = slack.callsOf('chat.postMessage').length;
    n += 1;
    const id = socket.send('events_api', eventPayload(dmEvent(n, 'status'), `EvSDm${n}`));
    await socket.waitForAck(id);
    const p = await nextPost(before);
    expect(p.body.channel).toBe('D0ENG');
    expect(textOf(p)).toContain('Status, last hour');
  });

  it('/sipsleuth over the socket: acked at once, the verdict posted to the response_url', async () => {
    const id = socket.send('slash_commands', commandPayload('why a1b2c3:1:1005', { responseUrl: slack.responseUrl('sock-cmd') }));
    const ack = await socket.waitForAck(id);
    expect(ack.ms).toBeLessThan(3000);
    const r = await slack.waitForCall((c) => c.path === '/response/sock-cmd');
    expect(r.body.response_type).toBe('in_channel');
    expect(JSON.stringify(r.body)).toContain('failed 486 busy (owner user)');
  });

  it('a "Show ladder" click (interactive) is acked and answered in the thread of the message', async () => {
    const before = slack.callsOf('chat.postMessage').length;
    const id = socket.send('interactive', buttonPayload('sipsleuth_ladder', 'aa1b2c311002@203.0.113.10', { messageTs: '1700000300.000009', responseUrl: slack.responseUrl('sock-btn') }));
    await socket.waitForAck(id);
    const p = await nextPost(before);
    expect(p.body.thread_ts).toBe('1700000300.000009');
    expect(textOf(p)).toContain('Call flow of aa1b2c311002@203.0.113.10');
  });

  it("Slack's retry of an event (same event_id, retry_attempt 1) is acked but answered once", async () => {
    const before = slack.callsOf('chat.postMessage').length;
    n += 1;
    const payload = eventPayload(mentionEvent(n, 'status'), 'EvSRetry');
    await socket.waitForAck(socket.send('events_api', payload));
    await nextPost(before);
    await socket.waitForAck(socket.send('events_api', payload, { retryAttempt: 1, retryReason: 'timeout' }));
    await waitUntil(
      () => logger.lines.find((l) => l.msg === 'slack retry of an event already handled: ignored' && l.eventId === 'EvSRetry'),
      () => 'the retry was not recognised',
    );
    expect(slack.callsOf('chat.postMessage').length).toBe(before + 1);
  });

  it('answers the pings of Slack', async () => {
    await socket.ping();
  });

  it('a disconnect (refresh_requested) makes it close, open a new connection and go on answering', async () => {
    socket.disconnect('refresh_requested');
    const old = await socket.waitForClose(1);
    expect(old.closeCode).toBe(1000);
    // the bot opens a new connection at once (not the Socket Mode client: see the reconnect tests below)
    const fresh = await socket.waitForConnection(2, 15_000);
    await ready(bot);
    expect(fresh.path).toMatch(/ticket=t2&/);
    expect(slack.callsOf('apps.connections.open').map((c) => c.token)).toEqual([APP_TOKEN, APP_TOKEN]);
    const before = slack.callsOf('chat.postMessage').length;
    const id = mention(THREAD_MENTION.text, { threadTs: THREAD_MENTION.threadTs });
    const ack = await socket.waitForAck(id);
    expect(ack.connection).toBe(2);
    expectThreadMentionAnswer(await nextPost(before));
  }, 30_000);

  it('stop() closes the socket with a normal close, and it does not reconnect', async () => {
    const opens = slack.callsOf('apps.connections.open').length;
    await bot.stop();
    stopped = true;
    const last = await socket.waitForClose(socket.connections.length);
    expect(last.closeCode).toBe(1000);
    expect(slack.callsOf('apps.connections.open').length).toBe(opens);
  });
});

describe('Slack bot in Socket Mode: Slack not taking the connection', () => {
  it('a SLACK_APP_TOKEN that is not an app-level token (xapp-…) is a configuration error at once', () => {
    expect(() => socketBot(new MemoryLogger(), { SLACK_APP_TOKEN: 'xoxb-the-bot-token-again' })).toThrow(ConfigError);
    expect(() => socketBot(new MemoryLogger(), { SLACK_APP_TOKEN: 'xoxb-the-bot-token-again' })).toThrow(/SLACK_APP_TOKEN.*xapp-/);
  });

  it('while Slack refuses the connection, start() does not wait for it (the service goes on); once Slack takes it, the bot connects and answers', async () => {
    const log = new MemoryLogger();
    const late = socketBot(log);
    const opens = slack.callsOf('apps.connections.open').length;
    const conns = socket.connections.length;
    slack.failMethod('apps.connections.open', 'internal_error');
    try {
      await late.start();
      await slack.waitFor('apps.connections.open', opens + 1);
      expect(socket.connections.length).toBe(conns);
    } finally {
      slack.failMethod('apps.connections.open', null);
    }
    // the bot asks again after its pause (FAST_RETRY: 100 ms, doubled)
    const conn = await socket.waitForConnection(conns + 1, 15_000);
    await ready(late);
    const before = slack.callsOf('chat.postMessage').length;
    const ack = await socket.waitForAck(mention(THREAD_MENTION.text, { threadTs: THREAD_MENTION.threadTs }));
    expect(ack.connection).toBe(conn.n);
    expectThreadMentionAnswer(await nextPost(before));
    await late.stop();
    expect((await socket.waitForClose(conn.n)).closeCode).toBe(1000);
  }, 30_000);

  it('an app token Slack rejects (invalid_auth) is logged as an error; start() does not fail the service', async () => {
    const log = new MemoryLogger();
    const bad = socketBot(log);
    slack.failMethod('apps.connections.open', 'invalid_auth');
    try {
      await bad.start();
      const line = await waitUntil(
        () => log.lines.find((l) => l.level === 'error' && String(l.msg).startsWith('slack refused the app token (SLACK_APP_TOKEN)')),
        () => `no error logged; lines: ${log.lines.map((l) => l.msg).join(' | ')}`,
      );
      expect(String(line.err)).toContain('invalid_auth');
    } finally {
      slack.failMethod('apps.connections.open', null);
      await bad.stop();
    }
  });
});

describe('Slack bot in Socket Mode: its Web API client', () => {
  /** the retry policy of a WebClient (a private field of @slack/web-api) */
  const retryOf = (client: unknown): unknown => (client as { retryConfig?: unknown }).retryConfig;

  it("the listeners' client (answers, files, App Home) retries as the bot's own client does, not as apps.connections.open (100 times, for hours)", async () => {
    const own = socketBot(new MemoryLogger());
    const seen: unknown[] = [];
    own.app.use(async ({ client, next }) => {
      seen.push(retryOf(client));
      await next();
    });
    await own.start();
    try {
      await socket.waitForConnection(socket.connections.length + 1);
      await ready(own);
      const before = slack.callsOf('chat.postMessage').length;
      await socket.waitForAck(mention('help'));
      await nextPost(before);
      expect(seen).toHaveLength(1);
      expect(seen[0]).toEqual(retryOf(own.app.client));
      expect(seen[0]).not.toMatchObject({ retries: 100 });
    } finally {
      await own.stop();
    }
  });
});
