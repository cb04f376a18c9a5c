/**
 * The contract between the records worker (src/service/worker-part.ts, which runs it) and the
 * records queue's processor (workers/records.worker.ts, which the composition root in src/cli
 * hands to startService: src/service may not import workers/).
 */
import type { Job } from 'bullmq';
import type { Logger } from '../log/logger';
import type { CallFinalizer } from './call-finalizer';
import type { ServiceMetrics } from './metrics';

export interface ProcessSummary {
  records?: number;
  keys: number;
  stored: number;
}

export interface RecordsProcessorDeps {
  finalizer: CallFinalizer;
  metrics: ServiceMetrics;
  logger: Logger;
  now?: () => number;
}

export type RecordsProcessor = (job: Job) => Promise<ProcessSummary>;

export type RecordsProcessorFactory = (deps: RecordsProcessorDeps) => RecordsProcessor;
