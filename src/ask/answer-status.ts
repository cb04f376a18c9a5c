/** `status` / `how are the trunks`: per SBC, calls and failures in the last hour; peers' OPTIONS health. */
import { NORMAL_CATEGORIES } from '../diagnosis/verdict';
import type { NotFoundAnswer, PeerStatus, SbcStatus, StatusAnswer } from './answer-types';
import { isoMs } from './call-summary';
import { knownSbcs, matchSbc, type AskStore } from './store-access';

export const STATUS_WINDOW_MS = 3_600_000;
/** calls counted per SBC for one status answer */
const STATUS_SCAN = 5000;

async function sbcStatus(store: AskStore, sbc: string, since: number, now: number): Promise<SbcStatus> {
  const recent = await store.list({ sbc, since, until: now, limit: STATUS_SCAN });
  const newest = recent[0] ?? (await store.list({ sbc, limit: 1 }))[0];
  let failed = 0;
  let answered = 0;
  let faults = 0;
  for (const r of recent) {
    if (r.outcome === 'failed') {
      failed += 1;
      if (!NORMAL_CATEGORIES.includes(r.category)) {
        faults += 1;
      }
    } else if (r.outcome === 'answered') {
      answered += 1;
    }
  }
  return {
    sbc,
    calls: recent.length,
    failed,
    answered,
    faults,
    lastCall: newest ? (isoMs(newest.start) ?? isoMs(newest.end)) : null,
  };
}

/** Status of every SBC, or of the one named `only` (exact name or a unique part of it). */
export async function answerStatus(store: AskStore, now: number, only?: string): Promise<StatusAnswer | NotFoundAnswer> {
  const since = now - STATUS_WINDOW_MS;
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
  for (const sbc of sbcNames) {
    sbcs.push(await sbcStatus(store, sbc, since, now));
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
