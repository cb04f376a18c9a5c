/**
 * Syslog message headers, as SBCs send them. Pure: no I/O, no clock.
 *
 *   RFC 5424  <PRI>1 TIMESTAMP HOST APP PROCID MSGID [SD-ID k="v"]… MSG     (`-` = nil field)
 *             <147> 1 2020-05-05T10:11:12.123456+02:00 host app - - - sent msg for CallId:…   (Ribbon: a space after PRI)
 *   RFC 3164  <PRI>Mmm dd hh:mm:ss HOST MSG                                 (`Nov  5 08:01:02 10.0.0.1 [S=…`)
 *             <PRI>2026-11-25T08:35:00+01:00 HOST MSG                          (rsyslog's ISO variant)
 *   bare      <PRI>MSG                                                       (AudioCodes: `<133>[S=1718460] [SID=…] …`)
 *
 * An RFC 3164 MSG may start with a TAG (`asterisk[12345]: `); `contentStart` points past it.
 *
 * Anything without a valid `<PRI>` is not syslog (a value, not an exception).
 */

export type SyslogProtocol = 'rfc5424' | 'rfc3164' | 'bare';

export interface SyslogMessage {
  pri: number;
  facility: number;
  severity: number;
  protocol: SyslogProtocol;
  /** the header's timestamp as written, when there is one */
  timestamp?: string;
  /** UTC ms of an ISO timestamp with a zone (RFC 5424), otherwise undefined */
  time?: number;
  host?: string;
  app?: string;
  procId?: string;
  msgId?: string;
  /** RFC 5424 structured data as written (`[id k="v"]…`), when not nil */
  structuredData?: string;
  /** RFC 3164 TAG (`asterisk[123]:` → `asterisk`), when the message starts with one */
  tag?: string;
  /** the message text after the header */
  msg: string;
  /** index in the input where `msg` starts */
  msgStart: number;
  /** index where the content starts: after the TAG when there is one, else `msgStart` */
  contentStart: number;
}

export type SyslogParseFailure = 'empty' | 'no-pri' | 'bad-pri';
export type SyslogParse = { ok: true; value: SyslogMessage } | { ok: false; reason: SyslogParseFailure };

const MONTHS = new Set(['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']);
const RFC3164_TS = /^[A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d(?:\.\d{1,6})?(?= |$)/;
const TAG = /^([A-Za-z0-9_./-]{1,48})(?:\[\d{1,10}\])?: ?/;
const ISO_TS = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{1,9})?(?:Z|[+-]\d\d:\d\d)(?= |$)/;

/** Parses one syslog message (one datagram or one TCP frame), without its trailing line break. */
export function parseSyslog(text: string): SyslogParse {
  if (text.length === 0) {
    return { ok: false, reason: 'empty' };
  }
  if (text.charCodeAt(0) !== 60 /* < */) {
    return { ok: false, reason: 'no-pri' };
  }
  let i = 1;
  let pri = 0;
  while (i < text.length && i <= 4) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) {
      break;
    }
    pri = pri * 10 + (c - 48);
    i++;
  }
  if (i === 1 || i > 4 || text.charCodeAt(i) !== 62 /* > */ || pri > 191) {
    return { ok: false, reason: i === 1 ? 'no-pri' : 'bad-pri' };
  }
  i++;
  // one object of one shape, filled in place (object spread is slow on this hot path)
  const v: SyslogMessage = {
    pri,
    facility: pri >> 3,
    severity: pri & 7,
    protocol: 'bare',
    msg: '',
    msgStart: i,
    contentStart: i,
  };

  // RFC 5424: version 1 (Ribbon puts a space before it)
  const sp = text.charCodeAt(i) === 32 ? 1 : 0;
  if (text.charCodeAt(i + sp) === 49 /* 1 */ && text.charCodeAt(i + sp + 1) === 32 && parse5424(text, i + sp + 2, v)) {
    return { ok: true, value: v };
  }

  // RFC 3164: BSD timestamp or ISO timestamp, then the host
  const rest = text.slice(i, i + 40);
  const m = RFC3164_TS.exec(rest) ?? ISO_TS.exec(rest);
  if (m && (m[0].charCodeAt(0) > 57 ? MONTHS.has(m[0].slice(0, 3)) : true)) {
    v.protocol = 'rfc3164';
    v.timestamp = m[0];
    let p = i + m[0].length;
    if (m[0].charCodeAt(0) <= 57) {
      const t = Date.parse(m[0]);
      if (!Number.isNaN(t)) {
        v.time = t;
      }
    }
    if (text.charCodeAt(p) === 32) {
      p++;
      const end = tokenEnd(text, p, MAX_HOST);
      const host = text.slice(p, end);
      // a tag (`app:`, `app[12]:`) or an AudioCodes body (`[S=…`) where the host should be: no host
      if (host.length > 0 && text.charCodeAt(end) === 32 && !host.endsWith(':') && !host.includes('[')) {
        v.host = host;
        p = end + 1;
      }
    }
    v.msgStart = p;
    v.contentStart = p;
    const tag = TAG.exec(text.slice(p, p + 64));
    if (tag) {
      v.tag = tag[1];
      v.contentStart = p + tag[0].length;
    }
  }
  v.msg = text.slice(v.msgStart);
  return { ok: true, value: v };
}

