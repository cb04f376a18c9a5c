/**
 * The tolerant SIP message parser. Input is one SIP message as text, as a framer hands it over:
 *
 *   INVITE sip:+4930555@sbc.example.com:5061;user=phone SIP/2.0      ← request line, or
 *   SIP/2.0 480 Temporarily Unavailable                                ← status line
 *   Via: SIP/2.0/TLS 52.114.75.24:5061;branch=z9hG4bK1, SIP/2.0/…      ← any case, compact forms,
 *   i: 0a1b2c@host                                                        repeats, folded lines
 *    continuation line                                                 ← folding (leading SP/HT)
 *   Content-Length: 250
 *                                                                      ← blank line (CRLF or LF)
 *   v=0 …                                                              ← body, cut by Content-Length
 *
 * One pass over the lines, no regexes, no object per header: the headers the call builder needs
 * are read here, the full `headers` list when first asked for (see parsed-message.ts). Only a
 * first line that is neither a request nor a status line fails; everything else parses, with
 * `truncated` set when the message is cut short.
 */
import type { SipMessage, SipParseResult } from './sip-message';
import { scanHeadLines } from './header-lines';
import { trimEndAt, trimStartAt } from './params';
import { ParsedSipMessage } from './parsed-message';

interface StartLine {
  kind: 'request' | 'response';
  method: string;
  requestUri?: string;
  status?: number;
  reasonPhrase?: string;
}

function isTokenChar(c: number): boolean {
  // RFC 3261 token: alphanum and -.!%*_+`'~
  return (
    (c >= 65 && c <= 90) ||
    (c >= 97 && c <= 122) ||
    (c >= 48 && c <= 57) ||
    c === 45 ||
    c === 46 ||
    c === 33 ||
    c === 37 ||
    c === 42 ||
    c === 95 ||
    c === 43 ||
    c === 96 ||
    c === 39 ||
    c === 126
  );
}

function startsWithSipVersion(s: string, at: number): boolean {
  return (
    s.length >= at + 4 &&
    (s.charCodeAt(at) | 32) === 115 &&
    (s.charCodeAt(at + 1) | 32) === 105 &&
    (s.charCodeAt(at + 2) | 32) === 112 &&
    s.charCodeAt(at + 3) === 47
  );
}

function parseStartLine(line: string): StartLine | string {
  if (startsWithSipVersion(line, 0)) {
    const sp = line.indexOf(' ');
    if (sp === -1) {
      return 'status line without a status code';
    }
    let i = sp;
    while (line.charCodeAt(i) === 32) {
      i++;
    }
    let status = 0;
    let digits = 0;
    while (digits < 4) {
      const c = line.charCodeAt(i + digits);
      if (c >= 48 && c <= 57) {
        status = status * 10 + (c - 48);
        digits++;
      } else {
        break;
      }
    }
    if (digits !== 3 || status < 100) {
      return 'status line without a three-digit status code';
    }
    return { kind: 'response', method: '', status, reasonPhrase: sharedReason(status, line.slice(i + 3).trim()) };
  }
  let m = 0;
  while (m < line.length && isTokenChar(line.charCodeAt(m))) {
    m++;
  }
  if (m === 0 || line.charCodeAt(m) !== 32) {
    return 'first line is neither a SIP request nor a status line';
  }
  const lastSp = line.lastIndexOf(' ');
  if (lastSp <= m) {
    return 'request line without a SIP version';
  }
  if (!startsWithSipVersion(line, lastSp + 1)) {
    return 'first line is neither a SIP request nor a status line';
  }
  const requestUri = line.slice(m + 1, lastSp).trim();
  if (!requestUri) {
    return 'request line without a Request-URI';
  }
  return { kind: 'request', method: upperMethodAt(line, 0, m), requestUri };
}

/** the last reason phrase read per status code (100…699), each its own copy: most responses repeat it */
const lastReasons: string[] = new Array<string>(700).fill('');

/**
 * `reason`, or the equal string read before for `status`: one string per phrase instead of one per
 * response (each kept while its call is open).
 */
function sharedReason(status: number, reason: string): string {
  if (status > 699) {
    return reason;
  }
  const last = lastReasons[status];
  if (last === reason) {
    return last;
  }
  // an own copy: the phrase may be a slice that would keep its whole message alive
  lastReasons[status] = (' ' + reason).slice(1);
  return reason;
}

/** The methods most messages carry, as written upper-case: one string each instead of one per message. */
const KNOWN_METHODS = ['INVITE', 'ACK', 'BYE', 'CANCEL', 'OPTIONS', 'PRACK', 'UPDATE', 'INFO', 'REFER', 'NOTIFY', 'SUBSCRIBE', 'REGISTER', 'MESSAGE', 'PUBLISH'];

/** `text.slice(from, to).toUpperCase()` for a token: a known method without a new string. */
function upperMethodAt(text: string, from: number, to: number): string {
  const n = to - from;
  for (const known of KNOWN_METHODS) {
    if (known.length !== n) {
      continue;
    }
    let i = 0;
    while (i < n && (text.charCodeAt(from + i) & ~32) === known.charCodeAt(i)) {
      i++;
    }
    if (i === n) {
      return known;
    }
  }
  return text.slice(from, to).toUpperCase();
}

