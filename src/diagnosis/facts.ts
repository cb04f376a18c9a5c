/**
 * The facts the rules decide on, read once from a rebuilt Call: per leg the initial INVITE and its
 * final response, provisional responses, challenges, ACK, CANCEL, BYE and re-INVITEs, each with who
 * sent it (the SBC or the leg's peer). Rules never walk the messages themselves.
 */
import type { Call, CallMessage, Leg, PeerKind } from '../calls/call';
import { fromTagOf, getHeaderValues, toTagOf } from '../sip/headers';

const CREDENTIAL_HEADERS = ['authorization', 'proxy-authorization'] as const;

/** Who put a message on the wire: the SBC, or the peer at the other end of its leg. */
export type Sender = 'sbc' | 'peer' | null;

/** A message of the call, with its place and sender. */
export interface MsgRef {
  leg: number;
  index: number;
  m: CallMessage;
  sender: Sender;
}

export interface LegFacts {
  index: number;
  leg: Leg;
  peer: PeerKind;
  /** the peer sent the initial INVITE (this is the caller's leg) */
  callerSide: boolean | null;
  /** first initial INVITE (no To-tag), first copy */
  invite: MsgRef | null;
  /** the last initial INVITE (after challenges), first copy */
  lastInvite: MsgRef | null;
  /** copies of the last initial INVITE, first one included */
  lastInviteCopies: number;
  /** time span of those copies (ms), 0 for one copy */
  lastInviteSpanMs: number;
  /** provisional responses (1xx) to initial INVITEs, first copies */
  provisional: MsgRef[];
  /** a 180/183 was seen */
  ringing: boolean;
  /** final response to the last initial INVITE, first copy */
  final: MsgRef | null;
  finalCopies: number;
  /** every final response to an initial INVITE, first copies, in order */
  finals: MsgRef[];
  /** 401/407 to initial INVITEs */
  challenges: MsgRef[];
  /** INVITEs that carried Authorization / Proxy-Authorization */
  credentialInvites: MsgRef[];
  /** ACK for the final response (same CSeq number as the last initial INVITE) */
  ack: MsgRef | null;
  cancel: MsgRef | null;
  bye: MsgRef | null;
  byeResponse: MsgRef | null;
  /** in-dialog INVITE/UPDATE requests (refreshes, hold, resume) and their final responses */
  reinvites: { request: MsgRef; final: MsgRef | null; copies: number }[];
  /** every message that was received from the peer (sender 'peer') */
  fromPeer: number;
  /** responses of any kind received from the peer to the last initial INVITE */
  peerAnsweredInvite: boolean;
}

/** A transport/TLS error the log showed near the call (e.g. an AudioCodes TLS handshake failure). */
export interface TransportError {
  time: number | null;
  /** the peer's ip:port or host, when the log says */
  remote?: string;
  text: string;
  where: string;
  /** the session key (AudioCodes SID) of the records that carried it, when they had one */
  sessionKey?: string;
}

/** What the log showed besides the call's own records. */
export interface DiagnoseContext {
  transportErrors?: readonly TransportError[];
}

export interface CallFacts {
  call: Call;
  context: DiagnoseContext;
  legs: LegFacts[];
  /** the Teams-facing leg (the first one), or null */
  teams: LegFacts | null;
  /** the leg whose peer sent the initial INVITE to the SBC (the caller's leg), or null */
  caller: LegFacts | null;
  /** the other legs, in order */
  callees: LegFacts[];
  /** the leg whose final status is reported (Teams leg, else caller leg, else first) */
  main: LegFacts | null;
  /** some leg got a 2xx to its initial INVITE */
  answered: boolean;
}

function isSuccess(status: number | undefined): boolean {
  return status !== undefined && status >= 200 && status < 300;
}

/**
 * Who sent a message. The logged direction wins; without one, the dialog's From tag tells: requests
 * carrying the initiator's From tag come from the initiator, responses to them from the other end.
 */
