/**
 * Transactions inside one dialog: retransmission detection and the INVITE transactions by CSeq.
 *
 * A message is a retransmission when the same thing was already seen in this dialog, in the same
 * direction: for requests the method, CSeq, To-tag and top Via branch; for responses the status,
 * CSeq (number and method), To-tag and top Via branch.
 *
 * INVITE transactions are kept by CSeq number. Each remembers its first 2xx (the answer: with
 * forking, 180s may come from several To-tags and the 200 from one) and its last final non-2xx.
 */
import type { SipMessage } from '../sip/sip-message';
import { toTag } from './message-info';

export type Dir = 'in' | 'out' | null;

/** One INVITE transaction (initial INVITE, a retry after a challenge, or a re-INVITE). */
export interface InviteTransaction {
  cseq: number;
  /** the INVITE request itself was seen */
  requestSeen: boolean;
  requestTime: number | null;
  requestDirection: Dir;
  /** the request had no To-tag: it starts (or restarts) the dialog */
  initial: boolean;
  /** the first 2xx */
  answerStatus: number | null;
  answerTime: number | null;
  /** the last final non-2xx */
  failStatus: number | null;
  failTime: number | null;
  /** index in the dialog's messages of the first final response (2xx or not) */
  firstFinalIndex: number | null;
  /** any response (provisional or final) came back */
  responded: boolean;
  /** an ACK with this CSeq was seen */
  acked: boolean;
}

function signature(sip: SipMessage, direction: Dir): string {
  const seq = sip.cseq ? `${sip.cseq.seq} ${sip.cseq.method.toUpperCase()}` : '-';
  const branch = sip.via.length > 0 ? (sip.via[0].branch ?? '') : '';
  const what = sip.kind === 'request' ? sip.method.toUpperCase() : String(sip.status ?? 0);
  return `${direction ?? '?'}|${what}|${seq}|${toTag(sip) ?? ''}|${branch}`;
}

export class TransactionTable {
  private readonly seen = new Set<string>();
  private readonly invites = new Map<number, InviteTransaction>();

  /** Records the message; true when the same request/response was seen before. */
  checkRetransmission(sip: SipMessage, direction: Dir): boolean {
    const sig = signature(sip, direction);
    if (this.seen.has(sig)) {
      return true;
    }
    this.seen.add(sig);
    return false;
  }

  invite(cseq: number): InviteTransaction {
    let tx = this.invites.get(cseq);
    if (!tx) {
      tx = {
        cseq,
        requestSeen: false,
        requestTime: null,
        requestDirection: null,
        initial: false,
        answerStatus: null,
        answerTime: null,
        failStatus: null,
        failTime: null,
        firstFinalIndex: null,
        responded: false,
        acked: false,
      };
      this.invites.set(cseq, tx);
    }
    return tx;
  }

  findInvite(cseq: number): InviteTransaction | undefined {
    return this.invites.get(cseq);
  }

  /** Updates the INVITE transaction with a final response (status >= 200). */
  static recordFinal(tx: InviteTransaction, status: number, time: number | null, index: number): void {
    if (tx.firstFinalIndex === null) {
      tx.firstFinalIndex = index;
    }
    if (status >= 200 && status < 300) {
      if (tx.answerStatus === null) {
        tx.answerStatus = status;
        tx.answerTime = time;
      }
    } else {
      tx.failStatus = status;
      tx.failTime = time;
    }
  }
}
