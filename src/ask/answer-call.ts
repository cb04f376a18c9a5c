/** Answers about one call: `why <ref>` (verdict), `ladder <ref>`, `raw <ref>`. */
import type { Call } from '../calls/call';
import { diagnose } from '../diagnosis/diagnose';
import { buildLadder } from '../diagnosis/ladder';
import type { CallStore, StoredCall } from '../store/call-store';
import { classifyRef, MIN_NUMBER_DIGITS } from '../store/ref';
import type { LadderAnswer, NotFoundAnswer, RawAnswer, RawMessage, VerdictAnswer } from './answer-types';
import { isoMs, summarize } from './call-summary';

/** How many other matches a verdict lists. */
export const OTHER_MATCHES = 5;

export function callNotFound(ref: string): NotFoundAnswer {
  const r = classifyRef(ref);
  const suggestions =
    r.kind === 'number'
      ? [`calls with ${ref} this week`, 'failed calls today', 'check that the number is written as the SBC logs it (E.164 like +49305550101, or the last digits)']
      : ['paste the full Call-ID (everything before and after the @)', 'try the AudioCodes SID or the phone number instead', 'failed calls today'];
  return {
    kind: 'not-found',
    what: 'call',
    ref,
    message:
      r.kind === 'number' && r.digits.length < MIN_NUMBER_DIGITS
        ? `"${ref}" is too short: give at least ${MIN_NUMBER_DIGITS} digits of the number.`
        : `No stored call matches "${ref}".`,
    suggestions,
  };
}

async function lookUp(store: CallStore, ref: string): Promise<StoredCall[]> {
  return store.find(ref, OTHER_MATCHES + 1);
}

export async function answerWhy(store: CallStore, ref: string): Promise<VerdictAnswer | NotFoundAnswer> {
  const [newest, ...others] = await lookUp(store, ref);
  if (!newest) {
    return callNotFound(ref);
  }
  const r = newest.report;
  const verdict = newest.verdict ?? diagnose(newest.call);
  return {
    kind: 'verdict',
    ref,
    call: {
      ...summarize(r),
      answer: isoMs(r.answer),
      end: isoMs(r.end),
      durationSec: r.durationSec,
      reason: r.reason,
      msCode: r.msCode,
      evidence: r.evidence,
      nextCheck: r.nextCheck,
      legs: r.legs,
    },
    ladder: buildLadder(newest.call, verdict),
    others: others.map((o) => summarize(o.report)),
  };
}

export async function answerLadder(store: CallStore, ref: string): Promise<LadderAnswer | NotFoundAnswer> {
  const [newest, ...others] = await lookUp(store, ref);
  if (!newest) {
    return callNotFound(ref);
  }
  return {
    kind: 'ladder',
    ref,
    call: summarize(newest.report),
    rows: buildLadder(newest.call, newest.verdict ?? diagnose(newest.call)),
    others: others.map((o) => summarize(o.report)),
  };
}

function rawMessages(call: Call): RawMessage[] {
  const out: Array<RawMessage & { order: number }> = [];
  for (const leg of call.legs) {
    for (const m of leg.messages) {
      out.push({ time: m.time, direction: m.direction, peer: leg.peer, remote: m.remote ?? leg.remote ?? null, text: m.raw, order: m.order });
    }
  }
  out.sort((a, b) => (a.time ?? Number.MAX_SAFE_INTEGER) - (b.time ?? Number.MAX_SAFE_INTEGER) || a.order - b.order);
  return out.map(({ order: _order, ...m }) => m);
}

export async function answerRaw(store: CallStore, ref: string): Promise<RawAnswer | NotFoundAnswer> {
  const [newest] = await lookUp(store, ref);
  if (!newest) {
    return callNotFound(ref);
  }
  return { kind: 'raw', ref, call: summarize(newest.report), messages: rawMessages(newest.call) };
}
