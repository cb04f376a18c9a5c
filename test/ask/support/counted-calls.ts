/** Small stored calls of a given kind for the counting tests (top failures, status), and a store without counters. */
import type { Category, Outcome, Owner } from '../../../src/diagnosis/verdict';
import type { CallStore, StoredCall } from '../../../src/store/call-store';
import { makeCall } from '../../store/call-fixtures';

export interface Kind {
  outcome: Outcome;
  category: Category;
  owner: Owner;
}

/** A call of `kind` at `start` (UTC ms) on `sbc`, without SIP messages. */
export function kindCall(id: string, start: number, kind: Kind, sbc = '198.51.100.10'): StoredCall {
  return makeCall({ id, callIds: [`${id}@h`], start, sbc, messagesPerLeg: 0, ...kind });
}

/** `store` seen through the CallStore interface only: no counters, no SBC list. */
export function withoutCounters(store: CallStore): CallStore {
  return {
    put: (c) => store.put(c),
    get: (id) => store.get(id),
    find: (ref, limit) => store.find(ref, limit),
    list: (q) => store.list(q),
    health: () => store.health(),
    putHealth: (p) => store.putHealth(p),
  };
}
