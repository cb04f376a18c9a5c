/**
 * AudioCodes CDR and media-report rows, mapped by the device's header row:
 *
 *   [S=3] |SBCReportType  |EPTyp     |SIPCallId    |SessionId        |Orig |…|LegId|VoiceAIConnectorName
 *   [S=4] |CALL_END       |SBC       |4341…@10.0.2.11|c62532:22:625  |LCL  |…|2    |
 *   [S=5] |MediaReportType|SIPCallId |SessionId |Cid |MediaType |Coder |…|LegId
 *   [S=6] |MEDIA_END      |1457…@10.0.2.11|c62532:22:710|10 |AUDIO |g711Ulaw64k |…|2
 *
 * Fields are `|`-separated and padded: trim, never slice by width. Column sets change between
 * firmware versions, so rows are mapped by the last header row seen from the same device; before
 * any, by the 7.40A header documented in reference/sbc-log-formats.md §1.8 (the row then says
 * `columnsAssumed: '7.40A'`). Pure.
 */
import { isTrimmed } from '../sip/params';
import { ownCopy } from './log-reader';

export type CdrClass = 'cdr' | 'media';

/** SBC CDR header as 7.40A sends it. */
export const SBC_CDR_HEADER_740A: readonly string[] = [
  'SBCReportType', 'EPTyp', 'SIPCallId', 'SessionId', 'Orig', 'SourceIp', 'SourcePort', 'DestIp', 'DestPort',
  'TransportType', 'SrcURI', 'SrcURIBeforeMap', 'DstURI', 'DstURIBeforeMap', 'Duration', 'TrmSd', 'TrmReason',
  'TrmReasonCategory', 'SetupTime', 'ConnectTime', 'ReleaseTime', 'RedirectReason', 'RedirectURINum',
  'RedirectURINumBeforeMap', 'TxSigIPDiffServ', 'IPGroup (name)', 'SrdId (name)', 'SIPInterfaceId (name)',
  'ProxySetId (name)', 'IpProfileId (name)', 'MediaRealmId (name)', 'DirectMedia', 'SIPTrmReason', 'SIPTermDesc',
  'Caller', 'Callee', 'Trigger', 'LegId', 'VoiceAIConnectorName',
];

/** Media report header as 7.40A sends it. */
export const MEDIA_HEADER_740A: readonly string[] = [
  'MediaReportType', 'SIPCallId', 'SessionId', 'Cid', 'MediaType', 'Coder', 'Intrv', 'LocalRtpIp', 'LocalRtpPort',
  'RemoteRtpIp', 'RemoteRtpPort', 'InPackets', 'OutPackets', 'LocalPackLoss', 'RemotePackLoss', 'RTPdelay',
  'RTPjitter', 'TxRTPssrc', 'RxRTPssrc', 'LocalRFactor', 'RemoteRFactor', 'LocalMosCQ', 'RemoteMosCQ',
  'TxRTPIPDiffServ', 'LatchedRtpIp', 'LatchedRtpPort', 'LatchedT38Ip', 'LatchedT38Port', 'CoderTranscoding', 'LegId',
];

/** Key in a record's attrs telling that the columns were mapped by the assumed 7.40A header. */
export const ASSUMED_ATTR = '#columnsAssumed';

export type CdrLine =
  | { type: 'header'; cls: CdrClass; columns: string[] }
  | { type: 'row'; cls: CdrClass; reportType: string; fields: Record<string, string>; assumed: boolean }
  | { type: 'bad'; why: string };

/**
 * An object with the columns of `header` as keys, in order, each '': rows copied from it get all
 * their fields in one allocation and one hidden class, instead of growing key by key. Null when a
 * column name would not become an own key of a copy (`__proto__`).
 */
function fieldsTemplate(header: readonly string[]): Record<string, string> | null {
  if (header.includes('__proto__')) {
    return null;
  }
  const keys: Record<string, string> = {};
  for (const name of header) {
    keys[name] = '';
  }
  // JSON.parse builds the object with its fields in place
  return JSON.parse(JSON.stringify(keys)) as Record<string, string>;
}

/** Remembers each device's header rows and maps rows by them. */
export class CdrColumns {
  private readonly headers = new Map<string, string[]>();
  /** per header (the 7.40A ones and those read): the object a row's fields are copied from */
  private readonly templates = new WeakMap<readonly string[], Record<string, string> | null>();

  /** `text` starts at the row's first `|`. */
  read(device: string, text: string): CdrLine {
    // cols[0] is what precedes the first '|' (empty)
    const first = text.indexOf('|');
    const type = first < 0 ? '' : column(text, first + 1);
    if (type.length === 0) {
      return { type: 'bad', why: 'CDR row without a report type' };
    }
    if (type.endsWith('ReportType')) {
      const cols = text.split('|');
      const cls: CdrClass = type.startsWith('Media') ? 'media' : 'cdr';
      const columns = cols.slice(1).map((c) => c.trim());
      while (columns.length > 0 && columns[columns.length - 1] === '') {
        columns.pop();
      }
      this.headers.set(`${cls}\u0000${device}`, columns);
      return { type: 'header', cls, columns };
    }
    const cls: CdrClass = type.startsWith('MEDIA_') ? 'media' : 'cdr';
    const known = this.headers.get(`${cls}\u0000${device}`);
    const header = known ?? (cls === 'media' ? MEDIA_HEADER_740A : SBC_CDR_HEADER_740A);
    let template = this.templates.get(header);
    if (template === undefined) {
      template = fieldsTemplate(header);
      this.templates.set(header, template);
    }
    const fields: Record<string, string> = template === null ? {} : { ...template };
    // walk the columns in place: each value is cut out once, already trimmed
    let at = first + 1;
    let i = 0;
    for (; i < header.length; i++) {
      if (at < 0) {
        fields[header[i]] = '';
        continue;
      }
      fields[header[i]] = kept(column(text, at));
      at = nextColumn(text, at);
    }
    for (; at >= 0; i++) {
      const v = column(text, at);
      if (v !== '') {
        fields[`column${i + 1}`] = kept(v);
      }
      at = nextColumn(text, at);
    }
    return { type: 'row', cls, reportType: type, fields, assumed: known === undefined };
  }
}

/** The column starting at `from` up to the next `|`, trimmed (as `trim` trims). */
function column(text: string, from: number): string {
  let end = text.indexOf('|', from);
  if (end < 0) {
    end = text.length;
  }
  while (from < end && isTrimmed(text.charCodeAt(from))) {
    from++;
  }
  while (end > from && isTrimmed(text.charCodeAt(end - 1))) {
    end--;
  }
  return from === end ? '' : text.slice(from, end);
}

/**
 * A field value as its own string: V8 cuts strings of 13 characters or more as slices that keep
 * the whole padded row alive, and a row's fields live as long as its call.
 */
function kept(v: string): string {
  return v.length < 13 ? v : ownCopy(v);
}

/** Where the column after the one starting at `from` starts, or -1 after the last one. */
function nextColumn(text: string, from: number): number {
  const bar = text.indexOf('|', from);
  return bar < 0 ? -1 : bar + 1;
}
