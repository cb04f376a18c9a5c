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
import { isTrimmed } from '../sip/params';
import { ownCopy } from './log-reader';

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
  return debugLineBodyIn(line, 0, line.length);
}

/** debugLineBody for the line `text[from, to)`: the index in `text`, or -1. */
export function debugLineBodyIn(text: string, from: number, to: number): number {
  let i = from;
  while (i < to && text.charCodeAt(i) === 32) {
    i++;
  }
  if (i + 1 >= to || text.charCodeAt(i) !== 40 /* ( */) {
    return -1;
  }
  const c = text.charCodeAt(i + 1);
  if (c === 78 /* N */) {
    let j = i + 2;
    while (j < to && text.charCodeAt(j) === 32) {
      j++;
    }
    const d0 = j;
    while (j < to && text.charCodeAt(j) >= 48 && text.charCodeAt(j) <= 57) {
      j++;
    }
    if (j === d0 || j >= to || text.charCodeAt(j) !== 41 /* ) */) {
      return -1;
    }
    j++;
    while (j < to && text.charCodeAt(j) === 32) {
      j++;
    }
    return j;
  }
  if (c === 108 /* l */ && i + 5 <= to && text.startsWith('(lgr_', i)) {
    const close = text.indexOf(')', i);
    if (close < 0 || close >= to || close > i + 40) {
      return -1;
    }
    let j = close + 1;
    if (j < to && text.charCodeAt(j) === 40) {
      const c2 = text.indexOf(')', j);
      if (c2 >= 0 && c2 < to && c2 < j + 16) {
        j = c2 + 1;
      }
    }
    while (j < to && text.charCodeAt(j) === 32) {
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
  const at = framingWord(line, from, line.length);
  return at < 0 ? null : framingOf(directionAt(line, at), framingText(line, from, line.length));
}

/**
 * Where `Incoming SIP Message` / `Outgoing SIP Message` starts when `text[from, to)` starts like
 * a framing line (`---- Incoming SIP Message`), else -1.
 */
function framingWord(text: string, from: number, to: number): number {
  if (from + 1 >= to || text.charCodeAt(from) !== 45 || text.charCodeAt(from + 1) !== 45) {
    return -1;
  }
  let i = from;
  while (i < to && text.charCodeAt(i) === 45) {
    i++;
  }
  while (i < to && text.charCodeAt(i) === 32) {
    i++;
  }
  if (i + 20 > to) {
    return -1;
  }
  return text.startsWith('Incoming SIP Message', i) || text.startsWith('Outgoing SIP Message', i) ? i : -1;
}

function directionAt(text: string, word: number): 'in' | 'out' {
  return text.charCodeAt(word) === 73 /* I */ ? 'in' : 'out';
}

/** The part of a framing line the pattern reads (at most 400 characters). */
function framingText(text: string, from: number, to: number): string {
  return text.slice(from, to - from > 400 ? from + 400 : to);
}

function framingOf(direction: 'in' | 'out', text: string): Framing {
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

const FRAMINGS_CACHED = 256;

/**
 * parseFraming for lines of a longer text, remembering the last framing lines read: a device
 * writes the same few (`---- Incoming SIP Message from 52.114.75.24:5061 to SIPInterface #2 …`)
 * over and over. The Framing objects handed out are shared: read them, never change them.
 */
export class FramingReader {
  private readonly cache = new Map<string, Framing>();

  /** The framing line `text[from, to)`, or null. */
  read(text: string, from: number, to: number): Framing | null {
    const at = framingWord(text, from, to);
    if (at < 0) {
      return null;
    }
    const key = framingText(text, from, to);
    if (at + 20 > from + key.length) {
      // the direction word lies past what the key holds
      return framingOf(directionAt(text, at), key);
    }
    let f = this.cache.get(key);
    if (f === undefined) {
      f = framingOf(directionAt(text, at), key);
      if (this.cache.size >= FRAMINGS_CACHED) {
        this.cache.clear();
      }
      // own copy: the line is a slice of a whole record's text
      this.cache.set(ownCopy(key), f);
    }
    return f;
  }
}

/**
 * Could this unfinished last line still become a framing line once the next record arrives?
 * (`(N  68916`, `(N 6891677) ---- Incom`, `---`, …) The line is `text` from `from` to its end.
 */
export function couldOpenMessage(text: string, from = 0): boolean {
  const tail = text;
  let i = from;
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
  return i >= tail.length || tail.charCodeAt(i) === 45;
}

/** `Content-Length: 123` / `l: 123` (any case) → 123; other headers → undefined. */
export function contentLengthOf(line: string): number | undefined {
  return contentLengthIn(line, 0, line.length);
}

const CONTENT_LENGTH = 'content-length';

/** contentLengthOf for the line `text[from, to)`; reads the name without cutting it out. */
function contentLengthIn(text: string, from: number, to: number): number | undefined {
  const c = text.charCodeAt(from) | 0x20;
  if (from >= to || (c !== 99 /* c */ && c !== 108 /* l */)) {
    return undefined;
  }
  const colon = text.indexOf(':', from);
  if (colon < from + 1 || colon > from + 20 || colon >= to) {
    return undefined;
  }
  // the name before the colon, trailing white space left out, compared without case
  let e = colon;
  while (e > from && isTrimmed(text.charCodeAt(e - 1))) {
    e--;
  }
  const n = e - from;
  if (n === 1) {
    if (c !== 108) {
      return undefined;
    }
  } else if (n === CONTENT_LENGTH.length) {
    for (let k = 0; k < n; k++) {
      const ch = text.charCodeAt(from + k);
      if ((ch >= 65 && ch <= 90 ? ch + 32 : ch) !== CONTENT_LENGTH.charCodeAt(k)) {
        return undefined;
      }
    }
  } else {
    return undefined;
  }
  const v = parseInt(text.slice(colon + 1, to).trim(), 10);
  return Number.isFinite(v) && v >= 0 ? v : undefined;
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
  const e = trimmedEnd(s, 0, s.length);
  return e === s.length ? s : s.slice(0, e);
}

/** The end of `text[from, to)` without its trailing spaces and tabs. */
function trimmedEnd(text: string, from: number, to: number): number {
  let e = to;
  while (e > from) {
    const c = text.charCodeAt(e - 1);
    if (c !== 32 && c !== 9) {
      break;
    }
    e--;
  }
  return e;
}

/** A SIP message being collected line by line. */
export interface OpenMessage {
  framing: Framing;
  where: string;
  time: number | null;
  order: number;
  /**
   * the lines taken, trailing spaces and tabs removed: the `headLines` header lines, then (once
   * `headersDone`) an empty line and the body lines
   */
  lines: string[];
  headLines: number;
  bodyLines: number;
  headersDone: boolean;
  contentLength: number | null;
  bodyLen: number;
  /** records of the device were lost while this message was being read */
  cut: boolean;
}

export type LineResult = 'more' | 'complete';

/** A message opened by `framing`, nothing taken yet. */
export function openMessage(framing: Framing, where: string, time: number | null, order: number): OpenMessage {
  return {
    framing,
    where,
    time,
    order,
    lines: [],
    headLines: 0,
    bodyLines: 0,
    headersDone: false,
    contentLength: null,
    bodyLen: 0,
    cut: false,
  };
}

/** Adds one SIP line (already without its line break). */
export function addSipLine(m: OpenMessage, raw: string): LineResult {
  return addSipLineIn(m, raw, 0, raw.length);
}

/** Adds the SIP line `text[from, to)` (without its line break). */
export function addSipLineIn(m: OpenMessage, text: string, from: number, to: number): LineResult {
  const e = trimmedEnd(text, from, to);
  if (!m.headersDone) {
    if (e === from) {
      if (m.headLines === 0) {
        return 'more';
      }
      m.headersDone = true;
      m.lines.push('');
      return m.contentLength === 0 ? 'complete' : 'more';
    }
    if (m.contentLength === null) {
      const cl = contentLengthIn(text, from, e);
      if (cl !== undefined) {
        m.contentLength = cl;
      }
    }
    m.lines.push(text.slice(from, e));
    m.headLines++;
    return 'more';
  }
  if (m.contentLength !== null && m.bodyLen >= m.contentLength) {
    return 'complete';
  }
  m.lines.push(e === from ? '' : text.slice(from, e));
  m.bodyLines++;
  m.bodyLen += e - from + 2;
  return m.contentLength !== null && m.bodyLen >= m.contentLength ? 'complete' : 'more';
}

/** The first line taken (the start line, when the message is whole), or null. */
export function firstLine(m: OpenMessage): string | null {
  return m.headLines > 0 ? m.lines[0] : null;
}

/** Is the collected message short of what its headers announced? */
export function isIncomplete(m: OpenMessage): boolean {
  if (!m.headersDone || m.cut) {
    return true;
  }
  // a trailing space trimmed from each body line may have been real: allow one byte per line
  return m.contentLength !== null && m.bodyLen < m.contentLength - m.bodyLines;
}

/**
 * The message text with CRLF line ends: the header lines, and once the headers are done an empty
 * line and the body lines without trailing empty ones. Built in one join; takes over `m.lines`.
 */
export function rebuild(m: OpenMessage): string {
  const lines = m.lines;
  if (m.headersDone) {
    let n = lines.length;
    while (n > m.headLines + 1 && lines[n - 1].length === 0) {
      n--;
    }
    lines.length = n;
  }
  lines.push('');
  return lines.join('\r\n');
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
