/**
 * Lost records: a sequence gap of the device while the call was open (AudioCodes `[S=n]` jumps)
 * may have swallowed the message that decides. Conclusions drawn from the ABSENCE of a message
 * (no answer, no ACK, no other leg) do not stand then.
 */
import type { CallFacts } from '../facts';

/** `records 1718466-1718470 of the device are missing (file:12)`, null when nothing was lost. */
export function gapNote(f: CallFacts): string | null {
  const gaps = f.call.gaps;
  if (gaps.length === 0) {
    return null;
  }
  const parts = gaps.slice(0, 3).map((g) => (g.from === g.to ? `${g.from}` : `${g.from}-${g.to}`));
  const more = gaps.length > 3 ? ` and ${gaps.length - 3} more` : '';
  const n = gaps.reduce((a, g) => a + (g.to - g.from + 1), 0);
  return `${n} record${n === 1 ? '' : 's'} of the device (sequence ${parts.join(', ')}${more}) are missing while this call was open (${gaps[0].where})`;
}
