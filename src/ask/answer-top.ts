/** `top failures [today|this week]`: failure causes with counts, owners and example calls. */
import { NORMAL_CATEGORIES, type CallReport, type Category, type Owner } from '../diagnosis/verdict';
import { HOUR_MS, type CauseCount } from '../store/counters';
import type { FailureCause, TopAnswer } from './answer-types';
import { summarize } from './call-summary';
import { counterSource, type AskStore } from './store-access';
import { rangeOf, type TimeSpec } from './time-range';

/** Categories that are not failures at all. */
const NOT_FAILURES: ReadonlySet<Category> = new Set(['completed', 'in-progress', 'caller-cancelled', 'completed-elsewhere']);
export const TOP_CAUSES = 8;
const EXAMPLES = 2;
/** calls read for examples (and for counting when the store keeps no counters) */
const SCAN = 2000;

interface Counted {
  calls: number;
  failed: number;
  causes: CauseCount[];
}

function countReports(reports: CallReport[]): Counted {
  const byKey = new Map<string, CauseCount>();
  let failed = 0;
  for (const r of reports) {
    if (r.outcome === 'failed') {
      failed += 1;
    }
    const k = `${r.category}/${r.owner}`;
    const c = byKey.get(k) ?? { category: r.category, owner: r.owner, calls: 0 };
    c.calls += 1;
    byKey.set(k, c);
  }
  return { calls: reports.length, failed, causes: [...byKey.values()] };
}

async function countFromCounters(store: AskStore, since: number, until: number): Promise<Counted | null> {
  const src = counterSource(store);
  if (!src) {
    return null;
  }
  const byKey = new Map<string, CauseCount>();
  let calls = 0;
  let failed = 0;
  const fromHour = Math.floor(since / HOUR_MS) * HOUR_MS;
  for (const sbc of await src.listSbcs()) {
    for (const p of await src.hourlyCounters(sbc, fromHour, until + 1)) {
      calls += p.counters.calls;
      failed += p.counters.failed;
      for (const c of p.counters.causes) {
        const k = `${c.category}/${c.owner}`;
        const prev = byKey.get(k);
        byKey.set(k, { category: c.category, owner: c.owner, calls: (prev?.calls ?? 0) + c.calls });
      }
    }
  }
  return { calls, failed, causes: [...byKey.values()] };
}

export async function answerTop(store: AskStore, when: TimeSpec, now: number, tz: string): Promise<TopAnswer> {
  const range = rangeOf(when, now, tz);
  const recent = await store.list({ since: range.since, until: range.until, limit: SCAN });
  const counted = (await countFromCounters(store, range.since, range.until)) ?? countReports(recent);
  const causes: FailureCause[] = counted.causes
    .filter((c) => !NOT_FAILURES.has(c.category) && c.calls > 0)
    .sort((a, b) => b.calls - a.calls || a.category.localeCompare(b.category))
    .slice(0, TOP_CAUSES)
    .map((c) => ({
      category: c.category,
      owner: c.owner as Owner,
      calls: c.calls,
      normal: NORMAL_CATEGORIES.includes(c.category),
      examples: recent
        .filter((r) => r.category === c.category && r.owner === c.owner)
        .slice(0, EXAMPLES)
        .map(summarize),
    }));
  return { kind: 'top', label: range.label, since: range.since, until: range.until, calls: counted.calls, failed: counted.failed, causes };
}
