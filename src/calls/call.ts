import type { CdrRow, FormatName, SeqGap, Where } from '../formats/record';
import type { SipMessage } from '../sip/sip-message';

/** Which side a leg talks to, seen from the SBC. Non-Teams legs are the trunk/PSTN/PBX side. */
export type PeerKind = 'teams' | 'carrier' | 'unknown';

/** One SIP message inside a rebuilt call. */
export interface CallMessage {
  sip: SipMessage;
  /** the SIP text as logged (CRLF line ends) */
  raw: string;
  where: Where;
  time: number | null;
  /** seen from the SBC: 'in' = received by the SBC, 'out' = sent by it */
  direction: 'in' | 'out' | null;
  remote?: string;
  local?: string;
  transport?: string;
  iface?: string;
  order: number;
  /** the same request or response seen before in this leg (same CSeq/method/status/branch) */
  retransmission: boolean;
  truncated?: boolean;
}

/** One SIP dialog (one Call-ID) between the SBC and one peer. */
export interface Leg {
  callId: string;
  peer: PeerKind;
  /** the peer's ip:port (or host) */
  remote?: string;
  iface?: string;
  /** 'in' when the peer sent the initial INVITE to the SBC, 'out' when the SBC sent it */
  initiator: 'in' | 'out' | null;
  messages: CallMessage[];
  /** final response to the initial INVITE (the last one when the call was forked/re-tried) */
  finalStatus: number | null;
  /** From/To user parts as written, and normalised digits (`+49305550101` → `49305550101`) */
  from?: string;
  to?: string;
  start: number | null;
  answer: number | null;
  end: number | null;
  /** the dialog reached an end in the log (final non-2xx + ACK/timeout, or BYE/CANCEL done) */
  ended: boolean;
}

export type Direction = 'inbound' | 'outbound' | 'unknown';

/** A call: the legs of one B2BUA session joined together. */
export interface Call {
  /** stable id: session key when there is one, else the first leg's Call-ID */
  id: string;
  sessionKey?: string;
  format: FormatName;
  /** the SBC (device) that logged it */
  device: string;
  legs: Leg[];
  cdrs: CdrRow[];
  /** sequence gaps of the device seen while this call was open: possible loss of its records */
  gaps: SeqGap[];
  /** seen from Teams: inbound = toward a Teams user, outbound = from a Teams user */
  direction: Direction;
  from?: string;
  to?: string;
  start: number | null;
  answer: number | null;
  end: number | null;
  /** every leg ended in the log */
  complete: boolean;
}

/** OPTIONS keep-alive health of one peer. */
export interface PeerHealth {
  remote: string;
  name?: string;
  device: string;
  optionsSent: number;
  optionsAnswered: number;
  /** responses other than 2xx (e.g. 403, 503) */
  optionsRejected: number;
  lastSent: number | null;
  lastAnswer: number | null;
  /** last status code received, when any */
  lastStatus: number | null;
  status: 'up' | 'down' | 'unknown';
}
