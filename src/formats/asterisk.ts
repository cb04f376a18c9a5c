/**
 * Asterisk `pjsip set logger on` (console or /var/log/asterisk/full):
 *
 *   [2026-11-23 10:00:01.712] VERBOSE[1234] res_pjsip_logger.c: <--- Received SIP request (1013 bytes) from UDP:203.0.113.10:5060 --->
 *   INVITE sip:+4940… SIP/2.0
 *   …
 *   <blank>                                (two after a message without body)
 *   <--- Transmitting SIP response (310 bytes) to TLS:[2001:db8::1]:5061 --->
 *
 * The `[time] LEVEL[tid]… file.c: ` prefix is optional (console output has none: time null).
 * Times: `[Nov 23 10:00:01]` (opts.year, Dec → Jan roll-over) or `[2026-11-23 10:00:01.712]`,
 * both in opts.tz; a time-only dateformat `[10:00:01]` is dated like FreeSWITCH (TimeOfDayDater:
 * the collector's date, else 1 January of opts.year, next day when the time goes back). Only the remote address is printed. chan_sip's `<--- SIP read from UDP:ip:port --->`
 * / `<--- Transmitting (NAT) to ip:port --->` … `<------------->` is read too. A message ends when
 * its Content-Length is met, at the next frame, or at the next prefixed log line; verbose lines
 * between messages (`    -- Executing …`, `  == …`) are counted skips.
 */
import type { FormatModule, FramerItem } from './reader';
import type { LineMeta, ReaderOptions } from './record';
import { createSingleMessageAssembler } from './single-message-assembler';
import { PendingMessage, TimeOfDayDater, ZoneClock, whereAt } from './framer-support';
import { LineFramer } from './line-framer';
import { MONTHS, YearTracker } from './time';

const PJSIP_RE = /<--- (Received|Transmitting) SIP (request|response) \((\d+) bytes\) (from|to) ([A-Za-z]+):(\S+) --->/;
const CHAN_SIP_READ_RE = /<--- SIP read from ([A-Za-z]+):(\S+) --->/;
const CHAN_SIP_SEND_RE = /<--- (?:Reliably )?Transmitting (?:\([^)]*\) )?to (\S+) --->/;
const LOG_PREFIX_RE = /^\[([^\]]{8,40})\] [A-Z_]+\[\d+\]/;
const BSD_TIME_RE = /^([A-Z][a-z]{2}) +(\d{1,2}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?$/;
const TIME_ONLY_RE = /^(\d{2}):(\d{2}):(\d{2})(?:[.,](\d{1,6}))?$/;
const ISO_TIME_RE = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:[.,](\d{1,6}))?$/;

interface AsteriskFrame {
  direction: 'in' | 'out';
  transport?: string;
  remote: string;
  bytes?: string;
}

export function parseAsteriskFrame(line: string): AsteriskFrame | null {
  const at = line.indexOf('<--- ');
  if (at < 0 || line.length > 600) {
    return null;
  }
  const s = line.slice(at);
  const m = PJSIP_RE.exec(s);
  if (m) {
    return { direction: m[1] === 'Received' ? 'in' : 'out', transport: m[5].toUpperCase(), remote: m[6], bytes: m[3] };
  }
  const r = CHAN_SIP_READ_RE.exec(s);
  if (r) {
    return { direction: 'in', transport: r[1].toUpperCase(), remote: r[2] };
  }
  const t = CHAN_SIP_SEND_RE.exec(s);
  if (t) {
    return { direction: 'out', remote: t[1] };
  }
  return null;
}

function isChanSipEnd(line: string): boolean {
  const t = line.trim();
  return t.length >= 5 && t.length < 40 && t.startsWith('<---') && t.endsWith('>') && /^<-+>$/.test(t);
}

