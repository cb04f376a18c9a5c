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
import { topViaBranchOf } from '../sip/headers';
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
  const what = sip.kind === 'request' ? sip.method.toUpperCase() : String(sip.status ?? 0);
  return `${direction ?? '?'}|${what}|${seq}|${toTag(sip) ?? ''}|${topBranch(sip)}`;
}

function topBranch(sip: SipMessage): string {
  return topViaBranchOf(sip) ?? '';
}

function sameUpper(a: string, b: string): boolean {
  return a === b || a.toUpperCase() === b.toUpperCase();
}

/** `signature(a, da) === signature(b, db)`, without building either string. */
function sameSignature(a: SipMessage, da: Dir, b: SipMessage, db: Dir): boolean {
  if ((da ?? '?') !== (db ?? '?') || a.kind !== b.kind) {
    return false;
  }
  const ca = a.cseq;
  const cb = b.cseq;
  if (ca === null || cb === null ? ca !== cb : ca.seq !== cb.seq || !sameUpper(ca.method, cb.method)) {
    return false;
  }
  if (a.kind === 'request' ? !sameUpper(a.method, b.method) : (a.status ?? 0) !== (b.status ?? 0)) {
    return false;
  }
  return topBranch(a) === topBranch(b) && (toTag(a) ?? '') === (toTag(b) ?? '');
}

/** A message already in the dialog, as the retransmission test needs it. */
export interface SeenMessage {
  sip: SipMessage;
  direction: Dir;
}

/** Up to this many earlier messages are compared one by one; past it, signatures go in a set. */
const SCAN_LIMIT = 32;

export class TransactionTable {
  /** signatures of the messages seen, once the dialog has more than SCAN_LIMIT of them */
  private seen: Set<string> | null = null;
  private readonly invites = new Map<number, InviteTransaction>();

  /**
   * Records the message; true when the same request/response was seen before. `earlier` are the
   * messages recorded before (in order): short dialogs keep no signature per message, they are
   * compared with these.
   */
  checkRetransmission(sip: SipMessage, direction: Dir, earlier: readonly SeenMessage[]): boolean {
    let seen = this.seen;
    if (seen === null) {
      if (earlier.length < SCAN_LIMIT) {
        for (let i = 0; i < earlier.length; i++) {
          const e = earlier[i];
          if (sameSignature(e.sip, e.direction, sip, direction)) {
            return true;
          }
        }
        return false;
      }
      seen = new Set<string>();
      for (const e of earlier) {
        seen.add(signature(e.sip, e.direction));
      }
      this.seen = seen;
    }
    const sig = signature(sip, direction);
    if (seen.has(sig)) {
      return true;
    }
    seen.add(sig);
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
