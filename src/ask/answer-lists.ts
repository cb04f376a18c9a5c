/** Lists of calls: `calls from|to <number> [when]` and `failed calls [on <sbc>] [when]`. */
import type { CallQuery } from '../store/call-store';
import type { CallListAnswer, NotFoundAnswer } from './answer-types';
import { summarize } from './call-summary';
import type { Question } from './question';
import { knownSbcs, matchSbc, type AskStore } from './store-access';
import { rangeOf } from './time-range';

/** Calls listed in one answer. */
export const LIST_LIMIT = 15;

interface Ctx {
  store: AskStore;
  now: number;
  tz: string;
}

async function listed(ctx: Ctx, q: CallQuery, title: string): Promise<CallListAnswer> {
  const reports = await ctx.store.list({ ...q, limit: LIST_LIMIT + 1 });
  return { kind: 'calls', title, calls: reports.slice(0, LIST_LIMIT).map(summarize), more: reports.length > LIST_LIMIT };
}

export async function answerCalls(ctx: Ctx, q: Extract<Question, { kind: 'calls' }>): Promise<CallListAnswer> {
  const range = q.when ? rangeOf(q.when, ctx.now, ctx.tz) : null;
  const sideText = q.side === 'from' ? 'from' : q.side === 'to' ? 'to' : 'with';
  return listed(
    ctx,
    { number: q.number, side: q.side, since: range?.since, until: range?.until },
    `Calls ${sideText} ${q.number}${range ? ` ${range.label}` : ''}`,
  );
}

export async function answerFailed(ctx: Ctx, q: Extract<Question, { kind: 'failed' }>): Promise<CallListAnswer | NotFoundAnswer> {
  const range = q.when ? rangeOf(q.when, ctx.now, ctx.tz) : null;
  let sbc: string | undefined;
  if (q.sbc !== null) {
    const sbcs = await knownSbcs(ctx.store);
    const m = matchSbc(q.sbc, sbcs);
    if (m === null) {
      return {
        kind: 'not-found',
        what: 'sbc',
        ref: q.sbc,
        message: `No SBC called "${q.sbc}" has stored calls.`,
        suggestions: sbcs.length > 0 ? sbcs.slice(0, 10).map((s) => `failed calls on ${s}`) : ['status'],
      };
    }
    sbc = m;
  }
  return listed(
    ctx,
    { failedOnly: true, sbc, since: range?.since, until: range?.until },
    `Failed calls${sbc ? ` on ${sbc}` : ''}${range ? ` ${range.label}` : ''}`,
  );
}
