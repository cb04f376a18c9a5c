import { CloudAdapter, ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import Redis from 'ioredis';
import { TeamsAlertSink } from '../../bots/teams/alerts-sink';
import { RedisSubscriptionStore } from '../../bots/teams/subscriptions';
import type { Alert } from '../../src/alerts/alert';
import { AlertDelivery } from '../../src/alerts/delivery';
import { IncidentStore } from '../../src/alerts/incident-store';
import { alertMetrics } from '../../src/alerts/metrics';
import { chartPng } from '../../src/alerts/chart';
import { TeamsDeliveryError } from '../../src/errors';
import { MemoryLogger } from '../../src/log/logger';
import { buildDigest } from '../../src/stats/digest';
import { testPrefix, testRedisUrl } from '../support/redis';
import { FakeConnector } from './support/fake-connector';

const T = Date.UTC(2026, 10, 24, 9, 14, 0);
let redis: Redis;
const connector = new FakeConnector();

function alert(state: Alert['state']): Alert {
  return {
    key: 'spike|sbc1|codec-mismatch',
    kind: 'spike',
    state,
    severity: 'warning',
    title: state === 'recovered' ? 'codec-mismatch failures on sbc1 are back to usual' : 'codec-mismatch failures spiking on sbc1',
    figures: '6 of 14 calls (42.9%) in the last 5 min ended in codec-mismatch',
    sbc: 'sbc1',
    peer: null,
    owner: 'sbc',
    nextCheck: 'Check the coder group.',
    examples: state === 'recovered' ? [] : [{ id: 'call-7', time: new Date(T).toISOString(), from: '+4930', to: '+4940', summary: 'No common codec' }],
    openedAt: new Date(T).toISOString(),
    at: new Date(T + (state === 'recovered' ? 1_800_000 : 0)).toISOString(),
    lasted: state === 'recovered' ? '30m 00s' : undefined,
  };
}

beforeAll(async () => {
  redis = new Redis(testRedisUrl());
  await connector.start();
});
afterAll(async () => {
  await connector.stop();
  await redis.quit();
});

async function setup(name: string): Promise<{ sink: TeamsAlertSink; delivery: AlertDelivery; incidents: IncidentStore; logger: MemoryLogger }> {
  const subs = new RedisSubscriptionStore(redis, testPrefix(name));
  for (const id of ['19:a@thread.tacv2', '19:b@thread.tacv2']) {
    await subs.add({ serviceUrl: connector.serviceUrl, channelId: 'msteams', conversation: { id, conversationType: 'channel', isGroup: true, name: id }, bot: { id: '28:sipsleuth', name: 'sipsleuth' } });
  }
  const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
  const logger = new MemoryLogger();
  const sink = new TeamsAlertSink({ adapter, appId: '', subscriptions: subs, tz: 'Europe/Berlin', logger });
  const incidents = new IncidentStore(redis, testPrefix(`${name}-inc`));
  const delivery = new AlertDelivery({ sinks: [sink], incidents, metrics: alertMetrics(), logger, retry: { attempts: 2, baseDelayMs: 1, maxDelayMs: 2 } });
  return { sink, delivery, incidents, logger };
}

describe('Teams alert sink over HTTP', () => {
  it('posts one card per subscribed channel, updates it in place, and says the recovery in its thread; a channel that missed it gets it later', async () => {
    const { delivery, incidents, logger } = await setup('teams-sink');
    connector.failing.add('19:b@thread.tacv2');
    const from = connector.calls.length;
    expect(await delivery.deliver(alert('open'), T)).toBe(true);
    const posted = connector.calls.slice(from).filter((c) => c.method === 'POST' && c.body.attachments);
    const okA = posted.find((c) => c.conversationId === '19:a@thread.tacv2');
    expect(okA).toBeDefined();
    expect(JSON.stringify(okA?.body)).toContain('codec-mismatch failures spiking on sbc1');
    expect(JSON.stringify(okA?.body)).toContain('"data":{"sipsleuth":"why","ref":"call-7"}');
    expect(logger.lines.some((l) => l.level === 'error' && l.conversation === '19:b@thread.tacv2')).toBe(true);
    const ref = (await incidents.refs(alert('open').key))['teams:subscribed'] as { posts: Record<string, string> };
    expect(Object.keys(ref.posts)).toEqual(['19:a@thread.tacv2']);

    connector.failing.clear();
    const mark = connector.calls.length;
    expect(await delivery.deliver(alert('recovered'), T + 1_800_000)).toBe(true);
    const after = connector.calls.slice(mark);
    const put = after.find((c) => c.method === 'PUT');
    expect(put).toMatchObject({ conversationId: '19:a@thread.tacv2', activityId: ref.posts['19:a@thread.tacv2'] });
    expect(JSON.stringify(put?.body)).toContain('back to usual');
    const reply = after.find((c) => c.method === 'POST' && c.conversationId.startsWith('19:a@thread.tacv2;messageid='));
    expect(String(reply?.body.text)).toMatch(/^✅ Recovered at 2026-11-24 10:44:00 \+01:00/);
    const lateB = after.find((c) => c.method === 'POST' && c.conversationId === '19:b@thread.tacv2');
    expect(JSON.stringify(lateB?.body)).toContain('back to usual');
    const ref2 = (await incidents.refs(alert('open').key))['teams:subscribed'] as { posts: Record<string, string> };
    expect(Object.keys(ref2.posts).sort()).toEqual(['19:a@thread.tacv2', '19:b@thread.tacv2']);
  });

  it('throws a TeamsDeliveryError when no channel can be reached, so the alert is kept', async () => {
    const { sink, delivery, incidents } = await setup('teams-down');
    connector.failing.add('19:a@thread.tacv2');
    connector.failing.add('19:b@thread.tacv2');
    await expect(sink.post(alert('open'))).rejects.toBeInstanceOf(TeamsDeliveryError);
    expect(await delivery.deliver(alert('open'), T)).toBe(false);
    expect(await incidents.outbox()).toHaveLength(1);
    connector.failing.clear();
  });

  it('posts the digest card with the chart as a data URI', async () => {
    const { sink } = await setup('teams-digest');
    const mark = connector.calls.length;
    const d = buildDigest('2026-11-24', 'Europe/Berlin', []);
    await sink.postDigest(d, chartPng('x', [{ label: '00', calls: 1, failures: 0 }]));
    const cards = connector.calls.slice(mark).filter((c) => c.method === 'POST');
    expect(cards).toHaveLength(2);
    const body = JSON.stringify(cards[0].body);
    expect(body).toContain('sipsleuth daily digest · 2026-11-24');
    expect(body).toContain('data:image/png;base64,iVBORw0KGgo');
    expect(body).toContain('No calls were logged on 2026-11-24');
    const uri = /data:image\/png;base64,([A-Za-z0-9+/=]+)/.exec(body)?.[1] ?? '';
    const png = Buffer.from(uri, 'base64');
    expect(png.readUInt32BE(16)).toBe(480);
    expect(body.length).toBeLessThan(28_000);
  });
});
