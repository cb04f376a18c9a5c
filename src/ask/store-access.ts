/** What `src/ask` needs from a store beyond `CallStore`: counters and SBC names when it has them. */
import type { CallStore } from '../store/call-store';
import type { CallCounterSource } from '../store/counters';

export type AskStore = CallStore & Partial<CallCounterSource>;

/** The store's per-SBC counters (both the memory and the Redis store keep them), or null. */
export function counterSource(store: AskStore): CallCounterSource | null {
  if (typeof store.hourlyCounters === 'function' && typeof store.listSbcs === 'function' && typeof store.dailyCounters === 'function') {
    return store as CallCounterSource;
  }
  return null;
}

/** Calls looked at to name the SBCs of a store without counters. */
const SBC_SCAN = 500;

/** Every SBC the store knows, sorted: from its counters, else from recent calls and peers' health. */
export async function knownSbcs(store: AskStore): Promise<string[]> {
  const counters = counterSource(store);
  if (counters) {
    return counters.listSbcs();
  }
  const names = new Set<string>();
  for (const r of await store.list({ limit: SBC_SCAN })) {
    names.add(r.sbc);
  }
  for (const p of await store.health()) {
    names.add(p.device);
  }
  return [...names].sort();
}

/** The SBC a user means by `name`: exact (any case), else the only one containing it. */
export function matchSbc(name: string, sbcs: string[]): string | null {
  const n = name.toLowerCase();
  const exact = sbcs.find((s) => s.toLowerCase() === n);
  if (exact !== undefined) {
    return exact;
  }
  const partial = sbcs.filter((s) => s.toLowerCase().includes(n));
  return partial.length === 1 ? partial[0] : null;
}
