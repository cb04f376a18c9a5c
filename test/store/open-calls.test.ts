import Redis from 'ioredis';
import type { FramedRecord, SeqGap } from '../../src/formats/record';
import { OpenCallStore, recordId } from '../../src/store/open-calls';
import { testPrefix, testRedisUrl } from '../support/redis';
import { deletePrefix } from './redis-helpers';

let redis: Redis;
const prefixes: string[] = [];
const T0 = Date.UTC(2026, 10, 23, 9, 0, 1, 712);

function newStore(name: string, opts: { closedTtlMs?: number } = {}): OpenCallStore {
  const prefix = testPrefix(name);
  prefixes.push(prefix);
  return new OpenCallStore(redis, { prefix, ...opts });
}

function rec(key: string, seq: number, text = `INVITE line ${seq}`, where = `sbc.log:${seq * 3}`): FramedRecord {
  return {
    format: 'audiocodes',
    kind: 'sip',
    where,
    key,
    keyIsSession: true,
    device: '198.51.100.10',
    seq,
    time: T0 + seq,
    text,
  };
}

beforeAll(() => {
  redis = new Redis(testRedisUrl());
});

afterAll(async () => {
  for (const p of prefixes) {
    await deletePrefix(redis, p);
  }
  await redis.quit();
});

describe('OpenCallStore records', () => {
  it('when the same batch is added twice, then each record is kept once and loads in sequence order', async () => {
    const store = newStore('idem');
    const batch = [rec('k1', 3), rec('k1', 1), rec('k2', 2), rec('k1', 2)];
    expect(await store.addRecords(batch, T0)).toBe(4);
    expect(await store.addRecords(batch, T0 + 5)).toBe(0);
    expect(await store.addRecords([rec('k1', 2)], T0 + 6)).toBe(0);
    expect((await store.loadRecords('k1')).map((r) => r.seq)).toEqual([1, 2, 3]);
    expect(await store.loadRecords('k2')).toEqual([rec('k2', 2)]);
    expect(await store.loadRecords('unknown')).toEqual([]);
    expect(await store.openCount()).toBe(2);
  });

  it('when records without sequence numbers share a where but differ, then both are kept', async () => {
    const store = newStore('where');
    const a: FramedRecord = { ...rec('k', 1, 'first file'), seq: undefined, where: 'app.log:12' };
    const b: FramedRecord = { ...a, text: 'after rotation', time: T0 + 100 };
    expect(recordId(a)).not.toBe(recordId(b));
    expect(await store.addRecords([a, b, a], T0)).toBe(2);
    expect((await store.loadRecords('k')).map((r) => r.text)).toEqual(['first file', 'after rotation']);
  });

  it('when a record was stored by an older version (the whole record as JSON), then it is still loaded; text with line breaks comes back as it was', async () => {
    const store = newStore('older');
    const old = rec('k', 1, 'INVITE sip:a@b SIP/2.0\r\nVia: x\r\n\r\n');
    await redis.hset(`${prefixes[prefixes.length - 1]}:open:rec:k`, recordId(old), JSON.stringify(old));
    const now = rec('k', 2, 'SIP/2.0 200 OK\r\n\nstray "quotes" \\ and\nlines');
    expect(await store.addRecords([now, old], T0)).toBe(1);
    expect(await store.loadRecords('k')).toEqual([old, now]);
    expect(store.stats.corrupt).toBe(0);
  });

  it('when keys go quiet, then they are listed by last activity, oldest first, up to the limit', async () => {
    const store = newStore('quiet');
    await store.addRecords([rec('a', 1)], T0);
    await store.addRecords([rec('b', 1)], T0 + 1000);
    await store.addRecords([rec('c', 1)], T0 + 2000);
    await store.addRecords([rec('a', 2)], T0 + 3000);
    expect(await store.keysQuietSince(T0 + 2000, 10)).toEqual(['b', 'c']);
    expect(await store.keysQuietSince(T0 + 2000, 1)).toEqual(['b']);
    expect(await store.keysQuietSince(T0 + 999, 10)).toEqual([]);
    expect(await store.lastActivity('a')).toBe(T0 + 3000);
    // activity never goes back: an old record delivered late does not make the key look quiet
    await store.addRecords([rec('a', 3)], T0);
    expect(await store.lastActivity('a')).toBe(T0 + 3000);
  });

  it('when a key is closed with the records its call used, then a record that arrived meanwhile keeps it open', async () => {
    const store = newStore('close');
    await store.addRecords([rec('k', 1), rec('k', 2)], T0);
    const used = await store.loadRecords('k');
    await store.addRecords([rec('k', 3)], T0 + 10);
    expect(await store.close('k', used)).toBe(false);
    expect((await store.loadRecords('k')).map((r) => r.seq)).toEqual([3]);
    expect(await store.keysQuietSince(T0 + 10, 10)).toEqual(['k']);
    expect(await store.close('k', await store.loadRecords('k'))).toBe(true);
    expect(await store.keysQuietSince(Number.MAX_SAFE_INTEGER, 10)).toEqual([]);
    expect(await store.openCount()).toBe(0);
  });

  it('when a batch is delivered again after its call was closed, then the call is not reopened', async () => {
    const store = newStore('redeliver');
    const batch = [rec('k', 1), rec('k', 2)];
    await store.addRecords(batch, T0);
    expect(await store.close('k')).toBe(true);
    expect(await store.addRecords(batch, T0 + 100)).toBe(0);
    expect(await store.loadRecords('k')).toEqual([]);
    expect(await store.lastActivity('k')).toBeNull();
    // a genuinely new record (a late CDR) does open it again
    expect(await store.addRecords([rec('k', 9, 'CALL_END')], T0 + 200)).toBe(1);
    expect(await store.lastActivity('k')).toBe(T0 + 200);
  });
});

