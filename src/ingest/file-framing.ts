import { LineSplitter, type SplitLine } from '../formats/line-splitter';
import type { Framer } from '../formats/reader';
import type { ReaderOptions } from '../formats/record';
import type { Logger } from '../log/logger';
import { BatchBuilder } from './batch-builder';
import { FormatChooser, type FormatDecision, type FormatRegistry } from './format-choice';
import type { IngestMetrics } from './ingest-metrics';
import { ResumePoint } from './resume-point';

/**
 * One file's bytes → framed records, without I/O: splits lines (keeping the partial last line),
 * picks the format, frames, collects the batch, and keeps the resume point (where a restart must
 * read again so that no record is lost). `FileTail` feeds it chunks and hands its batches on.
 */
export interface FileFramingOptions {
  format: string;
  reader: ReaderOptions;
  batchRecords: number;
  sampleLines: number;
  sampleBytes: number;
}

export interface FileFramingDeps {
  registry: FormatRegistry;
  metrics: IngestMetrics;
  logger: Logger;
  now(): number;
}

export class FileFraming {
  readonly batch: BatchBuilder;
  private framer: Framer | null = null;
  /** lines went into the framer since it was last ended */
  private framerDirty = false;
  private readonly chooser: FormatChooser<SplitLine>;
  private splitter: LineSplitter;
  private resume: ResumePoint;
  private warnedNoFormat = false;

  constructor(
    private path: string,
    start: { offset: number; line: number },
    private readonly opts: FileFramingOptions,
    private readonly deps: FileFramingDeps,
  ) {
    this.chooser = new FormatChooser(deps.registry, {
      format: opts.format,
      sampleLines: opts.sampleLines,
      sampleBytes: opts.sampleBytes,
    });
    this.batch = new BatchBuilder(deps.metrics, opts.batchRecords);
    this.splitter = this.newSplitter(start.offset, start.line);
    this.resume = new ResumePoint(start.offset, start.line);
  }

  /** the file is followed under a new name (renamed while tailed) */
  rename(path: string): void {
    this.path = path;
  }

  /** where a restart must resume reading, as of now */
  resumeAt(): { offset: number; line: number } {
    return { offset: this.resume.offset, line: this.resume.line };
  }

  /** the line number the next complete line gets */
  nextLine(): number {
    return this.splitter.nextLine();
  }

  /** bytes read → the complete lines among them (skips are counted into the batch) */
  split(chunk: Buffer): SplitLine[] {
    const { lines, skips } = this.splitter.push(chunk);
    this.batch.addSkips(skips, 'unreadable-line', this.deps.now());
    this.countLines(lines);
    return lines;
  }

  /** end of the file for good: its last line, even without a line break */
  splitEnd(): SplitLine[] {
    const { lines, skips } = this.splitter.end();
    this.batch.addSkips(skips, 'unreadable-line', this.deps.now());
    this.countLines(lines);
    return lines;
  }

  frame(l: SplitLine): void {
    if (this.framer) {
      this.frameWith(this.framer, l);
    } else {
      this.decided(this.chooser.offer(l));
    }
  }

  /**
   * The file is quiet (or ended): decide a pending format on what is held, and hand on the
   * record the framer holds open; everything read as complete lines is then consumed.
   *
   * With `unfinishedToo` false, an open record that is not finished by its format's own rules
   * (`Framer.holdsUnfinished`: no closing separator, Content-Length not met) stays open: its
   * writer only paused, and the rest must join it. The resume point then stays at its start.
   * Returns false when such a record was kept.
   */
  flushQuiet(unfinishedToo = true): boolean {
    if (!this.framer) {
      this.decided(this.chooser.decideNow());
    }
    if (this.framer && this.framerDirty) {
      if (!unfinishedToo && this.framer.holdsUnfinished?.() === true) {
        return false;
      }
      this.batch.addItems(this.framer.end(), this.deps.now());
      this.framerDirty = false;
    }
    if (this.framer || this.chooser.holding() === 0) {
      this.resume.allConsumed(this.splitter.pendingOffset(), this.splitter.nextLine());
    }
    return true;
  }

  /** the framer holds an open record that is not finished by its own rules */
  holdsUnfinished(): boolean {
    return this.framer !== null && this.framerDirty && this.framer.holdsUnfinished?.() === true;
  }

  /** the file starts over (truncated or rewritten; `flushQuiet` first): lines count from 1 again */
  restart(): void {
    this.splitter = this.newSplitter(0, 1);
    this.resume = new ResumePoint(0, 1);
  }

  private countLines(lines: readonly SplitLine[]): void {
    if (lines.length > 0) {
      this.deps.metrics.linesRead('file', lines.length);
    }
  }

  private frameWith(framer: Framer, l: SplitLine): void {
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
      const framer = d.module.createFramer(this.opts.reader);
      this.framer = framer;
      this.deps.logger.info({ format: d.module.name }, `reading ${this.path} as ${d.module.name}`);
      for (const l of d.replay) {
        this.frameWith(framer, l);
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
      this.deps.logger.warn(
        { lines: d.rejected.length },
        `cannot tell the log format of ${this.path} from ${d.rejected.length} lines: skipping them (set the format to force one)`,
      );
    }
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
