/**
 * Builds the parts a process runs from the configuration, and starts/stops them in order.
 *
 *   serve:  redis → http → records worker (+ sweep scheduler) → settle loop → store pruning → extra parts
 *           (bots, alerts, added by others) → ingest (tailer when SIPSLEUTH_WATCH is set, syslog
 *           listener when a syslog port is set)
 *   ingest: redis → http → ingest        worker: redis → http → records worker → settle loop → pruning
 *
 * Stopping goes in reverse: ingest first (it hands what it framed to the queue and stores the
 * offsets of what was queued), then the extra parts, then the worker (active jobs finish or are
 * handed back), then HTTP, and the Redis connections last.
 */
import type { Express } from 'express';
import type { Config } from '../config';
import { ConfigError } from '../errors';
import type { ReaderOptions } from '../formats/record';
import { RedisOffsetStore } from '../ingest/redis-offset-store';
import { SyslogListener, type SyslogListenerOptions } from '../ingest/syslog-listener';
import { FileTailer, type TailerOptions } from '../ingest/tailer';
import type { Logger } from '../log/logger';
import { OpenCallStore } from '../store/open-calls';
import { RedisCallStore } from '../store/redis-store';
import { CallFinalizer, type CallPipeline } from './call-finalizer';
import { defaultCallPipeline } from './call-pipeline';
import { HealthCheck } from './health';
import { createHttpServer, type HttpServer } from './http';
import { PartRunner } from './lifecycle';
import { ServiceMetrics } from './metrics';
import { QueueRecordSink } from './queue-record-sink';
import { servicePrefixes, DEFAULT_PREFIX } from './queue-names';
import { openProducerQueue } from './records-queue';
import type { RecordsProcessorFactory } from './records-processor';
import { closeConnection, createProbeConnection, createProducerConnection, createStoreConnection, readyOrAfter } from './redis-connections';
import type { ServicePart } from './service-part';
import { SettleLoop } from './settle-loop';
import { SettleQueue } from './settle-queue';
import { WorkerPart } from './worker-part';

/** `bot`: the bots, alerts and digest with HTTP, no ingest and no records worker */
export type ServiceMode = 'serve' | 'ingest' | 'worker' | 'bot';

/** Settings that are not in the environment: for tests, the benchmark and other parts. */
export interface ServiceOptions {
  logger: Logger;
  /** the records queue's processor (workers/records.worker.ts `createRecordsProcessor`) */
  recordsProcessor: RecordsProcessorFactory;
  /** Redis key prefix of this installation (default `sipsleuth`) */
  prefix?: string;
  metrics?: ServiceMetrics;
  /** overrides SIPSLEUTH_HTTP_PORT (0 = any free port) */
  httpPort?: number;
  httpHost?: string;
  /** routes of other parts on the same HTTP app (Slack `/slack/events`, Teams `/api/messages`) */
  mount?: Array<(app: Express) => void>;
  /** parts of other engineers (bots, alerts): started after the worker, stopped before it */
  extraParts?: ServicePart[];
  workerConcurrency?: number;
  sweepEveryMs?: number;
  /** a call is rebuilt once its key has had no new record this long (default 1000 ms) */
  settleMs?: number;
  /** BullMQ job lock duration (default 30 s): how soon a dead worker's job is taken over */
  lockDurationMs?: number;
  /** tuning of the tailer and the listener (tests: short poll intervals, port 0) */
  tailer?: Partial<TailerOptions>;
  listener?: Partial<SyslogListenerOptions>;
  pipeline?: CallPipeline;
  /** longest line/datagram accepted, bytes (default 1 MiB) */
  maxLineBytes?: number;
}

export interface RunningService {
  readonly mode: ServiceMode;
  readonly metrics: ServiceMetrics;
  readonly http: HttpServer;
  readonly tailer: FileTailer | null;
  readonly listener: SyslogListener | null;
  stop(): Promise<void>;
}

/** A part from a start/stop pair. */
export function part(name: string, start: () => Promise<void>, stop: () => Promise<void>): ServicePart {
  return { name, start, stop };
}

function timerPart(name: string, everyMs: number, tick: () => Promise<void>, logger: Logger): ServicePart {
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  return part(
    name,
    async () => {
      timer = setInterval(() => {
        if (running) {
          return;
        }
        running = tick()
          .catch((err: unknown) => logger.warn({ part: name, err: String(err) }, `${name} failed; next try later`))
          .finally(() => {
            running = null;
          });
      }, everyMs);
      timer.unref();
    },
    async () => {
      if (timer) {
        clearInterval(timer);
      }
      timer = null;
      await running;
    },
  );
}

