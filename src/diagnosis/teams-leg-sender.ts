/**
 * Who sent a message on a Teams leg when the log does not say (a plain SIP dump has no direction):
 *
 *   INVITE sip:+4940…@sip.pstnhub.microsoft.com:5061;… SIP/2.0     → sent by the SBC to Teams
 *   INVITE sip:+4930…@sbc1.contoso.example:5061;… SIP/2.0
 *     From: <sip:…@sip.pstnhub.microsoft.com>  /  User-Agent: Microsoft.PSTNHub.SIPProxy …
 *                                                                  → sent by Teams to the SBC
 *
 * Once the sender of the leg's initial INVITE is known, the dialog's From tag tells the rest:
 * requests with the initiator's tag come from the initiator, responses to them from the other end.
 * Only the Teams side is told apart this way (its hosts are known); other legs stay unknown. Pure.
 */
import type { LegFacts, MsgRef, Sender } from './facts';
import { fromTagOf, getHeader } from '../sip/headers';
import { isTeamsPeer } from '../sip/addresses';
import { uriHost } from '../calls/message-info';

const PSTNHUB_AGENT = 'microsoft.pstnhub.sipproxy';

function teamsHost(host: string | undefined): boolean {
  return host !== undefined && isTeamsPeer(host);
}

/** Who sent the Teams leg's initial INVITE, from the INVITE itself; null when it does not tell. */
function inviteSender(l: LegFacts): Sender {
  const inv = l.invite?.m.sip;
  if (!inv || inv.kind !== 'request') {
    return null;
  }
  const toTeams = teamsHost(uriHost(inv.requestUri));
  const agent = (getHeader(inv, 'user-agent') ?? '').trim().toLowerCase();
  const fromTeams = teamsHost(inv.from?.host) || agent.startsWith(PSTNHUB_AGENT);
  if (toTeams === fromTeams) {
    return null; // neither, or both (an odd log): do not guess
  }
  return toTeams ? 'sbc' : 'peer';
}

/** The sender of `r`: as logged when known, else told from the Teams leg's INVITE and From tags. */
export function senderOnTeamsLeg(l: LegFacts, r: MsgRef): Sender {
  if (r.sender !== null || l.peer !== 'teams' || !l.invite) {
    return r.sender;
  }
  const initiator = inviteSender(l);
  const tag = fromTagOf(l.invite.m.sip);
  if (initiator === null || tag === undefined) {
    return null;
  }
  const other: Sender = initiator === 'sbc' ? 'peer' : 'sbc';
  const fromInitiator = fromTagOf(r.m.sip) === tag;
  if (r.m.sip.kind === 'request') {
    return fromInitiator ? initiator : other;
  }
  return fromInitiator ? other : initiator;
}
