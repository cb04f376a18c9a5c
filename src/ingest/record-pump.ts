import { EventEmitter } from 'node:events';
import type { FramerItem } from '../formats/reader';
import type { Skip } from '../formats/record';
import type { Logger } from '../log/logger';
import { backoffDelay, sleep, type BackoffOptions } from './backoff';
import { BatchBuilder } from './batch-builder';
import type { IngestMetrics } from './ingest-metrics';
import type { RecordBatch, RecordSink } from './record-sink';

/**
 * The syslog listener's bounded buffer in front of the sink. Items are batched (`batchRecords`
 * records or `batchWaitMs`), batches go to the sink one at a time, a refused batch stays at the
 * head and is retried with backoff. `hasRoom()` says when the producer must stop (UDP: drop the
 * newest and count; TCP: pause the socket); 'drain' fires when it is below half again.
 */
export interface RecordPumpOptions {
  /** RecordBatch.source */
  source: string;
  batchRecords: number;
  batchWaitMs: number;
  maxRecords: number;
  maxBytes: number;
  backoff: BackoffOptions;
}

export interface RecordPumpDeps {
  sink: RecordSink;
  metrics: IngestMetrics;
  logger: Logger;
  now(): number;
}

interface Ready {
  batch: RecordBatch;
  bytes: number;
}

export class RecordPump extends EventEmitter<{ drain: [] }> {
  private filling: BatchBuilder;
  private readonly ready: Ready[] = [];
  private queuedRecords = 0;
  private queuedBytes = 0;
  private pumping: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private full = false;
  private failures = 0;
  private abort = new AbortController();

  constructor(
    private readonly opts: RecordPumpOptions,
    private readonly deps: RecordPumpDeps,
  ) {
    super();
    this.filling = new BatchBuilder(deps.metrics, opts.batchRecords);
  }

  /** false when the buffer is at its limit: the producer must stop or drop */
  hasRoom(): boolean {
    return this.queuedRecords < this.opts.maxRecords && this.queuedBytes < this.opts.maxBytes;
  }

  /** records held now (queued and being sent) */
  size(): { records: number; bytes: number } {
    return { records: this.queuedRecords, bytes: this.queuedBytes };
  }

  addItems(items: readonly FramerItem[]): void {
    if (items.length === 0) {
      return;
    }
    const before = this.filling.heldBytes();
    const n = this.filling.addItems(items, this.deps.now()).length;
    this.queuedRecords += n;
    this.queuedBytes += this.filling.heldBytes() - before;
    this.afterAdd();
  }

  addSkips(skips: readonly Skip[], reason: string): void {
    this.filling.addSkips(skips, reason, this.deps.now());
    this.afterAdd();
  }

  /** Sends what is held once (no retries); counts what could not be sent as dropped. */
  async stop(): Promise<void> {
    this.abort.abort();
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    await this.pumping;
    this.cut();
    while (this.ready.length > 0) {
      const r = this.ready[0];
      try {
        await this.deps.sink.push(r.batch);
        this.sent(r);
      } catch {
        const lost = this.ready.reduce((n, x) => n + x.batch.records.length, 0);
        this.deps.metrics.dropped('stop', lost);
        this.deps.logger.warn({ records: lost }, `could not queue ${lost} syslog records at stop: they are lost`);
        this.ready.length = 0;
        this.queuedRecords = 0;
        this.queuedBytes = 0;
      }
    }
  }

  private afterAdd(): void {
    if (!this.hasRoom()) {
      this.full = true;
    }
    if (this.filling.isFull()) {
      this.cut();
      this.kick();
    } else if (!this.filling.isEmpty() && this.timer === null && !this.abort.signal.aborted) {
      this.timer = setTimeout(() => {
        this.timer = null;
        this.cut();
        this.kick();
      }, this.opts.batchWaitMs);
    }
  }

  private cut(): void {
    if (this.filling.isEmpty()) {
      return;
    }
    const bytes = this.filling.heldBytes();
    this.ready.push({ batch: this.filling.take(this.opts.source), bytes });
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
  }

  private kick(): void {
    if (this.pumping || this.abort.signal.aborted) {
      return;
    }
    this.pumping = this.pump().finally(() => {
      this.pumping = null;
    });
  }

  private async pump(): Promise<void> {
    while (this.ready.length > 0 && !this.abort.signal.aborted) {
      const r = this.ready[0];
      try {
        await this.deps.sink.push(r.batch);
      } catch (e) {
        this.deps.metrics.errors('sink');
        this.failures++;
        if (this.failures === 1) {
          this.deps.logger.warn(
            { err: e instanceof Error ? e.message : String(e) },
            'the queue refuses syslog records: holding them in memory (bounded) and retrying',
          );
        }
        if (!(await sleep(backoffDelay(this.failures, this.opts.backoff), this.abort.signal))) {
          return;
        }
        continue;
      }
      if (this.failures > 0) {
        this.deps.logger.info({ failures: this.failures }, 'the queue accepts syslog records again');
        this.failures = 0;
      }
      this.sent(r);
    }
  }

  private sent(r: Ready): void {
    this.ready.shift();
    this.queuedRecords -= r.batch.records.length;
    this.queuedBytes -= r.bytes;
    if (this.full && this.queuedRecords <= this.opts.maxRecords / 2 && this.queuedBytes <= this.opts.maxBytes / 2) {
      this.full = false;
      this.emit('drain');
    }
  }
}
