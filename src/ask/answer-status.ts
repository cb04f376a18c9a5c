/**
 * `status` / `how are the trunks`: per SBC, calls and failures in the last hour; peers' OPTIONS health.
 *
 * The counts are exact, however busy the SBC: calls, answered and failed by range-count.ts (the
 * SBC's hour counters, its own calls at the hours' edges). Faults (failures that are not a normal
 * outcome) are not in the counters: they are counted from the hour's failed calls, read once for
 * every SBC by the failed-call index, and read again for one SBC by its own index only when other
 * SBCs' failures filled that read. When a count cannot be exact (more calls than are read for one
 * answer), the SBC's status carries `uncounted` with how many calls each count may miss at most.
 */
import { NORMAL_CATEGORIES } from '../diagnosis/verdict';
import type { NotFoundAnswer, PeerStatus, SbcStatus, StatusAnswer } from './answer-types';
import { isoMs } from './call-summary';
import { countRange, EDGE_SCAN } from './range-count';
import { knownSbcs, matchSbc, type AskStore } from './store-access';

export const STATUS_WINDOW_MS = 3_600_000;

export interface StatusOptions {
  /** calls read per side of an hour's cut, and failed calls read at once (default EDGE_SCAN) */
  scan?: number;
}

interface Failures {
  failed: number;
  faults: number;
}

/** Failed calls read, per SBC; `complete` when they were all the query's failed calls. */
interface FailedRead {
  bySbc: Map<string, Failures>;
  complete: boolean;
}

interface Window {
  since: number;
  until: number;
  scan: number;
}

async function readFailed(store: AskStore, w: Window, sbc?: string): Promise<FailedRead> {
  const reports = await store.list({ sbc, failedOnly: true, since: w.since, until: w.until, limit: w.scan + 1 });
  const bySbc = new Map<string, Failures>();
  for (const r of reports) {
    const f = bySbc.get(r.sbc) ?? { failed: 0, faults: 0 };
    f.failed += 1;
    if (!NORMAL_CATEGORIES.includes(r.category)) {
      f.faults += 1;
    }
    bySbc.set(r.sbc, f);
  }
  return { bySbc, complete: reports.length <= w.scan };
}

async function newestCall(store: AskStore, sbc: string, w: Window): Promise<number | null> {
  const newest = (await store.list({ sbc, since: w.since, until: w.until, limit: 1 }))[0] ?? (await store.list({ sbc, limit: 1 }))[0];
  return newest ? (isoMs(newest.start) ?? isoMs(newest.end)) : null;
}

async function sbcStatus(store: AskStore, sbc: string, w: Window, shared: FailedRead): Promise<SbcStatus> {
  const counted = await countRange(store, w.since, w.until, { sbc, scan: w.scan, now: w.until });
  let read = shared.bySbc.get(sbc) ?? { failed: 0, faults: 0 };
  // every failed call of this SBC was read when the read held them all, or as many as it failed
  let complete = shared.complete || (counted.short === 0 && read.failed >= counted.failed);
  if (!complete) {
    const own = await readFailed(store, w, sbc);
    read = own.bySbc.get(sbc) ?? { failed: 0, faults: 0 };
    complete = own.complete;
  }
  // failed calls not read: at most the failures counted (and those the count may miss) less those read
  const faultsShort = complete ? 0 : counted.short === null ? null : Math.max(0, counted.failed + counted.short - read.failed);
  const atMost = counted.short === null || faultsShort === null ? null : Math.max(counted.short, faultsShort);
  return {
    sbc,
    calls: counted.calls,
    failed: counted.failed,
    answered: counted.answered,
    faults: read.faults,
    lastCall: await newestCall(store, sbc, w),
    ...(atMost === 0 ? {} : { uncounted: { atMost } }),
  };
}

/** Status of every SBC, or of the one named `only` (exact name or a unique part of it). */
export async function answerStatus(store: AskStore, now: number, only?: string, opts: StatusOptions = {}): Promise<StatusAnswer | NotFoundAnswer> {
  const since = now - STATUS_WINDOW_MS;
  const w: Window = { since, until: now, scan: opts.scan ?? EDGE_SCAN };
  const [allSbcs, allHealth] = await Promise.all([knownSbcs(store), store.health()]);
  let sbcNames = allSbcs;
  let health = allHealth;
  if (only !== undefined) {
    const m = matchSbc(only, [...new Set([...allSbcs, ...allHealth.map((p) => p.device)])].sort());
    if (m === null) {
      return {
        kind: 'not-found',
        what: 'sbc',
        ref: only,
        message: `No SBC called "${only}" is known.`,
        suggestions: allSbcs.length > 0 ? allSbcs.slice(0, 10).map((s) => `status of ${s}`) : ['status'],
      };
    }
    sbcNames = allSbcs.filter((s) => s === m);
    health = allHealth.filter((p) => p.device === m);
  }
  const sbcs: SbcStatus[] = [];
  if (sbcNames.length > 0) {
    const failed = await readFailed(store, w);
    for (const sbc of sbcNames) {
      sbcs.push(await sbcStatus(store, sbc, w, failed));
    }
  }
  const peers: PeerStatus[] = health
    .map((p) => ({
      device: p.device,
      remote: p.remote,
      name: p.name ?? null,
      status: p.status,
      optionsSent: p.optionsSent,
      optionsAnswered: p.optionsAnswered,
      lastAnswer: p.lastAnswer,
      lastStatus: p.lastStatus,
    }))
    .sort((a, b) => a.device.localeCompare(b.device) || a.remote.localeCompare(b.remote));
  return { kind: 'status', since, until: now, sbcs, peers };
}
