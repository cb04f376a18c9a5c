/**
 * Posts a digest to every sink, once per sink and date (a retried job skips the sinks already
 * done), retrying each with backoff. A sink that still fails is counted, logged, and makes the
 * call throw, so the digest job is retried by BullMQ with its own backoff: never lost silently.
 */
import type Redis from 'ioredis';
import { SlackDeliveryError, TeamsDeliveryError } from '../errors';
import type { Logger } from '../log/logger';
import type { Digest } from '../stats/digest';
import { sinkKind } from './delivery';
import type { AlertMetrics } from './metrics';
import { withRetry, type RetryOptions } from './retry';
import type { AlertSink } from './sink';

export interface DigestPostOptions {
  sinks: readonly AlertSink[];
  redis: Redis;
  /** prefix of the "posted" markers */
  prefix: string;
  metrics: AlertMetrics;
  logger: Logger;
  retry?: Partial<RetryOptions>;
}

export async function postDigest(d: Digest, png: Buffer | null, o: DigestPostOptions): Promise<{ posted: string[]; skipped: string[] }> {
  const posted: string[] = [];
  const skipped: string[] = [];
  const failed: Array<{ sink: string; err: unknown }> = [];
  o.logger.info({ digest: d }, `digest for ${d.date}`);
  for (const sink of o.sinks) {
    const marker = `${o.prefix}:digest-posted:${d.date}:${sink.name}`;
    if ((await o.redis.exists(marker)) === 1) {
      skipped.push(sink.name);
      continue;
    }
    const r = await withRetry(() => sink.postDigest(d, png), {
      attempts: 3,
      baseDelayMs: 1000,
      maxDelayMs: 15_000,
      ...o.retry,
      onFailure: (err, attempt) => {
        o.metrics.deliveryFailures.inc({ sink: sinkKind(sink.name), what: 'digest' });
        o.logger.warn({ sink: sink.name, date: d.date, attempt, err: String(err) }, 'digest delivery failed; retrying with backoff');
      },
    });
    if (r.ok) {
      await o.redis.set(marker, '1', 'EX', 3 * 86_400);
      posted.push(sink.name);
    } else {
      failed.push({ sink: sink.name, err: r.error });
      o.metrics.undelivered.inc({ sink: sinkKind(sink.name), what: 'digest', result: 'queued' });
      o.logger.error({ sink: sink.name, date: d.date, err: String(r.error) }, 'digest not delivered after retries; the job is retried');
    }
  }
  if (failed.length > 0) {
    const first = failed[0];
    const msg = `digest ${d.date} not delivered to ${failed.map((f) => f.sink).join(', ')}`;
    throw first.err instanceof TeamsDeliveryError
      ? new TeamsDeliveryError(msg, first.err)
      : new SlackDeliveryError(msg, first.err);
  }
  o.metrics.digests.inc({ result: 'posted' });
  return { posted, skipped };
}
