/**
 * Every Prometheus metric of the service, defined once with its description. One registry per
 * process part set (tests create their own). `ServiceMetrics.ingest` is the `IngestMetrics` the
 * tailer and the syslog listener count into.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { metricValue } from '../alerts/metrics';
import type { IngestMetrics } from '../ingest/ingest-metrics';

/** Queue figures read on each scrape (see http.ts). */
export interface QueueFigures {
  waiting: number;
  active: number;
  delayed: number;
  failed: number;
  completed: number;
  /** seconds the oldest waiting job has waited, 0 when none waits */
  lagSec: number;
}

export class ServiceMetrics {
  readonly registry: Registry;
  readonly linesRead: Counter<'source'>;
  readonly ingestBytes: Counter;
  readonly recordsFramed: Counter;
  readonly recordsQueued: Counter;
  readonly batchesQueued: Counter;
  readonly recordsProcessed: Counter;
  readonly sipMessages: Counter;
  readonly callsStored: Counter<'outcome' | 'finish'>;
  readonly healthStored: Counter;
  readonly skipped: Counter<'reason'>;
  readonly dropped: Counter<'reason'>;
  readonly errors: Counter<'kind'>;
  readonly jobs: Counter<'name' | 'result'>;
  readonly queueJobs: Gauge<'state'>;
  readonly queueLag: Gauge;
  readonly storeDelay: Histogram;
  readonly ingest: IngestMetrics;

  constructor(opts: { defaultMetrics?: boolean } = {}) {
    const registry = new Registry();
    this.registry = registry;
    const r = [registry];
    this.linesRead = new Counter({
      name: 'sipsleuth_ingest_lines_total',
      help: 'Lines (or syslog datagrams) read by ingest, per source',
      labelNames: ['source'],
      registers: r,
    });
    this.ingestBytes = new Counter({ name: 'sipsleuth_ingest_bytes_total', help: 'Bytes read by ingest', registers: r });
    this.recordsFramed = new Counter({
      name: 'sipsleuth_records_framed_total',
      help: 'Vendor records framed by ingest from the lines read',
      registers: r,
    });
    this.recordsQueued = new Counter({
      name: 'sipsleuth_records_queued_total',
      help: 'Records added to the records queue (records in)',
      registers: r,
    });
    this.batchesQueued = new Counter({
      name: 'sipsleuth_batches_queued_total',
      help: 'Record batches added to the records queue (one job each)',
      registers: r,
    });
    this.recordsProcessed = new Counter({
      name: 'sipsleuth_records_processed_total',
      help: 'Records stored under their call key by the workers (duplicates included)',
      registers: r,
    });
    this.sipMessages = new Counter({
      name: 'sipsleuth_sip_messages_total',
      help: 'SIP messages in the calls the workers stored (each stored call counts once per store)',
      registers: r,
    });
    this.callsStored = new Counter({
      name: 'sipsleuth_calls_stored_total',
      help: 'Calls stored (or re-stored after late records) by outcome; finish = complete | quiet',
      labelNames: ['outcome', 'finish'],
      registers: r,
    });
    this.healthStored = new Counter({
      name: 'sipsleuth_peer_health_updates_total',
      help: 'OPTIONS health snapshots written to the store',
      registers: r,
    });
    this.skipped = new Counter({
      name: 'sipsleuth_skipped_total',
      help: 'Input skipped on purpose (not SIP, unparseable, over-long line, …) by reason',
      labelNames: ['reason'],
      registers: r,
    });
    this.dropped = new Counter({
      name: 'sipsleuth_dropped_total',
      help: 'Input dropped because a buffer was full (syslog while the queue is behind) by reason',
      labelNames: ['reason'],
      registers: r,
    });
    this.errors = new Counter({
      name: 'sipsleuth_errors_total',
      help: 'Errors by kind (redis, queue_unavailable, bad_job, job_failed, ingest kinds, …)',
      labelNames: ['kind'],
      registers: r,
    });
    this.jobs = new Counter({
      name: 'sipsleuth_jobs_total',
      help: 'Jobs processed by this process, by job name and result (completed | failed)',
      labelNames: ['name', 'result'],
      registers: r,
    });
    this.queueJobs = new Gauge({
      name: 'sipsleuth_queue_jobs',
      help: 'Jobs in the records queue by state, read at scrape time',
      labelNames: ['state'],
      registers: r,
    });
    this.queueLag = new Gauge({
      name: 'sipsleuth_queue_lag_seconds',
      help: 'How long the oldest waiting job of the records queue has waited, read at scrape time',
      registers: r,
    });
    this.storeDelay = new Histogram({
      name: 'sipsleuth_call_store_delay_seconds',
      help: 'From the last record of a call reaching the workers to the call being stored (settle wait included)',
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 120, 600],
      registers: r,
    });
    if (opts.defaultMetrics) {
      collectDefaultMetrics({ register: registry, prefix: 'sipsleuth_' });
    }
    this.ingest = {
      linesRead: (source, n) => this.linesRead.inc({ source }, n),
      recordsFramed: (n) => this.recordsFramed.inc(n),
      skipped: (reason, n) => this.skipped.inc({ reason }, n),
      dropped: (reason, n) => this.dropped.inc({ reason }, n),
      bytesRead: (n) => this.ingestBytes.inc(n),
      errors: (kind) => this.errors.inc({ kind }),
    };
  }

  setQueueFigures(f: QueueFigures): void {
    this.queueJobs.set({ state: 'waiting' }, f.waiting);
    this.queueJobs.set({ state: 'active' }, f.active);
    this.queueJobs.set({ state: 'delayed' }, f.delayed);
    this.queueJobs.set({ state: 'failed' }, f.failed);
    this.queueJobs.set({ state: 'completed' }, f.completed);
    this.queueLag.set(f.lagSec);
  }

  /** The current value of a counter (summed over labels, or for one label set): for tests and logs. */
  value(name: string, labels: Record<string, string> = {}): Promise<number> {
    return metricValue(name, labels, this.registry);
  }
}
