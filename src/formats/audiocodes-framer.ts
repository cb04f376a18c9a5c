/**
 * AudioCodes framer: lines (or whole syslog datagrams) → one FramedRecord per device record.
 *
 *   raw datagram     <133>[S=1718460] [SID=b9027c:24:198171]  (N 6891676) … \n(N 6891677) … [Time:19-12@12:44:54.873]
 *   rsyslog          Dec 19 12:44:54 10.160.111.51 [S=1718460] [SID=…]  (N 6891676) … #012(N 6891677) … [Time:…]
 *   paStash log      [Sat, 19 Dec 2020 10:45:06 GMT] ERROR failed parsing Incoming SIP <133>[S=…] …
 *   Windows export   10:35:36.653  10.0.10.11  local1.info[S = 122] |CALL_START     |SBC  |…
 *                    2023-01-10 10:55:08 local3.notice 100.112.70.10  [S=23795891] [SID=cd91eb:42:7998878]  31 185.2…
 *                    a=candidate:882788167 2 udp 2130706430 185.221.88.103 42437 typ host      ← continuation line
 *                     [Time:10-01@10:55:07.699]
 *   Syslog Viewer    <columns> [S=…] [SID=…]  (N 5725374) …
 *                                                                    (N  5725375) GetTag …   ← indented continuation
 *   CDR file         CALL_END       |SBC       |4341…@10.0.2.11 |c62532:22:625 |…     (no syslog framing, no S)
 *
 * A record starts at a line holding `[S=n]`/`[SID=`/`[BID=` near its start; lines without one
 * continue the open record. A record is complete at its `[Time:…]` trailer, at the next record,
 * or at end(); a datagram from the listener (meta.sender set) is complete by itself.
 * Emits `gap` items when a device's S numbers skip. SID records carry attrs `prevSeq` (S of the
 * SID's previous record) and `lossBefore` ('1' when device records were lost since then), so the
 * assembler can order records that reach it out of order and flag messages that lost text.
 * Never throws on input.
 */
import type { Framer, FramerItem } from './reader';
import type { FramedRecord, LineMeta, ReaderOptions, RecordKind } from './record';
import { ASSUMED_ATTR, CdrColumns } from './audiocodes-cdr';
import { LOSS_BEFORE_ATTR, PREV_SEQ_ATTR } from './audiocodes-sip-text';
import { parsePrefix, startsLikeCollectorLine, type CollectorStamp } from './audiocodes-prefix';
import {
  decodeEscapes,
  endsWithTimeTrailer,
  findRecordHead,
  isBinaryJunk,
  splitTrailer,
  type RecordHead,
} from './audiocodes-record';
import { DeviceClock, parseCdrTime } from './audiocodes-time';
import { ownCopy } from './log-reader';
import { RecentKeys } from './recent-keys';

/** S going back by more than this is a device restart, not reordering. */
const RESTART_DROP = 1000;
/** indentation of Syslog Viewer continuation lines is at least this wide */
const VIEWER_INDENT = 8;
/** SIDs whose last S the framer remembers for `prevSeq` */
const KEYS_REMEMBERED = 10_000;

interface OpenRecord {
  where: string;
  device: string;
  head: RecordHead;
  collectorTime: number | null;
  /** the record's first line (from its payload on) */
  first: string;
  /** every line of the record, once a second one came (null while it has one line) */
  parts: string[] | null;
  size: number;
  endOffset?: number;
  discard: boolean;
}

function lineEnd(line: string, meta: LineMeta): number | undefined {
  return meta.offset === undefined ? undefined : meta.offset + Buffer.byteLength(line) + 1;
}

function leadingSpaces(s: string): number {
  let i = 0;
  while (i < s.length && (s.charCodeAt(i) === 32 || s.charCodeAt(i) === 9)) {
    i++;
  }
  return i;
}

function stripCr(s: string): string {
  return s.length > 0 && s.charCodeAt(s.length - 1) === 13 ? s.slice(0, -1) : s;
}

/** What the framer knows of one device's record numbers. */
interface DeviceSeq {
  /** the last S seen */
  last: number | undefined;
  /** S numbers lost so far */
  lost: number;
}

