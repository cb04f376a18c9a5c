import { z } from 'zod';
import { bool, csv, emptyToUndefined } from './parse-helpers';

/** Slack and Teams bot settings (issue "Slack and Teams bots"). A bot starts when its credentials are set. */
export const botsEnvSchema = z.object({
  SLACK_BOT_TOKEN: emptyToUndefined,
  SLACK_SIGNING_SECRET: emptyToUndefined,
  SLACK_APP_TOKEN: emptyToUndefined,
  SLACK_API_URL: emptyToUndefined.refine((s) => s === undefined || /^https?:\/\//.test(s), 'must be an http(s) URL'),
  SLACK_ALLOWED_CHANNELS: csv,
  SLACK_ALLOWED_USERS: csv,
  MICROSOFT_APP_ID: emptyToUndefined,
  MICROSOFT_APP_PASSWORD: emptyToUndefined,
  MICROSOFT_APP_TENANT_ID: emptyToUndefined,
  MICROSOFT_APP_TYPE: z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']).default('MultiTenant'),
  TEAMS_ALLOW_UNAUTHENTICATED: bool,
  TEAMS_ALLOWED_TENANTS: csv,
  TEAMS_ALLOWED_TEAMS: csv,
  TEAMS_ALLOWED_CHANNELS: csv,
  SIPSLEUTH_MASK_NUMBERS: bool,
  SIPSLEUTH_RATE_LIMIT_PER_MIN: z.string().default('20').pipe(z.coerce.number<string>().int().min(1)),
  NODE_ENV: z.string().default('development'),
});

export type BotsEnv = z.infer<typeof botsEnvSchema>;
