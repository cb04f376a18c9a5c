import { loadConfig, maskedConfig } from '../../src/config';
import { ConfigError } from '../../src/errors';

describe('loadConfig', () => {
  it('when nothing is set, then the defaults of design §5 apply', () => {
    const c = loadConfig({});
    expect(c.service.SIPSLEUTH_HTTP_PORT).toBe(3000);
    expect(c.service.SIPSLEUTH_RETENTION_DAYS).toBe(14);
    expect(c.service.SIPSLEUTH_SYSLOG_UDP_PORT).toBeUndefined();
    expect(c.service.SIPSLEUTH_WATCH).toEqual([]);
    expect(c.bots.SLACK_BOT_TOKEN).toBeUndefined();
  });
  it('when several values are wrong, then each gets one line naming its variable', () => {
    let err: unknown;
    try {
      loadConfig({ SIPSLEUTH_HTTP_PORT: 'abc', SIPSLEUTH_TZ: 'Mars/Base', REDIS_URL: 'http://x', SIPSLEUTH_SYSLOG_UDP_PORT: '70000' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    const problems = (err as ConfigError).problems;
    expect(problems.some((p) => p.startsWith('SIPSLEUTH_HTTP_PORT:'))).toBe(true);
    expect(problems.some((p) => p.startsWith('SIPSLEUTH_TZ:'))).toBe(true);
    expect(problems.some((p) => p.startsWith('REDIS_URL:'))).toBe(true);
    expect(problems.some((p) => p.startsWith('SIPSLEUTH_SYSLOG_UDP_PORT:'))).toBe(true);
  });
  it('when unauthenticated Teams is asked for in production, then it is refused', () => {
    expect(() => loadConfig({ TEAMS_ALLOW_UNAUTHENTICATED: 'true', NODE_ENV: 'production' })).toThrow(ConfigError);
  });
  it('masks secrets and the Redis password', () => {
    const m = maskedConfig(loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', REDIS_URL: 'redis://:pw@h:6379' }));
    expect(m.SLACK_BOT_TOKEN).toBe('***');
    expect(m.REDIS_URL).toBe('redis://***@h:6379');
  });
});
