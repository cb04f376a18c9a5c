/**
 * Reads what the digest of one local day needs (hourly counts per SBC, the same day last week,
 * the week before for new categories, examples, peers' OPTIONS health) and builds it
 * (src/stats/digest.ts). Hours are UTC hours: in zones with a half-hour offset a day's edges are
 * off by that half hour.
 */
import type { PeerHealth } from '../calls/call';
import { UsageError } from '../errors';
import { DAY_MS, HOUR_MS, floorTo } from '../stats/call-time';
import { sumCounts } from '../stats/counts';
import { buildDigest, type Digest, type DigestPeer, type DigestSbcInput } from '../stats/digest';
import { localDay, localHour, shiftDate } from '../stats/local-day';
import type { CallStore } from '../store/call-store';
import { sbcScope, type RedisStatsStore } from '../store/stats-store';

export interface DigestSources {
  stats: RedisStatsStore;
  calls: Pick<CallStore, 'health'>;
  minCalls: number;
}

async function peersOf(
  src: DigestSources,
  health: PeerHealth[],
  sbc: string,
  dayStart: number,
  dayEnd: number,
): Promise<DigestPeer[]> {
  const mine = health.filter((h) => h.device === sbc);
  if (mine.length === 0) {
    return [];
  }
  const [a, b] = await Promise.all([src.stats.healthSnapshot(dayStart), src.stats.healthSnapshot(dayEnd)]);
  return mine.map((h) => {
    const k = `${h.device}|${h.remote}`;
    const s0 = a.get(k);
    const s1 = b.get(k);
    if (s0 && s1 && s1.sent >= s0.sent) {
      const sent = s1.sent - s0.sent;
      return { remote: h.remote, name: h.name, status: h.status, sent, uptime: sent > 0 ? Math.min(1, (s1.answered - s0.answered) / sent) : null, cumulative: false };
    }
    return {
      remote: h.remote,
      name: h.name,
      status: h.status,
      sent: h.optionsSent,
      uptime: h.optionsSent > 0 ? Math.min(1, h.optionsAnswered / h.optionsSent) : null,
      cumulative: true,
    };
  });
}

export async function readDigest(date: string, tz: string, src: DigestSources): Promise<Digest> {
  const day = localDay(date, tz);
  const lastWeekDay = localDay(shiftDate(date, -7), tz);
  if (!day || !lastWeekDay) {
    throw new UsageError(`--date must be a day as YYYY-MM-DD, not "${date}"`);
  }
  const health = await src.calls.health();
  const sbcs = [...new Set([...(await src.stats.sbcs()), ...health.map((h) => h.device)])].sort();
  const inputs: DigestSbcInput[] = [];
  for (const sbc of sbcs) {
    const scope = sbcScope(sbc);
    const [hours, lastWeek, weekBefore, examples, peers, peaks] = await Promise.all([
      src.stats.hourCounts(scope, day.start, day.end),
      src.stats.hourCounts(scope, lastWeekDay.start, lastWeekDay.end),
      src.stats.hourCounts(scope, day.start - 7 * DAY_MS, floorTo(day.start, HOUR_MS)),
      src.stats.examples(sbc, day.start, day.end),
      peersOf(src, health, sbc, day.start, day.end),
      src.stats.activePeaks(sbc, day.start, day.end),
    ]);
    inputs.push({
      sbc,
      hours: hours.map(([t, counts]) => ({ label: localHour(Math.max(t, day.start), tz), counts: { ...counts, active: peaks.get(t) ?? 0 } })),
      lastWeek: sumCounts(lastWeek.map(([, c]) => c)),
      weekBefore: sumCounts(weekBefore.map(([, c]) => c)),
      examples,
      peers,
      minCalls: src.minCalls,
    });
  }
  return buildDigest(date, tz, inputs);
}
