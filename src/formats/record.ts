/**
 * What the format readers produce. A reader turns lines of a log (or syslog datagrams) into
 * `FramedRecord`s; the assembler turns the records of one correlation key into `TracedMessage`s.
 *
 *   lines ──framer──▶ FramedRecord (one vendor record: an AudioCodes [S=] record, an Oracle
 *                     record between dashes, a CUBE ccsipDisplayMsg block, …)
 *   records of one key ──assembler──▶ TracedMessage (one SIP message + where/when/who it came from)
 */

export type FormatName = 'audiocodes' | 'ribbon' | 'oracle' | 'cisco' | 'asterisk' | 'freeswitch' | 'sip';
export const FORMAT_NAMES: readonly FormatName[] = [
  'audiocodes',
  'ribbon',
  'oracle',
  'cisco',
  'asterisk',
  'freeswitch',
  'sip',
];

/** Where a piece of input came from: `file:line` for files, `udp:1.2.3.4:514#n` for the listener. */
export type Where = string;

/** Meta data a caller passes with every line. */
export interface LineMeta {
  /** file name or listener id */
  source: string;
  /** 1-based line number in the file, or datagram number */
  line: number;
  /** byte offset of the start of this line in the source (files only) */
  offset?: number;
  /** the collector's receive time (UTC ms) when the transport knows it (syslog listener) */
  receivedAt?: number;
  /** the address of the device that sent it (syslog listener), used as the SBC's identity */
  sender?: string;
}

/** Settings that every reader shares. Pure values; the CLI/service fills them from flags/env. */
export interface ReaderOptions {
  /** IANA zone of vendor times that carry none (default 'UTC') */
  tz: string;
  /** year of vendor times that carry none (default: the file's modification year) */
  year: number;
  /** longest line accepted in bytes; longer lines are skipped and counted */
  maxLineBytes: number;
}

export type RecordKind = 'sip' | 'cdr' | 'media' | 'debug' | 'other';

/** One vendor record. `key` groups the records that belong to one call (or one SIP message). */
export interface FramedRecord {
  format: FormatName;
  kind: RecordKind;
  where: Where;
  /** byte offset just past this record in its source (files), for resumable tailing */
  endOffset?: number;
  /**
   * Correlation key: AudioCodes SID (`b9027c:24:198171`), CUBE GUID, Ribbon call id, or the SIP
   * Call-ID for formats without a session key. Board records (AudioCodes BID) use `bid:<id>`.
   */
  key: string;
  /** true when `key` is a vendor session key shared by all legs of one call */
  keyIsSession: boolean;
  /** the device: collector-reported host/IP, syslog sender, or the file name when unknown */
  device: string;
  /** the device's record sequence number (AudioCodes `[S=n]`), when it has one */
  seq?: number;
  /** UTC ms of the record (device time preferred, collector time otherwise), null when unknown */
  time: number | null;
  /** the record's payload with framing stripped (AudioCodes: text after `[SID=..]`, without [Time:]) */
  text: string;
  /** format-specific extras (direction, peer, local, transport, interface, …) */
  attrs?: Record<string, string>;
}

export interface Skip {
  where: Where;
  why: string;
}

/** A SIP message as found in a log, with what the log said about it. */
export interface TracedMessage {
  /** the SIP text, lines joined with CRLF, body included */
  raw: string;
  where: Where;
  /** UTC ms, null when the log gave no time */
  time: number | null;
  /** seen from the SBC: 'in' = received by the SBC, 'out' = sent by the SBC; null = unknown */
  direction: 'in' | 'out' | null;
  /** the other side's ip:port as the log printed it, when known */
  remote?: string;
  /** the SBC's own ip:port, when the log printed it */
  local?: string;
  transport?: string;
  /** AudioCodes SIP interface name (`Teams`, `Oxe-Cloud`), when known */
  iface?: string;
  /** vendor session key (SID, GUID, Ribbon call id), when the format has one */
  sessionKey?: string;
  device: string;
  format: FormatName;
  /** order within the device's stream (AudioCodes S of the first record, else line number) */
  order: number;
  /** the record(s) were cut: the message text is incomplete */
  truncated?: boolean;
}

/** An AudioCodes CDR or media report row, mapped by its header row. */
export interface CdrRow {
  where: Where;
  device: string;
  /** SBCReportType / MediaReportType value: CALL_START, CALL_CONNECT, CALL_END, MEDIA_END, … */
  type: string;
  sessionKey: string;
  sipCallId: string;
  /** every column, trimmed, by the header's column name */
  fields: Record<string, string>;
  /**
   * Set when the device's header row had not been seen and the columns were mapped by an assumed
   * header set (AudioCodes: '7.40A'); absent when mapped by the device's own header (optional extension).
   */
  columnsAssumed?: string;
}

/** A gap in a device's record sequence: records that never arrived. */
export interface SeqGap {
  device: string;
  from: number;
  to: number;
  where: Where;
}

/**
 * A transport failure the device logged outside SIP (an AudioCodes `(N …)` debug line such as
 * `TLS handshake with 52.114.75.24:5061 failed: certificate verify failed`). Not a SIP message:
 * the diagnosis reads it as evidence near the calls of the same device and time.
 */
export interface TransportEvent {
  device: string;
  /** UTC ms of the record that carried the line, null when unknown */
  time: number | null;
  /** the peer's ip:port (or host:port) the line names, when it names one */
  remote?: string;
  /** the line as logged, debug counter stripped, trimmed (at most a few hundred characters) */
  text: string;
  where: Where;
  /** the vendor session key (AudioCodes SID) of the record that carried the line, when it had one */
  sessionKey?: string;
}

/** Everything a reader can hand on. Expected failures are values, counted by the caller. */
export type ReaderItem =
  | { type: 'message'; message: TracedMessage }
  | { type: 'transport'; event: TransportEvent }
  | { type: 'cdr'; row: CdrRow }
  | { type: 'gap'; gap: SeqGap }
  | { type: 'skip'; skip: Skip }
  | { type: 'error'; skip: Skip };
