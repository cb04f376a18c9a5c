/** A stored call's report as a list entry of an answer. Pure. */
import type { CallReport } from '../diagnosis/verdict';
import type { CallSummary } from './answer-types';

export function isoMs(s: string | null): number | null {
  if (s === null) {
    return null;
  }
  const t = Date.parse(s);
  return Number.isFinite(t) ? t : null;
}

export function summarize(r: CallReport): CallSummary {
  return {
    id: r.id,
    callIds: r.callIds,
    sessionKey: r.sessionKey,
    sbc: r.sbc,
    direction: r.direction,
    from: r.from,
    to: r.to,
    start: isoMs(r.start) ?? isoMs(r.end),
    outcome: r.outcome,
    finalStatus: r.finalStatus,
    category: r.category,
    owner: r.owner,
    summary: r.summary,
  };
}

/** The reference to ask about a call again: its first Call-ID (unique), else its id. */
export function refOfCall(c: Pick<CallSummary, 'callIds' | 'id'>): string {
  return c.callIds[0] ?? c.id;
}
