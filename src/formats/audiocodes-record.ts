/**
 * The parts of one AudioCodes syslog record body:
 *
 *   [<PRI>][S=<seq>] [SID=<mac6>:<resets>:<n>]  <payload> [Time:DD-MM@HH:MM:SS.mmm]
 *   [<PRI>][S = <seq>] [BID=<mac6>:<resets>]  <payload> [Code:0x600b] [CID:633] [Time:…]
 *   [<PRI>][S=<seq>] |<CDR or media report row>
 *   [SID:<id>] …                                  (colon, or no [S=] when numbering is off)
 *
 * Finding the head is bounded to the first few hundred characters, so a 10 MB line costs one
 * short scan. Pure.
 */
import { parseDeviceTimeIn, type DeviceTime } from './audiocodes-time';

/** how far into a line a record may start (collector prefixes are shorter) */
export const HEAD_SCAN = 400;

export interface RecordHead {
  /** index where the record starts (`<PRI>` or `[`): the text before it is the collector prefix */
  start: number;
  seq?: number;
  idKind: 'sid' | 'bid' | 'cdr';
  /** SID / BID value (empty for CDR rows) */
  id: string;
  /** index where the payload starts (for CDR rows: the leading `|`) */
  bodyStart: number;
}

function skipSpaces(s: string, i: number): number {
  while (s.charCodeAt(i) === 32) {
    i++;
  }
  return i;
}

/** `[SID=…]` / `[SID:…]` / `[BID=…]` at `i` → [kind, id, index after `]`], or null. */
function parseIdTag(s: string, i: number): ['sid' | 'bid', string, number] | null {
  if (s.charCodeAt(i) !== 91) {
    return null;
  }
  const c1 = s.charCodeAt(i + 1);
  let kind: 'sid' | 'bid';
  if (c1 === 83 && s.charCodeAt(i + 2) === 73 && s.charCodeAt(i + 3) === 68) {
    kind = 'sid';
  } else if (c1 === 66 && s.charCodeAt(i + 2) === 73 && s.charCodeAt(i + 3) === 68) {
    kind = 'bid';
  } else {
    return null;
  }
  let j = skipSpaces(s, i + 4);
  const sep = s.charCodeAt(j);
  if (sep !== 61 && sep !== 58) {
    return null;
  }
  j = skipSpaces(s, j + 1);
  const close = s.indexOf(']', j);
  if (close < 0 || close - j > 64 || close === j) {
    return null;
  }
  const id = s.slice(j, close).trim();
  for (let k = 0; k < id.length; k++) {
    const c = id.charCodeAt(k);
    const ok = (c >= 48 && c <= 58) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);
    if (!ok) {
      return null;
    }
  }
  return [kind, id, close + 1];
}

/** Payload start after the id tag: the device writes two spaces (one on some firmware). */
function payloadStart(s: string, i: number): number {
  if (s.charCodeAt(i) === 32) {
    i++;
    if (s.charCodeAt(i) === 32) {
      i++;
    }
  }
  return i;
}

function headAt(s: string, i: number): RecordHead | null {
  let start = i;
  // <PRI> right before
  if (i >= 3 && s.charCodeAt(i - 1) === 62 /* > */) {
    const lt = s.lastIndexOf('<', i - 1);
    if (lt >= 0 && i - lt <= 5 && /^<\d{1,3}>$/.test(s.slice(lt, i))) {
      start = lt;
    }
  }
  if (s.charCodeAt(i + 1) === 83 /* S */ && s.charCodeAt(i + 2) !== 73 /* not SID */) {
    let j = skipSpaces(s, i + 2);
    if (s.charCodeAt(j) !== 61 /* = */) {
      return null;
    }
    j = skipSpaces(s, j + 1);
    let seq = 0;
    const d0 = j;
    while (j < s.length && j - d0 < 12) {
      const c = s.charCodeAt(j) - 48;
      if (c < 0 || c > 9) {
        break;
      }
      seq = seq * 10 + c;
      j++;
    }
    if (j === d0) {
      return null;
    }
    j = skipSpaces(s, j);
    if (s.charCodeAt(j) !== 93 /* ] */) {
      return null;
    }
    j = skipSpaces(s, j + 1);
    if (s.charCodeAt(j) === 124 /* | */) {
      return { start, seq, idKind: 'cdr', id: '', bodyStart: j };
    }
    const tag = parseIdTag(s, j);
    if (!tag) {
      return null;
    }
    return { start, seq, idKind: tag[0], id: tag[1], bodyStart: payloadStart(s, tag[2]) };
  }
  const tag = parseIdTag(s, i);
  if (!tag) {
    return null;
  }
  return { start, idKind: tag[0], id: tag[1], bodyStart: payloadStart(s, tag[2]) };
}

