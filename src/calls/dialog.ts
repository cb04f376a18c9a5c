/**
 * One SIP dialog (one leg): the messages of one Call-ID between the SBC and one peer, and what
 * they say about the leg, kept up to date message by message (no re-scan).
 *
 * - The initial INVITE is the latest INVITE without To-tag (a retry after 401/407 uses the same
 *   Call-ID with a higher CSeq and replaces it). re-INVITEs carry a To-tag and never change the
 *   leg's final status, answer or end: a 491/488 on an established call does not fail the call.
 * - `finalStatus` = the first 2xx to the initial INVITE, else its last final non-2xx.
 * - `ended` = a final non-2xx to the initial INVITE (ACK optional; CANCEL leads to 487), or a BYE
 *   (or a response to a BYE whose request was not logged).
 * - `unanswered` = its initial INVITE request was logged and nothing at all came back (no 100
 *   Trying either): the call decides whether that counts as timed out (see open-call.ts).
 * - `answer` = time of the 2xx to the initial INVITE; `end` = time of the BYE or the final failure.
 * - Without any initial INVITE request, a response to an INVITE stands for it (unless it answers a
 *   logged re-INVITE, as when the log starts mid-call): it tells the initiator (the SBC answered →
 *   the peer initiated) and the numbers.
 */
import type { CallMessage, Leg, PeerKind } from './call';
import type { SipMessage } from '../sip/sip-message';
import { fromUserOf, toUserOf } from '../sip/headers';
import { normalizeNumber } from '../sip/numbers';
import { ParsedSipMessage } from '../sip/parsed-message';
import { fromTag, isInitialInvite, methodOf, toTag, uriUser } from './message-info';
import { TransactionTable, type Dir, type InviteTransaction } from './transactions';

export class Dialog {
  readonly callId: string;
  readonly messages: CallMessage[] = [];
  /**
   * tags seen in this dialog (From-tags and To-tags), each once: a dialog has few (2, a few more
   * when forked), and each message's tags are new strings, which a Set would hash every time
   */
  readonly tags: string[] = [];
  /** From-tag of the first initial INVITE */
  originTag: string | undefined;
  remote: string | undefined;
  iface: string | undefined;
  initiator: Dir = null;
  from: string | undefined;
  to: string | undefined;
  /** normalised caller number (From user) */
  callerKey: string | undefined;
  /** normalised called numbers (To user and Request-URI user) */
  calledKeys: string[] = [];
  /** time of the first initial INVITE */
  inviteTime: number | null = null;
  private firstTime: number | null = null;
  private numbersFromRequest = false;
  private initialCseq: number | null = null;
  private initialFromRequest = false;
  private byeSeen = false;
  private byeTime: number | null = null;
  private readonly tx = new TransactionTable();

  constructor(callId: string) {
    this.callId = callId;
  }

  /**
   * Adds a message (its `retransmission` flag is set here). Returns true when this message is the
   * first initial INVITE of the dialog: the moment its leg can be joined to another by number.
   */
  add(m: CallMessage): boolean {
    const sip = m.sip;
    const index = this.messages.length;
    if (index > 0) {
      const prev = this.messages[index - 1].sip;
      if (sip instanceof ParsedSipMessage && prev instanceof ParsedSipMessage) {
        ParsedSipMessage.shareWith(sip, prev);
      }
    }
    m.retransmission = this.tx.checkRetransmission(sip, m.direction, this.messages);
    this.messages.push(m);
    if (this.firstTime === null && m.time !== null) {
      this.firstTime = m.time;
    }
    if (this.remote === undefined && m.remote) {
      this.remote = m.remote;
    }
    if (this.iface === undefined && m.iface) {
      this.iface = m.iface;
    }
    const ft = fromTag(sip);
    const tt = toTag(sip);
    if (ft !== undefined && !this.tags.includes(ft)) {
      this.tags.push(ft);
    }
    if (tt !== undefined && !this.tags.includes(tt)) {
      this.tags.push(tt);
    }
    if (m.retransmission) {
      return false;
    }
    const method = methodOf(sip);
    if (sip.kind === 'request') {
      if (method === 'BYE') {
        this.markBye(m.time);
      } else if (method === 'INVITE' && sip.cseq) {
        return this.addInviteRequest(m, sip.cseq.seq);
      } else if (method === 'ACK' && sip.cseq) {
        const tx = this.tx.findInvite(sip.cseq.seq);
        if (tx) {
          tx.acked = true;
        }
      }
      return false;
    }
    if (method === 'BYE') {
      this.markBye(m.time);
    } else if (method === 'INVITE' && sip.cseq) {
      this.addInviteResponse(m, sip.cseq.seq, index);
    }
    return false;
  }

  private markBye(time: number | null): void {
    if (!this.byeSeen) {
      this.byeSeen = true;
      this.byeTime = time;
    }
  }

  private addInviteRequest(m: CallMessage, seq: number): boolean {
    const tx = this.tx.invite(seq);
    if (!tx.requestSeen) {
      tx.requestSeen = true;
      tx.requestTime = m.time;
      tx.requestDirection = m.direction;
    }
    if (!isInitialInvite(m.sip)) {
      return false;
    }
    tx.initial = true;
    const first = !this.initialFromRequest;
    if (first || this.initialCseq === null || seq > this.initialCseq) {
      this.initialCseq = seq;
      this.initialFromRequest = true;
    }
    if (!first) {
      return false;
    }
    this.originTag = fromTag(m.sip);
    this.initiator = m.direction;
    this.inviteTime = m.time;
    this.takeNumbers(m.sip, true);
    return true;
  }

