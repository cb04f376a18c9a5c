/**
 * The chat edges of a service process: the Slack and Teams bots (each started when its credentials
 * are set; the Teams endpoint always answers, refusing every request without MICROSOFT_APP_ID) and
 * the alert parts (figures, spike and connectivity alerts, the daily digest) that post to Slack
 * channels and subscribed Teams channels. This is the composition root's job, so it lives in
 * src/cli, the one place in src/ that may import bots/ and workers/.
 *
 * `/metrics` shows whether each bot can answer: `sipsleuth_chat_ready{bot="slack"|"teams"}` (1 or
 * 0). The Slack bot starts without waiting on Slack and is ready once Slack answered it.
 */
import type { Express } from 'express';
import { Gauge, register } from 'prom-client';
import { teamsAlertSinkOf } from '../../bots/teams/alerts-sink';
import { slackBotFromConfig, type SlackRetryPolicy } from '../../bots/slack';
import { teamsBotFromConfig } from '../../bots/teams';
import { alertsWorkerParts } from '../../workers/alerts.worker';
import type { Config } from '../config';
import type { Logger } from '../log/logger';
import { DEFAULT_PREFIX, servicePrefixes } from '../service/queue-names';
import IORedis from 'ioredis';
import { closeConnection, reconnectDelay } from '../service/redis-connections';
import type { ServicePart } from '../service/service-part';
import { RedisCallStore } from '../store/redis-store';

export interface ChatParts {
  mount: Array<(app: Express) => void>;
  parts: ServicePart[];
}

export interface ChatPartsOptions {
  /** how hard the Slack bot tries to reach Slack (tests make it short) */
  slackRetry?: SlackRetryPolicy;
}

/** `sipsleuth_chat_ready{bot}` on prom-client's default registry (served by /metrics), made once per process. */
export function chatReadyGauge(): Gauge<'bot'> {
  const existing = register.getSingleMetric('sipsleuth_chat_ready');
  if (existing) {
    return existing as Gauge<'bot'>;
  }
  return new Gauge({
    name: 'sipsleuth_chat_ready',
    help: 'Whether a chat bot can answer (1) or not (0): slack once Slack answered auth.test (and, in Socket Mode, took the connection); teams once started with an app id (or TEAMS_ALLOW_UNAUTHENTICATED)',
    labelNames: ['bot'],
  });
}

export function chatParts(config: Config, logger: Logger, prefix = DEFAULT_PREFIX, opts: ChatPartsOptions = {}): ChatParts {
  // a person is waiting for the answer: while Redis is away, commands fail within seconds (the store
  // turns that into StoreUnavailableError and the bots answer politely) instead of waiting for ever
  const redis = new IORedis(config.service.REDIS_URL, {
    maxRetriesPerRequest: 1,
    commandTimeout: 5000,
    retryStrategy: reconnectDelay,
    connectionName: 'sipsleuth-bots',
  });
  redis.on('error', () => undefined);
  const store = new RedisCallStore(redis, {
    prefix: servicePrefixes(prefix).store,
    retentionDays: config.service.SIPSLEUTH_RETENTION_DAYS,
  });
  const ready = chatReadyGauge();
  const slack = slackBotFromConfig(config, {
    store,
    logger: logger.child({ component: 'slack' }),
    redis,
    prefix,
    retry: opts.slackRetry,
    onReady: (yes) => ready.set({ bot: 'slack' }, yes ? 1 : 0),
  });
  if (slack) {
    ready.set({ bot: 'slack' }, 0);
  }
  const teams = teamsBotFromConfig(config, {
    store,
    logger: logger.child({ component: 'teams' }),
    redis,
    prefix,
    onReady: (yes) => ready.set({ bot: 'teams' }, yes ? 1 : 0),
  });
  const teamsSink = teamsAlertSinkOf(teams, config.alerts.SIPSLEUTH_DIGEST_TZ, logger.child({ component: 'teams-alerts' }));
  const alerts = alertsWorkerParts(config, {
    logger: logger.child({ component: 'alerts' }),
    prefix,
    sinks: teamsSink ? [teamsSink] : [],
  });
  // stopped last (parts stop in reverse): the bots and alerts still use it while they stop
  const redisPart: ServicePart = {
    name: 'bots-redis',
    start: async () => undefined,
    stop: () => closeConnection(redis),
  };
  return {
    mount: [...(slack ? [(app: Express) => slack.mount(app)] : []), (app: Express) => teams.mount(app)],
    parts: [redisPart, ...(slack ? [slack] : []), teams, ...alerts],
  };
}
