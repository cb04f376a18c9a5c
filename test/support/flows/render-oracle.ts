/**
 * Oracle (Acme Packet) SBC `sipmsg.log`: a header line, the SIP text with LF line ends, a blank
 * line, and a delimiter of exactly 40 dashes:
 *
 *   Nov 23 09:00:01.712 On [1:0]198.51.100.10:5060 received from 203.0.113.10:5060
 *   INVITE sip:+49407770101@198.51.100.10:5060;user=phone SIP/2.0
 *   …
 *   ----------------------------------------
 *
 * `[phy:vlan]` is [1:0] for the carrier realm and [2:0] for the Teams realm. No session key: the
 * two legs of a call are joined by time and number.
 */
import { clock, monDay, withLf, timeline } from './render-common';
import type { LegSpec, PlacedCall } from './scenario-types';

const DASHES = '-'.repeat(40);

export function renderOracle(calls: readonly PlacedCall[], o: { header?: boolean } = {}): string {
  const out: string[] = [];
  if (o.header) {
    out.push('File opened.');
  }
  for (const e of timeline(calls)) {
    if (e.kind !== 'sip') {
      continue;
    }
    const leg = e.call.scenario.legs[e.step.leg] as LegSpec;
    const c = clock(e.t);
    const phy = leg.side === 'teams' ? '[2:0]' : '[1:0]';
    const what = e.step.dir === 'in' ? `received from ${leg.remoteIn}` : `sent to ${leg.remoteOut}`;
    out.push(`${monDay(c)} ${c.hms}.${c.ms} On ${phy}${leg.local} ${what}`);
    const text = withLf(e.step.sip);
    out.push(text.endsWith('\n\n') ? text.slice(0, -1) : text);
    out.push(DASHES);
  }
  return out.join('\n') + '\n';
}
