import { z } from 'zod';
import { isValidTimeZone } from '../formats/time';
import { csv } from './parse-helpers';

/** Alerts and the daily digest (issue "Channel alerts … and the daily digest"). */
export const alertsEnvSchema = z.object({
  /** Slack channel ids that receive alerts and the digest */
  SIPSLEUTH_ALERT_SLACK_CHANNELS: csv,
  /** digest time of day, HH:MM, in SIPSLEUTH_DIGEST_TZ; empty turns the digest off */
  SIPSLEUTH_DIGEST_TIME: z
    .string()
    .default('08:00')
    .refine((s) => s === '' || /^([01]\d|2[0-3]):[0-5]\d$/.test(s), 'must be HH:MM (24 h) or empty'),
  SIPSLEUTH_DIGEST_TZ: z.string().default('UTC').refine(isValidTimeZone, 'is not a time zone name'),
  /** fewest calls in a window before a spike can alert */
  SIPSLEUTH_ALERT_MIN_CALLS: z.string().default('10').pipe(z.coerce.number<string>().int().min(1)),
  SIPSLEUTH_ALERT_COOLDOWN_MIN: z.string().default('30').pipe(z.coerce.number<string>().min(0)),
  /** normal-outcome categories that should alert anyway (busy, no-answer, …) */
  SIPSLEUTH_ALERT_CATEGORIES: csv,
  /** warn when a peer has not answered OPTIONS for this long */
  SIPSLEUTH_OPTIONS_WARN_SEC: z.string().default('180').pipe(z.coerce.number<string>().int().min(30)),
  /** warn when an SBC's logs stop arriving for this long */
  SIPSLEUTH_LOGS_SILENT_MIN: z.string().default('15').pipe(z.coerce.number<string>().min(1)),
});

export type AlertsEnv = z.infer<typeof alertsEnvSchema>;
