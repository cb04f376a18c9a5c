/**
 * Oracle (Acme Packet) SBC `sipmsg.log`:
 *
 *   Aug 26 19:25:10.685 On [5:0]2.1.1.1:5060 received from 2.1.2.115:5060
 *   REGISTER sip:2.1.1.1:5060 SIP/2.0
 *   Via: SIP/2.0/UDP 2.1.2.115:5060;branch=…
 *   …
 *   <blank>
 *   <blank>
 *   ----------------------------------------        (exactly 40 dashes ends the record)
 *
 * `received from` = in (remote → SBC), `sent to` = out. `[phy:vlan]` is optional; IPv6 addresses
 * are in brackets. Also accepted: `2007-03-06 13:38:48.037 On …` (full date) and the ACLI `tail`
 * form `mm:ss.mmm On …` (no time kept). Time is the SBC's local time without year or zone:
 * `opts.year` (rolled over Dec → Jan) and `opts.tz`. Not SIP, counted as skips: `File opened.`,
 * socket lines (`UDP[3:0]10.1.1.1:5060 OPENED`), MBCD hex dumps, DNS, Pre-NAT/Post-NAT blocks.
 * A TCP record can stop mid-message (`CSe`): the message is marked truncated.
 */
import type { FormatModule, FramerItem } from './reader';
import type { LineMeta, ReaderOptions } from './record';
import { createSingleMessageAssembler } from './single-message-assembler';
import { PendingMessage, ZoneClock, whereAt } from './framer-support';
import { LineFramer } from './line-framer';
import { MONTHS, YearTracker } from './time';

const DASHES = '----------------------------------------';

const HEADER_RE =
  /^(?:([A-Z][a-z]{2}) +(\d{1,2}) |(\d{4})-(\d{2})-(\d{2}) )?(?:(\d{1,2}):)?(\d{2}):(\d{2})(?:\.(\d{1,6}))? On (?:\[(\d+:\d+)\])?(\S+) (received from|sent to) (\S+)\s*$/;

function isDashLine(line: string): boolean {
  if (line.length < 40 || line.length > 41) {
    return false;
  }
  return line.startsWith(DASHES) && (line.length === 40 || line.charCodeAt(40) === 13);
}

export interface OracleHeader {
  time: number | null;
  iface?: string;
  local: string;
  remote: string;
  direction: 'in' | 'out';
}

/** Parse a record header line; null when the line is not one. */
export function parseOracleHeader(line: string, clock: ZoneClock, years: YearTracker): OracleHeader | null {
  if (line.length > 300 || line.indexOf(' On ') < 0) {
    return null;
  }
  const m = HEADER_RE.exec(line);
  if (!m) {
    return null;
  }
  let time: number | null = null;
  const ms = m[9] ? Number(m[9].slice(0, 3).padEnd(3, '0')) : 0;
  if (m[1] !== undefined && m[6] !== undefined) {
    const month = MONTHS[m[1].toLowerCase()];
    if (month !== undefined) {
      const w = { year: years.yearFor(month), month, day: Number(m[2]), hour: Number(m[6]), minute: Number(m[7]), second: Number(m[8]), ms };
      time = clock.toUtc(w);
    }
  } else if (m[3] !== undefined && m[6] !== undefined) {
    const w = { year: Number(m[3]), month: Number(m[4]), day: Number(m[5]), hour: Number(m[6]), minute: Number(m[7]), second: Number(m[8]), ms };
    time = clock.toUtc(w);
  }
  const h: OracleHeader = { time, local: m[11], remote: m[13], direction: m[12] === 'received from' ? 'in' : 'out' };
  if (m[10] !== undefined) {
    h.iface = m[10];
  }
  return h;
}

class OracleFramer extends LineFramer {
  readonly format = 'oracle' as const;
  private readonly years: YearTracker;
  private readonly clock: ZoneClock;

  constructor(opts: ReaderOptions) {
    super(opts);
    this.years = new YearTracker(opts.year);
    this.clock = new ZoneClock(opts.tz);
  }

  protected pushLine(line: string, meta: LineMeta, sub: number, out: FramerItem[]): void {
    if (isDashLine(line)) {
      if (this.pending) {
        this.pending.touch(line, meta);
        this.close(out);
      }
      this.junk.flush(out);
      return;
    }
    const c0 = line.charCodeAt(0);
    const maybeHeader = (c0 >= 48 && c0 <= 57) || (c0 >= 65 && c0 <= 90);
    const header = maybeHeader ? parseOracleHeader(line, this.clock, this.years) : null;
    if (header) {
      if (this.pending) {
        // no closing dashes before the next record: the text decides whether it is complete
        this.close(out);
      }
      this.junk.flush(out);
      const attrs: Record<string, string> = { direction: header.direction, remote: header.remote, local: header.local };
      if (header.iface !== undefined) {
        attrs.iface = header.iface;
      }
      this.pending = new PendingMessage(
        { where: whereAt(meta, sub), line: meta.line, time: header.time, device: meta.sender ?? meta.source, attrs },
        true,
      );
      this.pending.touch(line, meta);
      return;
    }
    const p = this.pending;
    if (p) {
      if (!p.push(line, meta)) {
        // a second SIP message in one record (TCP)
        const next = new PendingMessage(p.nextHead(whereAt(meta, sub), meta.line), true);
        p.finish('oracle', out);
        next.push(line, meta);
        this.pending = next;
      }
      return;
    }
    if (line.length === 0 || (line.length === 1 && c0 === 13)) {
      if (this.junk.open) {
        this.junk.add(line, meta, sub);
      }
      return;
    }
    if (line.startsWith('Pre-NAT ') || line.startsWith('Post-NAT ')) {
      this.junk.flush(out);
      this.junk.add(line, meta, sub, 'Pre-NAT/Post-NAT block (no time or addresses)');
      return;
    }
    this.junk.add(line, meta, sub);
  }

  /** a record ends at its dashes: until they come it may still be being written */
  override holdsUnfinished(): boolean {
    return this.pending !== null;
  }

  /** also at the end: a last record without its dashes, whose text decides whether it is complete */
  protected close(out: FramerItem[]): void {
    this.pending?.finish('oracle', out, { emptyWhy: 'empty record' });
    this.pending = null;
  }
}

const SNIFF_LINES = 200;

function sniff(lines: readonly string[]): number {
  let headers = 0;
  let dashes = 0;
  const years = new YearTracker(2000);
  const clock = new ZoneClock('UTC');
  const n = Math.min(lines.length, SNIFF_LINES);
  for (let i = 0; i < n; i++) {
    const l = lines[i];
    if (isDashLine(l)) {
      dashes++;
    } else if (l.length < 300 && l.indexOf(' On ') > 0 && parseOracleHeader(l, clock, years)) {
      headers++;
    }
  }
  if (headers === 0) {
    return 0;
  }
  return dashes > 0 ? 0.95 : 0.7;
}

export const oracleFormat: FormatModule = {
  name: 'oracle',
  sniff,
  createFramer: (opts) => new OracleFramer(opts),
  createAssembler: createSingleMessageAssembler,
};
