/**
 * The shape of a diagnosis rule: facts in, a finding (or null: "not mine") out. Rules run in the
 * order of `diagnose.ts`; the first finding wins.
 */
import type { CallFacts, MsgRef } from '../facts';
import type { Category, Outcome, Owner, ReasonSummary } from '../verdict';

/** One evidence line: a message (with an optional note), or a free text line. */
export type EvidenceItem = { ref: MsgRef; note?: string } | { text: string };

export interface Finding {
  /** overrides the outcome diagnose derives from the messages */
  outcome?: Outcome;
  category: Category;
  owner: Owner;
  summary: string;
  nextCheck: string;
  /** the deciding item first */
  evidence: EvidenceItem[];
  deciding?: MsgRef | null;
  /** overrides the Reason taken from the deciding message */
  reason?: ReasonSummary | null;
  msCode?: string | null;
}

export type Rule = (f: CallFacts) => Finding | null;

/** Evidence item for a message. */
export function ev(ref: MsgRef | null | undefined, note?: string): EvidenceItem[] {
  return ref ? [note === undefined ? { ref } : { ref, note }] : [];
}

export function text(line: string): EvidenceItem {
  return { text: line };
}

/**
 * The rule with its answer kept per call's facts: for rules that other rules ask again (was the
 * call dropped early?). A rule that throws is asked again next time (and throws again).
 */
export function memoRule(rule: Rule): Rule {
  const answers = new WeakMap<CallFacts, Finding | null>();
  return (f) => {
    const known = answers.get(f);
    if (known !== undefined) {
      return known;
    }
    const finding = rule(f);
    answers.set(f, finding);
    return finding;
  };
}
