import { open, stat, type FileHandle } from 'node:fs/promises';
import { StoreUnavailableError } from '../errors';
import { LineSplitter, type SplitLine } from '../formats/line-splitter';
import type { Framer } from '../formats/reader';
import type { ReaderOptions } from '../formats/record';
import type { Logger } from '../log/logger';
import { backoffDelay, sleep, type BackoffOptions } from './backoff';
import { BatchBuilder } from './batch-builder';
import { fingerprintLength, fingerprintOf, readHead, FINGERPRINT_BYTES } from './fingerprint';
import { FormatChooser, type FormatDecision, type FormatRegistry } from './format-choice';
import type { IngestMetrics } from './ingest-metrics';
import type { KeyedWarnings } from './rate-limited-log';
import type { FileState, OffsetStore } from './offset-store';
import type { RecordBatch, RecordSink } from './record-sink';
import { ResumePoint } from './resume-point';
import { rotationBase } from './rotation-names';
import type { RetiredFiles } from './retired-files';

/**
 * Tails ONE file: reads what was appended in chunks, splits lines (keeping a partial last line),
 * frames them with the file's format, hands batches to the sink and stores the resume offset
 * only after the sink accepted them. Notices truncation (copy-truncate rotation) and a file
 * rewritten in place (head fingerprint), and after a rotation or a delete reads what is left
 * through its open handle ("draining") before it lets go. The tailer decides when to poll.
 */

