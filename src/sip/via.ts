/**
 * Via header values (RFC 3261 §20.42), one header may carry several hops separated by commas:
 *
 *   SIP/2.0/TLS 52.114.75.24:5061;branch=z9hG4bK7df8648d
 *   SIP/2.0/UDP 10.0.0.1;received=198.51.100.7;rport=5062;branch=z9hG4bK1, SIP/2.0/TCP [2001:db8::1]:5060
 */
import type { Via } from './sip-message';
import { parseParams, splitList } from './params';
import { splitHostPort } from './addresses';

/** Parse one Via hop; null when there is no sent-by host. */
export function parseViaHop(value: string): Via | null {
  const v = value.trim();
  // sent-protocol may contain spaces around slashes: `SIP / 2.0 / UDP host`
  let i = 0;
  let slashes = 0;
  while (i < v.length && slashes < 2) {
    if (v.charCodeAt(i) === 47) {
      slashes++;
    }
    i++;
  }
  while (i < v.length && v.charCodeAt(i) === 32) {
    i++;
  }
  const tStart = i;
  while (i < v.length && v.charCodeAt(i) !== 32 && v.charCodeAt(i) !== 9) {
    i++;
  }
  const transport = v.slice(tStart, i).toUpperCase();
  while (i < v.length && (v.charCodeAt(i) === 32 || v.charCodeAt(i) === 9)) {
    i++;
  }
  const rest = v.slice(i);
  const semi = rest.indexOf(';');
  const sentBy = (semi === -1 ? rest : rest.slice(0, semi)).trim();
  if (!sentBy) {
    return null;
  }
  const hp = splitHostPort(sentBy);
  const via: Via = { transport, host: hp.host.toLowerCase() };
  if (hp.port !== undefined) {
    via.port = hp.port;
  }
  if (semi !== -1) {
    const params = parseParams(rest.slice(semi + 1));
    if (params.branch !== undefined) {
      via.branch = params.branch;
    }
    if (params.received !== undefined) {
      via.received = params.received;
    }
    if (params.rport !== undefined) {
      via.rport = params.rport;
    }
  }
  return via;
}

/** Parse a Via header value that may hold several comma-separated hops. */
export function parseVia(value: string): Via[] {
  const out: Via[] = [];
  for (const part of splitList(value)) {
    const hop = parseViaHop(part);
    if (hop) {
      out.push(hop);
    }
  }
  return out;
}
