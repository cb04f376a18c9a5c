/**
 * Canonical SIP header names: lower case, compact forms expanded (RFC 3261 §7.3.3 and the
 * extensions that registered one letter, see the table: RFC 3841, 3892, 4028, 4474, 6665, 8224).
 *
 *   `i: abc` → `call-id`,  `CALL-ID: abc` → `call-id`,  `Via` → `via`
 */

export const COMPACT_FORMS: Readonly<Record<string, string>> = {
  a: 'accept-contact', // RFC 3841
  b: 'referred-by', // RFC 3892
  c: 'content-type',
  d: 'request-disposition', // RFC 3841
  e: 'content-encoding',
  f: 'from',
  i: 'call-id',
  j: 'reject-contact', // RFC 3841
  k: 'supported',
  l: 'content-length',
  m: 'contact',
  n: 'identity-info', // RFC 4474
  o: 'event', // RFC 6665
  r: 'refer-to', // RFC 3515
  s: 'subject',
  t: 'to',
  u: 'allow-events', // RFC 6665
  v: 'via',
  x: 'session-expires', // RFC 4028
  y: 'identity', // RFC 8224
};

/** The compact letter of a canonical name, when it has one. */
export const COMPACT_OF: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(COMPACT_FORMS).map(([k, v]) => [v, k]),
);

/** `CALL-ID` → `call-id`, `i` → `call-id`, `X-MS-SBC` → `x-ms-sbc`. */
export function canonicalHeaderName(raw: string): string {
  const lower = raw.toLowerCase();
  if (lower.length === 1) {
    return COMPACT_FORMS[lower] ?? lower;
  }
  return lower;
}
