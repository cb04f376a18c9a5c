/**
 * `top failures [today|this week|last 30 minutes|since 09:00]`: failure causes with counts, owners
 * and example calls. The counts are exactly the range's calls in any zone (range-count.ts: hour
 * counters for the whole hours, the calls themselves for the edges); examples are its newest calls.
 */
import { NORMAL_CATEGORIES, type Category, type Owner } from '../diagnosis/verdict';
import type { FailureCause, TopAnswer } from './answer-types';
import { summarize } from './call-summary';
import { countRange } from './range-count';
import type { AskStore } from './store-access';
import { rangeOf, type TimeSpec } from './time-range';

/** Categories that are not failures at all. */
const NOT_FAILURES: ReadonlySet<Category> = new Set(['completed', 'in-progress', 'caller-cancelled', 'completed-elsewhere']);
export const TOP_CAUSES = 8;
const EXAMPLES = 2;
/** calls read for examples */
const SCAN = 2000;

export async function answerTop(store: AskStore, when: TimeSpec, now: number, tz: string): Promise<TopAnswer> {
  const range = rangeOf(when, now, tz);
  const recent = await store.list({ since: range.since, until: range.until, limit: SCAN });
  const counted = await countRange(store, range.since, range.until, { now });
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
  return {
    kind: 'top',
    label: range.label,
    since: range.since,
    until: range.until,
    calls: counted.calls,
    failed: counted.failed,
    causes,
    ...(counted.short === 0 ? {} : { uncounted: { atMost: counted.short } }),
  };
}
