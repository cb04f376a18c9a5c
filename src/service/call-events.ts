/**
 * A Redis Stream with one entry per call stored (or stored again): what alerts, a dashboard or
 * the service benchmark can follow without polling the store. Capped at about 100,000 entries.
 *
 *   XADD <prefix>:events:calls MAXLEN ~ 100000 * id <call id> sbc <device> outcome <o>
 *        category <c> owner <w> finish complete|quiet storedAt <UTC ms>
 */
import type { Redis } from 'ioredis';
import type { CallReport } from '../diagnosis/verdict';

export interface CallEvent {
  /** the stream entry id */
  entry: string;
  id: string;
  sbc: string;
  outcome: string;
  category: string;
  owner: string;
  finish: 'complete' | 'quiet';
  storedAt: number;
}

export function callEventsKey(prefix: string): string {
  return `${prefix}:events:calls`;
}

export async function publishCallEvents(
  redis: Redis,
  key: string,
  reports: readonly CallReport[],
  finish: 'complete' | 'quiet',
  storedAt: number,
): Promise<void> {
  if (reports.length === 0) {
    return;
  }
  const p = redis.pipeline();
  for (const r of reports) {
    p.xadd(key, 'MAXLEN', '~', '100000', '*', 'id', r.id, 'sbc', r.sbc, 'outcome', r.outcome,
      'category', r.category, 'owner', r.owner, 'finish', finish, 'storedAt', String(storedAt));
  }
  const results = await p.exec();
  const failed = results?.find(([err]) => err !== null);
  if (failed) {
    throw failed[0];
  }
}

/** Entries after `after` ('0' = from the start), waiting up to `blockMs` for new ones. */
export async function readCallEvents(
  redis: Redis,
  key: string,
  after: string,
  count: number,
  blockMs: number,
): Promise<CallEvent[]> {
  const res = await redis.xread('COUNT', count, 'BLOCK', blockMs, 'STREAMS', key, after);
  const out: CallEvent[] = [];
  for (const [, entries] of res ?? []) {
    for (const [entry, fields] of entries) {
      const f: Record<string, string> = {};
      for (let i = 0; i + 1 < fields.length; i += 2) {
        f[fields[i]] = fields[i + 1];
      }
      out.push({
        entry,
        id: f.id ?? '',
        sbc: f.sbc ?? '',
        outcome: f.outcome ?? '',
        category: f.category ?? '',
        owner: f.owner ?? '',
        finish: f.finish === 'quiet' ? 'quiet' : 'complete',
        storedAt: Number(f.storedAt),
      });
    }
  }
  return out;
}
