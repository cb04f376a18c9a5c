/**
 * The header lines of a SIP message, between the start line and the blank line:
 *
 *   Via: SIP/2.0/TLS 52.114.75.24:5061;branch=z9hG4bK1      ← `name: value`, any case, compact forms
 *   i: 0a1b2c@host
 *   Subject: first                                          ← folded: a line starting with SP/HT
 *    second                                                     continues the header before it
 *   not a header line                                       ← skipped (tolerant)
 *                                                           ← blank (or whitespace-only) line: end
 *
 * Three readers of the same lines, walked by one cursor with the same rules: `scanHeadLines` (the
 * hot path: only the headers the call builder needs, no object per header), `readHeaderValues`
 * (the values of a few named headers, for `getHeader` before the list is built) and
 * `readHeaderList` (every header, built when someone asks for `headers`).
 */
import type { SipHeader } from './sip-message';
import { canonicalHeaderName } from './header-names';
import { trimEndAt, trimStartAt } from './params';

/** The headers the parser reads on the hot path. */
const HotHeader = {
  None: 0,
  CallId: 1,
  CSeq: 2,
  From: 3,
  To: 4,
  Via: 5,
  ContentLength: 6,
} as const;
type HotHeader = (typeof HotHeader)[keyof typeof HotHeader];

/** What the hot scan found: first values (Call-ID: first non-empty), every Via, where the body starts. */
export interface HeadScan {
  callId: string;
  cseq: string | undefined;
  from: string | undefined;
  to: string | undefined;
  contentLength: string | undefined;
  /** every Via value (an array of exactly their number: it is kept by the parsed message) */
  via: readonly string[];
  sawBlank: boolean;
  bodyStart: number;
  bareLf: boolean;
}

const NO_VIA: readonly string[] = [];

function isSpaceOrTab(c: number): boolean {
  return c === 32 || c === 9;
}

/** `word` is lower-case ASCII letters and `-`: compare case-insensitively without slicing. */
function nameIs(text: string, s: number, e: number, word: string): boolean {
  if (e - s !== word.length) {
    return false;
  }
  for (let i = 0; i < word.length; i++) {
    const w = word.charCodeAt(i);
    const c = text.charCodeAt(s + i);
    if (w === 45 ? c !== 45 : (c | 32) !== w) {
      return false;
    }
  }
  return true;
}

function hotOfCanonical(name: string): HotHeader {
  switch (name) {
    case 'call-id':
      return HotHeader.CallId;
    case 'cseq':
      return HotHeader.CSeq;
    case 'from':
      return HotHeader.From;
    case 'to':
      return HotHeader.To;
    case 'via':
      return HotHeader.Via;
    case 'content-length':
      return HotHeader.ContentLength;
    default:
      return HotHeader.None;
  }
}

/** Where the name in `text[from, colon)` starts without the blanks before it. */
function nameStart(text: string, from: number, colon: number): number {
  let s = from;
  while (s < colon && isSpaceOrTab(text.charCodeAt(s))) {
    s++;
  }
  return s;
}

/** Where the name starting at `s` ends without the blanks before `colon`. */
function nameEnd(text: string, s: number, colon: number): number {
  let e = colon;
  while (e > s && isSpaceOrTab(text.charCodeAt(e - 1))) {
    e--;
  }
  return e;
}

/** The name `text[s, e)` starts and ends with a printable ASCII character (else: the exact, slow way). */
function plainEnds(text: string, s: number, e: number): boolean {
  const a = text.charCodeAt(s);
  const z = text.charCodeAt(e - 1);
  return a > 32 && a < 127 && z > 32 && z < 127;
}

/**
 * Which hot header the name in `text[from, colon)` is; -1 when the name is empty (the line is
 * skipped). Plain ASCII names are matched in place; anything unusual goes the slow, exact way.
 */
function hotHeaderAt(text: string, from: number, colon: number): HotHeader | -1 {
  const s = nameStart(text, from, colon);
  const e = nameEnd(text, s, colon);
  if (s === e) {
    return -1;
  }
  const a = text.charCodeAt(s);
  if (!plainEnds(text, s, e)) {
    const raw = text.slice(from, colon).trim();
    return raw ? hotOfCanonical(canonicalHeaderName(raw)) : -1;
  }
  switch (e - s) {
    case 1:
      switch (a | 32) {
        case 105: // i
          return HotHeader.CallId;
        case 102: // f
          return HotHeader.From;
        case 116: // t
          return HotHeader.To;
        case 118: // v
          return HotHeader.Via;
        case 108: // l
          return HotHeader.ContentLength;
        default:
          return HotHeader.None;
      }
    case 2:
      return nameIs(text, s, e, 'to') ? HotHeader.To : HotHeader.None;
    case 3:
      return nameIs(text, s, e, 'via') ? HotHeader.Via : HotHeader.None;
    case 4:
      return nameIs(text, s, e, 'from') ? HotHeader.From : nameIs(text, s, e, 'cseq') ? HotHeader.CSeq : HotHeader.None;
    case 7:
      return nameIs(text, s, e, 'call-id') ? HotHeader.CallId : HotHeader.None;
    case 14:
      return nameIs(text, s, e, 'content-length') ? HotHeader.ContentLength : HotHeader.None;
    default:
      return HotHeader.None;
  }
}

