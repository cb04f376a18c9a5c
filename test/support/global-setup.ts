import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { redisAnswers } from './redis-probe';

/**
 * Finds a Redis for the integration tests: REDIS_URL when set, else 127.0.0.1:6379, else a
 * throwaway `redis-server` from PATH on a free port. The URL travels to the test workers in
 * SIPSLEUTH_TEST_REDIS_URL; when there is none, SIPSLEUTH_TEST_REDIS_ERROR says how to get one.
 */
export default async function globalSetup(): Promise<void> {
  const candidates = [process.env.REDIS_URL, 'redis://127.0.0.1:6379'].filter(
    (u): u is string => Boolean(u),
  );
  for (const url of candidates) {
    if (await redisAnswers(url)) {
      process.env.SIPSLEUTH_TEST_REDIS_URL = url;
      return;
    }
  }
  const which = spawnSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' });
  if (which.status !== 0) {
    process.env.SIPSLEUTH_TEST_REDIS_ERROR =
      'No Redis answers on REDIS_URL or 127.0.0.1:6379 and no redis-server is on PATH. ' +
      'Install one (Debian: apt-get install redis-server) or set REDIS_URL.';
    return;
  }
  const port = 20000 + Math.floor(Math.random() * 20000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sipsleuth-redis-'));
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir],
    { stdio: 'ignore', detached: true },
  );
  child.unref();
  const url = `redis://127.0.0.1:${port}`;
  for (let i = 0; i < 50; i++) {
    if (await redisAnswers(url, 200)) {
      process.env.SIPSLEUTH_TEST_REDIS_URL = url;
      process.env.SIPSLEUTH_TEST_REDIS_PID = String(child.pid);
      return;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  process.env.SIPSLEUTH_TEST_REDIS_ERROR = `redis-server did not start on port ${port}`;
}
