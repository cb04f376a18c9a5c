/**
 * The one place that handles process signals and fatal errors.
 * - SIGTERM / SIGINT: graceful shutdown (the caller's `stop`: ingest first, then workers, then
 *   Redis), then the returned promise resolves and the command returns. A second signal while
 *   stopping exits at once with 130.
 * - uncaughtException / unhandledRejection: logged, then exit 1 (docker-compose restarts the
 *   service; queued work is at-least-once and idempotent, so nothing is lost).
 */
import type { Logger } from '../log/logger';

/** The bits of `process` used here (a real EventEmitter in tests). */
export interface ProcessLike {
  on(event: string, listener: (...args: unknown[]) => void): unknown;
  off(event: string, listener: (...args: unknown[]) => void): unknown;
  exit(code: number): void;
}

const SIGNALS = ['SIGTERM', 'SIGINT'] as const;

export function runUntilSignal(stop: () => Promise<void>, logger: Logger, proc: ProcessLike = process): Promise<void> {
  return new Promise<void>((resolve) => {
    let stopping = false;
    const onSignal = (...args: unknown[]): void => {
      const signal = String(args[0] ?? 'signal');
      if (stopping) {
        logger.warn({ signal }, 'second signal while stopping: exiting now');
        proc.exit(130);
        return;
      }
      stopping = true;
      logger.info({ signal }, 'shutting down: ingest first, then workers, then Redis');
      stop()
        .catch((err: unknown) => logger.error({ err: String(err) }, 'shutdown did not finish cleanly'))
        .finally(() => {
          for (const s of SIGNALS) {
            proc.off(s, onSignal);
          }
          proc.off('uncaughtException', onFatal);
          proc.off('unhandledRejection', onFatal);
          logger.info({}, 'stopped');
          resolve();
        });
    };
    const onFatal = (...args: unknown[]): void => {
      const err = args[0];
      logger.error(
        { err: err instanceof Error ? (err.stack ?? err.message) : String(err) },
        'fatal: uncaught error, exiting with status 1',
      );
      proc.exit(1);
    };
    for (const s of SIGNALS) {
      proc.on(s, onSignal);
    }
    proc.on('uncaughtException', onFatal);
    proc.on('unhandledRejection', onFatal);
  });
}