export interface FileTailOptions {
  format: string;
  reader: { tz: string; year?: number; maxLineBytes: number };
  chunkBytes: number;
  batchRecords: number;
  batchWaitMs: number;
  /** quiet this long: the framer's open record is handed on (it is complete as far as we know) */
  idleFlushMs: number;
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
  private framer: Framer | null = null;
  private framerDirty = false;
  private readonly chooser: FormatChooser<SplitLine>;
  private splitter: LineSplitter;
  private readonly batch: BatchBuilder;
  private resume: ResumePoint;
  private committed: { offset: number; line: number };
  private readPos: number;
  private lastData: number;
  private lastHeadCheck = { size: -1, mtimeMs: -1 };
  private drainUntil: number | null = null;
  private sinkFailures = 0;
  /** a batch the sink refused when the tailer was told to stop */
  private unsent: { batch: RecordBatch; at: { offset: number; line: number } } | null = null;
  private warnedNoFormat = false;
  private readonly log: Logger;
  private readonly readerOptions: ReaderOptions;

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
    this.readerOptions = {
      tz: opts.reader.tz,
      year: opts.reader.year ?? mtimeYear,
      maxLineBytes: opts.reader.maxLineBytes,
    };
    this.chooser = new FormatChooser(deps.registry, {
      format: opts.format,
      sampleLines: opts.sampleLines,
      sampleBytes: opts.sampleBytes,
    });
    this.splitter = this.newSplitter(start.offset, start.line);
    this.batch = new BatchBuilder(deps.metrics, opts.batchRecords);
    this.resume = new ResumePoint(start.offset, start.line);
    this.committed = { ...start };
    this.readPos = start.offset;
    this.lastData = deps.now();
  }

  /**
   * Opens a file and finds where to start: the stored offset when it is the same file (inode and
   * head fingerprint), where a rotated file was left when it shows up under a new name, else 0.
   * Returns null when the file cannot be opened (logged and counted).
   */
  static async open(
    path: string,
    opts: FileTailOptions,
    deps: FileTailDeps,
    /** catch-up: the state stored under the file's name before it was rotated; null when it does not match */
    from?: FileState,
  ): Promise<FileTail | null> {
    let fh: FileHandle;
    try {
      fh = await open(path, 'r');
    } catch (e) {
      reportOpenError(path, e, deps);
      return null;
    }
    try {
      const st = await fh.stat({ bigint: true });
      if (!st.isFile()) {
        await fh.close();
        return null;
      }
      const inode = String(st.ino);
      const size = Number(st.size);
      const head = await readHead(fh, Math.min(FINGERPRINT_BYTES, size));
      const fp = fingerprintOf(head);
      const matches = (st: FileState | null | undefined): st is FileState =>
        !!st && st.inode === inode && sameHead(head, st.fingerprint) && size >= st.offset;
      const log = deps.logger.child({ component: 'tailer', file: path });
      let start = { offset: 0, line: 1 };
      if (from) {
        if (!matches(from)) {
          await fh.close();
          return null;
        }
        start = { offset: from.offset, line: from.line };
      } else {
        const saved = await deps.offsets.get(path);
        const retired = deps.retired.get(inode);
        const base = matches(saved) ? null : rotationBase(path);
        const before = base ? await deps.offsets.get(base) : null;
        if (matches(saved)) {
          start = { offset: saved.offset, line: saved.line };
          log.info({ offset: saved.offset, line: saved.line }, `resuming ${path} at line ${saved.line}`);
        } else if (retired && sameHead(head, retired.fingerprint) && size >= retired.offset) {
          start = { offset: retired.offset, line: retired.line };
          log.info({ offset: retired.offset }, `${path} is a rotated file already read: continuing where it was left`);
        } else if (base && matches(before)) {
          start = { offset: before.offset, line: before.line };
          log.info({ offset: before.offset, from: base }, `${path} is ${base} rotated while stopped: continuing where it was left`);
        } else if (saved) {
          log.info({}, `${path} is not the file read before (rotated or replaced): reading it from the start`);
        }
      }
      const mtimeYear = new Date(Number(st.mtimeMs)).getUTCFullYear();
      return new FileTail(path, fh, inode, fp, start, mtimeYear, opts, deps);
    } catch (e) {
      await fh.close().catch(() => undefined);
      reportOpenError(path, e, deps);
      return null;
    }
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
    this.drainUntil = null;
    this.committed = { offset: -1, line: 0 }; // store the offset under the new name at the next commit
  }

  /** where a restart would resume now, and what is stored */
  position(): { path: string; inode: string; readPos: number; resume: number; committed: number } {
    return {
      path: this.path,
      inode: this.inode,
      readPos: this.readPos,
      resume: this.resume.offset,
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
    const at = { offset: this.resume.offset, line: this.resume.line };
    if (!this.batch.isEmpty()) {
      pending.push({ batch: this.batch.take(this.path, this.drainUntil === null ? at.offset : undefined), at });
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
    const { lines, skips } = this.splitter.end();
    this.batch.addSkips(skips, 'unreadable-line', this.deps.now());
    if (!(await this.frameLines(lines))) {
      return 'stopped';
    }
    if (!(await this.afterRead(true))) {
      return 'stopped';
    }
    this.deps.retired.add(this.inode, { fingerprint: this.fingerprint, offset: this.readPos, line: this.splitter.nextLine() });
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
      const { lines, skips } = this.splitter.push(bytesRead === want ? buf : buf.subarray(0, bytesRead));
      this.batch.addSkips(skips, 'unreadable-line', this.lastData);
      if (!(await this.frameLines(lines))) {
        return false;
      }
    }
    return !this.deps.signal.aborted;
  }

  private async frameLines(lines: readonly SplitLine[]): Promise<boolean> {
    if (lines.length > 0) {
      this.deps.metrics.linesRead('file', lines.length);
    }
    for (const l of lines) {
      if (this.framer) {
        this.frameLine(this.framer, l);
      } else {
        this.decided(this.chooser.offer(l));
      }
      if (this.batch.isFull() && !(await this.pushBatch())) {
        return false;
      }
    }
    return true;
  }

  private frameLine(framer: Framer, l: SplitLine): void {
    const items = framer.push(l.text, { source: this.path, line: l.line, offset: l.offset });
    const recs = this.batch.addItems(items, this.deps.now());
    this.resume.afterLine(l.line, l.offset, l.end, recs);
    this.framerDirty = true;
  }

  private decided(d: FormatDecision<SplitLine>): void {
    if (d.kind === 'pending') {
      return;
    }
    if (d.kind === 'chosen') {
      this.framer = d.module.createFramer(this.readerOptions);
      this.log.info({ format: d.module.name }, `reading ${this.path} as ${d.module.name}`);
      for (const l of d.replay) {
        this.frameLine(this.framer, l);
      }
      return;
    }
    const last = d.rejected[d.rejected.length - 1];
    this.batch.addSkips(
      d.rejected.map((l) => ({ where: `${this.path}:${l.line}`, why: 'not in a known log format' })),
      'no-format',
      this.deps.now(),
    );
    this.resume.allConsumed(last.end, last.line + 1);
    if (!this.warnedNoFormat) {
      this.warnedNoFormat = true;
      this.deps.metrics.errors('no-format');
      this.log.warn(
        { lines: d.rejected.length },
        `cannot tell the log format of ${this.path} from ${d.rejected.length} lines: skipping them (set the format to force one)`,
      );
    }
  }

  /** After reading: decide a pending format, flush a quiet framer, hand on a due batch, commit. */
  private async afterRead(final: boolean): Promise<boolean> {
    const now = this.deps.now();
    const quiet = final || now - this.lastData >= this.opts.idleFlushMs;
    if (quiet) {
      if (!this.framer) {
        this.decided(this.chooser.decideNow());
      }
      if (this.framer && this.framerDirty) {
        this.batch.addItems(this.framer.end(), now);
        this.framerDirty = false;
      }
      if (this.framer || this.chooser.holding() === 0) {
        this.resume.allConsumed(this.splitter.pendingOffset(), this.splitter.nextLine());
      }
    }
    if (!this.batch.isEmpty()) {
      if (quiet || this.batch.isFull() || this.batch.age(now) >= this.opts.batchWaitMs) {
        return this.pushBatch();
      }
      return true;
    }
    if (this.drainUntil === null) {
      await this.commit({ offset: this.resume.offset, line: this.resume.line });
    }
    return true;
  }

  /** Hands the batch to the sink, retrying with backoff while it refuses; then stores the offset. */
  private async pushBatch(): Promise<boolean> {
    const at = { offset: this.resume.offset, line: this.resume.line };
    const draining = this.drainUntil !== null;
    const batch: RecordBatch = this.batch.take(this.path, draining ? undefined : at.offset);
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
    if (this.framer && this.framerDirty) {
      this.batch.addItems(this.framer.end(), this.deps.now());
      this.framerDirty = false;
    }
    if (!this.batch.isEmpty() && !(await this.pushBatch())) {
      return false;
    }
    const head = await readHead(this.fh, FINGERPRINT_BYTES);
    this.fingerprint = fingerprintOf(head);
    this.splitter = this.newSplitter(0, 1);
    this.resume = new ResumePoint(0, 1);
    this.readPos = 0;
    this.lastHeadCheck = { size: -1, mtimeMs: -1 };
    await this.commit({ offset: 0, line: 1 });
    return true;
  }

  private newSplitter(offset: number, line: number): LineSplitter {
    return new LineSplitter({
      maxLineBytes: this.opts.reader.maxLineBytes,
      source: this.path,
      startOffset: offset,
      startLine: line,
    });
  }
}

