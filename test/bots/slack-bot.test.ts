import { Redis } from 'ioredis';
import { createSlackBot, type SlackBot, type SlackBotOptions } from '../../bots/slack';
import { RATE_LIMITED } from '../../bots/slack/asker';
import { RedisEventDedupe } from '../../bots/slack/event-dedupe';
import { ConfigError } from '../../src/errors';
import { MemoryLogger } from '../../src/log/logger';
import { MemoryCallStore } from '../../src/store/memory-store';
import { RedisCallStore } from '../../src/store/redis-store';
import { ASK_NOW, fillStore } from '../ask/support/stored-calls';
import { testPrefix, testRedisUrl } from '../support/redis';
import { serve, type TestServer } from './support/bot-server';
import { startFakeSlack, textOf, waitUntil, type FakeSlack, type RecordedCall } from './support/fake-slack';
import { buttonBody, commandBody, dmEvent, eventBody, expectThreadMentionAnswer, mentionEvent, sendSigned, THREAD_MENTION, type MentionOptions } from './support/slack-requests';

const SECRET = 'test-signing-secret-0123456789';
const store = new MemoryCallStore();
let redis: Redis;
let slack: FakeSlack;

interface Running {
  bot: SlackBot;
  server: TestServer;
  logger: MemoryLogger;
  events: string;
}

const running: Running[] = [];

async function start(over: Partial<SlackBotOptions> = {}): Promise<Running> {
  const logger = new MemoryLogger();
  const bot = createSlackBot({
    botToken: 'xoxb-test-token',
    signingSecret: SECRET,
    apiUrl: slack.apiUrl,
    store,
    tz: 'Europe/Berlin',
    logger,
    clock: () => ASK_NOW,
    dedupe: new RedisEventDedupe(redis, testPrefix('slack-dedupe'), logger),
    ...over,
  });
  const server = await serve([bot.mount]);
  await bot.start();
  // start() does not wait on Slack: auth.test answers in the background
  await waitUntil(() => (bot.state() === 'ready' ? true : undefined), () => `the bot is ${bot.state()}, not ready`);
  const r = { bot, server, logger, events: `${server.url}/slack/events` };
  running.push(r);
  return r;
}

let n = 0;
function mention(r: Running, text: string, o: MentionOptions & { eventId?: string; retryNum?: number } = {}) {
  n += 1;
  return sendSigned(r.events, SECRET, eventBody(mentionEvent(n, text, o), o.eventId ?? `Ev${n}`), 'application/json', { retryNum: o.retryNum });
}

function dm(r: Running, text: string, user = 'U0ENG') {
  n += 1;
  return sendSigned(r.events, SECRET, eventBody(dmEvent(n, text, user), `EvDm${n}`), 'application/json');
}

async function lastPost(count: number): Promise<RecordedCall> {
  const posts = await slack.waitFor('chat.postMessage', count);
  return posts[count - 1];
}

beforeAll(async () => {
  redis = new Redis(testRedisUrl());
  slack = await startFakeSlack();
  await fillStore(store);
});

afterAll(async () => {
  for (const r of running) {
    await r.bot.stop();
    await r.server.close();
  }
  await slack.close();
  await redis.quit();
});

