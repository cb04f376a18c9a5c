/**
 * call → verdict. Pure: the rules read the facts of the call (facts.ts) and the first rule that
 * recognises the call decides; the order below puts specific evidence before generic evidence.
 * The table of rules is in docs/verdicts.md.
 */
import type { Call } from '../calls/call';
import type { CallFacts, DiagnoseContext, MsgRef } from './facts';
import type { Outcome, ReasonSummary, Verdict } from './verdict';
import type { EvidenceItem, Finding, Rule } from './rules/rule';
import { collectFacts } from './facts';
import { evidenceLine } from './evidence';
import { infoOf } from './message-info';
import { lookupQ850 } from './catalogue';
import { noInviteRule, inProgressRule } from './rules/incomplete';
import { tlsLogRule } from './rules/tls';
import { cancelRule } from './rules/cancel';
import { authRule } from './rules/auth';
import { codecRule, natRule, teamsMediaRule } from './rules/sdp';
import { finalResponseRule } from './rules/final-response';
import { noResponseRule, ackTimeoutRule, sessionTimerRule } from './rules/flow-timing';
import { mediaRule } from './rules/media';
import { cdrRule } from './rules/cdr';
import { answeredRule } from './rules/answered';
import { nextCheckFor } from './wording';
import { reinviteFailureRule } from './rules/reinvite';

export type { DiagnoseContext, TransportError } from './facts';

/** Rule order: names are kept for error reports. */
const RULES: readonly (readonly [string, Rule])[] = [
  ['no-invite', noInviteRule],
  // not answered
  ['tls-log', tlsLogRule],
  ['cancel', cancelRule],
  ['auth', authRule],
  ['nat', natRule],
  ['codec', codecRule],
  ['final-response', finalResponseRule],
  ['no-response', noResponseRule],
  // answered
  ['ack-timeout', ackTimeoutRule],
  ['teams-media', teamsMediaRule],
  ['media', mediaRule],
  ['session-timer', sessionTimerRule],
  ['re-invite', reinviteFailureRule],
  ['answered', answeredRule],
  // neither decided
  ['cdr', cdrRule],
  ['in-progress', inProgressRule],
];

function reasonOf(ref: MsgRef | null | undefined): ReasonSummary | null {
  if (!ref) {
    return null;
  }
  const i = infoOf(ref.m);
  const r = i.q850 ?? i.sipReason ?? i.reasons[0] ?? null;
  if (!r) {
    return null;
  }
  const out: ReasonSummary = { protocol: r.protocol, cause: r.cause };
  const text = r.phrase ?? r.text ?? (r.protocol === 'Q.850' && r.cause !== null ? lookupQ850(r.cause)?.name : undefined);
  if (text) {
    out.text = text;
  }
  return out;
}

function outcomeOf(f: CallFacts, finding: Finding): Outcome {
  if (finding.outcome) {
    return finding.outcome;
  }
  if (f.answered) {
    return 'answered';
  }
  return finding.category === 'in-progress' ? 'in-progress' : 'failed';
}

function lineOf(f: CallFacts, item: EvidenceItem): string {
  if ('text' in item) {
    return item.text;
  }
  return evidenceLine(item.ref, f.legs[item.ref.leg]?.peer ?? 'unknown', item.note);
}

/** Apply the rules to the facts; a rule that throws on odd input is reported, never fatal. */
function decide(f: CallFacts): { finding: Finding; failures: string[] } {
  const failures: string[] = [];
  for (const [name, rule] of RULES) {
    try {
      const finding = rule(f);
      if (finding) {
        return { finding, failures };
      }
    } catch (e) {
      failures.push(`rule ${name} could not read this call: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  return {
    finding: {
      category: 'unknown',
      owner: 'unknown',
      summary: 'No rule recognised this call; the evidence below is what the log shows.',
      nextCheck: 'read the messages of the call and the SBC debug log around this time',
      evidence: [],
    },
    failures,
  };
}

/** The verdict on one call. `context` carries log events outside SIP (TLS errors). Never throws. */
export function diagnose(call: Call, context: DiagnoseContext = {}): Verdict {
  try {
    return verdictOf(collectFacts(call, context));
  } catch (e) {
    // a call shaped in a way nobody planned for (e.g. a damaged stored record): say so, do not crash
    return {
      outcome: call.complete ? 'failed' : 'in-progress',
      finalStatus: null,
      reason: null,
      msCode: null,
      category: 'unknown',
      owner: 'unknown',
      summary: 'This call could not be read for a verdict.',
      evidence: [`could not read the call: ${e instanceof Error ? e.message : String(e)}`],
      nextCheck: nextCheckFor('unknown', 'unknown'),
    };
  }
}

function verdictOf(f: CallFacts): Verdict {
  const { finding, failures } = decide(f);
  const evidence = [...finding.evidence.map((e) => lineOf(f, e)), ...failures];
  const mainFinal = f.main?.final ?? null;
  const okLeg = f.answered ? f.legs.find((l) => (l.final?.m.sip.status ?? 0) >= 200 && (l.final?.m.sip.status ?? 0) < 300) : undefined;
  const finalStatus = mainFinal?.m.sip.status ?? okLeg?.final?.m.sip.status ?? null;
  const decidingRef = finding.deciding ?? null;
  const verdict: Verdict = {
    outcome: outcomeOf(f, finding),
    finalStatus,
    reason: finding.reason !== undefined ? finding.reason : reasonOf(decidingRef),
    msCode: finding.msCode ?? null,
    category: finding.category,
    owner: finding.owner,
    summary: finding.summary,
    evidence,
    nextCheck: finding.nextCheck,
  };
  if (decidingRef) {
    verdict.deciding = { leg: decidingRef.leg, message: decidingRef.index };
  }
  return verdict;
}
