/**
 * AudioCodes SBC CDR (CALL_END) termination fields:
 *
 *   |CALL_END |SBC |<SIPCallId> |<SID> |… |TrmSd |TrmReason |TrmReasonCategory |… |SIPTrmReason |SIPTermDesc |
 *   e.g. TrmSd RMT, TrmReason GWAPP_NORMAL_CALL_CLEAR, TrmReasonCategory NORMAL_CALL_CLEAR, SIPTrmReason BYE
 *
 * TrmReason names follow the Q.850 cause names (GWAPP_<cause name>) plus SBC-internal reasons such
 * as RTP_BROKEN_CONNECTION (the SBC saw the RTP stream stop). Used as supporting evidence, and to
 * decide when the SIP messages do not (lost records).
 */
import type { Call } from '../../calls/call';
import type { CdrRow } from '../../formats/record';
import type { CallFacts } from '../facts';
import type { Category, Owner } from '../verdict';
import type { Finding } from './rule';
import { text } from './rule';
import { nextCheckFor } from '../wording';

export interface CdrTerm {
  category: Category;
  /** user for callee states, network for media; null = the CDR does not say who */
  owner: Owner | null;
  note: string;
}

const TERMS: Record<string, CdrTerm> = {
  RTP_BROKEN_CONNECTION: { category: 'media-failure', owner: 'network', note: 'the SBC saw the RTP stream stop (broken RTP connection)' },
  GWAPP_NORMAL_CALL_CLEAR: { category: 'completed', owner: 'user', note: 'normal call clearing' },
  GWAPP_USER_BUSY: { category: 'busy', owner: 'user', note: 'user busy' },
  GWAPP_NO_USER_RESPONDING: { category: 'no-answer', owner: 'user', note: 'no user responding' },
  GWAPP_NO_ANSWER_FROM_USER_ALERTED: { category: 'no-answer', owner: 'user', note: 'no answer from the alerted user' },
  GWAPP_CALL_REJECTED: { category: 'declined', owner: null, note: 'call rejected' },
  GWAPP_UNASSIGNED_NUMBER: { category: 'not-found', owner: null, note: 'unassigned number' },
  GWAPP_INVALID_NUMBER_FORMAT: { category: 'not-found', owner: null, note: 'invalid number format' },
  GWAPP_NO_ROUTE_TO_DESTINATION: { category: 'not-found', owner: null, note: 'no route to the destination' },
  GWAPP_RECOVERY_ON_TIMER_EXPIRY: { category: 'no-response', owner: null, note: 'recovery on timer expiry' },
  GWAPP_NO_CIRCUIT_CHANNEL_AVAILABLE: { category: 'trunk-unavailable', owner: null, note: 'no circuit/channel available' },
  GWAPP_NETWORK_OUT_OF_ORDER: { category: 'trunk-unavailable', owner: null, note: 'network out of order' },
  GWAPP_TEMPORARY_FAILURE: { category: 'trunk-unavailable', owner: null, note: 'temporary failure' },
  GWAPP_SWITCHING_EQUIPMENT_CONGESTION: { category: 'trunk-unavailable', owner: null, note: 'switching equipment congestion' },
};

/** The call's last CALL_END row, null when there is none. */
export function cdrEnd(call: Call): CdrRow | null {
  let end: CdrRow | null = null;
  for (const r of call.cdrs) {
    if (r.type === 'CALL_END') {
      end = r;
    }
  }
  return end;
}

/** What the row's TrmReason says, null for reasons this table does not know. */
export function cdrTerm(row: CdrRow): CdrTerm | null {
  const reason = (row.fields.TrmReason ?? '').trim().toUpperCase();
  return TERMS[reason] ?? null;
}

/** Decide from the CDR alone when the SIP messages did not. */
export function cdrRule(f: CallFacts): Finding | null {
  const end = cdrEnd(f.call);
  const term = end ? cdrTerm(end) : null;
  if (!end || !term) {
    return null;
  }
  const owner: Owner = term.owner ?? 'unknown';
  const sipSide = end.fields.TrmSd === 'RMT' ? 'the remote side' : end.fields.TrmSd === 'LCL' ? 'the SBC' : 'one side';
  const connected = (end.fields.ConnectTime ?? '').trim() !== '';
  return {
    outcome: term.category === 'completed' || connected ? 'answered' : 'failed',
    category: term.category,
    owner,
    summary: `The SIP messages do not decide; the SBC's CDR ends the call with ${end.fields.TrmReason} (${term.note}), released by ${sipSide}.${term.owner === null ? ' The CDR does not show which side caused it.' : ''}`,
    nextCheck: nextCheckFor(term.category, owner),
    evidence: [text(`CDR ${end.type} TrmReason ${end.fields.TrmReason}, TrmReasonCategory ${end.fields.TrmReasonCategory ?? ''}, SIPTrmReason ${end.fields.SIPTrmReason ?? ''} (${end.where})`)],
    deciding: null,
  };
}
