/**
 * `sipsleuth serve | ingest | worker | bot`: start the configured parts and run until
 * SIGTERM/SIGINT. Each function returns after a graceful shutdown.
 */
import { maskedConfig, type Config } from '../../config';
import { createLogger } from '../../log/logger';
import { runUntilSignal, type ProcessLike } from '../../service/signals';
import { startService, type ServiceMode, type ServiceOptions } from '../../service/service';
import type { chatParts as ChatParts } from '../chat-parts';
import { createRecordsProcessor } from '../../../workers/records.worker';

export type ServiceRunOptions = Partial<ServiceOptions> & { process?: ProcessLike };

async function run(config: Config, mode: ServiceMode, opts: ServiceRunOptions): Promise<void> {
  const logger = opts.logger ?? createLogger(config.service.SIPSLEUTH_LOG_LEVEL);
  logger.info({ mode, config: maskedConfig(config) }, `sipsleuth ${mode} starting`);
  // the chat parts (Slack, Teams, alerts, digest) load only where they run: `ingest` and `worker`
  // start without loading Bolt, botbuilder and their Azure libraries (about a second of CPU)
  const chat: ReturnType<typeof ChatParts> =
    mode === 'serve' || mode === 'bot'
      ? (await import('../chat-parts')).chatParts(config, logger, opts.prefix)
      : { mount: [], parts: [] };
  const service = await startService(config, mode, {
    ...opts,
    logger,
    recordsProcessor: opts.recordsProcessor ?? createRecordsProcessor,
    mount: [...(opts.mount ?? []), ...chat.mount],
    extraParts: [...(opts.extraParts ?? []), ...chat.parts],
  });
  await runUntilSignal(() => service.stop(), logger, opts.process);
}

/** Everything configured in one process: ingest, workers, bots, alerts, digest, HTTP. */
export function runServe(config: Config, opts: ServiceRunOptions = {}): Promise<void> {
  return run(config, 'serve', opts);
}

/** The file tailer and/or the syslog listener, queueing records for the workers elsewhere. */
export function runIngest(config: Config, opts: ServiceRunOptions = {}): Promise<void> {
  return run(config, 'ingest', opts);
}

/** A records worker: rebuilds, diagnoses and stores calls from the queue. */
export function runWorker(config: Config, opts: ServiceRunOptions = {}): Promise<void> {
  return run(config, 'worker', opts);
}

/** The bots, alerts and digest alone, with /healthz and /metrics, reading what the workers store. */
export function runBot(config: Config, opts: ServiceRunOptions = {}): Promise<void> {
  return run(config, 'bot', opts);
}
