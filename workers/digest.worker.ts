/**
 * The daily digest job on its own (a process that only posts digests): the BullMQ Job Scheduler
 * and its worker. `alertsWorkerParts` already includes it; use this one to run the digest apart.
 */
import IORedis from 'ioredis';
import type { Config } from '../src/config';
import { runDigestJob, slackSinks } from '../src/alerts/alerts-service';
import { digestCron, DigestScheduler } from '../src/alerts/digest-scheduler';
import { alertMetrics } from '../src/alerts/metrics';
import type { AlertSink } from '../src/alerts/sink';
import type { Logger } from '../src/log/logger';
import { servicePrefixes } from '../src/service/queue-names';
import { workerConnectionOptions } from '../src/service/redis-connections';
import type { ServicePart } from '../src/service/service-part';

export function digestWorkerPart(config: Config, opts: { logger: Logger; prefix?: string; sinks?: AlertSink[] }): ServicePart {
  const prefix = opts.prefix ?? 'sipsleuth';
  const redis = new IORedis(config.service.REDIS_URL, { maxRetriesPerRequest: null });
  const sinks = [...slackSinks(config), ...(opts.sinks ?? [])];
  const scheduler = new DigestScheduler({
    connection: workerConnectionOptions(config.service.REDIS_URL),
    queuePrefix: servicePrefixes(prefix).queue,
    pattern: digestCron(config.alerts.SIPSLEUTH_DIGEST_TIME),
    tz: config.alerts.SIPSLEUTH_DIGEST_TZ,
    logger: opts.logger,
    run: async (date) => {
      await runDigestJob(date, { redis, config, prefix, sinks, metrics: alertMetrics(), logger: opts.logger });
    },
  });
  return {
    name: 'digest-worker',
    start: () => scheduler.start(),
    async stop() {
      await scheduler.stop();
      redis.disconnect();
    },
  };
}
