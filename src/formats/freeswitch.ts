/**
 * FreeSWITCH sofia siptrace (`sofia global siptrace on`):
 *
 *   recv 1141 bytes from udp/[10.26.0.81]:5060 at 19:34:41.657063:
 *      ------------------------------------------------------------------------
 *      INVITE sip:*97@pbx.example.com;user=phone SIP/2.0
 *      Via: SIP/2.0/UDP 10.26.0.81;branch=…
 *      …
 *      ------------------------------------------------------------------------
 *   send 310 bytes to udp/[10.26.0.81]:5060 at 19:34:41.658013:
 *
 * The SIP text is indented by 3 spaces between two dashed lines. Also read: ANSI colour escapes
 * (`ESC[32m`), a `YYYY-MM-DD hh:mm:ss.micro [LEVEL] ` log prefix, and a Call-ID (or any word)
 * printed before `recv`/`send` and repeated at the start of every line of the message (as
 * 2600hz's sipify.sh does). Only the remote address is printed.
 * Time: the frame has only a time of day. The date is the log prefix's when there is one, else the
 * collector's receive date (syslog), else 1 January of opts.year; a time earlier than the one
 * before by more than 12 hours moves to the next day. Zone: opts.tz.
 */
import type { FormatModule, FramerItem } from './reader';
import type { LineMeta, ReaderOptions } from './record';
import { createSingleMessageAssembler } from './single-message-assembler';
import { PendingMessage, TimeOfDayDater, ZoneClock, whereAt } from './framer-support';
import { LineFramer } from './line-framer';

