import { stat, type FileHandle } from 'node:fs/promises';
import type { SplitLine } from '../formats/line-splitter';
import type { Logger } from '../log/logger';
import { backoffDelay, sleep, type BackoffOptions } from './backoff';
import { FileFraming } from './file-framing';
import { openAtStart, sameHead } from './file-start';
import { fingerprintLength, fingerprintOf, readHead, FINGERPRINT_BYTES } from './fingerprint';
import { errCode, errText } from './fs-errors';
import type { FormatRegistry } from './format-choice';
import type { IngestMetrics } from './ingest-metrics';
import type { KeyedWarnings } from './rate-limited-log';
import type { FileState, OffsetStore } from './offset-store';
import type { RecordBatch, RecordSink } from './record-sink';
import type { RetiredFiles } from './retired-files';
import { givesUpUnfinished, reportUnfinished } from './unfinished-record';

/**
 * Tails ONE file: reads what was appended in chunks, splits lines (keeping a partial last line),
 * frames them with the file's format, hands batches to the sink and stores the resume offset
 * only after the sink accepted them. Notices truncation (copy-truncate rotation) and a file
 * rewritten in place (head fingerprint), and after a rotation or a delete reads what is left
 * through its open handle ("draining") before it lets go. The tailer decides when to poll.
 *
 * A quiet file and the record its framer holds open: after `idleFlushMs` without new bytes the
 * open record is handed on only when it is finished by its format's own rules
 * (`Framer.holdsUnfinished`: Oracle's dashes, FreeSWITCH's closing dashes, an AudioCodes
 * `[Time:]` trailer where the file's records carry one, Content-Length met for CUBE, Ribbon,
 * Asterisk and plain SIP). A record the writer paused in the middle of (an SBC flushing half a
 * record, a slow copy) stays open so that its rest joins it, instead of being cut into a
 * truncated message and a lost rest; the resume offset stays at its start, so a restart reads it
 * whole. If the file then stays quiet for `unfinishedFlushMs` (30 s by default), the record is
 * handed on as it is (truncated): the last message of a file, e.g. a BYE, arrives in bounded time.
 */

export interface FileTailOptions {
  format: string;
  reader: { tz: string; year?: number; maxLineBytes: number };
  chunkBytes: number;
  batchRecords: number;
  batchWaitMs: number;
  /** quiet this long: the framer's open record is handed on if it is finished by its own rules */
  idleFlushMs: number;
  /** quiet this long: an unfinished open record is handed on too, as it is (at least idleFlushMs) */
  unfinishedFlushMs: number;
  /** after a rotation, keep reading the old file this long (the writer may not have reopened yet) */
  rotateGraceMs: number;
  sampleLines: number;
  sampleBytes: number;
  backoff: BackoffOptions;
}

export interface FileTailDeps {
  sink: RecordSink;
  offsets: OffsetStore;
  logger: Logger;
  metrics: IngestMetrics;
  registry: FormatRegistry;
  retired: RetiredFiles;
  /** repeated warnings (a file that stays unreadable, Redis away) at most once per interval */
  warnings: KeyedWarnings;
  now(): number;
  /** aborted when the tailer stops: retries give up */
  signal: AbortSignal;
}

/**
 * ok: keep polling · gone: the path no longer exists (now draining) · replaced: another file is
 * at the path now (now draining) · done: drained and closed · stopped: the tailer is stopping ·
 * failed: the file cannot be read any more (closed)
 */
export type PollResult = 'ok' | 'gone' | 'replaced' | 'done' | 'stopped' | 'failed';

export class FileTail {
  private readonly framing: FileFraming;
  private committed: { offset: number; line: number };
  private readPos: number;
  private lastData: number;
  private lastHeadCheck = { size: -1, mtimeMs: -1 };
  private drainUntil: number | null = null;
  private sinkFailures = 0;
  /** a batch the sink refused when the tailer was told to stop */
  private unsent: { batch: RecordBatch; at: { offset: number; line: number } } | null = null;
  private log: Logger;

