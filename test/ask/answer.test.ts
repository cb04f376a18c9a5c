import { Redis } from 'ioredis';
import { ask } from '../../src/ask/answer';
import type { Answer } from '../../src/ask/answer-types';
import { maskText } from '../../src/ask/mask';
import { renderText } from '../../src/ask/render-text';
import { runAsk } from '../../src/cli/commands/ask';
import { MemoryCallStore } from '../../src/store/memory-store';
import { RedisCallStore } from '../../src/store/redis-store';
import { testPrefix, testRedisUrl } from '../support/redis';
import { ASK_NOW, fillStore } from './support/stored-calls';

const store = new MemoryCallStore();
const deps = { store, now: ASK_NOW, tz: 'Europe/Berlin' };

function as<K extends Answer['kind']>(a: Answer, kind: K): Extract<Answer, { kind: K }> {
  expect(a.kind).toBe(kind);
  return a as Extract<Answer, { kind: K }>;
}

beforeAll(async () => {
  await fillStore(store);
});

describe('answer', () => {
  it('why <number>: the newest matching call with its verdict, evidence, ladder and the others', async () => {
    const a = as(await ask('why did call +49 30 555-0101 fail?', deps), 'verdict');
    // newest call with that number is the Ribbon call of 10:00 (answered), the others follow
    expect(a.call.id).toBe('4321');
    expect(a.others.map((o) => o.id)).toEqual(['a1b2c3:1:1005', 'a1b2c3:1:1002', 'a1b2c3:1:1001']);
    const busy = as(await ask('why a1b2c3:1:1005', deps), 'verdict');
    expect(busy.call).toMatchObject({ outcome: 'failed', category: 'busy', owner: 'user', finalStatus: 486 });
    expect(busy.call.evidence[0]).toContain('486');
    expect(busy.ladder.some((r) => r.deciding && r.label.startsWith('486'))).toBe(true);
    const text = renderText(busy, { tz: 'Europe/Berlin' });
    expect(text).toContain('Verdict: failed · busy · owner user');
    expect(text).toContain('2026-11-23 10:10:00 +01:00');
    expect(text).toContain('Next check:');
  });

  it('why <Call-ID of either leg>, any case', async () => {
    const a = as(await ask('why did call BA1B2C311003@198.51.100.5 fail', deps), 'verdict');
    expect(a.call).toMatchObject({ id: 'a1b2c3:1:1003', category: 'not-found', owner: 'carrier' });
    expect(a.others).toEqual([]);
  });

  it('an unknown reference is not found, with suggestions', async () => {
    const a = as(await ask('why did call nosuch1234@10.9.9.9 fail', deps), 'not-found');
    expect(a.what).toBe('call');
    expect(a.suggestions.length).toBeGreaterThan(0);
    expect(renderText(a)).toContain('No stored call matches "nosuch1234@10.9.9.9"');
  });

  it('ladder and raw SIP of a call', async () => {
    const l = as(await ask('ladder a1b2c3:1:1002', deps), 'ladder');
    expect(l.rows.map((r) => r.label.split(' ')[0])).toEqual(expect.arrayContaining(['INVITE', '486', 'ACK']));
    expect(renderText(l)).toMatch(/carrier\s+SBC\s+Teams/);
    const r = as(await ask('raw a1b2c3:1:1002', deps), 'raw');
    expect(r.messages[0].text.startsWith('INVITE sip:+49305550101@sbc.example.com SIP/2.0')).toBe(true);
    expect(r.messages.some((m) => m.text.startsWith('SIP/2.0 486 Busy Here'))).toBe(true);
  });

  it('calls to a number today, in the asker\'s zone', async () => {
    const a = as(await ask('calls to 0305550101 today', deps), 'calls');
    expect(a.title).toBe('Calls to 0305550101 today');
    // the Ribbon call of 10:00 is from that number, not to it
    expect(a.calls.map((c) => c.id)).toEqual(['a1b2c3:1:1005', 'a1b2c3:1:1002', 'a1b2c3:1:1001']);
    const lastHour = as(await ask('calls with 5550101 last hour', deps), 'calls');
    expect(lastHour.calls.map((c) => c.id)).toEqual(['4321', 'a1b2c3:1:1005']);
    const since = as(await ask('calls to 0101 since 10:00', deps), 'calls');
    // 10:00 Berlin = 09:00 UTC; last digits only: the Ribbon call went to +49407770101
    expect(since.calls.map((c) => c.id)).toEqual(['4321', 'a1b2c3:1:1005']);
    const yesterday = as(await ask('calls to 0101 yesterday', deps), 'calls');
    expect(yesterday.calls).toEqual([]);
    expect(renderText(yesterday)).toContain('no calls');
  });

  it('failed calls, on one SBC', async () => {
    const all = as(await ask('failed calls today', deps), 'calls');
    expect(all.calls.map((c) => c.id)).toEqual(['4322', 'a1b2c3:1:1006', 'a1b2c3:1:1005', 'a1b2c3:1:1003', 'a1b2c3:1:1002']);
    const onSbc = as(await ask('failed calls on SBC1', deps), 'calls');
    expect(onSbc.title).toBe('Failed calls on sbc1');
    expect(onSbc.calls.map((c) => c.id)).toEqual(['4322']);
    const none = as(await ask('failed calls on nosuchsbc', deps), 'not-found');
    expect(none.what).toBe('sbc');
    expect(none.suggestions).toEqual(['failed calls on 10.1.1.5', 'failed calls on sbc1']);
  });

  it('status: calls and failures per SBC in the last hour, and peers', async () => {
    const a = as(await ask('how are the trunks', deps), 'status');
    expect(a.sbcs).toEqual([
      { sbc: '10.1.1.5', calls: 3, answered: 1, failed: 2, faults: 1, lastCall: Date.UTC(2026, 10, 23, 9, 30) },
      { sbc: 'sbc1', calls: 2, answered: 1, failed: 1, faults: 1, lastCall: Date.parse('2026-11-23T10:02:10.250Z') },
    ]);
    expect(a.peers).toEqual([expect.objectContaining({ device: 'sbc1', remote: '52.114.75.24:5061', status: 'up', optionsAnswered: 1 })]);
    expect(renderText(a)).toContain('UP      52.114.75.24:5061 sip.pstnhub.microsoft.com via sbc1');
  });

  it('status of one SBC', async () => {
    const a = as(await ask('status on sbc1', deps), 'status');
    expect(a.sbcs.map((s) => s.sbc)).toEqual(['sbc1']);
    expect(a.peers.map((p) => p.device)).toEqual(['sbc1']);
    const none = as(await ask('status of nosuch', deps), 'not-found');
    expect(none.suggestions).toEqual(['status of 10.1.1.5', 'status of sbc1']);
  });

  it('top failures today: causes with counts, owners and examples', async () => {
    const a = as(await ask('top failures today', deps), 'top');
    expect(a).toMatchObject({ calls: 9, failed: 5 });
    expect(a.causes.map((c) => [c.category, c.owner, c.calls, c.normal])).toEqual([
      ['busy', 'user', 2, true],
      ['not-found', 'carrier', 2, false],
      ['callee-unavailable', 'user', 1, false],
    ]);
    expect(a.causes[1].examples.map((e) => e.id)).toEqual(['a1b2c3:1:1006', 'a1b2c3:1:1003']);
  });

  it('explain a pasted message; not SIP gets a clear answer', async () => {
    const a = as(await ask('explain SIP/2.0 486 Busy Here\nVia: SIP/2.0/TLS 52.114.75.24:5061;branch=z9hG4bK1\nCall-ID: x1@y\nCSeq: 1 INVITE\nReason: Q.850;cause=17\nContent-Length: 0\n', deps), 'explanation');
    expect(a.explanation.startLine.status).toBe(486);
    expect(a.text).toContain('Reason');
    const bad = as(await ask('explain hello world', deps), 'not-found');
    expect(bad.what).toBe('sip');
    const empty = as(await ask('explain', deps), 'not-found');
    expect(empty.message).toContain('Paste a SIP message');
  });

  it('help, and anything else gets help with examples', async () => {
    expect(as(await ask('help', deps), 'help').reason).toBe('asked');
    const other = as(await ask('tell me a joke', deps), 'help');
    expect(other).toMatchObject({ reason: 'not-understood', heard: 'tell me a joke' });
    expect(renderText(other)).toContain('why did call 0101 fail');
  });

  it('masks numbers when asked, but not call references', async () => {
    const a = as(await ask('why a1b2c3:1:1005', { ...deps, maskNumbers: true }), 'verdict');
    expect(a.call.from).toBe('+49407770***');
    expect(a.call.to).toBe('+49305550***');
    expect(a.call.callIds).toEqual(['aa1b2c311005@203.0.113.10', 'ba1b2c311005@198.51.100.5']);
    expect(JSON.stringify(a)).not.toContain('49305550101');
    expect(maskText('sip:+49305550101@sbc;user=phone at 10.1.1.5:5060 port 40000')).toBe('sip:+49305550***@sbc;user=phone at 10.1.1.5:5060 port 40000');
  });
});

