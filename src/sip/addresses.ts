/**
 * Address classification for SIP/SDP hosts:
 *
 *   isPrivateIp('10.1.2.3')                      → true   (RFC 1918, RFC 6598 CGNAT, link-local, ULA)
 *   isMicrosoftSignalingIp('52.114.75.24')       → true   (52.112.0.0/14, 52.120.0.0/14, GCC High, DoD)
 *   isTeamsHost('sip2.pstnhub.microsoft.com')    → true
 *   splitHostPort('[2001:db8::1]:5061')          → { host: '2001:db8::1', port: 5061 }
 *
 * Ranges from Microsoft "Plan Direct Routing" §SIP Signaling / Media (see ms-direct-routing.md §3.1-3.2).
 */

/** IPv4 dotted quad → unsigned 32-bit number; null when not an IPv4 address. */
export function ipv4ToNumber(ip: string): number | null {
  let n = 0;
  let part = 0;
  let digits = 0;
  let dots = 0;
  for (let i = 0; i < ip.length; i++) {
    const c = ip.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      part = part * 10 + (c - 48);
      digits++;
      if (digits > 3 || part > 255) {
        return null;
      }
    } else if (c === 46) {
      if (digits === 0 || dots === 3) {
        return null;
      }
      n = n * 256 + part;
      part = 0;
      digits = 0;
      dots++;
    } else {
      return null;
    }
  }
  if (dots !== 3 || digits === 0) {
    return null;
  }
  return n * 256 + part;
}

type Cidr4 = readonly [base: number, bits: number];

function cidr(s: string): Cidr4 {
  const [ip, bits] = s.split('/');
  const base = ipv4ToNumber(ip);
  if (base === null) {
    throw new TypeError(`bad built-in CIDR ${s}`);
  }
  return [base, Number(bits)];
}

function inCidr(n: number, [base, bits]: Cidr4): boolean {
  const size = 2 ** (32 - bits);
  return Math.floor(n / size) === Math.floor(base / size);
}

const PRIVATE_V4: readonly Cidr4[] = [
  '10.0.0.0/8',
  '172.16.0.0/12',
  '192.168.0.0/16',
  '100.64.0.0/10',
  '169.254.0.0/16',
].map(cidr);

/** Microsoft 365/GCC signalling and media ranges, plus GCC High and DoD. */
const MICROSOFT_V4: readonly Cidr4[] = [
  '52.112.0.0/14',
  '52.120.0.0/14',
  '52.127.88.0/21',
  '52.127.64.0/21',
].map(cidr);

function stripBrackets(ip: string): string {
  const t = ip.trim();
  return t.charCodeAt(0) === 91 && t.charCodeAt(t.length - 1) === 93 ? t.slice(1, -1) : t;
}

/** First 16 bits of an IPv6 address written in text, or null. */
function ipv6FirstHextet(ip: string): number | null {
  if (ip.indexOf(':') === -1) {
    return null;
  }
  if (ip.startsWith('::')) {
    return 0;
  }
  const colon = ip.indexOf(':');
  const h = ip.slice(0, colon);
  if (h.length === 0 || h.length > 4) {
    return null;
  }
  const n = Number.parseInt(h, 16);
  return Number.isNaN(n) ? null : n;
}

/** RFC 1918, 100.64/10 (CGNAT), 169.254/16, fc00::/7 (ULA), fe80::/10 (link-local). */
export function isPrivateIp(ip: string): boolean {
  const s = stripBrackets(ip);
  const n = ipv4ToNumber(s);
  if (n !== null) {
    return PRIVATE_V4.some((c) => inCidr(n, c));
  }
  const h = ipv6FirstHextet(s.toLowerCase());
  if (h === null) {
    return false;
  }
  return (h & 0xfe00) === 0xfc00 || (h & 0xffc0) === 0xfe80;
}

/** Is this an IPv4 or IPv6 literal (not a host name)? */
export function isIpLiteral(host: string): boolean {
  const s = stripBrackets(host);
  return ipv4ToNumber(s) !== null || ipv6FirstHextet(s) !== null;
}

/** Teams Direct Routing SIP proxy addresses (52.112.0.0/14, 52.120.0.0/14, 52.127.88.0/21, 52.127.64.0/21). */
export function isMicrosoftSignalingIp(ip: string): boolean {
  const n = ipv4ToNumber(stripBrackets(ip));
  return n !== null && MICROSOFT_V4.some((c) => inCidr(n, c));
}

/** Teams media processors and transport relays: the same published ranges as signalling. */
export function isMicrosoftMediaIp(ip: string): boolean {
  return isMicrosoftSignalingIp(ip);
}

const TEAMS_SUFFIXES = [
  '.pstnhub.microsoft.com',
  '.pstnhub.gov.teams.microsoft.us',
  '.pstnhub.dod.teams.microsoft.us',
];

/** the hubs' own names, without the leading dot */
const TEAMS_HUBS = TEAMS_SUFFIXES.map((s) => s.slice(1));

/** `sip.pstnhub.microsoft.com`, `api-du-a-usea.pstnhub.microsoft.com`, GCC High and DoD hubs. */
export function isTeamsHost(host: string): boolean {
  if (!/pstnhub/i.test(host)) {
    return false; // every Teams name has it: most hosts are told apart without new strings
  }
  let h = host.trim().toLowerCase();
  if (h.endsWith('.')) {
    h = h.slice(0, -1);
  }
  for (let i = 0; i < TEAMS_SUFFIXES.length; i++) {
    if (h.endsWith(TEAMS_SUFFIXES[i]) || h === TEAMS_HUBS[i]) {
      return true;
    }
  }
  return false;
}

/** Is the host (name or IP) on the Microsoft side of a Direct Routing trunk? */
export function isTeamsPeer(host: string): boolean {
  return isTeamsHost(host) || isMicrosoftSignalingIp(host);
}

export interface HostPort {
  host: string;
  port?: number;
}

/** `1.2.3.4:5060`, `host`, `[2001:db8::1]:5061`, bare `2001:db8::1` (no port). Never throws. */
export function splitHostPort(s: string): HostPort {
  const t = s.trim();
  if (t.charCodeAt(0) === 91) {
    const close = t.indexOf(']');
    if (close === -1) {
      return { host: t.slice(1) };
    }
    const host = t.slice(1, close);
    const port = t.charCodeAt(close + 1) === 58 ? toPort(t.slice(close + 2)) : undefined;
    return port === undefined ? { host } : { host, port };
  }
  const first = t.indexOf(':');
  if (first === -1) {
    return { host: t };
  }
  if (t.indexOf(':', first + 1) !== -1) {
    // more than one colon: a bare IPv6 address
    return { host: t };
  }
  const port = toPort(t.slice(first + 1));
  const host = t.slice(0, first);
  return port === undefined ? { host } : { host, port };
}

function toPort(s: string): number | undefined {
  if (!/^\d{1,5}$/.test(s)) {
    return undefined;
  }
  const n = Number(s);
  return n > 0 && n < 65536 ? n : undefined;
}
