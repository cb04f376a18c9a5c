/**
 * An alert as the engine produces it, platform-neutral: rendered as Block Kit for Slack, as an
 * Adaptive Card for Teams, as text for people and logged as JSON as it is.
 */
import type { Owner } from '../diagnosis/verdict';
import type { Severity } from '../stats/incident';

export type AlertKind = 'spike' | 'options' | 'tls' | 'logs-silent';

/** `open` a new incident; `update` it grew or got worse; `reopened` it came back within the cooldown */
export type AlertState = 'open' | 'update' | 'reopened' | 'recovered';

export interface AlertExample {
  id: string;
  time: string | null;
  from: string | null;
  to: string | null;
  summary: string;
}

export interface Alert {
  /** the incident: `spike|<sbc>|<category>`, `options|<device>|<remote>`, `tls|<sbc>`, `logs|<sbc>` */
  key: string;
  kind: AlertKind;
  state: AlertState;
  severity: Severity;
  /** one line: what and where */
  title: string;
  /** how many against the usual, in words */
  figures: string;
  sbc: string;
  /** the peer or trunk, when one is concerned */
  peer: string | null;
  owner: Owner | null;
  /** what to check next */
  nextCheck: string;
  examples: AlertExample[];
  /** ISO times: when the incident began, and of this message (log time for spikes) */
  openedAt: string;
  at: string;
  /** set on a recovery: how long it lasted, in words */
  lasted?: string;
}

/** The `Why?` button's action id (the Slack and Teams bots answer it with the call's verdict). */
export const WHY_ACTION_ID = 'sipsleuth_why';

export function stateWord(a: Alert): string {
  switch (a.state) {
    case 'recovered':
      return 'Recovered';
    case 'reopened':
      return 'Failing again';
    default:
      return a.severity === 'critical' ? 'Critical' : 'Warning';
  }
}
