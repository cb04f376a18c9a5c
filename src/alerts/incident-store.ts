/**
 * The alert engine's state in Redis (P = prefix):
 *
 *   P:inc:<key>      STRING  {state: IncidentState, alert: the last Alert, extra}        40 days
 *   P:inc:open       SET     keys of open incidents
 *   P:ref:<key>      HASH    sink name → SinkRef JSON (the message to update)            40 days
 *   P:outbox         HASH    <sink>\n<key> → {alert, since}: not delivered yet
 *   P:mark           HASH    small engine memories (first time a peer was seen unanswered…)
 *   P:lock           STRING  the instance evaluating now (one at a time)
 */
import type Redis from 'ioredis';
import { randomBytes } from 'node:crypto';
import type { IncidentState } from '../stats/incident';
import { guard, pipelineResults } from '../store/redis-script';
import { parseJsonOrNull } from '../store/parse-json';
import type { Alert } from './alert';
import type { SinkRef } from './sink';

const TTL_SEC = 40 * 86_400;

export interface IncidentRecord {
  state: IncidentState;
  alert: Alert | null;
}

export interface OutboxEntry {
  sink: string;
  key: string;
  alert: Alert;
  /** wall-clock ms of the first failed attempt */
  since: number;
  attempts: number;
}

const UNLOCK = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;
const EXTEND = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end return 0`;

export class IncidentStore {
  constructor(
    private readonly redis: Redis,
    private readonly p: string,
  ) {}

  async get(key: string): Promise<IncidentRecord | null> {
    return parseJsonOrNull<IncidentRecord>(await guard('incident get', () => this.redis.get(`${this.p}:inc:${key}`)));
  }

  async put(rec: IncidentRecord): Promise<void> {
    const key = rec.state.key;
    await guard('incident put', async () => {
      const pipe = this.redis.pipeline();
      pipe.set(`${this.p}:inc:${key}`, JSON.stringify(rec), 'EX', TTL_SEC);
      if (rec.state.status === 'open') {
        pipe.sadd(`${this.p}:inc:open`, key);
      } else {
        pipe.srem(`${this.p}:inc:open`, key);
      }
      pipelineResults(await pipe.exec());
    });
  }

  async openKeys(): Promise<string[]> {
    const keys = await guard('incident open', () => this.redis.smembers(`${this.p}:inc:open`));
    return keys.sort();
  }

  async refs(key: string): Promise<Record<string, SinkRef>> {
    const h = await guard('incident refs', () => this.redis.hgetall(`${this.p}:ref:${key}`));
    const out: Record<string, SinkRef> = {};
    for (const [sink, raw] of Object.entries(h)) {
      const r = parseJsonOrNull<SinkRef>(raw);
      if (r) {
        out[sink] = r;
      }
    }
    return out;
  }

  async setRef(key: string, sink: string, ref: SinkRef): Promise<void> {
    await guard('incident ref', async () => {
      const pipe = this.redis.pipeline();
      pipe.hset(`${this.p}:ref:${key}`, sink, JSON.stringify(ref));
      pipe.expire(`${this.p}:ref:${key}`, TTL_SEC);
      pipelineResults(await pipe.exec());
    });
  }

  async queue(e: OutboxEntry): Promise<void> {
    await guard('outbox add', () => this.redis.hset(`${this.p}:outbox`, `${e.sink}\n${e.key}`, JSON.stringify(e)));
  }

  async pending(sink: string, key: string): Promise<OutboxEntry | null> {
    return parseJsonOrNull<OutboxEntry>(await guard('outbox get', () => this.redis.hget(`${this.p}:outbox`, `${sink}\n${key}`)));
  }

  async unqueue(sink: string, key: string): Promise<void> {
    await guard('outbox remove', () => this.redis.hdel(`${this.p}:outbox`, `${sink}\n${key}`));
  }

  async outbox(): Promise<OutboxEntry[]> {
    const h = await guard('outbox list', () => this.redis.hgetall(`${this.p}:outbox`));
    const out: OutboxEntry[] = [];
    for (const raw of Object.values(h)) {
      const e = parseJsonOrNull<OutboxEntry>(raw);
      if (e) {
        out.push(e);
      }
    }
    return out.sort((a, b) => a.since - b.since);
  }

  async mark(field: string): Promise<number | null> {
    const v = await guard('mark get', () => this.redis.hget(`${this.p}:mark`, field));
    const n = Number(v);
    return v !== null && Number.isFinite(n) ? n : null;
  }

  async setMark(field: string, value: number | null): Promise<void> {
    await guard('mark set', () =>
      value === null ? this.redis.hdel(`${this.p}:mark`, field) : this.redis.hset(`${this.p}:mark`, field, String(value)),
    );
  }

  /** Takes the evaluation lock for `ttlMs`; the token, or null when another instance holds it. */
  async lock(ttlMs: number): Promise<string | null> {
    const token = randomBytes(8).toString('hex');
    const ok = await guard('alerts lock', () => this.redis.set(`${this.p}:lock`, token, 'PX', ttlMs, 'NX'));
    return ok === 'OK' ? token : null;
  }

  /** Keeps the lock for another `ttlMs`; false when it was lost (expired and taken by another). */
  async extendLock(token: string, ttlMs: number): Promise<boolean> {
    const r = await guard('alerts lock', () => this.redis.eval(EXTEND, 1, `${this.p}:lock`, token, ttlMs));
    return r === 1;
  }

  async unlock(token: string): Promise<void> {
    await guard('alerts unlock', () => this.redis.eval(UNLOCK, 1, `${this.p}:lock`, token));
  }
}
