/**
 * FreeSWITCH sofia siptrace (`sofia global siptrace on`):
 *
 *   recv 676 bytes from udp/[203.0.113.10]:5060 at 09:00:01.712000:
 *      ------------------------------------------------------------------------
 *      INVITE sip:… SIP/2.0
 *      …
 *      ------------------------------------------------------------------------
 *
 * The SIP text is indented by 3 spaces; only the remote address and a time of day are printed.
 */
import { byteLength, clock, sipLines, timeline } from './render-common';
import type { LegSpec, PlacedCall } from './scenario-types';

const DASHES = `   ${'-'.repeat(72)}`;

function bracket(hp: string): string {
  const i = hp.lastIndexOf(':');
  return `[${hp.slice(0, i)}]:${hp.slice(i + 1)}`;
}

export function renderFreeswitch(calls: readonly PlacedCall[]): string {
  const out: string[] = [];
  for (const e of timeline(calls)) {
    if (e.kind !== 'sip') {
      continue;
    }
    const leg = e.call.scenario.legs[e.step.leg] as LegSpec;
    const c = clock(e.t);
    const tp = leg.transport.toLowerCase();
    const n = byteLength(e.step.sip);
    const at = `at ${c.hms}.${c.ms}000:`;
    out.push(e.step.dir === 'in' ? `recv ${n} bytes from ${tp}/${bracket(leg.remoteIn)} ${at}` : `send ${n} bytes to ${tp}/${bracket(leg.remoteOut)} ${at}`);
    out.push(DASHES);
    for (const l of sipLines(e.step.sip)) {
      out.push(`   ${l}`);
    }
    out.push(DASHES);
  }
  return out.join('\n') + '\n';
}
