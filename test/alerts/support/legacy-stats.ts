/**
 * Writes a call's figures as the stats store did before it kept quarter hours: SBC and peer counts
 * per UTC hour (P:h:<scope>:<hour>), the example per hour (P:ex:<sbc>:<hour>), and the meta naming
 * those keys, so that storing the call again takes them back. Minute buckets are left out (they
 * live 2 days; the days these tests read are older).
 */
import type Redis from 'ioredis';
import type { CallReport } from '../../../src/diagnosis/verdict';
import { callTime, floorTo, HOUR_MS } from '../../../src/stats/call-time';
import { statFields } from '../../../src/stats/counts';
import { isFault } from '../../../src/stats/digest';
import { peerScope, peersOf, sbcScope } from '../../../src/store/stats-store';

const TTL = 40 * 86_400;

export async function recordBeforeQuarters(redis: Redis, statsPrefix: string, r: CallReport): Promise<void> {
  const t = callTime(r);
  if (t === null) {
    throw new Error('untimed');
  }
  const hour = floorTo(t, HOUR_MS);
  const fields = statFields(r);
  const c = [sbcScope(r.sbc), ...peersOf(r).map((p) => peerScope(r.sbc, p))].map((s) => [`${statsPrefix}:h:${s}:${hour}`, TTL, fields] as const);
  const x = isFault(r.category)
    ? [[`${statsPrefix}:ex:${r.sbc}:${hour}`, r.category, JSON.stringify({ id: r.id, summary: r.summary, time: r.end ?? r.start, owner: r.owner }), TTL] as const]
    : [];
  const pipe = redis.pipeline();
  for (const [key, ttl, fs] of c) {
    for (const [f, n] of fs) {
      pipe.hincrby(key, f, n);
    }
    pipe.expire(key, ttl);
  }
  for (const [key, field, value, ttl] of x) {
    pipe.hsetnx(key, field, value);
    pipe.expire(key, ttl);
  }
  pipe.sadd(`${statsPrefix}:sbcs`, r.sbc);
  pipe.set(`${statsPrefix}:meta:${r.id}`, JSON.stringify({ c, x }), 'EX', TTL);
  await pipe.exec();
}
