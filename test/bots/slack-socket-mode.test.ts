/**
 * The Slack bot in Socket Mode, over a real WebSocket: the real Bolt app, made by the service's own
 * entry (`slackBotFromConfig` with SLACK_APP_TOKEN), against local fakes of Slack's Web API and of
 * its Socket Mode side. It connects with the app token, acks envelopes at once and answers as in
 * HTTP mode, reconnects when Slack recycles the connection, answers a retried event once, and
 * closes its socket on stop.
 */
import { Redis } from 'ioredis';
import { slackBotFromConfig, type SlackBot } from '../../bots/slack';
import { MemoryLogger } from '../../src/log/logger';
import { MemoryCallStore } from '../../src/store/memory-store';
import { fillStore } from '../ask/support/stored-calls';
import { deletePrefix, testConfig } from '../service/support/service-harness';
import { testPrefix, testRedisUrl } from '../support/redis';
import { startFakeSlack, textOf, waitUntil, type FakeSlack, type RecordedCall } from './support/fake-slack';
import { startFakeSocketMode, type FakeSocketMode } from './support/fake-socket-mode';
import { buttonPayload, commandPayload, dmEvent, eventPayload, expectThreadMentionAnswer, mentionEvent, THREAD_MENTION } from './support/slack-requests';

const APP_TOKEN = 'xapp-1-A0001-1-socket';
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

async function nextPost(before: number): Promise<RecordedCall> {
  const posts = await slack.waitFor('chat.postMessage', before + 1);
  return posts[before];
}

beforeAll(async () => {
  redis = new Redis(testRedisUrl());
  slack = await startFakeSlack();
  socket = await startFakeSocketMode(slack);
  await fillStore(store);
  const config = testConfig({ REDIS_URL: testRedisUrl(), SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_APP_TOKEN: APP_TOKEN, SLACK_API_URL: slack.apiUrl });
  const made = slackBotFromConfig(config, { store, logger, redis, prefix });
  if (!made) {
    throw new Error('the Slack bot should be configured by a bot token and an app token');
  }
  bot = made;
  await bot.start();
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
    const [open] = slack.callsOf('apps.connections.open');
    expect(open.token).toBe(APP_TOKEN);
    const conn = await socket.waitForConnection(1);
    expect(conn.path).toMatch(/^\/link\/\?ticket=t1&/);
    expect(conn.closeCode).toBeNull();
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
    // @slack/socket-mode waits its clientPingTimeout (5 s) before it reconnects
    const fresh = await socket.waitForConnection(2, 15_000);
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