const BARE_CDR = /^(?:CALL_START|CALL_CONNECT|CALL_END|MEDIA_START|MEDIA_UPDATE|MEDIA_END|SBCReportType|MediaReportType) *\|/;

/** `CALL_END       |SBC       |…` without `[S=n]` in front. */
function isBareCdrRow(line: string): boolean {
  const c = line.charCodeAt(0);
  return (c === 67 || c === 77 || c === 83) && BARE_CDR.test(line.slice(0, 40));
}

export class AudiocodesFramer implements Framer {
  readonly format = 'audiocodes' as const;
  private readonly opts: ReaderOptions;
  private readonly clock: DeviceClock;
  private readonly cdr = new CdrColumns();
  /** per device: its last S and the S numbers lost so far */
  private readonly devices = new Map<string, DeviceSeq>();
  /** the device of the last look-up in `devices` (records mostly come from one device) */
  private lastDevice: string | null = null;
  private lastDeviceSeq: DeviceSeq | null = null;
  /** device names cut from log lines, each kept once as a string of its own */
  private readonly deviceNames = new Map<string, string>();
  /** per SID: its stored key, S of its last record and the device's loss count then (bounded, oldest out first) */
  private readonly lastOfKey = new RecentKeys<{ key: string; seq: number; lost: number }>();
  private open: OpenRecord | null = null;
  /** a record of this input ended at its `[Time:…]` trailer: records here carry one */
  private trailers = false;
  private lastPrefix = '';
  private lastSource = '';
  private lastStamp: CollectorStamp | null = null;
  /** `source:` of the last line's source, one string for all its lines */
  private whereSource: string | null = null;
  private wherePrefix = '';

  constructor(opts: ReaderOptions) {
    this.opts = opts;
    this.clock = new DeviceClock(opts.tz, opts.year);
  }

  push(line: string, meta: LineMeta): FramerItem[] {
    if (meta.source !== this.whereSource) {
      this.whereSource = meta.source;
      this.wherePrefix = `${meta.source}:`;
    }
    // `file:line` with the `file:` part shared: a message keeps its where while its call is open
    const where = this.wherePrefix + meta.line;
    if (line.length > this.opts.maxLineBytes) {
      return [{ type: 'skip', skip: { where, why: `line longer than ${this.opts.maxLineBytes} bytes` } }];
    }
    const head = findRecordHead(line);
    if (head) {
      const out: FramerItem[] = [];
      this.close(out);
      this.start(line, head, meta, where);
      if (meta.sender !== undefined) {
        this.close(out);
      } else if (head.idKind !== 'cdr' && endsWithTimeTrailer(line)) {
        this.trailers = true;
        this.close(out);
      }
      return out;
    }
    if (isBareCdrRow(line)) {
      // a CDR row without syslog framing (CDR files kept on the device or exported)
      const out: FramerItem[] = [];
      this.close(out);
      this.start(`|${line}`, { start: 0, idKind: 'cdr', id: '', bodyStart: 0 }, meta, where);
      return out;
    }
    const open = this.open;
    if (open === null || startsLikeCollectorLine(line)) {
      const out: FramerItem[] = [];
      this.close(out);
      if (line.trim().length > 0) {
        out.push({ type: 'skip', skip: { where, why: 'not an AudioCodes record' } });
      }
      return out;
    }
    if (isBinaryJunk(line)) {
      return [{ type: 'skip', skip: { where, why: 'binary data between records' } }];
    }
    this.append(open, line, meta);
    const out: FramerItem[] = [];
    if (open.head.idKind !== 'cdr' && endsWithTimeTrailer(line)) {
      this.trailers = true;
      this.close(out);
    }
    return out;
  }

  end(): FramerItem[] {
    const out: FramerItem[] = [];
    this.close(out);
    return out;
  }

  /**
   * A log record (not a CDR row) is open without its `[Time:…]` trailer, in an input whose
   * records carry one: its writer has not finished it. Where no trailer was seen, the next record
   * is the only end a record has, so an open one counts as complete.
   */
  holdsUnfinished(): boolean {
    const open = this.open;
    return open !== null && this.trailers && open.head.idKind !== 'cdr';
  }

