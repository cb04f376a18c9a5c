/**
 * Call + verdict → one `calls` entry of the `analyze --json` document (design §3):
 * ISO UTC times, durationSec from answer to end, every leg's Call-ID, `sbc` = the device.
 */
import type { Call } from '../calls/call';
import type { CallReport, LegReport, Verdict } from './verdict';

function iso(ms: number | null): string | null {
  return ms === null || !Number.isFinite(ms) ? null : new Date(ms).toISOString();
}

function firstTime(call: Call): number | null {
  let t: number | null = null;
  for (const l of call.legs) {
    for (const m of l.messages) {
      if (m.time !== null && (t === null || m.time < t)) {
        t = m.time;
      }
    }
  }
  return t;
}

function lastTime(call: Call): number | null {
  let t: number | null = null;
  for (const l of call.legs) {
    for (const m of l.messages) {
      if (m.time !== null && (t === null || m.time > t)) {
        t = m.time;
      }
    }
  }
  return t;
}

export function toCallReport(call: Call, verdict: Verdict): CallReport {
  const start = call.start ?? firstTime(call);
  let answer = call.answer;
  if (answer === null && verdict.outcome === 'answered') {
    // the builder left the call's answer open: take the earliest leg's
    for (const l of call.legs) {
      if (l.answer !== null && (answer === null || l.answer < answer)) {
        answer = l.answer;
      }
    }
  }
  // the end of an unfinished call is not known: leave it null rather than guess from the last message
  const end = call.end ?? (call.complete ? lastTime(call) : null);
  const durationSec = answer !== null && end !== null && end >= answer ? Math.round((end - answer) / 100) / 10 : null;
  const legs: LegReport[] = call.legs.map((l) => ({
    callId: l.callId,
    peer: l.peer,
    remote: l.remote ?? null,
    finalStatus: l.finalStatus,
    messages: l.messages.length,
  }));
  return {
    id: call.id,
    callIds: [...new Set(call.legs.map((l) => l.callId))],
    sbc: call.device,
    direction: call.direction,
    from: call.from ?? null,
    to: call.to ?? null,
    start: iso(start),
    answer: iso(answer),
    end: iso(end),
    durationSec,
    outcome: verdict.outcome,
    finalStatus: verdict.finalStatus,
    reason: verdict.reason,
    msCode: verdict.msCode,
    category: verdict.category,
    owner: verdict.owner,
    summary: verdict.summary,
    evidence: verdict.evidence,
    nextCheck: verdict.nextCheck,
    sessionKey: call.sessionKey ?? null,
    legs,
  };
}
