/** The alert settings, read from the configuration (src/config/alerts.ts). */
import type { AlertsEnv } from '../config/alerts';
import { CATEGORIES, type Category } from '../diagnosis/verdict';

export interface AlertSettings {
  minCalls: number;
  cooldownMs: number;
  /** normal-outcome categories that alert anyway */
  extraCategories: Category[];
  optionsWarnSec: number;
  logsSilentMin: number;
  /** zone of the times shown in alerts and of the digest */
  tz: string;
}

const CATEGORY_SET: ReadonlySet<string> = new Set(CATEGORIES);

export function alertSettings(env: AlertsEnv): AlertSettings {
  return {
    minCalls: env.SIPSLEUTH_ALERT_MIN_CALLS,
    cooldownMs: env.SIPSLEUTH_ALERT_COOLDOWN_MIN * 60_000,
    extraCategories: env.SIPSLEUTH_ALERT_CATEGORIES.filter((c): c is Category => CATEGORY_SET.has(c)),
    optionsWarnSec: env.SIPSLEUTH_OPTIONS_WARN_SEC,
    logsSilentMin: env.SIPSLEUTH_LOGS_SILENT_MIN,
    tz: env.SIPSLEUTH_DIGEST_TZ,
  };
}
