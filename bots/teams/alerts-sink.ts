/**
 * Alerts and the digest to every subscribed Teams conversation (`subscribe` in a channel), as an
 * AlertSink (src/alerts/sink.ts): a new incident is one card per conversation; updates replace
 * that card (updateActivity); a recovery or a comeback is also said in the card's thread. The
 * digest is a card with the chart as a data URI image.
 *
 * A conversation that fails is logged and counted; the call throws a TeamsDeliveryError only when
 * no conversation got it (then the delivery retries and keeps it), so one broken channel never
 * makes the others get duplicates. A conversation that missed an incident's first card gets it on
 * the next update.
 */
import { CardFactory, type CloudAdapter, type ConversationReference, type TurnContext } from 'botbuilder';
import type { Alert } from '../../src/alerts/alert';
import { alertThreadLine } from '../../src/alerts/alert-text';
import { chartPng } from '../../src/alerts/chart';
import { alertMetrics } from '../../src/alerts/metrics';
import { alertCard, digestCard } from '../../src/alerts/render-card';
import type { AlertSink, SinkRef } from '../../src/alerts/sink';
import { TeamsDeliveryError } from '../../src/errors';
import type { Logger } from '../../src/log/logger';
import { totalHours, type Digest } from '../../src/stats/digest';
import type { SubscriptionStore } from './subscriptions';

export interface TeamsAlertSinkOptions {
  adapter: CloudAdapter;
  appId: string;
  subscriptions: SubscriptionStore;
  /** zone of the times shown */
  tz: string;
  logger: Logger;
}

/** conversation id → the activity id of the incident's card there */
interface TeamsRef extends SinkRef {
  posts: Record<string, string>;
}

function postsOf(ref: SinkRef): Record<string, string> {
  const p = (ref as Partial<TeamsRef>).posts;
  return p && typeof p === 'object' ? p : {};
}

export class TeamsAlertSink implements AlertSink {
  readonly name = 'teams:subscribed';

  constructor(private readonly o: TeamsAlertSinkOptions) {}

  private async inConversation(ref: Partial<ConversationReference>, work: (ctx: TurnContext) => Promise<void>): Promise<void> {
    await this.o.adapter.continueConversationAsync(this.o.appId, ref, async (ctx) => {
      // a new post in the conversation, not a reply to the continuation's made-up activity id
      ctx.onSendActivities(async (_c, activities, next) => {
        for (const a of activities) {
          delete a.replyToId;
        }
        return next();
      });
      await work(ctx);
    });
  }

  private async sendCard(ref: Partial<ConversationReference>, card: Record<string, unknown>, text: string): Promise<string> {
    let id = '';
    await this.inConversation(ref, async (ctx) => {
      const r = await ctx.sendActivity({ type: 'message', text, attachments: [CardFactory.adaptiveCard(card)] });
      id = r?.id ?? '';
    });
    return id;
  }

  private failed(conversation: string | undefined, what: string, err: unknown): void {
    alertMetrics().deliveryFailures.inc({ sink: 'teams', what });
    this.o.logger.error({ conversation, what, err: String(err) }, 'teams delivery to a subscribed conversation failed');
  }

  private check(total: number, ok: number, what: string): void {
    if (total > 0 && ok === 0) {
      throw new TeamsDeliveryError(`${what}: no subscribed Teams conversation could be reached (${total} tried)`);
    }
  }

  async post(alert: Alert): Promise<SinkRef> {
    const posts: Record<string, string> = {};
    const subs = await this.o.subscriptions.list();
    for (const ref of subs) {
      const conv = ref.conversation?.id;
      if (!conv) {
        continue;
      }
      try {
        posts[conv] = await this.sendCard(ref, alertCard(alert, this.o.tz), alert.title);
      } catch (err) {
        this.failed(conv, 'alert', err);
      }
    }
    this.check(subs.length, Object.keys(posts).length, 'alert');
    const out: TeamsRef = { posts };
    return out;
  }

  async update(ref: SinkRef, alert: Alert): Promise<SinkRef | void> {
    const posts = { ...postsOf(ref) };
    const subs = await this.o.subscriptions.list();
    let ok = 0;
    let added = false;
    for (const sub of subs) {
      const conv = sub.conversation?.id;
      if (!conv) {
        continue;
      }
      const card = alertCard(alert, this.o.tz);
      try {
        const activityId = posts[conv];
        if (!activityId) {
          posts[conv] = await this.sendCard(sub, card, alert.title);
          added = true;
        } else {
          await this.inConversation(sub, async (ctx) => {
            await ctx.updateActivity({ id: activityId, type: 'message', text: alert.title, attachments: [CardFactory.adaptiveCard(card)] });
          });
          if (alert.state === 'recovered' || alert.state === 'reopened') {
            const thread: Partial<ConversationReference> = {
              ...sub,
              conversation: { ...(sub.conversation as ConversationReference['conversation']), id: `${conv};messageid=${activityId}` },
            };
            await this.inConversation(thread, async (ctx) => {
              await ctx.sendActivity({ type: 'message', text: alertThreadLine(alert, this.o.tz) });
            });
          }
        }
        ok++;
      } catch (err) {
        this.failed(conv, 'alert', err);
      }
    }
    this.check(subs.length, ok, 'alert update');
    if (added) {
      const out: TeamsRef = { posts };
      return out;
    }
  }

  async postDigest(digest: Digest, png: Buffer | null): Promise<void> {
    // a Teams message holds about 28 KB: the chart goes inline at 480 px (≈ 13 KB)
    const small = png ? chartPng(`Calls and failures per hour · ${digest.date} (${digest.tz})`, totalHours(digest), 480) : null;
    const subs = await this.o.subscriptions.list();
    let ok = 0;
    for (const ref of subs) {
      try {
        await this.sendCard(ref, digestCard(digest, small), `sipsleuth daily digest ${digest.date}`);
        ok++;
      } catch (err) {
        this.failed(ref.conversation?.id, 'digest', err);
      }
    }
    this.check(subs.length, ok, 'digest');
  }
}

/** The sink for a running Teams bot (`createTeamsBot`; null when it keeps no subscriptions). */
export function teamsAlertSinkOf(
  bot: { adapter: CloudAdapter; appId: string; subscriptions: SubscriptionStore | null },
  tz: string,
  logger: Logger,
): TeamsAlertSink | null {
  return bot.subscriptions
    ? new TeamsAlertSink({ adapter: bot.adapter, appId: bot.appId, subscriptions: bot.subscriptions, tz, logger })
    : null;
}
