/**
 * The Slack bot never waits on Slack, and Slack never ends the process: start() returns at once
 * while the Web API does not answer or answers 500; what arrives before auth.test answered is
 * told to ask again; a later successful auth.test makes the bot answer; a token Slack refuses is
 * one error and no unhandled rejection (the service exits 1 on one: src/service/signals.ts), also
 * when Slack refuses the app token, or answers 500, while the Socket Mode connection is reopened.
 * The bots run with no Web API retries and short pauses of their own (`retry`), so no retry
 * outlives a test.
 */
import { createSlackBot, slackBotFromConfig, type SlackBot } from '../../bots/slack';
import { NOT_READY_TEXT, REFUSED_TEXT } from '../../bots/slack/not-ready';
import { MemoryLogger } from '../../src/log/logger';
import { MemoryCallStore } from '../../src/store/memory-store';
import { ASK_NOW, fillStore } from '../ask/support/stored-calls';
import { testConfig } from '../service/support/service-harness';
import { testRedisUrl } from '../support/redis';
import { serve, type TestServer } from './support/bot-server';
import { startFakeSlack, textOf, waitUntil, type FakeSlack, type RecordedCall } from './support/fake-slack';
import { startFakeSocketMode, type FakeSocketMode } from './support/fake-socket-mode';
import { commandBody, eventBody, eventPayload, expectThreadMentionAnswer, mentionEvent, sendSigned, THREAD_MENTION } from './support/slack-requests';

const SECRET = 'start-signing-secret';
const BOT_TOKEN = 'xoxb-start-test';
/** no Web API retries; after a failure that may pass, the bot asks again after 50 ms (doubled, up to 200 ms) */
const FAST_RETRY = { retryConfig: { retries: 0 }, againAfterMs: 50, maxAgainAfterMs: 200 };
const store = new MemoryCallStore();
let slack: FakeSlack;
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown): void => {
  unhandled.push(reason);
};
const cleanup: Array<() => Promise<void>> = [];
let n = 0;

interface HttpBot {
  bot: SlackBot;
  log: MemoryLogger;
  events: string;
}

async function httpBot(): Promise<HttpBot> {
  const log = new MemoryLogger();
  const bot = createSlackBot({ botToken: BOT_TOKEN, signingSecret: SECRET, apiUrl: slack.apiUrl, store, tz: 'Europe/Berlin', logger: log, clock: () => ASK_NOW, retry: FAST_RETRY });
  const server: TestServer = await serve([bot.mount]);
  cleanup.push(async () => {
    await bot.stop();
    await server.close();
  });
  return { bot, log, events: `${server.url}/slack/events` };
}

function mention(b: HttpBot): Promise<unknown> {
  n += 1;
  return sendSigned(b.events, SECRET, eventBody(mentionEvent(n, THREAD_MENTION.text, { threadTs: THREAD_MENTION.threadTs }), `EvStart${n}`), 'application/json');
}

async function command(b: HttpBot, text: string): Promise<RecordedCall> {
  n += 1;
  const id = `start-${n}`;
  const res = await sendSigned(b.events, SECRET, commandBody(text, { responseUrl: slack.responseUrl(id) }), 'application/x-www-form-urlencoded');
  expect(res.status).toBe(200);
  return slack.waitForCall((c) => c.path === `/response/${id}`);
}

async function nextPost(before: number): Promise<RecordedCall> {
  return (await slack.waitFor('chat.postMessage', before + 1))[before];
}

function ready(bot: SlackBot): Promise<true> {
  return waitUntil(() => (bot.state() === 'ready' ? true : undefined), () => `the bot is ${bot.state()}, not ready`);
}

function errorsOf(log: MemoryLogger): Array<Record<string, unknown>> {
  return log.lines.filter((l) => l.level === 'error');
}

beforeAll(async () => {
  slack = await startFakeSlack();
  await fillStore(store);
  process.on('unhandledRejection', onUnhandled);
});

