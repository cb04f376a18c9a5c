/**
 * The lines of an AudioCodes session's text, once its records are joined:
 *
 *   (N  6891752) ---- Outgoing SIP Message to 52.114.75.24:5061 from SIPInterface #2 (Teams) TLS TO(#134) SocketID(200) ----
 *   OPTIONS sip:sip.pstnhub.microsoft.com:5061 SIP/2.0
 *   Via: SIP/2.0/TLS 82.185.88.164:5061;branch=z9hG4bKac10785
 *   …
 *   (N  6891753) AcSIPDialog(#949): Handling …                 ← a debug line ends the SIP text
 *
 * Helpers to tell debug-line starts and framing lines apart, and to rebuild a SIP message with
 * CRLF line ends. Pure.
 */
import type { TracedMessage } from './record';

/** FramedRecord attrs set by the framer on SID records (see audiocodes-framer.ts). */
export const PREV_SEQ_ATTR = 'prevSeq';
export const LOSS_BEFORE_ATTR = 'lossBefore';

export interface Framing {
  direction: 'in' | 'out';
  remote?: string;
  transport?: string;
  iface?: string;
}

/**
 * If `line` starts with a debug-line number `(N 123)` (or old `(lgr_flow)(620)`), the index
 * just after it (spaces skipped); else -1.
 */
export function debugLineBody(line: string): number {
  let i = 0;
  while (line.charCodeAt(i) === 32) {
    i++;
  }
  if (line.charCodeAt(i) !== 40 /* ( */) {
    return -1;
  }
  const c = line.charCodeAt(i + 1);
  if (c === 78 /* N */) {
    let j = i + 2;
    while (line.charCodeAt(j) === 32) {
      j++;
    }
    const d0 = j;
    while (j < line.length && line.charCodeAt(j) >= 48 && line.charCodeAt(j) <= 57) {
      j++;
    }
    if (j === d0 || line.charCodeAt(j) !== 41 /* ) */) {
      return -1;
    }
    j++;
    while (line.charCodeAt(j) === 32) {
      j++;
    }
    return j;
  }
  if (c === 108 /* l */ && line.startsWith('(lgr_', i)) {
    const close = line.indexOf(')', i);
    if (close < 0 || close > i + 40) {
      return -1;
    }
    let j = close + 1;
    if (line.charCodeAt(j) === 40) {
      const c2 = line.indexOf(')', j);
      if (c2 > 0 && c2 < j + 16) {
        j = c2 + 1;
      }
    }
    while (line.charCodeAt(j) === 32) {
      j++;
    }
    return j;
  }
  return -1;
}

const FRAMING =
  /^-{2,}\s*(Incoming|Outgoing)\s+SIP\s+Message\s+(?:from|to)\s+(\S+)\s+(?:to|from)\s+SIPInterface\s*#\s*\d+\s*\(([^)]*)\)\s*([A-Za-z]+)?/;

/** Reads a `---- Incoming/Outgoing SIP Message …` line starting at `from`, or null. */
export function parseFraming(line: string, from: number): Framing | null {
  if (line.charCodeAt(from) !== 45 || line.charCodeAt(from + 1) !== 45) {
    return null;
  }
  let i = from;
  while (line.charCodeAt(i) === 45) {
    i++;
  }
  while (line.charCodeAt(i) === 32) {
    i++;
  }
  let direction: 'in' | 'out';
  if (line.startsWith('Incoming SIP Message', i)) {
    direction = 'in';
  } else if (line.startsWith('Outgoing SIP Message', i)) {
    direction = 'out';
  } else {
    return null;
  }
  const text = line.length - from > 400 ? line.slice(from, from + 400) : line.slice(from);
  const m = FRAMING.exec(text);
  if (!m) {
    return { direction };
  }
  const f: Framing = { direction, remote: m[2], iface: m[3] };
  if (m[4] && m[4] !== 'TO') {
    f.transport = m[4].toUpperCase();
  }
  return f;
}

/**
 * Could this unfinished last line still become a framing line once the next record arrives?
 * (`(N  68916`, `(N 6891677) ---- Incom`, `---`, …)
 */
export function couldOpenMessage(tail: string): boolean {
  let i = 0;
  while (tail.charCodeAt(i) === 32) {
    i++;
  }
  if (i === tail.length) {
    return true;
  }
  if (tail.charCodeAt(i) === 40 /* ( */) {
    if (i + 1 === tail.length) {
      return true;
    }
    const c = tail.charCodeAt(i + 1);
    if (c === 108 /* l */) {
      return true;
    }
    if (c !== 78) {
      return false;
    }
    let j = i + 2;
    while (j < tail.length && (tail.charCodeAt(j) === 32 || (tail.charCodeAt(j) >= 48 && tail.charCodeAt(j) <= 57))) {
      j++;
    }
    if (j === tail.length) {
      return true;
    }
    if (tail.charCodeAt(j) !== 41) {
      return false;
    }
    i = j + 1;
    while (tail.charCodeAt(i) === 32) {
      i++;
    }
  }
  const rest = tail.slice(i, i + 32);
  if (rest.length === 0) {
    return true;
  }
  if (rest.charCodeAt(0) !== 45) {
    return false;
  }
  return true;
}

