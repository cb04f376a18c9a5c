/**
 * Whole call flows as TracedMessages, built from the SIP builders: the two legs of a typical
 * Direct Routing call through an SBC.
 */
import type { TracedMessage } from '../../../src/formats/record';
import { at, invite, request, response, traced, type MsgParams } from './sip-builders';

export const TEAMS_IP = '52.114.75.24:5061';
export const CARRIER_IP = '203.0.113.5:5060';
export const PSTNHUB_UA = 'Microsoft.PSTNHub.SIPProxy v.2020.12.7.3 i.EUWE.4';

export interface LegPlan {
  p: MsgParams;
  /** 'in': the peer sends the INVITE to the SBC */
  initiator: 'in' | 'out';
  remote?: string;
  iface?: string;
  sessionKey?: string;
  device?: string;
  /** seconds after T0 */
  t: number;
  /** final status of the INVITE (200 = answered) */
  final: number;
  /** seconds of talk before BYE (answered calls); null = no BYE */
  talk?: number | null;
  /** a provisional 180 first */
  ring?: boolean;
  /** the response sender is Teams: add its Server header */
  teamsAgent?: boolean;
}

/** The messages of one leg, in time order. */
export function legFlow(l: LegPlan): TracedMessage[] {
  const inDir = l.initiator;
  const outDir = l.initiator === 'in' ? 'out' : 'in';
  const base = { remote: l.remote, iface: l.iface, sessionKey: l.sessionKey, device: l.device };
  const toTag = `tt-${l.p.callId}`;
  const agent = l.teamsAgent ? { userAgent: PSTNHUB_UA } : {};
  const out: TracedMessage[] = [];
  out.push(traced(invite(l.p), { ...base, time: at(l.t), direction: inDir }));
  out.push(traced(response(100, l.p), { ...base, time: at(l.t + 0.01), direction: outDir }));
  let t = l.t + 0.1;
  if (l.ring ?? true) {
    out.push(traced(response(180, { ...l.p, ...agent, toTag }), { ...base, time: at(t), direction: outDir }));
    t += 2;
  }
  out.push(traced(response(l.final, { ...l.p, ...agent, toTag }), { ...base, time: at(t), direction: outDir }));
  const ackBranch = l.final < 300 ? `z9hG4bK-ack-${l.p.callId}` : l.p.branch;
  out.push(
    traced(request('ACK', { ...l.p, toTag, branch: ackBranch }), { ...base, time: at(t + 0.05), direction: inDir }),
  );
  if (l.final < 300 && l.talk !== null) {
    t += l.talk ?? 30;
    const bye: MsgParams = { ...l.p, toTag, cseq: (l.p.cseq ?? 1) + 1, branch: `z9hG4bK-bye-${l.p.callId}` };
    out.push(traced(request('BYE', bye), { ...base, time: at(t), direction: inDir }));
    out.push(traced(response(200, { ...bye, method: 'BYE' }), { ...base, time: at(t + 0.02), direction: outDir }));
  }
  return out;
}

/** Merges several legs' messages by time, as an SBC log interleaves them. */
export function interleave(...legs: TracedMessage[][]): TracedMessage[] {
  return legs
    .flat()
    .sort((a, b) => (a.time ?? 0) - (b.time ?? 0) || a.order - b.order);
}