/** UTF-8 length of one UTF-16 code unit (surrogate pairs count 2 + 2). */
function utf8Units(c: number): number {
  return c < 0x80 ? 1 : c < 0x800 ? 2 : c >= 0xd800 && c <= 0xdfff ? 2 : 3;
}

function isAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    if (s.charCodeAt(i) >= 0x80) {
      return false;
    }
  }
  return true;
}

interface BodyCut {
  body: string;
  truncated: boolean;
}

/**
 * Cut the body at Content-Length bytes. Logs often turn the wire's CRLF into LF: when the head used
 * bare LF, a bare LF in the body counts as the two bytes it had on the wire. A final line break
 * lost to framing (≤ 2 bytes short, no trailing newline) is not called truncation.
 */
function cutBody(rest: string, contentLength: number | undefined, bareLf: boolean): BodyCut {
  if (contentLength === undefined) {
    return { body: rest, truncated: false };
  }
  if (contentLength <= 0) {
    return { body: '', truncated: false };
  }
  if (!bareLf && isAscii(rest)) {
    // one byte per character: the cut is where Content-Length says
    if (rest.length >= contentLength) {
      return { body: rest.slice(0, contentLength), truncated: false };
    }
    const last = rest.charCodeAt(rest.length - 1);
    const lostFinalEol = contentLength - rest.length <= 2 && last !== 10 && last !== 13 && rest.length > 0;
    return { body: rest, truncated: !lostFinalEol };
  }
  let wire = 0;
  let plain = 0;
  let cutAt = -1;
  for (let i = 0; i < rest.length; i++) {
    const c = rest.charCodeAt(i);
    const u = utf8Units(c);
    plain += u;
    wire += c === 10 && bareLf && (i === 0 || rest.charCodeAt(i - 1) !== 13) ? 2 : u;
    if (cutAt === -1 && wire >= contentLength) {
      cutAt = i + 1;
    }
  }
  if (cutAt === -1) {
    const last = rest.charCodeAt(rest.length - 1);
    const lostFinalEol = contentLength - wire <= 2 && last !== 10 && last !== 13 && rest.length > 0;
    return { body: rest, truncated: !lostFinalEol };
  }
  const tail = rest.slice(cutAt);
  if (bareLf && tail.trim() !== '' && plain <= contentLength) {
    // the body really was LF-only and Content-Length counted it so
    return { body: rest, truncated: false };
  }
  return { body: rest.slice(0, cutAt), truncated: false };
}

/** `value.slice(from).trim().toUpperCase()`: a known method without new strings. */
function cseqMethod(value: string, from: number): string {
  const s = trimStartAt(value, from, value.length);
  const e = trimEndAt(value, s, value.length);
  for (let i = s; i < e; i++) {
    if (!isTokenChar(value.charCodeAt(i))) {
      return value.slice(from).trim().toUpperCase();
    }
  }
  return upperMethodAt(value, s, e);
}

/** Parse one SIP message. Never throws. */
export function parseSip(text: string): SipParseResult {
  const len = text.length;
  let pos = 0;
  // skip leading blank lines and spaces
  while (pos < len) {
    const c = text.charCodeAt(pos);
    if (c === 10 || c === 13 || c === 32 || c === 9) {
      pos++;
    } else {
      break;
    }
  }
  if (pos >= len) {
    return { ok: false, why: 'empty input' };
  }
  const eol = text.indexOf('\n', pos);
  let lineEnd = eol === -1 ? len : eol;
  const bareLf = eol !== -1 && (lineEnd === 0 || text.charCodeAt(lineEnd - 1) !== 13);
  if (lineEnd > pos && text.charCodeAt(lineEnd - 1) === 13) {
    lineEnd--;
  }
  const start = parseStartLine(text.slice(pos, lineEnd).trim());
  if (typeof start === 'string') {
    return { ok: false, why: start };
  }
  const headStart = eol === -1 ? len : eol + 1;
  const head = scanHeadLines(text, headStart, bareLf);

  let contentLength: number | undefined;
  if (head.contentLength !== undefined) {
    const n = Number.parseInt(head.contentLength, 10);
    if (Number.isFinite(n) && n >= 0) {
      contentLength = n;
    }
  }

  let body = '';
  let truncated: boolean;
  if (!head.sawBlank) {
    // head not terminated: cut, unless it declared an empty body (framers drop the final CRLF)
    truncated = contentLength !== 0;
  } else {
    const cut = cutBody(text.slice(head.bodyStart), contentLength, head.bareLf);
    body = cut.body;
    truncated = cut.truncated;
  }

  let cseq: SipMessage['cseq'] = null;
  const cseqValue = head.cseq;
  if (cseqValue !== undefined) {
    const sp = cseqValue.indexOf(' ');
    const seqText = sp === -1 ? cseqValue : cseqValue.slice(0, sp);
    const seq = Number.parseInt(seqText, 10);
    if (Number.isFinite(seq)) {
      cseq = { seq, method: sp === -1 ? '' : cseqMethod(cseqValue, sp + 1) };
    }
  }

  const message = new ParsedSipMessage(
    {
      kind: start.kind,
      method: start.kind === 'request' ? start.method : (cseq?.method ?? ''),
      requestUri: start.requestUri,
      status: start.status,
      reasonPhrase: start.reasonPhrase,
      body,
      truncated,
      callId: head.callId,
      cseq,
      viaValues: head.via,
    },
    text,
    headStart,
    head,
  );
  return { ok: true, message };
}
