/**
 * Ribbon SBC Core SIP PDU trace records as rsyslog stores them (one record per SIP message,
 * `#015#012` for CR LF):
 *
 *   <147> 1 2026-11-23T09:00:01.712000+00:00 sbc1 SBC - - - received msg for CallId:4321 from
 *     IP/port:203.0.113.10/5060, Local IP/port:198.51.100.10/5060, SMM:Enabled, RAW PDU:#012INVITE …#015#012…
 *
 * The CallId is the SBC's own call id, shared by both legs.
 */
import { clock, p2, timeline } from './render-common';
import type { LegSpec, PlacedCall } from './scenario-types';

function slash(hp: string): string {
  const i = hp.lastIndexOf(':');
  return `${hp.slice(0, i)}/${hp.slice(i + 1)}`;
}

export function renderRibbon(calls: readonly PlacedCall[], o: { host?: string } = {}): string {
  const host = o.host ?? 'sbc1';
  const out: string[] = [];
  for (const e of timeline(calls)) {
    if (e.kind !== 'sip') {
      continue;
    }
    const leg = e.call.scenario.legs[e.step.leg] as LegSpec;
    const c = clock(e.t);
    const iso = `${c.year}-${p2(c.month)}-${p2(c.day)}T${c.hms}.${c.ms}000+00:00`;
    const what =
      e.step.dir === 'in'
        ? `received msg for CallId:${e.call.sessionKey} from IP/port:${slash(leg.remoteIn)}`
        : `sent msg for CallId:${e.call.sessionKey} to IP/port:${slash(leg.remoteOut)}`;
    const pdu = e.step.sip.replace(/\r\n/g, '#015#012');
    out.push(`<147> 1 ${iso} ${host} SBC - - - ${what}, Local IP/port:${slash(leg.local)}, SMM:Enabled, RAW PDU:#012${pdu}`);
  }
  return out.join('\n') + '\n';
}

export function ribbonCallId(n: number): string {
  return String(4321 + n);
}
