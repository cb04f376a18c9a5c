/**
 * The alert parts of the service, built from the configuration:
 *
 *   stats-follower  call events → figures (src/alerts/stats-follower.ts)
 *   alert-engine    a round every `tickEveryMs` (default 30 s): spikes, TLS, OPTIONS, silent logs
 *   digest          the BullMQ Job Scheduler of the daily digest
 *
 * Destinations: one SlackSink per SIPSLEUTH_ALERT_SLACK_CHANNELS entry when SLACK_BOT_TOKEN is set,
 * plus any sinks handed in (the Teams bot's). Redis keys: `<prefix>:stats:*`, `<prefix>:alerts:*`.
 */
import type { Config } from '../config';
import type { Logger } from '../log/logger';
import { callEventsKey } from '../service/call-events';
import { servicePrefixes } from '../service/queue-names';
import { closeConnection, createStoreConnection, workerConnectionOptions } from '../service/redis-connections';
import type { ServicePart } from '../service/service-part';
import { RedisCallStore } from '../store/redis-store';
import { RedisStatsStore } from '../store/stats-store';
import type Redis from 'ioredis';
import { chartPng } from './chart';
import { AlertDelivery } from './delivery';
import { readDigest } from './digest-builder';
import { postDigest } from './digest-post';
import { digestCron, DigestScheduler } from './digest-scheduler';
import { AlertEngine } from './engine';
import { IncidentStore } from './incident-store';
import { alertMetrics, type AlertMetrics } from './metrics';
import type { RetryOptions } from './retry';
import { alertSettings, type AlertSettings } from './settings';
import type { AlertSink } from './sink';
import { SlackSink } from './slack-sink';
import { StatsFollower } from './stats-follower';
import { totalHours, type Digest } from '../stats/digest';

export interface AlertsPartsOptions {
  logger: Logger;
  /** Redis key prefix of the installation (default `sipsleuth`) */
  prefix?: string;
  /** more destinations (the Teams bot's sink) */
  sinks?: AlertSink[];
  /** wall clock (tests inject one) */
  now?: () => number;
  tickEveryMs?: number;
  retry?: Partial<RetryOptions>;
  /** run the stats follower (default true) */
  follow?: boolean;
}

/** The Slack sinks of the configuration (none without SLACK_BOT_TOKEN or channels). */
export function slackSinks(config: Config): AlertSink[] {
  const token = config.bots.SLACK_BOT_TOKEN;
  if (!token) {
    return [];
  }
  return config.alerts.SIPSLEUTH_ALERT_SLACK_CHANNELS.map(
    (channel) => new SlackSink({ token, channel, apiUrl: config.bots.SLACK_API_URL, tz: config.alerts.SIPSLEUTH_DIGEST_TZ }),
  );
}

export function statsPrefix(prefix: string): string {
  return `${prefix}:stats`;
}
export function alertsPrefix(prefix: string): string {
  return `${prefix}:alerts`;
}

/** The stores the alerts and the digest read, on one connection. */
export function alertStores(redis: Redis, config: Config, prefix: string): { stats: RedisStatsStore; calls: RedisCallStore; incidents: IncidentStore } {
  const p = servicePrefixes(prefix);
  return {
    stats: new RedisStatsStore(redis, { prefix: statsPrefix(prefix) }),
    calls: new RedisCallStore(redis, { prefix: p.store, retentionDays: config.service.SIPSLEUTH_RETENTION_DAYS }),
    incidents: new IncidentStore(redis, alertsPrefix(prefix)),
  };
}

export interface DigestRunDeps {
  redis: Redis;
  config: Config;
  prefix: string;
  sinks: readonly AlertSink[];
  metrics: AlertMetrics;
  logger: Logger;
  retry?: Partial<RetryOptions>;
}

/** The digest of `date` with its chart. */
export async function buildDigestWithChart(redis: Redis, config: Config, prefix: string, date: string): Promise<{ digest: Digest; png: Buffer }> {
  const s = alertStores(redis, config, prefix);
  const digest = await readDigest(date, config.alerts.SIPSLEUTH_DIGEST_TZ, {
    stats: s.stats,
    calls: s.calls,
    minCalls: config.alerts.SIPSLEUTH_ALERT_MIN_CALLS,
  });
  const png = chartPng(`Calls and failures per hour · ${date} (${digest.tz})`, totalHours(digest));
  return { digest, png };
}

