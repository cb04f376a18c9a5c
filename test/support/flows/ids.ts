/**
 * Deterministic identifiers for rendered calls: tags, branches, Call-IDs and UUIDs derived from a
 * seed string, so that every rendering of a scenario (and every example log) is byte-identical.
 */

/** 32-bit FNV-1a of a string. */
function fnv(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/** `len` lower-case hex digits derived from `seed`. */
export function hexOf(seed: string, len: number): string {
  let out = '';
  let i = 0;
  while (out.length < len) {
    out += fnv(`${seed}#${i++}`).toString(16).padStart(8, '0');
  }
  return out.slice(0, len);
}

/** `len` decimal digits derived from `seed` (no leading zero). */
export function digitsOf(seed: string, len: number): string {
  let out = '';
  let i = 0;
  while (out.length < len) {
    out += String(fnv(`${seed}/${i++}`)).padStart(10, '0');
  }
  return (out[0] === '0' ? '1' : '') + out.slice(out[0] === '0' ? 1 : 0, len);
}

/** An RFC 4122-looking UUID derived from `seed`. */
export function uuidOf(seed: string): string {
  const h = hexOf(seed, 32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** A base64-looking key of `len` characters (SRTP inline keys, ICE passwords). */
export function keyOf(seed: string, len: number): string {
  const abc = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  let out = '';
  let i = 0;
  while (out.length < len) {
    const h = fnv(`${seed}:${i++}`);
    out += abc[h & 63] + abc[(h >>> 6) & 63] + abc[(h >>> 12) & 63] + abc[(h >>> 18) & 63];
  }
  return out.slice(0, len);
}