export function senderOf(m: CallMessage, leg: Leg, initiatorTag: string | undefined): Sender {
  if (m.direction === 'in') {
    return 'peer';
  }
  if (m.direction === 'out') {
    return 'sbc';
  }
  if (leg.initiator === null || initiatorTag === undefined) {
    return null;
  }
  const initiator: Sender = leg.initiator === 'in' ? 'peer' : 'sbc';
  const other: Sender = initiator === 'peer' ? 'sbc' : 'peer';
  const fromInitiator = fromTagOf(m.sip) === initiatorTag;
  if (m.sip.kind === 'request') {
    return fromInitiator ? initiator : other;
  }
  return fromInitiator ? other : initiator;
}

/** The From tag of the leg's first initial INVITE (the dialog initiator's tag). */
export function initiatorTagOf(leg: Leg): string | undefined {
  for (const m of leg.messages) {
    if (m.sip.kind === 'request' && m.sip.method === 'INVITE' && !toTagOf(m.sip)) {
      return fromTagOf(m.sip);
    }
  }
  return undefined;
}

function legFacts(call: Call, index: number): LegFacts {
  const leg = call.legs[index];
  const msgs = leg.messages;
  const initiatorTag = initiatorTagOf(leg);
  const refs: MsgRef[] = msgs.map((m, i) => ({ leg: index, index: i, m, sender: senderOf(m, leg, initiatorTag) }));

  const f: LegFacts = {
    index,
    leg,
    peer: leg.peer,
    callerSide: leg.initiator === null ? null : leg.initiator === 'in',
    invite: null,
    lastInvite: null,
    lastInviteCopies: 0,
    lastInviteSpanMs: 0,
    provisional: [],
    ringing: false,
    final: null,
    finalCopies: 0,
    finals: [],
    challenges: [],
    credentialInvites: [],
    ack: null,
    cancel: null,
    bye: null,
    byeResponse: null,
    reinvites: [],
    fromPeer: 0,
    peerAnsweredInvite: false,
  };

  const initialSeqs = new Set<number>();
  let firstCopyTime: number | null = null;
  let lastCopyTime: number | null = null;
  let byeSeq: number | null = null;
  const reinviteBySeq = new Map<string, { request: MsgRef; final: MsgRef | null; copies: number }>();

  for (const r of refs) {
    const s = r.m.sip;
    if (r.sender === 'peer') {
      f.fromPeer++;
    }
    if (s.kind === 'request') {
      const seq = s.cseq?.seq ?? -1;
      if (s.method === 'INVITE' && !toTagOf(s)) {
        if (f.invite === null) {
          f.invite = r;
        }
        if (f.lastInvite === null || (f.lastInvite.m.sip.cseq?.seq ?? -1) !== seq) {
          if (!r.m.retransmission || f.lastInvite === null) {
            // a new initial INVITE (after a challenge or a redirect): its answer is what counts
            f.lastInvite = r;
            f.lastInviteCopies = 0;
            firstCopyTime = r.m.time;
            f.final = null;
            f.finalCopies = 0;
            f.ack = null;
          }
        }
        if ((f.lastInvite.m.sip.cseq?.seq ?? -1) === seq) {
          f.lastInviteCopies++;
          lastCopyTime = r.m.time;
        }
        initialSeqs.add(seq);
        const [auth, proxyAuth] = getHeaderValues(s, CREDENTIAL_HEADERS, true);
        if (auth.length > 0 || proxyAuth.length > 0) {
          f.credentialInvites.push(r);
        }
      } else if ((s.method === 'INVITE' || s.method === 'UPDATE') && toTagOf(s)) {
        // CSeq numbers count per sender: the From tag tells the two directions apart
        const key = `${fromTagOf(s) ?? ''}:${s.method}:${seq}`;
        const prior = reinviteBySeq.get(key);
        if (prior) {
          prior.copies++;
        } else {
          const entry = { request: r, final: null, copies: 1 };
          reinviteBySeq.set(key, entry);
          f.reinvites.push(entry);
        }
      } else if (s.method === 'ACK') {
        if (f.lastInvite && seq === (f.lastInvite.m.sip.cseq?.seq ?? -2) && f.ack === null) {
          f.ack = r;
        }
      } else if (s.method === 'CANCEL') {
        if (f.cancel === null) {
          f.cancel = r;
        }
      } else if (s.method === 'BYE') {
        if (f.bye === null) {
          f.bye = r;
          byeSeq = seq;
        }
      }
      continue;
    }
    // responses
    const status = s.status ?? 0;
    const method = s.cseq?.method ?? s.method;
    const seq = s.cseq?.seq ?? -1;
    const tag = fromTagOf(s);
    const fromInitiator = initiatorTag === undefined || tag === undefined || tag === initiatorTag;
    if (method === 'INVITE' && initialSeqs.has(seq) && fromInitiator && !(reinviteBySeq.size > 0 && reinviteBySeq.has(`${tag ?? ''}:INVITE:${seq}`))) {
      if (r.sender === 'peer') {
        f.peerAnsweredInvite = true;
      }
      if (status < 200) {
        if (!r.m.retransmission) {
          f.provisional.push(r);
        }
        if (status === 180 || status === 183) {
          f.ringing = true;
        }
        continue;
      }
      if (status === 401 || status === 407) {
        if (!r.m.retransmission) {
          f.challenges.push(r);
        }
      }
      const isLast = f.lastInvite !== null && seq === (f.lastInvite.m.sip.cseq?.seq ?? -2);
      if (isLast) {
        if (f.final === null) {
          f.final = r;
          f.finalCopies = 1;
        } else if (f.final.m.sip.status === status) {
          f.finalCopies++;
        } else if (isSuccess(status) && !isSuccess(f.final.m.sip.status)) {
          // a fork's 2xx after another fork's failure: the call was answered
          f.final = r;
          f.finalCopies = 1;
        }
      }
      if (!r.m.retransmission && !f.finals.some((x) => x.m.sip.status === status && x.m.sip.cseq?.seq === seq)) {
        f.finals.push(r);
      }
      continue;
    }
    if (method === 'BYE' && byeSeq !== null && seq === byeSeq && f.byeResponse === null && status >= 200) {
      f.byeResponse = r;
      continue;
    }
    // most calls have no re-INVITE: no key to build then
    const re = reinviteBySeq.size > 0 ? reinviteBySeq.get(`${tag ?? ''}:${method}:${seq}`) : undefined;
    if (re && status >= 200 && re.final === null) {
      re.final = r;
    }
  }
  f.lastInviteSpanMs = firstCopyTime !== null && lastCopyTime !== null ? lastCopyTime - firstCopyTime : 0;
  if (f.callerSide === null && f.invite !== null && f.invite.sender !== null) {
    // the builder did not say who started the leg: the sender of its INVITE did
    f.callerSide = f.invite.sender === 'peer';
  }
  return f;
}

/** Read the facts of a call. Never throws on odd input: missing parts are nulls. */
export function collectFacts(call: Call, context: DiagnoseContext = {}): CallFacts {
  const legs = call.legs.map((_, i) => legFacts(call, i));
  const teams = legs.find((l) => l.peer === 'teams') ?? null;
  const caller = legs.find((l) => l.callerSide === true) ?? null;
  const callees = legs.filter((l) => l !== caller);
  const main = teams ?? caller ?? legs[0] ?? null;
  // answered = the caller got a 2xx; without a caller leg (or before its answer is logged), any leg's 2xx
  const callerFinal = caller?.final?.m.sip.status;
  const answered = callerFinal !== undefined && callerFinal >= 200 ? isSuccess(callerFinal) : legs.some((l) => isSuccess(l.final?.m.sip.status));
  return { call, context, legs, teams, caller, callees, main, answered };
}

export function isSuccessRef(r: MsgRef | null): boolean {
  return isSuccess(r?.m.sip.status);
}