/** What one line of the head is. */
const Line = {
  /** the blank (or whitespace-only) line, or the end of the text: no more header lines */
  End: 0,
  /** a continuation (starts with SP/HT) of the header line before it */
  Folded: 1,
  /** not a header line (no colon, or an empty name): skipped, tolerant */
  Skipped: 2,
  /** `name: value` */
  Header: 3,
} as const;
type Line = (typeof Line)[keyof typeof Line];

/** Walks the header lines of a message with the rules above: one object per walk, none per line. */
class HeadCursor {
  /** the current line is `text[start, end)` (line break removed); `colon` of a header line */
  start = 0;
  end = 0;
  colon = -1;
  /** some line so far ended in a bare LF */
  bareLf: boolean;
  sawBlank = false;
  /** where the body starts (after the blank line), the text's length when there is none */
  bodyStart: number;
  private next: number;
  /** a header line was seen: lines starting with SP/HT continue it */
  private inHeader = false;

  constructor(
    private readonly text: string,
    pos: number,
    bareLf: boolean,
  ) {
    this.next = pos;
    this.bareLf = bareLf;
    this.bodyStart = text.length;
  }

  read(): Line {
    const text = this.text;
    const len = text.length;
    const pos = this.next;
    if (pos >= len) {
      return Line.End;
    }
    const eol = text.indexOf('\n', pos);
    let lineEnd = eol === -1 ? len : eol;
    const next = eol === -1 ? len : eol + 1;
    if (lineEnd > pos && text.charCodeAt(lineEnd - 1) === 13) {
      lineEnd--;
    } else if (eol !== -1) {
      this.bareLf = true;
    }
    this.start = pos;
    this.end = lineEnd;
    this.next = next;
    if (lineEnd === pos) {
      return this.blank(next);
    }
    if (this.inHeader && isSpaceOrTab(text.charCodeAt(pos))) {
      return Line.Folded;
    }
    const colon = text.indexOf(':', pos);
    if (colon === -1 || colon >= lineEnd) {
      // not a header line: skip it (tolerant); a whitespace-only line ends the head
      return text.slice(pos, lineEnd).trim() === '' ? this.blank(next) : Line.Skipped;
    }
    if (isEmptyName(text, pos, colon)) {
      return Line.Skipped;
    }
    this.colon = colon;
    this.inHeader = true;
    return Line.Header;
  }

  /** the value of the current header line, trimmed */
  value(): string {
    return trimmedSlice(this.text, this.colon + 1, this.end);
  }

  /** the text of the current folded line, trimmed */
  continuation(): string {
    return trimmedSlice(this.text, this.start, this.end);
  }

  private blank(next: number): Line {
    this.sawBlank = true;
    this.bodyStart = next;
    return Line.End;
  }
}

/** `text.slice(from, to).trim()` with one new string instead of two. */
function trimmedSlice(text: string, from: number, to: number): string {
  const s = trimStartAt(text, from, to);
  return text.slice(s, trimEndAt(text, s, to));
}

/** `text.slice(from, colon).trim() === ''` without the slice for the usual names. */
function isEmptyName(text: string, from: number, colon: number): boolean {
  for (let i = from; i < colon; i++) {
    const c = text.charCodeAt(i);
    if (!isSpaceOrTab(c)) {
      return c > 32 && c < 127 ? false : text.slice(from, colon).trim() === '';
    }
  }
  return true;
}

/** `value` with a folded line's text added (as folding is undone everywhere). */
function unfold(value: string, cont: string): string {
  return cont ? (value ? `${value} ${cont}` : cont) : value;
}

function keepHot(out: HeadScan, kind: HotHeader, value: string): void {
  switch (kind) {
    case HotHeader.CallId:
      if (!out.callId) {
        out.callId = value;
      }
      break;
    case HotHeader.CSeq:
      out.cseq ??= value;
      break;
    case HotHeader.From:
      out.from ??= value;
      break;
    case HotHeader.To:
      out.to ??= value;
      break;
    case HotHeader.Via:
      out.via = out.via.length === 0 ? [value] : out.via.concat(value);
      break;
    case HotHeader.ContentLength:
      out.contentLength ??= value;
      break;
    default:
      break;
  }
}

