/**
 * One Teams activity to one reply: who may ask, the per-user rate limit, `subscribe` /
 * `unsubscribe`, button presses (`value` = CardAction), questions to `src/ask`, masking outside
 * personal chats, and the Adaptive Card. Unexpected errors are logged and become an apology.
 */
import { CardFactory, TurnContext, type Activity, type ConversationReference } from 'botbuilder';
import { answer, cleanQuestionText, headline, parseQuestion, type AskStore, type Question } from '../../src/ask';
import { RateLimiter } from '../../src/ask/rate-limit';
import type { Logger } from '../../src/log/logger';
import { checkTeamsAccess, TEAMS_REFUSAL, type TeamsAccessPolicy, type TeamsWhere } from './access';
import { noticeCard, renderTeams, type AdaptiveCard, type CardAction } from './render';
import type { SubscriptionStore } from './subscriptions';

export interface TeamsHandlerOptions {
  store: AskStore;
  tz: string;
  logger: Logger;
  access: TeamsAccessPolicy;
  maskNumbers: boolean;
  rateLimitPerMin: number;
  subscriptions: SubscriptionStore | null;
  clock: () => number;
}

export const TEAMS_RATE_LIMITED = "You're asking faster than I can look things up. Please wait a minute and ask again.";
export const TEAMS_FAILED = 'Sorry, something went wrong on my side while answering. It has been logged; please try again.';

interface ChannelData {
  tenant?: { id?: string };
  team?: { id?: string };
  channel?: { id?: string };
}

export function whereOf(a: Activity): TeamsWhere {
  const cd = (a.channelData ?? {}) as ChannelData;
  return {
    tenantId: a.conversation?.tenantId ?? cd.tenant?.id ?? null,
    teamId: cd.team?.id ?? null,
    channelId: cd.channel?.id ?? null,
    conversationType: a.conversation?.conversationType ?? null,
  };
}

function cardAction(value: unknown): CardAction | null {
  if (value === null || typeof value !== 'object') {
    return null;
  }
  const v = value as Record<string, unknown>;
  if ((v.sipsleuth === 'ladder' || v.sipsleuth === 'raw' || v.sipsleuth === 'why') && typeof v.ref === 'string' && v.ref !== '') {
    return { sipsleuth: v.sipsleuth, ref: v.ref };
  }
  return null;
}

/**
 * The reference alerts are sent to: the conversation without the thread (`;messageid=…`), so that
 * each alert starts its own post in the channel and one channel is subscribed once.
 */
export function subscriptionReference(a: Activity): Partial<ConversationReference> {
  const ref = TurnContext.getConversationReference(a);
  const id = ref.conversation?.id ?? '';
  const cut = id.indexOf(';messageid=');
  const conversation = ref.conversation ? { ...ref.conversation, id: cut >= 0 ? id.slice(0, cut) : id } : undefined;
  const { activityId: _thread, ...rest } = ref;
  return { ...rest, ...(conversation ? { conversation } : {}) };
}

export class TeamsTurnHandler {
  private readonly limiter: RateLimiter;

  constructor(private readonly o: TeamsHandlerOptions) {
    this.limiter = new RateLimiter(o.rateLimitPerMin);
  }

  async onTurn(ctx: TurnContext): Promise<void> {
    const a = ctx.activity;
    if (a.type === 'conversationUpdate') {
      await this.welcome(ctx);
      return;
    }
    if (a.type !== 'message') {
      return;
    }
    const where = whereOf(a);
    const user = a.from?.aadObjectId ?? a.from?.id ?? 'unknown';
    const log = { user, conversation: a.conversation?.id, type: where.conversationType };
    const access = checkTeamsAccess(this.o.access, where);
    if (!access.ok) {
      this.o.logger.warn({ ...log, tenant: where.tenantId, team: where.teamId, channel: where.channelId, why: access.why }, 'teams question refused');
      await this.send(ctx, noticeCard(TEAMS_REFUSAL[access.why]), TEAMS_REFUSAL[access.why]);
      return;
    }
    if (!this.limiter.allow(`teams:${user}`, this.o.clock())) {
      this.o.logger.warn(log, 'teams question rate-limited');
      await this.send(ctx, noticeCard(TEAMS_RATE_LIMITED), TEAMS_RATE_LIMITED);
      return;
    }
    try {
      const action = cardAction(a.value);
      const text = cleanQuestionText(a.text ?? '');
      const word = text.toLowerCase().replace(/[.!?]+$/, '').trim();
      if (!action && (word === 'subscribe' || word === 'unsubscribe')) {
        await this.subscription(ctx, word, log);
        return;
      }
      const q: Question = action ? { kind: action.sipsleuth, ref: action.ref } : parseQuestion(text);
      const mask = this.o.maskNumbers && where.conversationType !== 'personal';
      const ans = await answer(q, { store: this.o.store, now: this.o.clock(), tz: this.o.tz, maskNumbers: mask });
      this.o.logger.info({ ...log, question: q.kind, answer: ans.kind }, 'teams question answered');
      await this.send(ctx, renderTeams(ans, { tz: this.o.tz }), headline(ans));
    } catch (e) {
      this.o.logger.error({ ...log, err: e instanceof Error ? (e.stack ?? e.message) : String(e) }, 'teams answer failed');
      await this.send(ctx, noticeCard(TEAMS_FAILED), TEAMS_FAILED);
    }
  }

  /** When the bot is added to a chat or a team: what it understands. */
  private async welcome(ctx: TurnContext): Promise<void> {
    const a = ctx.activity;
    const botAdded = (a.membersAdded ?? []).some((m) => m.id === a.recipient?.id);
    if (!botAdded || !checkTeamsAccess(this.o.access, whereOf(a)).ok) {
      return;
    }
    const help = await answer({ kind: 'help' }, { store: this.o.store, now: this.o.clock(), tz: this.o.tz });
    await this.send(ctx, renderTeams(help, { tz: this.o.tz }), 'Hi, I am sipsleuth: ask me why a call failed.');
  }

  private async subscription(ctx: TurnContext, word: 'subscribe' | 'unsubscribe', log: Record<string, unknown>): Promise<void> {
    if (!this.o.subscriptions) {
      await this.send(ctx, noticeCard('Subscriptions need the sipsleuth service (Redis); they are not available here.'), 'Subscriptions are not available.');
      return;
    }
    const ref = subscriptionReference(ctx.activity);
    let msg: string;
    if (word === 'subscribe') {
      await this.o.subscriptions.add(ref);
      msg = 'Subscribed: alerts and the daily digest will be posted here. Say "unsubscribe" to stop.';
    } else {
      const was = await this.o.subscriptions.remove(ref.conversation?.id ?? '');
      msg = was ? 'Unsubscribed: no more alerts or digests here.' : 'This conversation was not subscribed.';
    }
    this.o.logger.info({ ...log, action: word }, 'teams subscription changed');
    await this.send(ctx, noticeCard(msg), msg);
  }

  private async send(ctx: TurnContext, card: AdaptiveCard, text: string): Promise<void> {
    await ctx.sendActivity({ type: 'message', text, attachments: [CardFactory.adaptiveCard(card)] });
  }
}
