/**
 * Which side a leg talks to, and the call's direction seen from Teams.
 *
 * A leg is `teams` when any of these holds:
 * - the AudioCodes SIP interface name contains "teams" (any case);
 * - the remote IP is a Microsoft signalling IP (52.112.0.0/14, 52.120.0.0/14, GCC High, DoD);
 * - a message received from the peer has User-Agent/Server `Microsoft.PSTNHub.SIPProxy…`, or a
 *   Via, Contact or Record-Route host `*.pstnhub.microsoft.com` (or the GCC High/DoD hubs);
 * - the peer's own URI is a Teams host: the From of requests / To of responses it sent, or the
 *   Request-URI / To of requests the SBC sent to it.
 * Headers of messages the SBC sent are not taken as the peer's: an SBC may copy Teams' From host
 * onto the carrier leg. When the log does not say who sent a message (direction unknown), every
 * one of these headers counts.
 * Otherwise the leg is `carrier` when it has a remote address or interface at all, else `unknown`.
 *
 * Direction (seen from Teams): the Teams leg's INVITE came in to the SBC → `outbound` (a Teams user
 * calls out); the SBC sent it to Teams → `inbound`; no Teams leg (or its initiator unknown) → `unknown`.
 */
import type { CallMessage, Direction, Leg, PeerKind } from './call';
import type { SipMessage } from '../sip/sip-message';
import { isIpLiteral, isMicrosoftSignalingIp, isTeamsHost, splitHostPort } from '../sip/addresses';
import { getHeaderValues, headersMayMatch } from '../sip/headers';
import { uriHost } from './message-info';

const PSTNHUB_AGENT = 'microsoft.pstnhub.sipproxy';

function hostIsTeams(host: string | undefined): boolean {
  return host !== undefined && isTeamsHost(host);
}

/** Every URI in a comma-separated Contact / Record-Route value. */
function routeHostsAreTeams(value: string): boolean {
  let pos = value.indexOf('<');
  if (pos === -1) {
    return hostIsTeams(uriHost(value));
  }
  while (pos !== -1) {
    const gt = value.indexOf('>', pos + 1);
    if (hostIsTeams(uriHost(value.slice(pos, gt === -1 ? value.length : gt + 1)))) {
      return true;
    }
    pos = gt === -1 ? -1 : value.indexOf('<', gt + 1);
  }
  return false;
}

/** `value` (after leading blanks) starts with PSTNHUB_AGENT in any case; no new strings. */
function startsWithAgent(value: string): boolean {
  let i = 0;
  while (i < value.length && (value.charCodeAt(i) === 32 || value.charCodeAt(i) === 9)) {
    i++;
  }
  if (value.length - i < PSTNHUB_AGENT.length) {
    return false;
  }
  for (let k = 0; k < PSTNHUB_AGENT.length; k++) {
    let c = value.charCodeAt(i + k);
    if (c >= 65 && c <= 90) {
      c += 32;
    }
    if (c !== PSTNHUB_AGENT.charCodeAt(k)) {
      return false;
    }
  }
  return true;
}

const PEER_HEADERS = ['user-agent', 'server', 'contact', 'record-route'] as const;
const PSTNHUB = /pstnhub/i;
const NO_VALUES: readonly string[][] = [[], [], [], []];

/** Headers written by the peer itself (message received from it); one pass over the headers. */
function sentByPeerSaysTeams(sip: SipMessage, mayMention: boolean): boolean {
  const [agents, servers, contacts, routes] = mayMention ? getHeaderValues(sip, PEER_HEADERS) : NO_VALUES;
  if (agents.some(startsWithAgent) || servers.some(startsWithAgent)) {
    return true;
  }
  const routeSaysTeams = (v: string): boolean => (v.includes('pstnhub') || v.includes('PSTNHUB')) && routeHostsAreTeams(v);
  if (contacts.some(routeSaysTeams) || routes.some(routeSaysTeams)) {
    return true;
  }
  if (!mayMention) {
    // a Via host is in the text too: none can name a Teams host (the Via list is left unparsed)
    return false;
  }
  for (const v of sip.via) {
    if (hostIsTeams(v.host)) {
      return true;
    }
  }
  const own = sip.kind === 'request' ? sip.from : sip.to;
  return hostIsTeams(own?.host);
}

/** The SBC addressed the peer as a Teams host. */
function sentToPeerSaysTeams(sip: SipMessage, mayMention: boolean): boolean {
  if (sip.kind === 'request') {
    return hostIsTeams(uriHost(sip.requestUri)) || (mayMention && hostIsTeams(sip.to?.host));
  }
  return mayMention && hostIsTeams(sip.from?.host);
}

function messageSaysTeams(m: CallMessage): boolean {
  const sip = m.sip;
  // every Teams host and header test needs `pstnhub` (any case): when the message text has none,
  // headers and From/To need not be read (nor parsed) at all
  const mayMention = headersMayMatch(sip, PSTNHUB);
  if (m.direction === 'in') {
    return sentByPeerSaysTeams(sip, mayMention);
  }
  if (m.direction === 'out') {
    return sentToPeerSaysTeams(sip, mayMention);
  }
  return (
    sentByPeerSaysTeams(sip, mayMention) ||
    sentToPeerSaysTeams(sip, mayMention) ||
    (mayMention && (hostIsTeams(sip.from?.host) || hostIsTeams(sip.to?.host)))
  );
}

function remoteIsMicrosoft(remote: string | undefined): boolean {
  if (!remote) {
    return false;
  }
  const host = splitHostPort(remote).host;
  return isIpLiteral(host) ? isMicrosoftSignalingIp(host) : isTeamsHost(host);
}

export interface PeerEvidence {
  remote?: string;
  iface?: string;
  messages: readonly CallMessage[];
}

export function classifyPeer(leg: PeerEvidence): PeerKind {
  if (leg.iface && leg.iface.toLowerCase().includes('teams')) {
    return 'teams';
  }
  if (remoteIsMicrosoft(leg.remote)) {
    return 'teams';
  }
  for (const m of leg.messages) {
    if ((m.remote !== leg.remote && remoteIsMicrosoft(m.remote)) || messageSaysTeams(m)) {
      return 'teams';
    }
  }
  return leg.remote || leg.iface ? 'carrier' : 'unknown';
}

export function callDirection(legs: readonly Leg[]): Direction {
  const teams = legs.find((l) => l.peer === 'teams');
  if (!teams) {
    return 'unknown';
  }
  if (teams.initiator === 'in') {
    return 'outbound';
  }
  return teams.initiator === 'out' ? 'inbound' : 'unknown';
}
