/**
 * The calls, failures and causes of a time range, counted exactly: every call whose time (the time
 * `list` orders and filters by) lies in [since, until], whatever zone the range was made in (a day
 * in Kolkata +5:30, Kathmandu +5:45 or St. John's −3:30 begins mid-hour in UTC) and whatever its
 * length (`the last 30 minutes`, `since 09:10`).
 *
 * The stores count calls per SBC and UTC hour (src/store/counters.ts); those counters are written
 * with every stored call and must stay cheap, so they are not made finer. Instead:
 *
 *   - an hour wholly inside the range counts by its counters (summed over the SBCs);
 *   - the part of an hour at either end of the range (an edge span) is counted from the calls
 *     themselves: `list` over the span (by the time index). The shorter side of the cut is read
 *     first: the span itself, or the rest of its hour, which is then taken off the hour's counters
 *     (given `now`, the minutes after it count as no calls: the current hour of `today` or of
 *     `status` is one cheap read of the minutes after now). At most EDGE_SCAN calls are read per
 *     side; when one side holds more, the other side is read;
 *   - when both sides of a cut hold more than that, the calls read are counted and the result says
 *     by how many calls at most the counts fall short (`short`), for the answer to say so.
 *
 * A store without counters is counted from the calls of the whole range, up to EDGE_SCAN of them.
 * With `sbc`, only that SBC's calls are counted (its own counters, its calls by the SBC index).
 * Call times are whole milliseconds (every reader makes them so), so a span [a, b) is read as
 * since a, until b − 1.
 */
import { HOUR_MS, type CauseCount } from '../store/counters';
import type { CallReport } from '../diagnosis/verdict';
import { counterSource, type AskStore } from './store-access';

/** calls read per side of an edge hour's cut (and from a store without counters) */
export const EDGE_SCAN = 5000;

export interface RangeCount {
  calls: number;
  answered: number;
  failed: number;
  causes: CauseCount[];
  /**
   * 0: exact. Otherwise the counts leave out calls that were too many to read: at most this many
   * (null: how many is unknown)
   */
  short: number | null;
}

interface Tally {
  calls: number;
  answered: number;
  failed: number;
  /** `category/owner` → calls */
  causes: Map<string, CauseCount>;
}

function emptyTally(): Tally {
  return { calls: 0, answered: 0, failed: 0, causes: new Map() };
}

function addCause(t: Tally, c: CauseCount, sign: 1 | -1): void {
  const k = `${c.category}/${c.owner}`;
  const prev = t.causes.get(k);
  t.causes.set(k, { category: c.category, owner: c.owner, calls: (prev?.calls ?? 0) + sign * c.calls });
}

/** Adds `b` into `a` (`sign` −1: takes it off). */
function addTally(a: Tally, b: Tally, sign: 1 | -1 = 1): void {
  a.calls += sign * b.calls;
  a.answered += sign * b.answered;
  a.failed += sign * b.failed;
  for (const c of b.causes.values()) {
    addCause(a, c, sign);
  }
}

function tallyReports(reports: readonly CallReport[]): Tally {
  const t = emptyTally();
  for (const r of reports) {
    t.calls += 1;
    if (r.outcome === 'failed') {
      t.failed += 1;
    } else if (r.outcome === 'answered') {
      t.answered += 1;
    }
    addCause(t, { category: r.category, owner: r.owner, calls: 1 }, 1);
  }
  return t;
}

/** [start, end) in UTC ms */
type Span = [start: number, end: number];

/** How long the spans are, but for their part after `now`: calls are not expected to come after the present. */
function expectedMs(spans: readonly Span[], now = Infinity): number {
  return spans.reduce((n, [a, b]) => n + Math.max(0, Math.min(b, now + 1) - a), 0);
}

/** How an answer reads: calls per side of a cut, the one SBC counted (all when undefined), the present. */
interface Reading {
  scan: number;
  sbc?: string;
  now?: number;
}

/** The calls of the spans, `limit` at most in all; `full` when there were more. */
async function readSpans(store: AskStore, spans: readonly Span[], { scan: limit, sbc }: Reading): Promise<{ tally: Tally; full: boolean }> {
  const reports: CallReport[] = [];
  for (const [a, b] of spans) {
    if (b <= a) {
      continue;
    }
    const left = limit + 1 - reports.length;
    reports.push(...(await store.list({ sbc, since: a, until: b - 1, limit: left })));
    if (reports.length > limit) {
      return { tally: tallyReports(reports), full: true };
    }
  }
  return { tally: tallyReports(reports), full: false };
}

