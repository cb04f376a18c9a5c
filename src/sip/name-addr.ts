/**
 * From / To / Contact / P-Asserted-Identity / Refer-To values (RFC 3261 §20.10, §25.1):
 *
 *   "Alice" <sip:+4930555@sbc.example.com:5061;user=phone>;tag=abc
 *   Alice Example<sip:+39058@sip.pstnhub.microsoft.com;user=phone>;tag=51f0
 *   <sip:api-du-a-usea.pstnhub.microsoft.com:443;x-i=…;x-c=…>
 *   sip:bob@example.com;tag=1            (addr-spec: every `;param` belongs to the header)
 *   tel:+4930555;phone-context=…
 */
import type { NameAddr } from './sip-message';
import { lowerNameIs, nextParam, paramValue, parseParamsAt, trimEndAt, trimStartAt, unquote } from './params';

export interface SipUri {
  scheme: string;
  user?: string;
  host?: string;
  port?: number;
  params: Record<string, string>;
}

/** Where the parts of one URI are, filled by `scanUri` (indices into the URI text). */
interface UriParts {
  tel: boolean;
  /** user part; `userStart === -1`: none */
  userStart: number;
  userEnd: number;
  hostStart: number;
  hostEnd: number;
  port: number | undefined;
  /** the `;params` after the host (or the tel number), `paramStart === -1`: none */
  paramStart: number;
  paramEnd: number;
}

/** One scratch record: parsing is synchronous, and each caller reads it before the next scan. */
const parts: UriParts = { tel: false, userStart: -1, userEnd: -1, hostStart: 0, hostEnd: 0, port: undefined, paramStart: -1, paramEnd: -1 };

function indexIn(text: string, ch: string, from: number, to: number): number {
  const i = text.indexOf(ch, from);
  return i === -1 || i >= to ? -1 : i;
}

function lowerIs(uri: string, at: number, c: number): boolean {
  return (uri.charCodeAt(at) | 32) === c;
}

/** The scheme before the colon at `colon`, lower-cased; `sip`, `sips`, `tel` without a new string. */
function schemeOf(uri: string, colon: number): string {
  if (lowerIs(uri, 0, 115) && lowerIs(uri, 1, 105) && lowerIs(uri, 2, 112)) {
    if (colon === 3) {
      return 'sip';
    }
    if (colon === 4 && lowerIs(uri, 3, 115)) {
      return 'sips';
    }
  } else if (colon === 3 && lowerIs(uri, 0, 116) && lowerIs(uri, 1, 101) && lowerIs(uri, 2, 108)) {
    return 'tel';
  }
  return uri.slice(0, colon).toLowerCase();
}

/** `Number.parseInt(text.slice(from, to), 10)` as a port (1-65535), else undefined. */
function portAt(text: string, from: number, to: number): number | undefined {
  let n = 0;
  if (to - from >= 1 && to - from <= 5) {
    for (let i = from; i < to; i++) {
      const c = text.charCodeAt(i);
      if (c < 48 || c > 57) {
        n = -1;
        break;
      }
      n = n * 10 + (c - 48);
    }
  } else {
    n = -1;
  }
  if (n === -1) {
    n = Number.parseInt(text.slice(from, to), 10);
  }
  return Number.isFinite(n) && n > 0 && n < 65536 ? n : undefined;
}

