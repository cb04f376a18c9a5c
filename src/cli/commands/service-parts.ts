/**
 * `sipsleuth serve | ingest | worker`: start the configured parts and run until SIGTERM/SIGINT.
 * Each function returns after a graceful shutdown.
 */
import { maskedConfig, type Config } from '../../config';
import { createLogger } from '../../log/logger';
import { runUntilSignal, type ProcessLike } from '../../service/signals';
import { startService, type ServiceMode, type ServiceOptions } from '../../service/service';

export type ServiceRunOptions = Partial<ServiceOptions> & { process?: ProcessLike };

async function run(config: Config, mode: ServiceMode, opts: ServiceRunOptions): Promise<void> {
  const logger = opts.logger ?? createLogger(config.service.SIPSLEUTH_LOG_LEVEL);
  logger.info({ mode, config: maskedConfig(config) }, `sipsleuth ${mode} starting`);
  const service = await startService(config, mode, { ...opts, logger });
  await runUntilSignal(() => service.stop(), logger, opts.process);
}

/** Everything configured in one process: ingest, workers, HTTP (and the parts others add). */
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
