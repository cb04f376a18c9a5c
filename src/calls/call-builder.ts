/**
 * Streaming call builder: traced SIP messages in, finished calls out. Pure: it never reads the
 * clock; "now" is the newest log time seen per device.
 *
 * - OPTIONS (requests and responses) feed the health tracker, not calls.
 * - Every other message goes to its dialog by device + Call-ID (see `pickDialog`), each dialog to an
 *   open call: by session key when the format has one, else alone, joined to a partner leg by
 *   time and number when its initial INVITE appears (see leg-joiner.ts).
 * - A call is handed on when it is complete and `graceMs` of log time passed since its last
 *   message (late retransmissions and CDRs still join); when it is unfinished and `quietMs` passed
 *   (`answeredQuietMs` for answered calls, which are silent while people talk); or when more than
 *   `maxOpenCalls` are open (the least recently active goes first, so memory stays flat).
 * - A message that arrives after its call was handed on starts a new call with the same id: a store
 *   merges by id and rebuilds from all stored messages with `buildCalls`.
 */
import type { CdrRow, ReaderItem, SeqGap, Skip, TracedMessage } from '../formats/record';
import type { Call, CallMessage, PeerHealth } from './call';
import { parseSip } from '../sip/parser';
import { Dialog, pickDialog } from './dialog';
import { HealthTracker } from './health';
import { JoinIndex } from './leg-joiner';
import { isNonCallMethod, methodOf } from './message-info';
import { OpenCall, type CallState } from './open-call';

export interface BuilderOptions {
  /** log time after a complete call's last message before it is handed on */
  graceMs: number;
  /** log time after an unfinished, unanswered call's last message before it is handed on as it is */
  quietMs: number;
  /** largest gap between the initial INVITEs of two legs joined by number (no session key) */
  joinWindowMs: number;
  /**
   * most calls held open; over it the least recently active is handed on. An open two-leg call
   * holds its parsed messages: about 50 KB (3.5 KB per message), so 10,000 calls ≈ 500 MB at most.
   */
  maxOpenCalls: number;
  /** like quietMs, for answered calls that have not ended (default 4 h) */
  answeredQuietMs?: number;
}

export const DEFAULT_BUILDER_OPTIONS: Readonly<Required<BuilderOptions>> = {
  graceMs: 8_000,
  quietMs: 10 * 60_000,
  joinWindowMs: 5_000,
  maxOpenCalls: 10_000,
  answeredQuietMs: 4 * 60 * 60_000,
};

export interface BuilderStats {
  /** SIP messages that went to calls */
  messages: number;
  /** OPTIONS messages that went to health */
  options: number;
  skipped: number;
  /** calls handed on because of the open-call cap */
  evicted: number;
  /** CDR rows that never found their call */
  orphanCdrs: number;
}

interface DialogSlot {
  dialog: Dialog;
  call: OpenCall;
}

type TimedState = CallState;

interface DeviceState {
  now: number;
  queues: Record<TimedState, Map<string, OpenCall>>;
  /** calls without any log time: only the cap or end() hands them on */
  timeless: Map<string, OpenCall>;
  join: JoinIndex<OpenCall>;
  /** the dialogs of the open calls by SIP Call-ID */
  slots: Map<string, DialogSlot[]>;
}

const MAX_PENDING_CDR_KEYS = 10_000;

export class CallBuilder {
  private readonly opts: Required<BuilderOptions>;
  private readonly devices = new Map<string, DeviceState>();
  /** every open call, least recently active first */
  private readonly open = new Map<string, OpenCall>();
  /** the call requeued last while it stays last in `open` and in its queue (null: none is known to) */
  private lastQueued: OpenCall | null = null;
  /** the last device asked for (logs come from few devices: skips hashing the name) */
  private lastDevice: DeviceState | null = null;
  private lastDeviceName = '';
  private readonly tracker = new HealthTracker();
  private readonly pendingCdrs = new Map<string, CdrRow[]>();
  private nextId = 0;
  /** how long each kind of call may stay without a new message */
  private readonly limits: readonly [TimedState, number][];
  private readonly counters: BuilderStats = { messages: 0, options: 0, skipped: 0, evicted: 0, orphanCdrs: 0 };

  constructor(opts: BuilderOptions = DEFAULT_BUILDER_OPTIONS) {
    this.opts = { ...DEFAULT_BUILDER_OPTIONS, ...opts };
    this.opts.answeredQuietMs = opts.answeredQuietMs ?? Math.max(this.opts.quietMs, DEFAULT_BUILDER_OPTIONS.answeredQuietMs);
    this.limits = [
      ['complete', this.opts.graceMs],
      ['open', this.opts.quietMs],
      ['established', this.opts.answeredQuietMs],
    ];
  }

