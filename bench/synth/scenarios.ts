/**
 * The calls the synthetic AudioCodes log holds: both legs of each call (Teams ↔ SBC ↔ carrier) as
 * timed steps, one list per scenario. Inbound = from the PSTN to a Teams user, outbound = from a
 * Teams user to the PSTN (seen from Teams, as in the analyze document).
 */
import type { Prng } from './prng';
import { makeLegs } from './legs';
import {
  CARRIER,
  carrierSdp,
  request,
  response,
  sbcSdp,
  teamsSdp,
  type Leg,
  type SipMsg,
} from './sip-builder';

export type ScenarioName =
  | 'answered-inbound'
  | 'answered-outbound'
  | 'busy'
  | 'caller-cancelled'
  | 'no-answer'
  | 'callee-unavailable'
  | 'not-found'
  | 'forbidden-teams'
  | 'codec-mismatch'
  | 'trunk-unavailable'
  | 'no-response'
  | 'ack-timeout'
  | 'media-failure'
  | 'completed-elsewhere';

export { TEAMS_PROXIES } from './legs';

export const SCENARIO_NAMES: readonly ScenarioName[] = [
  'answered-inbound',
  'answered-outbound',
  'busy',
  'caller-cancelled',
  'no-answer',
  'callee-unavailable',
  'not-found',
  'forbidden-teams',
  'codec-mismatch',
  'trunk-unavailable',
  'no-response',
  'ack-timeout',
  'media-failure',
  'completed-elsewhere',
];

/** How often each scenario appears when none are asked for (answered calls dominate, as in life). */
export const DEFAULT_MIX: ReadonlyArray<[ScenarioName, number]> = [
  ['answered-inbound', 30],
  ['answered-outbound', 30],
  ['busy', 5],
  ['caller-cancelled', 6],
  ['no-answer', 6],
  ['callee-unavailable', 4],
  ['not-found', 3],
  ['forbidden-teams', 2],
  ['codec-mismatch', 2],
  ['trunk-unavailable', 2],
  ['no-response', 2],
  ['ack-timeout', 2],
  ['media-failure', 3],
  ['completed-elsewhere', 3],
];

export interface Step {
  /** ms after the call's start */
  t: number;
  leg: Leg;
  dir: 'in' | 'out';
  msg: SipMsg;
  /** internal debug lines the SBC logs before the message */
  debug?: string[];
}

/** What the CDR CALL_END rows of a leg say. */
export interface LegEnd {
  leg: Leg;
  legId: number;
  /** who ended it: LCL (the SBC) or RMT (the peer) */
  trmSd: 'LCL' | 'RMT';
  trmReason: string;
  trmCategory: string;
  sipTrmReason: string;
  sipTermDesc: string;
  caller: string;
  callee: string;
}

export interface CallPlan {
  scenario: ScenarioName;
  steps: Step[];
  /** ms after start: connect (null when not answered) and release */
  connectAt: number | null;
  releaseAt: number;
  ends: LegEnd[];
}

interface Ctx {
  r: Prng;
  teams: Leg;
  carrier: Leg;
  steps: Step[];
  t: number;
}

function step(c: Ctx, dt: number, leg: Leg, dir: 'in' | 'out', msg: SipMsg, debug?: string[]): void {
  c.t += dt;
  c.steps.push({ t: c.t, leg, dir, msg, debug });
}

const teamsReason = (c: Ctx, cause: number, phrase: string): string =>
  `Q.850;cause=${cause};text="${c.teams.teamsUuid};${phrase}"`;

/** carrier → SBC → Teams up to Teams' 100 Trying. */
function inboundStart(c: Ctx): void {
  const { r, teams, carrier } = c;
  step(c, 0, carrier, 'in', request(carrier, 'peer', 'INVITE', { body: carrierSdp(r) }));
  step(c, 2, carrier, 'out', response(carrier, 'sbc', 100, 'Trying', 'INVITE'), [
    'Classification Succeeded - Source IP Group #1 (Carrier)',
    'Route found (5), Route by IPGroup, IP Group 1 -> 2 (Carrier -> Teams)',
  ]);
  step(c, 6, teams, 'out', request(teams, 'sbc', 'INVITE', { body: sbcSdp(r, 'teams') }), [
    'SBCSDPCodersFeature::PerformCodersPreference - Put in order audio coders according to allowed coders',
  ]);
  step(c, r.int(40, 90), teams, 'in', response(teams, 'peer', 100, 'Trying', 'INVITE'));
}

