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
 * counted as a skip and read on its own (whole messages in it are kept). Once a SID holds nothing pending its state is dropped (a small bounded
 * memory of the last S per SID keeps duplicates out afterwards). `(N …)` lines that report a failed
 * TLS/transport connection (audiocodes-transport.ts) become `transport` items, in the SID's records
 * and in board records (`[BID=…]`) alike; every other debug line stays out of the SIP text. Pure.
 */
import type { Assembler } from './reader';
import type { CdrRow, FramedRecord, ReaderItem, ReaderOptions, TransportEvent } from './record';
import { ASSUMED_ATTR } from './audiocodes-cdr';
import { transportFailureIn } from './audiocodes-transport';
import { ownCopy } from './log-reader';
import { RecentKeys } from './recent-keys';
import {
  addSipLineIn,
  couldOpenMessage,
  debugLineBodyIn,
  firstLine,
  FramingReader,
  isIncomplete,
  isSipStartLine,
  LOSS_BEFORE_ATTR,
  openMessage,
  PREV_SEQ_ATTR,
  toTraced,
  type OpenMessage,
} from './audiocodes-sip-text';

interface Chunk {
  seq: number;
  /** S of the SID's previous record, when the framer knew it */
  prev?: number;
  /** device records were lost between the previous record of this SID and this one */
  lossBefore: boolean;
  text: string;
  where: string;
  time: number | null;
}

interface KeyState {
  key: string;
  device: string;
  /** records taken in, in S order, whose text is not wholly read yet (an unfinished last line) */
  chunks: Chunk[];
  /** records whose previous record has not arrived yet, in S order */
  waiting: Chunk[];
  /** S of every record received while this state lives (searched only for records older than `taken`) */
  seen: number[];
  /** every S up to this one counts as received (a long SID whose S list was not kept) */
  repeatedUpTo: number;
  /** highest S taken in: an unseen older record is too late for its place */
  taken: number;
  msg: OpenMessage | null;
  /** the rest of an over-long line is being dropped up to its line break */
  skipLine: boolean;
  /** the tombstone this state was revived from, updated again when the state is dropped */
  tomb: Tombstone | null;
}

/**
 * What is kept of a finished SID: the highest S taken in and the S numbers received (when few),
 * so a repeated record is dropped and a late one is still read. Bounded: oldest out first.
 */
interface Tombstone {
  /** the SID, an own copy (the map's key) */
  key: string;
  taken: number;
  /** null when the SID had too many records to keep them: every older S counts as repeated */
  seen: number[] | null;
}

/** the empty `seen` of a new state (replaced, never pushed to) */
const NO_SEQS: number[] = [];

