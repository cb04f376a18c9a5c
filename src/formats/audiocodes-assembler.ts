/**
 * AudioCodes assembler: the records of one SID → SIP messages; CDR/media records → CdrRows.
 *
 *   [S=1718460] [SID=b9027c:24:198171]  (N 6891677) ---- Incoming SIP Message from 52.114.75.24:9024 … ---- \n
 *   [S=1718461] [SID=b9027c:24:198171]  INVITE sip:+39…@sbc.example.it:5061;user=phone SIP/2.0 \nFROM: <sip:…
 *   [S=1718462] [SID=b9027c:24:198171]  …ONTENT-LENGTH: 0 \n \n(N 6891688) AcSIPCall(#945)::Update…
 *
 * Payloads of a SID are joined in S order with nothing between them (the device cuts records
 * mid-token), CR removed, split into lines; a `---- Incoming/Outgoing SIP Message` line opens a
 * message, a `(N …)` line closes it, and Content-Length says when the body is complete, so a
 * message is handed on as soon as it is whole. Records arriving for an S already taken in are
 * dropped as duplicates (at-least-once delivery); a record older than text already assembled is
 * counted as a skip. Once a SID holds nothing pending its state is dropped (a small bounded
 * memory of the last S per SID keeps duplicates out afterwards). Pure.
 */
import type { Assembler } from './reader';
import type { CdrRow, FramedRecord, ReaderItem, ReaderOptions } from './record';
import { ASSUMED_ATTR } from './audiocodes-cdr';
import {
  addSipLine,
  couldOpenMessage,
  debugLineBody,
  isIncomplete,
  parseFraming,
  toTraced,
  type OpenMessage,
} from './audiocodes-sip-text';

interface Chunk {
  seq: number;
  text: string;
  where: string;
  time: number | null;
}

interface KeyState {
  key: string;
  device: string;
  chunks: Chunk[];
  /** S of every record taken in while this state lives */
  seen: Set<number>;
  /** highest S whose text has started to be assembled: older records are too late */
  started: number;
  msg: OpenMessage | null;
}

/** How many finished SIDs keep their last S, to drop duplicates that come after the state. */
const TOMBSTONES = 65_536;
/** How many CDR records (device + S) are remembered for duplicate detection. */
const CDR_SEEN = 65_536;

function removeCr(s: string): string {
  return s.indexOf('\r') === -1 ? s : s.replace(/\r/g, '');
}

class BoundedSet {
  private readonly max: number;
  private readonly set = new Set<string>();
  constructor(max: number) {
    this.max = max;
  }
  /** true when it was new */
  add(v: string): boolean {
    if (this.set.has(v)) {
      return false;
    }
    this.set.add(v);
    if (this.set.size > this.max) {
      const first = this.set.values().next().value;
      if (first !== undefined) {
        this.set.delete(first);
      }
    }
    return true;
  }
}

export class AudiocodesAssembler implements Assembler {
  private readonly states = new Map<string, KeyState>();
  private readonly tombstones = new Map<string, number>();
  private readonly cdrSeen = new BoundedSet(CDR_SEEN);
  /** order for records without S (numbering switched off on the device) */
  private arrival = 0;

  constructor(_opts: ReaderOptions) {}

  add(record: FramedRecord): ReaderItem[] {
    if (record.kind === 'cdr' || record.kind === 'media') {
      return this.cdr(record);
    }
    if (record.kind !== 'sip') {
      return [];
    }
    const seq = record.seq ?? 2 ** 52 + ++this.arrival;
    let st = this.states.get(record.key);
    if (!st) {
      const tomb = this.tombstones.get(record.key);
      if (tomb !== undefined && seq <= tomb) {
        return []; // already assembled: a repeated delivery
      }
      st = { key: record.key, device: record.device, chunks: [], seen: new Set(), started: tomb ?? -1, msg: null };
      this.states.set(record.key, st);
    }
    if (st.seen.has(seq)) {
      return [];
    }
    if (seq <= st.started) {
      return [
        {
          type: 'skip',
          skip: { where: record.where, why: `record S=${seq} of ${record.key} came after later records were assembled` },
        },
      ];
    }
    st.seen.add(seq);
    const chunk: Chunk = { seq, text: removeCr(record.text), where: record.where, time: record.time };
    const cs = st.chunks;
    let at = cs.length;
    while (at > 0 && cs[at - 1].seq > seq) {
      at--;
    }
    cs.splice(at, 0, chunk);
    const out: ReaderItem[] = [];
    this.process(st, false, out);
    this.dropIfIdle(st);
    return out;
  }

  flushKey(key: string): ReaderItem[] {
    const st = this.states.get(key);
    if (!st) {
      return [];
    }
    const out: ReaderItem[] = [];
    this.process(st, true, out);
    this.forget(st);
    return out;
  }

  end(): ReaderItem[] {
    const out: ReaderItem[] = [];
    for (const key of [...this.states.keys()]) {
      out.push(...this.flushKey(key));
    }
    return out;
  }

  openKeys(): number {
    return this.states.size;
  }

