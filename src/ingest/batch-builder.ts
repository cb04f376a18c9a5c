import type { FramerItem } from '../formats/reader';
import type { FramedRecord, SeqGap, Skip } from '../formats/record';
import type { IngestMetrics } from './ingest-metrics';
import type { RecordBatch } from './record-sink';

/**
 * Collects what framers hand on until it is worth a queue job (`maxRecords`, or the caller's
 * time limit), and counts it on the way in.
 */
export class BatchBuilder {
  private records: FramedRecord[] = [];
  private gaps: SeqGap[] = [];
  private skips: Skip[] = [];
  /** approximate bytes held (record texts) */
  private bytes = 0;
  /** time of the first item in the batch, for the caller's time limit */
  private since: number | null = null;

  constructor(
    private readonly metrics: IngestMetrics,
    private readonly maxRecords: number,
  ) {}

  /** adds a framer's items; returns the records among them */
  addItems(items: readonly FramerItem[], now: number): FramedRecord[] {
    const recs: FramedRecord[] = [];
    let framerSkips = 0;
    let framerErrors = 0;
    for (const item of items) {
      switch (item.type) {
        case 'record':
          recs.push(item.record);
          this.records.push(item.record);
          this.bytes += item.record.text.length + 200;
          break;
        case 'gap':
          this.gaps.push(item.gap);
          break;
        case 'skip':
          framerSkips++;
          this.skips.push(item.skip);
          break;
        case 'error':
          framerErrors++;
          this.skips.push(item.skip);
          break;
      }
    }
    if (items.length > 0 && this.since === null) {
      this.since = now;
    }
    if (recs.length > 0) {
      this.metrics.recordsFramed(recs.length);
    }
    if (framerSkips > 0) {
      this.metrics.skipped('framer', framerSkips);
    }
    if (framerErrors > 0) {
      this.metrics.skipped('framer-error', framerErrors);
    }
    return recs;
  }

  /** adds skips found before framing (unreadable lines, undetectable format, bad syslog) */
  addSkips(skips: readonly Skip[], reason: string, now: number): void {
    if (skips.length === 0) {
      return;
    }
    for (const s of skips) {
      this.skips.push(s);
    }
    this.metrics.skipped(reason, skips.length);
    if (this.since === null) {
      this.since = now;
    }
  }

  isEmpty(): boolean {
    return this.records.length === 0 && this.gaps.length === 0 && this.skips.length === 0;
  }

  isFull(): boolean {
    return this.records.length >= this.maxRecords;
  }

  recordCount(): number {
    return this.records.length;
  }

  heldBytes(): number {
    return this.bytes;
  }

  /** ms since the first item went in, 0 when empty */
  age(now: number): number {
    return this.since === null ? 0 : now - this.since;
  }

  take(source: string, commitOffset?: number): RecordBatch {
    const batch: RecordBatch = { source, records: this.records, gaps: this.gaps, skips: this.skips };
    if (commitOffset !== undefined) {
      batch.commitOffset = commitOffset;
    }
    this.records = [];
    this.gaps = [];
    this.skips = [];
    this.bytes = 0;
    this.since = null;
    return batch;
  }
}
