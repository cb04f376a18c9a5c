/**
 * Builds one SIP message from the lines a log printed it on, for the readers where one vendor
 * record holds one SIP message (Oracle, CUBE, Ribbon, Asterisk, FreeSWITCH, plain SIP).
 *
 *   INVITE sip:+4930… SIP/2.0          ← start line (anything else first: not SIP)
 *   Via: SIP/2.0/TLS 52.114.75.24:…    ← headers, any case, compact forms (i, l, v, m)
 *   Call-ID: …
 *   <blank>                            ← end of headers, once Call-ID, CSeq and Content-Length
 *   v=0                                   were seen; a blank line earlier is a web copy's spacing
 *   …                                  ← body, counted against Content-Length (CRLF line ends)
 *
 * The result is the SIP text with CRLF line ends, a few facts the readers need (Call-ID, top Via,
 * Contact, Route, Request-URI) and whether the message was cut short. Never throws.
 */

export type BuilderState = 'pre' | 'notSip' | 'headers' | 'afterBlank' | 'body' | 'complete';

export interface SipFacts {
  startLine: string;
  isRequest: boolean;
  requestUri: string | null;
  callId: string | null;
  cseq: string | null;
  contentLength: number | null;
  /** first Via header value */
  via: string | null;
  contact: string | null;
  route: string | null;
}

export type BuiltSip =
  | { ok: true; raw: string; truncated: boolean; facts: SipFacts }
  | { ok: false; firstLine: string; lines: number };

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isTokenChar(c: number): boolean {
  return (
    (c >= 97 && c <= 122) || // a-z
    (c >= 65 && c <= 90) || // A-Z
    (c >= 48 && c <= 57) || // 0-9
    c === 45 || c === 46 || c === 33 || c === 37 || c === 42 || c === 95 || c === 43 || c === 96 || c === 39 || c === 126
  );
}

/** `INVITE sip:x SIP/2.0` or `SIP/2.0 486 Busy Here` (trailing white space already removed). */
export function isSipStartLine(s: string): boolean {
  if (s.startsWith('SIP/2.0 ')) {
    return (
      s.length >= 11 &&
      isDigit(s.charCodeAt(8)) &&
      isDigit(s.charCodeAt(9)) &&
      isDigit(s.charCodeAt(10)) &&
      (s.length === 11 || s.charCodeAt(11) === 32)
    );
  }
  if (!s.endsWith(' SIP/2.0')) {
    return false;
  }
  const sp = s.indexOf(' ');
  if (sp < 2 || sp >= s.length - 9) {
    return false;
  }
  for (let i = 0; i < sp; i++) {
    const c = s.charCodeAt(i);
    if (!((c >= 65 && c <= 90) || c === 45)) {
      return false;
    }
  }
  return true;
}

/** Index of the colon when the line looks like `Name: value` (a SIP header), else -1. */
export function headerColon(s: string): number {
  const n = s.length;
  if (n < 2) {
    return -1;
  }
  const c0 = s.charCodeAt(0);
  if (!((c0 >= 97 && c0 <= 122) || (c0 >= 65 && c0 <= 90))) {
    return -1;
  }
  let i = 1;
  while (i < n && isTokenChar(s.charCodeAt(i))) {
    i++;
  }
  while (i < n && (s.charCodeAt(i) === 32 || s.charCodeAt(i) === 9)) {
    i++;
  }
  return i < n && s.charCodeAt(i) === 58 ? i : -1;
}

function trimEndWs(s: string): string {
  let e = s.length;
  while (e > 0) {
    const c = s.charCodeAt(e - 1);
    if (c === 13 || c === 32 || c === 9) {
      e--;
    } else {
      break;
    }
  }
  return e === s.length ? s : s.slice(0, e);
}

function stripCr(s: string): string {
  return s.length > 0 && s.charCodeAt(s.length - 1) === 13 ? s.slice(0, -1) : s;
}

function isBlank(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 13) {
      return false;
    }
  }
  return true;
}

/** UTF-8 length of a string (ASCII fast path). */
export function utf8Length(s: string): number {
  // fast path: ASCII is one byte per char
  for (let i = 0; i < s.length; i++) {
    if (s.charCodeAt(i) > 127) {
      return Buffer.byteLength(s, 'utf8');
    }
  }
  return s.length;
}

const CSEQ_RE = /^\d{1,10}[ \t]+[A-Za-z]+$/;

export class SipMessageBuilder {
  private state: BuilderState = 'pre';
  private readonly head: string[] = [];
  private readonly body: string[] = [];
  private bodyBytes = 0;
  private doubled = false;
  private cut = false;
  private lastBodyBlank = false;
  private notSipFirst = '';
  private notSipLines = 0;
  private facts: SipFacts = {
    startLine: '',
    isRequest: false,
    requestUri: null,
    callId: null,
    cseq: null,
    contentLength: null,
    via: null,
    contact: null,
    route: null,
  };

  /**
   * @param block true when the log frames the record (dashes, next header): after the body is
   *   complete, more non-blank lines are still taken as body (a log that printed LF-only bodies)
   *   until another start line comes. false for formats where only the content ends a message.
   */
  constructor(private readonly block: boolean) {}

  get started(): boolean {
    return this.state !== 'pre';
  }

  get isSip(): boolean {
    return this.state !== 'pre' && this.state !== 'notSip';
  }

  /** Content-Length reached after the end of headers: nothing more belongs to this message. */
  get complete(): boolean {
    return this.state === 'complete';
  }

  get callId(): string | null {
    return this.facts.callId;
  }

  /** the log lost part of this message (an over-long line, a cut record) */
  markCut(): void {
    this.cut = true;
  }

