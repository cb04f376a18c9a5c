/**
 * Connectivity checks, from what the store knows:
 *
 * - OPTIONS: a peer the SBC keeps probing (OPTIONS sent after the last 2xx) that has not answered
 *   for `warnSec` (default 180 s) is a warning; at 300 s it is critical, because Microsoft takes an
 *   SBC out of service when it has not answered Teams' OPTIONS for five minutes. Measured in the
 *   log's time: from the last 2xx (or from when sipsleuth first saw the peer unanswered) to the
 *   newest probe or call of that SBC.
 * - Logs silent: no new call and no new OPTIONS from an SBC for `silentMin` of wall-clock time.
 * - TLS: `tls-failure` calls in the last 5 minutes (at least TLS_MIN_FAILURES), whatever the volume.
 *
 * Pure.
 */
import type { PeerHealth } from '../calls/call';

export const TEAMS_OUT_OF_SERVICE_SEC = 300;
export const TLS_MIN_FAILURES = 2;
export const TLS_WINDOW_MIN = 5;

export interface OptionsCheck {
  bad: boolean;
  /** seconds without a 2xx while probing */
  silentSec: number;
  severity: 'warning' | 'critical';
}

/**
 * `firstUnanswered` is when the engine first saw this peer probed without an answer (used when the
 * peer never answered at all); `now` is the SBC's window end (stats-clock.ts).
 */
export function checkOptions(h: PeerHealth, now: number, warnSec: number, firstUnanswered: number | null): OptionsCheck {
  const probing = h.lastSent !== null && (h.lastAnswer === null || h.lastSent > h.lastAnswer);
  if (!probing) {
    return { bad: false, silentSec: 0, severity: 'warning' };
  }
  const since = h.lastAnswer ?? firstUnanswered ?? h.lastSent ?? now;
  const until = Math.max(now, h.lastSent ?? now);
  const silentSec = Math.max(0, (until - since) / 1000);
  return {
    bad: silentSec >= warnSec,
    silentSec,
    severity: silentSec >= TEAMS_OUT_OF_SERVICE_SEC ? 'critical' : 'warning',
  };
}

export function isTeamsPeer(h: Pick<PeerHealth, 'name' | 'remote'>): boolean {
  const s = `${h.name ?? ''} ${h.remote}`.toLowerCase();
  return s.includes('pstnhub.microsoft.com') || s.includes('pstnhub.gov.teams.microsoft.us') || /(^|\s)52\.11[2-5]\./.test(s);
}

export function peerLabel(h: Pick<PeerHealth, 'name' | 'remote'>): string {
  return h.name ? `${h.name} (${h.remote})` : h.remote;
}

export function checkLogsSilent(lastSeenWall: number | null, nowWall: number, silentMin: number): { bad: boolean; silentMin: number } {
  if (lastSeenWall === null) {
    return { bad: false, silentMin: 0 };
  }
  const m = Math.max(0, (nowWall - lastSeenWall) / 60_000);
  return { bad: m >= silentMin, silentMin: m };
}
