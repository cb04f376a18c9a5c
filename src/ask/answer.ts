/**
 * The bots' brain: a question in, a structured answer out. Pure apart from the injected store;
 * the clock comes in as `now`. A store that is down gives a friendly `error` answer; nothing
 * else is turned into an answer (a programming error still throws, for the caller to log).
 */
import { StoreUnavailableError } from '../errors';
import { explainSip, renderExplanation } from '../sip/explain';
import { answerLadder, answerRaw, answerWhy } from './answer-call';
import { answerCalls, answerFailed } from './answer-lists';
import { answerStatus } from './answer-status';
import { answerTop } from './answer-top';
import type { Answer } from './answer-types';
import { helpAnswer } from './help';
import { maskAnswer } from './mask';
import { parseQuestion, type Question } from './question';
import type { AskStore } from './store-access';

export interface AskDeps {
  /** any CallStore; its per-SBC counters are used when it has them */
  store: AskStore;
  /** UTC ms */
  now: number;
  /** IANA zone of the asker (for `today`, `since 09:00`, and shown times) */
  tz: string;
  /** hide the last digits of phone numbers (answers in channels) */
  maskNumbers?: boolean;
}

function answerExplain(sip: string): Answer {
  if (sip.trim() === '') {
    return {
      kind: 'not-found',
      what: 'sip',
      ref: '',
      message: 'Paste a SIP message after "explain" (the request or status line and its headers).',
      suggestions: ['explain INVITE sip:+49305550101@sbc.example.com SIP/2.0 …'],
    };
  }
  const e = explainSip(sip);
  if (!e.ok) {
    return {
      kind: 'not-found',
      what: 'sip',
      ref: sip.slice(0, 80),
      message: `That does not look like a SIP message: ${e.why}.`,
      suggestions: ['paste the whole message, starting with its first line (e.g. "SIP/2.0 486 Busy Here" or "INVITE sip:… SIP/2.0")'],
    };
  }
  return { kind: 'explanation', explanation: e, text: renderExplanation(e) };
}

async function answerQuestion(q: Question, deps: AskDeps): Promise<Answer> {
  const { store, now, tz } = deps;
  switch (q.kind) {
    case 'why':
      return answerWhy(store, q.ref);
    case 'ladder':
      return answerLadder(store, q.ref);
    case 'raw':
      return answerRaw(store, q.ref);
    case 'calls':
      return answerCalls({ store, now, tz }, q);
    case 'failed':
      return answerFailed({ store, now, tz }, q);
    case 'status':
      return answerStatus(store, now, q.sbc);
    case 'top':
      return answerTop(store, q.when, now, tz);
    case 'explain':
      return answerExplain(q.sip);
    case 'help':
      return helpAnswer('asked');
    case 'unknown':
      return helpAnswer('not-understood', q.text);
  }
}

/** Answers a parsed question. */
export async function answer(q: Question, deps: AskDeps): Promise<Answer> {
  let a: Answer;
  try {
    a = await answerQuestion(q, deps);
  } catch (e) {
    if (e instanceof StoreUnavailableError) {
      a = {
        kind: 'error',
        reason: 'store-unavailable',
        message: "The call store is unavailable right now, so I can't look calls up. Please try again in a minute; if it persists, check that sipsleuth's Redis is running.",
      };
    } else {
      throw e;
    }
  }
  return deps.maskNumbers ? maskAnswer(a) : a;
}

/** Reads and answers a question in one go. */
export async function ask(text: string, deps: AskDeps): Promise<Answer> {
  return answer(parseQuestion(text), deps);
}
