/**
 * Bytes → lines, for files of any size and for the tailer. Keeps a partial last line until it is
 * complete, hands on every line with its number and byte offsets, and never buffers a line longer
 * than `maxLineBytes`: such a line is skipped (counted, with where and why) while its bytes stream
 * past. Invalid UTF-8 becomes U+FFFD; NUL bytes make a line binary junk, skipped and counted.
 * Pure: fed Buffers, returns values.
 */
import { isAscii } from 'node:buffer';
import type { Skip } from './record';

export interface SplitLine {
  /** the line without its line break (`\r\n` or `\n`) */
  text: string;
  /** 1-based line number */
  line: number;
  /** byte offset of the line's first byte */
  offset: number;
  /** byte offset just past the line break */
  end: number;
}

export interface SplitResult {
  lines: SplitLine[];
  skips: Skip[];
}

/** receives each complete line: its text (no line break), 1-based number, first byte's offset, offset past the break */
export type LineSink = (text: string, line: number, offset: number, end: number) => void;

export interface LineSplitterOptions {
  maxLineBytes: number;
  /** name used in `where` of skips (`file:line`) */
  source?: string;
  /** resume: the byte offset and line number where this stream starts */
  startOffset?: number;
  startLine?: number;
}

const NL = 0x0a;
const CR = 0x0d;

export class LineSplitter {
  private readonly max: number;
  private readonly source: string;
  private readonly decoder = new TextDecoder('utf-8');
  /** bytes of the current partial line */
  private parts: Buffer[] = [];
  private partLen = 0;
  /** the current line is too long: its bytes are being skipped until the next line break */
  private overflowing = false;
  private lineStart: number;
  private pos: number;
  private lineNo: number;
  /** where `pushEach` hands lines on (null: into the result of `push`) */
  private sink: LineSink | null = null;

  constructor(opts: LineSplitterOptions) {
    this.max = opts.maxLineBytes;
    this.source = opts.source ?? 'input';
    this.pos = opts.startOffset ?? 0;
    this.lineStart = this.pos;
    this.lineNo = opts.startLine ?? 1;
  }

  /** offset of the first byte not yet handed on as part of a complete line */
  pendingOffset(): number {
    return this.lineStart;
  }

  /** the number the next complete line will get */
  nextLine(): number {
    return this.lineNo;
  }

  push(chunk: Buffer): SplitResult {
    const out: SplitResult = { lines: [], skips: [] };
    let from = 0;
    /** the first NUL byte at or after `from`, -1 when there is none */
    let nul = chunk.indexOf(0);
    // an all-ASCII chunk (the usual log) is read as Latin-1: the same text, without UTF-8 decoding
    const ascii = isAscii(chunk);
    while (from < chunk.length) {
      const nl = chunk.indexOf(NL, from);
      const stop = nl === -1 ? chunk.length : nl;
      if (nl !== -1 && this.partLen === 0 && !this.overflowing && stop - from <= this.max) {
        // the whole line is in this chunk: read it in place
        if (nul !== -1 && nul < from) {
          nul = chunk.indexOf(0, from);
        }
        this.pos += nl + 1 - from;
        this.wholeLine(chunk, from, stop, nul !== -1 && nul < stop, ascii, out);
        from = nl + 1;
        continue;
      }
      this.take(chunk, from, stop, out);
      if (nl === -1) {
        this.pos += chunk.length - from;
        break;
      }
      this.pos += nl + 1 - from;
      this.finishLine(out);
      from = nl + 1;
    }
    return out;
  }

  /**
   * Like `push`, with each line handed to `onLine` as soon as it is cut instead of gathered with the
   * chunk's other lines: a line can then die with its record before the next is cut (lines held
   * for a whole chunk are what the garbage collector copies). Same lines and skips, in the same
   * order as `push` then its result: a chunk that may yield a skip (a NUL byte, a line that may
   * grow too long) is read whole first and its skips handed on before its lines.
   */
  pushEach(chunk: Buffer, onLine: LineSink, onSkip: (skip: Skip) => void): void {
    if (this.overflowing || this.partLen + chunk.length > this.max || chunk.indexOf(0) !== -1 || this.partsHoldNul()) {
      const r = this.push(chunk);
      for (const s of r.skips) {
        onSkip(s);
      }
      for (const l of r.lines) {
        onLine(l.text, l.line, l.offset, l.end);
      }
      return;
    }
    this.sink = onLine;
    try {
      this.push(chunk);
    } finally {
      this.sink = null;
    }
  }

  private partsHoldNul(): boolean {
    for (const p of this.parts) {
      if (p.indexOf(0) !== -1) {
        return true;
      }
    }
    return false;
  }

  /** A complete line `chunk[from, stop)` (without its LF) that was not split across chunks. */
  private wholeLine(chunk: Buffer, from: number, stop: number, hasNul: boolean, ascii: boolean, out: SplitResult): void {
    if (stop > from && chunk[stop - 1] === CR) {
      stop--;
    }
    if (hasNul) {
      out.skips.push({ where: `${this.source}:${this.lineNo}`, why: 'binary data (NUL bytes) skipped' });
    } else {
      const text = ascii ? chunk.toString('latin1', from, stop) : this.decoder.decode(chunk.subarray(from, stop));
      this.hand(text, out);
    }
    this.lineNo += 1;
    this.lineStart = this.pos;
  }

  private hand(text: string, out: SplitResult): void {
    if (this.sink !== null) {
      this.sink(text, this.lineNo, this.lineStart, this.pos);
    } else {
      out.lines.push({ text, line: this.lineNo, offset: this.lineStart, end: this.pos });
    }
  }

  /** end of input: a last line without a line break is handed on too */
  end(): SplitResult {
    const out: SplitResult = { lines: [], skips: [] };
    if (this.partLen > 0 || this.overflowing) {
      this.finishLine(out);
    }
    return out;
  }

  private take(chunk: Buffer, from: number, stop: number, out: SplitResult): void {
    if (this.overflowing || stop === from) {
      return;
    }
    if (this.partLen + (stop - from) > this.max) {
      this.overflowing = true;
      this.parts = [];
      this.partLen = 0;
      void out;
      return;
    }
    // copy: the caller may reuse its buffer
    this.parts.push(Buffer.from(chunk.subarray(from, stop)));
    this.partLen += stop - from;
  }

  private finishLine(out: SplitResult): void {
    const where = `${this.source}:${this.lineNo}`;
    if (this.overflowing) {
      out.skips.push({ where, why: `line longer than ${this.max} bytes skipped` });
    } else {
      let buf = this.parts.length === 1 ? this.parts[0] : Buffer.concat(this.parts, this.partLen);
      if (buf.length > 0 && buf[buf.length - 1] === CR) {
        buf = buf.subarray(0, buf.length - 1);
      }
      if (buf.indexOf(0) !== -1) {
        out.skips.push({ where, why: 'binary data (NUL bytes) skipped' });
      } else {
        this.hand(this.decoder.decode(buf), out);
      }
    }
    this.parts = [];
    this.partLen = 0;
    this.overflowing = false;
    this.lineNo += 1;
    this.lineStart = this.pos;
  }
}
