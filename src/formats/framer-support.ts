/**
 * Pieces every single-message framer shares: where a line came from, one datagram split into
 * lines, over-long lines, runs of non-SIP lines counted as one skip, and the record being built
 * (header facts + SipMessageBuilder) turned into a FramedRecord.
 */
import type { FramerItem } from './reader';
import type { FormatName, FramedRecord, LineMeta } from './record';
import { SipMessageBuilder, utf8Length, type SipFacts } from './sip-text-builder';
import { isValidTimeZone, wallClockToUtc, zoneOffsetMs, type WallClock } from './time';

/** `file:line` for files, `udp:1.2.3.4:514#n` for the syslog listener. */
export function whereOf(meta: LineMeta): string {
  const s = meta.source;
  if (s.startsWith('udp:') || s.startsWith('tcp:') || s.startsWith('tls:')) {
    return `${s}#${meta.line}`;
  }
  return `${s}:${meta.line}`;
}

/** One pushed string → physical lines (a syslog datagram may hold several). */
export function physicalLines(input: string): string[] {
  if (input.indexOf('\n') < 0) {
    return [input];
  }
  const parts = input.split('\n');
  if (parts.length > 1 && parts[parts.length - 1] === '') {
    parts.pop();
  }
  return parts;
}

/** `where` of the k-th physical line of one push: a line inside a multi-line datagram gets `+k`. */
export function whereAt(meta: LineMeta, sub: number): string {
  return sub === 0 ? whereOf(meta) : `${whereOf(meta)}+${sub}`;
}

/**
 * Calls `fn` for every physical line of one push with its index in the push (0 for a single
 * line); `whereAt(meta, sub)` names its place when needed.
 */
export function forEachLine(input: string, fn: (line: string, sub: number) => void): void {
  if (input.indexOf('\n') < 0) {
    fn(input, 0);
    return;
  }
  const lines = physicalLines(input);
  for (let i = 0; i < lines.length; i++) {
    fn(lines[i], i);
  }
}

const HOUR_MS = 3_600_000;

/**
 * wallClockToUtc with the zone's offset remembered per wall-clock hour: the Intl look-up behind
 * it costs microseconds, and a log has thousands of records per hour.
 */
export class ZoneClock {
  private readonly offsets = new Map<number, number>();
  readonly tz: string;
  /** an unknown zone name (the configuration should have refused it) reads as UTC rather than throwing */
  constructor(tz: string) {
    this.tz = isValidTimeZone(tz) ? tz : 'UTC';
  }

  toUtc(w: WallClock): number {
    const naive = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second, w.ms);
    const hour = Math.floor(naive / HOUR_MS);
    let off = this.offsets.get(hour);
    if (off === undefined) {
      off = hour * HOUR_MS - wallClockToUtc({ ...w, minute: 0, second: 0, ms: 0 }, this.tz);
      if (this.offsets.size >= 4096) {
        this.offsets.clear();
      }
      this.offsets.set(hour, off);
    }
    return naive - off;
  }
}

const DAY_MS = 86_400_000;
const HALF_DAY_MS = DAY_MS / 2;

/**
 * Dates a time of day that a log printed without a date (FreeSWITCH siptrace, Asterisk with a
 * time-only dateformat): on the collector's receive date when the transport knows it (the
 * nearest such instant), else on 1 January of `year`, moving to the next day whenever the time
 * of day goes back by more than 12 hours.
 */
export class TimeOfDayDater {
  private dayOffset = 0;
  private lastTod: number | null = null;

  constructor(
    private readonly clock: ZoneClock,
    private readonly year: number,
  ) {}

  toUtc(hour: number, minute: number, second: number, ms: number, receivedAt?: number): number {
    const at = (y: number, mo: number, d: number) => this.clock.toUtc({ year: y, month: mo, day: d, hour, minute, second, ms });
    if (receivedAt !== undefined) {
      const local = new Date(receivedAt + zoneOffsetMs(this.clock.tz, receivedAt));
      const t = at(local.getUTCFullYear(), local.getUTCMonth() + 1, local.getUTCDate());
      if (t - receivedAt > HALF_DAY_MS) {
        return t - DAY_MS;
      }
      return receivedAt - t > HALF_DAY_MS ? t + DAY_MS : t;
    }
    const tod = ((hour * 60 + minute) * 60 + second) * 1000 + ms;
    if (this.lastTod !== null && tod + HALF_DAY_MS < this.lastTod) {
      this.dayOffset++;
    }
    this.lastTod = tod;
    const day = new Date(Date.UTC(this.year, 0, 1 + this.dayOffset));
    return at(day.getUTCFullYear(), day.getUTCMonth() + 1, day.getUTCDate());
  }
}

/** True when the line is longer than `max` bytes (UTF-8). */
export function tooLong(line: string, max: number): boolean {
  if (line.length > max) {
    return true;
  }
  if (line.length * 3 <= max) {
    return false;
  }
  return Buffer.byteLength(line, 'utf8') > max;
}

export function tooLongSkip(where: string, line: string, max: number): FramerItem {
  return { type: 'skip', skip: { where, why: `line of ${Buffer.byteLength(line, 'utf8')} bytes is longer than ${max}` } };
}