function parseLogTime(stamp: string, clock: ZoneClock, years: YearTracker, dater: TimeOfDayDater, receivedAt?: number): number | null {
  const b = BSD_TIME_RE.exec(stamp);
  if (b) {
    const month = MONTHS[b[1].toLowerCase()];
    if (month === undefined) {
      return null;
    }
    const ms = b[6] ? Number(b[6].slice(0, 3).padEnd(3, '0')) : 0;
    return clock.toUtc({ year: years.yearFor(month), month, day: Number(b[2]), hour: Number(b[3]), minute: Number(b[4]), second: Number(b[5]), ms });
  }
  const i = ISO_TIME_RE.exec(stamp);
  if (i) {
    const ms = i[7] ? Number(i[7].slice(0, 3).padEnd(3, '0')) : 0;
    return clock.toUtc({ year: Number(i[1]), month: Number(i[2]), day: Number(i[3]), hour: Number(i[4]), minute: Number(i[5]), second: Number(i[6]), ms });
  }
  const t = TIME_ONLY_RE.exec(stamp);
  if (t) {
    return dater.toUtc(Number(t[1]), Number(t[2]), Number(t[3]), t[4] ? Number(t[4].slice(0, 3).padEnd(3, '0')) : 0, receivedAt);
  }
  return null;
}

class AsteriskFramer extends LineFramer {
  readonly format = 'asterisk' as const;
  private readonly years: YearTracker;
  private readonly clock: ZoneClock;
  private readonly dater: TimeOfDayDater;

  constructor(opts: ReaderOptions) {
    super(opts);
    this.years = new YearTracker(opts.year);
    this.clock = new ZoneClock(opts.tz);
    this.dater = new TimeOfDayDater(this.clock, opts.year);
  }

  protected pushLine(line: string, meta: LineMeta, sub: number, out: FramerItem[]): void {
    const frame = line.indexOf('<--- ') >= 0 ? parseAsteriskFrame(line) : null;
    if (frame) {
      this.close(out);
      this.junk.flush(out);
      const prefix = LOG_PREFIX_RE.exec(line);
      const attrs: Record<string, string> = { direction: frame.direction, remote: frame.remote };
      if (frame.transport !== undefined) {
        attrs.transport = frame.transport;
      }
      if (frame.bytes !== undefined) {
        attrs.bytes = frame.bytes;
      }
      this.pending = new PendingMessage(
        {
          where: whereAt(meta, sub),
          line: meta.line,
          time: prefix ? parseLogTime(prefix[1], this.clock, this.years, this.dater, meta.receivedAt) : null,
          device: meta.sender ?? meta.source,
          attrs,
        },
        false,
      );
      this.pending.touch(line, meta);
      return;
    }
    if (isChanSipEnd(line)) {
      this.pending?.touch(line, meta);
      this.close(out);
      return;
    }
    const other = line.charCodeAt(0) === 91 ? LOG_PREFIX_RE.exec(line) : null;
    if (other) {
      // another log entry: the message being read is over
      this.close(out);
      this.junk.flush(out);
      this.junk.add(line.slice(other[0].length).replace(/^\[[^\]]*\]/, ''), meta, sub);
      return;
    }
    if (this.continueMessage(line, meta, out)) {
      return;
    }
    this.junkLine(line, meta, sub);
  }

  protected close(out: FramerItem[]): void {
    const p = this.pending;
    this.pending = null;
    p?.finish('asterisk', out, { emptyWhy: 'SIP logger frame without a message' });
  }
}

function sniff(lines: readonly string[]): number {
  const n = Math.min(lines.length, 200);
  let hits = 0;
  for (let i = 0; i < n; i++) {
    if (lines[i].indexOf('<--- ') >= 0 && parseAsteriskFrame(lines[i])) {
      hits++;
    }
  }
  return hits > 0 ? 0.95 : 0;
}

export const asteriskFormat: FormatModule = {
  name: 'asterisk',
  sniff,
  createFramer: (opts) => new AsteriskFramer(opts),
  createAssembler: createSingleMessageAssembler,
};
