/**
 * The structured answer to a question: plain data that the CLI renders as text, Slack as Block
 * Kit and Teams as an Adaptive Card. Times are UTC ms; renderers show them in `tz`.
 */
import type { Direction } from '../calls/call';
import type { LadderRow } from '../diagnosis/ladder';
import type { Category, LegReport, Outcome, Owner, ReasonSummary } from '../diagnosis/verdict';
import type { ExplanationOk } from '../sip/explain-types';

/** One call in a list. */
export interface CallSummary {
  id: string;
  callIds: string[];
  sessionKey: string | null;
  sbc: string;
  direction: Direction;
  from: string | null;
  to: string | null;
  start: number | null;
  outcome: Outcome;
  finalStatus: number | null;
  category: Category;
  owner: Owner;
  summary: string;
}

/** A call reference a user can paste back (`why <ref>`): the first Call-ID, else the id. */
export type CallRefText = string;

export interface VerdictAnswer {
  kind: 'verdict';
  /** what was asked for */
  ref: string;
  call: CallSummary & {
    answer: number | null;
    end: number | null;
    durationSec: number | null;
    reason: ReasonSummary | null;
    msCode: string | null;
    evidence: string[];
    nextCheck: string;
    legs: LegReport[];
  };
  /** the ladder's rows, the deciding message marked */
  ladder: LadderRow[];
  /** other calls that matched the reference, newest first */
  others: CallSummary[];
}

export interface LadderAnswer {
  kind: 'ladder';
  ref: string;
  call: CallSummary;
  rows: LadderRow[];
  others: CallSummary[];
}

export interface RawMessage {
  time: number | null;
  /** seen from the SBC */
  direction: 'in' | 'out' | null;
  peer: string;
  remote: string | null;
  text: string;
}

export interface RawAnswer {
  kind: 'raw';
  ref: string;
  call: CallSummary;
  messages: RawMessage[];
}

export interface CallListAnswer {
  kind: 'calls';
  /** `Calls to 0101 today`, `Failed calls on sbc1 in the last hour` */
  title: string;
  calls: CallSummary[];
  /** more calls matched than are listed */
  more: boolean;
}

/**
 * Counts that fall short: more calls than are read for one answer, and those not read are missing
 * from the counts (at most `atMost` of them; null: unknown).
 */
export interface Uncounted {
  atMost: number | null;
}

export interface SbcStatus {
  sbc: string;
  /** in the last hour */
  calls: number;
  failed: number;
  answered: number;
  /** faults among the failures (not busy / no answer / declined) */
  faults: number;
  /** newest call seen from this SBC, when any */
  lastCall: number | null;
  /**
   * present only when the counts fall short: the SBC's last hour held more calls (at an hour's
   * edge) or more failed calls than are read for one answer; each count misses at most `atMost`
   */
  uncounted?: Uncounted;
}

export interface PeerStatus {
  device: string;
  remote: string;
  name: string | null;
  status: 'up' | 'down' | 'unknown';
  optionsSent: number;
  optionsAnswered: number;
  lastAnswer: number | null;
  lastStatus: number | null;
}

export interface StatusAnswer {
  kind: 'status';
  since: number;
  until: number;
  sbcs: SbcStatus[];
  peers: PeerStatus[];
}

export interface FailureCause {
  category: Category;
  owner: Owner;
  calls: number;
  /** a normal outcome (busy, no answer, declined…), not a fault */
  normal: boolean;
  examples: CallSummary[];
}

export interface TopAnswer {
  kind: 'top';
  label: string;
  since: number;
  until: number;
  /** every call in the range */
  calls: number;
  failed: number;
  causes: FailureCause[];
  /** present only when the counts fall short: an hour at an edge of the range held more calls than are read for one answer */
  uncounted?: Uncounted;
}

export interface ExplanationAnswer {
  kind: 'explanation';
  explanation: ExplanationOk;
  /** the same as `sipsleuth explain` prints */
  text: string;
}

export interface HelpExample {
  question: string;
  does: string;
}

export interface HelpAnswer {
  kind: 'help';
  /** `asked` = the user asked for help; `not-understood` = anything else */
  reason: 'asked' | 'not-understood';
  heard?: string;
  examples: HelpExample[];
}

export interface NotFoundAnswer {
  kind: 'not-found';
  /** what could not be found: a call, an SBC, a SIP message to explain */
  what: 'call' | 'sbc' | 'sip';
  ref: string;
  message: string;
  suggestions: string[];
}

export interface ErrorAnswer {
  kind: 'error';
  reason: 'store-unavailable';
  message: string;
}

export type Answer =
  | VerdictAnswer
  | LadderAnswer
  | RawAnswer
  | CallListAnswer
  | StatusAnswer
  | TopAnswer
  | ExplanationAnswer
  | HelpAnswer
  | NotFoundAnswer
  | ErrorAnswer;

export type AnswerKind = Answer['kind'];