  private start(line: string, head: RecordHead, meta: LineMeta, where: string): void {
    const prefix = line.slice(0, head.start);
    // consecutive records mostly share their collector prefix (same second, same host)
    let stamp = this.lastStamp;
    if (prefix !== this.lastPrefix || meta.source !== this.lastSource || stamp === null) {
      stamp = parsePrefix(prefix, this.clock.zoneClock, (m) => this.clock.yearFor(`collector\u0000${meta.source}`, m));
      this.lastPrefix = prefix;
      this.lastSource = meta.source;
      this.lastStamp = stamp;
    }
    const device = stamp.host !== undefined && stamp.host !== null ? this.deviceName(stamp.host) : (meta.sender ?? meta.source);
    let first = line.slice(head.bodyStart);
    if (head.idKind === 'cdr') {
      first = stripCr(first);
    }
    this.open = {
      where,
      device,
      head,
      collectorTime: stamp.time ?? meta.receivedAt ?? null,
      first,
      parts: null,
      size: first.length,
      endOffset: lineEnd(line, meta),
      discard: false,
    };
  }

  private append(open: OpenRecord, line: string, meta: LineMeta): void {
    open.endOffset = lineEnd(line, meta);
    if (open.discard) {
      return;
    }
    let part = line;
    if (open.head.idKind === 'cdr') {
      // a CDR row has no line breaks: a continuation is a wrapped row
      part = stripCr(part.trimStart());
    } else {
      const lead = leadingSpaces(part);
      if (lead >= VIEWER_INDENT) {
        part = part.slice(lead);
      }
    }
    open.size += part.length + 1;
    if (open.size > this.opts.maxLineBytes) {
      open.discard = true;
      open.parts = null;
      return;
    }
    if (open.parts === null) {
      open.parts = [open.first, part];
    } else {
      open.parts.push(part);
    }
  }

  /** Hands on the open record, if any, to `out`. */
  private close(out: FramerItem[]): void {
    const open = this.open;
    if (open === null) {
      return;
    }
    this.open = null;
    if (open.head.seq !== undefined) {
      this.checkSeq(open.device, open.head.seq, open.where, out);
    }
    if (open.discard) {
      out.push({ type: 'skip', skip: { where: open.where, why: `record longer than ${this.opts.maxLineBytes} bytes` } });
      return;
    }
    const rec = open.head.idKind === 'cdr' ? this.cdrRecord(open, out) : this.logRecord(open);
    if (rec) {
      out.push({ type: 'record', record: rec });
    }
  }

  private logRecord(open: OpenRecord): FramedRecord {
    const joined = open.parts === null ? open.first : open.parts.join('\n');
    const body = splitTrailer(joined);
    const text = decodeEscapes(body.payload);
    const time = body.deviceTime ? this.clock.toUtc(open.device, body.deviceTime, open.collectorTime) : open.collectorTime;
    const sid = open.head.idKind === 'sid';
    const rec: FramedRecord = {
      format: 'audiocodes',
      kind: sid ? 'sip' : 'debug',
      where: open.where,
      key: sid ? open.head.id : `bid:${open.head.id}`,
      keyIsSession: sid,
      device: open.device,
      time,
      text,
    };
    if (open.head.seq !== undefined) {
      rec.seq = open.head.seq;
    }
    if (open.endOffset !== undefined) {
      rec.endOffset = open.endOffset;
    }
    const attrs: Record<string, string> = {};
    if (body.code !== undefined) {
      attrs.code = body.code;
    }
    if (body.cid !== undefined) {
      attrs.cid = body.cid;
    }
    if (sid && open.head.seq !== undefined) {
      // the SID as the framer keeps it: one flat string shared by all records of the SID
      rec.key = this.chain(open.device, rec.key, open.head.seq, attrs);
    }
    for (const _k in attrs) {
      rec.attrs = attrs;
      break;
    }
    return rec;
  }

