/**
 * Plain SIP messages one after the other, separated by a blank line (a copy from a trace tool or
 * a ticket): no time, no direction, no addresses.
 *
 *   INVITE sip:… SIP/2.0
 *   …
 *   Content-Length: 0
 *   <blank>
 *   <blank>
 *   SIP/2.0 100 Trying
 */
import { timeline, withLf } from './render-common';
import type { PlacedCall } from './scenario-types';

export function renderPlainSip(calls: readonly PlacedCall[]): string {
  const out: string[] = [];
  for (const e of timeline(calls)) {
    if (e.kind !== 'sip') {
      continue;
    }
    const text = withLf(e.step.sip);
    out.push(text.endsWith('\n') ? text : `${text}\n`);
  }
  return out.join('\n');
}
