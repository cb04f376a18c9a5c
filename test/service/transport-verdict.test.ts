import fs from 'node:fs';
import path from 'node:path';
import IORedis, { type Redis } from 'ioredis';
import { startService, type RunningService } from '../../src/service/service';
import { SCENARIO_BY_NAME, renderScenario } from '../support/flows';
import { testPrefix, testRedisUrl } from '../support/redis';
import { FAST, deletePrefix, newLogger, storeOf, tempDir, testConfig } from './support/service-harness';
import { waitFor } from './support/wait-for';

describe('the service decides with the transport failures the SBC logged', () => {
  const url = testRedisUrl();
  const prefix = testPrefix('transport');
  const dir = tempDir('transport');
  const file = path.join(dir, 'sbc.log');
  let redis: Redis;
  let service: RunningService;

  beforeAll(async () => {
    fs.writeFileSync(file, '');
    redis = new IORedis(url);
    service = await startService(testConfig({ REDIS_URL: url, SIPSLEUTH_WATCH: file, SIPSLEUTH_FORMAT: 'audiocodes' }), 'serve', {
      ...FAST,
      logger: newLogger(),
      prefix,
    });
  });

  afterAll(async () => {
    await service.stop();
    await deletePrefix(url, prefix);
    redis.disconnect();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('when the TLS handshake to Teams failed in the debug lines, then the stored call says tls-failure, as analyze does', async () => {
    const build = SCENARIO_BY_NAME.get('tls-failure');
    if (!build) {
      throw new Error('the flows have no tls-failure scenario');
    }
    const { scenario, text } = renderScenario(build, 'audiocodes');
    fs.appendFileSync(file, text);
    const store = storeOf(redis, prefix);
    const [stored] = await waitFor('the call in the store', async () => {
      const found = await store.list({ limit: 5 });
      return found.length > 0 && found.every((r) => r.outcome !== 'in-progress') ? found : null;
    });
    expect(stored.category).toBe('tls-failure');
    expect(stored.category).toBe(scenario.expect.category);
    expect(stored.owner).toBe(scenario.expect.owner);
    const full = await store.get(stored.id);
    expect(full?.verdict?.category).toBe('tls-failure');

    // a late record of the same SID (the 503 sent again, 3 s later) re-opens the call: it is
    // rebuilt from the stored call plus the new record, and still decided with the TLS failures
    const before = full?.call.legs.reduce((n, l) => n + l.messages.length, 0) ?? 0;
    const again = text
      .split('\n')
      .find((l) => l.includes('SIP/2.0 503 '))
      ?.replace(/\[S=\d+\]/, '[S=40]')
      .replace(/^Nov 23 (\d\d):(\d\d):(\d\d)/, 'Nov 23 $1:$2:05');
    expect(again).toBeDefined();
    fs.appendFileSync(file, `${again}\n`);
    const rebuilt = await waitFor('the call stored again with the late record', async () => {
      const s = await store.get(stored.id);
      return s && s.call.legs.reduce((n, l) => n + l.messages.length, 0) > before ? s : null;
    });
    expect(rebuilt.verdict?.category).toBe('tls-failure');
    expect(rebuilt.report.category).toBe('tls-failure');
    expect(rebuilt.transport?.length).toBeGreaterThan(0);
  });
});
