/**
 * What every renderer shares: the calls' steps merged into one timeline (absolute UTC times),
 * clock formatting, and the SIP text split into lines.
 */
import type { PlacedCall, Step, TransportNote } from './scenario-types';

export interface SipEvent {
  kind: 'sip';
  t: number;
  order: number;
  call: PlacedCall;
  /** index of the call in the list rendered */
  callNo: number;
  step: Step;
}

export interface NoteEvent {
  kind: 'note';
  t: number;
  order: number;
  call: PlacedCall;
  callNo: number;
  note: TransportNote;
}

export type TimelineEvent = SipEvent | NoteEvent;

/** Every message and note of every call, in time order (stable). */
export function timeline(calls: readonly PlacedCall[]): TimelineEvent[] {
  const out: TimelineEvent[] = [];
  let order = 0;
  calls.forEach((call, callNo) => {
    for (const step of call.scenario.steps) {
      out.push({ kind: 'sip', t: call.t0 + step.atMs, order: order++, call, callNo, step });
    }
    for (const note of call.scenario.transportNotes) {
      out.push({ kind: 'note', t: call.t0 + note.atMs, order: order++, call, callNo, note });
    }
  });
  return out.sort((a, b) => a.t - b.t || a.order - b.order);
}

export const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
export const p2 = (n: number): string => String(n).padStart(2, '0');
export const p3 = (n: number): string => String(n).padStart(3, '0');

export interface Clock {
  year: number;
  month: number;
  mon: string;
  day: number;
  hh: string;
  mm: string;
  ss: string;
  ms: string;
  /** HH:MM:SS */
  hms: string;
}

export function clock(t: number): Clock {
  const d = new Date(t);
  const hh = p2(d.getUTCHours());
  const mm = p2(d.getUTCMinutes());
  const ss = p2(d.getUTCSeconds());
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    mon: MONTHS[d.getUTCMonth()],
    day: d.getUTCDate(),
    hh,
    mm,
    ss,
    ms: p3(d.getUTCMilliseconds()),
    hms: `${hh}:${mm}:${ss}`,
  };
}

/** `Nov 23` / `Nov  3` (day space-padded, as syslog and IOS print it) */
export function monDay(c: Clock): string {
  return `${c.mon} ${String(c.day).padStart(2, ' ')}`;
}

/** The message's lines (CRLF split), without the final empty one after the body. */
export function sipLines(sip: string): string[] {
  const lines = sip.split('\r\n');
  if (lines.length > 1 && lines[lines.length - 1] === '') {
    lines.pop();
  }
  return lines;
}

export function isRequest(sip: string): boolean {
  return !sip.startsWith('SIP/2.0 ');
}

/** The message with LF line ends (how most vendors print it). */
export function withLf(sip: string): string {
  return sip.replace(/\r\n/g, '\n');
}

export function byteLength(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}
