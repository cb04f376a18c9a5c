/**
 * The frame every single-message framer (Ribbon, Oracle, Cisco, Asterisk, FreeSWITCH, plain SIP)
 * shares: each pushed string is split into physical lines, a line over `maxLineBytes` is a counted
 * skip (and cuts the message being read), every other line goes to the vendor's `pushLine`; at the
 * end the message being read is closed and a pending run of non-SIP lines is counted.
 */
import type { Framer, FramerItem } from './reader';
import type { FormatName, LineMeta, ReaderOptions } from './record';
import { JunkRun, PendingMessage, forEachLine, tooLong, tooLongSkip, whereAt } from './framer-support';

export abstract class LineFramer implements Framer {
  abstract readonly format: FormatName;
  /** the message being read */
  protected pending: PendingMessage | null = null;
  /** lines that are not part of a SIP record, reported as one skip per run */
  protected readonly junk = new JunkRun();

  constructor(protected readonly opts: ReaderOptions) {}

  push(input: string, meta: LineMeta): FramerItem[] {
    const out: FramerItem[] = [];
    forEachLine(input, (raw, sub) => {
      const line = this.lineOf(raw);
      if (tooLong(line, this.opts.maxLineBytes)) {
        out.push(tooLongSkip(whereAt(meta, sub), line, this.opts.maxLineBytes));
        this.pending?.builder.markCut();
        return;
      }
      this.pushLine(line, meta, sub, out);
    });
    return out;
  }

  end(): FramerItem[] {
    const out: FramerItem[] = [];
    this.close(out);
    this.junk.flush(out);
    return out;
  }

  /**
   * A message is being read and its text is not complete yet (Content-Length not met, or none
   * given). Framers whose records end at a separator say so themselves.
   */
  holdsUnfinished(): boolean {
    const p = this.pending;
    return p !== null && !p.builder.complete;
  }

  /**
   * Offers the line to the message being read: true when it took it (and the message is closed once
   * complete); false when there is none or the line is not part of it (the message is closed then).
   */
  protected continueMessage(line: string, meta: LineMeta, out: FramerItem[]): boolean {
    const p = this.pending;
    if (!p) {
      return false;
    }
    if (p.push(line, meta)) {
      if (p.builder.complete) {
        this.close(out);
      }
      return true;
    }
    this.close(out);
    return false;
  }

  /** a line outside any record: blank ones are passed over, others join the run of junk */
  protected junkLine(line: string, meta: LineMeta, sub: number): void {
    if (line.trim().length > 0) {
      this.junk.add(line, meta, sub);
    }
  }

  /** the line as the vendor's framing reads it (e.g. without a syslog PRI) */
  protected lineOf(raw: string): string {
    return raw;
  }

  /** one line of at most maxLineBytes */
  protected abstract pushLine(line: string, meta: LineMeta, sub: number, out: FramerItem[]): void;

  /** hands on the message being read, if any, and forgets it */
  protected abstract close(out: FramerItem[]): void;
}
