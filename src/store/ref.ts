/**
 * What a user means by a call reference (`why <ref>`, "why did 0101 fail?"):
 *
 *   '+49 30 555-0101', '0305550101', '(030) 555.0101', '0101', 'tel:+49305550101'
 *                                     → { kind: 'number', digits: '49305550101' | '0305550101' | … }
 *   'b0c4e1…@198.51.100.10', '3f2a…9d' (32 hex), 'b9027c:24:198171' (AudioCodes SID),
 *   'C544D4800002' (CUBE GUID), '<a84b4c76e66710@pc33>'
 *                                     → { kind: 'id', value: … }
 *
 * A number is at least 4 digits written with nothing but digits, spaces and `+-()./`, optionally as
 * a `tel:` or `sip:` URI whose user part is such a number. Everything else is an id. Pure.
 */

export type CallRef = { kind: 'number'; digits: string } | { kind: 'id'; value: string };

/** Fewest digits accepted as a phone number (a shorter number would match too many calls). */
export const MIN_NUMBER_DIGITS = 4;

const URI_SCHEMES = ['tel:', 'sip:', 'sips:'];

/** Strips what people paste around an id: whitespace, quotes and angle brackets. */
function unwrap(ref: string): string {
  let s = ref.trim();
  while (s.length >= 2) {
    const a = s.charCodeAt(0);
    const b = s.charCodeAt(s.length - 1);
    // <…>, "…", '…'
    if ((a === 60 && b === 62) || (a === 34 && b === 34) || (a === 39 && b === 39)) {
      s = s.slice(1, -1).trim();
    } else {
      break;
    }
  }
  return s;
}

/** The digits of `s` when it is written like a phone number, else null. */
function writtenNumberDigits(s: string): string | null {
  let digits = '';
  let start = -1;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      if (start < 0) {
        start = i;
      }
      continue;
    }
    if (start >= 0) {
      digits += s.slice(start, i);
      start = -1;
    }
    // space + - ( ) . /
    if (c !== 32 && c !== 43 && c !== 45 && c !== 40 && c !== 41 && c !== 46 && c !== 47) {
      return null;
    }
  }
  if (start >= 0) {
    digits += s.slice(start);
  }
  return digits.length >= MIN_NUMBER_DIGITS ? digits : null;
}

/** The user part of a `tel:`/`sip:` URI (`sip:+4930…@host;user=phone` → `+4930…`), else null. */
function uriUser(s: string): string | null {
  const lower = s.slice(0, 5).toLowerCase();
  const scheme = URI_SCHEMES.find((p) => lower.startsWith(p));
  if (!scheme) {
    return null;
  }
  const rest = s.slice(scheme.length);
  let end = rest.length;
  for (const stop of ['@', ';', '?']) {
    const i = rest.indexOf(stop);
    if (i >= 0 && i < end) {
      end = i;
    }
  }
  return rest.slice(0, end);
}

export function classifyRef(ref: string): CallRef {
  const s = unwrap(ref);
  const direct = writtenNumberDigits(s);
  if (direct !== null) {
    return { kind: 'number', digits: direct };
  }
  const user = uriUser(s);
  if (user !== null) {
    const digits = writtenNumberDigits(user);
    if (digits !== null) {
      return { kind: 'number', digits };
    }
  }
  return { kind: 'id', value: s };
}
