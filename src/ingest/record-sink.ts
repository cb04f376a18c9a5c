import type { FramedRecord, SeqGap, Skip } from '../formats/record';

/**
 * What ingest hands on: framed records in batches (never one job per line). The service
 * implements the sink on its queue; tests use an in-memory one.
 */
export interface RecordBatch {
  /** the file path, or the listener's name for syslog */
  source: string;
  records: FramedRecord[];
  gaps: SeqGap[];
  /** lines or datagrams that were skipped; ingest has already counted them in IngestMetrics */
  skips: Skip[];
  /** for files: the offset up to which everything is now safely queued */
  commitOffset?: number;
}

export interface RecordSink {
  /**
   * Resolves only when the batch is durably queued. Rejects (e.g. `QueueUnavailableError`) when
   * it cannot be: ingest then keeps the batch, stops reading and retries with backoff.
   */
  push(batch: RecordBatch): Promise<void>;
}
