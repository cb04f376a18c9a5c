/**
 * Ribbon (Sonus) SBC Core SIP PDU trace records, as syslog (one record per SIP message):
 *
 *   <147> 1 2026-11-23T10:00:01.712345+01:00 sbc1 … sent msg for CallId:4321 to IP/port:52.114.75.24/5061,
 *     Local IP/port:198.51.100.10/5061, SMM:… RAW PDU:#012INVITE sip:… SIP/2.0#015#012Via: …#015#012…
 *   … received msg for CallId:4321 from IP/port:203.0.113.10/5060, Local IP/port:198.51.100.10/5060, …
 *
 * (one line each). `#015#012`, `#012` are rsyslog's escapes for CR LF / LF (`#011` = TAB). A record
 * that carries real line breaks instead (a raw datagram, or a file that kept them) continues on
 * the following lines until its Content-Length is met or the next record starts. The CallId is
 * the SBC's call id shared by both legs: the session key. Time: the RFC 5424 ISO timestamp (with
 * its offset; none → opts.tz), else a BSD `Mon dd hh:mm:ss` prefix (opts.year/opts.tz), else the
 * collector's receive time. Other lines are counted skips, one per line.
 */
import type { FormatModule, FramerItem } from './reader';
import type { LineMeta, ReaderOptions } from './record';
import { createSingleMessageAssembler } from './single-message-assembler';
import { PendingMessage, ZoneClock, shorten, whereAt } from './framer-support';
import { LineFramer } from './line-framer';
import { MONTHS, YearTracker } from './time';

const MARK = 'msg for CallId:';
const PDU = 'RAW PDU:';
const HEAD_RE =
  /(sent|received) msg for CallId:(\d+) (to|from) IP\/port:([^/\s]+)\/(\d+),? Local IP\/port:([^/\s]+)\/(\d+)/;
/** the RFC 5424 timestamp right after `<PRI>1 `: tried first, cheap */
const ISO_5424_RE = /^<\d{1,3}> ?1 (\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:?\d{2})?/;
const ISO_RE = /(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:?\d{2})?/;
const BSD_RE = /^(?:<\d{1,3}>)?([A-Z][a-z]{2}) +(\d{1,2}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))? (\S+) /;
const R5424_HOST_RE = /^<\d{1,3}> ?1 \S+ (\S+) /;

function bracketIp(ip: string): string {
  return ip.includes(':') && !ip.startsWith('[') ? `[${ip}]` : ip;
}

/** rsyslog escapes → lines: `#015#012` and `#012` break lines, `#011` is a TAB, a lone `#015` goes. */
export function unescapeSyslogLines(text: string): string[] {
  const parts = text.split('#012');
  for (let i = 0; i < parts.length; i++) {
    let p = parts[i];
    if (p.endsWith('#015')) {
      p = p.slice(0, -4);
    }
    if (p.indexOf('#01') >= 0) {
      p = p.replace(/#015/g, '').replace(/#011/g, '\t');
    }
    parts[i] = p;
  }
  return parts;
}

function parseTime(prefix: string, clock: ZoneClock, years: YearTracker, meta: LineMeta): number | null {
  const iso = ISO_5424_RE.exec(prefix) ?? ISO_RE.exec(prefix);
  if (iso) {
    const ms = iso[7] ? Number(iso[7].slice(0, 3).padEnd(3, '0')) : 0;
    const wall = {
      year: Number(iso[1]),
      month: Number(iso[2]),
      day: Number(iso[3]),
      hour: Number(iso[4]),
      minute: Number(iso[5]),
      second: Number(iso[6]),
      ms,
    };
    const off = iso[8];
    if (off === undefined) {
      return clock.toUtc(wall);
    }
    const utc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second, ms);
    if (off === 'Z') {
      return utc;
    }
    const sign = off[0] === '-' ? -1 : 1;
    const digits = off.slice(1).replace(':', '');
    return utc - sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000;
  }
  const bsd = BSD_RE.exec(prefix);
  if (bsd) {
    const month = MONTHS[bsd[1].toLowerCase()];
    if (month !== undefined) {
      const ms = bsd[6] ? Number(bsd[6].slice(0, 3).padEnd(3, '0')) : 0;
      return clock.toUtc({ year: years.yearFor(month), month, day: Number(bsd[2]), hour: Number(bsd[3]), minute: Number(bsd[4]), second: Number(bsd[5]), ms });
    }
  }
  return meta.receivedAt ?? null;
}