afterEach(async () => {
  for (const c of cleanup.splice(0)) {
    await c();
  }
  slack.hold('auth.test', false);
  slack.failHttp('auth.test', null);
  slack.failMethod('auth.test', null);
  // a rejection left unhandled shows one turn later
  await new Promise((r) => setImmediate(r));
  expect(unhandled.map(String)).toEqual([]);
});

afterAll(async () => {
  process.off('unhandledRejection', onUnhandled);
  await slack.close();
});

describe('Slack bot over HTTP: start() does not wait on Slack', () => {
  it('while the Web API does not answer, start() returns; a command and a mention are told to ask again; once auth.test answers, the bot answers them', async () => {
    slack.hold('auth.test', true);
    const calls = slack.callsOf('auth.test').length;
    const b = await httpBot();
    await b.bot.start();
    await slack.waitFor('auth.test', calls + 1);
    expect(b.bot.state()).toBe('starting');

    const early = await command(b, 'why a1b2c3:1:1005');
    expect(early.body).toMatchObject({ response_type: 'ephemeral', text: NOT_READY_TEXT });
    const before = slack.callsOf('chat.postMessage').length;
    await mention(b);
    const note = await nextPost(before);
    expect(note.body).toMatchObject({ channel: 'C0VOICE', thread_ts: THREAD_MENTION.threadTs, text: NOT_READY_TEXT });

    slack.hold('auth.test', false);
    await ready(b.bot);
    const verdict = await command(b, 'why a1b2c3:1:1005');
    expect(verdict.body.response_type).toBe('in_channel');
    expect(JSON.stringify(verdict.body)).toContain('failed 486 busy (owner user)');
    const after = slack.callsOf('chat.postMessage').length;
    await mention(b);
    expectThreadMentionAnswer(await nextPost(after));
    expect(errorsOf(b.log)).toEqual([]);
  });

  it('auth.test answering 500: start() returns, the bot asks again after its pause and answers once Slack is back', async () => {
    slack.failHttp('auth.test', 500);
    const calls = slack.callsOf('auth.test').length;
    const b = await httpBot();
    await b.bot.start();
    await slack.waitFor('auth.test', calls + 2);
    expect(b.bot.state()).toBe('starting');
    expect(b.log.lines.some((l) => l.level === 'warn' && String(l.msg).startsWith('slack auth.test failed'))).toBe(true);
    slack.failHttp('auth.test', null);
    await ready(b.bot);
    const before = slack.callsOf('chat.postMessage').length;
    await mention(b);
    expectThreadMentionAnswer(await nextPost(before));
  });

  it('a bot token Slack refuses (invalid_auth): one error, no further auth.test, no unhandled rejection; a command is told the token was refused', async () => {
    slack.failMethod('auth.test', 'invalid_auth');
    const calls = slack.callsOf('auth.test').length;
    const b = await httpBot();
    await b.bot.start();
    await waitUntil(() => (b.bot.state() === 'refused' ? true : undefined), () => `the bot is ${b.bot.state()}`);
    const reply = await command(b, 'status');
    expect(reply.body).toMatchObject({ response_type: 'ephemeral', text: REFUSED_TEXT });
    const errors = errorsOf(b.log);
    expect(errors).toHaveLength(1);
    expect(String(errors[0].msg)).toContain('SLACK_BOT_TOKEN');
    expect(String(errors[0].err)).toContain('invalid_auth');
    expect(slack.callsOf('auth.test').length).toBe(calls + 1);
  });
});

