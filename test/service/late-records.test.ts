import fs from 'node:fs';
import path from 'node:path';
import IORedis, { type Redis } from 'ioredis';
import { startService, type RunningService } from '../../src/service/service';
import { testPrefix, testRedisUrl } from '../support/redis';
import { callRecords, rsyslogLines, someCalls } from './support/audiocodes-calls';
import { offlineReports } from './support/offline';
import { FAST, READER, appendLines, deletePrefix, newLogger, storeOf, tempDir, testConfig } from './support/service-harness';
import { waitFor } from './support/wait-for';

describe('records of a call arriving in pieces, with pauses longer than the settle time', () => {
  const prefix = testPrefix('late');
  const dir = tempDir('late');
  const file = path.join(dir, 'sbc.log');
  let service: RunningService;
  let redis: Redis;

  beforeAll(async () => {
    redis = new IORedis(testRedisUrl());
    fs.writeFileSync(file, '');
    service = await startService(testConfig({ REDIS_URL: testRedisUrl(), SIPSLEUTH_WATCH: file }), 'serve', {
      ...FAST,
      settleMs: 200,
      logger: newLogger(),
      prefix,
    });
  });
  afterAll(async () => {
    await service.stop();
    await deletePrefix(testRedisUrl(), prefix);
    redis.disconnect();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('when the log stops mid-call and goes on later, then each call ends up stored with all its messages', async () => {
    const calls = someCalls(24, Date.UTC(2026, 10, 23, 14, 0, 0), 'babe01');
    const lines = rsyslogLines(callRecords(calls, 90_000));
    const store = storeOf(redis, prefix);
    const offline = offlineReports(lines, READER);
    const pieces = 6;
    const size = Math.ceil(lines.length / pieces);
    for (let i = 0; i < pieces; i++) {
      appendLines(file, lines.slice(i * size, (i + 1) * size));
      await new Promise((r) => setTimeout(r, 1200));
    }
    const want = new Map(offline.map((r) => [r.id, JSON.stringify([r.category, r.owner, r.legs.map((l) => l.messages)])]));
    expect(want.size).toBeGreaterThan(0);
    await waitFor(
      'every call stored with every message',
      async () => {
        for (const [id, w] of want) {
          const s = await store.get(id);
          if (!s || JSON.stringify([s.report.category, s.report.owner, s.report.legs.map((l) => l.messages)]) !== w) {
            return false;
          }
        }
        return true;
      },
      60_000,
      250,
    ).catch(async (err: unknown) => {
      const diff: string[] = [];
      for (const [id, w] of want) {
        const s = await store.get(id);
        const g = s ? JSON.stringify([s.report.category, s.report.owner, s.report.legs.map((l) => l.messages)]) : 'missing';
        if (g !== w) {
          diff.push(`${id}: want ${w} got ${g} ${s?.call.legs.map((l) => l.messages.map((m) => m.raw.split('\r\n')[0]).join(' / ')).join(' || ')}`);
        }
      }
      throw new Error(`${String(err)}\n${diff.join('\n')}`);
    });
  }, 120_000);
});
