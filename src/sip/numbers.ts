/**
 * Phone numbers as SBCs write them, normalised to digits with the country code kept:
 *
 *   '+49 30 555-0101' | 'tel:+49305550101' | 'sip:+49305550101@sbc;user=phone' | '0049305550101'
 *     → '49305550101'
 *   'Anonymous' → 'anonymous'   (non-numeric users: lower-cased, as they are)
 */

function stripUri(s: string): string {
  let t = s.trim();
  if (t.charCodeAt(0) === 60 /* < */) {
    const gt = t.indexOf('>');
    t = gt === -1 ? t.slice(1) : t.slice(1, gt);
  }
  const lower4 = t.slice(0, 5).toLowerCase();
  if (lower4.startsWith('sips:')) {
    t = t.slice(5);
  } else if (lower4.startsWith('sip:') || lower4.startsWith('tel:')) {
    t = t.slice(4);
  }
  const at = t.indexOf('@');
  if (at !== -1) {
    t = t.slice(0, at);
  }
  const semi = t.indexOf(';');
  if (semi !== -1) {
    t = t.slice(0, semi);
  }
  return t.trim();
}

function isSeparator(c: number): boolean {
  // space, tab, - . ( ) /
  return c === 32 || c === 9 || c === 45 || c === 46 || c === 40 || c === 41 || c === 47;
}

/** Digits only, country code kept and `00` international prefix dropped; other users lower-cased. */
export function normalizeNumber(userPart: string): string {
  const user = stripUri(userPart);
  let plus = false;
  let sawDigit = false;
  for (let i = 0; i < user.length; i++) {
    const c = user.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      sawDigit = true;
    } else if (c === 43 /* + */ && !sawDigit && !plus) {
      plus = true;
    } else if (!isSeparator(c)) {
      return user.toLowerCase();
    }
  }
  if (!sawDigit) {
    return user.toLowerCase();
  }
  let digits = user.replace(/\D+/g, '');
  if (!plus && digits.length > 4 && digits.startsWith('00')) {
    digits = digits.slice(2);
  }
  return digits;
}

/**
 * Does the query (at least 4 digits) match the end of the stored number? A national trunk
 * prefix `0` in the query is tried without it as well (`030 5550101` matches `49305550101`).
 * Non-numeric queries match only the same user name.
 */
export function numberMatches(stored: string, query: string): boolean {
  const s = normalizeNumber(stored);
  const q = normalizeNumber(query);
  if (!/^\d+$/.test(q)) {
    return q !== '' && s === q;
  }
  if (q.length < 4 || !/^\d+$/.test(s)) {
    return false;
  }
  if (s.endsWith(q)) {
    return true;
  }
  let i = 0;
  while (i < q.length && q.charCodeAt(i) === 48) {
    i++;
  }
  const national = q.slice(i);
  return i > 0 && national.length >= 4 && s.endsWith(national);
}
