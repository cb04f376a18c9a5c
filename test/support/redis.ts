import { randomBytes } from 'node:crypto';

/** The Redis URL found by the global setup; throws with instructions when there is none. */
export function testRedisUrl(): string {
  const url = process.env.SIPSLEUTH_TEST_REDIS_URL;
  if (!url) {
    throw new Error(process.env.SIPSLEUTH_TEST_REDIS_ERROR ?? 'no test Redis (global setup did not run)');
  }
  return url;
}

/** A key prefix of its own for one test, so tests never see each other's data. */
export function testPrefix(name: string): string {
  return `sstest:${name}:${randomBytes(4).toString('hex')}`;
}