describe('Slack bot with its default retry policy', () => {
  it('auth.test and apps.connections.open are tried once per attempt: a dropped connection is seen at once, and stop() ends the attempts (no Web API retries left running)', async () => {
    slack.failHttp('auth.test', 0);
    slack.failHttp('apps.connections.open', 0);
    try {
      const log = new MemoryLogger();
      const auth = slack.callsOf('auth.test').length;
      const opens = slack.callsOf('apps.connections.open').length;
      // default policy but for the bot's own pause, long enough not to come back during the test
      const bot = createSlackBot({ botToken: BOT_TOKEN, appToken: 'xapp-1-A0001-1-default', apiUrl: slack.apiUrl, store, tz: 'UTC', logger: log, retry: { againAfterMs: 60_000 } });
      cleanup.push(() => bot.stop());
      await bot.start();
      // before: @slack/web-api retried the dropped auth.test (10 times in about 30 minutes) before the bot heard of it
      await waitUntil(() => log.lines.find((l) => String(l.msg).startsWith('slack auth.test failed')), () => 'auth.test failure not seen');
      await waitUntil(() => log.lines.find((l) => String(l.msg).startsWith('slack socket mode could not connect')), () => 'connection failure not seen');
      expect(slack.callsOf('auth.test').length).toBe(auth + 1);
      expect(slack.callsOf('apps.connections.open').length).toBe(opens + 1);
      expect(bot.state()).toBe('starting');
    } finally {
      slack.failHttp('auth.test', null);
      slack.failHttp('apps.connections.open', null);
    }
  });
});

describe('Slack bot in Socket Mode: Slack refusing or failing while the connection is reopened', () => {
  let socket: FakeSocketMode;
  beforeAll(async () => {
    socket = await startFakeSocketMode(slack);
  });
  afterAll(async () => {
    await socket.close();
  });
  afterEach(() => {
    slack.failMethod('apps.connections.open', null);
    slack.failHttp('apps.connections.open', null);
  });

  async function connectedBot(log: MemoryLogger): Promise<SlackBot> {
    const config = testConfig({ REDIS_URL: testRedisUrl(), SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_APP_TOKEN: 'xapp-1-A0001-1-start', SLACK_API_URL: slack.apiUrl });
    const bot = slackBotFromConfig(config, { store, logger: log, retry: FAST_RETRY });
    if (!bot) {
      throw new Error('the Slack bot should be configured');
    }
    cleanup.push(() => bot.stop());
    const conns = socket.connections.length;
    await bot.start();
    await socket.waitForConnection(conns + 1);
    await ready(bot);
    return bot;
  }

  it('the app token revoked (invalid_auth) when Slack recycles the connection: one error, no unhandled rejection, the bot is off', async () => {
    const log = new MemoryLogger();
    const bot = await connectedBot(log);
    const opens = slack.callsOf('apps.connections.open').length;
    slack.failMethod('apps.connections.open', 'invalid_auth');
    socket.disconnect('refresh_requested');
    await waitUntil(() => (bot.state() === 'refused' ? true : undefined), () => `the bot is ${bot.state()}; lines: ${log.lines.map((l) => l.msg).join(' | ')}`, 15_000);
    const errors = errorsOf(log).filter((l) => String(l.msg).startsWith('slack refused'));
    expect(errors).toHaveLength(1);
    expect(String(errors[0].msg)).toContain('SLACK_APP_TOKEN');
    expect(String(errors[0].err)).toContain('invalid_auth');
    expect(slack.callsOf('apps.connections.open').length).toBe(opens + 1);
  }, 20_000);

  it('Slack answering 500 to apps.connections.open after a disconnect: no unhandled rejection, the bot asks again and answers once Slack is back', async () => {
    const log = new MemoryLogger();
    const bot = await connectedBot(log);
    const opens = slack.callsOf('apps.connections.open').length;
    const conns = socket.connections.length;
    slack.failHttp('apps.connections.open', 500);
    socket.disconnect('refresh_requested');
    await slack.waitFor('apps.connections.open', opens + 2, 15_000);
    expect(bot.state()).toBe('starting');
    slack.failHttp('apps.connections.open', null);
    const conn = await socket.waitForConnection(conns + 1);
    await ready(bot);
    const before = slack.callsOf('chat.postMessage').length;
    n += 1;
    const ack = await socket.waitForAck(socket.send('events_api', eventPayload(mentionEvent(n, THREAD_MENTION.text, { threadTs: THREAD_MENTION.threadTs }), `EvStartS${n}`)));
    expect(ack.connection).toBe(conn.n);
    const p = await nextPost(before);
    expectThreadMentionAnswer(p);
    expect(textOf(p)).not.toContain(NOT_READY_TEXT);
  }, 20_000);
});
