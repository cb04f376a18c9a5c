import { Redis } from 'ioredis';
import { createTeamsBot, type TeamsBot, type TeamsBotOptions } from '../../bots/teams';
import { noticeCard } from '../../bots/teams/render';
import { RedisSubscriptionStore } from '../../bots/teams/subscriptions';
import { TEAMS_RATE_LIMITED } from '../../bots/teams/turn-handler';
import { MemoryLogger } from '../../src/log/logger';
import { MemoryCallStore } from '../../src/store/memory-store';
import { RedisCallStore } from '../../src/store/redis-store';
import { ASK_NOW, fillStore } from '../ask/support/stored-calls';
import { testPrefix, testRedisUrl } from '../support/redis';
import { serve, type TestServer } from './support/bot-server';
import { startFakeConnector, type FakeConnector, type PostedActivity } from './support/fake-connector';
import { activity, sendActivity } from './support/teams-activities';

const store = new MemoryCallStore();
let redis: Redis;
let connector: FakeConnector;

interface Running {
  bot: TeamsBot;
  server: TestServer;
  logger: MemoryLogger;
  url: string;
}
const running: Running[] = [];

async function start(over: Partial<TeamsBotOptions> = {}): Promise<Running> {
  const logger = new MemoryLogger();
  const bot = createTeamsBot({
    allowUnauthenticated: true,
    store,
    tz: 'Europe/Berlin',
    logger,
    clock: () => ASK_NOW,
    subscriptions: new RedisSubscriptionStore(redis, testPrefix('teams-subs')),
    ...over,
  });
  const server = await serve([bot.mount]);
  await bot.start();
  const r = { bot, server, logger, url: `${server.url}/api/messages` };
  running.push(r);
  return r;
}

function cardText(p: PostedActivity): string {
  return JSON.stringify(p.activity.attachments?.[0]?.content ?? {});
}

/** Sends an activity and returns what the bot posted back for it. */
async function askBot(r: Running, o: Omit<Parameters<typeof activity>[0], 'serviceUrl'>): Promise<PostedActivity> {
  const before = connector.posted.length;
  const status = await sendActivity(r.url, activity({ serviceUrl: connector.serviceUrl, ...o }));
  expect(status).toBe(200);
  const posted = await connector.waitFor(before + 1);
  return posted[before];
}

beforeAll(async () => {
  redis = new Redis(testRedisUrl());
  connector = await startFakeConnector();
  await fillStore(store);
});

afterAll(async () => {
  for (const r of running) {
    await r.bot.stop();
    await r.server.close();
  }
  await connector.close();
  await redis.quit();
});