  add(msg: TracedMessage): { calls: Call[]; skipped?: Skip } {
    const ds = this.device(msg.device);
    const parsed = parseSip(msg.raw);
    if (!parsed.ok) {
      return this.skip(ds, msg, `not a SIP message: ${parsed.why}`);
    }
    const sip = parsed.message;
    if (!sip.callId) {
      return this.skip(ds, msg, `SIP ${sip.kind === 'request' ? sip.method : sip.status} without Call-ID`);
    }
    const method = methodOf(sip);
    if (method === 'OPTIONS') {
      this.counters.options++;
      this.tracker.add({ sip, direction: msg.direction, remote: msg.remote, time: msg.time, device: msg.device });
      return { calls: this.advance(ds, msg.time) };
    }
    const slots = ds.slots.get(sip.callId);
    const picked = slots ? pickDialog(slots, sip, msg.direction) : 'new';
    let slot: DialogSlot;
    if (picked === 'new') {
      if (!slots && isNonCallMethod(method)) {
        return this.skip(ds, msg, `${method} outside a call`);
      }
      slot = this.newDialog(ds, msg, sip.callId);
    } else {
      slot = picked;
      if (msg.sessionKey && slot.call.sessionKey === undefined && slot.call.dialogs.length === 1) {
        this.moveDialog(ds, slot, this.keyedCall(msg, msg.sessionKey));
      }
    }
    // every field in one literal (absent ones undefined, as JSON and deep equality treat a missing
    // one): one hidden class, and no second block for fields added later, which the message would
    // keep while its call is open
    const cm: CallMessage = {
      sip,
      raw: msg.raw,
      where: msg.where,
      time: msg.time,
      direction: msg.direction,
      order: msg.order,
      retransmission: false,
      remote: msg.remote,
      local: msg.local,
      transport: msg.transport,
      iface: msg.iface,
      truncated: msg.truncated ? true : undefined,
    };
    this.counters.messages++;
    const firstInvite = slot.dialog.add(cm);
    slot.call.touch(msg.time, msg.order);
    if (firstInvite && slot.call.sessionKey === undefined && slot.call.dialogs.length === 1) {
      const target = ds.join.findAndAdd(slot.dialog, slot.call);
      if (target) {
        this.moveDialog(ds, slot, target);
      }
    }
    this.requeue(ds, slot.call);
    return { calls: this.advance(ds, msg.time) };
  }

  /** Attaches a CDR row to its call (by session key, else by SIP Call-ID); kept a while if none is open. */
  addCdr(row: CdrRow): void {
    const call = this.callForCdr(row);
    if (call) {
      call.cdrs.push(row);
      return;
    }
    const key = row.sessionKey ? `s\u0000${row.device}\u0000${row.sessionKey}` : `c\u0000${row.device}\u0000${row.sipCallId}`;
    if (!row.sessionKey && !row.sipCallId) {
      this.counters.orphanCdrs++;
      return;
    }
    const list = this.pendingCdrs.get(key);
    if (list) {
      list.push(row);
      return;
    }
    this.pendingCdrs.set(key, [row]);
    if (this.pendingCdrs.size > MAX_PENDING_CDR_KEYS) {
      const [oldKey, oldRows] = this.pendingCdrs.entries().next().value as [string, CdrRow[]];
      this.pendingCdrs.delete(oldKey);
      this.counters.orphanCdrs += oldRows.length;
    }
  }

  /**
   * Notes a sequence gap on the calls of that device that were open across it: a message before
   * the gap, and a message after it or no end yet (by the messages' `order`, the device's sequence).
   */
  addGap(gap: SeqGap): void {
    const ds = this.devices.get(gap.device);
    if (!ds) {
      return;
    }
    for (const q of [ds.queues.open, ds.queues.established, ds.queues.complete, ds.timeless]) {
      for (const c of q.values()) {
        if (c.spans(gap)) {
          c.gaps.push(gap);
        }
      }
    }
  }

  /** Hands on every call whose quiet/grace time passed by log time `now` (for a device that went silent). */
  sweep(now: number): Call[] {
    const out: Call[] = [];
    for (const ds of this.devices.values()) {
      if (now > ds.now) {
        ds.now = now;
      }
      this.sweepDevice(ds, out);
    }
    return out;
  }

  /** Hands on everything still open; unfinished calls have `complete: false`. */
  end(): Call[] {
    const out: Call[] = [];
    for (const c of [...this.open.values()]) {
      this.finish(c, out);
    }
    for (const rows of this.pendingCdrs.values()) {
      this.counters.orphanCdrs += rows.length;
    }
    this.pendingCdrs.clear();
    out.sort((a, b) => (a.start ?? Number.NEGATIVE_INFINITY) - (b.start ?? Number.NEGATIVE_INFINITY) || cmp(a.id, b.id));
    return out;
  }