  private addInviteResponse(m: CallMessage, seq: number, index: number): void {
    const status = m.sip.status ?? 0;
    const known = this.tx.findInvite(seq);
    if (this.initialCseq === null && !(known?.requestSeen && !known.initial)) {
      // the INVITE itself was not logged: this response stands for it
      this.initialCseq = seq;
      this.initialFromRequest = false;
      this.initiator = m.direction === 'out' ? 'in' : m.direction === 'in' ? 'out' : null;
      this.originTag = fromTag(m.sip);
    }
    if (!this.numbersFromRequest && this.from === undefined && this.to === undefined) {
      this.takeNumbers(m.sip, false);
    }
    const tx = this.tx.invite(seq);
    tx.responded = true;
    if (status >= 200) {
      TransactionTable.recordFinal(tx, status, m.time, index);
    }
  }

  private takeNumbers(sip: SipMessage, fromRequest: boolean): void {
    this.numbersFromRequest = fromRequest;
    // the users alone: From and To stay unparsed while the call is open (less kept per message)
    this.from = fromUserOf(sip) || undefined;
    const ruriUser = sip.kind === 'request' ? uriUser(sip.requestUri) : undefined;
    const toUser = toUserOf(sip);
    this.to = toUser || ruriUser;
    this.callerKey = this.from ? normalizeNumber(this.from) : undefined;
    const keys: string[] = [];
    for (const u of [toUser, ruriUser]) {
      if (u) {
        const k = normalizeNumber(u);
        if (k && !keys.includes(k)) {
          keys.push(k);
        }
      }
    }
    this.calledKeys = keys;
  }

  private initialTx(): InviteTransaction | undefined {
    return this.initialCseq === null ? undefined : this.tx.findInvite(this.initialCseq);
  }

  get finalStatus(): number | null {
    const tx = this.initialTx();
    return tx ? (tx.answerStatus ?? tx.failStatus) : null;
  }

  get answer(): number | null {
    return this.initialTx()?.answerTime ?? null;
  }

  /** the initial INVITE got a final non-2xx (and no 2xx) */
  get failed(): boolean {
    const tx = this.initialTx();
    return tx !== undefined && tx.answerStatus === null && tx.failStatus !== null;
  }

  get ended(): boolean {
    return this.byeSeen || this.failed;
  }

  /** its initial INVITE request was logged and got nothing back at all (no provisional, no final, no BYE) */
  get unanswered(): boolean {
    if (this.byeSeen || !this.initialFromRequest) {
      return false;
    }
    const tx = this.initialTx();
    return tx !== undefined && tx.requestSeen && !tx.responded;
  }

  /** the initial INVITE got a final non-2xx and the ACK for it */
  get failedAndAcked(): boolean {
    return this.failed && this.initialTx()?.acked === true;
  }

  /** answered and not ended: a call in conversation, quiet for long stretches */
  get established(): boolean {
    return !this.ended && this.initialTx()?.answerStatus != null;
  }

  get end(): number | null {
    if (this.byeSeen) {
      return this.byeTime;
    }
    return this.failed ? (this.initialTx()?.failTime ?? null) : null;
  }

  get start(): number | null {
    return this.inviteTime ?? this.firstTime;
  }

  /** The leg; `timedOut`: the call counts this unanswered leg as ended (see OpenCall). */
  toLeg(peer: PeerKind, timedOut = false): Leg {
    const leg: Leg = {
      callId: this.callId,
      peer,
      initiator: this.initiator,
      messages: this.messages,
      finalStatus: this.finalStatus,
      start: this.start,
      answer: this.answer,
      end: this.end,
      ended: this.ended || timedOut,
    };
    if (this.remote !== undefined) {
      leg.remote = this.remote;
    }
    if (this.iface !== undefined) {
      leg.iface = this.iface;
    }
    if (this.from !== undefined) {
      leg.from = this.from;
    }
    if (this.to !== undefined) {
      leg.to = this.to;
    }
    return leg;
  }
}

/**
 * Which dialog (slot) of a Call-ID a message belongs to; 'new' when it opens another leg. Usually a
 * Call-ID has one dialog; a B2BUA that keeps the Call-ID on both sides gives two, told apart by
 * the direction of their initial INVITEs and by tags.
 */
export function pickDialog<T extends { dialog: Dialog }>(slots: readonly T[], sip: SipMessage, direction: Dir): T | 'new' {
  if (slots.length === 0) {
    return 'new';
  }
  const ft = fromTag(sip);
  if (isInitialInvite(sip)) {
    let same: T | undefined;
    for (const slot of slots) {
      const d = slot.dialog;
      const dirOk = direction === null || d.initiator === null || d.initiator === direction;
      const tagOk = ft === undefined || d.originTag === undefined || d.originTag === ft;
      if (dirOk && tagOk) {
        same = slot;
      }
    }
    return same ?? 'new';
  }
  if (slots.length === 1) {
    return slots[0];
  }
  const tt = toTag(sip);
  let best = slots[slots.length - 1];
  let bestScore = 0;
  for (const slot of slots) {
    const d = slot.dialog;
    const score = (ft !== undefined && d.tags.includes(ft) ? 1 : 0) + (tt !== undefined && d.tags.includes(tt) ? 1 : 0);
    if (score > bestScore) {
      best = slot;
      bestScore = score;
    }
  }
  return best;
}