  private constructor(
    public path: string,
    private readonly fh: FileHandle,
    readonly inode: string,
    private fingerprint: string,
    start: { offset: number; line: number },
    mtimeYear: number,
    private readonly opts: FileTailOptions,
    private readonly deps: FileTailDeps,
  ) {
    this.log = deps.logger.child({ component: 'tailer', file: path });
    this.framing = new FileFraming(
      path,
      start,
      {
        format: opts.format,
        reader: { tz: opts.reader.tz, year: opts.reader.year ?? mtimeYear, maxLineBytes: opts.reader.maxLineBytes },
        batchRecords: opts.batchRecords,
        sampleLines: opts.sampleLines,
        sampleBytes: opts.sampleBytes,
      },
      { registry: deps.registry, metrics: deps.metrics, logger: this.log, now: deps.now },
    );
    this.committed = { ...start };
    this.readPos = start.offset;
    this.lastData = deps.now();
  }

  /**
   * Opens a file where reading must start (see `openAtStart`); null when it cannot be opened
   * (logged and counted) or, with `from`, when it is not the file `from` describes.
   */
  static async open(path: string, opts: FileTailOptions, deps: FileTailDeps, from?: FileState): Promise<FileTail | null> {
    const f = await openAtStart(path, deps, from);
    return f ? new FileTail(path, f.fh, f.inode, f.fingerprint, f.start, f.mtimeYear, opts, deps) : null;
  }

  /** read to the end and let go (a rotated file caught up after a restart) */
  drainFromNow(): void {
    this.drainUntil = this.deps.now() + this.opts.rotateGraceMs;
  }

  isDraining(): boolean {
    return this.drainUntil !== null;
  }

  /** the file showed up under a new watched name while draining: follow it there */
  adopt(newPath: string): void {
    this.log.info({ to: newPath }, `${this.path} was renamed to ${newPath}: following it`);
    this.path = newPath;
    this.log = this.deps.logger.child({ component: 'tailer', file: newPath });
    this.framing.rename(newPath);
    this.drainUntil = null;
    this.committed = { offset: -1, line: 0 }; // store the offset under the new name at the next commit
  }

  /** where a restart would resume now, and what is stored */
  position(): { path: string; inode: string; readPos: number; resume: number; committed: number } {
    return {
      path: this.path,
      inode: this.inode,
      readPos: this.readPos,
      resume: this.framing.resumeAt().offset,
      committed: this.committed.offset,
    };
  }

  /** One pass: check the file's identity, read what was appended, hand on batches. */
  async poll(): Promise<PollResult> {
    try {
      if (this.drainUntil !== null) {
        return await this.pollDraining();
      }
      let pathIno: string | null = null;
      let size = 0;
      let mtimeMs = 0;
      try {
        const st = await stat(this.path, { bigint: true });
        pathIno = String(st.ino);
        size = Number(st.size);
        mtimeMs = Number(st.mtimeMs);
      } catch (e) {
        if (errCode(e) !== 'ENOENT') {
          throw e;
        }
      }
      if (pathIno !== this.inode) {
        const why = pathIno === null ? 'gone' : 'replaced';
        this.startDraining(why);
        return (await this.pollDraining()) === 'stopped' ? 'stopped' : why;
      }
      if (size < this.readPos) {
        if (!(await this.restartFromZero(`${this.path} shrank below what was read (copy-truncate rotation)`))) {
          return 'stopped';
        }
      } else if (size !== this.lastHeadCheck.size || mtimeMs !== this.lastHeadCheck.mtimeMs) {
        this.lastHeadCheck = { size, mtimeMs };
        if (!(await this.headStillMatches(size))) {
          if (!(await this.restartFromZero(`${this.path} was rewritten in place (its head changed)`))) {
            return 'stopped';
          }
        }
      }
      if (!(await this.readUpTo(size))) {
        return 'stopped';
      }
      return (await this.afterRead(false)) ? 'ok' : 'stopped';
    } catch (e) {
      this.deps.metrics.errors('read');
      this.deps.warnings.warn(
        `read:${this.path}`,
        this.log,
        this.deps.now(),
        { err: errText(e) },
        `cannot read ${this.path} any more: ${errText(e)}; letting it go (tried again at the next scan)`,
      );
      await this.fh.close().catch(() => undefined);
      return 'failed';
    }
  }

