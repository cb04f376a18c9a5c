/**
 * The figures people read (Microsoft's Direct Routing health dashboard names): answer-seizure
 * ratio, network effectiveness ratio, average call duration, concurrent calls. Pure.
 */
import type { StatCounts } from './counts';

export interface Figures {
  calls: number;
  /** finished calls (every call but those still in progress) */
  seizures: number;
  answered: number;
  failed: number;
  cancelled: number;
  inProgress: number;
  /** answered / seizures, null without seizures */
  asr: number | null;
  /** (seizures - failures not caused by the user) / seizures, null without seizures */
  ner: number | null;
  /** mean duration of the answered calls with a duration, seconds */
  avgDurationSec: number | null;
  /** most answered calls up at once (peak of a minute), when known */
  peakConcurrent: number;
}

export function figuresOf(c: StatCounts): Figures {
  const seizures = c.calls - c.inProgress;
  return {
    calls: c.calls,
    seizures,
    answered: c.answered,
    failed: c.failed,
    cancelled: c.cancelled,
    inProgress: c.inProgress,
    asr: seizures > 0 ? c.answered / seizures : null,
    ner: seizures > 0 ? Math.max(0, seizures - c.nerAgainst) / seizures : null,
    avgDurationSec: c.answered > 0 && c.durationSec > 0 ? c.durationSec / c.answered : null,
    peakConcurrent: c.active,
  };
}

/** `93.4%`, or `–` when there is nothing to divide. */
export function percent(r: number | null, digits = 1): string {
  return r === null ? '–' : `${(r * 100).toFixed(digits)}%`;
}

/** `2m 05s`, `45s`, `1h 02m`, or `–`. */
export function duration(sec: number | null): string {
  if (sec === null) {
    return '–';
  }
  const s = Math.round(sec);
  if (s < 60) {
    return `${s}s`;
  }
  if (s < 3600) {
    return `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, '0')}s`;
  }
  return `${Math.floor(s / 3600)}h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}
