/**
 * Splits a syslog TCP stream into messages (RFC 6587). The framing is detected per connection
 * from the first byte of a frame and again after a framing error:
 *
 *   octet counting   `123 <133>[S=…]…`        a decimal length, a space, that many bytes
 *   newline framing  `<133>[S=…]…\n`           one message per line; a line without `<PRI>`
 *                                               continues the message before it (a record with
 *                                               real line breaks sent by a non-transparent sender)
 *
 * Memory is bounded: a frame longer than `maxMessageBytes` is skipped as it streams by, without
 * being buffered. Pure: no I/O, no clock (the caller calls `flush()` when the line has been quiet).
 */

export interface TcpSkip {
  why: 'too-long' | 'bad-frame';
  bytes: number;
}

export interface TcpFrames {
  messages: Buffer[];
  skips: TcpSkip[];
}

type Mode = 'detect' | 'octet-length' | 'octet-body' | 'octet-discard' | 'line' | 'line-discard';

const LF = 10;
const MAX_LENGTH_DIGITS = 10;

export class TcpSyslogDecoder {
  private mode: Mode = 'detect';
  private readonly maxBytes: number;
  /** octet counting: the length read so far, and the bytes still to take or to discard */
  private lengthDigits = 0;
  private length = 0;
  private remaining = 0;
  /** pieces of the frame or line being collected */
  private parts: Buffer[] = [];
  private partBytes = 0;
  /** newline framing: the last complete message, held until we know no continuation line follows */
  private held: Buffer[] = [];
  private heldBytes = 0;
  private discarded = 0;
  private discardWhy: TcpSkip['why'] = 'too-long';
  /** this connection frames by newline: stay so (continuation lines may start with anything) */
  private newlineFraming = false;

  constructor(opts: { maxMessageBytes: number }) {
    this.maxBytes = opts.maxMessageBytes;
  }

  /** the framing found on this connection so far */
  framing(): 'octet-counting' | 'newline' | 'unknown' {
    if (this.newlineFraming) {
      return 'newline';
    }
    return this.mode === 'detect' || this.mode === 'line-discard' ? 'unknown' : 'octet-counting';
  }

  push(chunk: Buffer): TcpFrames {
    const out: TcpFrames = { messages: [], skips: [] };
    let i = 0;
    while (i < chunk.length) {
      switch (this.mode) {
        case 'detect': {
          const c = chunk[i];
          if (c === LF || c === 13 || c === 32 || c === 0) {
            i++; // stray separators between frames
          } else if (c >= 48 && c <= 57) {
            this.mode = 'octet-length';
            this.lengthDigits = 0;
            this.length = 0;
          } else {
            this.mode = 'line';
            this.newlineFraming = true;
          }
          break;
        }
        case 'octet-length': {
          const c = chunk[i];
          if (c >= 48 && c <= 57 && this.lengthDigits < MAX_LENGTH_DIGITS) {
            this.length = this.length * 10 + (c - 48);
            this.lengthDigits++;
            i++;
          } else if (c === 32 && this.lengthDigits > 0) {
            i++;
            if (this.length > this.maxBytes) {
              this.mode = 'octet-discard';
              this.remaining = this.length;
              this.discarded = 0;
            } else {
              this.mode = 'octet-body';
              this.remaining = this.length;
            }
            if (this.length === 0) {
              this.finishOctet(out);
            }
          } else {
            // not a length: skip to the end of the line and detect the framing again
            this.mode = 'line-discard';
            this.discardWhy = 'bad-frame';
            this.discarded = this.lengthDigits;
          }
          break;
        }
        case 'octet-body':
        case 'octet-discard': {
          const take = Math.min(this.remaining, chunk.length - i);
          if (this.mode === 'octet-body') {
            this.parts.push(chunk.subarray(i, i + take));
            this.partBytes += take;
          } else {
            this.discarded += take;
          }
          this.remaining -= take;
          i += take;
          if (this.remaining === 0) {
            this.finishOctet(out);
          }
          break;
        }
        case 'line':
        case 'line-discard': {
          const lf = chunk.indexOf(LF, i);
          const end = lf < 0 ? chunk.length : lf;
          if (this.mode === 'line') {
            if (this.partBytes + (end - i) > this.maxBytes) {
              this.mode = 'line-discard';
              this.discardWhy = 'too-long';
              this.discarded = this.partBytes + (end - i);
              this.parts = [];
              this.partBytes = 0;
            } else if (end > i) {
              this.parts.push(chunk.subarray(i, end));
              this.partBytes += end - i;
            }
          } else {
            this.discarded += end - i;
          }
          i = end;
          if (lf >= 0) {
            i = lf + 1;
            this.finishLine(out);
          }
          break;
        }
      }
    }
    return out;
  }

  /** The connection was quiet or closed: hand on the message held for continuation lines. */
  flush(): TcpFrames {
    const out: TcpFrames = { messages: [], skips: [] };
    this.releaseHeld(out);
    return out;
  }

  /** The connection closed: hand on everything complete, count what was cut. */
  end(): TcpFrames {
    const out: TcpFrames = { messages: [], skips: [] };
    if (this.mode === 'line' && this.partBytes > 0) {
      this.finishLine(out);
    } else if (this.mode === 'octet-body' || this.mode === 'octet-discard' || this.mode === 'line-discard') {
      const why = this.mode === 'octet-body' ? 'bad-frame' : this.mode === 'line-discard' ? this.discardWhy : 'too-long';
      out.skips.push({ why, bytes: this.partBytes + this.discarded });
    }
    this.releaseHeld(out);
    this.parts = [];
    this.partBytes = 0;
    this.mode = 'detect';
    this.newlineFraming = false;
    return out;
  }

  private finishOctet(out: TcpFrames): void {
    if (this.mode === 'octet-discard') {
      out.skips.push({ why: 'too-long', bytes: this.discarded });
    } else {
      out.messages.push(this.takeParts());
    }
    this.mode = 'detect';
  }

  private finishLine(out: TcpFrames): void {
    const wasDiscarding = this.mode === 'line-discard';
    this.mode = this.newlineFraming ? 'line' : 'detect';
    if (wasDiscarding) {
      out.skips.push({ why: this.discardWhy, bytes: this.discarded });
      return;
    }
    const line = this.takeParts();
    const startsWithPri = line.length > 1 && line[0] === 60 && line[1] >= 48 && line[1] <= 57;
    if (line.length === 0 && this.heldBytes === 0) {
      return;
    }
    if (startsWithPri || this.heldBytes === 0) {
      this.releaseHeld(out);
      this.held = [line];
      this.heldBytes = line.length;
      return;
    }
    // a continuation line of the held message
    if (this.heldBytes + 1 + line.length > this.maxBytes) {
      out.skips.push({ why: 'too-long', bytes: this.heldBytes + 1 + line.length });
      this.held = [];
      this.heldBytes = 0;
      return;
    }
    this.held.push(NEWLINE, line);
    this.heldBytes += 1 + line.length;
  }

  private releaseHeld(out: TcpFrames): void {
    if (this.heldBytes > 0) {
      out.messages.push(this.held.length === 1 ? this.held[0] : Buffer.concat(this.held, this.heldBytes));
    }
    this.held = [];
    this.heldBytes = 0;
  }

  private takeParts(): Buffer {
    const b = this.parts.length === 1 ? this.parts[0] : Buffer.concat(this.parts, this.partBytes);
    this.parts = [];
    this.partBytes = 0;
    return b;
  }

  /** bytes held in memory for this connection */
  bufferedBytes(): number {
    return this.partBytes + this.heldBytes;
  }
}

const NEWLINE = Buffer.from('\n');
