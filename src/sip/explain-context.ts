/**
 * Who sent a message and toward whom, as far as the message itself tells: used by `explain` to
 * decide which Direct Routing rules apply (the SBC's side toward Teams, or Teams' side).
 */
import type { SipMessage } from './sip-message';
import type { TeamsDirection } from './explain-types';
import { isIpLiteral, isMicrosoftSignalingIp, isPrivateIp, isTeamsHost, isTeamsPeer, splitHostPort } from './addresses';
import { getHeader } from './headers';
import { parseNameAddr, parseUri } from './name-addr';
import { splitList } from './params';
import type { FramingPeer } from './explain-input';

export interface ExplainContext {
  msg: SipMessage;
  direction: TeamsDirection;
  /** the peer this message goes to is on the public Internet (Teams, or a public IP) */
  publicPeer: boolean;
}

function firstContactHost(msg: SipMessage): string | undefined {
  const c = getHeader(msg, 'contact');
  if (!c) {
    return undefined;
  }
  const first = splitList(c)[0];
  return first ? parseNameAddr(first)?.host : undefined;
}

function isMicrosoftAgent(msg: SipMessage): boolean {
  const ua = `${getHeader(msg, 'user-agent') ?? ''} ${getHeader(msg, 'server') ?? ''}`;
  return ua.includes('Microsoft.PSTNHub');
}

/** Describe an address for humans: Teams proxy, Microsoft range, private, or ''. */
export function describeHost(host: string | undefined): string {
  if (!host) {
    return '';
  }
  if (isTeamsHost(host)) {
    return 'Microsoft Teams SIP proxy';
  }
  if (isMicrosoftSignalingIp(host)) {
    return 'in Microsoft Teams\' published range';
  }
  if (isPrivateIp(host)) {
    return 'private address';
  }
  return '';
}

/**
 * @param hint the peer named by the log's framing line, when there is one: it decides the direction
 *             before anything in the message does.
 */
export function explainContext(msg: SipMessage, hint?: FramingPeer): ExplainContext {
  if (hint) {
    const host = splitHostPort(hint.address).host;
    if (isTeamsPeer(host)) {
      return { msg, direction: hint.direction === 'incoming' ? 'from-teams' : 'to-teams', publicPeer: true };
    }
    if (hint.direction === 'outgoing') {
      return { msg, direction: 'unknown', publicPeer: isIpLiteral(host) && !isPrivateIp(host) };
    }
  }
  const topVia = msg.via[0];
  const viaTeams = topVia ? isTeamsPeer(topVia.received ?? topVia.host) || isTeamsPeer(topVia.host) : false;
  let direction: TeamsDirection = 'unknown';
  let peerHost: string | undefined;
  if (msg.kind === 'request') {
    const uriHost = msg.requestUri ? parseUri(msg.requestUri).host : undefined;
    const routeHost = (() => {
      const r = getHeader(msg, 'route');
      const first = r ? splitList(r)[0] : undefined;
      return first ? parseNameAddr(first)?.host : undefined;
    })();
    if (viaTeams || isMicrosoftAgent(msg)) {
      direction = 'from-teams';
    } else if ((uriHost && isTeamsPeer(uriHost)) || (routeHost && isTeamsPeer(routeHost))) {
      direction = 'to-teams';
    }
    peerHost = routeHost ?? uriHost;
  } else {
    const contactHost = firstContactHost(msg);
    if (viaTeams) {
      direction = 'to-teams';
    } else if (isMicrosoftAgent(msg) || (contactHost && isTeamsPeer(contactHost))) {
      direction = 'from-teams';
    }
    peerHost = topVia ? (topVia.received ?? topVia.host) : undefined;
  }
  const publicPeer =
    direction !== 'unknown' || (peerHost !== undefined && isIpLiteral(peerHost) && !isPrivateIp(peerHost));
  return { msg, direction, publicPeer };
}
