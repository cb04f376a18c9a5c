/**
 * Which instant the windows of an SBC end at. Live, that is the wall clock. When a log of another
 * day is replayed (or the SBC's clock is off), the calls' own times are what matters: the windows
 * then end at the newest call time seen for that SBC, so a replayed burst still alerts in its own
 * time and its recovery follows its own later calls. Pure: both instants are passed in.
 *
 *   newest call within [now - LIVE_SLACK, now]  → now (live; windows move on while calls are quiet)
 *   newest call older, or ahead of now          → the newest call time (replay, clock off)
 *   no call seen                                → now
 */

/** a call this recent means the SBC is being followed live */
export const LIVE_SLACK_MS = 15 * 60_000;

export function windowEnd(now: number, newestCall: number | null): number {
  if (newestCall === null) {
    return now;
  }
  const lag = now - newestCall;
  return lag >= 0 && lag <= LIVE_SLACK_MS ? now : newestCall;
}

/**
 * The newest call time after seeing `t`: a time far before the newest (an old record arriving
 * late, or a log replayed after live traffic) does not move it back.
 */
export function advanceNewest(newest: number | null, t: number): number {
  return newest === null || t > newest ? t : newest;
}