/** longest header field looked at (RFC 5424 HOSTNAME is at most 255) */
const MAX_HOST = 255;

/** Fills `v` from an RFC 5424 header starting after the version; false when it is not one. */
function parse5424(text: string, start: number, v: SyslogMessage): boolean {
  const fields: string[] = [];
  let p = start;
  for (let f = 0; f < 5; f++) {
    const end = tokenEnd(text, p, MAX_HOST);
    if (end === p) {
      return false;
    }
    fields.push(text.slice(p, end));
    p = end;
    if (text.charCodeAt(p) !== 32) {
      // the header ends early: everything is there but the message
      if (p >= text.length && f === 4) {
        break;
      }
      return false;
    }
    p++;
  }
  const [ts, host, app, procId, msgId] = fields;
  v.protocol = 'rfc5424';
  if (ts !== '-') {
    v.timestamp = ts;
    const t = ISO_TS.test(ts) ? Date.parse(ts) : NaN;
    if (!Number.isNaN(t)) {
      v.time = t;
    }
  }
  if (host !== '-') {
    v.host = host;
  }
  if (app !== '-') {
    v.app = app;
  }
  if (procId !== '-') {
    v.procId = procId;
  }
  if (msgId !== '-') {
    v.msgId = msgId;
  }
  // structured data: `-` or one or more [..] elements; a sender that leaves it out (Ribbon) goes on with MSG
  if (text.charCodeAt(p) === 45 /* - */ && (p + 1 >= text.length || text.charCodeAt(p + 1) === 32)) {
    p = Math.min(text.length, p + 2);
  } else if (text.charCodeAt(p) === 91 /* [ */) {
    const sdEnd = structuredDataEnd(text, p);
    if (sdEnd > p) {
      v.structuredData = text.slice(p, sdEnd);
      p = text.charCodeAt(sdEnd) === 32 ? sdEnd + 1 : sdEnd;
    }
  }
  if (text.charCodeAt(p) === 0xfeff) {
    p++; // UTF-8 BOM before MSG
  }
  v.msgStart = p;
  v.contentStart = p;
  v.msg = text.slice(p);
  return true;
}

/** end of the token at `p`: the next space, or `max` characters on (so a huge message costs nothing) */
function tokenEnd(text: string, p: number, max: number): number {
  const stop = Math.min(text.length, p + max);
  for (let i = p; i < stop; i++) {
    if (text.charCodeAt(i) === 32) {
      return i;
    }
  }
  return stop;
}

/** End (exclusive) of `[..][..]` structured data starting at `p`, or `p` when it is malformed. */
function structuredDataEnd(text: string, p: number): number {
  let i = p;
  while (text.charCodeAt(i) === 91) {
    i++;
    let inQuotes = false;
    for (;;) {
      if (i >= text.length) {
        return p;
      }
      const c = text.charCodeAt(i);
      if (c === 92 /* \ */ && inQuotes) {
        i += 2;
        continue;
      }
      if (c === 34 /* " */) {
        inQuotes = !inQuotes;
      } else if (c === 93 /* ] */ && !inQuotes) {
        i++;
        break;
      }
      i++;
    }
  }
  return i;
}

/**
 * True when a buffer does not look like text: a NUL byte anywhere, or more than 1 in 10 control
 * bytes other than tab, line breaks, form feed and ESC (colour codes) in its first 1 KB.
 */
export function looksBinary(buf: Buffer): boolean {
  if (buf.indexOf(0) !== -1) {
    return true;
  }
  const n = Math.min(buf.length, 1024);
  let control = 0;
  for (let i = 0; i < n; i++) {
    const c = buf[i];
    if (c < 32) {
      if (c !== 9 && c !== 10 && c !== 13 && c !== 12 && c !== 27) {
        control++;
      }
    } else if (c === 127) {
      control++;
    }
  }
  return control * 10 > n;
}

/** A syslog frame without its trailing line breaks and NULs (a view, not a copy). */
export function trimFrame(buf: Buffer): Buffer {
  let end = buf.length;
  while (end > 0) {
    const c = buf[end - 1];
    if (c !== 10 && c !== 13 && c !== 0) {
      break;
    }
    end--;
  }
  return end === buf.length ? buf : buf.subarray(0, end);
}
