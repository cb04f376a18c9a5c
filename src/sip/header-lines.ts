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
 * Two readers of the same lines with the same rules: `scanHeadLines` (the hot path: only the
 * headers the call builder needs, no object per header) and `readHeaderList` (every header, built
 * when someone asks for `headers`).
 */
import type { SipHeader } from './sip-message';
import { canonicalHeaderName } from './header-names';

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
  via: string[];
  sawBlank: boolean;
  bodyStart: number;
  bareLf: boolean;
}

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

/**
 * Which hot header the name in `text[from, colon)` is; -1 when the name is empty (the line is
 * skipped). Plain ASCII names are matched in place; anything unusual goes the slow, exact way.
 */
function hotHeaderAt(text: string, from: number, colon: number): HotHeader | -1 {
  let s = from;
  let e = colon;
  while (s < e && isSpaceOrTab(text.charCodeAt(s))) {
    s++;
  }
  while (e > s && isSpaceOrTab(text.charCodeAt(e - 1))) {
    e--;
  }
  if (s === e) {
    return -1;
  }
  const a = text.charCodeAt(s);
  const z = text.charCodeAt(e - 1);
  if (a <= 32 || a >= 127 || z <= 32 || z >= 127) {
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

/**
 * The hot pass over the header lines starting at `pos`. `bareLf` says whether the start line
 * ended in a bare LF; it becomes true when any header line does.
 */
export function scanHeadLines(text: string, pos: number, bareLf: boolean): HeadScan {
  const len = text.length;
  const out: HeadScan = {
    callId: '',
    cseq: undefined,
    from: undefined,
    to: undefined,
    contentLength: undefined,
    via: [],
    sawBlank: false,
    bodyStart: len,
    bareLf,
  };
  /** the header that folded lines continue: -1 before the first header */
  let lastKind: HotHeader | -1 = -1;
  let lastValue = '';
  const commit = (): void => {
    switch (lastKind) {
      case HotHeader.CallId:
        if (!out.callId) {
          out.callId = lastValue;
        }
        break;
      case HotHeader.CSeq:
        out.cseq ??= lastValue;
        break;
      case HotHeader.From:
        out.from ??= lastValue;
        break;
      case HotHeader.To:
        out.to ??= lastValue;
        break;
      case HotHeader.Via:
        out.via.push(lastValue);
        break;
      case HotHeader.ContentLength:
        out.contentLength ??= lastValue;
        break;
      default:
        break;
    }
  };
  while (pos < len) {
    const eol = text.indexOf('\n', pos);
    let lineEnd = eol === -1 ? len : eol;
    const next = eol === -1 ? len : eol + 1;
    if (lineEnd > pos && text.charCodeAt(lineEnd - 1) === 13) {
      lineEnd--;
    } else if (eol !== -1) {
      out.bareLf = true;
    }
    if (lineEnd === pos) {
      out.sawBlank = true;
      out.bodyStart = next;
      break;
    }
    const first = text.charCodeAt(pos);
    if (isSpaceOrTab(first) && lastKind !== -1) {
      // folded continuation line
      if (lastKind !== HotHeader.None) {
        const cont = text.slice(pos, lineEnd).trim();
        if (cont) {
          lastValue = lastValue ? `${lastValue} ${cont}` : cont;
        }
      }
      pos = next;
      continue;
    }
    const colon = text.indexOf(':', pos);
    if (colon === -1 || colon >= lineEnd) {
      // not a header line: skip it (tolerant); a whitespace-only line ends the head
      if (text.slice(pos, lineEnd).trim() === '') {
        out.sawBlank = true;
        out.bodyStart = next;
        break;
      }
      pos = next;
      continue;
    }
    const kind = hotHeaderAt(text, pos, colon);
    if (kind !== -1) {
      commit();
      lastKind = kind;
      lastValue = kind === HotHeader.None ? '' : text.slice(colon + 1, lineEnd).trim();
    }
    pos = next;
  }
  commit();
  return out;
}

/** Every header line starting at `pos`, as `SipHeader`s (same rules as `scanHeadLines`). */
export function readHeaderList(text: string, pos: number): SipHeader[] {
  const len = text.length;
  const headers: SipHeader[] = [];
  let last: SipHeader | null = null;
  while (pos < len) {
    const eol = text.indexOf('\n', pos);
    let lineEnd = eol === -1 ? len : eol;
    const next = eol === -1 ? len : eol + 1;
    if (lineEnd > pos && text.charCodeAt(lineEnd - 1) === 13) {
      lineEnd--;
    }
    if (lineEnd === pos) {
      break;
    }
    const first = text.charCodeAt(pos);
    if (isSpaceOrTab(first) && last !== null) {
      const cont = text.slice(pos, lineEnd).trim();
      if (cont) {
        last.value = last.value ? `${last.value} ${cont}` : cont;
      }
      pos = next;
      continue;
    }
    const colon = text.indexOf(':', pos);
    if (colon === -1 || colon >= lineEnd) {
      if (text.slice(pos, lineEnd).trim() === '') {
        break;
      }
      pos = next;
      continue;
    }
    const rawName = text.slice(pos, colon).trim();
    if (!rawName) {
      pos = next;
      continue;
    }
    const h: SipHeader = {
      name: canonicalHeaderName(rawName),
      rawName,
      value: text.slice(colon + 1, lineEnd).trim(),
    };
    headers.push(h);
    last = h;
    pos = next;
  }
  return headers;
}
