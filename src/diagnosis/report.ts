/**
 * Call + verdict → one `calls` entry of the `analyze --json` document (design §3):
 * ISO UTC times, durationSec from answer to end, every leg's Call-ID, `sbc` = the device.
 */
import type { Call } from '../calls/call';
import type { CallReport, LegReport, Verdict } from './verdict';

const DAY_MS = 86_400_000;
/** 10000-01-01T00:00:00Z: up to there `toISOString` writes a four-digit year */
const YEAR_10000 = 253_402_300_800_000;
const PAD2 = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, '0'));
const PAD3 = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'));
/** the day of the last time written and its `YYYY-MM-DDT` (a report's times are mostly on one day) */
let isoDay = Number.NaN;
let isoDayText = '';

/** `new Date(ms).toISOString()`, with the date part kept from the previous call when on the same day. */
function iso(ms: number | null): string | null {
  if (ms === null || !Number.isFinite(ms)) {
    return null;
  }
  if (!(ms >= 0 && ms < YEAR_10000)) {
    return new Date(ms).toISOString();
  }
  const t = Math.floor(ms); // Date drops the fraction
  const day = Math.floor(t / DAY_MS);
  if (day !== isoDay) {
    isoDay = day;
    isoDayText = new Date(day * DAY_MS).toISOString().slice(0, 11);
  }
  let rest = t - day * DAY_MS;
  const h = Math.floor(rest / 3_600_000);
  rest -= h * 3_600_000;
  const m = Math.floor(rest / 60_000);
  rest -= m * 60_000;
  const s = Math.floor(rest / 1000);
  return `${isoDayText}${PAD2[h]}:${PAD2[m]}:${PAD2[s]}.${PAD3[rest - s * 1000]}Z`;
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
