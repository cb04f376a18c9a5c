import { z } from 'zod';
import { ConfigError } from '../errors';
import { alertsEnvSchema, type AlertsEnv } from './alerts';
import { botsEnvSchema, type BotsEnv } from './bots';
import { serviceEnvSchema, type ServiceEnv } from './service';

export interface Config {
  service: ServiceEnv;
  bots: BotsEnv;
  alerts: AlertsEnv;
}

function problemsOf(err: z.ZodError): string[] {
  return err.issues.map((i) => `${i.path.join('.') || '(environment)'}: ${i.message}`);
}

/**
 * Reads and checks the whole configuration once, at start. Every mistake gives one line naming
 * the variable; all of them are reported together in a ConfigError.
 */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const problems: string[] = [];
  const s = serviceEnvSchema.safeParse(env);
  const b = botsEnvSchema.safeParse(env);
  const a = alertsEnvSchema.safeParse(env);
  for (const r of [s, b, a]) {
    if (!r.success) {
      problems.push(...problemsOf(r.error));
    }
  }
  if (b.success && b.data.TEAMS_ALLOW_UNAUTHENTICATED && b.data.NODE_ENV === 'production') {
    problems.push('TEAMS_ALLOW_UNAUTHENTICATED: is refused when NODE_ENV=production');
  }
  if (!s.success || !b.success || !a.success || problems.length > 0) {
    throw new ConfigError(problems);
  }
  return { service: s.data, bots: b.data, alerts: a.data };
}

/** A Redis URL with its credentials masked (`redis://:pw@h:6379` → `redis://***@h:6379`), for logs and messages. */
export function maskRedisUrl(url: string): string {
  return url.replace(/\/\/[^@/]*@/, '//***@');
}

/** The configuration with secrets masked, for the start-up log line. */
export function maskedConfig(c: Config): Record<string, unknown> {
  const secret = /TOKEN|SECRET|PASSWORD/;
  const out: Record<string, unknown> = {};
  for (const part of [c.service, c.bots, c.alerts] as Array<Record<string, unknown>>) {
    for (const [k, v] of Object.entries(part)) {
      out[k] = secret.test(k) && v ? '***' : k === 'REDIS_URL' ? maskRedisUrl(String(v)) : v;
    }
  }
  return out;
}