  health(): PeerHealth[] {
    return this.tracker.list((device) => this.devices.get(device)?.now ?? Number.NEGATIVE_INFINITY);
  }

  openCalls(): number {
    return this.open.size;
  }

  /** dialogs (legs) held by the open calls */
  openDialogs(): number {
    let n = 0;
    for (const ds of this.devices.values()) {
      for (const list of ds.slots.values()) {
        n += list.length;
      }
    }
    return n;
  }

  stats(): BuilderStats {
    return { ...this.counters };
  }

  private skip(ds: DeviceState, msg: TracedMessage, why: string): { calls: Call[]; skipped: Skip } {
    this.counters.skipped++;
    return { calls: this.advance(ds, msg.time), skipped: { where: msg.where, why } };
  }

  private device(name: string): DeviceState {
    if (this.lastDevice !== null && name === this.lastDeviceName) {
      return this.lastDevice;
    }
    let ds = this.devices.get(name);
    if (!ds) {
      ds = {
        now: Number.NEGATIVE_INFINITY,
        queues: { open: new Map(), established: new Map(), complete: new Map() },
        timeless: new Map(),
        join: new JoinIndex<OpenCall>(this.opts.joinWindowMs),
        slots: new Map(),
      };
      this.devices.set(name, ds);
    }
    this.lastDevice = ds;
    this.lastDeviceName = name;
    return ds;
  }

  private newDialog(ds: DeviceState, msg: TracedMessage, callId: string): DialogSlot {
    const call = msg.sessionKey ? this.keyedCall(msg, msg.sessionKey) : this.newCall(msg, `c\u0000${this.nextId++}`);
    const dialog = new Dialog(callId);
    call.dialogs.push(dialog);
    const slot: DialogSlot = { dialog, call };
    const list = ds.slots.get(callId);
    if (list) {
      list.push(slot);
    } else {
      ds.slots.set(callId, [slot]);
    }
    this.takePendingCdrs(call, `c\u0000${msg.device}\u0000${callId}`);
    this.requeue(ds, call);
    return slot;
  }

  private newCall(msg: TracedMessage, key: string, sessionKey?: string): OpenCall {
    const call = new OpenCall(key, msg.device, msg.format, sessionKey);
    this.open.set(key, call);
    this.lastQueued = null;
    return call;
  }

  private keyedCall(msg: TracedMessage, sessionKey: string): OpenCall {
    const key = `s\u0000${msg.device}\u0000${sessionKey}`;
    const existing = this.open.get(key);
    if (existing) {
      return existing;
    }
    const call = this.newCall(msg, key, sessionKey);
    this.takePendingCdrs(call, key);
    return call;
  }

  private takePendingCdrs(call: OpenCall, key: string): void {
    const rows = this.pendingCdrs.get(key);
    if (rows) {
      this.pendingCdrs.delete(key);
      call.cdrs.push(...rows);
    }
  }

  private callForCdr(row: CdrRow): OpenCall | undefined {
    if (row.sessionKey) {
      const c = this.open.get(`s\u0000${row.device}\u0000${row.sessionKey}`);
      if (c) {
        return c;
      }
    }
    if (row.sipCallId) {
      const slots = this.devices.get(row.device)?.slots.get(row.sipCallId);
      if (slots && slots.length > 0) {
        return slots[slots.length - 1].call;
      }
    }
    return undefined;
  }

  /** Moves a dialog to another call; the call it leaves is dropped when empty (not handed on). */
  private moveDialog(ds: DeviceState, slot: DialogSlot, target: OpenCall): void {
    const from = slot.call;
    if (from === target) {
      return;
    }
    const i = from.dialogs.indexOf(slot.dialog);
    if (i !== -1) {
      from.dialogs.splice(i, 1);
    }
    target.dialogs.push(slot.dialog);
    slot.call = target;
    if (from.dialogs.length === 0) {
      from.closed = true;
      target.absorb(from);
      this.unqueue(ds, from);
      this.open.delete(from.key);
    } else {
      this.requeue(ds, from);
    }
    this.requeue(ds, target);
  }

  private queueOf(ds: DeviceState, bucket: OpenCall['bucket']): Map<string, OpenCall> | undefined {
    return bucket === null ? undefined : bucket === 'timeless' ? ds.timeless : ds.queues[bucket];
  }

