/**
 * One incident per problem (a category spiking on an SBC, a peer not answering OPTIONS, …):
 * opened once, updated in place while it lasts, closed with a recovery. Pure state machine; the
 * alert engine keeps the state in Redis.
 *
 *   none/recovered ──bad──▶ open             (recovered less than `cooldownMs` ago: reopened, the
 *                                             same message is updated instead of a new one)
 *   open ──bad──▶ open                        (update when the figures grew enough; `escalate`
 *                                             when the severity rose)
 *   open ──good, and bad last seen quietMs ago──▶ recovered
 */

export type Severity = 'warning' | 'critical';

export interface IncidentState {
  key: string;
  status: 'open' | 'recovered';
  openedAt: number;
  /** last time (window end) the problem was seen */
  lastBadAt: number;
  recoveredAt: number | null;
  severity: Severity;
  /** the size figure last sent (failures, seconds silent…), to decide on an update */
  sentSize: number;
  /** how many times it came back within the cooldown */
  reopened: number;
}

export type IncidentAction = 'none' | 'open' | 'reopen' | 'update' | 'recover';

export interface IncidentStep {
  state: IncidentState | null;
  action: IncidentAction;
}

export interface Observation {
  key: string;
  bad: boolean;
  now: number;
  severity?: Severity;
  /** how big the problem is now (failures in the window, seconds without answer…) */
  size?: number;
  /**
   * when the problem was last seen in the evidence (the newest failure), default `now`: quiet time
   * counts from there, so a round that judged half-arrived data does not keep an incident open
   */
  badAt?: number;
}

export interface IncidentTiming {
  cooldownMs: number;
  quietMs: number;
  /** grow factor of `size` that makes an update (default 1.5) */
  growth?: number;
}

export function stepIncident(prev: IncidentState | null, o: Observation, t: IncidentTiming): IncidentStep {
  const severity = o.severity ?? 'warning';
  const size = o.size ?? 0;
  if (!prev || prev.status === 'recovered') {
    if (!o.bad) {
      return { state: prev, action: 'none' };
    }
    if (prev && prev.recoveredAt !== null && o.now - prev.recoveredAt < t.cooldownMs && o.now >= prev.recoveredAt) {
      return {
        state: { ...prev, status: 'open', lastBadAt: o.now, recoveredAt: null, severity, sentSize: size, reopened: prev.reopened + 1 },
        action: 'reopen',
      };
    }
    return {
      state: { key: o.key, status: 'open', openedAt: o.now, lastBadAt: o.now, recoveredAt: null, severity, sentSize: size, reopened: 0 },
      action: 'open',
    };
  }
  if (o.bad) {
    const next: IncidentState = { ...prev, lastBadAt: Math.max(prev.lastBadAt, Math.min(o.badAt ?? o.now, o.now)) };
    const escalate = severity === 'critical' && prev.severity === 'warning';
    const grew = size >= Math.max(prev.sentSize * (t.growth ?? 1.5), prev.sentSize + 1);
    if (escalate || grew) {
      next.severity = escalate ? 'critical' : prev.severity;
      next.sentSize = size;
      return { state: next, action: 'update' };
    }
    return { state: next, action: 'none' };
  }
  // a clock jump backwards (o.now < lastBadAt) never counts as quiet time
  if (o.now - prev.lastBadAt >= t.quietMs) {
    return { state: { ...prev, status: 'recovered', recoveredAt: o.now }, action: 'recover' };
  }
  return { state: prev, action: 'none' };
}
