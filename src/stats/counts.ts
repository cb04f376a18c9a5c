/**
 * Call counts of one scope (an SBC, or an SBC and one peer) in one time bucket (a minute or an
 * hour), as kept in a Redis hash by the stats store. The fields are the store's per-SBC counter
 * fields (src/store/counters.ts: calls, o:<outcome>, c:<category>, w:<owner>, cw:<cat>/<owner>,
 * durMs) plus two of the stats' own:
 *
 *   x:ner   finished calls that count against the network effectiveness ratio
 *   x:act   (minute buckets of an SBC) answered calls that were up during that minute
 *
 * Pure.
 */
import type { CallReport } from '../diagnosis/verdict';
import { addCounterFields, counterFields, emptyCounters, parseCounters, type CallCounters } from '../store/counters';

export interface StatCounts extends CallCounters {
  /** finished calls that failed for a reason other than the user (Microsoft's NER) */
  nerAgainst: number;
  /** answered calls up during the bucket (minute buckets only) */
  active: number;
}

export const FIELD_NER = 'x:ner';
export const FIELD_ACTIVE = 'x:act';

/**
 * Microsoft's network effectiveness ratio counts every call that reached the callee or failed
 * because of the user (busy, no answer, declined, caller hung up) as a success. A finished call
 * that was not answered and whose owner is not `user` counts against it.
 */
export function countsAgainstNer(report: Pick<CallReport, 'outcome' | 'owner'>): boolean {
  return (report.outcome === 'failed' || report.outcome === 'cancelled') && report.owner !== 'user';
}

/** The fields one call adds to a bucket of its scope, with their increments. */
export function statFields(report: CallReport): Array<[field: string, n: number]> {
  const out = counterFields(report);
  if (countsAgainstNer(report)) {
    out.push([FIELD_NER, 1]);
  }
  return out;
}

export function emptyStatCounts(): StatCounts {
  return { ...emptyCounters(), nerAgainst: 0, active: 0 };
}

/** Reads a bucket hash (HGETALL); unknown or non-numeric fields are ignored. */
export function parseStatCounts(hash: Record<string, string>): StatCounts {
  const n = (f: string): number => {
    const v = Number(hash[f]);
    return Number.isFinite(v) ? v : 0;
  };
  return { ...parseCounters(hash), nerAgainst: n(FIELD_NER), active: n(FIELD_ACTIVE) };
}

/** Adds counts together (a window out of minutes, a day out of hours). `active` keeps the peak. */
export function sumCounts(list: readonly StatCounts[]): StatCounts {
  const out = emptyStatCounts();
  const causes = new Map<string, CallCounters['causes'][number]>();
  for (const c of list) {
    out.calls += c.calls;
    out.answered += c.answered;
    out.failed += c.failed;
    out.cancelled += c.cancelled;
    out.inProgress += c.inProgress;
    out.durationSec += c.durationSec;
    out.nerAgainst += c.nerAgainst;
    out.active = Math.max(out.active, c.active);
    for (const [k, v] of Object.entries(c.byCategory) as Array<[keyof CallCounters['byCategory'], number]>) {
      out.byCategory[k] = (out.byCategory[k] ?? 0) + v;
    }
    for (const [k, v] of Object.entries(c.byOwner) as Array<[keyof CallCounters['byOwner'], number]>) {
      out.byOwner[k] = (out.byOwner[k] ?? 0) + v;
    }
    for (const cause of c.causes) {
      const key = `${cause.category}/${cause.owner}`;
      const cur = causes.get(key);
      if (cur) {
        cur.calls += cause.calls;
      } else {
        causes.set(key, { ...cause });
      }
    }
  }
  out.causes = [...causes.values()].sort(
    (a, b) => b.calls - a.calls || a.category.localeCompare(b.category) || a.owner.localeCompare(b.owner),
  );
  return out;
}

/** Counts of a list of reports, as the store would keep them: for tests and the CLI. */
export function countReports(reports: readonly CallReport[]): StatCounts {
  const hash: Record<string, string> = {};
  for (const r of reports) {
    addCounterFields(hash, r);
    if (countsAgainstNer(r)) {
      hash[FIELD_NER] = String(Number(hash[FIELD_NER] ?? 0) + 1);
    }
  }
  return parseStatCounts(hash);
}
