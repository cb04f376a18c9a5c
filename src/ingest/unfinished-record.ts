/**
 * A record its framer says is unfinished (`Framer.holdsUnfinished`: no closing dashes yet,
 * Content-Length not met) is held while its source is quiet, so a writer or sender that pauses in
 * the middle of a record keeps it whole. Once the source has been quiet for `unfinishedMs` the
 * record is handed on as it is (the framer marks it truncated): the file tailer and the syslog
 * listener decide and report that here, alike.
 */
import type { Logger } from '../log/logger';
import type { IngestMetrics } from './ingest-metrics';
import type { KeyedWarnings } from './rate-limited-log';

/** Whether an unfinished open record is given up on (handed on truncated) after `quietFor` ms of quiet. */
export function givesUpUnfinished(quietFor: number, unfinishedMs: number): boolean {
  return quietFor >= unfinishedMs;
}

/** Counts a record handed on unfinished and says so (at most once per interval per source). */
export function reportUnfinished(
  deps: { metrics: IngestMetrics; warnings: KeyedWarnings; logger: Logger },
  source: string,
  now: number,
  quietFor: number,
): void {
  deps.metrics.errors('unfinished-record');
  deps.warnings.warn(
    `unfinished:${source}`,
    deps.logger,
    now,
    { source, quietMs: quietFor },
    `${source} has been quiet for ${Math.round(quietFor / 1000)} s in the middle of a record: handing it on as it is (truncated)`,
  );
}