describe('Slack bot over HTTP', () => {
  let bot: Running;
  beforeAll(async () => {
    bot = await start();
  });

  it('checks the token at start', () => {
    expect(slack.callsOf('auth.test').length).toBeGreaterThanOrEqual(1);
  });

  it('/sipsleuth why <number>: acks at once, then posts the verdict with evidence to the response_url', async () => {
    const res = await sendSigned(bot.events, SECRET, commandBody('why a1b2c3:1:1005', { responseUrl: slack.responseUrl('cmd1') }), 'application/x-www-form-urlencoded');
    expect(res.status).toBe(200);
    expect(res.ms).toBeLessThan(3000);
    const [r] = await slack.waitFor('response_url', 1);
    expect(r.path).toBe('/response/cmd1');
    expect(r.body.response_type).toBe('in_channel');
    const t = JSON.stringify(r.body);
    expect(t).toContain('failed 486 busy (owner user)');
    expect(t).toContain('486 Busy Here');
    expect(t).toContain('Next check:');
    expect(t).toContain('sipsleuth_ladder');
    expect(t).toContain('sipsleuth_raw');
    // the ladder in a code block
    expect(t).toMatch(/```\s*carrier\s+SBC\s+Teams/);
  });

  it('an @mention in a thread is answered in that thread; numbers are not masked by default', async () => {
    const before = slack.callsOf('chat.postMessage').length;
    await mention(bot, THREAD_MENTION.text, { threadTs: THREAD_MENTION.threadTs });
    expectThreadMentionAnswer(await lastPost(before + 1));
  });

  it('an @mention outside a thread starts one on the message', async () => {
    const before = slack.callsOf('chat.postMessage').length;
    const res = await mention(bot, 'failed calls on sbc1');
    expect(res.status).toBe(200);
    const p = await lastPost(before + 1);
    expect(p.body.thread_ts).toBe(`1700000100.00${n}`);
    expect(textOf(p)).toContain('Failed calls on sbc1');
    expect(textOf(p)).toContain('callee-unavailable');
  });

  it.each([
    ['status', ['Status, last hour', 'sbc1', '52.114.75.24:5061', 'up']],
    ['top failures today', ['Top failure causes today', '2× busy', 'not-found', 'owner *carrier*']],
    ['calls to 0305550101 today', ['Calls to 0305550101 today', 'aa1b2c311005@203.0.113.10', 'aa1b2c311001@203.0.113.10']],
    ['ladder a1b2c3:1:1003', ['Call flow of aa1b2c311003@203.0.113.10', '404 Not Found']],
    ['help', ['Ask me about calls', 'top failures this week']],
    ['what is the meaning of life', ['Sorry, I did not understand', 'why did call 0101 fail']],
    ['why nosuchcall99@10.9.9.9', ['No stored call matches', 'Try:']],
    ['explain SIP/2.0 486 Busy Here\nVia: SIP/2.0/TLS 52.114.75.24:5061;branch=z9hG4bK1\nCall-ID: x1@y\nCSeq: 1 INVITE\nReason: Q.850;cause=17\nContent-Length: 0', ['486', 'Reason']],
    ['explain hello', ['does not look like a SIP message']],
  ])('a direct message "%s" is answered in the DM', async (question, expected) => {
    const before = slack.callsOf('chat.postMessage').length;
    await dm(bot, question);
    const p = await lastPost(before + 1);
    expect(p.body.channel).toBe('D0ENG');
    for (const e of expected) {
      expect(textOf(p)).toContain(e);
    }
  });

  it('"Show ladder" answers in the thread of the message with the button', async () => {
    const before = slack.callsOf('chat.postMessage').length;
    const res = await sendSigned(bot.events, SECRET, buttonBody('sipsleuth_ladder', 'aa1b2c311002@203.0.113.10', { messageTs: '1700000300.000001', responseUrl: slack.responseUrl('btn1') }), 'application/x-www-form-urlencoded');
    expect(res.status).toBe(200);
    const p = await lastPost(before + 1);
    expect(p.body.thread_ts).toBe('1700000300.000001');
    expect(textOf(p)).toContain('Call flow of aa1b2c311002@203.0.113.10');
    expect(textOf(p)).toContain('486 Busy Here');
  });

  it('the "Why?" button of an alert (value = call id) answers with the verdict in the alert\'s thread', async () => {
    const before = slack.callsOf('chat.postMessage').length;
    await sendSigned(bot.events, SECRET, buttonBody('sipsleuth_why', 'a1b2c3:1:1006', { messageTs: '1700000450.000001', responseUrl: slack.responseUrl('why1') }), 'application/x-www-form-urlencoded');
    const p = await lastPost(before + 1);
    expect(p.body.thread_ts).toBe('1700000450.000001');
    expect(textOf(p)).toContain('failed 404 not-found (owner carrier)');
  });

  it('"Show raw SIP" is too long for a message: posted with the SIP attached as a file in the thread', async () => {
    const before = slack.callsOf('chat.postMessage').length;
    const uploads = slack.callsOf('files.completeUploadExternal').length;
    await sendSigned(bot.events, SECRET, buttonBody('sipsleuth_raw', 'aa1b2c311007@203.0.113.10', { messageTs: '1700000400.000001', threadTs: '1700000399.000001', responseUrl: slack.responseUrl('btn2') }), 'application/x-www-form-urlencoded');
    const p = await lastPost(before + 1);
    expect(p.body.thread_ts).toBe('1700000399.000001');
    expect(textOf(p)).toContain('Attached as a file');
    const done = await slack.waitFor('files.completeUploadExternal', uploads + 1);
    const complete = done[uploads];
    expect(complete.body.channel_id).toBe('C0VOICE');
    expect(complete.body.thread_ts).toBe('1700000399.000001');
    const uploaded = slack.callsOf('upload').at(-1);
    expect(uploaded?.raw).toContain('INVITE sip:+49305550105@sbc.example.com SIP/2.0');
    expect(uploaded?.raw).toContain('BYE');
    expect(uploaded?.raw.length).toBeGreaterThan(2900);
  });

  it("ignores Slack's retry of an event already handled", async () => {
    const before = slack.callsOf('chat.postMessage').length;
    await mention(bot, 'status', { eventId: 'EvRetry1' });
    await slack.waitFor('chat.postMessage', before + 1);
    const retry = await mention(bot, 'status', { eventId: 'EvRetry1', retryNum: 1 });
    expect(retry.status).toBe(200);
    await new Promise((r) => setTimeout(r, 300));
    expect(slack.callsOf('chat.postMessage').length).toBe(before + 1);
    expect(bot.logger.lines.some((l) => l.msg === 'slack retry of an event already handled: ignored' && l.eventId === 'EvRetry1')).toBe(true);
  });

  it('refuses a bad signature and an expired timestamp with 401, and posts nothing', async () => {
    const before = slack.calls.length;
    const body = eventBody({ type: 'app_mention', user: 'U0ENG', text: '<@UBOT> status', ts: '1.1', channel: 'C0VOICE' }, 'EvBad1');
    const bad = await sendSigned(bot.events, SECRET, body, 'application/json', { secret: 'wrong-secret' });
    expect(bad.status).toBe(401);
    const old = await sendSigned(bot.events, SECRET, body, 'application/json', { timestamp: Math.floor(Date.now() / 1000) - 10 * 60 });
    expect(old.status).toBe(401);
    await new Promise((r) => setTimeout(r, 200));
    expect(slack.calls.length).toBe(before);
  });

  it('App Home shows the current status', async () => {
    n += 1;
    await sendSigned(bot.events, SECRET, eventBody({ type: 'app_home_opened', user: 'U0ENG', channel: 'D0ENG', tab: 'home', event_ts: '1700000500.000001' }, `EvHome${n}`), 'application/json');
    const [v] = await slack.waitFor('views.publish', 1);
    expect(v.body.user_id).toBe('U0ENG');
    const t = JSON.stringify(v.body.view);
    expect(t).toContain('"type":"home"');
    expect(t).toContain('Status, last hour');
    expect(t).toContain('10.1.1.5');
  });
});

class SlowStore extends MemoryCallStore {
  override async find(ref: string, limit?: number) {
    await new Promise((r) => setTimeout(r, 1500));
    return super.find(ref, limit);
  }
}

describe('Slack bot: acking, modes', () => {
  it('acks a slash command at once even when the answer takes longer, then answers', async () => {
    const slow = new SlowStore();
    await fillStore(slow);
    const r = await start({ store: slow });
    const before = slack.callsOf('response_url').length;
    const res = await sendSigned(r.events, SECRET, commandBody('why a1b2c3:1:1003', { responseUrl: slack.responseUrl('slow') }), 'application/x-www-form-urlencoded');
    expect(res.status).toBe(200);
    expect(res.ms).toBeLessThan(1000);
    expect(slack.callsOf('response_url').length).toBe(before);
    const after = await slack.waitFor('response_url', before + 1);
    expect(JSON.stringify(after[before].body)).toContain('not-found');
  });

  it('a slash command whose file cannot be attached (bot not in the channel) says how to fix it', async () => {
    const r = await start();
    slack.failMethod('files.getUploadURLExternal', 'not_in_channel');
    try {
      await sendSigned(r.events, SECRET, commandBody('raw a1b2c3:1:1004', { channel: 'C0OTHER', responseUrl: slack.responseUrl('nofile') }), 'application/x-www-form-urlencoded');
      const answer = await slack.waitForCall((c) => c.path === '/response/nofile' && c.body.response_type === 'in_channel');
      expect(JSON.stringify(answer.body)).toContain('Raw SIP of aa1b2c311004@203.0.113.10');
      const note = await slack.waitForCall((c) => c.path === '/response/nofile' && c.body.response_type === 'ephemeral');
      expect(String(note.body.text)).toContain('invite me to this channel');
      expect(r.logger.lines.some((l) => l.msg === 'slack file upload failed' && String(l.err).includes('not_in_channel'))).toBe(true);
    } finally {
      slack.failMethod('files.getUploadURLExternal', null);
    }
  });

  it('uses Socket Mode when an app token is set (and mounts no route)', () => {
    const bot = createSlackBot({ botToken: 'xoxb-t', appToken: 'xapp-t', apiUrl: slack.apiUrl, store, tz: 'UTC', logger: new MemoryLogger() });
    expect(bot.mode).toBe('socket');
    const routes: unknown[] = [];
    bot.mount({ use: (x: unknown) => routes.push(x) } as never);
    expect(routes).toEqual([]);
  });

  it('refuses to start in HTTP mode without a signing secret', () => {
    expect(() => createSlackBot({ botToken: 'xoxb-t', store, tz: 'UTC', logger: new MemoryLogger() })).toThrow(ConfigError);
  });
});

describe('Slack bot: who may ask, masking, rate limit, store down', () => {
  it('refuses users and channels not allowed, politely, and logs them', async () => {
    const r = await start({ allowedUsers: ['U0OK'], allowedChannels: ['C0VOICE'] });
    const before = slack.callsOf('chat.postMessage').length;
    await mention(r, 'status', { user: 'U0STRANGER' });
    const p = await lastPost(before + 1);
    expect(p.body.text).toContain('Sorry, I only answer the people my administrators listed');
    await mention(r, 'status', { user: 'U0OK', channel: 'C0RANDOM' });
    const q = await lastPost(before + 2);
    expect(q.body.text).toContain('only answer in the channels');
    await mention(r, 'status', { user: 'U0OK', channel: 'C0VOICE' });
    expect(textOf(await lastPost(before + 3))).toContain('Status, last hour');
    const refusals = r.logger.lines.filter((l) => l.msg === 'slack question refused');
    expect(refusals.map((l) => [l.user, l.why])).toEqual([
      ['U0STRANGER', 'user'],
      ['U0OK', 'channel'],
    ]);
    // a refused slash command gets an ephemeral answer
    await sendSigned(r.events, SECRET, commandBody('status', { user: 'U0STRANGER', responseUrl: slack.responseUrl('cmd-refused') }), 'application/x-www-form-urlencoded');
    const ref = (await slack.waitForCall((c) => c.path === '/response/cmd-refused'));
    expect(ref?.body.response_type).toBe('ephemeral');
  });

  it('masks numbers in channel answers but not in direct messages', async () => {
    const r = await start({ maskNumbers: true });
    const before = slack.callsOf('chat.postMessage').length;
    await mention(r, 'why a1b2c3:1:1005');
    const p = await lastPost(before + 1);
    expect(textOf(p)).toContain('+49305550***');
    expect(textOf(p)).not.toContain('+49305550101');
    expect(textOf(p)).toContain('aa1b2c311005@203.0.113.10');
    await dm(r, 'why a1b2c3:1:1005');
    expect(textOf(await lastPost(before + 2))).toContain('+49305550101');
  });

  it('limits questions per user and minute', async () => {
    const r = await start({ rateLimitPerMin: 2 });
    const before = slack.callsOf('chat.postMessage').length;
    for (let i = 0; i < 3; i++) {
      await dm(r, 'status', 'U0FAST');
      await lastPost(before + i + 1);
    }
    expect(slack.callsOf('chat.postMessage')[before + 2].body.text).toBe(RATE_LIMITED);
    await dm(r, 'status', 'U0SLOW');
    expect(textOf(await lastPost(before + 4))).toContain('Status, last hour');
  });

  it('a store that is down gives a friendly answer, never a stack trace', async () => {
    const url = new URL(testRedisUrl());
    const deadRedis = new Redis({ host: url.hostname, port: 1, lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 0, retryStrategy: () => null });
    deadRedis.on('error', () => undefined);
    const r = await start({ store: new RedisCallStore(deadRedis, { prefix: testPrefix('slack-down'), retentionDays: 14 }) });
    const before = slack.callsOf('chat.postMessage').length;
    await dm(r, 'why did call 0101 fail');
    const p = await lastPost(before + 1);
    expect(p.body.text).toMatch(/^The call store is unavailable right now/);
    expect(textOf(p)).not.toMatch(/Error|at .*\.ts/);
    deadRedis.disconnect();
  });
});