/** Teams → SBC → carrier up to the carrier's 100 Trying. */
function outboundStart(c: Ctx, codecs: 'g711' | 'g722-only' = 'g711'): void {
  const { r, teams, carrier } = c;
  step(c, 0, teams, 'in', request(teams, 'peer', 'INVITE', { body: teamsSdp(r) }));
  step(c, 2, teams, 'out', response(teams, 'sbc', 100, 'Trying', 'INVITE'), [
    'Classification Succeeded - Source IP Group #2 (Teams)',
    'Route found (3), Route by IPGroup, IP Group 2 -> 1 (Teams -> Carrier)',
  ]);
  step(c, 6, carrier, 'out', request(carrier, 'sbc', 'INVITE', { body: sbcSdp(r, 'carrier', codecs) }));
}

/** A failure from `from` relayed to the other leg, with ACKs on both. */
function failure(c: Ctx, from: Leg, to: Leg, status: number, phrase: string, fromReason: string | undefined, relayReason: string | undefined, extra?: string[]): void {
  const r = c.r;
  step(c, 0, from, 'in', response(from, 'peer', status, phrase, 'INVITE', { reason: fromReason, extra }));
  step(c, 3, from, 'out', request(from, 'sbc', 'ACK', { hopByHop: true }));
  step(c, 3, to, 'out', response(to, 'sbc', status, phrase, 'INVITE', { reason: relayReason }));
  step(c, r.int(30, 90), to, 'in', request(to, 'peer', 'ACK', { hopByHop: true }));
}

function ringing(c: Ctx, callee: Leg, caller: Leg): void {
  step(c, c.r.int(300, 1500), callee, 'in', response(callee, 'peer', 180, 'Ringing', 'INVITE'));
  step(c, 3, caller, 'out', response(caller, 'sbc', 180, 'Ringing', 'INVITE'));
}

/** The callee answers; both 200 OKs and both ACKs (unless `noTeamsAck`). Returns the connect time. */
function answer(c: Ctx, callee: Leg, caller: Leg): number {
  const r = c.r;
  const body = callee.side === 'teams' ? teamsSdp(r) : carrierSdp(r);
  step(c, r.int(2000, 15000), callee, 'in', response(callee, 'peer', 200, 'OK', 'INVITE', { body }));
  const at = c.t;
  step(c, 3, callee, 'out', request(callee, 'sbc', 'ACK', { branch: `z9hG4bKac${r.digits(9)}` }));
  step(c, 3, caller, 'out', response(caller, 'sbc', 200, 'OK', 'INVITE', { body: sbcSdp(r, caller.side) }));
  step(c, r.int(30, 90), caller, 'in', request(caller, 'peer', 'ACK', { branch: `z9hG4bK${r.hex(8)}` }));
  return at;
}

/** `ender` (a leg whose peer hangs up) sends BYE; the SBC answers and sends BYE on the other leg. */
function hangup(c: Ctx, ender: Leg, other: Leg, reason: string, otherReason: string): void {
  const r = c.r;
  const enderIsUac = !ender.sbcIsUac;
  step(c, 0, ender, 'in', request(ender, 'peer', 'BYE', { reason, branch: `z9hG4bK${r.hex(8)}` }));
  step(c, 3, ender, 'out', response(ender, 'sbc', 200, 'OK', 'BYE', { toUasRequest: !enderIsUac }));
  step(c, 3, other, 'out', request(other, 'sbc', 'BYE', { reason: otherReason, branch: `z9hG4bKac${r.digits(9)}` }));
  step(c, r.int(30, 90), other, 'in', response(other, 'peer', 200, 'OK', 'BYE', { toUasRequest: !other.sbcIsUac }));
}

function cancel(c: Ctx, reason: string | undefined): void {
  const { r, teams, carrier } = c;
  step(c, 0, carrier, 'in', request(carrier, 'peer', 'CANCEL', { reason }));
  step(c, 2, carrier, 'out', response(carrier, 'sbc', 200, 'OK', 'CANCEL'));
  step(c, 3, teams, 'out', request(teams, 'sbc', 'CANCEL', { reason }));
  step(c, r.int(40, 90), teams, 'in', response(teams, 'peer', 200, 'OK', 'CANCEL'));
  step(c, r.int(2, 10), teams, 'in', response(teams, 'peer', 487, 'Request Terminated', 'INVITE'));
  step(c, 3, teams, 'out', request(teams, 'sbc', 'ACK', { hopByHop: true }));
  step(c, 3, carrier, 'out', response(carrier, 'sbc', 487, 'Request Terminated', 'INVITE'));
  step(c, r.int(30, 90), carrier, 'in', request(carrier, 'peer', 'ACK', { hopByHop: true }));
}

