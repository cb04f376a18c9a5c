/**
 * `sipsleuth digest [--date YYYY-MM-DD] [--print]`: the daily digest on demand, from the running
 * service's Redis. Without --date: yesterday in SIPSLEUTH_DIGEST_TZ. --print writes the text to
 * stdout (nothing is posted); otherwise it posts to the configured Slack channels like the
 * scheduled digest (a date already posted to a channel is not posted there again).
 */
import { buildDigestWithChart, runDigestJob, slackSinks } from '../../alerts/alerts-service';
import { digestText } from '../../alerts/alert-text';
import { alertMetrics } from '../../alerts/metrics';
import type { RetryOptions } from '../../alerts/retry';
import type { AlertSink } from '../../alerts/sink';
import type { Config } from '../../config';
import { UsageError } from '../../errors';
import { createLogger, type Logger } from '../../log/logger';
import { yesterday } from '../../stats/local-day';
import { withServiceRedis } from '../service-store';

export interface DigestCommandOptions {
  date?: string;
  print: boolean;
}

export interface DigestCommandDeps {
  /** wall clock, UTC ms (default Date.now()) */
  now?: number;
  /** Redis key prefix (default `sipsleuth`) */
  prefix?: string;
  /** destinations (default: the configured Slack channels) */
  sinks?: AlertSink[];
  logger?: Logger;
  retry?: Partial<RetryOptions>;
}

/** Returns what to print on stdout (the digest text with --print, else a line saying where it went). */
export async function runDigest(opts: DigestCommandOptions, config: Config, deps: DigestCommandDeps = {}): Promise<string> {
  const tz = config.alerts.SIPSLEUTH_DIGEST_TZ;
  const date = opts.date ?? yesterday(deps.now ?? Date.now(), tz);
  const prefix = deps.prefix ?? 'sipsleuth';
  const sinks = deps.sinks ?? slackSinks(config);
  if (!opts.print && sinks.length === 0) {
    throw new UsageError('nowhere to post the digest: set SLACK_BOT_TOKEN and SIPSLEUTH_ALERT_SLACK_CHANNELS, or use --print');
  }
  return withServiceRedis(config, '', async (redis) => {
    if (opts.print) {
      const { digest } = await buildDigestWithChart(redis, config, prefix, date);
      alertMetrics().digests.inc({ result: 'printed' });
      return digestText(digest);
    }
    const logger = deps.logger ?? createLogger(config.service.SIPSLEUTH_LOG_LEVEL);
    const digest = await runDigestJob(date, { redis, config, prefix, sinks, metrics: alertMetrics(), logger, retry: deps.retry });
    return `digest for ${digest.date} posted to ${sinks.map((s) => s.name).join(', ')}\n`;
  });
}
