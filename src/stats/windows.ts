/**
 * Rolling windows out of minute buckets: the last 1, 5, 15 and 60 minutes ending with the minute
 * that starts at `cur` (that minute included). Pure.
 */
import { MINUTE_MS } from './call-time';
import { sumCounts, type StatCounts } from './counts';

export const ROLLING_WINDOWS_MIN = [1, 5, 15, 60] as const;

export interface RollingWindow {
  minutes: number;
  counts: StatCounts;
}

/** The window of `size` minutes ending with the minute starting at `cur`. */
export function windowOf(minutes: ReadonlyArray<readonly [number, StatCounts]>, cur: number, size: number): StatCounts {
  const from = cur - (size - 1) * MINUTE_MS;
  return sumCounts(minutes.filter(([t]) => t >= from && t <= cur).map(([, c]) => c));
}

export function rollingWindows(
  minutes: ReadonlyArray<readonly [number, StatCounts]>,
  cur: number,
  sizes: readonly number[] = ROLLING_WINDOWS_MIN,
): RollingWindow[] {
  return sizes.map((size) => ({ minutes: size, counts: windowOf(minutes, cur, size) }));
}
