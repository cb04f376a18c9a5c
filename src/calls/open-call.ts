/**
 * A call being built: its dialogs (legs), CDR rows and sequence gaps, and how it is turned into
 * a `Call` when it is handed on.
 *
 * - legs are ordered by start (INVITE time; legs without time after, in arrival order);
 * - `from`/`to`: the first leg's numbers (From user; To user, else Request-URI user);
 * - `start` = the earliest leg start, `answer` = the earliest leg answer, `end` = the latest leg
 *   end; `complete` = every leg ended;
 * - a leg whose initial INVITE got nothing back at all (no 100 Trying either) counts as ended
 *   (timed out) once every other leg has ended and one of them got its final response and the
 *   ACK: the SBC gave up on it and told the caller (the no-response case: INVITE to the carrier
 *   retransmitted, 408 to Teams). Without this the call waits for the quiet timeout. Its `end`
 *   stays null: the log has no moment for it. Any response to it later undoes this.
 * - `id` = the session key when there is one, else the first leg's Call-ID.
 */
import type { CdrRow, FormatName, SeqGap } from '../formats/record';
import type { Call, Leg } from './call';
import type { Dialog } from './dialog';
import { callDirection, classifyPeer } from './peer';

export type CallState = 'open' | 'established' | 'complete';

export class OpenCall {
  /** key in the builder's tables */
  readonly key: string;
  readonly device: string;
  readonly format: FormatName;
  readonly sessionKey?: string;
  readonly dialogs: Dialog[] = [];
  readonly cdrs: CdrRow[] = [];
  readonly gaps: SeqGap[] = [];
  /** newest log time of its messages */
  lastTime: number | null = null;
  /** lowest and highest `order` (device stream position) of its messages */
  minOrder = Number.POSITIVE_INFINITY;
  maxOrder = Number.NEGATIVE_INFINITY;
  /** handed on (or merged into another call) */
  closed = false;
  /** which of the builder's queues holds it */
  bucket: CallState | 'timeless' | null = null;

  constructor(key: string, device: string, format: FormatName, sessionKey?: string) {
    this.key = key;
    this.device = device;
    this.format = format;
    if (sessionKey !== undefined) {
      this.sessionKey = sessionKey;
    }
  }

  touch(time: number | null, order?: number): void {
    if (time !== null && (this.lastTime === null || time > this.lastTime)) {
      this.lastTime = time;
    }
    if (order !== undefined) {
      this.minOrder = Math.min(this.minOrder, order);
      this.maxOrder = Math.max(this.maxOrder, order);
    }
  }

  /** Were records of this call possibly lost in this gap (it was open across the missing records)? */
  spans(gap: SeqGap): boolean {
    return this.minOrder < gap.from && (this.maxOrder > gap.to || this.state() !== 'complete');
  }

  absorb(other: OpenCall): void {
    this.touch(other.lastTime);
    this.minOrder = Math.min(this.minOrder, other.minOrder);
    this.maxOrder = Math.max(this.maxOrder, other.maxOrder);
    this.cdrs.push(...other.cdrs);
    for (const g of other.gaps) {
      if (!this.gaps.includes(g)) {
        this.gaps.push(g);
      }
    }
  }

  /**
   * The legs that count as timed out: initial INVITE unanswered, while every other leg ended and
   * one of them got its final response and ACK. Empty in every other case.
   */
  timedOutDialogs(): Dialog[] {
    let unanswered: Dialog[] | null = null;
    let acked = false;
    for (const d of this.dialogs) {
      if (d.ended) {
        acked ||= d.failedAndAcked;
      } else if (d.unanswered) {
        (unanswered ??= []).push(d);
      } else {
        return [];
      }
    }
    return unanswered !== null && acked ? unanswered : [];
  }

  state(): CallState {
    let established = false;
    const timedOut = this.timedOutDialogs();
    for (const d of this.dialogs) {
      if (!d.ended && !timedOut.includes(d)) {
        if (!d.established) {
          return 'open';
        }
        established = true;
      }
    }
    if (established) {
      return 'established';
    }
    return this.dialogs.length > 0 ? 'complete' : 'open';
  }

  toCall(): Call {
    const dialogs = this.dialogs
      .map((d, i) => ({ d, i }))
      .sort((a, b) => byStart(a.d.start, b.d.start) || a.i - b.i)
      .map((x) => x.d);
    const timedOut = this.timedOutDialogs();
    const legs: Leg[] = dialogs.map((d) => d.toLeg(classifyPeer(d), timedOut.includes(d)));
    const first = legs[0];
    let start: number | null = null;
    let answer: number | null = null;
    let end: number | null = null;
    let complete = legs.length > 0;
    for (const l of legs) {
      start = minOf(start, l.start);
      answer = minOf(answer, l.answer);
      if (l.end !== null && (end === null || l.end > end)) {
        end = l.end;
      }
      complete &&= l.ended;
    }
    const call: Call = {
      id: this.sessionKey ?? first?.callId ?? this.key,
      format: this.format,
      device: this.device,
      legs,
      cdrs: this.cdrs,
      gaps: this.gaps,
      direction: callDirection(legs),
      start,
      answer,
      end,
      complete,
    };
    if (this.sessionKey !== undefined) {
      call.sessionKey = this.sessionKey;
    }
    if (first?.from !== undefined) {
      call.from = first.from;
    }
    if (first?.to !== undefined) {
      call.to = first.to;
    }
    return call;
  }
}

function byStart(a: number | null, b: number | null): number {
  if (a === null || b === null) {
    return a === b ? 0 : a === null ? 1 : -1;
  }
  return a - b;
}

function minOf(acc: number | null, v: number | null): number | null {
  return v !== null && (acc === null || v < acc) ? v : acc;
}