export async function startService(config: Config, mode: ServiceMode, opts: ServiceOptions): Promise<RunningService> {
  const s = config.service;
  const logger = opts.logger;
  const prefixes = servicePrefixes(opts.prefix ?? DEFAULT_PREFIX);
  const metrics = opts.metrics ?? new ServiceMetrics({ defaultMetrics: true });
  const runsIngest = mode === 'serve' || mode === 'ingest';
  const runsWorker = mode === 'serve' || mode === 'worker';
  const wantsTailer = runsIngest && s.SIPSLEUTH_WATCH.length > 0;
  const wantsListener =
    runsIngest && (s.SIPSLEUTH_SYSLOG_UDP_PORT !== undefined || s.SIPSLEUTH_SYSLOG_TCP_PORT !== undefined);
  if (mode === 'ingest' && !wantsTailer && !wantsListener) {
    throw new ConfigError([
      'SIPSLEUTH_WATCH, SIPSLEUTH_SYSLOG_UDP_PORT or SIPSLEUTH_SYSLOG_TCP_PORT: ingest needs at least one of them',
    ]);
  }
  const reader: ReaderOptions = {
    tz: s.SIPSLEUTH_TZ,
    year: s.SIPSLEUTH_YEAR ?? new Date().getUTCFullYear(),
    maxLineBytes: opts.maxLineBytes ?? 1024 * 1024,
  };

  // Redis: a waiting connection for the stores, fail-fast ones for the producer and the probe.
  const storeRedis = createStoreConnection(s.REDIS_URL, `sipsleuth-${mode}-store`, { autoPipelining: true });
  const probeRedis = createProbeConnection(s.REDIS_URL, `sipsleuth-${mode}-probe`);
  const producer = openProducerQueue(s.REDIS_URL, prefixes.queue);
  // ingest writes each batch's records next to its job (src/store/record-batch.ts)
  const batchRedis = runsIngest ? createProducerConnection(s.REDIS_URL, `sipsleuth-${mode}-batches`) : null;
  let lastRedisWarn = 0;
  const onRedisError = (where: string) => (err: unknown) => {
    metrics.errors.inc({ kind: 'redis' });
    const now = Date.now();
    if (now - lastRedisWarn > 10_000) {
      lastRedisWarn = now;
      logger.warn({ where, err: String(err) }, 'Redis unreachable; waiting for it (reported once per 10 s)');
    }
  };
  storeRedis.on('error', onRedisError('store'));
  probeRedis.on('error', onRedisError('probe'));
  producer.on('error', onRedisError('queue'));
  batchRedis?.on('error', onRedisError('batches'));
  const parts: ServicePart[] = [
    part(
      'redis',
      async () => {
        await storeRedis.ping();
        if (batchRedis !== null) {
          await readyOrAfter(batchRedis, 5000);
        }
      },
      async () => {
        await producer.close().catch(() => undefined);
        if (batchRedis !== null) {
          await closeConnection(batchRedis);
        }
        await closeConnection(probeRedis);
        await closeConnection(storeRedis);
      },
    ),
  ];

  const health = new HealthCheck({ redis: probeRedis, queue: producer, metrics });
  const http = createHttpServer({
    port: opts.httpPort ?? s.SIPSLEUTH_HTTP_PORT,
    host: opts.httpHost,
    metrics,
    health: () => health.check(),
    logger: logger.child({ component: 'http' }),
    mount: opts.mount,
  });
  parts.push(part('http', () => http.start(), () => http.stop()));

  if (runsWorker) {
    const store = new RedisCallStore(storeRedis, { prefix: prefixes.store, retentionDays: s.SIPSLEUTH_RETENTION_DAYS });
    const finalizer = new CallFinalizer({
      open: new OpenCallStore(storeRedis, { prefix: prefixes.open }),
      store,
      redis: storeRedis,
      prefix: prefixes.open,
      settle: new SettleQueue(storeRedis, prefixes.open),
      pipeline: opts.pipeline ?? defaultCallPipeline(reader),
      metrics,
      logger: logger.child({ component: 'finalizer' }),
      quietMs: s.SIPSLEUTH_CALL_QUIET_SEC * 1000,
      settleMs: opts.settleMs,
      // with ingest in the same process, its listener reads between every two keys of a round
      turnBudgetMs: runsIngest ? 0 : 50,
    });
    parts.push(
      new WorkerPart({
        redisUrl: s.REDIS_URL,
        queuePrefix: prefixes.queue,
        processor: opts.recordsProcessor({ finalizer, metrics, logger: logger.child({ component: 'worker' }) }),
        metrics,
        logger: logger.child({ component: 'worker' }),
        concurrency: opts.workerConcurrency,
        sweepEveryMs: opts.sweepEveryMs,
        lockDurationMs: opts.lockDurationMs,
      }),
    );
    parts.push(new SettleLoop({ finalizer, metrics, logger: logger.child({ component: 'settle' }) }));
    parts.push(
      timerPart('store-pruning', 3_600_000, async () => {
        const n = await store.prune(Date.now());
        logger.info({ removed: n }, 'pruned calls past the retention');
      }, logger),
    );
  }
  parts.push(...(opts.extraParts ?? []));

  let tailer: FileTailer | null = null;
  let listener: SyslogListener | null = null;
  if (batchRedis !== null) {
    // runs ingest
    const sink = new QueueRecordSink({ queue: producer, batches: batchRedis, prefix: prefixes.open, metrics, logger: logger.child({ component: 'sink' }) });
    if (wantsTailer) {
      const t = new FileTailer(
        { watch: s.SIPSLEUTH_WATCH, format: s.SIPSLEUTH_FORMAT, reader, ...opts.tailer },
        {
          sink,
          offsets: new RedisOffsetStore(storeRedis, { prefix: prefixes.offsets }),
          logger,
          metrics: metrics.ingest,
        },
      );
      tailer = t;
      parts.push(part('tailer', () => t.start(), () => t.stop()));
    }
    if (wantsListener) {
      const l = new SyslogListener(
        {
          udpPort: s.SIPSLEUTH_SYSLOG_UDP_PORT,
          tcpPort: s.SIPSLEUTH_SYSLOG_TCP_PORT,
          host: s.SIPSLEUTH_SYSLOG_HOST,
          format: s.SIPSLEUTH_FORMAT,
          reader,
          ...opts.listener,
        },
        { sink, logger, metrics: metrics.ingest },
      );
      listener = l;
      parts.push(part('syslog-listener', () => l.start(), () => l.stop()));
    }
  }

  const runner = new PartRunner(parts, logger);
  await runner.start();
  logger.info({ mode, parts: parts.map((p) => p.name), port: http.port() }, `sipsleuth ${mode} running`);
  return { mode, metrics, http, tailer, listener, stop: () => runner.stop() };
}
