/** Bolt's logger interface on top of sipsleuth's logger (Bolt logs go to the same JSON stream). */
import { LogLevel, type Logger as BoltLogger } from '@slack/bolt';
import type { Logger } from '../../src/log/logger';

function text(msg: unknown[]): string {
  return msg.map((m) => (typeof m === 'string' ? m : m instanceof Error ? m.message : JSON.stringify(m))).join(' ');
}

export function boltLogger(logger: Logger): BoltLogger {
  let level: LogLevel = LogLevel.INFO;
  let log = logger.child({ component: 'slack-bolt' });
  return {
    debug: (...msg: unknown[]) => log.debug({}, text(msg)),
    info: (...msg: unknown[]) => log.info({}, text(msg)),
    warn: (...msg: unknown[]) => log.warn({}, text(msg)),
    error: (...msg: unknown[]) => log.error({}, text(msg)),
    setLevel: (l: LogLevel) => {
      level = l;
    },
    getLevel: () => level,
    setName: (name: string) => {
      log = logger.child({ component: name });
    },
  };
}