function deviceOf(prefix: string, meta: LineMeta): string {
  if (meta.sender !== undefined) {
    return meta.sender;
  }
  const h = R5424_HOST_RE.exec(prefix) ?? BSD_RE.exec(prefix);
  if (h) {
    const host = h.length > 7 ? h[7] : h[1];
    if (host !== undefined && host !== '-') {
      return host;
    }
  }
  return meta.source;
}

class RibbonFramer extends LineFramer {
  readonly format = 'ribbon' as const;
  private readonly years: YearTracker;
  private readonly clock: ZoneClock;

  constructor(opts: ReaderOptions) {
    super(opts);
    this.years = new YearTracker(opts.year);
    this.clock = new ZoneClock(opts.tz);
  }

  override push(input: string, meta: LineMeta): FramerItem[] {
    const out = super.push(input, meta);
    if (input.indexOf('\n') >= 0) {
      // one datagram is one whole record
      this.close(out);
    }
    return out;
  }

  protected pushLine(line: string, meta: LineMeta, sub: number, out: FramerItem[]): void {
    const mark = line.indexOf(MARK);
    const pduAt = mark >= 0 ? line.indexOf(PDU, mark) : -1;
    if (mark >= 0 && pduAt >= 0) {
      this.close(out);
      this.open(line, mark, pduAt, meta, sub, out);
      return;
    }
    if (this.continueMessage(line, meta, out)) {
      return;
    }
    if (line.trim().length > 0) {
      out.push({ type: 'skip', skip: { where: whereAt(meta, sub), why: `not a SIP PDU record: "${shorten(line)}"` } });
    }
  }

  private open(line: string, mark: number, pduAt: number, meta: LineMeta, sub: number, out: FramerItem[]): void {
    const where = whereAt(meta, sub);
    const headText = line.slice(Math.max(0, mark - 10), Math.min(pduAt, mark + 400));
    const m = HEAD_RE.exec(headText);
    if (!m) {
      out.push({ type: 'skip', skip: { where, why: `unreadable PDU record header: "${shorten(headText)}"` } });
      return;
    }
    const prefix = line.slice(0, Math.min(mark, 300));
    const attrs: Record<string, string> = {
      direction: m[1] === 'sent' ? 'out' : 'in',
      remote: `${bracketIp(m[4])}:${m[5]}`,
      local: `${bracketIp(m[6])}:${m[7]}`,
      ribbonCallId: m[2],
    };
    const pdu = line.slice(pduAt + PDU.length);
    const escaped = pdu.indexOf('#012') >= 0;
    const head = {
      where,
      line: meta.line,
      time: parseTime(prefix, this.clock, this.years, meta),
      device: deviceOf(prefix, meta),
      sessionKey: m[2],
      attrs,
    };
    let p = new PendingMessage(head, escaped);
    p.touch(line, meta);
    if (!escaped) {
      // real line breaks follow: the message continues on the next lines
      p.builder.push(pdu);
      this.pending = p;
      return;
    }
    for (const l of unescapeSyslogLines(pdu)) {
      if (!p.builder.push(l)) {
        // a second message in one record
        const next = new PendingMessage(p.nextHead(head.where, head.line), true);
        p.finish('ribbon', out);
        p = next;
        p.touch(line, meta);
        p.builder.push(l);
      }
    }
    p.finish('ribbon', out);
  }

  protected close(out: FramerItem[]): void {
    const p = this.pending;
    this.pending = null;
    p?.finish('ribbon', out, { emptyWhy: 'PDU record without a message' });
  }
}

function sniff(lines: readonly string[]): number {
  const n = Math.min(lines.length, 200);
  let hits = 0;
  for (let i = 0; i < n; i++) {
    const l = lines[i];
    const mark = l.indexOf(MARK);
    if (mark >= 0 && l.indexOf(PDU, mark) >= 0 && HEAD_RE.test(l.slice(Math.max(0, mark - 10), mark + 400))) {
      hits++;
    }
  }
  return hits > 0 ? 0.95 : 0;
}

export const ribbonFormat: FormatModule = {
  name: 'ribbon',
  sniff,
  createFramer: (opts) => new RibbonFramer(opts),
  createAssembler: createSingleMessageAssembler,
};
