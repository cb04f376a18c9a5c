/** CallReports built for the alert tests: a few fields set, the rest plausible. */
import type { CallReport, Category, Outcome, Owner } from '../../../src/diagnosis/verdict';

let n = 0;

export interface ReportSpec {
  sbc?: string;
  /** UTC ms the call ended */
  at: number;
  outcome?: Outcome;
  category?: Category;
  owner?: Owner;
  durationSec?: number;
  peer?: string;
  id?: string;
}

const DEFAULT_OWNER: Partial<Record<Category, Owner>> = {
  completed: 'user',
  busy: 'user',
  'no-answer': 'user',
  'caller-cancelled': 'user',
  'codec-mismatch': 'sbc',
  'tls-failure': 'network',
  'trunk-unavailable': 'carrier',
  'not-found': 'carrier',
  'callee-unavailable': 'teams',
};

export function report(s: ReportSpec): CallReport {
  const category = s.category ?? 'completed';
  const outcome: Outcome = s.outcome ?? (category === 'completed' ? 'answered' : category === 'caller-cancelled' ? 'cancelled' : 'failed');
  const dur = outcome === 'answered' ? (s.durationSec ?? 60) : null;
  const start = s.at - (dur ?? 0) * 1000 - 2000;
  const id = s.id ?? `call-${++n}`;
  const finalStatus = outcome === 'answered' ? 200 : category === 'codec-mismatch' ? 488 : category === 'busy' ? 486 : 503;
  return {
    id,
    callIds: [`${id}@sbc`],
    sbc: s.sbc ?? 'sbc1.example.com',
    direction: 'inbound',
    from: '+49305550101',
    to: '+49407770101',
    start: new Date(start).toISOString(),
    answer: dur === null ? null : new Date(start + 2000).toISOString(),
    end: new Date(s.at).toISOString(),
    durationSec: dur,
    outcome,
    finalStatus,
    reason: null,
    msCode: null,
    category,
    owner: s.owner ?? DEFAULT_OWNER[category] ?? 'unknown',
    summary: `${category} (${finalStatus})`,
    evidence: [],
    nextCheck: `check ${category}`,
    sessionKey: null,
    legs: [
      { callId: `${id}@sbc`, peer: 'carrier', remote: s.peer ?? '198.51.100.20:5060', finalStatus, messages: 4 },
      { callId: `${id}-t`, peer: 'teams', remote: '52.114.75.24:5061', finalStatus, messages: 4 },
    ],
  };
}