describe('OpenCallStore locks', () => {
  it('when a key is locked, then nobody else gets it until its holder unlocks', async () => {
    const store = newStore('lock');
    const token = await store.lock('k', 10_000);
    expect(token).not.toBeNull();
    expect(await store.lock('k', 10_000)).toBeNull();
    expect(await store.unlock('k', 'not-the-token')).toBe(false);
    expect(await store.lock('k', 10_000)).toBeNull();
    expect(await store.extendLock('k', token!, 20_000)).toBe(true);
    expect(await store.unlock('k', token!)).toBe(true);
    expect(await store.unlock('k', token!)).toBe(false);
    expect(await store.extendLock('k', token!, 20_000)).toBe(false);
    expect(await store.lock('k', 10_000)).not.toBeNull();
    expect(await store.lock('other', 10_000)).not.toBeNull();
  });

  it('when many workers try at once, then exactly one gets the lock', async () => {
    const store = newStore('race');
    const a = new Redis(testRedisUrl());
    const b = new Redis(testRedisUrl());
    const prefix = prefixes[prefixes.length - 1];
    const stores = [store, new OpenCallStore(a, { prefix }), new OpenCallStore(b, { prefix })];
    try {
      const tokens = await Promise.all(Array.from({ length: 30 }, (_, i) => stores[i % 3].lock('k', 10_000)));
      expect(tokens.filter((t) => t !== null)).toHaveLength(1);
    } finally {
      await a.quit();
      await b.quit();
    }
  });

  it('when a lock times out, then another worker gets it and the old holder cannot release it', async () => {
    const store = newStore('ttl');
    const old = await store.lock('k', 30);
    await new Promise((r) => setTimeout(r, 80));
    const fresh = await store.lock('k', 10_000);
    expect(fresh).not.toBeNull();
    expect(await store.unlock('k', old!)).toBe(false);
    expect(await store.lock('k', 10_000)).toBeNull();
  });
});

describe('OpenCallStore gaps', () => {
  it('when gaps are added twice, then they are kept once and found by overlapping sequence range', async () => {
    const store = newStore('gaps');
    const g = (from: number, to: number, device = '198.51.100.10'): SeqGap => ({ device, from, to, where: `sbc.log:${from}` });
    await store.addGaps([g(10, 12), g(50, 60), g(5, 6, 'other')]);
    await store.addGaps([g(10, 12)]);
    expect(await store.gapsBetween('198.51.100.10', 0, 100)).toEqual([g(10, 12), g(50, 60)]);
    expect(await store.gapsBetween('198.51.100.10', 12, 49)).toEqual([g(10, 12)]);
    expect(await store.gapsBetween('198.51.100.10', 13, 49)).toEqual([]);
    expect(await store.gapsBetween('198.51.100.10', 55, 55)).toEqual([g(50, 60)]);
    expect(await store.gapsBetween('other', 0, 100)).toEqual([g(5, 6, 'other')]);
    expect(await store.gapsBetween('nobody', 0, 100)).toEqual([]);
  });

  it('when gaps were stored by an older version (by their start), then they are still found, once, with the new ones', async () => {
    const prefix = testPrefix('gaps-legacy');
    prefixes.push(prefix);
    const store = new OpenCallStore(redis, { prefix });
    const g = (from: number, to: number): SeqGap => ({ device: 'sbc1', from, to, where: `sbc.log:${from}` });
    const json = (x: SeqGap): string => JSON.stringify({ device: x.device, from: x.from, to: x.to, where: x.where });
    await redis.zadd(`${prefix}:gaps:sbc1`, 10, json(g(10, 12)), 100, json(g(100, 400)));
    await store.addGaps([g(300, 310), g(100, 400)]);
    expect(await store.gapsBetween('sbc1', 0, 1000)).toEqual([g(10, 12), g(100, 400), g(300, 310)]);
    expect(await store.gapsBetween('sbc1', 350, 360)).toEqual([g(100, 400)]);
    expect(await store.gapsBetween('sbc1', 11, 11)).toEqual([g(10, 12)]);
    expect(await store.gapsBetween('sbc1', 401, 500)).toEqual([]);
  });

  it('when a device has had many gaps, then a late range finds exactly its own among them', async () => {
    const store = newStore('gaps-many');
    const g = (from: number): SeqGap => ({ device: 'sbc2', from, to: from + 2, where: `udp:${from}` });
    const many: SeqGap[] = [];
    for (let i = 0; i < 2000; i++) {
      many.push(g(i * 10));
    }
    await store.addGaps(many);
    expect(await store.gapsBetween('sbc2', 19_951, 19_995)).toEqual([g(19_950), g(19_960), g(19_970), g(19_980), g(19_990)]);
    expect(await store.gapsBetween('sbc2', 0, 5)).toEqual([g(0)]);
  });
});
