/**
 * The alerts' Prometheus metrics, on prom-client's default registry (so any `/metrics` that
 * serves the default registry shows them), created once per process.
 */
import { Counter, register, type Registry } from 'prom-client';

export interface AlertMetrics {
  /** alerts produced, by kind and state */
  alerts: Counter<'kind' | 'state'>;
  /** delivery attempts that failed, by sink kind and what (alert | digest) */
  deliveryFailures: Counter<'sink' | 'what'>;
  /** messages that could not be sent after every retry (kept in the outbox or given up) */
  undelivered: Counter<'sink' | 'what' | 'result'>;
  /** digests built, by result */
  digests: Counter<'result'>;
  /** call events turned into figures, by result */
  statsRecorded: Counter<'result'>;
}

let cached: AlertMetrics | null = null;

function counter<L extends string>(name: string, help: string, labelNames: L[]): Counter<L> {
  const existing = register.getSingleMetric(name);
  if (existing) {
    return existing as Counter<L>;
  }
  return new Counter({ name, help, labelNames });
}

export function alertMetrics(): AlertMetrics {
  if (!cached) {
    cached = {
      alerts: counter('sipsleuth_alerts_total', 'Alerts produced (open, update, reopened, recovered) by kind', ['kind', 'state']),
      deliveryFailures: counter(
        'sipsleuth_alert_delivery_failures_total',
        'Slack/Teams API calls for alerts and digests that failed (each attempt, retries included)',
        ['sink', 'what'],
      ),
      undelivered: counter(
        'sipsleuth_alert_undelivered_total',
        'Alerts or digests not delivered after every retry: result = queued (kept for the next round) | given-up',
        ['sink', 'what', 'result'],
      ),
      digests: counter('sipsleuth_digests_total', 'Daily digests built, by result (posted, printed, failed)', ['result']),
      statsRecorded: counter(
        'sipsleuth_stats_calls_total',
        'Stored calls added to the alert figures, by result (recorded, replaced, unchanged, untimed, missing)',
        ['result'],
      ),
    };
  }
  return cached;
}

/**
 * The current value of a counter (summed over the label sets matching `labels`), in `registry`
 * (default: prom-client's global one, where these alert counters live).
 */
export async function metricValue(name: string, labels: Record<string, string> = {}, registry: Registry = register): Promise<number> {
  const m = registry.getSingleMetric(name);
  if (!m) {
    return 0;
  }
  const data = await m.get();
  let sum = 0;
  for (const v of data.values) {
    const l = v.labels as Record<string, string | number>;
    if (Object.entries(labels).every(([k, want]) => String(l[k]) === want)) {
      sum += v.value;
    }
  }
  return sum;
}
