/**
 * Plain words for summaries and next checks: who a side is, how a final response reads, and the
 * concrete next thing to check for a category and owner.
 */
import type { PeerKind } from '../calls/call';
import type { Category, Owner } from './verdict';
import type { MsgRef } from './facts';
import { infoOf } from './message-info';

/** `The carrier`, `Teams`, `The SBC`. */
export function actorName(who: PeerKind | 'sbc' | 'unknown'): string {
  switch (who) {
    case 'teams':
      return 'Teams';
    case 'carrier':
      return 'The carrier';
    case 'sbc':
      return 'The SBC';
    default:
      return 'The far end';
  }
}

/** The callee, named by the leg the answer came from. */
export function calleeName(peer: PeerKind | 'sbc' | 'unknown'): string {
  return peer === 'teams' ? 'Teams user' : peer === 'carrier' ? 'called party (PSTN side)' : 'called party';
}

/** `486 Busy Here, Q.850 cause 17, Microsoft 560486`. */
export function codeText(ref: MsgRef, msCode: string | null): string {
  const s = ref.m.sip;
  const parts = [`${s.status ?? '?'}${s.reasonPhrase ? ` ${s.reasonPhrase}` : ''}`];
  const i = infoOf(ref.m);
  if (i.q850?.cause !== undefined && i.q850.cause !== null) {
    parts.push(`Q.850 cause ${i.q850.cause}`);
  } else if (i.sipReason?.cause !== undefined && i.sipReason.cause !== null) {
    parts.push(`SIP cause ${i.sipReason.cause}`);
  }
  if (msCode !== null) {
    parts.push(`Microsoft ${msCode}`);
  }
  return parts.join(', ');
}

export function ownerOf(who: PeerKind | 'sbc' | 'unknown'): Owner {
  return who === 'teams' ? 'teams' : who === 'carrier' ? 'carrier' : who === 'sbc' ? 'sbc' : 'unknown';
}

/** The concrete next thing to check for a category, given who owns it. */
export function nextCheckFor(category: Category, owner: Owner): string {
  switch (category) {
    case 'completed':
    case 'busy':
    case 'no-answer':
    case 'declined':
    case 'caller-cancelled':
    case 'completed-elsewhere':
      return 'nothing to fix: this is a normal call outcome; check only if users report it repeatedly';
    case 'callee-unavailable':
      return owner === 'user'
        ? 'check that the Teams user is signed in on a device (Teams client, phone) and licensed for calling'
        : 'check the callee\'s registration and the routing to it on the answering side';
    case 'not-found':
      return owner === 'sbc'
        ? 'check the number manipulation on the SBC: the called number must be in E.164 with a leading +'
        : owner === 'teams'
          ? 'check that the called number is assigned to a Teams user (Get-CsPhoneNumberAssignment) in E.164 format'
          : 'check the dialled number and that the carrier routes it (number format, porting)';
    case 'forbidden':
      return owner === 'teams'
        ? 'check the Teams configuration for this user and trunk: voice routing policy, PSTN usage, licence, call blocking, LBR'
        : owner === 'sbc'
          ? 'check the SBC\'s routing and admission rules (classification, message manipulation, call admission control) for this call'
          : owner === 'carrier'
            ? 'ask the carrier why it refused the call: allowed caller IDs, destinations, account or trunk limits'
            : 'find which side sent the refusal: look at the SBC\'s leg toward the carrier around this time';
    case 'auth-failure':
      return owner === 'sbc'
        ? 'check the digest username, password and realm configured on the SBC for this trunk (and that the carrier account is active)'
        : 'check the credentials the peer sends to the SBC and the SBC\'s authentication settings';
    case 'codec-mismatch':
      return owner === 'sbc'
        ? 'check the SBC\'s coder group / media profile for this leg: offer G.711 (and SRTP toward Teams) or enable transcoding'
        : 'check which codecs the answering side accepts and compare them with the offer';
    case 'no-response':
      if (owner === 'teams') {
        return "check the SBC's TLS connection to the Teams SIP proxies (sip.pstnhub.microsoft.com:5061, OPTIONS health, certificate) and that the firewall lets 52.112.0.0/14 and 52.120.0.0/14 through";
      }
      return owner === 'network'
        ? 'check the transport path to the peer: firewall, NAT, routing, TLS, the peer\'s IP and port'
        : owner === 'sbc'
          ? 'check why the SBC answered late or not at all: routing toward the next hop, its timers, its load'
          : 'check that the peer is up and reachable on its SIP port (OPTIONS keep-alive health), and the firewall between';
    case 'trunk-unavailable':
      return owner === 'teams'
        ? 'if it repeats: make the SBC re-resolve the Teams FQDNs (every ≤15 min) and try the next Microsoft data centre'
        : owner === 'sbc'
          ? 'check the SBC\'s licences, channel capacity and the health of its next hop'
          : 'check the carrier trunk\'s capacity and health with the carrier (channels, concurrent-call limits)';
    case 'tls-failure':
      return owner === 'network'
        ? 'check that Microsoft\'s ranges 52.112.0.0/14 and 52.120.0.0/14 can reach the SBC\'s TLS port through the firewall, and that the SBC listens'
        : 'check the SBC\'s certificate (expiry, public CA, FQDN in CN/SAN, full chain), its TLS context (TLS 1.2) and DNS of its FQDN';
    case 'ack-timeout':
      return owner === 'sbc'
        ? 'check the SBC\'s handling of the 200 OK: it must send the ACK to the Contact / Record-Route of the 200'
        : 'check the path of the ACK: the Contact/Record-Route the SBC advertises must be reachable (NAT, firewall, FQDN)';
    case 'media-failure':
      return 'check the media path: UDP ports between the SBC and the peer\'s media addresses (Teams: 52.112.0.0/14, 52.120.0.0/14, ports 3478-3481, 49152-53247), firewall and NAT';
    case 'nat-private-address':
      return owner === 'sbc'
        ? 'check the SBC\'s NAT translation / media realm for this interface: it must put its public address in c= and Contact'
        : 'check NAT on the peer\'s side: it sends a private address to a public peer (SIP ALG, missing NAT settings)';
    case 'server-error':
      return owner === 'unknown'
        ? 'find which side produced the error: compare both legs of the call around this time'
        : 'check the error logs of the side that failed around this time';
    case 'in-progress':
      return 'read a later part of the log, or wait for the call to end';
    case 'unknown':
      return 'read the messages of the call below and the SBC\'s debug log around this time';
  }
}
