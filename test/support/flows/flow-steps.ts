/**
 * The building blocks every scenario shares, message by message as the SBC relays them:
 * set-up (INVITE and 100 Trying on both legs), ringing, answer with ACKs, hang-up with BYE on both
 * legs, and a failure answered by the callee's side and passed on to the caller.
 */
import type { CallBuild } from './call-build';
import { carrierSdp, sbcToCarrierSdp, sbcToTeamsSdp, teamsSdp } from './sdp';
import type { Side } from './scenario-types';

/** the caller's INVITE, the SBC's 100, the SBC's INVITE to the callee, the callee's 100. Returns the time of the last. */
export function setUp(c: CallBuild, o: { calleeOffer?: string; calleeExtra?: string[]; calleeTrying?: boolean } = {}): number {
  const s = c.p.seed;
  const caller = c.callerSide;
  const callee = c.calleeSide;
  const callerOffer = caller === 'carrier' ? carrierSdp(`${s}:offer`) : teamsSdp(`${s}:offer`);
  const calleeOffer = o.calleeOffer ?? (callee === 'teams' ? sbcToTeamsSdp(`${s}:offer2`, c.p.sbc.ip) : sbcToCarrierSdp(`${s}:offer2`, c.p.sbc.ip));
  c.in(caller, 0, c.dialog(caller).request('peer', 'INVITE', { sdp: callerOffer }));
  c.out(caller, 4, c.dialog(caller).response('sbc', 100, 'Trying'));
  c.out(callee, 35, c.dialog(callee).request('sbc', 'INVITE', { sdp: calleeOffer, extra: o.calleeExtra }));
  if (o.calleeTrying === false) {
    return 35;
  }
  const t = callee === 'teams' ? 150 : 95;
  c.in(callee, t, c.dialog(callee).response('peer', 100, 'Trying'));
  return t;
}

/** the callee rings (Teams 180; the carrier 183 with early media) and the SBC passes it on */
export function ring(c: CallBuild, at: number): number {
  const s = c.p.seed;
  const caller = c.callerSide;
  if (c.calleeSide === 'teams') {
    c.in('teams', at, c.teams.response('peer', 180, 'Ringing'));
    c.out(caller, at + 4, c.dialog(caller).response('sbc', 180, 'Ringing'));
  } else {
    c.in('carrier', at, c.carrier.response('peer', 183, 'Session Progress', { sdp: carrierSdp(`${s}:early`) }));
    c.out('teams', at + 5, c.teams.response('sbc', 183, 'Session Progress', { sdp: sbcToTeamsSdp(`${s}:early2`, c.p.sbc.ip) }));
  }
  return at + 5;
}

/** the callee answers; the SBC ACKs it and answers the caller, who ACKs. Returns the caller's ACK time. */
export function answer(c: CallBuild, at: number, o: { calleeAnswer?: string; callerAnswer?: string; ackCallee?: boolean } = {}): number {
  const s = c.p.seed;
  const caller = c.callerSide;
  const callee = c.calleeSide;
  const calleeAnswer = o.calleeAnswer ?? (callee === 'teams' ? teamsSdp(`${s}:answer`, { codecs: ['PCMA'] }) : carrierSdp(`${s}:answer`, { codecs: ['PCMA'] }));
  const callerAnswer =
    o.callerAnswer ?? (caller === 'teams' ? sbcToTeamsSdp(`${s}:answer2`, c.p.sbc.ip, { codecs: ['PCMA'] }) : sbcToCarrierSdp(`${s}:answer2`, c.p.sbc.ip, { codecs: ['PCMA'] }));
  c.in(callee, at, c.dialog(callee).response('peer', 200, 'OK', { sdp: calleeAnswer }));
  if (o.ackCallee !== false) {
    c.out(callee, at + 3, c.dialog(callee).request('sbc', 'ACK'));
  }
  c.out(caller, at + 7, c.dialog(caller).response('sbc', 200, 'OK', { sdp: callerAnswer }));
  const ack = at + (caller === 'teams' ? 66 : 41);
  c.in(caller, ack, c.dialog(caller).request('peer', 'ACK'));
  return ack;
}

/** `by` hangs up; the SBC answers the BYE and sends its own BYE on the other leg. */
export function hangUp(c: CallBuild, at: number, by: Side, reason: string, otherReason = 'Q.850;cause=16'): number {
  const other: Side = by === 'teams' ? 'carrier' : 'teams';
  c.in(by, at, c.dialog(by).request('peer', 'BYE', { reason }));
  c.out(by, at + 3, c.dialog(by).response('sbc', 200, 'OK', { method: 'BYE' }));
  c.out(other, at + 6, c.dialog(other).request('sbc', 'BYE', { reason: otherReason }));
  const done = at + (other === 'teams' ? 70 : 48);
  c.in(other, done, c.dialog(other).response('peer', 200, 'OK', { method: 'BYE' }));
  return done;
}

export interface Refusal {
  status: number;
  phrase: string;
  reason?: string;
  extra?: string[];
}

/** the callee's side refuses; the SBC ACKs and passes `passOn` (default: the same answer) to the caller */
export function refuse(c: CallBuild, at: number, r: Refusal, passOn?: Refusal): number {
  const caller = c.callerSide;
  const callee = c.calleeSide;
  c.in(callee, at, c.dialog(callee).response('peer', r.status, r.phrase, { reason: r.reason, extra: r.extra }));
  c.out(callee, at + 3, c.dialog(callee).request('sbc', 'ACK', { ackFailure: true }));
  const p = passOn ?? { status: r.status, phrase: r.phrase, reason: r.reason };
  c.out(caller, at + 8, c.dialog(caller).response('sbc', p.status, p.phrase, { reason: p.reason, extra: p.extra }));
  const ack = at + (caller === 'teams' ? 70 : 45);
  c.in(caller, ack, c.dialog(caller).request('peer', 'ACK', { ackFailure: true }));
  return ack;
}

/** the SBC refuses the caller by itself (no callee leg) */
export function refuseBySbc(c: CallBuild, at: number, r: Refusal): number {
  const caller = c.callerSide;
  c.out(caller, at, c.dialog(caller).response('sbc', r.status, r.phrase, { reason: r.reason, extra: r.extra }));
  const ack = at + (caller === 'teams' ? 62 : 40);
  c.in(caller, ack, c.dialog(caller).request('peer', 'ACK', { ackFailure: true }));
  return ack;
}
