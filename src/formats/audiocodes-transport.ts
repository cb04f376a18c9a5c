/**
 * Recognises the AudioCodes `(N …)` debug lines that report a failed TLS/transport connection, e.g.
 *
 *   (N  1000003) !! TLS: TLS handshake with 52.114.75.24:5061 failed: certificate verify failed (certificate has expired)
 *   (N  6891702) SSL_connect error to 52.114.7.24:5061: tlsv1 alert unknown ca
 *   (N  6891710) TCP connection to 52.114.14.70:5061 failed (Connection refused)
 *   (N  6891711) TLSContext #0: certificate expired (notAfter 2026-11-20)
 *
 * AudioCodes' own wording is not public, so a family of phrasings is accepted:
 * - the line speaks of TLS/SSL/certificates (a whole word: `TLS`, `TLSv1.2`, `SSL_connect`,
 *   `certificate`, `x509`) **and** of a failure (failed/failure, error, expired, refused, reset,
 *   rejected, revoked, untrusted, unknown ca, bad certificate, unable to, handshake timed out);
 * - or it speaks of a connection to an address that failed, was refused, reset or timed out, on a
 *   TLS transport (the line says TLS/SSL, or the port is 5061).
 * Framing lines (`---- Incoming SIP Message … TLS …`), idle-timeout closes, `close notify` alerts
 * and lines without a failure word (`TLS connection established`) are ordinary debug noise.
 * Pure; looks at the first 400 characters of a line only.
 */

/** What a recognised line says. */
export interface TransportLine {
  /** the peer's address as the line names it (`52.114.75.24:5061`), when it names one */
  remote?: string;
  /** the line without its debug counter, trimmed */
  text: string;
}

const MAX_SCAN = 400;

const FAILURE_WORDS = [
  'fail',
  'error',
  'expired',
  'refused',
  'reset',
  'rejected',
  'revoked',
  'untrusted',
  'not trusted',
  'unknown ca',
  'bad certificate',
  'bad_certificate',
  'unable to',
  'no shared cipher',
  'wrong version',
];
/** Words that make a line benign whatever else it says. */
const BENIGN_WORDS = ['close notify', 'close_notify', 'idle', 'no error', ' 0 error', 'errors=0', 'error=0', 'error_none'];
const CONNECT_FAILURE_WORDS = ['fail', 'refused', 'reset', 'timed out', 'unreachable', 'error'];

function isLetter(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
}

/** `word` occurs in `s` with no letter right before it (`tls`, `tlsv1.2`, `ssl_connect`, `tlscontext`). */
function hasWordStart(s: string, word: string): boolean {
  let at = s.indexOf(word);
  while (at !== -1) {
    if (at === 0 || !isLetter(s.charCodeAt(at - 1))) {
      return true;
    }
    at = s.indexOf(word, at + 1);
  }
  return false;
}

function mentionsTls(lower: string): boolean {
  return (
    hasWordStart(lower, 'tls') ||
    hasWordStart(lower, 'ssl') ||
    lower.includes('certificate') ||
    lower.includes('x509') ||
    lower.includes('x.509')
  );
}

/** A cheap first look: could the line be about TLS or a connection at all? (no backtracking) */
const CANDIDATE = /tls|ssl|certif|connect|x\.?509/i;

const IPV4_PORT = /(\d{1,3}(?:\.\d{1,3}){3})(?::(\d{1,5}))?/;
const IPV6_PORT = /\[([0-9a-fA-F:.]+)\]:(\d{1,5})/;
const HOST_PORT = /([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+):(\d{1,5})/;

/** The first address the line names: IPv4[:port], [IPv6]:port or host:port. */
export function remoteOf(text: string): string | undefined {
  const v4 = IPV4_PORT.exec(text);
  if (v4) {
    return v4[2] ? `${v4[1]}:${v4[2]}` : v4[1];
  }
  const v6 = IPV6_PORT.exec(text);
  if (v6) {
    return `[${v6[1]}]:${v6[2]}`;
  }
  const hp = HOST_PORT.exec(text);
  return hp ? `${hp[1]}:${hp[2]}` : undefined;
}

/**
 * The transport failure a debug line reports, or null for any other line. `body` is where the
 * text after `(N nnn)` starts (from debugLineBody).
 */
export function transportFailureOf(line: string, body: number): TransportLine | null {
  return transportFailureIn(line, body, line.length);
}

/** transportFailureOf for a line of a longer text `s`: its text after `(N nnn)` is `s[body, end)`. */
export function transportFailureIn(s: string, body: number, end: number): TransportLine | null {
  // quick outs: framing lines and lines too short to say anything
  if (end - body < 8 || s.charCodeAt(body) === 45 /* - */) {
    return null;
  }
  const raw = s.slice(body, end - body > MAX_SCAN ? body + MAX_SCAN : end);
  // most debug lines mention neither TLS nor a connection: out after one linear scan
  if (!CANDIDATE.test(raw)) {
    return null;
  }
  const lower = raw.toLowerCase();
  const tls = mentionsTls(lower);
  if (!tls && lower.indexOf('connect') === -1) {
    return null;
  }
  if (lower.includes('sip message') || BENIGN_WORDS.some((w) => lower.includes(w))) {
    return null;
  }
  let remote: string | undefined;
  let hit = tls && (FAILURE_WORDS.some((w) => lower.includes(w)) || (lower.includes('handshake') && (lower.includes('timed out') || lower.includes('timeout'))));
  if (hit) {
    remote = remoteOf(raw);
  } else if (lower.includes('connect') && CONNECT_FAILURE_WORDS.some((w) => lower.includes(w))) {
    // a failed connection counts on a TLS transport: the line says TLS, or the peer's port is 5061
    remote = remoteOf(raw);
    hit = remote !== undefined && (tls || remote.endsWith(':5061'));
  }
  if (!hit) {
    return null;
  }
  const text = raw.trim();
  return remote === undefined ? { text } : { text, remote };
}