/** Builds and posts the digest of `date` (what the scheduled job runs). */
export async function runDigestJob(date: string, d: DigestRunDeps): Promise<Digest> {
  const { digest, png } = await buildDigestWithChart(d.redis, d.config, d.prefix, date);
  await postDigest(digest, png, {
    sinks: d.sinks,
    redis: d.redis,
    prefix: alertsPrefix(d.prefix),
    metrics: d.metrics,
    logger: d.logger,
    retry: d.retry,
  });
  return digest;
}

function tickPart(engine: AlertEngine, everyMs: number, now: () => number, logger: Logger): ServicePart {
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  return {
    name: 'alert-engine',
    async start() {
      timer = setInterval(() => {
        if (running) {
          return;
        }
        running = engine
          .tick(now())
          .then(() => undefined)
          .catch((err: unknown) => logger.warn({ err: String(err) }, 'alert round failed; next round later'))
          .finally(() => {
            running = null;
          });
      }, everyMs);
      timer.unref();
    },
    async stop() {
      if (timer) {
        clearInterval(timer);
      }
      timer = null;
      await running;
    },
  };
}

/** The alert parts for `startService`'s `extraParts`. */
export function createAlertsParts(config: Config, o: AlertsPartsOptions): ServicePart[] {
  const prefix = o.prefix ?? 'sipsleuth';
  const url = config.service.REDIS_URL;
  const logger = o.logger.child({ component: 'alerts' });
  const metrics = alertMetrics();
  const now = o.now ?? Date.now;
  const settings: AlertSettings = alertSettings(config.alerts);
  const unknown = config.alerts.SIPSLEUTH_ALERT_CATEGORIES.filter((c) => !(settings.extraCategories as string[]).includes(c));
  if (unknown.length > 0) {
    logger.warn({ unknown }, 'SIPSLEUTH_ALERT_CATEGORIES: not category names, ignored');
  }
  const sinks = [...slackSinks(config), ...(o.sinks ?? [])];
  const redis = createStoreConnection(url, 'sipsleuth-alerts');
  const followRedis = createStoreConnection(url, 'sipsleuth-alerts-follow');
  redis.on('error', () => undefined);
  followRedis.on('error', () => undefined);
  const stores = alertStores(redis, config, prefix);
  const delivery = new AlertDelivery({ sinks, incidents: stores.incidents, metrics, logger, retry: o.retry });
  const engine = new AlertEngine({ stats: stores.stats, calls: stores.calls, incidents: stores.incidents, delivery, settings, logger, metrics });
  // first to start, last to stop
  const parts: ServicePart[] = [
    {
      name: 'alerts-redis',
      async start() {
        await redis.ping();
      },
      async stop() {
        await closeConnection(redis);
        await closeConnection(followRedis);
      },
    },
  ];
  if (o.follow !== false) {
    const follower = new StatsFollower({
      redis: followRedis,
      streamKey: callEventsKey(servicePrefixes(prefix).open),
      calls: stores.calls,
      stats: stores.stats,
      metrics,
      logger,
      now,
    });
    parts.push({ name: 'stats-follower', start: () => follower.start(), stop: () => follower.stop() });
  }
  parts.push(tickPart(engine, o.tickEveryMs ?? 30_000, now, logger));
  parts.push(digestSchedulerPart({ redis, config, prefix, sinks, metrics, logger, retry: o.retry }));
  return parts;
}

/**
 * The daily digest's BullMQ Job Scheduler and worker as a part: at SIPSLEUTH_DIGEST_TIME in
 * SIPSLEUTH_DIGEST_TZ it runs runDigestJob. It does not close `d.redis` (the caller owns it).
 */
export function digestSchedulerPart(d: DigestRunDeps): ServicePart {
  const scheduler = new DigestScheduler({
    connection: workerConnectionOptions(d.config.service.REDIS_URL),
    queuePrefix: servicePrefixes(d.prefix).queue,
    pattern: digestCron(d.config.alerts.SIPSLEUTH_DIGEST_TIME),
    tz: d.config.alerts.SIPSLEUTH_DIGEST_TZ,
    logger: d.logger,
    run: async (date) => {
      await runDigestJob(date, d);
    },
  });
  return { name: 'digest-scheduler', start: () => scheduler.start(), stop: () => scheduler.stop() };
}
