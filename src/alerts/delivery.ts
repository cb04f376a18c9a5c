/**
 * Sends alerts to every sink, and never loses one silently: each send is retried with backoff;
 * what still fails is counted, logged as an error and kept in the outbox, whose entries are sent
 * again on every engine round (the newest state of an incident replaces an older unsent one, so
 * what arrives is always current) until they go through or are a day old (then given up, counted
 * and logged). An incident's first successful send posts its message; later ones update it.
 */
import type { Logger } from '../log/logger';
import type { Alert } from './alert';
import type { IncidentStore } from './incident-store';
import type { AlertMetrics } from './metrics';
import { withRetry, type RetryOptions } from './retry';
import type { AlertSink } from './sink';

export interface DeliveryOptions {
  sinks: AlertSink[];
  incidents: IncidentStore;
  metrics: AlertMetrics;
  logger: Logger;
  retry?: Partial<RetryOptions>;
  /** an unsent alert older than this is given up (default one day) */
  giveUpAfterMs?: number;
}

export function sinkKind(name: string): string {
  const i = name.indexOf(':');
  return i < 0 ? name : name.slice(0, i);
}

export class AlertDelivery {
  private readonly retry: RetryOptions;

  constructor(private readonly o: DeliveryOptions) {
    this.retry = { attempts: 3, baseDelayMs: 500, maxDelayMs: 8_000, ...o.retry };
  }

  get sinks(): readonly AlertSink[] {
    return this.o.sinks;
  }

  /** Sends to every sink; resolves true when every sink got it. */
  async deliver(alert: Alert, nowWall: number): Promise<boolean> {
    let all = true;
    for (const sink of this.o.sinks) {
      const prev = await this.o.incidents.pending(sink.name, alert.key);
      const ok = await this.sendOne(sink, alert, prev?.since ?? nowWall, (prev?.attempts ?? 0));
      all = all && ok;
    }
    return all;
  }

  /** Sends what is in the outbox again. */
  async flush(nowWall: number): Promise<{ sent: number; kept: number; givenUp: number }> {
    const res = { sent: 0, kept: 0, givenUp: 0 };
    for (const e of await this.o.incidents.outbox()) {
      const sink = this.o.sinks.find((s) => s.name === e.sink);
      if (!sink || nowWall - e.since > (this.o.giveUpAfterMs ?? 86_400_000)) {
        await this.o.incidents.unqueue(e.sink, e.key);
        this.o.metrics.undelivered.inc({ sink: sinkKind(e.sink), what: 'alert', result: 'given-up' });
        this.o.logger.error({ alert: e.alert, sink: e.sink, attempts: e.attempts }, 'alert given up: it could not be delivered');
        res.givenUp++;
        continue;
      }
      if (await this.sendOne(sink, e.alert, e.since, e.attempts)) {
        res.sent++;
      } else {
        res.kept++;
      }
    }
    return res;
  }

  private async sendOne(sink: AlertSink, alert: Alert, since: number, attemptsBefore: number): Promise<boolean> {
    const refs = await this.o.incidents.refs(alert.key);
    const ref = refs[sink.name];
    const r = await withRetry(
      async () => {
        if (ref) {
          const next = await sink.update(ref, alert);
          if (next) {
            await this.o.incidents.setRef(alert.key, sink.name, next);
          }
        } else {
          const created = await sink.post(alert);
          await this.o.incidents.setRef(alert.key, sink.name, created);
        }
      },
      {
        ...this.retry,
        onFailure: (err, attempt) => {
          this.o.metrics.deliveryFailures.inc({ sink: sinkKind(sink.name), what: 'alert' });
          this.o.logger.warn({ sink: sink.name, key: alert.key, attempt, err: String(err) }, 'alert delivery failed; retrying with backoff');
        },
      },
    );
    if (r.ok) {
      await this.o.incidents.unqueue(sink.name, alert.key);
      return true;
    }
    await this.o.incidents.queue({ sink: sink.name, key: alert.key, alert, since, attempts: attemptsBefore + r.attempts });
    this.o.metrics.undelivered.inc({ sink: sinkKind(sink.name), what: 'alert', result: 'queued' });
    this.o.logger.error({ alert, sink: sink.name, err: String(r.error) }, 'alert not delivered after retries; kept in the outbox');
    return false;
  }
}
