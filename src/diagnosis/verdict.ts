import type { Direction, PeerKind } from '../calls/call';

/** The verdict names (design §4, contract). */
export const OUTCOMES = ['answered', 'failed', 'cancelled', 'in-progress'] as const;
export type Outcome = (typeof OUTCOMES)[number];

export const OWNERS = ['user', 'teams', 'sbc', 'carrier', 'network', 'unknown'] as const;
export type Owner = (typeof OWNERS)[number];

export const CATEGORIES = [
  'completed',
  'caller-cancelled',
  'completed-elsewhere',
  'busy',
  'no-answer',
  'declined',
  'callee-unavailable',
  'not-found',
  'forbidden',
  'auth-failure',
  'codec-mismatch',
  'no-response',
  'trunk-unavailable',
  'tls-failure',
  'ack-timeout',
  'media-failure',
  'nat-private-address',
  'server-error',
  'in-progress',
  'unknown',
] as const;
export type Category = (typeof CATEGORIES)[number];

/** Categories that are normal outcomes, not faults. */
export const NORMAL_CATEGORIES: readonly Category[] = [
  'completed',
  'caller-cancelled',
  'completed-elsewhere',
  'busy',
  'no-answer',
  'declined',
];

export interface ReasonSummary {
  protocol: string;
  cause: number | null;
  text?: string;
}

export interface Verdict {
  outcome: Outcome;
  /** final response on the Teams-facing leg (or the only leg), 200 for answered calls */
  finalStatus: number | null;
  reason: ReasonSummary | null;
  /** Microsoft response code (e.g. 560403) when Teams gave one */
  msCode: string | null;
  category: Category;
  owner: Owner;
  /** one plain sentence */
  summary: string;
  /** `HH:MM:SS.mmm Teams → SBC 486 Busy Here, Reason Q.850;cause=17` lines, the deciding one first */
  evidence: string[];
  /** what to check next, in plain words */
  nextCheck: string;
  /** index into the call's legs and messages of the deciding message, for highlighting */
  deciding?: { leg: number; message: number };
}

/** One leg as printed in the §3 document. */
export interface LegReport {
  callId: string;
  peer: PeerKind;
  remote: string | null;
  finalStatus: number | null;
  messages: number;
}

/**
 * One entry of `calls` in the `analyze --json` document (design §3, contract): the verdict's fields
 * (outcome, finalStatus, reason, msCode, category, owner, summary, evidence, nextCheck) and the call's.
 */
export interface CallReport extends Omit<Verdict, 'deciding'> {
  id: string;
  callIds: string[];
  sbc: string;
  direction: Direction;
  from: string | null;
  to: string | null;
  start: string | null;
  answer: string | null;
  end: string | null;
  durationSec: number | null;
  sessionKey: string | null;
  legs: LegReport[];
}
