/**
 * Common two-leg flows, written message by message as an SBC logs them:
 *
 *   inbound:  carrier → SBC → Teams   (leg 0 carrier, initiator in; leg 1 Teams, initiator out)
 *   outbound: Teams → SBC → carrier   (leg 0 Teams, initiator in; leg 1 carrier, initiator out)
 */
import type { Call } from '../../../src/calls/call';
import type { Step } from './call-fixtures';
import { buildCall, HOSTS, inboundDialogs, outboundDialogs, sdp } from './call-fixtures';

export const SID = 'b9027c:24:198171';
export const UUID = '5e19725b-7fad-4e89-bae3-dfc5df88bb96';

export const carrierOffer = (): string => sdp({ ip: HOSTS.carrier, port: 20000, codecs: ['PCMA', 'PCMU'] });
export const sbcToTeamsOffer = (): string => sdp({ ip: HOSTS.sbcPublic, port: 6000, codecs: ['PCMA', 'PCMU'], srtp: true });
export const teamsOffer = (): string => sdp({ ip: '52.114.14.70', port: 50010, codecs: ['SILK', 'PCMU', 'PCMA'], srtp: true });
export const sbcToCarrierOffer = (): string => sdp({ ip: HOSTS.sbcPublic, port: 6010, codecs: ['PCMA', 'PCMU'] });

export interface RejectOpts {
  ringing?: boolean;
  /** what the SBC sends to the caller (default: the same status and phrase) */
  passOn?: [number, string, string[]?];
}

/** Inbound call that Teams rejects with `status`; the SBC passes it on to the carrier. */
export function inboundRejectedByTeams(status: number, phrase: string, extra: string[] = [], o: RejectOpts = {}): Call {
  const { carrier, teams, legs } = inboundDialogs();
  const steps: Step[] = [
    { leg: 0, dir: 'in', at: 0, text: carrier.invite({ sdp: carrierOffer() }) },
    { leg: 0, dir: 'out', at: 4, text: carrier.response(100, 'Trying') },
    { leg: 1, dir: 'out', at: 40, text: teams.invite({ sdp: sbcToTeamsOffer() }) },
    { leg: 1, dir: 'in', at: 120, text: teams.response(100, 'Trying') },
  ];
  if (o.ringing) {
    steps.push({ leg: 1, dir: 'in', at: 800, text: teams.response(180, 'Ringing') });
    steps.push({ leg: 0, dir: 'out', at: 805, text: carrier.response(180, 'Ringing') });
  }
  const at = o.ringing ? 25_800 : 1536;
  const [pStatus, pPhrase, pExtra] = o.passOn ?? [status, phrase, extra.filter((h) => h.startsWith('Reason'))];
  steps.push(
    { leg: 1, dir: 'in', at, text: teams.response(status, phrase, { extra }) },
    { leg: 1, dir: 'out', at: at + 4, text: teams.ack() },
    { leg: 0, dir: 'out', at: at + 9, text: carrier.response(pStatus, pPhrase, { extra: pExtra ?? [] }) },
    { leg: 0, dir: 'in', at: at + 44, text: carrier.ack() },
  );
  return buildCall({ sessionKey: SID, legs, steps });
}

/** Outbound call that the carrier rejects with `status`; the SBC passes it on to Teams. */
export function outboundRejectedByCarrier(status: number, phrase: string, extra: string[] = [], o: RejectOpts = {}): Call {
  const { teams, carrier, legs } = outboundDialogs();
  const steps: Step[] = [
    { leg: 0, dir: 'in', at: 0, text: teams.invite({ sdp: teamsOffer() }) },
    { leg: 0, dir: 'out', at: 3, text: teams.response(100, 'Trying') },
    { leg: 1, dir: 'out', at: 30, text: carrier.invite({ sdp: sbcToCarrierOffer() }) },
    { leg: 1, dir: 'in', at: 90, text: carrier.response(100, 'Trying') },
  ];
  if (o.ringing) {
    steps.push({ leg: 1, dir: 'in', at: 2100, text: carrier.response(180, 'Ringing') });
    steps.push({ leg: 0, dir: 'out', at: 2104, text: teams.response(180, 'Ringing') });
  }
  const at = o.ringing ? 45_000 : 900;
  const [pStatus, pPhrase, pExtra] = o.passOn ?? [status, phrase, extra.filter((h) => h.startsWith('Reason'))];
  steps.push(
    { leg: 1, dir: 'in', at, text: carrier.response(status, phrase, { extra }) },
    { leg: 1, dir: 'out', at: at + 2, text: carrier.ack() },
    { leg: 0, dir: 'out', at: at + 6, text: teams.response(pStatus, pPhrase, { extra: pExtra ?? [] }) },
    { leg: 0, dir: 'in', at: at + 60, text: teams.ack() },
  );
  return buildCall({ sessionKey: SID, legs, steps });
}

/** An answered inbound call: carrier → SBC → Teams, 200 OK both ways, ACKs. Returns steps to extend. */
export function answeredInbound(): { steps: Step[]; carrier: ReturnType<typeof inboundDialogs>['carrier']; teams: ReturnType<typeof inboundDialogs>['teams']; build: (steps: Step[], complete?: boolean) => Call } {
  const { carrier, teams, legs } = inboundDialogs();
  const teamsAnswer = sdp({ ip: '52.114.14.70', port: 50010, codecs: ['PCMA'], srtp: true });
  const sbcAnswer = sdp({ ip: HOSTS.sbcPublic, port: 6002, codecs: ['PCMA'] });
  const steps: Step[] = [
    { leg: 0, dir: 'in', at: 0, text: carrier.invite({ sdp: carrierOffer() }) },
    { leg: 0, dir: 'out', at: 4, text: carrier.response(100, 'Trying') },
    { leg: 1, dir: 'out', at: 40, text: teams.invite({ sdp: sbcToTeamsOffer() }) },
    { leg: 1, dir: 'in', at: 120, text: teams.response(100, 'Trying') },
    { leg: 1, dir: 'in', at: 800, text: teams.response(180, 'Ringing') },
    { leg: 0, dir: 'out', at: 805, text: carrier.response(180, 'Ringing') },
    { leg: 1, dir: 'in', at: 4200, text: teams.response(200, 'OK', { sdp: teamsAnswer, extra: ['Session-Expires: 1800;refresher=uac'] }) },
    { leg: 1, dir: 'out', at: 4203, text: teams.ack() },
    { leg: 0, dir: 'out', at: 4206, text: carrier.response(200, 'OK', { sdp: sbcAnswer }) },
    { leg: 0, dir: 'in', at: 4250, text: carrier.ack() },
  ];
  return {
    steps,
    carrier,
    teams,
    build: (s: Step[], complete = true) => buildCall({ sessionKey: SID, legs, steps: s, complete }),
  };
}
