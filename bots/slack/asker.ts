/**
 * One question from Slack to one reply: who may ask, the per-user rate limit, the answer from
 * `src/ask`, masking in channels, and the Block Kit rendering. Never throws: an unexpected error
 * is logged and becomes a short apology.
 */
import { answer, type AskStore } from '../../src/ask';
import type { Question } from '../../src/ask/question';
import { parseQuestion } from '../../src/ask/question';
import { RateLimiter } from '../../src/ask/rate-limit';
import type { Logger } from '../../src/log/logger';
import { checkSlackAccess, REFUSAL, type SlackAccessPolicy } from './access';
import { noticeReply, renderSlack, type SlackReply } from './render';

export interface AskContext {
  user: string;
  channel: string | null;
  isDm: boolean;
  /** how it came in, for the logs */
  via: 'command' | 'mention' | 'dm' | 'button' | 'home';
}

export interface SlackAskerOptions {
  store: AskStore;
  tz: string;
  logger: Logger;
  access: SlackAccessPolicy;
  maskNumbers: boolean;
  rateLimitPerMin: number;
  clock: () => number;
}

export const RATE_LIMITED = "You're asking faster than I can look things up. Please wait a minute and ask again.";
export const FAILED = 'Sorry, something went wrong on my side while answering. It has been logged; please try again.';

export class SlackAsker {
  private readonly limiter: RateLimiter;

  constructor(private readonly o: SlackAskerOptions) {
    this.limiter = new RateLimiter(o.rateLimitPerMin);
  }

  /** null when the user may ask; otherwise the refusal to send. */
  refusal(ctx: AskContext): SlackReply | null {
    const access = checkSlackAccess(this.o.access, ctx.user, ctx.channel, ctx.isDm);
    if (!access.ok) {
      this.o.logger.warn({ user: ctx.user, channel: ctx.channel, via: ctx.via, why: access.why }, 'slack question refused');
      return noticeReply(REFUSAL[access.why]);
    }
    if (!this.limiter.allow(`slack:${ctx.user}`, this.o.clock())) {
      this.o.logger.warn({ user: ctx.user, via: ctx.via }, 'slack question rate-limited');
      return noticeReply(RATE_LIMITED);
    }
    return null;
  }

  async replyTo(text: string, ctx: AskContext): Promise<SlackReply> {
    return this.reply(parseQuestion(text), ctx);
  }

  async reply(q: Question, ctx: AskContext): Promise<SlackReply> {
    const refused = this.refusal(ctx);
    if (refused) {
      return refused;
    }
    return this.answerOnly(q, ctx);
  }

  /** The answer without the access and rate checks (the caller made them). */
  async answerOnly(q: Question, ctx: AskContext): Promise<SlackReply> {
    try {
      const a = await answer(q, { store: this.o.store, now: this.o.clock(), tz: this.o.tz, maskNumbers: this.o.maskNumbers && !ctx.isDm });
      this.o.logger.info({ user: ctx.user, channel: ctx.channel, via: ctx.via, question: q.kind, answer: a.kind }, 'slack question answered');
      return renderSlack(a, { tz: this.o.tz });
    } catch (e) {
      this.o.logger.error({ user: ctx.user, via: ctx.via, question: q.kind, err: e instanceof Error ? (e.stack ?? e.message) : String(e) }, 'slack answer failed');
      return noticeReply(FAILED);
    }
  }
}