/** `Content-Length: 123` / `l: 123` (any case) → 123; other headers → undefined. */
export function contentLengthOf(line: string): number | undefined {
  const c = line.charCodeAt(0) | 0x20;
  if (c !== 99 /* c */ && c !== 108 /* l */) {
    return undefined;
  }
  const colon = line.indexOf(':');
  if (colon < 1 || colon > 20) {
    return undefined;
  }
  const name = line.slice(0, colon).trim().toLowerCase();
  if (name !== 'content-length' && name !== 'l') {
    return undefined;
  }
  const n = parseInt(line.slice(colon + 1).trim(), 10);
  return Number.isFinite(n) && n >= 0 ? n : undefined;
}

/** `INVITE sip:… SIP/2.0` or `SIP/2.0 200 OK`. */
export function isSipStartLine(l: string): boolean {
  if (l.startsWith('SIP/2.0 ')) {
    return true;
  }
  const sp = l.indexOf(' ');
  return sp > 0 && l.endsWith(' SIP/2.0') && l.indexOf(' ', sp + 1) === l.length - 8;
}

/** Removes trailing spaces and tabs. */
export function trimRight(s: string): string {
  let e = s.length;
  while (e > 0) {
    const c = s.charCodeAt(e - 1);
    if (c !== 32 && c !== 9) {
      break;
    }
    e--;
  }
  return e === s.length ? s : s.slice(0, e);
}

/** A SIP message being collected line by line. */
export interface OpenMessage {
  framing: Framing;
  where: string;
  time: number | null;
  order: number;
  head: string[];
  body: string[];
  headersDone: boolean;
  contentLength: number | null;
  bodyLen: number;
  /** records of the device were lost while this message was being read */
  cut: boolean;
}

export type LineResult = 'more' | 'complete';

/** Adds one SIP line (already without its line break). */
export function addSipLine(m: OpenMessage, raw: string): LineResult {
  const l = trimRight(raw);
  if (!m.headersDone) {
    if (l.length === 0) {
      if (m.head.length === 0) {
        return 'more';
      }
      m.headersDone = true;
      return m.contentLength === 0 ? 'complete' : 'more';
    }
    if (m.contentLength === null) {
      const cl = contentLengthOf(l);
      if (cl !== undefined) {
        m.contentLength = cl;
      }
    }
    m.head.push(l);
    return 'more';
  }
  if (m.contentLength !== null && m.bodyLen >= m.contentLength) {
    return 'complete';
  }
  m.body.push(l);
  m.bodyLen += l.length + 2;
  return m.contentLength !== null && m.bodyLen >= m.contentLength ? 'complete' : 'more';
}

/** Is the collected message short of what its headers announced? */
export function isIncomplete(m: OpenMessage): boolean {
  if (!m.headersDone || m.cut) {
    return true;
  }
  // a trailing space trimmed from each body line may have been real: allow one byte per line
  return m.contentLength !== null && m.bodyLen < m.contentLength - m.body.length;
}

/** The message text with CRLF line ends. */
export function rebuild(m: OpenMessage): string {
  let head = m.head.join('\r\n') + '\r\n';
  if (!m.headersDone) {
    return head;
  }
  head += '\r\n';
  let n = m.body.length;
  while (n > 0 && m.body[n - 1].length === 0) {
    n--;
  }
  if (n === 0) {
    return head;
  }
  return head + (n === m.body.length ? m.body : m.body.slice(0, n)).join('\r\n') + '\r\n';
}

/** Fills a TracedMessage from a finished OpenMessage. */
export function toTraced(
  m: OpenMessage,
  ctx: { device: string; sessionKey: string },
  truncated: boolean,
): TracedMessage {
  const t: TracedMessage = {
    raw: rebuild(m),
    where: m.where,
    time: m.time,
    direction: m.framing.direction,
    sessionKey: ctx.sessionKey,
    device: ctx.device,
    format: 'audiocodes',
    order: m.order,
  };
  if (m.framing.remote !== undefined) {
    t.remote = m.framing.remote;
  }
  if (m.framing.transport !== undefined) {
    t.transport = m.framing.transport;
  }
  if (m.framing.iface !== undefined) {
    t.iface = m.framing.iface;
  }
  if (truncated) {
    t.truncated = true;
  }
  return t;
}