describe('a store that is down', () => {
  it('gives a friendly answer, not an error', async () => {
    const url = new URL(testRedisUrl());
    // a port nothing listens on: every command fails
    const redis = new Redis({ host: url.hostname, port: 1, lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 0, retryStrategy: () => null });
    redis.on('error', () => undefined);
    const down = new RedisCallStore(redis, { prefix: testPrefix('ask-down'), retentionDays: 14 });
    for (const q of ['why 0101', 'status', 'failed calls today', 'top failures']) {
      const a = as(await ask(q, { store: down, now: ASK_NOW, tz: 'UTC' }), 'error');
      expect(a.reason).toBe('store-unavailable');
    }
    const text = await runAsk('why 0101', down, { now: ASK_NOW, tz: 'UTC' });
    expect(text).toMatch(/^The call store is unavailable right now/);
    redis.disconnect();
  });

  it('runAsk answers from a real Redis store the same as from memory', async () => {
    const redis = new Redis(testRedisUrl());
    const rs = new RedisCallStore(redis, { prefix: testPrefix('ask-redis'), retentionDays: 3650 });
    await fillStore(rs);
    const opts = { now: ASK_NOW, tz: 'Europe/Berlin' };
    for (const q of ['why a1b2c3:1:1005', 'failed calls today', 'status', 'top failures today', 'calls to 0101 last hour']) {
      expect(await runAsk(q, rs, opts)).toBe(await runAsk(q, store, opts));
    }
    await redis.quit();
  });
});