  /**
   * Stop: hand on what is complete once (no retries) and store the offset up to what was queued.
   * What cannot be queued now is not committed: the next start reads it again.
   */
  async close(): Promise<void> {
    const pending: Array<{ batch: RecordBatch; at: { offset: number; line: number } }> = [];
    if (this.unsent) {
      pending.push(this.unsent);
      this.unsent = null;
    }
    const at = this.framing.resumeAt();
    if (!this.framing.batch.isEmpty()) {
      pending.push({ batch: this.framing.batch.take(this.path, this.drainUntil === null ? at.offset : undefined), at });
    }
    let queued = true;
    for (const p of pending) {
      try {
        await this.deps.sink.push(p.batch);
      } catch (e) {
        queued = false;
        const n = pending.reduce((sum, x) => sum + x.batch.records.length, 0);
        this.deps.metrics.errors('sink');
        this.log.warn({ err: errText(e), records: n }, `could not queue the last records of ${this.path} at stop; they are read again at the next start`);
        break;
      }
      if (this.drainUntil === null) {
        await this.commit(p.at);
      }
    }
    if (queued && this.drainUntil === null) {
      await this.commit(at);
    }
    await this.fh.close().catch(() => undefined);
  }

  private async pollDraining(): Promise<PollResult> {
    const size = Number((await this.fh.stat()).size);
    if (!(await this.readUpTo(size))) {
      return 'stopped';
    }
    if (this.drainUntil === null || this.deps.now() < this.drainUntil) {
      // still in the grace period, or adopted under a new name meanwhile: go on as usual
      return (await this.afterRead(false)) ? 'ok' : 'stopped';
    }
    // the end: the last line without a line break and the open record are complete now
    if (!(await this.frameLines(this.framing.splitEnd()))) {
      return 'stopped';
    }
    if (!(await this.afterRead(true))) {
      return 'stopped';
    }
    this.deps.retired.add(this.inode, { fingerprint: this.fingerprint, offset: this.readPos, line: this.framing.nextLine() });
    await this.fh.close().catch(() => undefined);
    return 'done';
  }

  private startDraining(why: 'gone' | 'replaced'): void {
    this.drainUntil = this.deps.now() + this.opts.rotateGraceMs;
    if (why === 'gone') {
      this.deps.metrics.errors('file-gone');
      this.log.warn({}, `${this.path} is gone (deleted or moved away): reading what is left in it, then letting it go`);
    } else {
      this.log.info({}, `${this.path} was rotated (a new file has its name): finishing the old one`);
    }
  }

  /** Reads from the read position up to `size` in chunks, framing and handing on as it goes. */
  private async readUpTo(size: number): Promise<boolean> {
    while (this.readPos < size && !this.deps.signal.aborted) {
      const want = Math.min(this.opts.chunkBytes, size - this.readPos);
      const buf = Buffer.allocUnsafe(want);
      const { bytesRead } = await this.fh.read(buf, 0, want, this.readPos);
      if (bytesRead === 0) {
        break;
      }
      this.readPos += bytesRead;
      this.lastData = this.deps.now();
      this.deps.metrics.bytesRead(bytesRead);
      if (!(await this.frameLines(this.framing.split(bytesRead === want ? buf : buf.subarray(0, bytesRead))))) {
        return false;
      }
    }
    return !this.deps.signal.aborted;
  }

  private async frameLines(lines: readonly SplitLine[]): Promise<boolean> {
    for (const l of lines) {
      this.framing.frame(l);
      if (this.framing.batch.isFull() && !(await this.pushBatch())) {
        return false;
      }
    }
    return true;
  }

