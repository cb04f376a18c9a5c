/**
 * Low-level splitting of SIP header values, quote- and bracket-aware, without regexes:
 *
 *   `a, "b,c" <sip:x>, d`            → splitList → [`a`, `"b,c" <sip:x>`, `d`]
 *   `;tag=1;lr;text="a;b"`           → parseParams → {tag: '1', lr: '', text: 'a;b'}
 */

/** Where the list item starting at `from` ends: the next comma outside quotes and `<…>`, or `to`. */
export function listItemEnd(text: string, from: number, to: number): number {
  let inQuote = false;
  let angle = 0;
  for (let i = from; i < to; i++) {
    const ch = text.charCodeAt(i);
    if (inQuote) {
      if (ch === 92 /* \ */) {
        i++;
      } else if (ch === 34 /* " */) {
        inQuote = false;
      }
    } else if (ch === 34) {
      inQuote = true;
    } else if (ch === 60 /* < */) {
      angle++;
    } else if (ch === 62 /* > */) {
      if (angle > 0) {
        angle--;
      }
    } else if (ch === 44 /* , */ && angle === 0) {
      return i;
    }
  }
  return to;
}

/** Split a comma-separated header value, ignoring commas inside quotes or `<…>`. */
export function splitList(value: string): string[] {
  const out: string[] = [];
  for (let i = 0; i <= value.length; ) {
    const end = listItemEnd(value, i, value.length);
    const s = trimStartAt(value, i, end);
    const e = trimEndAt(value, s, end);
    if (s < e) {
      out.push(value.slice(s, e));
    }
    i = end + 1;
  }
  return out;
}

/** The characters `String.prototype.trim` removes (ECMAScript WhiteSpace and LineTerminator). */
export function isTrimmed(c: number): boolean {
  if (c <= 32) {
    return c === 32 || (c >= 9 && c <= 13);
  }
  if (c < 0xa0) {
    return false;
  }
  return (
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

/** Start of `text[from, to)` without leading whitespace (as `trim` sees it). */
export function trimStartAt(text: string, from: number, to: number): number {
  while (from < to && isTrimmed(text.charCodeAt(from))) {
    from++;
  }
  return from;
}

/** End of `text[from, to)` without trailing whitespace (as `trim` sees it). */
export function trimEndAt(text: string, from: number, to: number): number {
  while (to > from && isTrimmed(text.charCodeAt(to - 1))) {
    to--;
  }
  return to;
}

/** `text.slice(from, to).toLowerCase() === lower` (`lower`: lower-case ASCII), mostly without the slice. */
export function lowerNameIs(text: string, from: number, to: number, lower: string): boolean {
  if (to - from !== lower.length) {
    return hasNonAscii(text, from, to) && text.slice(from, to).toLowerCase() === lower;
  }
  for (let i = 0; i < lower.length; i++) {
    const c = text.charCodeAt(from + i);
    if (c >= 128) {
      return text.slice(from, to).toLowerCase() === lower;
    }
    if ((c >= 65 && c <= 90 ? c + 32 : c) !== lower.charCodeAt(i)) {
      return false;
    }
  }
  return true;
}

function hasNonAscii(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    if (text.charCodeAt(i) >= 128) {
      return true;
    }
  }
  return false;
}

/** `unquote(text.slice(from, to))`. */
function unquoteAt(text: string, from: number, to: number): string {
  const s = trimStartAt(text, from, to);
  const e = trimEndAt(text, s, to);
  if (e - s >= 2 && text.charCodeAt(s) === 34 && text.charCodeAt(e - 1) === 34) {
    const inner = text.slice(s + 1, e - 1);
    return inner.indexOf('\\') === -1 ? inner : inner.replace(/\\(.)/g, '$1');
  }
  if (e - s >= 1 && text.charCodeAt(s) === 34) {
    // unterminated quote (cut line): keep what is there
    return text.slice(s + 1, e);
  }
  return text.slice(s, e);
}

/** Remove surrounding double quotes and undo `\"` escapes. */
export function unquote(s: string): string {
  return unquoteAt(s, 0, s.length);
}

/** Where the `;`-separated part starting at `from` ends: the next `;` outside quotes, or `to`. */
function partEnd(text: string, from: number, to: number): number {
  let inQuote = false;
  for (let i = from; i < to; i++) {
    const ch = text.charCodeAt(i);
    if (inQuote) {
      if (ch === 92) {
        i++;
      } else if (ch === 34) {
        inQuote = false;
      }
    } else if (ch === 34) {
      inQuote = true;
    } else if (ch === 59) {
      return i;
    }
  }
  return to;
}

/** One parameter found by `nextParam`. */
export interface ParamAt {
  /** the name is `text[ns, ne)` (not lower-cased; empty when the part starts with `=`) */
  ns: number;
  ne: number;
  /** where its `=` is, -1 for a flag */
  eq: number;
  /** where the part ends (blanks trimmed) */
  pe: number;
  /** where the next part starts */
  next: number;
}

/** One scratch record: read it before the next call (parsing is synchronous). */
const found: ParamAt = { ns: 0, ne: 0, eq: -1, pe: 0, next: 0 };

/**
 * The first non-empty `;` part of `text[from, to)` (blanks trimmed), null when there is none more.
 * Walk with `for (let p = nextParam(t, a, b); p; p = nextParam(t, p.next, b))`.
 */
export function nextParam(text: string, from: number, to: number): ParamAt | null {
  let i = from;
  while (i <= to) {
    const end = partEnd(text, i, to);
    const ps = trimStartAt(text, i, end);
    const pe = trimEndAt(text, ps, end);
    i = end + 1;
    if (ps < pe) {
      let eq = text.indexOf('=', ps);
      if (eq >= pe) {
        eq = -1;
      }
      found.ns = ps;
      // the part starts with its name (already trimmed at the start)
      found.ne = trimEndAt(text, ps, eq === -1 ? pe : eq);
      found.eq = eq;
      found.pe = pe;
      found.next = i;
      return found;
    }
  }
  return null;
}

/** `value` of a parameter found by `nextParam`: unquoted, '' for a flag. */
export function paramValue(text: string, p: ParamAt): string {
  return p.eq === -1 ? '' : unquoteAt(text, p.eq + 1, p.pe);
}

/** Names most parameters have: taken as they are instead of a new lower-cased string. */
const COMMON_NAMES = ['tag', 'user', 'transport', 'lr', 'branch', 'rport', 'received'];

function paramName(text: string, ns: number, ne: number): string {
  for (const n of COMMON_NAMES) {
    if (ne - ns === n.length && lowerNameIs(text, ns, ne, n)) {
      return n;
    }
  }
  return text.slice(ns, ne).toLowerCase();
}

/**
 * `parseParams(text.slice(from, to))` without the slice: `;name=value;flag` parameters (the
 * leading `;` is optional). Names are lower-cased, values unquoted; a flag without value maps to
 * ''. The first occurrence of a name wins.
 */
export function parseParamsAt(text: string, from: number, to: number): Record<string, string> {
  const params: Record<string, string> = {};
  for (let p = nextParam(text, from, to); p !== null; p = nextParam(text, p.next, to)) {
    if (p.ns === p.ne) {
      continue;
    }
    const name = paramName(text, p.ns, p.ne);
    if (name in params) {
      continue;
    }
    params[name] = paramValue(text, p);
  }
  return params;
}

/**
 * Parse `;name=value;flag` parameters (the leading `;` is optional). Names are lower-cased, values
 * unquoted; a flag without value maps to ''. The first occurrence of a name wins.
 */
export function parseParams(s: string): Record<string, string> {
  return parseParamsAt(s, 0, s.length);
}