describe('Teams bot over HTTP (CloudAdapter, unauthenticated for local testing)', () => {
  let bot: Running;
  beforeAll(async () => {
    bot = await start();
  });

  it('warns at start that unauthenticated requests are accepted', () => {
    expect(bot.logger.lines.some((l) => l.level === 'warn' && String(l.msg).includes('TEAMS_ALLOW_UNAUTHENTICATED=true'))).toBe(true);
  });

  it('a personal chat "why did call <Call-ID> fail" gets the verdict as an Adaptive Card with buttons', async () => {
    const p = await askBot(bot, { text: 'why did call aa1b2c311003@203.0.113.10 fail?' });
    expect(p.conversationId).toBe('a:1personal-eng');
    expect(p.replyToId).not.toBeNull();
    const a = p.activity.attachments?.[0];
    expect(a?.contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(a?.content.version).toBe('1.5');
    const t = cardText(p);
    expect(t).toContain('Call failed 404: not-found');
    expect(t).toContain('"title":"Owner","value":"carrier"');
    expect(t).toContain('404 Not Found');
    expect(t).toContain('Next check:');
    expect(t).toContain('"type":"Action.Submit","title":"Show ladder","data":{"sipsleuth":"ladder","ref":"aa1b2c311003@203.0.113.10"}');
    expect(t).toContain('Show raw SIP');
    expect(p.activity.text).toMatch(/^failed 404 not-found \(owner carrier\): The carrier said/);
  });

  it('a channel @mention is answered in its thread, the mention stripped', async () => {
    const p = await askBot(bot, { text: 'failed calls on sbc1', channel: '19:voice-ops@thread.tacv2' });
    expect(p.conversationId.startsWith('19:voice-ops@thread.tacv2;messageid=')).toBe(true);
    expect(cardText(p)).toContain('Failed calls on sbc1');
    expect(cardText(p)).toContain('callee-unavailable');
  });

  it.each([
    ['status', ['Status, last hour', 'sbc1', 'UP** 52.114.75.24:5061']],
    ['top failures today', ['Top failure causes today', '2× busy', 'owner **carrier**']],
    ['calls to +49 30 555-0101 today', ['Calls to +49 30 555-0101 today', 'aa1b2c311005@203.0.113.10']],
    ['ladder a1b2c3:1:1002', ['Call flow of aa1b2c311002@203.0.113.10', '486 Busy Here', '"fontType":"Monospace"']],
    ['help', ['Ask me about calls', 'top failures this week']],
    ['sing me a song', ['Sorry, I did not understand', 'why did call 0101 fail']],
    ['why 9999999', ['No stored call matches']],
    ['explain INVITE sip:+49305550101@sbc.example.com SIP/2.0\nVia: SIP/2.0/TLS 52.114.75.24:5061;branch=z9hG4bK1\nFrom: <sip:+4940777@sip.pstnhub.microsoft.com>;tag=1\nTo: <sip:+49305550101@sbc.example.com>\nCall-ID: x1@y\nCSeq: 1 INVITE\nContent-Length: 0', ['INVITE', 'Call-ID']],
    ['explain not a sip message', ['does not look like a SIP message']],
  ])('"%s" gets the same answer as in Slack, as a card', async (question, expected) => {
    const p = await askBot(bot, { text: question });
    for (const e of expected) {
      expect(cardText(p)).toContain(e);
    }
  });

  it('"Show ladder" and "Show raw SIP" come back as the value of the next activity', async () => {
    const l = await askBot(bot, { value: { sipsleuth: 'ladder', ref: 'aa1b2c311005@203.0.113.10' } });
    expect(cardText(l)).toContain('Call flow of aa1b2c311005@203.0.113.10');
    // the Why? buttons of alerts carry a call id
    const w = await askBot(bot, { value: { sipsleuth: 'why', ref: 'a1b2c3:1:1006' } });
    expect(cardText(w)).toContain('Call failed 404: not-found');
    const r = await askBot(bot, { value: { sipsleuth: 'raw', ref: 'aa1b2c311005@203.0.113.10' } });
    const t = cardText(r);
    expect(t).toContain('Raw SIP of aa1b2c311005@203.0.113.10');
    expect(t).toContain('SIP/2.0 486 Busy Here');
    // a card stays under Teams' message size
    expect(t.length).toBeLessThan(28_000);
  });

  it('says what it understands when it is added to a team, not when others join', async () => {
    const before = connector.posted.length;
    const base = activity({ serviceUrl: connector.serviceUrl, channel: '19:general@thread.tacv2' });
    const added = { ...base, type: 'conversationUpdate', text: undefined, membersAdded: [{ id: '28:sipsleuth-bot' }] };
    expect(await sendActivity(bot.url, added)).toBe(200);
    const [hello] = (await connector.waitFor(before + 1)).slice(before);
    expect(cardText(hello)).toContain('Ask me about calls');
    expect(await sendActivity(bot.url, { ...added, membersAdded: [{ id: '29:someone-else' }] })).toBe(200);
    await new Promise((r) => setTimeout(r, 200));
    expect(connector.posted.length).toBe(before + 1);
  });

  it('subscribe stores the conversation reference in Redis; alerts reach it; unsubscribe removes it', async () => {
    const channel = '19:alerts@thread.tacv2';
    const p = await askBot(bot, { text: 'subscribe', channel });
    expect(cardText(p)).toContain('Subscribed');
    const refs = await bot.bot.subscriptions?.list();
    expect(refs).toHaveLength(1);
    expect(refs?.[0]).toMatchObject({ serviceUrl: connector.serviceUrl, channelId: 'msteams', conversation: { conversationType: 'channel' } });
    // the channel, not the thread the word was said in: each alert starts its own post
    expect(refs?.[0].conversation?.id).toBe(channel);
    expect(refs?.[0].activityId).toBeUndefined();

    const before = connector.posted.length;
    const sent = await bot.bot.sendToSubscribers({ card: noticeCard('Failure spike on sbc1'), text: 'Failure spike on sbc1' });
    expect(sent).toEqual({ sent: 1, failed: 0 });
    const [alert] = (await connector.waitFor(before + 1)).slice(before);
    expect(alert.conversationId).toBe(channel);
    expect(alert.replyToId).toBeNull();
    expect(cardText(alert)).toContain('Failure spike on sbc1');

    const u = await askBot(bot, { text: 'unsubscribe', channel });
    expect(cardText(u)).toContain('Unsubscribed');
    expect(await bot.bot.subscriptions?.list()).toEqual([]);
  });
});

describe('Teams bot: authentication, who may ask, masking, rate limit, store down', () => {
  it('without an app id, every request is refused with 401 and nothing is posted', async () => {
    const r = await start({ allowUnauthenticated: false });
    const before = connector.posted.length;
    expect(await sendActivity(r.url, activity({ serviceUrl: connector.serviceUrl, text: 'status' }))).toBe(401);
    await new Promise((res) => setTimeout(res, 100));
    expect(connector.posted.length).toBe(before);
  });

  it('with an app id, a request without a valid Bot Framework token is refused with 401', async () => {
    const r = await start({ allowUnauthenticated: false, appId: '00000000-0000-0000-0000-000000000001', appPassword: 'secret' });
    expect(await sendActivity(r.url, activity({ serviceUrl: connector.serviceUrl, text: 'status' }))).toBe(401);
    expect(await sendActivity(r.url, activity({ serviceUrl: connector.serviceUrl, text: 'status' }), { authorization: 'Bearer not-a-jwt' })).toBe(401);
  });

  it('refuses other tenants, teams and channels politely and logs them; personal chats need only the tenant', async () => {
    const r = await start({ allowedTenants: ['tenant-contoso'], allowedTeams: ['19:team-voice@thread.tacv2'], allowedChannels: ['19:voice-ops@thread.tacv2'] });
    expect(cardText(await askBot(r, { text: 'status', tenant: 'tenant-other' }))).toContain('only answer people of the organisations');
    expect(cardText(await askBot(r, { text: 'status', channel: '19:voice-ops@thread.tacv2', team: '19:team-sales@thread.tacv2' }))).toContain('only answer in the teams');
    expect(cardText(await askBot(r, { text: 'status', channel: '19:random@thread.tacv2' }))).toContain('only answer in the channels');
    expect(cardText(await askBot(r, { text: 'status', channel: '19:voice-ops@thread.tacv2' }))).toContain('Status, last hour');
    expect(cardText(await askBot(r, { text: 'status' }))).toContain('Status, last hour');
    expect(r.logger.lines.filter((l) => l.msg === 'teams question refused').map((l) => l.why)).toEqual(['tenant', 'team', 'channel']);
  });

  it('masks numbers in channels, not in personal chats', async () => {
    const r = await start({ maskNumbers: true });
    const inChannel = cardText(await askBot(r, { text: 'why a1b2c3:1:1005', channel: '19:voice-ops@thread.tacv2' }));
    expect(inChannel).toContain('+49305550***');
    expect(inChannel).not.toContain('+49305550101');
    expect(cardText(await askBot(r, { text: 'why a1b2c3:1:1005' }))).toContain('+49305550101');
  });

  it('limits questions per user and minute', async () => {
    const r = await start({ rateLimitPerMin: 1 });
    expect(cardText(await askBot(r, { text: 'status', user: 'fast' }))).toContain('Status, last hour');
    expect(cardText(await askBot(r, { text: 'status', user: 'fast' }))).toContain(TEAMS_RATE_LIMITED.slice(0, 30));
  });

  it('a store that is down gives a friendly answer', async () => {
    const url = new URL(testRedisUrl());
    const dead = new Redis({ host: url.hostname, port: 1, lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 0, retryStrategy: () => null });
    dead.on('error', () => undefined);
    const r = await start({ store: new RedisCallStore(dead, { prefix: testPrefix('teams-down'), retentionDays: 14 }) });
    const p = await askBot(r, { text: 'why did call 0101 fail' });
    expect(cardText(p)).toContain('The call store is unavailable right now');
    expect(p.activity.text).toMatch(/^The call store is unavailable/);
    dead.disconnect();
  });
});

describe('Teams bot: start waits on nothing', () => {
  it('start() reaches neither the Bot Connector nor Azure AD (tokens are fetched per reply); it says whether it can answer', async () => {
    const seen: boolean[] = [];
    // an app id and password, and no Azure AD or connector to reach: start() has nothing to wait on
    const bot = createTeamsBot({ appId: '00000000-0000-0000-0000-00000000a001', appPassword: 'secret', store: new MemoryCallStore(), tz: 'UTC', logger: new MemoryLogger(), onReady: (r) => seen.push(r) });
    await bot.start();
    await bot.stop();
    const closed = createTeamsBot({ store: new MemoryCallStore(), tz: 'UTC', logger: new MemoryLogger(), onReady: (r) => seen.push(r) });
    await closed.start();
    expect(seen).toEqual([true, false, false]);
  });
});
