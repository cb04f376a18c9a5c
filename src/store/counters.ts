/**
 * Per-SBC call counters (per UTC hour and per UTC day) as kept in a Redis hash, and their
 * fields for one call. Pure. Hash fields:
 *
 *   calls            every stored call
 *   o:<outcome>      answered / failed / cancelled / in-progress
 *   c:<category>     by category (normal outcomes included: filter with NORMAL_CATEGORIES)
 *   w:<owner>        by owner
 *   cw:<category>/<owner>
 *   durMs            total duration of the answered calls, ms
 */
import { CATEGORIES, OWNERS, type CallReport, type Category, type Owner } from '../diagnosis/verdict';

export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

export interface CauseCount {
  category: Category;
  owner: Owner;
  calls: number;
}

export interface CallCounters {
  calls: number;
  answered: number;
  failed: number;
  cancelled: number;
  inProgress: number;
  /** total duration of the answered calls, seconds */
  durationSec: number;
  byCategory: Partial<Record<Category, number>>;
  byOwner: Partial<Record<Owner, number>>;
  /** category and owner together, most calls first */
  causes: CauseCount[];
}

/** One hour's or one day's counters; `start` is the UTC ms the period begins. */
export interface PeriodCounters {
  start: number;
  counters: CallCounters;
}

/** The counter fields one call adds, with their increments. */
export function counterFields(report: CallReport): Array<[field: string, n: number]> {
  const out: Array<[string, number]> = [
    ['calls', 1],
    [`o:${report.outcome}`, 1],
    [`c:${report.category}`, 1],
    [`w:${report.owner}`, 1],
    [`cw:${report.category}/${report.owner}`, 1],
  ];
  if (report.outcome === 'answered' && report.durationSec !== null && report.durationSec > 0) {
    out.push(['durMs', Math.round(report.durationSec * 1000)]);
  }
  return out;
}

export function emptyCounters(): CallCounters {
  return {
    calls: 0,
    answered: 0,
    failed: 0,
    cancelled: 0,
    inProgress: 0,
    durationSec: 0,
    byCategory: {},
    byOwner: {},
    causes: [],
  };
}

const CATEGORY_SET: ReadonlySet<string> = new Set(CATEGORIES);
const OWNER_SET: ReadonlySet<string> = new Set(OWNERS);

function isCategory(s: string): s is Category {
  return CATEGORY_SET.has(s);
}
function isOwner(s: string): s is Owner {
  return OWNER_SET.has(s);
}

/** Reads a counters hash (HGETALL); unknown or non-numeric fields are ignored. */
export function parseCounters(hash: Record<string, string>): CallCounters {
  const c = emptyCounters();
  for (const [field, raw] of Object.entries(hash)) {
    const n = Number(raw);
    if (!Number.isFinite(n) || n === 0) {
      continue;
    }
    if (field === 'calls') {
      c.calls = n;
    } else if (field === 'durMs') {
      c.durationSec = n / 1000;
    } else if (field === 'o:answered') {
      c.answered = n;
    } else if (field === 'o:failed') {
      c.failed = n;
    } else if (field === 'o:cancelled') {
      c.cancelled = n;
    } else if (field === 'o:in-progress') {
      c.inProgress = n;
    } else if (field.startsWith('c:')) {
      const cat = field.slice(2);
      if (isCategory(cat)) {
        c.byCategory[cat] = n;
      }
    } else if (field.startsWith('w:')) {
      const owner = field.slice(2);
      if (isOwner(owner)) {
        c.byOwner[owner] = n;
      }
    } else if (field.startsWith('cw:')) {
      const [cat, owner] = field.slice(3).split('/');
      if (cat !== undefined && owner !== undefined && isCategory(cat) && isOwner(owner)) {
        c.causes.push({ category: cat, owner, calls: n });
      }
    }
  }
  c.causes.sort((a, b) => b.calls - a.calls || a.category.localeCompare(b.category) || a.owner.localeCompare(b.owner));
  return c;
}

/** Start (UTC ms) of every period of `size` ms that overlaps [from, to). */
export function periodStarts(from: number, to: number, size: number): number[] {
  const out: number[] = [];
  for (let t = Math.floor(from / size) * size; t < to; t += size) {
    out.push(t);
  }
  return out;
}

/** Per-SBC counters, as the stats and the digest read them (both stores implement it). */
export interface CallCounterSource {
  /** counters of `sbc` for every UTC hour overlapping [fromHour, toHour) (UTC ms), oldest first */
  hourlyCounters(sbc: string, fromHour: number, toHour: number): Promise<PeriodCounters[]>;
  /** counters of `sbc` for every UTC day overlapping [fromDay, toDay) (UTC ms), oldest first */
  dailyCounters(sbc: string, fromDay: number, toDay: number): Promise<PeriodCounters[]>;
  /** every SBC with stored calls, sorted */
  listSbcs(): Promise<string[]>;
}

/** Adds one call's counter fields into a hash of totals (as HINCRBY would). */
export function addCounterFields(hash: Record<string, string>, report: CallReport): void {
  for (const [field, n] of counterFields(report)) {
    hash[field] = String(Number(hash[field] ?? 0) + n);
  }
}
