/**
 * Pieces every single-message framer shares: where a line came from, one datagram split into
 * lines, over-long lines, runs of non-SIP lines counted as one skip, and the record being built
 * (header facts + SipMessageBuilder) turned into a FramedRecord.
 */
import type { FramerItem } from './reader';
import type { FormatName, FramedRecord, LineMeta } from './record';
import { SipMessageBuilder, type SipFacts } from './sip-text-builder';

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

/**
 * Calls `fn` for every physical line of one push with its `where`: a line inside a multi-line
 * datagram gets `+k` (k = its index in the datagram) so that each place stays unique.
 */
export function forEachLine(input: string, meta: LineMeta, fn: (line: string, where: string) => void): void {
  const base = whereOf(meta);
  if (input.indexOf('\n') < 0) {
    fn(input, base);
    return;
  }
  const lines = physicalLines(input);
  for (let i = 0; i < lines.length; i++) {
    fn(lines[i], i === 0 ? base : `${base}+${i}`);
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
  add(line: string, where: string, what = 'not a SIP record'): void {
    if (this.where === null) {
      this.where = where;
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
  const t = via.slice(slash + 1, end).toUpperCase();
  return /^[A-Z]{2,4}$/.test(t) ? t : null;
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
    const attrs: Record<string, string> = { ...head.attrs, line: String(head.line) };
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
    };
    if (callId !== null) {
      attrs.callId = callId;
    }
    if (this.lastOffset !== undefined) {
      record.endOffset = this.lastOffset + Buffer.byteLength(this.lastLine, 'utf8') + 1;
    }
    out.push({ type: 'record', record });
  }
}