/** Finds the parts of `sip:user@host:port;params?headers` / `tel:+123;params` (see `parseUri`). */
function scanUri(uri: string, scheme: string, restStart: number): UriParts {
  const q = uri.indexOf('?', restStart);
  const end = q === -1 ? uri.length : q;
  parts.tel = scheme === 'tel';
  parts.port = undefined;
  if (parts.tel) {
    const semi = indexIn(uri, ';', restStart, end);
    parts.userStart = restStart;
    parts.userEnd = semi === -1 ? end : semi;
    parts.paramStart = semi === -1 ? -1 : semi + 1;
    parts.paramEnd = end;
    return parts;
  }
  const at = uri.lastIndexOf('@', end - 1);
  let hostStart = restStart;
  parts.userStart = -1;
  if (at >= restStart) {
    const pw = indexIn(uri, ':', restStart, at);
    const userEnd = pw === -1 ? at : pw;
    const us = indexIn(uri, ';', restStart, userEnd);
    parts.userStart = restStart;
    parts.userEnd = us === -1 ? userEnd : us;
    hostStart = at + 1;
  }
  const semi = indexIn(uri, ';', hostStart, end);
  const hostPortEnd = semi === -1 ? end : semi;
  parts.paramStart = semi === -1 ? -1 : semi + 1;
  parts.paramEnd = end;
  if (uri.charCodeAt(hostStart) === 91 /* [ */ && hostStart < hostPortEnd) {
    const close = indexIn(uri, ']', hostStart, hostPortEnd);
    parts.hostStart = hostStart + 1;
    parts.hostEnd = close === -1 ? hostPortEnd : close;
    if (close !== -1 && close + 1 < hostPortEnd && uri.charCodeAt(close + 1) === 58) {
      parts.port = portAt(uri, close + 2, hostPortEnd);
    }
  } else {
    const pc = indexIn(uri, ':', hostStart, hostPortEnd);
    parts.hostStart = hostStart;
    parts.hostEnd = pc === -1 ? hostPortEnd : pc;
    if (pc !== -1) {
      parts.port = portAt(uri, pc + 1, hostPortEnd);
    }
  }
  return parts;
}

/** The scanned host, trimmed and lower-cased; '' when there is none. */
function hostOf(uri: string, p: UriParts): string {
  const s = trimStartAt(uri, p.hostStart, p.hostEnd);
  const e = trimEndAt(uri, s, p.hostEnd);
  return s === e ? '' : uri.slice(s, e).toLowerCase();
}

/** The scanned user part: trimmed for tel (always there), as written for sip ('' → none). */
function userOf(uri: string, p: UriParts): string | undefined {
  if (p.tel) {
    const s = trimStartAt(uri, p.userStart, p.userEnd);
    return uri.slice(s, trimEndAt(uri, s, p.userEnd));
  }
  return p.userStart === -1 || p.userStart === p.userEnd ? undefined : uri.slice(p.userStart, p.userEnd);
}

/**
 * Parse `sip:user@host:port;params`, `sips:`, `tel:+123;params`. Tolerant: never throws.
 * `withParams` false: `params` is left empty (for callers that only want the user or host).
 */
export function parseUri(uri: string, withParams = true): SipUri {
  const colon = uri.indexOf(':');
  const scheme = colon > 0 && colon < 6 ? schemeOf(uri, colon) : '';
  const p = scanUri(uri, scheme, scheme ? colon + 1 : 0);
  const params = p.paramStart === -1 || !withParams ? {} : parseParamsAt(uri, p.paramStart, p.paramEnd);
  if (p.tel) {
    return { scheme, user: userOf(uri, p) ?? '', params };
  }
  const user = userOf(uri, p);
  const host = hostOf(uri, p);
  const port = p.port;
  const out: SipUri = { scheme, params };
  if (user) {
    out.user = user;
  }
  if (host) {
    out.host = host;
  }
  if (port !== undefined) {
    out.port = port;
  }
  return out;
}

function hasKeys(o: Record<string, string>): boolean {
  for (const k in o) {
    if (Object.prototype.hasOwnProperty.call(o, k)) {
      return true;
    }
  }
  return false;
}

/** Where the parts of a name-addr are, filled by `locateNameAddr` (indices into the trimmed value). */
interface AddrParts {
  /** `<` of a name-addr, -1 for an addr-spec */
  lt: number;
  /** the URI is `v[uriStart, uriEnd)`, blanks trimmed */
  uriStart: number;
  uriEnd: number;
  /** the header parameters are `v[paramStart, v.length)`; -1: none */
  paramStart: number;
}

const addr: AddrParts = { lt: -1, uriStart: 0, uriEnd: 0, paramStart: -1 };

