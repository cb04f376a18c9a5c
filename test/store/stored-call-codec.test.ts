import fs from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import Redis from 'ioredis';
import { Analyzer, type AnalyzedCall } from '../../src/analyze/analyzer';
import { createLogReader, getFormat } from '../../src/formats/index';
import type { StoredCall } from '../../src/store/call-store';
import { RedisCallStore } from '../../src/store/redis-store';
import { decodeStoredCall, encodeStoredCall } from '../../src/store/stored-call-codec';
import { testPrefix, testRedisUrl } from '../support/redis';
import { callRecords, rsyslogLines, someCalls } from '../service/support/audiocodes-calls';
import { deletePrefix } from './redis-helpers';

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'audiocodes');

/** Calls as the offline pipeline builds them (SIP parsed by the call builder), from lines. */
function analyze(lines: string[]): AnalyzedCall[] {
  const format = getFormat('audiocodes');
  if (!format) {
    throw new Error('no audiocodes format');
  }
  const out: AnalyzedCall[] = [];
  const analyzer = new Analyzer({ onCall: (c) => out.push(c) });
  const r = createLogReader(format, { tz: 'UTC', year: 2026, maxLineBytes: 1 << 20 });
  lines.forEach((line, i) => analyzer.add(r.push(line, { source: 'fixture', line: i + 1 })));
  analyzer.add(r.end());
  analyzer.end();
  return out;
}

function realCalls(): StoredCall[] {
  const calls: AnalyzedCall[] = [];
  for (const f of fs.readdirSync(FIXTURES).filter((n) => n.endsWith('.log'))) {
    calls.push(...analyze(fs.readFileSync(path.join(FIXTURES, f), 'utf8').split(/\r?\n/)));
  }
  calls.push(...analyze(rsyslogLines(callRecords(someCalls(8, Date.UTC(2026, 10, 23, 9, 0, 0))))));
  return calls.map((c) => ({ report: c.report, call: c.call, verdict: c.verdict }));
}

/** What the full-JSON store gave back: the call through JSON (undefined fields dropped). */
function viaJson(s: StoredCall): StoredCall {
  return JSON.parse(JSON.stringify(s)) as StoredCall;
}

function messageCount(s: StoredCall): number {
  return s.call.legs.reduce((n, l) => n + l.messages.length, 0);
}

describe('stored call codec', () => {
  const calls = realCalls();

  it('has real calls with SIP to work on', () => {
    expect(calls.length).toBeGreaterThan(8);
    expect(calls.filter((c) => messageCount(c) > 0).length).toBeGreaterThan(8);
  });

  it('when a built call is encoded and decoded, then every field comes back the same, parsed SIP included', () => {
    for (const s of calls) {
      const r = decodeStoredCall(Buffer.from(encodeStoredCall(s, 2048)));
      expect(r.ok).toBe(true);
      if (!r.ok) {
        continue;
      }
      // the SIP comes back as the parser hands it out (as when the call was built), field for field
      expect(r.stored).toEqual(s);
      expect(viaJson(r.stored)).toStrictEqual(viaJson(s));
      r.stored.call.legs.forEach((leg, li) =>
        leg.messages.forEach((m, mi) => {
          const want = s.call.legs[li].messages[mi];
          expect(m.sip.headers).toStrictEqual(want.sip.headers);
          expect(viaJson({ ...s, call: { ...s.call, legs: [{ ...leg, messages: [m] }] } })).toStrictEqual(
            viaJson({ ...s, call: { ...s.call, legs: [{ ...s.call.legs[li], messages: [want] }] } }),
          );
        }),
      );
    }
  });

  it('when encoded, then the parsed SIP is left out: the value is much smaller than the full JSON', () => {
    const big = calls.filter((c) => messageCount(c) >= 4);
    expect(big.length).toBeGreaterThan(0);
    for (const s of big) {
      const plain = encodeStoredCall(s, Number.MAX_SAFE_INTEGER);
      expect(typeof plain).toBe('string');
      expect((plain as string).length).toBeLessThan(JSON.stringify(s).length / 2);
      for (const leg of s.call.legs) {
        for (const m of leg.messages) {
          expect(plain as string).not.toContain('"headers"');
          expect(m.raw.length).toBeGreaterThan(0);
        }
      }
    }
  });

  it('when a value was written by the older full-JSON form (plain or gzipped), then it is still read', () => {
    const s = calls[0];
    const json = JSON.stringify(s);
    for (const raw of [Buffer.from(json), gzipSync(json)]) {
      const r = decodeStoredCall(raw);
      expect(r.ok && viaJson(r.stored)).toStrictEqual(viaJson(s));
    }
  });

  it('when a value was written by the previous codec (slim JSON gzipped), then it is still read', () => {
    for (const s of calls.filter((c) => messageCount(c) > 0).slice(0, 5)) {
      const slimText = encodeStoredCall(s, Number.MAX_SAFE_INTEGER) as string;
      const r = decodeStoredCall(gzipSync(slimText, { level: 1 }));
      expect(r.ok && viaJson(r.stored)).toStrictEqual(viaJson(s));
    }
  });

  it('when a long value is encoded, then it is compressed (Brotli, marked) and well smaller than its JSON', () => {
    const big = calls.filter((c) => messageCount(c) >= 4);
    for (const s of big) {
      const packed = encodeStoredCall(s, 2048);
      expect(Buffer.isBuffer(packed)).toBe(true);
      expect((packed as Buffer).subarray(0, 2).toString('latin1')).toBe('BR');
      expect((packed as Buffer).length).toBeLessThan((encodeStoredCall(s, Number.MAX_SAFE_INTEGER) as string).length / 2);
    }
  });

  it('when a value is unreadable, then the failure is a value saying why', () => {
    const bad = [
      Buffer.from([0x1f, 0x8b, 1, 2, 3]),
      Buffer.from('BR\x01\x02garbage', 'latin1'),
      Buffer.from('S2{not json'),
      Buffer.from('{"x":1}'),
      Buffer.from('S2' + JSON.stringify({ report: {}, call: { legs: [{ messages: [{ raw: 'hello' }] }] } })),
    ];
    for (const raw of bad) {
      const r = decodeStoredCall(raw);
      expect(r.ok).toBe(false);
      expect(!r.ok && r.why.length).toBeGreaterThan(0);
    }
  });

  describe('through RedisCallStore', () => {
    let redis: Redis;
    const prefix = testPrefix('codec');

    beforeAll(() => {
      redis = new Redis(testRedisUrl());
    });

    afterAll(async () => {
      await deletePrefix(redis, prefix);
      await redis.quit();
    });

    it('when real calls are put and read back by id and by reference, then they are the same calls', async () => {
      const store = new RedisCallStore(redis, { prefix, retentionDays: 14 });
      const distinct = new Map(calls.map((c) => [c.report.id, c]));
      for (const s of distinct.values()) {
        await store.put(s);
      }
      for (const s of distinct.values()) {
        const got = await store.get(s.report.id);
        expect(got).toEqual(s);
        expect(viaJson(got!)).toStrictEqual(viaJson(s));
        const found = await store.find(s.call.legs[0]?.callId ?? s.report.id, 50);
        const same = found.find((f) => f.report.id === s.report.id);
        expect(same && viaJson(same)).toStrictEqual(viaJson(s));
      }
      expect(store.stats.corrupt).toBe(0);
    });
  });
});
