/**
 * Slack re-sends an event it thinks was not handled (header `X-Slack-Retry-Num`). Each event_id
 * is handled once: the first delivery claims it for `ttlSeconds`; later ones are ignored. In Redis
 * (`SET key 1 NX EX`) so that several bot processes agree; in memory for a single process.
 */
import type Redis from 'ioredis';
import type { Logger } from '../../src/log/logger';

export interface EventDedupe {
  /** true the first time an event id is seen within the TTL */
  claim(eventId: string): Promise<boolean>;
}

export const DEDUPE_TTL_SECONDS = 3600;

export class MemoryEventDedupe implements EventDedupe {
  private readonly seen = new Map<string, number>();
  constructor(
    private readonly ttlSeconds = DEDUPE_TTL_SECONDS,
    private readonly clock: () => number = Date.now,
  ) {}

  async claim(eventId: string): Promise<boolean> {
    const now = this.clock();
    for (const [id, until] of this.seen) {
      if (until <= now) {
        this.seen.delete(id);
      }
    }
    if (this.seen.has(eventId)) {
      return false;
    }
    this.seen.set(eventId, now + this.ttlSeconds * 1000);
    return true;
  }
}

export class RedisEventDedupe implements EventDedupe {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly logger: Logger,
    private readonly ttlSeconds = DEDUPE_TTL_SECONDS,
  ) {}

  async claim(eventId: string): Promise<boolean> {
    try {
      const r = await this.redis.set(`${this.prefix}:slack:event:${eventId}`, '1', 'EX', this.ttlSeconds, 'NX');
      return r === 'OK';
    } catch (e) {
      // answering twice is better than never answering
      this.logger.warn({ eventId, err: String(e) }, 'slack event dedupe unavailable; handling the event');
      return true;
    }
  }
}
