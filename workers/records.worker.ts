/**
 * The records queue's processor (a thin BullMQ processor): checks a job's data and hands it to the
 * CallFinalizer (src/service/call-finalizer.ts).
 * - records: batch of framed records (v3: a batch value ingest wrote to Redis, stored per key
 *            inside Redis; the older v2 and v1, records in the job, are still read, see
 *            src/service/job-data.ts) → stored per key, keys queued to be rebuilt once settled
 * - sweep:   keys quiet for SIPSLEUTH_CALL_QUIET_SEC finalized as they are
 * Permanently bad job data → UnrecoverableError (no retries, kept in `failed` for a look).
 * Redis trouble (StoreUnavailableError, connection errors) → thrown as is: BullMQ retries the job
 * with backoff, and every step being idempotent, the retry changes nothing that was done.
 * The composition root (src/cli/commands/service-parts.ts) hands it to startService.
 */
import { UnrecoverableError, type Job } from 'bullmq';
import { BadJobError } from '../src/errors';
import { checkRecordsJob, sweepJobSchema } from '../src/service/job-data';
import { JOB_RECORDS, JOB_SWEEP } from '../src/service/queue-names';
import { ENCODED_RECORD_FIELDS } from '../src/store/open-calls';
import type {
  ProcessSummary,
  RecordsProcessor,
  RecordsProcessorDeps,
} from '../src/service/records-processor';

export function createRecordsProcessor(deps: RecordsProcessorDeps): RecordsProcessor {
  const now = deps.now ?? Date.now;
  const bad = (job: Job, why: string): never => {
    deps.metrics.errors.inc({ kind: 'bad_job' });
    const err = new BadJobError(why, `job ${job.id ?? '?'} (${job.name})`);
    deps.logger.error({ jobId: job.id, name: job.name, err: err.message }, 'bad job data: not retried');
    throw new UnrecoverableError(err.message);
  };
  return async (job: Job): Promise<ProcessSummary> => {
    if (job.name === JOB_RECORDS) {
      const checked = checkRecordsJob(job.data);
      if (!checked.ok) {
        return bad(job, checked.why);
      }
      const d = checked.job;
      if (d.version === 3) {
        const r = await deps.finalizer.ingestBatch(d.batch, d.records, d.gaps, now());
        if (r.bad !== undefined) {
          return bad(job, r.bad);
        }
        return { records: d.records, keys: r.keys, stored: 0 };
      }
      const r = await deps.finalizer.ingestEncoded(d.recs, d.gaps, now());
      return { records: d.recs.length / ENCODED_RECORD_FIELDS, keys: r.keys, stored: 0 };
    }
    if (job.name === JOB_SWEEP) {
      if (!sweepJobSchema.safeParse(job.data).success) {
        return bad(job, 'sweep job data does not match the schema');
      }
      const r = await deps.finalizer.sweep(now());
      return { keys: r.keys, stored: r.stored };
    }
    return bad(job, `unknown job name ${JSON.stringify(job.name)}`);
  };
}