export function shorten(s: string, n = 100): string {
  const t = s.trim();
  return t.length > n ? `${t.slice(0, n)}…` : t;
}

/** A run of lines that are not SIP records, reported as one counted skip. */
export class JunkRun {
  private where: string | null = null;
  private first = '';
  private lines = 0;
  private what = 'not a SIP record';

  /** `what` names the kind of entry when a run starts with this line */
  add(line: string, meta: LineMeta, sub: number, what = 'not a SIP record'): void {
    if (this.where === null) {
      this.where = whereAt(meta, sub);
      this.first = shorten(line);
      this.lines = 0;
      this.what = what;
    }
    this.lines++;
  }

  get open(): boolean {
    return this.where !== null;
  }

  flush(out: FramerItem[]): void {
    if (this.where === null) {
      return;
    }
    const n = this.lines > 1 ? ` (${this.lines} lines)` : '';
    out.push({ type: 'skip', skip: { where: this.where, why: `${this.what}: "${this.first}"${n}` } });
    this.where = null;
  }
}

/** What the framing line of a record said. */
export interface RecordHead {
  where: string;
  line: number;
  time: number | null;
  device: string;
  /** vendor session key (CUBE GUID, Ribbon call id); the SIP Call-ID is used otherwise */
  sessionKey?: string;
  /** direction, remote, local, transport, … */
  attrs: Record<string, string>;
}

/** Transport word of a Via value `SIP/2.0/TLS host:port;…` (upper case), or null. */
export function viaTransport(via: string | null): string | null {
  if (via === null || via.length < 9) {
    return null;
  }
  const slash = via.indexOf('/', 4);
  if (slash < 0) {
    return null;
  }
  let end = slash + 1;
  while (end < via.length && via.charCodeAt(end) !== 32 && via.charCodeAt(end) !== 9) {
    end++;
  }
  if (end - slash - 1 < 2 || end - slash - 1 > 4) {
    return null;
  }
  for (let i = slash + 1; i < end; i++) {
    const c = via.charCodeAt(i) | 32;
    if (c < 97 || c > 122) {
      return null;
    }
  }
  return via.slice(slash + 1, end).toUpperCase();
}

export interface FinishOptions {
  /** report a record that held no text at all as a skip with this reason */
  emptyWhy?: string;
  /** add what the SIP text tells (CUBE: the remote inferred from Via/Request-URI) */
  enrich?: (facts: SipFacts, attrs: Record<string, string>) => void;
}

/** A record being read: its head and the SIP message its lines make up. */
export class PendingMessage {
  readonly builder: SipMessageBuilder;
  private lastOffset: number | undefined;
  private lastLine = '';

  constructor(
    readonly head: RecordHead,
    block: boolean,
  ) {
    this.builder = new SipMessageBuilder(block);
  }

  /** the head for a further message of the same record (call before finish: finish takes the attrs) */
  nextHead(where: string, line: number): RecordHead {
    return { ...this.head, attrs: { ...this.head.attrs }, where, line };
  }

  /** feed a line of the message; false = it ended before this line */
  push(line: string, meta: LineMeta): boolean {
    const ok = this.builder.push(line);
    if (ok) {
      this.touch(line, meta);
    }
    return ok;
  }

  /** a framing line that belongs to the record (dashes, the header line) */
  touch(line: string, meta: LineMeta): void {
    if (meta.offset !== undefined) {
      this.lastOffset = meta.offset;
      this.lastLine = line;
    }
  }

  /** the record as a FramerItem: a 'sip' record, a skip when it held no SIP, nothing when empty */
  finish(format: FormatName, out: FramerItem[], opts: FinishOptions = {}): void {
    const built = this.builder.finish();
    const head = this.head;
    if (built === null) {
      if (opts.emptyWhy !== undefined) {
        out.push({ type: 'skip', skip: { where: head.where, why: opts.emptyWhy } });
      }
      return;
    }
    if (!built.ok) {
      const n = built.lines > 1 ? ` (${built.lines} lines)` : '';
      out.push({ type: 'skip', skip: { where: head.where, why: `not a SIP message: "${built.firstLine}"${n}` } });
      return;
    }
    // the head belongs to this record alone: its attrs become the record's
    const attrs = head.attrs;
    attrs.line = String(head.line);
    if (attrs.transport === undefined) {
      const t = viaTransport(built.facts.via);
      if (t !== null) {
        attrs.transport = t;
      }
    }
    if (built.truncated) {
      attrs.truncated = '1';
    }
    opts.enrich?.(built.facts, attrs);
    const callId = built.facts.callId;
    if (callId !== null) {
      attrs.callId = callId;
    }
    const record: FramedRecord = {
      format,
      kind: 'sip',
      where: head.where,
      key: head.sessionKey ?? callId ?? `nocallid:${head.where}`,
      keyIsSession: head.sessionKey !== undefined,
      device: head.device,
      time: head.time,
      text: built.raw,
      attrs,
      endOffset: this.lastOffset === undefined ? undefined : this.lastOffset + utf8Length(this.lastLine) + 1,
    };
    out.push({ type: 'record', record });
  }
}
