/**
 * Via header values (RFC 3261 §20.42), one header may carry several hops separated by commas:
 *
 *   SIP/2.0/TLS 52.114.75.24:5061;branch=z9hG4bK7df8648d
 *   SIP/2.0/UDP 10.0.0.1;received=198.51.100.7;rport=5062;branch=z9hG4bK1, SIP/2.0/TCP [2001:db8::1]:5060
 */
import type { Via } from './sip-message';
import { listItemEnd, lowerNameIs, nextParam, paramValue, trimEndAt, trimStartAt } from './params';
import { splitHostPort } from './addresses';

function isBlank(c: number): boolean {
  return c === 32 || c === 9;
}

/** The transport token `text[from, to)` upper-cased; the usual ones without a new string. */
function transportAt(text: string, from: number, to: number): string {
  if (to - from === 3) {
    const a = text.charCodeAt(from) & ~32;
    const b = text.charCodeAt(from + 1) & ~32;
    const c = text.charCodeAt(from + 2) & ~32;
    if (a === 85 && b === 68 && c === 80 && isLetters(text, from, to)) {
      return 'UDP';
    }
    if (a === 84 && b === 67 && c === 80 && isLetters(text, from, to)) {
      return 'TCP';
    }
    if (a === 84 && b === 76 && c === 83 && isLetters(text, from, to)) {
      return 'TLS';
    }
  }
  return text.slice(from, to).toUpperCase();
}

function isLetters(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i) | 32;
    if (c < 97 || c > 122) {
      return false;
    }
  }
  return true;
}

/** `parseViaHop(text.slice(from, to))`. */
function parseViaHopAt(text: string, from: number, to: number): Via | null {
  const vs = trimStartAt(text, from, to);
  const ve = trimEndAt(text, vs, to);
  // sent-protocol may contain spaces around slashes: `SIP / 2.0 / UDP host`
  let i = vs;
  let slashes = 0;
  while (i < ve && slashes < 2) {
    if (text.charCodeAt(i) === 47) {
      slashes++;
    }
    i++;
  }
  while (i < ve && text.charCodeAt(i) === 32) {
    i++;
  }
  const tStart = i;
  while (i < ve && !isBlank(text.charCodeAt(i))) {
    i++;
  }
  const transport = transportAt(text, tStart, i);
  while (i < ve && isBlank(text.charCodeAt(i))) {
    i++;
  }
  let semi = text.indexOf(';', i);
  if (semi >= ve) {
    semi = -1;
  }
  const sbStart = trimStartAt(text, i, semi === -1 ? ve : semi);
  const sbEnd = trimEndAt(text, sbStart, semi === -1 ? ve : semi);
  if (sbStart === sbEnd) {
    return null;
  }
  const hp = splitHostPort(text.slice(sbStart, sbEnd));
  const via: Via = { transport, host: hp.host.toLowerCase() };
  if (hp.port !== undefined) {
    via.port = hp.port;
  }
  if (semi !== -1) {
    // the first of each name counts (names in any case)
    let branch: string | undefined;
    let received: string | undefined;
    let rport: string | undefined;
    for (let p = nextParam(text, semi + 1, ve); p !== null; p = nextParam(text, p.next, ve)) {
      if (branch === undefined && lowerNameIs(text, p.ns, p.ne, 'branch')) {
        branch = paramValue(text, p);
      } else if (received === undefined && lowerNameIs(text, p.ns, p.ne, 'received')) {
        received = paramValue(text, p);
      } else if (rport === undefined && lowerNameIs(text, p.ns, p.ne, 'rport')) {
        rport = paramValue(text, p);
      }
    }
    if (branch !== undefined) {
      via.branch = branch;
    }
    if (received !== undefined) {
      via.received = received;
    }
    if (rport !== undefined) {
      via.rport = rport;
    }
  }
  return via;
}

/** Parse one Via hop; null when there is no sent-by host. */
export function parseViaHop(value: string): Via | null {
  return parseViaHopAt(value, 0, value.length);
}

/** Parse a Via header value that may hold several comma-separated hops. */
export function parseVia(value: string): Via[] {
  const out: Via[] = [];
  for (let i = 0; i <= value.length; ) {
    const end = listItemEnd(value, i, value.length);
    const hop = parseViaHopAt(value, i, end);
    if (hop) {
      out.push(hop);
    }
    i = end + 1;
  }
  return out;
}

/** The first hop of the Via header values `values` (`values.flatMap(parseVia)[0]`), null when none. */
export function firstViaHop(values: readonly string[]): Via | null {
  for (const value of values) {
    for (let i = 0; i <= value.length; ) {
      const end = listItemEnd(value, i, value.length);
      const hop = parseViaHopAt(value, i, end);
      if (hop) {
        return hop;
      }
      i = end + 1;
    }
  }
  return null;
}
