import type { Call, PeerHealth } from '../calls/call';
import type { CallReport, Verdict } from '../diagnosis/verdict';
import type { TransportEvent } from '../formats/record';

/** A finished, diagnosed call as kept in a store: the §3 entry and the call with its SIP. */
export interface StoredCall {
  report: CallReport;
  call: Call;
  /**
   * the verdict as decided when the call was rebuilt, with context the call alone does not carry
   * (transport errors seen in the log): show this rather than diagnosing again
   */
  verdict?: Verdict;
  /**
   * transport failures the device logged among the records the call was built from (a TLS
   * handshake to Teams that failed): kept so that a rebuild after late records decides with them
   */
  transport?: TransportEvent[];
}

export interface CallQuery {
  /** digits of a number, matched against the end of From/To (last digits are enough) */
  number?: string;
  /** restrict `number` to the caller (`from`) or the callee (`to`) */
  side?: 'from' | 'to' | 'any';
  /** UTC ms, inclusive */
  since?: number;
  until?: number;
  failedOnly?: boolean;
  sbc?: string;
  limit?: number;
}

/**
 * Where finished calls live: in memory for the CLI, in Redis for the service. `src/ask` and the
 * `why`/`ladder` commands only know this interface.
 */
export interface CallStore {
  put(call: StoredCall): Promise<void>;
  /** by exact id */
  get(id: string): Promise<StoredCall | null>;
  /**
   * by reference: Call-ID of any leg, session key (SID/GUID), or a phone number (last digits are
   * enough). Newest first.
   */
  find(ref: string, limit?: number): Promise<StoredCall[]>;
  /** summaries matching a query, newest first */
  list(q: CallQuery): Promise<CallReport[]>;
  /** peers' OPTIONS health as last seen */
  health(): Promise<PeerHealth[]>;
  putHealth(peers: PeerHealth[]): Promise<void>;
}
