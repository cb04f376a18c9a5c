/**
 * Evidence lines, one per message that matters, times in UTC:
 *
 *   09:00:03.248 Teams → SBC 486 Busy Here, Reason Q.850;cause=17
 *   09:00:01.712 SBC → carrier INVITE to +49407770101 (sent 7 times over 32.0 s, no answer)
 */
import type { PeerKind } from '../calls/call';
import type { MsgRef } from './facts';
import { infoOf, reasonText } from './message-info';
import { toTagOf } from '../sip/headers';

/** `HH:MM:SS.mmm` in UTC; `--:--:--.---` when the log gave no time. */
export function clock(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms)) {
    return '--:--:--.---';
  }
  if (Math.abs(ms) > 8.64e15) {
    // outside the Date range: toISOString would throw
    return '--:--:--.---';
  }
  // arithmetic, no Date object: this runs for every evidence line (same as toISOString's HH:MM:SS.mmm)
  const t = Math.trunc(ms);
  const inDay = ((t % 86_400_000) + 86_400_000) % 86_400_000;
  const msPart = inDay % 1000;
  const secs = (inDay - msPart) / 1000;
  const s = secs % 60;
  const m = ((secs - s) / 60) % 60;
  const h = (secs - s - m * 60) / 3600;
  return `${two(h)}:${two(m)}:${two(s)}.${msPart < 10 ? '00' : msPart < 100 ? '0' : ''}${msPart}`;
}

function two(n: number): string {
  return n < 10 ? `0${n}` : `${n}`;
}

/** How a side is named in evidence and ladders. */
export function sideName(peer: PeerKind): string {
  return peer === 'teams' ? 'Teams' : peer === 'carrier' ? 'carrier' : 'peer';
}

/** `Teams → SBC`, `SBC → carrier`, `Teams ? SBC` when the direction is unknown. */
export function arrowOf(ref: MsgRef, peer: PeerKind): string {
  const p = sideName(peer);
  if (ref.sender === 'peer') {
    return `${p} → SBC`;
  }
  if (ref.sender === 'sbc') {
    return `SBC → ${p}`;
  }
  return `${p} ↔ SBC`;
}

/** The message itself: `486 Busy Here, Reason Q.850;cause=17, Ms-Diagnostics 560403`. */
export function describeMessage(ref: MsgRef): string {
  const s = ref.m.sip;
  let head: string;
  if (s.kind === 'response') {
    head = `${s.status ?? '?'} ${s.reasonPhrase ?? ''}`.trim();
    if (s.cseq && s.cseq.method !== 'INVITE') {
      head += ` (to ${s.cseq.method})`;
    }
  } else if (s.method === 'INVITE' && !toTagOf(s)) {
    const to = s.to?.user ?? s.to?.uri;
    head = to ? `INVITE to ${to}` : 'INVITE';
  } else if (s.method === 'INVITE') {
    head = 're-INVITE';
  } else {
    head = s.method;
  }
  const parts = [head];
  const info = infoOf(ref.m);
  for (const r of info.reasons) {
    parts.push(`Reason ${reasonText(r)}`);
  }
  if (info.msDiagnosticsHeader && info.msCode !== null) {
    parts.push(`Ms-Diagnostics ${info.msCode}`);
  }
  if (info.retryAfter !== null) {
    parts.push(`Retry-After ${info.retryAfter}`);
  }
  for (const w of info.warnings) {
    parts.push(`Warning ${w}`);
  }
  return parts.join(', ');
}

/** One evidence line for a message, with an optional note after it. */
export function evidenceLine(ref: MsgRef, peer: PeerKind, note?: string): string {
  const line = `${clock(ref.m.time)} ${arrowOf(ref, peer)} ${describeMessage(ref)}`;
  return note ? `${line} (${note})` : line;
}