const TOMBSTONES = 16_384;
const TOMBSTONE_SEQS = 256;
/** How many CDR records (device + S) are remembered for duplicate detection. */
const CDR_SEEN = 16_384;

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
    // its own copy: a value built from a log line's slices would keep the whole line alive
    this.set.add(ownCopy(v));
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
  private readonly tombstones = new RecentKeys<Tombstone>();
  private readonly cdrSeen = new BoundedSet(CDR_SEEN);
  /** order for records without S (numbering switched off on the device) */
  private arrival = 0;

  private readonly maxLine: number;
  private readonly framings = new FramingReader();

  constructor(opts: ReaderOptions) {
    this.maxLine = opts.maxLineBytes;
  }

  add(record: FramedRecord): ReaderItem[] {
    if (record.kind === 'cdr' || record.kind === 'media') {
      return this.cdr(record);
    }
    if (record.kind === 'debug') {
      return this.debugRecord(record);
    }
    if (record.kind !== 'sip') {
      return [];
    }
    const seq = record.seq ?? 2 ** 52 + ++this.arrival;
    let st = this.states.get(record.key);
    if (!st) {
      const tomb = this.tombstones.get(record.key);
      if (tomb !== undefined && seq <= tomb.taken) {
        if (tomb.seen === null || tomb.seen.includes(seq)) {
          return []; // already assembled: a repeated delivery
        }
        return this.late(record.key, record.device, this.chunkOf(record, seq));
      }
      st = {
        key: tomb !== undefined ? tomb.key : record.key,
        device: record.device,
        chunks: [],
        waiting: [],
        // the SID was assembled before and went quiet: keep knowing what it received
        seen: tomb?.seen ?? NO_SEQS,
        repeatedUpTo: tomb !== undefined && tomb.seen === null ? tomb.taken : -1,
        taken: tomb?.taken ?? -1,
        msg: null,
        skipLine: false,
        tomb: tomb ?? null,
      };
      const early = this.takeIn(st, record, seq);
      if (early !== null) {
        this.states.set(st.key, st);
        return early;
      }
      // a SID whose record holds whole messages never needs to be kept open: it is not stored
      const out: ReaderItem[] = [];
      this.process(st, false, out);
      if (st.msg === null && st.chunks.length === 0 && st.waiting.length === 0) {
        this.forget(st);
      } else {
        this.states.set(st.key, st);
      }
      return out;
    }
    const early = this.takeIn(st, record, seq);
    if (early !== null) {
      return early;
    }
    const out: ReaderItem[] = [];
    this.process(st, false, out);
    this.dropIfIdle(st);
    return out;
  }

  /**
   * Takes a record in among the SID's records (in S order) and returns null; or, when there is
   * nothing to assemble, what to hand on instead: nothing for a repeated record, what a late one
   * holds when read on its own.
   */
  private takeIn(st: KeyState, record: FramedRecord, seq: number): ReaderItem[] | null {
    // a repeated record: newer than what was taken in only while it waits for its predecessor
    if (seq > st.taken ? hasSeq(st.waiting, seq) : seq <= st.repeatedUpTo || st.seen.includes(seq)) {
      return [];
    }
    if (st.seen.length === 0) {
      st.seen = [seq];
    } else {
      st.seen.push(seq);
    }
    const chunk = this.chunkOf(record, seq);
    if (seq <= st.taken) {
      return this.late(st.key, st.device, chunk);
    }
    const w = st.waiting;
    if (w.length === 0 && !(chunk.prev !== undefined && chunk.prev > st.taken)) {
      // the next record in order (what takeReady would move at once): straight to the chunks
      if (st.chunks.length === 0) {
        st.chunks = [chunk];
      } else {
        st.chunks.push(chunk);
      }
      st.taken = Math.max(st.taken, seq);
      return null;
    }
    let at = w.length;
    while (at > 0 && w[at - 1].seq > seq) {
      at--;
    }
    if (at === w.length) {
      w.push(chunk);
    } else {
      w.splice(at, 0, chunk);
    }
    this.takeReady(st, false);
    return null;
  }

  private chunkOf(record: FramedRecord, seq: number): Chunk {
    const chunk: Chunk = {
      seq,
      lossBefore: record.attrs?.[LOSS_BEFORE_ATTR] === '1',
      text: removeCr(record.text),
      where: record.where,
      time: record.time,
    };
    const prev = record.attrs?.[PREV_SEQ_ATTR];
    if (prev !== undefined) {
      chunk.prev = Number(prev);
    }
    return chunk;
  }

  /** Moves records whose predecessor was taken in (or all, at a flush) from waiting to chunks. */
  private takeReady(st: KeyState, all: boolean): void {
    const w = st.waiting;
    let n = 0;
    for (; n < w.length; n++) {
      const prev = w[n].prev;
      if (!all && prev !== undefined && prev > st.taken) {
        break;
      }
      st.chunks.push(w[n]);
      st.taken = Math.max(st.taken, w[n].seq);
    }
    if (n === w.length) {
      w.length = 0;
    } else if (n > 0) {
      st.waiting = w.slice(n);
    }
  }

  flushKey(key: string): ReaderItem[] {
    const st = this.states.get(key);
    if (!st) {
      return [];
    }
    const out: ReaderItem[] = [];
    this.takeReady(st, true);
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

  /** A board record (`[BID=…]`, no call): only its transport failure lines are of use. */
  private debugRecord(record: FramedRecord): ReaderItem[] {
    if (record.seq !== undefined && !this.cdrSeen.add(`${record.device}\u0000${record.seq}`)) {
      return [];
    }
    const out: ReaderItem[] = [];
    const text = record.text;
    let pos = 0;
    while (pos < text.length) {
      let nl = text.indexOf('\n', pos);
      if (nl === -1) {
        nl = text.length;
      }
      const body = debugLineBodyIn(text, pos, nl);
      if (body >= 0) {
        this.transport(text, body, nl, record.device, record.time, record.where, undefined, out);
      }
      pos = nl + 1;
    }
    return out;
  }

  /** A transport failure on the debug line whose text after `(N nnn)` is `text[body, end)`: handed on as an event. */
  private transport(
    text: string,
    body: number,
    end: number,
    device: string,
    time: number | null,
    where: string,
    sessionKey: string | undefined,
    out: ReaderItem[],
  ): boolean {
    const t = transportFailureIn(text, body, end);
    if (!t) {
      return false;
    }
    const event: TransportEvent = { device, time, text: t.text, where };
    if (t.remote !== undefined) {
      event.remote = t.remote;
    }
    if (sessionKey !== undefined) {
      event.sessionKey = sessionKey;
    }
    out.push({ type: 'transport', event });
    return true;
  }

  /**
   * A record older than text already assembled: its place is gone, so it is read on its own —
   * whole messages in it are kept, pieces are counted as skips.
   */
  private late(key: string, device: string, chunk: Chunk): ReaderItem[] {
    const out: ReaderItem[] = [
      {
        type: 'skip',
        skip: { where: chunk.where, why: `record S=${chunk.seq} of ${key} came after later records were assembled` },
      },
    ];
    const alone: KeyState = {
      key,
      device,
      chunks: [{ ...chunk, lossBefore: false }],
      waiting: [],
      seen: [],
      repeatedUpTo: -1,
      taken: -1,
      msg: null,
      skipLine: false,
      tomb: null,
    };
    this.process(alone, true, out);
    return out;
  }

  private dropIfIdle(st: KeyState): void {
    if (st.msg === null && st.chunks.length === 0 && st.waiting.length === 0) {
      this.forget(st);
    }
  }

  private forget(st: KeyState): void {
    this.states.delete(st.key);
    if (st.taken >= 0) {
      const seen = st.repeatedUpTo < 0 && st.seen.length <= TOMBSTONE_SEQS ? st.seen : null;
      let tomb = st.tomb;
      if (tomb === null) {
        // own copy of the SID: one cut from a log line would keep the whole line alive
        tomb = { key: ownCopy(st.key), taken: st.taken, seen };
      } else {
        tomb.taken = st.taken;
        tomb.seen = seen;
      }
      // the newest tombstone (what deleting and setting again does on a Map)
      this.tombstones.use(tomb.key, tomb);
      if (this.tombstones.size > TOMBSTONES) {
        const first = this.tombstones.oldest();
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
    // ci: the chunk holding `pos`; nextStart: where chunk ci+1 starts in `text`
    let ci = 0;
    let nextStart = cs[0].text.length;
    let pos = 0;
    if (st.skipLine) {
      const nl = text.indexOf('\n');
      if (nl === -1) {
        st.chunks = [];
        if (final && st.msg) {
          this.finish(st, out);
        }
        return;
      }
      st.skipLine = false;
      pos = nl + 1;
    }
    for (;;) {
      let nl = text.indexOf('\n', pos);
      if (nl === -1) {
        if (!final || pos >= text.length) {
          break;
        }
        nl = text.length;
      }
      // chunks starting inside this line (or at its start): was text lost before them?
      let lossy = false;
      while (ci < cs.length - 1 && nextStart <= nl) {
        ci++;
        if (cs[ci].lossBefore && (nextStart > pos || st.msg !== null)) {
          lossy = true;
        }
        nextStart += cs[ci].text.length;
      }
      if (pos === 0 && cs[0].lossBefore && st.msg !== null) {
        lossy = true;
      }
      if (lossy && st.msg) {
        st.msg.cut = true;
      }
      const owner = nextStartOwner(cs, ci, nextStart, pos);
      this.line(st, text, pos, nl, owner, out);
      pos = nl + 1;
    }
    if (final) {
      st.chunks = [];
      if (st.msg) {
        this.finish(st, out);
      }
      return;
    }
    if (pos >= text.length || (st.msg === null && !couldOpenMessage(text, pos))) {
      st.chunks = [];
      return;
    }
    if (text.length - pos > this.maxLine) {
      // a line that never ends (no line break over many records): drop it rather than rescan it
      out.push({ type: 'skip', skip: { where: cs[cs.length - 1].where, why: `line longer than ${this.maxLine} bytes in ${st.key}` } });
      st.chunks = [];
      st.skipLine = true;
      if (st.msg) {
        st.msg.cut = true;
      }
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
    if (pos > start) {
      rest[0] = { ...rest[0], text: rest[0].text.slice(pos - start), lossBefore: false };
    }
    st.chunks = rest;
  }

  /** The line `text[from, to)` (without its line break), which starts in `chunk`. */
  private line(st: KeyState, text: string, from: number, to: number, chunk: Chunk, out: ReaderItem[]): void {
    const body = debugLineBodyIn(text, from, to);
    if (body >= 0) {
      if (st.msg) {
        this.finish(st, out);
      }
      if (!this.transport(text, body, to, st.device, chunk.time, chunk.where, st.key, out)) {
        this.maybeOpen(st, text, body, to, chunk);
      }
      return;
    }
    if (st.msg) {
      if (addSipLineIn(st.msg, text, from, to) === 'complete') {
        out.push({ type: 'message', message: toTraced(st.msg, { device: st.device, sessionKey: st.key }, st.msg.cut) });
        st.msg = null;
      }
      return;
    }
    // a framing line without a debug number (old firmware, hand-made logs)
    const c = text.charCodeAt(from);
    if (from < to && (c === 45 || c === 32)) {
      let i = from;
      while (i < to && text.charCodeAt(i) === 32) {
        i++;
      }
      this.maybeOpen(st, text, i, to, chunk);
    }
  }

  private maybeOpen(st: KeyState, text: string, from: number, to: number, chunk: Chunk): void {
    const framing = this.framings.read(text, from, to);
    if (!framing) {
      return;
    }
    st.msg = openMessage(framing, chunk.where, chunk.time, chunk.seq);
  }

  private finish(st: KeyState, out: ReaderItem[]): void {
    const m = st.msg;
    st.msg = null;
    if (!m) {
      return;
    }
    const first = firstLine(m);
    if (first === null) {
      out.push({ type: 'skip', skip: { where: m.where, why: `SIP message header in ${st.key} with no SIP text after it` } });
      return;
    }
    if (!isSipStartLine(first)) {
      out.push({ type: 'skip', skip: { where: m.where, why: `SIP text in ${st.key} is cut before its first line` } });
      return;
    }
    out.push({ type: 'message', message: toTraced(m, { device: st.device, sessionKey: st.key }, isIncomplete(m)) });
  }
}

function hasSeq(chunks: readonly Chunk[], seq: number): boolean {
  for (const c of chunks) {
    if (c.seq === seq) {
      return true;
    }
  }
  return false;
}

/** The chunk in which the line starting at `pos` starts (`ci` holds the line's end). */
function nextStartOwner(cs: Chunk[], ci: number, nextStart: number, pos: number): Chunk {
  let i = ci;
  let start = nextStart - cs[i].text.length;
  while (i > 0 && start > pos) {
    i--;
    start -= cs[i].text.length;
  }
  return cs[i];
}

export function createAudiocodesAssembler(opts: ReaderOptions): Assembler {
  return new AudiocodesAssembler(opts);
}
