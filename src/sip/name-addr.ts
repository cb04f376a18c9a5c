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
import { parseParams, unquote } from './params';

export interface SipUri {
  scheme: string;
  user?: string;
  host?: string;
  port?: number;
  params: Record<string, string>;
}

/**
 * Parse `sip:user@host:port;params`, `sips:`, `tel:+123;params`. Tolerant: never throws.
 * `withParams` false: `params` is left empty (for callers that only want the user or host).
 */
export function parseUri(uri: string, withParams = true): SipUri {
  const colon = uri.indexOf(':');
  const scheme = colon > 0 && colon < 6 ? uri.slice(0, colon).toLowerCase() : '';
  const rest = scheme ? uri.slice(colon + 1) : uri;
  // headers part `?x=y` is dropped
  const q = rest.indexOf('?');
  const noHeaders = q === -1 ? rest : rest.slice(0, q);
  if (scheme === 'tel') {
    const semi = noHeaders.indexOf(';');
    const user = semi === -1 ? noHeaders : noHeaders.slice(0, semi);
    return { scheme, user: user.trim(), params: semi === -1 || !withParams ? {} : parseParams(noHeaders.slice(semi + 1)) };
  }
  const at = noHeaders.lastIndexOf('@');
  let user: string | undefined;
  let hostPart = noHeaders;
  if (at !== -1) {
    let userinfo = noHeaders.slice(0, at);
    const pw = userinfo.indexOf(':');
    if (pw !== -1) {
      userinfo = userinfo.slice(0, pw);
    }
    const us = userinfo.indexOf(';');
    user = us === -1 ? userinfo : userinfo.slice(0, us);
    hostPart = noHeaders.slice(at + 1);
  }
  const semi = hostPart.indexOf(';');
  const hostPort = semi === -1 ? hostPart : hostPart.slice(0, semi);
  const params = semi === -1 || !withParams ? {} : parseParams(hostPart.slice(semi + 1));
  let host: string | undefined;
  let port: number | undefined;
  if (hostPort.charCodeAt(0) === 91 /* [ */) {
    const close = hostPort.indexOf(']');
    host = close === -1 ? hostPort.slice(1) : hostPort.slice(1, close);
    if (close !== -1 && hostPort.charCodeAt(close + 1) === 58) {
      port = toPort(hostPort.slice(close + 2));
    }
  } else {
    const pc = hostPort.indexOf(':');
    host = pc === -1 ? hostPort : hostPort.slice(0, pc);
    if (pc !== -1) {
      port = toPort(hostPort.slice(pc + 1));
    }
  }
  host = host.trim().toLowerCase();
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

function toPort(s: string): number | undefined {
  const n = Number.parseInt(s, 10);
  return Number.isFinite(n) && n > 0 && n < 65536 ? n : undefined;
}

/** Parse a name-addr or addr-spec; null when there is no URI at all. */
export function parseNameAddr(value: string): NameAddr | null {
  const v = value.trim();
  if (!v) {
    return null;
  }
  let display: string | undefined;
  let uri: string;
  let paramText: string;
  const lt = findUnquoted(v, 60 /* < */);
  if (lt !== -1) {
    const gt = v.indexOf('>', lt + 1);
    uri = (gt === -1 ? v.slice(lt + 1) : v.slice(lt + 1, gt)).trim();
    const d = unquote(v.slice(0, lt));
    if (d) {
      display = d;
    }
    paramText = gt === -1 ? '' : v.slice(gt + 1);
  } else {
    if (v.charCodeAt(0) === 34) {
      // a quoted display name without <uri>: not an address
      return null;
    }
    const semi = v.indexOf(';');
    uri = (semi === -1 ? v : v.slice(0, semi)).trim();
    paramText = semi === -1 ? '' : v.slice(semi + 1);
  }
  if (!uri || uri === '*') {
    return uri === '*' ? { uri: '*', params: {} } : null;
  }
  const parsed = parseUri(uri);
  const params = paramText ? parseParams(paramText) : {};
  const out: NameAddr = { uri, params };
  if (display !== undefined) {
    out.display = display;
  }
  if (parsed.user !== undefined) {
    out.user = parsed.user;
  }
  if (parsed.host !== undefined) {
    out.host = parsed.host;
  }
  if (params.tag !== undefined) {
    out.tag = params.tag;
  }
  if (parsed.port !== undefined) {
    out.port = parsed.port;
  }
  if (Object.keys(parsed.params).length > 0) {
    out.uriParams = parsed.params;
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