/** true when `head` starts with the bytes the fingerprint was taken from */
function sameHead(head: Buffer, fp: string): boolean {
  const n = fingerprintLength(fp);
  return n !== null && head.length >= n && fingerprintOf(head.subarray(0, n)) === fp;
}

function reportOpenError(path: string, e: unknown, deps: FileTailDeps): void {
  const code = errCode(e);
  const log = deps.logger.child({ component: 'tailer', file: path });
  if (code === 'ENOENT') {
    return; // gone before we got to it: nothing to read
  }
  const now = deps.now();
  if (code === 'EACCES' || code === 'EPERM') {
    deps.metrics.errors('permission');
    deps.warnings.warn(`open:${path}`, log, now, { err: errText(e) }, `no permission to read ${path}: skipping it until it becomes readable`);
    return;
  }
  if (e instanceof StoreUnavailableError) {
    deps.metrics.errors('offset-store');
    deps.warnings.warn(
      `open:${path}`,
      log,
      now,
      { err: errText(e) },
      `cannot start tailing ${path}: its stored offset cannot be read (${errText(e)}); retried at the next scan`,
    );
    return;
  }
  deps.metrics.errors('read');
  deps.warnings.warn(`open:${path}`, log, now, { err: errText(e) }, `cannot open ${path}: ${errText(e)}`);
}

export function errCode(e: unknown): string | undefined {
  return typeof e === 'object' && e !== null && 'code' in e && typeof e.code === 'string' ? e.code : undefined;
}

export function errText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