/** Finds an AudioCodes record head near the start of a line, or null. */
export function findRecordHead(line: string): RecordHead | null {
  const limit = Math.min(line.length, HEAD_SCAN);
  let i = line.indexOf('[');
  while (i !== -1 && i < limit) {
    const c = line.charCodeAt(i + 1);
    if (c === 83 /* S */ || c === 66 /* B */) {
      const h = headAt(line, i);
      if (h) {
        return h;
      }
    }
    i = line.indexOf('[', i + 1);
  }
  return null;
}

/** True when the line ends with a `[Time:…]` trailer (trailing blanks allowed). */
export function endsWithTimeTrailer(s: string): boolean {
  let e = s.length;
  while (e > 0) {
    const c = s.charCodeAt(e - 1);
    if (c !== 32 && c !== 13 && c !== 10 && c !== 9) {
      break;
    }
    e--;
  }
  if (e === 0 || s.charCodeAt(e - 1) !== 93) {
    return false;
  }
  const from = Math.max(0, e - 48);
  return s.lastIndexOf('[Time:', e) >= from;
}

export interface RecordBody {
  payload: string;
  deviceTime: DeviceTime | null;
  code?: string;
  cid?: string;
}

/** Strips ` [Time:…]` (and `[Code:…] [CID:…]` before it) from the end of a payload. */
export function splitTrailer(text: string): RecordBody {
  let e = text.length;
  while (e > 0) {
    const c = text.charCodeAt(e - 1);
    if (c !== 32 && c !== 13 && c !== 10 && c !== 9) {
      break;
    }
    e--;
  }
  let deviceTime: DeviceTime | null = null;
  let code: string | undefined;
  let cid: string | undefined;
  let end = text.length;
  if (e > 0 && text.charCodeAt(e - 1) === 93) {
    const t = text.lastIndexOf('[Time:', e);
    if (t >= 0 && e - t <= 48) {
      deviceTime = parseDeviceTimeIn(text, t + 6, e - 1);
      end = t;
      if (end > 0 && text.charCodeAt(end - 1) === 32) {
        end--;
      }
      // [Code:0x600b] [CID:633] before the time
      for (let k = 0; k < 2; k++) {
        let ee = end;
        while (ee > 0 && text.charCodeAt(ee - 1) === 32) {
          ee--;
        }
        if (ee === 0 || text.charCodeAt(ee - 1) !== 93) {
          break;
        }
        const open = text.lastIndexOf('[', ee - 1);
        if (open < 0 || ee - open > 40) {
          break;
        }
        const tag = text.slice(open + 1, ee - 1);
        if (tag.startsWith('CID:')) {
          cid = tag.slice(4).trim();
        } else if (tag.startsWith('Code:')) {
          code = tag.slice(5).trim();
        } else {
          break;
        }
        end = open > 0 && text.charCodeAt(open - 1) === 32 ? open - 1 : open;
      }
    }
  }
  const payload = end === text.length ? text : text.slice(0, end);
  return { payload, deviceTime, code, cid };
}

const LF_ESCAPE = /#012/g;

/**
 * rsyslog control-character escapes: `#012` LF, `#015` CR, `#011` TAB. Records mostly hold only
 * `#012`: one native replace, checked for any other escape left; else one pass in which the text
 * between escapes is sliced once and joined once.
 */
export function decodeEscapes(s: string): string {
  let at = s.indexOf('#01');
  if (at === -1) {
    return s;
  }
  const lf = s.replace(LF_ESCAPE, '\n');
  if (lf.indexOf('#01') === -1) {
    return lf;
  }
  const parts: string[] = [];
  let from = 0;
  while (at !== -1) {
    const c = s.charCodeAt(at + 3);
    const ch = c === 50 /* 2 */ ? '\n' : c === 53 /* 5 */ ? '\r' : c === 49 /* 1 */ ? '\t' : null;
    if (ch === null) {
      at = s.indexOf('#01', at + 1);
      continue;
    }
    if (at > from) {
      parts.push(s.slice(from, at));
    }
    parts.push(ch);
    from = at + 4;
    at = s.indexOf('#01', from);
  }
  if (from === 0) {
    return s;
  }
  if (from < s.length) {
    parts.push(s.slice(from));
  }
  return parts.join('');
}

/** True when the line holds control characters no log text has (binary junk). */
export function isBinaryJunk(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if ((c < 32 && c !== 9 && c !== 10 && c !== 13) || c === 0xfffd || c === 127) {
      return true;
    }
  }
  return false;
}
