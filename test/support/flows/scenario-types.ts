/**
 * A scenario is one Direct Routing call as the SBC in the middle sees it: the messages of both
 * legs (Teams ↔ SBC and SBC ↔ carrier) in time order, each with the side it travelled on and its
 * direction seen from the SBC, plus the verdict a voice engineer would give.
 */
import type { Category, Outcome, Owner } from '../../../src/diagnosis/verdict';
import type { FormatName } from '../../../src/formats/record';
import type { SbcIdentity, Side } from './sip-leg';

export type { Side } from './sip-leg';

export interface Step {
  leg: Side;
  /** seen from the SBC: 'in' = the leg's peer sent it, 'out' = the SBC sent it */
  dir: 'in' | 'out';
  /** ms after the call's first message */
  atMs: number;
  /** the SIP message, CRLF line ends */
  sip: string;
}

export type CallDirection = 'inbound' | 'outbound' | 'unknown';

export interface Expect {
  outcome: Outcome;
  category: Category;
  owner: Owner;
  finalStatus: number | null;
  direction: CallDirection;
}

/** How a leg travels, for the renderers' framing lines. */
export interface LegSpec {
  side: Side;
  callId: string;
  transport: 'TLS' | 'UDP';
  /** the peer's address as the SBC logs it for messages it receives */
  remoteIn: string;
  /** the peer's address for messages the SBC sends */
  remoteOut: string;
  /** the SBC's own address on this leg */
  local: string;
  /** the SBC sent the INVITE on this leg */
  sbcIsUac: boolean;
  /** caller and callee numbers of the leg (From / To users) */
  caller: string;
  callee: string;
}

/** A line the SBC logs about the transport (a TLS handshake failure), where the vendor logs such lines. */
export interface TransportNote {
  atMs: number;
  leg: Side;
  /** the remote the SBC tried */
  remote: string;
  text: string;
}

/** The verdict a format cannot reach because its log lacks something, and why. */
export interface FormatExpect {
  expect: Partial<Expect>;
  why: string;
  /** the legs stay separate calls in this format: the verdict is checked on the Teams leg's call */
  separateLegs?: boolean;
}

export interface Scenario {
  name: string;
  /** one line, what happens */
  title: string;
  from: string;
  to: string;
  legs: Partial<Record<Side, LegSpec>>;
  steps: Step[];
  expect: Expect;
  /** Call-IDs the call must be built from (both legs when both are in the log) */
  legCount: number;
  transportNotes: TransportNote[];
  /** per format, where the log of that vendor cannot show the deciding evidence */
  byFormat: Partial<Record<FormatName, FormatExpect>>;
  sbc: SbcIdentity;
  /** the call was answered before the log starts: when, for the SBC's CDR (ms, negative) */
  cdrConnectAtMs?: number;
}

/** What a renderer needs of one call placed on a timeline. */
export interface PlacedCall {
  scenario: Scenario;
  /** UTC ms of the call's first message */
  t0: number;
  /** vendor session key (AudioCodes SID, CUBE GUID, Ribbon call id) */
  sessionKey: string;
  /** not a call (an OPTIONS keep-alive): no CDR row */
  noCdr?: boolean;
}

export function expectFor(s: Scenario, format: FormatName): Expect {
  const o = s.byFormat[format];
  return o ? { ...s.expect, ...o.expect } : s.expect;
}

/** the legs of the scenario stay separate calls when read from a `format` log */
export function separateLegs(s: Scenario, format: FormatName): boolean {
  return s.byFormat[format]?.separateLegs === true;
}
