/**
 * Cisco CUBE `debug ccsip messages` (logging buffered):
 *
 *   661105: Nov 23 09:00:01.720: //2113421/C544D4800002/SIP/Msg/ccsipDisplayMsg:
 *   Sent: 
 *   INVITE sip:+49407770101@sip.pstnhub.microsoft.com:5061;user=phone;transport=tls SIP/2.0
 *   …
 *
 * Both legs share the call's GUID and have their own CCAPI call id; the first INVITE received is
 * printed before the call exists (`//-1/xxxxxxxxxxxx/`). No addresses are printed.
 */
import { clock, monDay, sipLines, timeline } from './render-common';
import type { PlacedCall, Side } from './scenario-types';

export function renderCisco(calls: readonly PlacedCall[], o: { firstSeq?: number } = {}): string {
  const out: string[] = [];
  let seq = o.firstSeq ?? 661101;
  const created = new Set<number>();
  for (const e of timeline(calls)) {
    if (e.kind !== 'sip') {
      continue;
    }
    const s = e.call.scenario;
    const callerSide: Side = s.legs.carrier && !s.legs.carrier.sbcIsUac ? 'carrier' : 'teams';
    const base = 2113420 + e.callNo * 20;
    let tag: string;
    if (!created.has(e.callNo) && e.step.dir === 'in' && e.step.sip.startsWith('INVITE ')) {
      tag = '//-1/xxxxxxxxxxxx/';
    } else {
      tag = `//${e.step.leg === callerSide ? base : base + 1}/${e.call.sessionKey}/`;
    }
    created.add(e.callNo);
    const c = clock(e.t);
    out.push(`${seq++}: ${monDay(c)} ${c.hms}.${c.ms}: ${tag}SIP/Msg/ccsipDisplayMsg:`);
    out.push(e.step.dir === 'in' ? 'Received: ' : 'Sent: ');
    out.push(...sipLines(e.step.sip));
    if (!e.step.sip.endsWith('\r\n\r\n')) {
      out.push('');
    }
    out.push('');
  }
  return out.join('\n') + '\n';
}

/** a CUBE call GUID (12 upper-case hex digits) */
export function ciscoGuid(n: number): string {
  return `C544D48${(0x10000 + n).toString(16).toUpperCase().slice(-5)}`;
}
