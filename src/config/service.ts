import { z } from 'zod';
import { isValidTimeZone } from '../formats/time';
import { csv, optionalPort, port } from './parse-helpers';

/** The service's own settings (design §5). Each key: the environment variable that sets it. */
export const serviceEnvSchema = z.object({
  REDIS_URL: z
    .string()
    .default('redis://127.0.0.1:6379')
    .refine((s) => /^rediss?:\/\//.test(s), 'must start with redis:// or rediss://'),
  SIPSLEUTH_WATCH: csv,
  SIPSLEUTH_SYSLOG_UDP_PORT: optionalPort,
  SIPSLEUTH_SYSLOG_TCP_PORT: optionalPort,
  SIPSLEUTH_SYSLOG_HOST: z.string().default('0.0.0.0'),
  SIPSLEUTH_HTTP_PORT: z.string().default('3000').pipe(port),
  SIPSLEUTH_TZ: z.string().default('UTC').refine(isValidTimeZone, 'is not a time zone name (e.g. Europe/Berlin)'),
  SIPSLEUTH_YEAR: z
    .string()
    .optional()
    .transform((s) => (s === undefined || s === '' ? undefined : s))
    .pipe(z.coerce.number<string>().int().min(2000).max(2100).optional()),
  SIPSLEUTH_RETENTION_DAYS: z.string().default('14').pipe(z.coerce.number<string>().positive('must be more than 0')),
  /** seconds without a message after which an open call is finished as it is */
  SIPSLEUTH_CALL_QUIET_SEC: z.string().default('120').pipe(z.coerce.number<string>().int().min(5)),
  SIPSLEUTH_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** the log format of watched files and of syslog: auto or a format name */
  SIPSLEUTH_FORMAT: z.string().default('auto'),
});

export type ServiceEnv = z.infer<typeof serviceEnvSchema>;
