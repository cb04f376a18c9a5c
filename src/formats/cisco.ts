/**
 * Cisco CUBE `debug ccsip messages`:
 *
 *   661105: Dec  9 07:18:47.029: //2113420/C544D4800002/SIP/Msg/ccsipDisplayMsg:
 *   Sent:
 *   SIP/2.0 100 Trying
 *   Via: SIP/2.0/UDP 10.1.1.1:5060;branch=…
 *   …
 *
 * Sequence number optional; time forms `Dec  9 07:18:47.029`, `*Mar 18 09:09:28.099` (clock not
 * synced), `Dec  1 07:44:25.204 CST`, with year `Dec  9 2026 07:18:47.029`. No year or zone: opts
 * (Dec → Jan roll-over); a zone word other than UTC/GMT is ignored in favour of opts.tz.
 * `//<ccapi call id>/<GUID>/`: the GUID is shared by both legs and is the session key; `//-1/`
 * (or an all-x GUID) is not a call, the SIP Call-ID is the key then. Through syslog every line
 * may arrive as its own datagram with a `<PRI>` prefix, which is dropped. The log prints no
 * addresses: the remote is guessed from Via / Route / Request-URI / Contact (remote-hint.ts).
 * A message ends at the next timestamped debug line, or as soon as its Content-Length is met.
 * Web copies that put a blank line after every header do not end a message early.
 */
import type { FormatModule, FramerItem } from './reader';
import type { LineMeta, ReaderOptions } from './record';
import { createSingleMessageAssembler } from './single-message-assembler';
import { PendingMessage, ZoneClock, whereAt } from './framer-support';
import { LineFramer } from './line-framer';
import { inferRemote } from './remote-hint';
import { MONTHS, YearTracker } from './time';

