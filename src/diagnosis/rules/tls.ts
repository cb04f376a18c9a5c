/**
 * TLS failures the log shows outside SIP (handed in as DiagnoseContext.transportErrors), e.g.
 *
 *   TLS handshake with 52.114.75.24:5061 failed: certificate verify failed (certificate has expired)
 *
 * on a call that was not answered, in either of two shapes:
 *
 *   SBC → peer INVITE, no answer from the peer, a TLS error toward the same host within 60 s
 *   carrier → SBC INVITE, the SBC answers 408/480/5xx by itself (no other leg: the session key
 *     proves it), and a TLS error carried in the call's own records or within 60 s of its INVITE
 *
 * → tls-failure. Whose: an expired, untrusted or rejected certificate, or a TLS version / cipher
 * the peer would not take → sbc (its certificate or TLS context); a failure the log does not
 * attribute (handshake failed, refused, reset, timed out) → network. Microsoft's own codes (569xxx,
 * 549002) inside responses are read by final-response.ts through ms-code-rules.ts.
 */
import type { CallFacts, LegFacts, MsgRef, TransportError } from '../facts';
import type { Owner } from '../verdict';
import type { EvidenceItem, Finding } from './rule';
import { ev, text } from './rule';
import { isTeamsPeer, splitHostPort } from '../../sip/addresses';
import { clock, sideName } from '../evidence';
import { nextCheckFor } from '../wording';
import { locateFailure } from '../origin';

const WINDOW_MS = 60_000;
/** Words that put the failure on the SBC's certificate or TLS settings. */
const SBC_WORDS = [
  'certificate',
  'cert ',
  'x509',
  'verify',
  'expired',
  'untrusted',
  'not trusted',
  'unknown ca',
  'revoked',
  'self-signed',
  'self signed',
  'cipher',
  'protocol version',
  'wrong version',
];
/** What the SBC answers the caller when it cannot reach the other side. */
const UNREACHED = new Set([408, 480, 500, 502, 503, 504]);

function sameHost(a: string | undefined, b: string | undefined): boolean {
  if (!a || !b) {
    return true;
  }
  return splitHostPort(a).host.toLowerCase() === splitHostPort(b).host.toLowerCase();
}

/** The INVITE went over TLS: as logged, by its Via, or to port 5061. */
function overTls(inv: MsgRef, remote: string | undefined): boolean {
  if ((inv.m.transport ?? '').toUpperCase() === 'TLS' || (inv.m.sip.via[0]?.transport ?? '').toUpperCase() === 'TLS') {
    return true;
  }
  return remote !== undefined && splitHostPort(remote).port === 5061;
}

/** `09:00:01.752 SBC log: TLS handshake … (sbc.log:5)` */
function logLine(e: TransportError): EvidenceItem {
  return text(`${clock(e.time)} SBC log: ${e.text} (${e.where})`);
}

function near(e: TransportError, t0: number | null): boolean {
  return t0 === null || e.time === null || (e.time >= t0 - WINDOW_MS && e.time <= t0 + WINDOW_MS);
}

/** sbc when the text blames a certificate or the TLS settings, else network. */
export function tlsOwner(errorText: string): Owner {
  const lower = errorText.toLowerCase();
  return SBC_WORDS.some((w) => lower.includes(w)) ? 'sbc' : 'network';
}

/** The SBC opened the connection here: the check is of its way out (the catalogue's is of Teams' way in). */
function nextCheck(owner: Owner, peerIsTeams: boolean, remote: string | undefined): string {
  if (owner !== 'network') {
    return nextCheckFor('tls-failure', owner);
  }
  if (peerIsTeams) {
    return "check that the SBC can open TLS connections to Teams' SIP proxies (52.112.0.0/14, 52.120.0.0/14, port 5061) through the firewall, and its DNS for sip.pstnhub.microsoft.com";
  }
  return `check that the SBC can open TLS connections to ${remote ?? 'the peer'} through the firewall, and that the peer listens for TLS there`;
}

/** An INVITE the SBC sent that its peer never answered, with a TLS error toward the same host. */
function unansweredInvite(f: CallFacts, errors: readonly TransportError[]): Finding | null {
  for (const l of f.legs) {
    const inv = l.lastInvite;
    if (!inv || inv.sender !== 'sbc' || l.finals.some((r) => r.sender === 'peer')) {
      continue;
    }
    const remote = inv.m.remote ?? l.leg.remote;
    // an error that names no address only counts for an INVITE sent over TLS
    const hit = errors.find((e) => (e.remote !== undefined || overTls(inv, remote)) && sameHost(e.remote, remote) && near(e, inv.m.time));
    if (!hit) {
      continue;
    }
    const owner = tlsOwner(hit.text);
    return {
      category: 'tls-failure',
      owner,
      summary: `The SBC could not set up TLS to the ${sideName(l.peer)} side, so its INVITE got no answer: "${hit.text}".`,
      nextCheck: nextCheck(owner, l.peer === 'teams', hit.remote ?? remote),
      evidence: [logLine(hit), ...ev(inv, 'no answer')],
      deciding: inv,
    };
  }
  return null;
}

/** The SBC refused the caller by itself (no other leg), and the log shows why: a TLS error. */
function refusedBySbc(f: CallFacts, errors: readonly TransportError[]): Finding | null {
  const o = locateFailure(f);
  const shown: MsgRef | null = o.shown;
  const caller: LegFacts | null = f.caller;
  if (o.kind !== 'sbc-generated' || !shown || shown.sender !== 'sbc' || !caller?.lastInvite) {
    return null;
  }
  if (f.legs.some((l) => l !== caller && l.invite !== null)) {
    return null; // another leg was tried: that leg's answer (or silence) tells, not this rule
  }
  const status = shown.m.sip.status ?? 0;
  if (!UNREACHED.has(status)) {
    return null; // 403, 404, 486…: a decision of the SBC, not a connection it could not make
  }
  const key = f.call.sessionKey;
  const t0 = caller.lastInvite.m.time;
  const mine = errors.filter((e) => key !== undefined && e.sessionKey === key);
  const hit = mine[0] ?? errors.find((e) => e.sessionKey === undefined && e.time !== null && t0 !== null && near(e, t0));
  if (!hit) {
    return null;
  }
  const owner = tlsOwner(hit.text);
  const to = hit.remote ? ` to ${hit.remote}` : '';
  const others = (mine.length > 0 ? mine : [hit]).filter((e) => e !== hit);
  return {
    category: 'tls-failure',
    owner,
    summary: `The SBC could not set up TLS${to}, so it never sent the call on and answered the caller ${status} by itself: "${hit.text}".`,
    nextCheck: nextCheck(owner, hit.remote !== undefined && isTeamsPeer(splitHostPort(hit.remote).host), hit.remote),
    evidence: [
      logLine(hit),
      ...others.slice(0, 3).map(logLine),
      ...ev(shown, 'answered by the SBC itself'),
      ...ev(caller.lastInvite),
    ],
    deciding: shown,
  };
}

export function tlsLogRule(f: CallFacts): Finding | null {
  const errors = f.context.transportErrors ?? [];
  if (errors.length === 0 || f.answered) {
    return null;
  }
  return unansweredInvite(f, errors) ?? refusedBySbc(f, errors);
}
