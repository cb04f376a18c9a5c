/**
 * A call already stored can receive late records (a CDR after the BYE, a retransmission, a batch
 * delivered again after its key was closed). The call is then rebuilt from what the store holds
 * plus the new records: `itemsOfStoredCall` turns a stored Call back into reader items, and
 * `mergeItems` removes what is there twice, so the rebuilt call is the same whatever arrives
 * again. Pure.
 */
import type { Call } from '../calls/call';
import type { ReaderItem, TransportEvent } from '../formats/record';

/** `transport`: the transport failures stored with the call (StoredCall.transport) */
export function itemsOfStoredCall(call: Call, transport: readonly TransportEvent[] = []): ReaderItem[] {
  const items: ReaderItem[] = [];
  for (const leg of call.legs) {
    for (const m of leg.messages) {
      items.push({
        type: 'message',
        message: {
          raw: m.raw,
          where: m.where,
          time: m.time,
          direction: m.direction,
          remote: m.remote,
          local: m.local,
          transport: m.transport,
          iface: m.iface,
          sessionKey: call.sessionKey,
          device: call.device,
          format: call.format,
          order: m.order,
          truncated: m.truncated,
        },
      });
    }
  }
  for (const row of call.cdrs) {
    items.push({ type: 'cdr', row });
  }
  for (const gap of call.gaps) {
    items.push({ type: 'gap', gap });
  }
  for (const event of transport) {
    items.push({ type: 'transport', event });
  }
  return items;
}

function identity(item: ReaderItem): string | null {
  switch (item.type) {
    case 'message':
      return `m\0${item.message.where}\0${item.message.order}\0${item.message.raw}`;
    case 'cdr':
      return `c\0${item.row.where}\0${item.row.type}\0${item.row.sessionKey}`;
    case 'gap':
      return `g\0${item.gap.device}\0${item.gap.from}\0${item.gap.to}`;
    case 'transport':
      return `t\0${item.event.where}\0${item.event.text}`;
    default:
      return null;
  }
}

/** Every item once (messages by where/order/text, CDR rows by where/type, gaps by range, transport failures by where/text). */
export function mergeItems(...lists: ReaderItem[][]): ReaderItem[] {
  const seen = new Set<string>();
  const out: ReaderItem[] = [];
  for (const list of lists) {
    for (const item of list) {
      const id = identity(item);
      if (id === null) {
        out.push(item);
      } else if (!seen.has(id)) {
        seen.add(id);
        out.push(item);
      }
    }
  }
  return out;
}
