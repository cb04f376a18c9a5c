/**
 * Asterisk `pjsip set logger on` in /var/log/asterisk/full:
 *
 *   [2026-11-23 09:00:01.712] VERBOSE[12345] res_pjsip_logger.c: <--- Received SIP request (676 bytes) from UDP:203.0.113.10:5060 --->
 *   INVITE sip:… SIP/2.0
 *   …
 *   <blank>                (two after a message without body)
 *
 * Only the remote address is printed; no session key.
 */
import { byteLength, clock, isRequest, p2, timeline, withLf } from './render-common';
import type { LegSpec, PlacedCall } from './scenario-types';

export function renderAsterisk(calls: readonly PlacedCall[]): string {
  const out: string[] = [];
  for (const e of timeline(calls)) {
    if (e.kind !== 'sip') {
      continue;
    }
    const leg = e.call.scenario.legs[e.step.leg] as LegSpec;
    const c = clock(e.t);
    const kind = isRequest(e.step.sip) ? 'request' : 'response';
    const what = e.step.dir === 'in' ? `Received SIP ${kind} (${byteLength(e.step.sip)} bytes) from ${leg.transport}:${leg.remoteIn}` : `Transmitting SIP ${kind} (${byteLength(e.step.sip)} bytes) to ${leg.transport}:${leg.remoteOut}`;
    out.push(`[${c.year}-${p2(c.month)}-${p2(c.day)} ${c.hms}.${c.ms}] VERBOSE[12345] res_pjsip_logger.c: <--- ${what} --->`);
    const text = withLf(e.step.sip);
    out.push(text.endsWith('\n') ? text : `${text}\n`);
  }
  return out.join('\n') + '\n';
}