  private unqueue(ds: DeviceState, call: OpenCall): void {
    this.queueOf(ds, call.bucket)?.delete(call.key);
    call.bucket = null;
    if (this.lastQueued === call) {
      this.lastQueued = null;
    }
  }

  /** Puts the call at the end (most recent) of its state's queue and of the open list. */
  private requeue(ds: DeviceState, call: OpenCall): void {
    const bucket = call.lastTime === null ? 'timeless' : call.state();
    if (this.lastQueued === call && call.bucket === bucket) {
      // already last in both: a delete and set per message would only churn the maps' tables
      return;
    }
    this.unqueue(ds, call);
    call.bucket = bucket;
    this.queueOf(ds, bucket)?.set(call.key, call);
    this.open.delete(call.key);
    this.open.set(call.key, call);
    this.lastQueued = call;
  }

  private advance(ds: DeviceState, time: number | null): Call[] {
    const out: Call[] = [];
    if (time !== null && time > ds.now) {
      ds.now = time;
      this.sweepDevice(ds, out);
    }
    while (this.open.size > this.opts.maxOpenCalls) {
      const oldest = this.open.values().next().value as OpenCall;
      this.counters.evicted++;
      this.finish(oldest, out);
    }
    return out;
  }

  private sweepDevice(ds: DeviceState, out: Call[]): void {
    for (const [state, limit] of this.limits) {
      for (const c of ds.queues[state].values()) {
        if (c.lastTime !== null && c.lastTime + limit > ds.now) {
          break;
        }
        this.finish(c, out);
      }
    }
  }

  private finish(call: OpenCall, out: Call[]): void {
    call.closed = true;
    const ds = this.device(call.device);
    this.unqueue(ds, call);
    this.open.delete(call.key);
    for (const d of call.dialogs) {
      const slots = ds.slots.get(d.callId);
      if (slots) {
        const rest = slots.filter((s) => s.dialog !== d);
        if (rest.length > 0) {
          ds.slots.set(d.callId, rest);
        } else {
          ds.slots.delete(d.callId);
        }
      }
    }
    out.push(call.toCall());
  }
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareMessages(a: TracedMessage, b: TracedMessage): number {
  const ta = a.time ?? Number.NEGATIVE_INFINITY;
  const tb = b.time ?? Number.NEGATIVE_INFINITY;
  if (ta !== tb) {
    return ta < tb ? -1 : 1;
  }
  return a.order - b.order || cmp(a.device, b.device) || cmp(a.where, b.where) || cmp(a.raw, b.raw);
}

/**
 * Rebuilds calls from a full set of items (for the service: the stored messages of some calls).
 * Messages are sorted by time then order (no time sorts first), so the result is the same whatever
 * order they were stored in; CDR rows and gaps are attached after all messages. By default nothing
 * is handed on before the end (grace and quiet are infinite). Reader skips are not repeated in
 * `skipped`: it lists what the builder itself skipped.
 */
export function buildCalls(
  items: readonly ReaderItem[],
  opts?: Partial<BuilderOptions>,
): { calls: Call[]; health: PeerHealth[]; skipped: Skip[] } {
  const builder = new CallBuilder({
    ...DEFAULT_BUILDER_OPTIONS,
    graceMs: Number.POSITIVE_INFINITY,
    quietMs: Number.POSITIVE_INFINITY,
    answeredQuietMs: Number.POSITIVE_INFINITY,
    maxOpenCalls: Number.POSITIVE_INFINITY,
    ...opts,
  });
  const messages: TracedMessage[] = [];
  const cdrs: CdrRow[] = [];
  const gaps: SeqGap[] = [];
  for (const item of items) {
    if (item.type === 'message') {
      messages.push(item.message);
    } else if (item.type === 'cdr') {
      cdrs.push(item.row);
    } else if (item.type === 'gap') {
      gaps.push(item.gap);
    }
  }
  messages.sort(compareMessages);
  cdrs.sort((a, b) => cmp(a.device, b.device) || cmp(a.sessionKey, b.sessionKey) || cmp(a.sipCallId, b.sipCallId) || cmp(a.type, b.type) || cmp(a.where, b.where));
  gaps.sort((a, b) => cmp(a.device, b.device) || a.from - b.from || a.to - b.to);
  const calls: Call[] = [];
  const skipped: Skip[] = [];
  for (const m of messages) {
    const r = builder.add(m);
    calls.push(...r.calls);
    if (r.skipped) {
      skipped.push(r.skipped);
    }
  }
  for (const row of cdrs) {
    builder.addCdr(row);
  }
  for (const gap of gaps) {
    builder.addGap(gap);
  }
  calls.push(...builder.end());
  return { calls, health: builder.health(), skipped };
}