  private cdrRecord(open: OpenRecord, out: FramerItem[]): FramedRecord | null {
    const text = open.parts === null ? open.first : open.parts.join('');
    const row = this.cdr.read(open.device, text);
    if (row.type === 'header') {
      return null;
    }
    if (row.type === 'bad') {
      out.push({ type: 'skip', skip: { where: open.where, why: row.why } });
      return null;
    }
    const f = row.fields;
    const timeCol =
      row.reportType === 'CALL_END' ? f.ReleaseTime : row.reportType === 'CALL_CONNECT' ? f.ConnectTime : f.SetupTime;
    const rowTime = timeCol ? parseCdrTime(timeCol, this.clock.zoneClock) : null;
    const sessionKey = f.SessionId ?? '';
    // the row's fields are this record's alone: they become its attrs
    const attrs: Record<string, string> = f;
    if (row.assumed) {
      attrs[ASSUMED_ATTR] = '7.40A';
    }
    const kind: RecordKind = row.cls;
    const rec: FramedRecord = {
      format: 'audiocodes',
      kind,
      where: open.where,
      key: sessionKey !== '' ? sessionKey : `cdr:${open.device}`,
      keyIsSession: sessionKey !== '',
      device: open.device,
      time: rowTime ?? open.collectorTime,
      text,
      attrs,
    };
    if (open.head.seq !== undefined) {
      rec.seq = open.head.seq;
    }
    if (open.endOffset !== undefined) {
      rec.endOffset = open.endOffset;
    }
    return rec;
  }

  /**
   * Links a SID's records for the assembler: `prevSeq` = S of the SID's previous record (so an
   * assembler fed out of order knows what to wait for), `lossBefore` = records of this device
   * were lost since that previous record (text of this SID may be missing in between).
   */
  private chain(device: string, key: string, seq: number, attrs: Record<string, string>): string {
    const lost = this.deviceSeq(device).lost;
    // one look-up for a known SID: made the newest, its entry updated in place
    const last = this.lastOfKey.touch(key);
    if (last !== undefined) {
      if (last.seq < seq) {
        attrs[PREV_SEQ_ATTR] = String(last.seq);
        if (lost > last.lost) {
          attrs[LOSS_BEFORE_ATTR] = '1';
        }
      }
      last.seq = seq;
      last.lost = lost;
      return last.key;
    }
    // the SID's own copy: a SID cut from a log line would keep the whole line alive for as long
    // as the key is remembered (10,000 keys ≈ 6 MB of lines)
    const kept = ownCopy(key);
    this.lastOfKey.use(kept, { key: kept, seq, lost });
    if (this.lastOfKey.size > KEYS_REMEMBERED) {
      const oldest = this.lastOfKey.oldest();
      if (oldest !== undefined) {
        this.lastOfKey.delete(oldest);
      }
    }
    return kept;
  }

  /**
   * The device's name as one string of its own: the host is cut from a log line, and every
   * message of a call keeps its device, which would keep that whole line alive with it.
   */
  private deviceName(host: string): string {
    if (host === this.lastDevice) {
      return this.lastDevice;
    }
    let own = this.deviceNames.get(host);
    if (own === undefined) {
      if (this.deviceNames.size >= 4096) {
        this.deviceNames.clear();
      }
      own = ownCopy(host);
      this.deviceNames.set(own, own);
    }
    return own;
  }

  private deviceSeq(device: string): DeviceSeq {
    if (device === this.lastDevice && this.lastDeviceSeq !== null) {
      return this.lastDeviceSeq;
    }
    let d = this.devices.get(device);
    if (d === undefined) {
      d = { last: undefined, lost: 0 };
      this.devices.set(device, d);
    }
    this.lastDevice = device;
    this.lastDeviceSeq = d;
    return d;
  }

  private checkSeq(device: string, seq: number, where: string, out: FramerItem[]): void {
    const d = this.deviceSeq(device);
    const last = d.last;
    if (last === undefined || seq === last + 1) {
      d.last = seq;
      return;
    }
    if (seq > last + 1) {
      out.push({ type: 'gap', gap: { device, from: last + 1, to: seq - 1, where } });
      d.last = seq;
      d.lost += seq - last - 1;
      return;
    }
    if (last - seq > RESTART_DROP) {
      // the device restarted and numbers from 1 again
      d.last = seq;
    }
    // else: a late or repeated record; the gap (if any) was already reported
  }
}

export function createAudiocodesFramer(opts: ReaderOptions): Framer {
  return new AudiocodesFramer(opts);
}