const MARK = '/SIP/Msg/ccsipDisplayMsg:';
const HEADER_RE =
  /(?:(\d+): )?([*.])?([A-Z][a-z]{2}) +(\d{1,2})(?: (\d{4}))? (\d{1,2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?(?: ([A-Za-z]{2,5}))?: *\/\/(-?\d+)\/([0-9A-Za-z]+)\/SIP\/Msg\/ccsipDisplayMsg:\s*$/;
/** any IOS debug line: `[seq: ][*]Mon dd [yyyy ]hh:mm:ss` */
const DEBUG_RE = /^(?:\d+: )?[*.]?[A-Z][a-z]{2} +\d{1,2} (?:\d{4} )?\d{1,2}:\d{2}:\d{2}/;
const PRI_RE = /^<\d{1,3}>/;
const UTC_CLOCK = new ZoneClock('UTC');

export interface CiscoHeader {
  seq?: string;
  time: number | null;
  unsynced: boolean;
  ccapiId: string;
  guid: string;
  /** false for `//-1/` and all-x GUIDs */
  isCall: boolean;
}

export function parseCiscoHeader(line: string, clock: ZoneClock, years: YearTracker): CiscoHeader | null {
  if (line.length > 400 || line.indexOf(MARK) < 0) {
    return null;
  }
  const m = HEADER_RE.exec(line);
  if (!m) {
    return null;
  }
  const month = MONTHS[m[3].toLowerCase()];
  let time: number | null = null;
  if (month !== undefined) {
    const zone = m[10] !== undefined && /^(UTC|GMT)$/i.test(m[10]) ? UTC_CLOCK : clock;
    const year = m[5] !== undefined ? Number(m[5]) : years.yearFor(month);
    const ms = m[9] ? Number(m[9].slice(0, 3).padEnd(3, '0')) : 0;
    time = zone.toUtc({ year, month, day: Number(m[4]), hour: Number(m[6]), minute: Number(m[7]), second: Number(m[8]), ms });
  }
  const guid = m[12];
  const h: CiscoHeader = {
    time,
    unsynced: m[2] === '*',
    ccapiId: m[11],
    guid,
    isCall: m[11] !== '-1' && !/^x+$/i.test(guid),
  };
  if (m[1] !== undefined) {
    h.seq = m[1];
  }
  return h;
}

function stripPri(line: string): string {
  return line.charCodeAt(0) === 60 ? line.replace(PRI_RE, '') : line;
}

function directionWord(line: string): 'in' | 'out' | null {
  const t = line.trim();
  if (t === 'Sent:') {
    return 'out';
  }
  if (t === 'Received:') {
    return 'in';
  }
  return null;
}

class CiscoFramer extends LineFramer {
  readonly format = 'cisco' as const;
  private readonly years: YearTracker;
  private readonly clock: ZoneClock;
  /** the header line was read, the Sent:/Received: line not yet */
  private awaitingDirection = false;

  constructor(opts: ReaderOptions) {
    super(opts);
    this.years = new YearTracker(opts.year);
    this.clock = new ZoneClock(opts.tz);
  }

  protected override lineOf(raw: string): string {
    return stripPri(raw);
  }

  protected pushLine(line: string, meta: LineMeta, sub: number, out: FramerItem[]): void {
    const header = parseCiscoHeader(line, this.clock, this.years);
    if (header) {
      this.close(out);
      this.junk.flush(out);
      const attrs: Record<string, string> = { ccapiCallId: header.ccapiId, guid: header.guid };
      if (header.seq !== undefined) {
        attrs.seq = header.seq;
      }
      if (header.unsynced) {
        attrs.clockUnsynced = '1';
      }
      this.pending = new PendingMessage(
        {
          where: whereAt(meta, sub),
          line: meta.line,
          time: header.time,
          device: meta.sender ?? meta.source,
          sessionKey: header.isCall ? header.guid : undefined,
          attrs,
        },
        false,
      );
      this.pending.touch(line, meta);
      this.awaitingDirection = true;
      return;
    }
    if (line.length > 8 && line.length < 2000 && DEBUG_RE.test(line)) {
      // another debug: ends the message being read
      this.close(out);
      this.junk.flush(out);
      this.junk.add(line, meta, sub);
      return;
    }
    const p = this.pending;
    if (p && this.awaitingDirection) {
      const dir = directionWord(line);
      if (dir !== null) {
        p.head.attrs.direction = dir;
        this.awaitingDirection = false;
        p.touch(line, meta);
        return;
      }
      if (line.trim().length === 0) {
        return;
      }
      this.awaitingDirection = false;
    }
    if (this.continueMessage(line, meta, out)) {
      return;
    }
    this.junkLine(line, meta, sub);
  }

  protected close(out: FramerItem[]): void {
    const p = this.pending;
    if (!p) {
      return;
    }
    this.pending = null;
    this.awaitingDirection = false;
    p.finish('cisco', out, {
      emptyWhy: 'ccsipDisplayMsg header without a message',
      enrich: (facts, attrs) => {
        const dir = attrs.direction === 'in' || attrs.direction === 'out' ? attrs.direction : null;
        const hint = inferRemote(facts, dir);
        if (hint !== null) {
          attrs.remote = hint.remote;
          attrs.remoteFrom = hint.from;
        }
      },
    });
  }
}

function sniff(lines: readonly string[]): number {
  const n = Math.min(lines.length, 200);
  const years = new YearTracker(2000);
  let headers = 0;
  let dirs = 0;
  for (let i = 0; i < n; i++) {
    const l = stripPri(lines[i]);
    if (parseCiscoHeader(l, UTC_CLOCK, years)) {
      headers++;
    } else if (directionWord(l) !== null) {
      dirs++;
    }
  }
  if (headers === 0) {
    return 0;
  }
  return dirs > 0 ? 0.95 : 0.8;
}

export const ciscoFormat: FormatModule = {
  name: 'cisco',
  sniff,
  createFramer: (opts) => new CiscoFramer(opts),
  createAssembler: createSingleMessageAssembler,
};
