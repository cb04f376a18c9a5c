/**
 * The other side's address when the log did not print it (Cisco CUBE), guessed from the SIP text:
 *
 *   received request  → top Via sent-by                  `Via: SIP/2.0/TLS 52.114.75.24:5061;…`
 *   sent response     → top Via received=/rport, or sent-by
 *   sent request      → top Route, else the Request-URI  `INVITE sip:+4930…@203.0.113.10:5060`
 *   received response → Contact (a hint only: the peer may answer from another address)
 *
 * Ports missing from the text get the SIP default (5061 for TLS / sips, else 5060).
 */
import type { SipFacts } from './sip-text-builder';

export interface RemoteHint {
  remote: string;
  from: 'via' | 'route' | 'request-uri' | 'contact';
}

function joinHostPort(host: string, port: string | null, tls: boolean): string {
  const p = port !== null && /^\d{1,5}$/.test(port) ? port : tls ? '5061' : '5060';
  return `${host}:${p}`;
}

/** `host`, `host:port`, `[v6]`, `[v6]:port` → [host, port|null] (host keeps IPv6 brackets). */
function splitHostPort(hp: string): [string, string | null] | null {
  if (hp.length === 0) {
    return null;
  }
  if (hp.charCodeAt(0) === 91) {
    const close = hp.indexOf(']');
    if (close < 0) {
      return null;
    }
    const host = hp.slice(0, close + 1);
    return hp.charCodeAt(close + 1) === 58 ? [host, hp.slice(close + 2)] : [host, null];
  }
  const colon = hp.indexOf(':');
  return colon < 0 ? [hp, null] : [hp.slice(0, colon), hp.slice(colon + 1)];
}

function paramValue(params: string, name: string): string | null {
  for (const p of params.split(';')) {
    const eq = p.indexOf('=');
    const k = (eq < 0 ? p : p.slice(0, eq)).trim().toLowerCase();
    if (k === name) {
      return eq < 0 ? '' : p.slice(eq + 1).trim();
    }
  }
  return null;
}

/** host:port of a SIP URI or name-addr (`"x" <sip:u@h:p;transport=tls>;tag=…`), or null. */
export function uriHostPort(value: string): string | null {
  let v = value;
  const lt = v.indexOf('<');
  if (lt >= 0) {
    const gt = v.indexOf('>', lt);
    v = v.slice(lt + 1, gt < 0 ? v.length : gt);
  }
  v = v.trim();
  const lower = v.slice(0, 5).toLowerCase();
  let tls: boolean;
  if (lower.startsWith('sips:')) {
    tls = true;
    v = v.slice(5);
  } else if (lower.startsWith('sip:')) {
    tls = false;
    v = v.slice(4);
  } else {
    return null;
  }
  const q = v.indexOf('?');
  if (q >= 0) {
    v = v.slice(0, q);
  }
  // the first '@' ends the user part, unless a parameter holds it (Teams: `;x-c=…@host`):
  // a ';' before it belongs to the user part only in a telephone user (`+1555;phone-context=…@h`)
  let at = v.indexOf('@');
  const semiBefore = v.indexOf(';');
  if (at >= 0 && semiBefore >= 0 && semiBefore < at && !/^[+\d\-().*#]+$/.test(v.slice(0, semiBefore))) {
    at = -1;
  }
  const hostAndParams = at >= 0 ? v.slice(at + 1) : v;
  const semi = hostAndParams.indexOf(';');
  const hp = semi < 0 ? hostAndParams : hostAndParams.slice(0, semi);
  const params = semi < 0 ? '' : hostAndParams.slice(semi + 1);
  if (!tls && params.length > 0) {
    tls = (paramValue(params, 'transport') ?? '').toLowerCase() === 'tls';
  }
  const split = splitHostPort(hp);
  return split === null ? null : joinHostPort(split[0], split[1], tls);
}

/** [transport, host:port, params] of the first Via value. */
function viaParts(via: string): [string, string, string] | null {
  const first = via.split(',')[0].trim();
  const sp = first.search(/\s/);
  if (sp < 0) {
    return null;
  }
  const proto = first.slice(0, sp);
  const transport = proto.slice(proto.lastIndexOf('/') + 1).toUpperCase();
  const rest = first.slice(sp).trim();
  const semi = rest.indexOf(';');
  const sentBy = (semi < 0 ? rest : rest.slice(0, semi)).trim();
  return [transport, sentBy, semi < 0 ? '' : rest.slice(semi + 1)];
}

/** sent-by of the top Via, or where the response goes (received=/rport) when `useReceived`. */
export function viaHostPort(via: string, useReceived: boolean): string | null {
  const parts = viaParts(via);
  if (parts === null) {
    return null;
  }
  const [transport, sentBy, params] = parts;
  const split = splitHostPort(sentBy);
  if (split === null) {
    return null;
  }
  let [host, port] = split;
  if (useReceived && params.length > 0) {
    const received = paramValue(params, 'received');
    if (received) {
      host = received.includes(':') && !received.startsWith('[') ? `[${received}]` : received;
    }
    const rport = paramValue(params, 'rport');
    if (rport) {
      port = rport;
    }
  }
  return joinHostPort(host, port, transport === 'TLS' || transport === 'WSS');
}

export function inferRemote(facts: SipFacts, direction: 'in' | 'out' | null): RemoteHint | null {
  if (direction === null) {
    return null;
  }
  if (facts.isRequest) {
    if (direction === 'in') {
      const r = facts.via !== null ? viaHostPort(facts.via, false) : null;
      return r === null ? null : { remote: r, from: 'via' };
    }
    if (facts.route !== null) {
      const r = uriHostPort(facts.route);
      if (r !== null) {
        return { remote: r, from: 'route' };
      }
    }
    const r = facts.requestUri !== null ? uriHostPort(facts.requestUri) : null;
    return r === null ? null : { remote: r, from: 'request-uri' };
  }
  if (direction === 'out') {
    const r = facts.via !== null ? viaHostPort(facts.via, true) : null;
    return r === null ? null : { remote: r, from: 'via' };
  }
  const r = facts.contact !== null ? uriHostPort(facts.contact) : null;
  return r === null ? null : { remote: r, from: 'contact' };
}
