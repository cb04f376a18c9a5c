/**
 * The daily digest's content, per SBC, from counts the caller read: calls, answered ratio, NER,
 * average duration, the top failure causes with owners and one example each, categories that are
 * new against the week before, the same figures for the same day last week, peers' OPTIONS uptime
 * and calls/failures per hour. Pure.
 */
import type { PeerHealth } from '../calls/call';
import { NORMAL_CATEGORIES, type Category, type Owner } from '../diagnosis/verdict';
import { sumCounts, type StatCounts } from './counts';
import { figuresOf, type Figures } from './figures';

export const TOP_CAUSES = 5;

export interface DigestExample {
  id: string;
  summary: string;
  time: string | null;
  /** the owner of this example's verdict: a cause shows an example only of its own owner */
  owner?: Owner;
}

export interface DigestCause {
  category: Category;
  owner: Owner;
  calls: number;
  example: DigestExample | null;
}

export interface DigestPeer {
  remote: string;
  name?: string;
  status: PeerHealth['status'];
  /** share of the SBC's OPTIONS answered with a 2xx during the day, null when none were sent */
  uptime: number | null;
  sent: number;
  /** true when the figures are since tracking began, not for the day alone */
  cumulative: boolean;
}

export interface HourBar {
  /** local hour label, `00`…`23` (a DST day has 23 or 25) */
  label: string;
  calls: number;
  failures: number;
}

export interface DigestSbc {
  sbc: string;
  figures: Figures;
  lastWeek: Figures | null;
  causes: DigestCause[];
  newCategories: Category[];
  peers: DigestPeer[];
  hours: HourBar[];
  /** e.g. too little traffic for a spike baseline */
  note: string | null;
}

export interface Digest {
  date: string;
  tz: string;
  sbcs: DigestSbc[];
  totals: Figures;
  /** set when there is nothing to report */
  note: string | null;
}

export interface DigestSbcInput {
  sbc: string;
  /** the day's hours: label and counts */
  hours: ReadonlyArray<{ label: string; counts: StatCounts }>;
  /** the same day last week, summed (null when not kept any more) */
  lastWeek: StatCounts | null;
  /** the 7 days before, summed: for new categories */
  weekBefore: StatCounts | null;
  examples: Partial<Record<Category, DigestExample>>;
  peers: DigestPeer[];
  /** fewest calls in a window before a spike can alert (SIPSLEUTH_ALERT_MIN_CALLS) */
  minCalls: number;
}

/** Failures that are not normal outcomes (what the top causes list). */
export function isFault(cat: Category): boolean {
  return cat !== 'in-progress' && !NORMAL_CATEGORIES.includes(cat);
}

function faultCount(c: StatCounts): number {
  let n = 0;
  for (const [cat, v] of Object.entries(c.byCategory) as Array<[Category, number]>) {
    if (isFault(cat)) {
      n += v;
    }
  }
  return n;
}

function baselineNote(i: DigestSbcInput): string | null {
  const busiest = i.hours.reduce((m, h) => Math.max(m, h.counts.calls), 0);
  if (busiest === 0 || busiest >= i.minCalls) {
    return null;
  }
  return `too little traffic for a spike baseline: at most ${busiest} call(s) in an hour, spike alerts need ${i.minCalls} in a window`;
}

/** The category's example when it belongs to this owner (a 403 of the carrier is no example of the SBC's). */
function exampleFor(ex: DigestExample | undefined, owner: Owner): DigestExample | null {
  return ex && (ex.owner === undefined || ex.owner === owner) ? ex : null;
}

export function digestSbc(i: DigestSbcInput): DigestSbc {
  const day = sumCounts(i.hours.map((h) => h.counts));
  const causes: DigestCause[] = day.causes
    .filter((c) => isFault(c.category))
    .slice(0, TOP_CAUSES)
    .map((c) => ({ ...c, example: exampleFor(i.examples[c.category], c.owner) }));
  const newCategories: Category[] = [];
  if (i.weekBefore && i.weekBefore.calls > 0) {
    for (const cat of Object.keys(day.byCategory) as Category[]) {
      if (isFault(cat) && (i.weekBefore.byCategory[cat] ?? 0) === 0) {
        newCategories.push(cat);
      }
    }
  }
  return {
    sbc: i.sbc,
    figures: figuresOf(day),
    lastWeek: i.lastWeek && i.lastWeek.calls > 0 ? figuresOf(i.lastWeek) : null,
    causes,
    newCategories: newCategories.sort(),
    peers: i.peers,
    hours: i.hours.map((h) => ({ label: h.label, calls: h.counts.calls, failures: faultCount(h.counts) })),
    note: baselineNote(i),
  };
}

export function buildDigest(date: string, tz: string, sbcs: DigestSbcInput[]): Digest {
  const parts = sbcs.map(digestSbc);
  const active = parts.filter((p) => p.figures.calls > 0 || p.peers.length > 0);
  const totals = figuresOf(sumCounts(sbcs.flatMap((s) => s.hours.map((h) => h.counts))));
  return {
    date,
    tz,
    sbcs: active,
    totals,
    note: totals.calls === 0 ? `No calls were logged on ${date} (${tz}).` : null,
  };
}

/** Calls and failures per hour over every SBC, for the chart. */
export function totalHours(d: Digest): HourBar[] {
  const out: HourBar[] = [];
  for (const s of d.sbcs) {
    s.hours.forEach((h, i) => {
      const cur = out[i];
      if (cur) {
        cur.calls += h.calls;
        cur.failures += h.failures;
      } else {
        out[i] = { ...h };
      }
    });
  }
  return out;
}
