import { QueueUnavailableError } from '../../../src/errors';
import type { FramedRecord } from '../../../src/formats/record';
import type { RecordBatch, RecordSink } from '../../../src/ingest/record-sink';

/**
 * A sink that keeps every batch it accepted, and can be told to refuse (as a queue whose Redis is
 * away does) or to hold each batch for a while (a slow queue).
 */
export class RecordingSink implements RecordSink {
  readonly batches: RecordBatch[] = [];
  failing = false;
  refused = 0;
  delayMs = 0;
  /** when set, push waits until this promise resolves (a queue that hangs) */
  gate: Promise<void> | null = null;

  async push(batch: RecordBatch): Promise<void> {
    if (this.gate) {
      await this.gate;
    }
    if (this.delayMs > 0) {
      await new Promise((r) => setTimeout(r, this.delayMs));
    }
    if (this.failing) {
      this.refused++;
      throw new QueueUnavailableError('test queue is away');
    }
    this.batches.push(batch);
  }

  records(): FramedRecord[] {
    return this.batches.flatMap((b) => b.records);
  }

  skips(): RecordBatch['skips'] {
    return this.batches.flatMap((b) => b.skips);
  }
}