/**
 * The hot pass over the header lines starting at `pos`. `bareLf` says whether the start line
 * ended in a bare LF; it becomes true when any header line does.
 */
export function scanHeadLines(text: string, pos: number, bareLf: boolean): HeadScan {
  const out: HeadScan = {
    callId: '',
    cseq: undefined,
    from: undefined,
    to: undefined,
    contentLength: undefined,
    via: NO_VIA,
    sawBlank: false,
    bodyStart: text.length,
    bareLf,
  };
  const cur = new HeadCursor(text, pos, bareLf);
  /** the header that folded lines continue */
  let lastKind: HotHeader = HotHeader.None;
  let lastValue = '';
  for (let line = cur.read(); line !== Line.End; line = cur.read()) {
    if (line === Line.Folded) {
      if (lastKind !== HotHeader.None) {
        lastValue = unfold(lastValue, cur.continuation());
      }
    } else if (line === Line.Header) {
      const kind = hotHeaderAt(text, cur.start, cur.colon);
      if (kind !== -1) {
        keepHot(out, lastKind, lastValue);
        lastKind = kind;
        lastValue = kind === HotHeader.None ? '' : cur.value();
      }
    }
  }
  keepHot(out, lastKind, lastValue);
  out.sawBlank = cur.sawBlank;
  out.bodyStart = cur.bodyStart;
  out.bareLf = cur.bareLf;
  return out;
}

/** Every header line starting at `pos`, as `SipHeader`s (same rules as `scanHeadLines`). */
export function readHeaderList(text: string, pos: number): SipHeader[] {
  const headers: SipHeader[] = [];
  const cur = new HeadCursor(text, pos, false);
  let last: SipHeader | null = null;
  for (let line = cur.read(); line !== Line.End; line = cur.read()) {
    if (line === Line.Folded && last !== null) {
      last.value = unfold(last.value, cur.continuation());
    } else if (line === Line.Header) {
      const rawName = text.slice(cur.start, cur.colon).trim();
      last = { name: canonicalHeaderName(rawName), rawName, value: cur.value() };
      headers.push(last);
    }
  }
  return headers;
}

/**
 * Which of `names` (canonical names) the header name in `text[from, colon)` is, -1 when none or
 * empty: the answer of `names.indexOf(canonicalHeaderName(text.slice(from, colon).trim()))`,
 * without new strings for plain ASCII names.
 */
function whichName(text: string, from: number, colon: number, names: readonly string[]): number {
  const s = nameStart(text, from, colon);
  const e = nameEnd(text, s, colon);
  if (s === e) {
    return -1;
  }
  let plain = plainEnds(text, s, e);
  for (let i = s + 1; plain && i < e - 1; i++) {
    plain = text.charCodeAt(i) < 127;
  }
  if (!plain) {
    // a non-ASCII letter may lower-case to ASCII or to another length: the exact way
    return names.indexOf(canonicalHeaderName(text.slice(from, colon).trim()));
  }
  if (e - s === 1) {
    return names.indexOf(canonicalHeaderName(text[s]));
  }
  for (let k = 0; k < names.length; k++) {
    const n = names[k];
    if (n.length !== e - s) {
      continue;
    }
    let i = 0;
    while (i < n.length) {
      const c = text.charCodeAt(s + i);
      if ((c >= 65 && c <= 90 ? c + 32 : c) !== n.charCodeAt(i)) {
        break;
      }
      i++;
    }
    if (i === n.length) {
      return k;
    }
  }
  return -1;
}


/**
 * The values of the header lines starting at `pos` whose canonical name is one of `names`, one list
 * per name, in order, as `readHeaderList` would give them (folding undone, trimmed), without
 * building the whole list. `firstOnly`: stop once every name has a value.
 */
export function readHeaderValues(text: string, pos: number, names: readonly string[], firstOnly: boolean): string[][] {
  const out: string[][] = [];
  for (let k = 0; k < names.length; k++) {
    out.push([]);
  }
  let missing = names.length;
  /** the list the last header line's value went to, -1 when it went nowhere */
  let last = -1;
  const cur = new HeadCursor(text, pos, false);
  for (let line = cur.read(); line !== Line.End; line = cur.read()) {
    if (line === Line.Folded) {
      if (last !== -1) {
        const list = out[last];
        list[list.length - 1] = unfold(list[list.length - 1], cur.continuation());
      }
    } else if (line === Line.Header) {
      if (firstOnly && missing === 0) {
        // every value is complete: no later line can fold into one of them
        break;
      }
      last = -1;
      const k = whichName(text, cur.start, cur.colon, names);
      if (k !== -1 && (!firstOnly || out[k].length === 0)) {
        missing -= out[k].length === 0 ? 1 : 0;
        out[k].push(cur.value());
        last = k;
      }
    }
  }
  return out;
}