/** Plans one call of `scenario`. */
export function planCall(r: Prng, scenario: ScenarioName, socket: number): CallPlan {
  const inbound = INBOUND.has(scenario);
  const legs = makeLegs(r, inbound, socket);
  const c: Ctx = { r, teams: legs.teams, carrier: legs.carrier, steps: [], t: 0 };
  const { teams, carrier } = legs;
  let connectAt: number | null = null;
  let end: Omit<LegEnd, 'leg' | 'legId' | 'caller' | 'callee'> = {
    trmSd: 'RMT',
    trmReason: 'GWAPP_NORMAL_CALL_CLEAR',
    trmCategory: 'NORMAL_CALL_CLEAR',
    sipTrmReason: 'BYE',
    sipTermDesc: '',
  };
  const fail = (sip: number, reason: string, cat: string, desc: string): typeof end => ({
    trmSd: 'RMT',
    trmReason: reason,
    trmCategory: cat,
    sipTrmReason: String(sip),
    sipTermDesc: desc,
  });
  switch (scenario) {
    case 'answered-inbound':
      inboundStart(c);
      ringing(c, teams, carrier);
      connectAt = answer(c, teams, carrier);
      c.t += r.int(20_000, 300_000);
      hangup(c, teams, carrier, teamsReason(c, 16, 'CallEndReasonLocalUserInitiated'), 'Q.850;cause=16');
      break;
    case 'answered-outbound':
      outboundStart(c);
      step(c, r.int(30, 80), carrier, 'in', response(carrier, 'peer', 100, 'Trying', 'INVITE'));
      ringing(c, carrier, teams);
      connectAt = answer(c, carrier, teams);
      c.t += r.int(20_000, 300_000);
      hangup(c, carrier, teams, 'Q.850;cause=16;text="Normal call clearing"', 'Q.850;cause=16');
      break;
    case 'busy':
      inboundStart(c);
      c.t += r.int(300, 1200);
      failure(c, teams, carrier, 486, 'Busy Here', teamsReason(c, 17, 'User busy'), 'Q.850;cause=17');
      end = fail(486, 'GWAPP_USER_BUSY', 'BUSY', 'Busy Here');
      break;
    case 'caller-cancelled':
      inboundStart(c);
      ringing(c, teams, carrier);
      c.t += r.int(2000, 20_000);
      cancel(c, undefined);
      end = fail(487, 'GWAPP_NORMAL_CALL_CLEAR', 'NORMAL_CALL_CLEAR', 'Request Terminated');
      end.sipTrmReason = 'CANCEL';
      break;
    case 'no-answer':
      inboundStart(c);
      ringing(c, teams, carrier);
      c.t += r.int(30_000, 45_000);
      failure(c, teams, carrier, 480, 'Temporarily Unavailable', teamsReason(c, 19, 'Call was not answered'), 'Q.850;cause=19');
      end = fail(480, 'GWAPP_NO_USER_RESPONDING', 'NO_ANSWER', 'Temporarily Unavailable');
      break;
    case 'callee-unavailable':
      inboundStart(c);
      c.t += r.int(500, 2000);
      failure(c, teams, carrier, 480, 'Temporarily Unavailable', teamsReason(c, 31, 'No callee endpoints were found.'), 'Q.850;cause=31');
      end = fail(480, 'GWAPP_NORMAL_UNSPECIFIED', 'NO_ANSWER', 'Temporarily Unavailable');
      break;
    case 'forbidden-teams':
      // Teams refuses; the Microsoft code rides in its Reason text as the brief asks (560403)
      inboundStart(c);
      c.t += r.int(300, 1200);
      failure(c, teams, carrier, 403, 'Forbidden', teamsReason(c, 21, '560403 Forbidden; Call rejected'), 'Q.850;cause=21');
      end = fail(403, 'GWAPP_CALL_REJECTED', 'FAIL', 'Forbidden');
      break;
    case 'not-found':
      outboundStart(c);
      step(c, r.int(30, 80), carrier, 'in', response(carrier, 'peer', 100, 'Trying', 'INVITE'));
      c.t += r.int(200, 1500);
      failure(c, carrier, teams, 404, 'Not Found', 'Q.850;cause=1;text="Unallocated (unassigned) number"', 'Q.850;cause=1');
      end = fail(404, 'GWAPP_UNASSIGNED_NUMBER', 'FAIL', 'Not Found');
      break;
    case 'codec-mismatch':
      outboundStart(c, 'g722-only');
      c.t += r.int(30, 200);
      failure(c, carrier, teams, 488, 'Not Acceptable Here', 'Q.850;cause=65', 'Q.850;cause=65', [
        `Warning: 304 ${CARRIER.split(':')[0]} "Incompatible media format"`,
      ]);
      end = fail(488, 'GWAPP_BEARER_CAPABILITY_NOT_IMPLEMENTED', 'FAIL', 'Not Acceptable Here');
      break;
    case 'trunk-unavailable':
      outboundStart(c);
      c.t += r.int(30, 300);
      failure(c, carrier, teams, 503, 'Service Unavailable', 'Q.850;cause=34', 'Q.850;cause=34', ['Retry-After: 300']);
      end = fail(503, 'GWAPP_NO_CIRCUIT_AVAILABLE', 'FAIL', 'Service Unavailable');
      break;
    case 'no-response': {
      outboundStart(c);
      const invite = c.steps[c.steps.length - 1].msg;
      let gap = 500;
      for (let left = 6; left > 2; left--) {
        step(c, gap, carrier, 'out', invite, [
          `UdpRtxMngr::Transmit ${8 - left} INVITE Rtx Left: ${left} Dest: ${CARRIER}, TU: AcSIPCall(#${r.int(100, 999)})`,
        ]);
        gap *= 2;
      }
      step(c, gap, teams, 'out', response(teams, 'sbc', 408, 'Request Timeout', 'INVITE', { reason: 'Q.850;cause=102' }), [
        `AcSIPCall(#${r.int(100, 999)}): Handling TIMEOUT_IND in state Invited`,
      ]);
      step(c, r.int(30, 90), teams, 'in', request(teams, 'peer', 'ACK', { hopByHop: true }));
      end = fail(408, 'GWAPP_RECOVERY_ON_TIMER_EXPIRY', 'NO_ANSWER', 'Request Timeout');
      end.trmSd = 'LCL';
      break;
    }
    case 'ack-timeout': {
      inboundStart(c);
      ringing(c, teams, carrier);
      const ok = response(teams, 'peer', 200, 'OK', 'INVITE', { body: teamsSdp(r) });
      step(c, r.int(2000, 10_000), teams, 'in', ok);
      connectAt = c.t;
      step(c, 3, carrier, 'out', response(carrier, 'sbc', 200, 'OK', 'INVITE', { body: sbcSdp(r, 'carrier') }));
      step(c, r.int(30, 90), carrier, 'in', request(carrier, 'peer', 'ACK', { branch: `z9hG4bK${r.hex(8)}` }));
      // the SBC's ACK never reaches Teams: Teams repeats its 200 OK, then gives up
      let gap = 500;
      for (let i = 0; i < 6; i++) {
        step(c, gap, teams, 'in', ok);
        gap = Math.min(gap * 2, 4000);
      }
      c.t += 4000;
      hangup(c, teams, carrier, teamsReason(c, 102, '1106;ACK was not received'), 'Q.850;cause=102');
      end = fail(0, 'GWAPP_RECOVERY_ON_TIMER_EXPIRY', 'FAIL', 'ACK timeout');
      end.sipTrmReason = 'BYE';
      break;
    }
    case 'media-failure':
      inboundStart(c);
      ringing(c, teams, carrier);
      connectAt = answer(c, teams, carrier);
      c.t += r.int(8000, 20_000);
      // the SBC saw no RTP from Teams and ends both legs
      step(c, 0, teams, 'out', request(teams, 'sbc', 'BYE', { reason: 'Q.850;cause=41;text="RTP timeout"', branch: `z9hG4bKac${r.digits(9)}` }), [
        `(#${r.int(10, 99)})MediaStream: no RTP/RTCP packets received for 10 sec - RTP timeout`,
      ]);
      step(c, r.int(40, 90), teams, 'in', response(teams, 'peer', 200, 'OK', 'BYE'));
      step(c, 3, carrier, 'out', request(carrier, 'sbc', 'BYE', { reason: 'Q.850;cause=41;text="RTP timeout"', branch: `z9hG4bKac${r.digits(9)}` }));
      step(c, r.int(30, 90), carrier, 'in', response(carrier, 'peer', 200, 'OK', 'BYE', { toUasRequest: true }));
      end = { trmSd: 'LCL', trmReason: 'RTP_BROKEN_CONNECTION', trmCategory: 'FAIL', sipTrmReason: 'BYE', sipTermDesc: 'RTP timeout' };
      break;
    case 'completed-elsewhere':
      inboundStart(c);
      ringing(c, teams, carrier);
      c.t += r.int(2000, 15_000);
      cancel(c, 'SIP;cause=200;text="Call completed elsewhere"');
      end = fail(487, 'GWAPP_NORMAL_CALL_CLEAR', 'NORMAL_CALL_CLEAR', 'Call completed elsewhere');
      end.sipTrmReason = 'CANCEL';
      break;
  }
  const [inLeg, outLeg] = inbound ? [carrier, teams] : [teams, carrier];
  return {
    scenario,
    steps: c.steps,
    connectAt,
    releaseAt: c.t,
    ends: [
      { ...end, leg: inLeg, legId: 1, caller: legs.caller, callee: legs.callee },
      { ...end, leg: outLeg, legId: 2, caller: legs.caller, callee: legs.callee },
    ],
  };
}

const INBOUND = new Set<ScenarioName>([
  'answered-inbound',
  'busy',
  'caller-cancelled',
  'no-answer',
  'callee-unavailable',
  'forbidden-teams',
  'ack-timeout',
  'media-failure',
  'completed-elsewhere',
]);