  private cdr(record: FramedRecord): ReaderItem[] {
    if (record.seq !== undefined && !this.cdrSeen.add(`${record.device}\u0000${record.seq}`)) {
      return [];
    }
    const fields: Record<string, string> = { ...(record.attrs ?? {}) };
    const assumed = fields[ASSUMED_ATTR];
    delete fields[ASSUMED_ATTR];
    const type = fields.SBCReportType ?? fields.MediaReportType ?? fields.GWReportType ?? '';
    const row: CdrRow = {
      where: record.where,
      device: record.device,
      type,
      sessionKey: fields.SessionId ?? '',
      sipCallId: fields.SIPCallId ?? '',
      fields,
    };
    if (assumed !== undefined) {
      row.columnsAssumed = assumed;
    }
    return [{ type: 'cdr', row }];
  }

  private dropIfIdle(st: KeyState): void {
    if (st.msg === null && st.chunks.length === 0) {
      this.forget(st);
    }
  }

  private forget(st: KeyState): void {
    this.states.delete(st.key);
    if (st.started >= 0) {
      this.tombstones.delete(st.key);
      this.tombstones.set(st.key, st.started);
      if (this.tombstones.size > TOMBSTONES) {
        const first = this.tombstones.keys().next().value;
        if (first !== undefined) {
          this.tombstones.delete(first);
        }
      }
    }
  }

  /** Runs the complete lines of the joined text through the message state machine. */
  private process(st: KeyState, final: boolean, out: ReaderItem[]): void {
    const cs = st.chunks;
    if (cs.length === 0) {
      if (final && st.msg) {
        this.finish(st, out);
      }
      return;
    }
    const text = cs.length === 1 ? cs[0].text : cs.map((c) => c.text).join('');
    // chunk boundaries in `text`
    let ci = 0;
    let chunkEnd = cs[0].text.length;
    let pos = 0;
    for (;;) {
      const nl = text.indexOf('\n', pos);
      if (nl === -1) {
        break;
      }
      while (pos >= chunkEnd && ci < cs.length - 1) {
        ci++;
        chunkEnd += cs[ci].text.length;
      }
      this.line(st, text.slice(pos, nl), cs[ci], out);
      pos = nl + 1;
    }
    const last = cs[cs.length - 1].seq;
    if (final) {
      if (pos < text.length) {
        while (pos >= chunkEnd && ci < cs.length - 1) {
          ci++;
          chunkEnd += cs[ci].text.length;
        }
        this.line(st, text.slice(pos), cs[ci], out);
      }
      st.chunks = [];
      st.started = Math.max(st.started, last);
      if (st.msg) {
        this.finish(st, out);
      }
      return;
    }
    if (pos === text.length || (st.msg === null && !couldOpenMessage(text.slice(pos)))) {
      st.chunks = [];
      st.started = Math.max(st.started, last);
      return;
    }
    // keep the unfinished last line: drop chunks wholly before it, cut the one it starts in
    let start = 0;
    let k = 0;
    while (k < cs.length && start + cs[k].text.length <= pos) {
      start += cs[k].text.length;
      k++;
    }
    const rest = cs.slice(k);
    rest[0] = { ...rest[0], text: rest[0].text.slice(pos - start) };
    st.started = Math.max(st.started, k > 0 ? cs[k - 1].seq : -1, pos > start ? rest[0].seq : -1);
    st.chunks = rest;
  }

  private line(st: KeyState, line: string, chunk: Chunk, out: ReaderItem[]): void {
    const body = debugLineBody(line);
    if (body >= 0) {
      if (st.msg) {
        this.finish(st, out);
      }
      this.maybeOpen(st, line, body, chunk);
      return;
    }
    if (st.msg) {
      if (addSipLine(st.msg, line) === 'complete') {
        out.push({ type: 'message', message: toTraced(st.msg, { device: st.device, sessionKey: st.key }, false) });
        st.msg = null;
      }
      return;
    }
    // a framing line without a debug number (old firmware, hand-made logs)
    const c = line.charCodeAt(0);
    if (c === 45 || c === 32) {
      let i = 0;
      while (line.charCodeAt(i) === 32) {
        i++;
      }
      this.maybeOpen(st, line, i, chunk);
    }
  }

  private maybeOpen(st: KeyState, line: string, from: number, chunk: Chunk): void {
    const framing = parseFraming(line, from);
    if (!framing) {
      return;
    }
    st.msg = {
      framing,
      where: chunk.where,
      time: chunk.time,
      order: chunk.seq,
      head: [],
      body: [],
      headersDone: false,
      contentLength: null,
      bodyLen: 0,
    };
  }

  private finish(st: KeyState, out: ReaderItem[]): void {
    const m = st.msg;
    st.msg = null;
    if (!m) {
      return;
    }
    if (m.head.length === 0) {
      out.push({ type: 'skip', skip: { where: m.where, why: `SIP message header in ${st.key} with no SIP text after it` } });
      return;
    }
    out.push({ type: 'message', message: toTraced(m, { device: st.device, sessionKey: st.key }, isIncomplete(m)) });
  }
}

export function createAudiocodesAssembler(opts: ReaderOptions): Assembler {
  return new AudiocodesAssembler(opts);
}
