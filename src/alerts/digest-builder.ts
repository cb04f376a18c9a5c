/**
 * Reads what the digest of one local day needs (counts per SBC, the same day last week, the week
 * before for new categories, examples, peers' OPTIONS health) and builds it (src/stats/digest.ts).
 * The day and its hours are the zone's own: counts are kept per quarter hour, and every zone's
 * offset is a whole number of quarters (Kolkata +5:30, Kathmandu +5:45, St. John's −3:30), so the
 * quarters of each local hour are summed (src/stats/local-hours.ts; 23 or 25 hours on DST days).
 * Days stored before quarters were kept have hour counts only: each such hour counts in the local
 * hour holding its middle, so in a zone with a half- or quarter-hour offset those days' edges and
 * bars are off by up to half an hour, and no call counts on two days.
 */
import type { PeerHealth } from '../calls/call';
import { UsageError } from '../errors';
import { DAY_MS, QUARTER_MS } from '../stats/call-time';
import { sumCounts } from '../stats/counts';
import { buildDigest, type Digest, type DigestPeer, type DigestSbcInput } from '../stats/digest';
import { localDay, shiftDate } from '../stats/local-day';
import { countsPerHour, localHours, peakPerHour } from '../stats/local-hours';
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
  const hours = localHours(day);
  const inputs: DigestSbcInput[] = [];
  for (const sbc of sbcs) {
    const scope = sbcScope(sbc);
    const [buckets, lastWeek, weekBefore, examples, peers, peaks] = await Promise.all([
      src.stats.countBuckets(scope, day.start, day.end),
      src.stats.countBuckets(scope, lastWeekDay.start, lastWeekDay.end),
      src.stats.countBuckets(scope, day.start - 7 * DAY_MS, day.start),
      src.stats.examples(sbc, day.start, day.end),
      peersOf(src, health, sbc, day.start, day.end),
      src.stats.activePeaks(sbc, day.start, day.end, QUARTER_MS),
    ]);
    const counts = countsPerHour(hours, buckets);
    const active = peakPerHour(hours, peaks);
    inputs.push({
      sbc,
      hours: hours.map((h, i) => ({ label: h.label, counts: { ...counts[i], active: active[i] } })),
      lastWeek: sumCounts(lastWeek.map((b) => b.counts)),
      weekBefore: sumCounts(weekBefore.map((b) => b.counts)),
      examples,
      peers,
      minCalls: src.minCalls,
    });
  }
  return buildDigest(date, tz, inputs);
}
