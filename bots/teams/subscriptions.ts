/**
 * Teams conversations that asked for alerts and the digest (`subscribe` in a channel): their
 * conversation references, kept in Redis so that any process can post to them later.
 *
 *   P:teams:subs   HASH  conversation id → ConversationReference JSON
 *
 * `sendToSubscribers` posts one card to each with `continueConversationAsync`; a conversation
 * that fails (bot removed, Teams down) is counted and logged, the others still get it.
 */
import type Redis from 'ioredis';
import { CardFactory, type CloudAdapter, type ConversationReference } from 'botbuilder';
import { StoreUnavailableError } from '../../src/errors';
import type { Logger } from '../../src/log/logger';
import type { AdaptiveCard } from './render';

export interface SubscriptionStore {
  add(ref: Partial<ConversationReference>): Promise<void>;
  /** true when the conversation was subscribed */
  remove(conversationId: string): Promise<boolean>;
  list(): Promise<Array<Partial<ConversationReference>>>;
}

export class RedisSubscriptionStore implements SubscriptionStore {
  private readonly key: string;
  constructor(
    private readonly redis: Redis,
    prefix: string,
  ) {
    this.key = `${prefix}:teams:subs`;
  }

  async add(ref: Partial<ConversationReference>): Promise<void> {
    const id = ref.conversation?.id;
    if (!id) {
      throw new Error('a conversation reference without a conversation id cannot be subscribed');
    }
    await this.guard(() => this.redis.hset(this.key, id, JSON.stringify(ref)));
  }

  async remove(conversationId: string): Promise<boolean> {
    return (await this.guard(() => this.redis.hdel(this.key, conversationId))) > 0;
  }

  async list(): Promise<Array<Partial<ConversationReference>>> {
    const all = await this.guard(() => this.redis.hgetall(this.key));
    const out: Array<Partial<ConversationReference>> = [];
    for (const raw of Object.values(all)) {
      try {
        out.push(JSON.parse(raw) as Partial<ConversationReference>);
      } catch {
        // a damaged entry is skipped; the others are still served
      }
    }
    return out;
  }

  private async guard<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (e) {
      throw new StoreUnavailableError(`Redis teams subscriptions: ${e instanceof Error ? e.message : String(e)}`, e);
    }
  }
}

export interface SendResult {
  sent: number;
  failed: number;
}

/** Posts `card` (with `text` as the notification) to every subscribed conversation. */
export async function sendToSubscribers(
  adapter: CloudAdapter,
  appId: string,
  subscriptions: SubscriptionStore,
  message: { card: AdaptiveCard; text: string },
  logger: Logger,
): Promise<SendResult> {
  const result: SendResult = { sent: 0, failed: 0 };
  for (const ref of await subscriptions.list()) {
    try {
      await adapter.continueConversationAsync(appId, ref, async (ctx) => {
        // a new post in the conversation, not a reply to the continuation's made-up activity id
        ctx.onSendActivities(async (_c, activities, next) => {
          for (const a of activities) {
            delete a.replyToId;
          }
          return next();
        });
        await ctx.sendActivity({ type: 'message', text: message.text, attachments: [CardFactory.adaptiveCard(message.card)] });
      });
      result.sent += 1;
    } catch (e) {
      result.failed += 1;
      logger.warn({ conversation: ref.conversation?.id, err: String(e) }, 'teams message to a subscribed conversation failed');
    }
  }
  return result;
}
