/**
 * Low-level splitting of SIP header values, quote- and bracket-aware, without regexes:
 *
 *   `a, "b,c" <sip:x>, d`            → splitList → [`a`, `"b,c" <sip:x>`, `d`]
 *   `;tag=1;lr;text="a;b"`           → parseParams → {tag: '1', lr: '', text: 'a;b'}
 */

/** Split a comma-separated header value, ignoring commas inside quotes or `<…>`. */
export function splitList(value: string): string[] {
  const out: string[] = [];
  let start = 0;
  let inQuote = false;
  let angle = 0;
  for (let i = 0; i < value.length; i++) {
    const ch = value.charCodeAt(i);
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
      const part = value.slice(start, i).trim();
      if (part) {
        out.push(part);
      }
      start = i + 1;
    }
  }
  const last = value.slice(start).trim();
  if (last) {
    out.push(last);
  }
  return out;
}

/** Split on a separator char outside double quotes. */
export function splitOutsideQuotes(value: string, sep: number): string[] {
  const out: string[] = [];
  let start = 0;
  let inQuote = false;
  for (let i = 0; i < value.length; i++) {
    const ch = value.charCodeAt(i);
    if (inQuote) {
      if (ch === 92) {
        i++;
      } else if (ch === 34) {
        inQuote = false;
      }
    } else if (ch === 34) {
      inQuote = true;
    } else if (ch === sep) {
      out.push(value.slice(start, i));
      start = i + 1;
    }
  }
  out.push(value.slice(start));
  return out;
}

/** Remove surrounding double quotes and undo `\"` escapes. */
export function unquote(s: string): string {
  const t = s.trim();
  if (t.length >= 2 && t.charCodeAt(0) === 34 && t.charCodeAt(t.length - 1) === 34) {
    const inner = t.slice(1, -1);
    return inner.indexOf('\\') === -1 ? inner : inner.replace(/\\(.)/g, '$1');
  }
  if (t.length >= 1 && t.charCodeAt(0) === 34) {
    // unterminated quote (cut line): keep what is there
    return t.slice(1);
  }
  return t;
}

/**
 * Parse `;name=value;flag` parameters (the leading `;` is optional). Names are lower-cased,
 * values unquoted; a flag without value maps to ''. The first occurrence of a name wins.
 */
export function parseParams(s: string): Record<string, string> {
  const params: Record<string, string> = {};
  for (const part of splitOutsideQuotes(s, 59 /* ; */)) {
    const p = part.trim();
    if (!p) {
      continue;
    }
    const eq = p.indexOf('=');
    const name = (eq === -1 ? p : p.slice(0, eq)).trim().toLowerCase();
    if (!name || name in params) {
      continue;
    }
    params[name] = eq === -1 ? '' : unquote(p.slice(eq + 1));
  }
  return params;
}