/** One hour cut by the range: its counters, the part inside the range and the rest of the hour. */
interface EdgeHour {
  counters: Tally;
  inside: Span;
  outside: Span[];
}

/** The edge span's calls: read the shorter side first, the other one when it holds too many. */
async function countEdge(store: AskStore, edge: EdgeHour, reading: Reading): Promise<{ tally: Tally; short: number }> {
  if (edge.counters.calls === 0) {
    return { tally: emptyTally(), short: 0 };
  }
  const insideFirst = expectedMs([edge.inside], reading.now) <= expectedMs(edge.outside, reading.now);
  const readInside = (): Promise<{ tally: Tally; full: boolean }> => readSpans(store, [edge.inside], reading);
  const readOutside = (): Promise<{ tally: Tally; full: boolean }> => readSpans(store, edge.outside, reading);
  const first = await (insideFirst ? readInside() : readOutside());
  const second = first.full ? await (insideFirst ? readOutside() : readInside()) : null;
  const inside = insideFirst ? first : second;
  const outside = insideFirst ? second : first;
  if (inside && !inside.full) {
    return { tally: inside.tally, short: 0 };
  }
  const fromCounters = emptyTally();
  addTally(fromCounters, edge.counters);
  if (outside && !outside.full) {
    addTally(fromCounters, outside.tally, -1);
    return { tally: fromCounters, short: 0 };
  }
  // both sides hold more than can be read: count what was read of the inside
  const readIn = inside?.tally ?? emptyTally();
  const readOut = outside?.tally.calls ?? 0;
  return { tally: readIn, short: Math.max(0, edge.counters.calls - readOut - readIn.calls) };
}

function result(t: Tally, short: number | null): RangeCount {
  return { calls: t.calls, answered: t.answered, failed: t.failed, causes: [...t.causes.values()].filter((c) => c.calls > 0), short };
}

export interface RangeOptions {
  /** calls read per side of an edge hour's cut (default EDGE_SCAN) */
  scan?: number;
  /** count only this SBC's calls */
  sbc?: string;
  /** the present (UTC ms): the part of an edge hour after it is taken to hold no calls when choosing the side to read first */
  now?: number;
}

/**
 * Counts the calls whose time is in [since, until] (UTC ms, both inclusive), of every SBC or of
 * `sbc`, reading at most `scan` calls per side of a cut.
 */
export async function countRange(store: AskStore, since: number, until: number, opts: RangeOptions = {}): Promise<RangeCount> {
  const reading: Reading = { scan: opts.scan ?? EDGE_SCAN, sbc: opts.sbc, now: opts.now };
  const end = until + 1;
  const src = counterSource(store);
  if (!src) {
    const { tally, full } = await readSpans(store, [[since, end]], reading);
    return result(tally, full ? null : 0);
  }
  const firstHour = Math.floor(since / HOUR_MS) * HOUR_MS;
  /** hour start → its counters over the SBCs counted */
  const hours = new Map<number, Tally>();
  for (const sbc of opts.sbc === undefined ? await src.listSbcs() : [opts.sbc]) {
    for (const p of await src.hourlyCounters(sbc, firstHour, end)) {
      const t = hours.get(p.start) ?? emptyTally();
      addTally(t, {
        calls: p.counters.calls,
        answered: p.counters.answered,
        failed: p.counters.failed,
        causes: new Map(p.counters.causes.map((c) => [`${c.category}/${c.owner}`, c])),
      });
      hours.set(p.start, t);
    }
  }
  const total = emptyTally();
  let short = 0;
  for (const [h, counters] of [...hours].sort((a, b) => a[0] - b[0])) {
    const a = Math.max(h, since);
    const b = Math.min(h + HOUR_MS, end);
    if (a === h && b === h + HOUR_MS) {
      addTally(total, counters);
      continue;
    }
    const edge = await countEdge(store, { counters, inside: [a, b], outside: [[h, a], [b, h + HOUR_MS]] }, reading);
    addTally(total, edge.tally);
    short += edge.short;
  }
  return result(total, short);
}