const FRAME_RE =
  /^(?:(\d{4})-(\d{2})-(\d{2}) \d{2}:\d{2}:\d{2}(?:\.\d+)? (?:\[[A-Z]+\] )?)?(?:(\S+) +)?(recv|send) (\d+) bytes (from|to) ([A-Za-z]+)\/(\S+) at (\d{1,2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?:?\s*$/;
// eslint-disable-next-line no-control-regex
const ANSI_RE = /\x1b\[[0-9;?]*[A-Za-z]/g;

function stripAnsi(line: string): string {
  return line.indexOf('\x1b') >= 0 ? line.replace(ANSI_RE, '') : line;
}

function isDashLine(s: string): boolean {
  let i = 0;
  while (i < s.length && s.charCodeAt(i) === 32) {
    i++;
  }
  let dashes = 0;
  while (i < s.length && s.charCodeAt(i) === 45) {
    i++;
    dashes++;
  }
  while (i < s.length && (s.charCodeAt(i) === 32 || s.charCodeAt(i) === 13)) {
    i++;
  }
  return dashes >= 20 && i === s.length;
}

/** `udp/[10.26.0.81]:5060` → `10.26.0.81:5060`; IPv6 keeps its brackets. */
function remoteOf(addr: string): string {
  if (addr.charCodeAt(0) !== 91) {
    return addr;
  }
  const close = addr.indexOf(']');
  if (close < 0) {
    return addr;
  }
  const host = addr.slice(1, close);
  return host.includes(':') ? addr : `${host}${addr.slice(close + 1)}`;
}

interface FsFrame {
  date?: [number, number, number];
  prefix?: string;
  direction: 'in' | 'out';
  bytes: string;
  transport: string;
  remote: string;
  tod: [number, number, number, number];
}

export function parseFreeswitchFrame(line: string): FsFrame | null {
  if (line.length > 600 || line.indexOf(' bytes ') < 0) {
    return null;
  }
  const m = FRAME_RE.exec(line);
  if (!m) {
    return null;
  }
  const f: FsFrame = {
    direction: m[5] === 'recv' ? 'in' : 'out',
    bytes: m[6],
    transport: m[8].toUpperCase(),
    remote: remoteOf(m[9]),
    tod: [Number(m[10]), Number(m[11]), Number(m[12]), m[13] ? Number(m[13].slice(0, 3).padEnd(3, '0')) : 0],
  };
  if (m[1] !== undefined) {
    f.date = [Number(m[1]), Number(m[2]), Number(m[3])];
  }
  if (m[4] !== undefined) {
    f.prefix = m[4];
  }
  return f;
}

class FreeswitchFramer extends LineFramer {
  readonly format = 'freeswitch' as const;
  /** the opening dashed line of the pending message was seen */
  private inside = false;
  /** repeated at the start of every line of the message being read */
  private linePrefix: string | null = null;
  /** indentation of the message being read; -1 until its first line */
  private indent = -1;

  private readonly clock: ZoneClock;
  private readonly dater: TimeOfDayDater;

  constructor(opts: ReaderOptions) {
    super(opts);
    this.clock = new ZoneClock(opts.tz);
    this.dater = new TimeOfDayDater(this.clock, opts.year);
  }

  private timeOf(f: FsFrame, meta: LineMeta): number {
    const [h, mi, sec, ms] = f.tod;
    if (f.date) {
      return this.clock.toUtc({ year: f.date[0], month: f.date[1], day: f.date[2], hour: h, minute: mi, second: sec, ms });
    }
    return this.dater.toUtc(h, mi, sec, ms, meta.receivedAt);
  }

  protected pushLine(rawLine: string, meta: LineMeta, sub: number, out: FramerItem[]): void {
    let line = stripAnsi(rawLine);
    const frame = line.indexOf(' bytes ') > 0 ? parseFreeswitchFrame(line) : null;
    if (frame) {
      this.close(out);
      this.junk.flush(out);
      this.linePrefix = frame.prefix !== undefined ? `${frame.prefix} ` : null;
      const attrs: Record<string, string> = {
        direction: frame.direction,
        remote: frame.remote,
        transport: frame.transport,
        bytes: frame.bytes,
      };
      this.pending = new PendingMessage(
        { where: whereAt(meta, sub), line: meta.line, time: this.timeOf(frame, meta), device: meta.sender ?? meta.source, attrs },
        true,
      );
      this.pending.touch(rawLine, meta);
      this.inside = false;
      this.indent = -1;
      return;
    }
    const p = this.pending;
    if (p) {
      if (this.linePrefix !== null && line.startsWith(this.linePrefix)) {
        line = line.slice(this.linePrefix.length);
      }
      if (isDashLine(line)) {
        p.touch(rawLine, meta);
        if (this.inside) {
          this.close(out);
        } else {
          this.inside = true;
        }
        return;
      }
      // the trace indents the message (3 spaces): as much as its first line has, up to 3
      if (this.indent < 0 && line.trim().length > 0) {
        this.indent = line.startsWith('   ') ? 3 : line.startsWith('  ') ? 2 : line.startsWith(' ') ? 1 : 0;
      }
      let cut = 0;
      while (cut < this.indent && line.charCodeAt(cut) === 32) {
        cut++;
      }
      if (p.push(cut > 0 ? line.slice(cut) : line, meta)) {
        return;
      }
      // another start line without dashes in between: a new message of the same trace
      this.close(out);
    }
    this.junkLine(line, meta, sub);
  }

  /** a frame ends at its closing dashed line: until it comes it may still be being written */
  override holdsUnfinished(): boolean {
    return this.pending !== null;
  }

  protected close(out: FramerItem[]): void {
    const p = this.pending;
    this.pending = null;
    this.inside = false;
    this.linePrefix = null;
    this.indent = -1;
    p?.finish('freeswitch', out, { emptyWhy: 'siptrace frame without a message' });
  }
}

function sniff(lines: readonly string[]): number {
  const n = Math.min(lines.length, 200);
  let frames = 0;
  let dashes = 0;
  for (let i = 0; i < n; i++) {
    const l = stripAnsi(lines[i]);
    if (parseFreeswitchFrame(l)) {
      frames++;
    } else if (l.indexOf('--------------------') >= 0) {
      dashes++;
    }
  }
  if (frames === 0) {
    return 0;
  }
  return dashes > 0 ? 0.95 : 0.8;
}

export const freeswitchFormat: FormatModule = {
  name: 'freeswitch',
  sniff,
  createFramer: (opts) => new FreeswitchFramer(opts),
  createAssembler: createSingleMessageAssembler,
};