/** Finds the parts of the trimmed value `v`; false when it is not an address at all (quoted name without `<uri>`). */
function locateNameAddr(v: string): boolean {
  const lt = findUnquoted(v, 60 /* < */);
  let uriEnd: number;
  addr.lt = lt;
  if (lt !== -1) {
    const gt = v.indexOf('>', lt + 1);
    uriEnd = gt === -1 ? v.length : gt;
    addr.uriStart = trimStartAt(v, lt + 1, uriEnd);
    addr.paramStart = gt === -1 || gt + 1 === v.length ? -1 : gt + 1;
  } else {
    if (v.charCodeAt(0) === 34) {
      // a quoted display name without <uri>: not an address
      return false;
    }
    const semi = v.indexOf(';');
    uriEnd = semi === -1 ? v.length : semi;
    addr.uriStart = trimStartAt(v, 0, uriEnd);
    addr.paramStart = semi === -1 || semi + 1 === v.length ? -1 : semi + 1;
  }
  addr.uriEnd = trimEndAt(v, addr.uriStart, uriEnd);
  return true;
}

/**
 * `parseNameAddr(value)?.tag` without parsing the rest (the call builder reads the tags of every
 * message, the rest of From/To seldom).
 */
export function nameAddrTag(value: string): string | undefined {
  const v = value.trim();
  if (!v || !locateNameAddr(v) || addr.uriStart === addr.uriEnd || addr.paramStart === -1) {
    return undefined;
  }
  if (addr.uriEnd - addr.uriStart === 1 && v.charCodeAt(addr.uriStart) === 42) {
    return undefined; // `*`: no parameters
  }
  const to = v.length;
  for (let p = nextParam(v, addr.paramStart, to); p !== null; p = nextParam(v, p.next, to)) {
    if (lowerNameIs(v, p.ns, p.ne, 'tag')) {
      return paramValue(v, p);
    }
  }
  return undefined;
}

/** `parseNameAddr(value)?.user`, without building the rest. */
export function nameAddrUser(value: string): string | undefined {
  const v = value.trim();
  if (!v || !locateNameAddr(v)) {
    return undefined;
  }
  const uri = v.slice(addr.uriStart, addr.uriEnd);
  if (!uri || uri === '*') {
    return undefined;
  }
  const colon = uri.indexOf(':');
  const scheme = colon > 0 && colon < 6 ? schemeOf(uri, colon) : '';
  return userOf(uri, scanUri(uri, scheme, scheme ? colon + 1 : 0));
}

/** Parse a name-addr or addr-spec; null when there is no URI at all. */
export function parseNameAddr(value: string): NameAddr | null {
  const v = value.trim();
  if (!v || !locateNameAddr(v)) {
    return null;
  }
  const { lt, paramStart } = addr;
  const uri = v.slice(addr.uriStart, addr.uriEnd);
  let display: string | undefined;
  if (lt > 0) {
    const d = unquote(v.slice(0, lt));
    if (d) {
      display = d;
    }
  }
  if (!uri || uri === '*') {
    return uri === '*' ? { uri: '*', params: {} } : null;
  }
  const colon = uri.indexOf(':');
  const scheme = colon > 0 && colon < 6 ? schemeOf(uri, colon) : '';
  const p = scanUri(uri, scheme, scheme ? colon + 1 : 0);
  const user = userOf(uri, p);
  const host = p.tel ? '' : hostOf(uri, p);
  const port = p.port;
  const uriParams = p.paramStart === -1 ? null : parseParamsAt(uri, p.paramStart, p.paramEnd);
  const params = paramStart === -1 ? {} : parseParamsAt(v, paramStart, v.length);
  const out: NameAddr = { uri, params };
  if (display !== undefined) {
    out.display = display;
  }
  if (user !== undefined) {
    out.user = user;
  }
  if (host) {
    out.host = host;
  }
  if (params.tag !== undefined) {
    out.tag = params.tag;
  }
  if (port !== undefined) {
    out.port = port;
  }
  if (uriParams !== null && hasKeys(uriParams)) {
    out.uriParams = uriParams;
  }
  return out;
}

function findUnquoted(s: string, ch: number): number {
  let inQuote = false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (inQuote) {
      if (c === 92) {
        i++;
      } else if (c === 34) {
        inQuote = false;
      }
    } else if (c === 34) {
      inQuote = true;
    } else if (c === ch) {
      return i;
    }
  }
  return -1;
}