  /** Feed one line (no line break; a trailing CR is fine). false = not taken: the message ended before it. */
  push(rawLine: string): boolean {
    switch (this.state) {
      case 'pre': {
        const line = trimEndWs(rawLine);
        if (line.length === 0) {
          return true;
        }
        if (isSipStartLine(line)) {
          this.state = 'headers';
          this.head.push(line);
          this.facts.startLine = line;
          this.facts.isRequest = !line.startsWith('SIP/2.0 ');
          if (this.facts.isRequest) {
            const sp = line.indexOf(' ');
            this.facts.requestUri = line.slice(sp + 1, line.length - 8);
          }
        } else {
          this.state = 'notSip';
          this.notSipFirst = line.length > 80 ? `${line.slice(0, 80)}…` : line;
          this.notSipLines = 1;
        }
        return true;
      }
      case 'notSip':
        this.notSipLines++;
        return true;
      case 'headers':
        return this.pushHeaderLine(rawLine);
      case 'afterBlank': {
        if (isBlank(rawLine)) {
          return true;
        }
        const line = trimEndWs(rawLine);
        if (isSipStartLine(line)) {
          return false;
        }
        if (headerColon(line) > 0) {
          // a blank line between headers: a web copy that spaces every line
          this.doubled = true;
          this.state = 'headers';
          return this.pushHeaderLine(line);
        }
        this.state = 'body';
        return this.pushBodyLine(rawLine);
      }
      case 'body':
        return this.pushBodyLine(rawLine);
      case 'complete': {
        if (isBlank(rawLine)) {
          return true;
        }
        if (!this.block || isSipStartLine(trimEndWs(rawLine))) {
          return false;
        }
        this.body.push(stripCr(rawLine));
        return true;
      }
    }
  }

  private pushHeaderLine(rawLine: string): boolean {
    const line = trimEndWs(rawLine);
    if (line.length === 0) {
      const f = this.facts;
      if (f.callId !== null && f.cseq !== null && f.contentLength !== null) {
        this.state = f.contentLength === 0 ? 'complete' : 'body';
      } else {
        this.state = 'afterBlank';
      }
      return true;
    }
    const c0 = line.charCodeAt(0);
    if (c0 === 32 || c0 === 9) {
      // folded continuation of the previous header
      this.head.push(line);
      return true;
    }
    if (isSipStartLine(line)) {
      return false;
    }
    this.head.push(line);
    const colon = headerColon(line);
    if (colon > 0) {
      this.noteHeader(line, colon);
    }
    return true;
  }

  private noteHeader(line: string, colon: number): void {
    let nameEnd = colon;
    while (nameEnd > 0 && (line.charCodeAt(nameEnd - 1) === 32 || line.charCodeAt(nameEnd - 1) === 9)) {
      nameEnd--;
    }
    if (nameEnd > 14) {
      return;
    }
    const name = line.slice(0, nameEnd).toLowerCase();
    const f = this.facts;
    switch (name) {
      case 'call-id':
      case 'i':
        if (f.callId === null) {
          const v = line.slice(colon + 1).trim();
          if (v.length > 0) {
            f.callId = v;
          }
        }
        break;
      case 'cseq':
        if (f.cseq === null) {
          f.cseq = line.slice(colon + 1).trim();
        }
        break;
      case 'content-length':
      case 'l':
        if (f.contentLength === null) {
          const v = line.slice(colon + 1).trim();
          if (/^\d{1,9}$/.test(v)) {
            f.contentLength = Number(v);
          }
        }
        break;
      case 'via':
      case 'v':
        if (f.via === null) {
          f.via = line.slice(colon + 1).trim();
        }
        break;
      case 'contact':
      case 'm':
        if (f.contact === null) {
          f.contact = line.slice(colon + 1).trim();
        }
        break;
      case 'route':
        if (f.route === null) {
          f.route = line.slice(colon + 1).trim();
        }
        break;
      default:
        break;
    }
  }

  private pushBodyLine(rawLine: string): boolean {
    const blank = isBlank(rawLine);
    if (blank && this.doubled) {
      return true;
    }
    const line = stripCr(rawLine);
    const cl = this.facts.contentLength;
    if (!blank && !this.block && this.lastBodyBlank && isSipStartLine(trimEndWs(line))) {
      // a blank line, then a new start line: the next message (the body was shorter than said)
      return false;
    }
    if (!blank && cl === null && isSipStartLine(trimEndWs(line))) {
      return false;
    }
    this.body.push(line);
    this.lastBodyBlank = blank;
    this.bodyBytes += utf8Length(line) + 2;
    if (cl !== null && this.bodyBytes >= cl) {
      this.state = 'complete';
    }
    return true;
  }

  /** The message so far; null when only blank lines were fed. */
  finish(): BuiltSip | null {
    if (this.state === 'pre') {
      return null;
    }
    if (this.state === 'notSip') {
      return { ok: false, firstLine: this.notSipFirst, lines: this.notSipLines };
    }
    let end = this.body.length;
    while (end > 0 && isBlank(this.body[end - 1])) {
      end--;
    }
    const head = this.head.join('\r\n');
    const raw =
      end === 0 ? `${head}\r\n\r\n` : `${head}\r\n\r\n${(end === this.body.length ? this.body : this.body.slice(0, end)).join('\r\n')}\r\n`;
    const f = this.facts;
    const truncated =
      this.cut ||
      f.callId === null ||
      f.cseq === null ||
      !CSEQ_RE.test(f.cseq) ||
      (f.contentLength !== null && this.bodyBytes < f.contentLength) ||
      (this.state === 'headers' && f.contentLength === null);
    return { ok: true, raw, truncated, facts: f };
  }
}
