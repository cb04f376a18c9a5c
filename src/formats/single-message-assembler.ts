/**
 * Assembler for formats where one framed record holds one whole SIP message (Oracle, CUBE,
 * Ribbon, Asterisk, FreeSWITCH, plain SIP): each 'sip' record becomes one TracedMessage, with
 * direction/remote/local/transport/iface taken from `record.attrs`. Nothing is held between
 * records. A record seen again (same `where`, same text: a retried batch) is handed on once.
 */
import type { Assembler } from './reader';
import type { FramedRecord, ReaderItem, ReaderOptions, TracedMessage } from './record';

/** how many records to remember for the seen-twice check (two generations of this size) */
const SEEN_GENERATION = 50_000;

function orderOf(record: FramedRecord): number {
  const n = Number(record.attrs?.line);
  if (Number.isFinite(n)) {
    return n;
  }
  const m = /[:#](\d+)$/.exec(record.where);
  return m ? Number(m[1]) : 0;
}

/** The record as a message; pure mapping, no state. */
export function recordToMessage(record: FramedRecord): TracedMessage {
  const a = record.attrs ?? {};
  const dir = a.direction;
  const message: TracedMessage = {
    raw: record.text,
    where: record.where,
    time: record.time,
    direction: dir === 'in' || dir === 'out' ? dir : null,
    device: record.device,
    format: record.format,
    order: orderOf(record),
  };
  if (a.remote) {
    message.remote = a.remote;
  }
  if (a.local) {
    message.local = a.local;
  }
  if (a.transport) {
    message.transport = a.transport;
  }
  if (a.iface) {
    message.iface = a.iface;
  }
  if (record.keyIsSession) {
    message.sessionKey = record.key;
  }
  if (a.truncated === '1') {
    message.truncated = true;
  }
  return message;
}

export function createSingleMessageAssembler(_opts?: ReaderOptions): Assembler {
  let current = new Set<string>();
  let previous = new Set<string>();

  function seen(id: string): boolean {
    if (current.has(id) || previous.has(id)) {
      return true;
    }
    if (current.size >= SEEN_GENERATION) {
      previous = current;
      current = new Set<string>();
    }
    current.add(id);
    return false;
  }

  return {
    add(record: FramedRecord): ReaderItem[] {
      if (record.kind !== 'sip') {
        return [{ type: 'skip', skip: { where: record.where, why: `not a SIP record (${record.kind})` } }];
      }
      if (seen(`${record.where}\u0000${record.text.length}`)) {
        return [];
      }
      return [{ type: 'message', message: recordToMessage(record) }];
    },
    flushKey(): ReaderItem[] {
      return [];
    },
    end(): ReaderItem[] {
      return [];
    },
    openKeys(): number {
      return 0;
    },
  };
}