  /** After reading: decide a pending format, flush a quiet framer, hand on a due batch, commit. */
  private async afterRead(final: boolean): Promise<boolean> {
    const now = this.deps.now();
    const quietFor = now - this.lastData;
    const quiet = final || quietFor >= this.opts.idleFlushMs;
    if (quiet) {
      const giveUp = final || givesUpUnfinished(quietFor, this.opts.unfinishedFlushMs);
      if (giveUp && !final && this.framing.holdsUnfinished()) {
        reportUnfinished({ metrics: this.deps.metrics, warnings: this.deps.warnings, logger: this.log }, this.path, now, quietFor);
      }
      this.framing.flushQuiet(giveUp);
    }
    const batch = this.framing.batch;
    if (!batch.isEmpty()) {
      if (quiet || batch.isFull() || batch.age(now) >= this.opts.batchWaitMs) {
        return this.pushBatch();
      }
      return true;
    }
    if (this.drainUntil === null) {
      await this.commit(this.framing.resumeAt());
    }
    return true;
  }

  /** Hands the batch to the sink, retrying with backoff while it refuses; then stores the offset. */
  private async pushBatch(): Promise<boolean> {
    const at = this.framing.resumeAt();
    const draining = this.drainUntil !== null;
    const batch: RecordBatch = this.framing.batch.take(this.path, draining ? undefined : at.offset);
    for (let attempt = 1; ; attempt++) {
      try {
        await this.deps.sink.push(batch);
        break;
      } catch (e) {
        this.deps.metrics.errors('sink');
        this.sinkFailures++;
        if (this.sinkFailures === 1) {
          this.log.warn(
            { err: errText(e), records: batch.records.length },
            `the queue refuses records (${errText(e)}): reading of ${this.path} paused, retrying`,
          );
        }
        if (!(await sleep(backoffDelay(attempt, this.opts.backoff), this.deps.signal))) {
          this.unsent = { batch, at }; // stopping: close() tries it once more, or leaves it uncommitted
          return false;
        }
      }
    }
    if (this.sinkFailures > 0) {
      this.log.info({ failures: this.sinkFailures }, `the queue accepts records again: reading ${this.path} on`);
      this.sinkFailures = 0;
    }
    if (!draining) {
      await this.commit(at);
    }
    return true;
  }

  private async commit(at: { offset: number; line: number }): Promise<void> {
    if (at.offset === this.committed.offset && at.line === this.committed.line) {
      return;
    }
    const state: FileState = { inode: this.inode, fingerprint: this.fingerprint, offset: at.offset, line: at.line };
    try {
      await this.deps.offsets.set(this.path, state);
      this.committed = { ...at };
    } catch (e) {
      this.deps.metrics.errors('offset-store');
      this.deps.warnings.warn(
        `offset-set:${this.path}`,
        this.log,
        this.deps.now(),
        { err: errText(e) },
        `cannot store the offset of ${this.path}: ${errText(e)} (retried at the next batch)`,
      );
    }
  }

  /**
   * True when the file still starts with the fingerprinted head. While the head is shorter than
   * 1 KB the fingerprint grows with the file.
   */
  private async headStillMatches(size: number): Promise<boolean> {
    const n = fingerprintLength(this.fingerprint) ?? 0;
    if (n >= FINGERPRINT_BYTES && size >= n) {
      // full-size fingerprint: compare the head only
      const head = await readHead(this.fh, n);
      return fingerprintOf(head) === this.fingerprint;
    }
    const head = await readHead(this.fh, Math.min(FINGERPRINT_BYTES, size));
    if (!sameHead(head, this.fingerprint)) {
      return false;
    }
    this.fingerprint = fingerprintOf(head);
    return true;
  }

  private async restartFromZero(why: string): Promise<boolean> {
    this.log.info({ readPos: this.readPos }, `${why}: reading it from the start`);
    this.framing.flushQuiet();
    if (!this.framing.batch.isEmpty() && !(await this.pushBatch())) {
      return false;
    }
    this.framing.restart();
    const head = await readHead(this.fh, FINGERPRINT_BYTES);
    this.fingerprint = fingerprintOf(head);
    this.readPos = 0;
    this.lastHeadCheck = { size: -1, mtimeMs: -1 };
    await this.commit({ offset: 0, line: 1 });
    return true;
  }
}
