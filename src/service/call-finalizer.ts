/**
 * Where records become stored calls, in Redis, correct with any number of workers:
 *
 *   records job: add every record under its key (idempotent by record id; ids of closed records
 *     are remembered, so a batch delivered again does not reopen a call) ─▶ the keys it touched
 *     go to the settle queue (key → time of its last new record)
 *   settle loop (every worker process): pop keys quiet for settleMs ─▶ lock K ─▶ load all of K's
 *     records (stream order: seq, time, where) ─▶ the format's assembler ─▶ buildCalls ─▶ complete?
 *       yes: merge with the call stored before for K (late records) ─▶ diagnose ─▶ put (upsert)
 *            ─▶ close K with the records used (a record that arrived meanwhile keeps K open, and
 *            K is rebuilt again at once) ─▶ remember "K was stored as ids…" (1 day) ─▶ unlock
 *       no:  leave K open (its next record brings it back) ─▶ unlock
 *   sweep job (Job Scheduler, every few seconds): keys quiet for SIPSLEUTH_CALL_QUIET_SEC ─▶ the
 *     same, stored as they are (complete or not)
 *
 * Formats without a session key (Oracle, Asterisk, FreeSWITCH, plain SIP) store each leg under its
 * own key (its Call-ID). Such a key's leg is remembered in a small index (leg-join-index.ts: device,
 * INVITE time, called numbers); when it settles, the keys of the legs near it (same device, join
 * window, matching number) are locked too (in one fixed order) and all their records, and the
 * calls they were stored as, are rebuilt together, so the call builder joins them by its own rule
 * exactly as `analyze` does. The call is stored under its id (the first leg's Call-ID), each
 * member key's marker points at it and a per-leg call stored before is deleted (store.delete
 * takes back its counters). A leg that settles first is stored alone and replaced when its
 * partner settles.
 *
 * Rebuilding from the full record set makes arrival order irrelevant; records are stored by id
 * and calls are upserted, so a retried or duplicated batch changes nothing. Waiting for a key to
 * settle means a call is rebuilt about once, not once per batch that touched it. OPTIONS-only
 * keys feed peer health (merged per peer under a lock, counted once per key).
 */
import type { Call, PeerHealth } from '../calls/call';
import type { FramedRecord, ReaderItem, SeqGap, Skip, TransportEvent } from '../formats/record';
import type { CallReport, Verdict } from '../diagnosis/verdict';
import { StoreUnavailableError } from '../errors';
import type { Logger } from '../log/logger';
import type { CallStore, StoredCall } from '../store/call-store';
import { encodeRecords, ENCODED_RECORD_FIELDS, type BatchAddResult, type EncodedRecords } from '../store/open-calls';
import { isRecordBatchKey } from '../store/record-batch';
import type { Redis } from 'ioredis';
import { callEventsKey, publishCallEvents } from './call-events';
import { CpuTurns } from './cpu-turns';
import { healthKeyOf, mergeHealth } from './health-merge';
import { legFactsOf } from './leg-facts';
import { LegJoinIndex } from './leg-join-index';
import type { ServiceMetrics } from './metrics';
import type { SettleQueue } from './settle-queue';
import { itemsOfStoredCall, mergeItems } from './stored-call-items';

/** What the finalizer needs of the open-call store (src/store/open-calls.ts `OpenCallStore`). */
export interface OpenCallsPort {
  /** records encoded by `encodeRecords` (src/store/open-calls.ts) */
  addEncoded(recs: EncodedRecords, now: number): Promise<number>;
  /** a batch value's records (src/store/record-batch.ts), stored inside Redis */
  addBatch(batchKey: string, now: number): Promise<BatchAddResult>;
  loadRecords(key: string): Promise<FramedRecord[]>;
  keysQuietSince(cutoff: number, limit: number): Promise<string[]>;
  lastActivity(key: string): Promise<number | null>;
  close(key: string, records?: FramedRecord[]): Promise<boolean>;
  lock(key: string, ttlMs: number): Promise<string | null>;
  unlock(key: string, token: string): Promise<boolean>;
  addGaps(gaps: SeqGap[]): Promise<void>;
  gapsBetween(device: string, from: number, to: number): Promise<SeqGap[]>;
}

/** The pure stages, as the CLI uses them. */
export interface CallPipeline {
  /** records of one key, in order → messages, CDR rows, gaps, skips */
  assemble(key: string, records: FramedRecord[]): ReaderItem[];
  build(items: ReaderItem[]): { calls: Call[]; health: PeerHealth[]; skipped: Skip[] };
  /**
   * the verdict and the §3 entry of one built call; `items` are the assembled items it was built
   * from (transport failures logged among them count as evidence)
   */
  report(call: Call, items: readonly ReaderItem[]): { report: CallReport; verdict: Verdict };
}

export type FinalizeResult =
  | { status: 'open' }
  | { status: 'empty' }
  /** a pure stage threw (a bug for this call's data): counted and logged; the key stays for the sweep */
  | { status: 'failed'; why: string }
  | { status: 'stored'; calls: number; messages: number; health: number };

export interface CallFinalizerOptions {
  open: OpenCallsPort;
  /** `delete` removes a call superseded by a joined one (src/store/redis-store.ts) */
  store: CallStore & { delete(id: string): Promise<boolean> };
  /** connection for the stored-key markers and the call events stream (waits while Redis is away) */
  redis: Redis;
  /** prefix of the finalizer's own keys (markers, events) */
  prefix: string;
  /** keys waiting to settle (shared by every worker) */
  settle: SettleQueue;
  pipeline: CallPipeline;
  metrics: ServiceMetrics;
  logger: Logger;
  quietMs: number;
  /** a key is rebuilt once it has had no new record this long (default 1000 ms) */
  settleMs?: number;
  /**
   * how long the keys of a settle round run their CPU-heavy steps in one turn of the event loop
   * before letting other I/O in (cpu-turns.ts; default 50 ms). 0: a turn per key, for a process that
   * also runs the syslog listener (its datagrams must be read while the round goes on).
   */
  turnBudgetMs?: number;
  lockTtlMs?: number;
  /** how long a health update waits for its peer's lock */
  lockWaitMs?: number;
  /** how long "this key was stored as calls …" is remembered, for late records */
  storedMarkerSec?: number;
}

/** Keys a sweep remembers having left open; past this many it forgets them all (they are looked at again). */
const MAX_DEFERRED = 100_000;

/** One key as the finalizer loads it. */
interface KeyState {
  key: string;
  records: FramedRecord[];
  /** the calls the key was stored as before, by id (its marker) */
  storedIds: string[];
  gaps: ReaderItem[];
  before: Array<StoredCall | null>;
}

interface Built {
  built: ReturnType<CallPipeline['build']>;
  /** what the calls were built from */
  items: ReaderItem[];
  /** a message cut short or a piece the assembler could not place */
  partial: boolean;
}

/** A key of a format without session key (its key is a leg's Call-ID). */
/** What the store keeps of a call: `transport` only when the records held transport failures. */
function storedCall(report: CallReport, call: Call, verdict: Verdict, transport: TransportEvent[]): StoredCall {
  return transport.length > 0 ? { report, call, verdict, transport } : { report, call, verdict };
}

function isJoinable(st: KeyState): boolean {
  return st.records.length > 0 && st.records.every((r) => !r.keyIsSession);
}

/** SIP messages in the order the device logged them (time, then position), other items after. */
function inLogOrder(items: ReaderItem[]): ReaderItem[] {
  const messages: Array<Extract<ReaderItem, { type: 'message' }>> = [];
  const rest: ReaderItem[] = [];
  for (const i of items) {
    if (i.type === 'message') {
      messages.push(i);
    } else {
      rest.push(i);
    }
  }
  messages.sort((a, b) => {
    const ta = a.message.time ?? Number.POSITIVE_INFINITY;
    const tb = b.message.time ?? Number.POSITIVE_INFINITY;
    return ta !== tb ? (ta < tb ? -1 : 1) : a.message.order - b.message.order;
  });
  return [...messages, ...rest];
}

export class CallFinalizer {
  private readonly o: Required<CallFinalizerOptions>;
  private readonly joins: LegJoinIndex;
  /** keys a sweep left open (a message cut short) → not before this time again (UTC ms) */
  private readonly deferred = new Map<string, number>();
  /** the keys of a settle round take turns for their CPU-heavy steps (see cpu-turns.ts) */
  private readonly turns: CpuTurns;

  constructor(opts: CallFinalizerOptions) {
    this.o = {
      ...opts,
      lockTtlMs: opts.lockTtlMs ?? 30_000,
      lockWaitMs: opts.lockWaitMs ?? 5_000,
      storedMarkerSec: opts.storedMarkerSec ?? 86_400,
      settleMs: opts.settleMs ?? 1000,
      turnBudgetMs: opts.turnBudgetMs ?? 50,
    };
    this.joins = new LegJoinIndex(opts.redis, { prefix: opts.prefix });
    this.turns = new CpuTurns(this.o.turnBudgetMs);
  }

  private markerKey(key: string): string {
    return `${this.o.prefix}:stored:${key}`;
  }

  /** One batch: records added under their keys, the keys queued to be rebuilt once they settle. */
  async ingest(records: FramedRecord[], gaps: SeqGap[], now: number): Promise<{ keys: number }> {
    return this.ingestEncoded(encodeRecords(records), gaps, now);
  }

  /** `ingest` for records already encoded (as a records job carries them). */
  async ingestEncoded(recs: EncodedRecords, gaps: SeqGap[], now: number): Promise<{ keys: number }> {
    if (gaps.length > 0) {
      await this.o.open.addGaps(gaps);
    }
    await this.o.open.addEncoded(recs, now);
    this.o.metrics.recordsProcessed.inc(recs.length / ENCODED_RECORD_FIELDS);
    const keys = new Set<string>();
    for (let i = 0; i < recs.length; i += ENCODED_RECORD_FIELDS) {
      keys.add(recs[i]);
    }
    await this.o.settle.touch([...keys], now);
    return { keys: keys.size };
  }

  /**
   * A records job of v3: its batch value's records stored under their keys inside Redis (their
   * bytes do not come to this process), the keys queued to be rebuilt once they settle. A batch
   * stored before (a retried job) changes nothing but queues its keys again. `bad` when the job
   * cannot be stored (no such batch, not a batch, a key outside this installation): bad job data.
   */
  async ingestBatch(
    batch: string | null,
    records: number,
    gaps: SeqGap[],
    now: number,
  ): Promise<{ keys: number; bad?: undefined } | { bad: string }> {
    if (batch !== null && !isRecordBatchKey(this.o.prefix, batch)) {
      return { bad: `the batch ${JSON.stringify(batch)} is not a batch of this installation (${this.o.prefix})` };
    }
    if (gaps.length > 0) {
      await this.o.open.addGaps(gaps);
    }
    if (batch === null) {
      return { keys: 0 };
    }
    const r = await this.o.open.addBatch(batch, now);
    if (r.status === 'missing') {
      return { bad: `the batch ${batch} is not in Redis (never written, or kept past its expiry): its ${records} records are lost` };
    }
    if (r.status === 'malformed') {
      return { bad: `the value of ${batch} is not a records batch` };
    }
    if (r.status === 'stored') {
      this.o.metrics.recordsProcessed.inc(records);
    }
    await this.o.settle.touch(r.keys, now);
    return { keys: r.keys.length };
  }

  /**
   * Rebuilds the keys that have had no new record for settleMs (at most `limit`, `parallel` at a
   * time) and stores the complete calls. A key another worker holds goes back to the queue.
   *
   * The keys of a round go through their steps side by side: `parallel` keys are locked at once
   * and rebuilt together, so each step (lock, load records, marker, gaps, put, close, event,
   * unlock) of all of them is issued in the same tick and, on the auto-pipelining store
   * connection, costs one write and one read for the group instead of one round trip per key.
   * A key is locked only while it is being rebuilt (a partner lock it waits for is never held
   * idle by this worker).
   */
  async settle(now: number, limit = 200, parallel = 200): Promise<{ keys: number; stored: number }> {
    const due = await this.o.settle.popDue(now - this.o.settleMs, limit);
    let stored = 0;
    const step = Math.max(1, parallel);
    for (let at = 0; at < due.length; at += step) {
      const group = due.slice(at, at + step);
      const results = await Promise.allSettled(group.map(async (d) => this.settleOne(d.key, d.lastActivity)));
      let failure: unknown = null;
      for (const r of results) {
        if (r.status === 'fulfilled') {
          stored += r.value;
        } else {
          failure ??= r.reason;
        }
      }
      if (failure !== null) {
        // the keys not reached yet go back to the queue (the failed ones are found by the quiet sweep)
        for (const d of due.slice(at + step)) {
          await this.o.settle.touch([d.key], d.lastActivity);
        }
        throw failure;
      }
    }
    return { keys: due.length, stored };
  }

  /** One due key: locked (else queued again), rebuilt, unlocked. The calls stored. */
  private async settleOne(key: string, lastActivity: number): Promise<number> {
    const token = await this.o.open.lock(key, this.o.lockTtlMs);
    if (token === null) {
      await this.o.settle.touch([key], lastActivity);
      return 0;
    }
    try {
      const r = await this.finalizeLocked(key, 'complete', lastActivity);
      return r.status === 'stored' ? r.calls : 0;
    } finally {
      await this.o.open.unlock(key, token);
    }
  }

  /**
   * Finalizes keys quiet since `now - quietMs`, at most `limit` of them; busy keys wait for the next
   * sweep. A key left open because it holds a message cut short (it may wait up to 10 quiet
   * periods, `mayWaitLonger`) is looked at again by this process only a quiet period later, not on
   * every sweep: under loss (UDP) hundreds of such keys were rebuilt every 2 s, and being the
   * quietest they filled the sweep's `limit` ahead of keys that had just gone quiet.
   */
  async sweep(now: number, limit = 1000): Promise<{ keys: number; stored: number }> {
    const keys = await this.o.open.keysQuietSince(now - this.o.quietMs, limit + Math.min(this.deferred.size, 4 * limit));
    let stored = 0;
    let examined = 0;
    for (const key of keys) {
      const until = this.deferred.get(key);
      if (until !== undefined && until > now) {
        continue;
      }
      this.deferred.delete(key);
      if (examined >= limit) {
        break;
      }
      examined++;
      const token = await this.o.open.lock(key, this.o.lockTtlMs);
      if (token === null) {
        continue;
      }
      try {
        const r = await this.finalizeLocked(key, 'quiet', (await this.o.open.lastActivity(key)) ?? undefined, now);
        if (r.status === 'open') {
          if (this.deferred.size >= MAX_DEFERRED) {
            this.deferred.clear();
          }
          this.deferred.set(key, now + this.o.quietMs);
        } else if (r.status === 'stored') {
          stored += r.calls;
        } else if (r.status === 'failed') {
          // the same records would fail every sweep: let them go (logged and counted above)
          await this.o.open.close(key);
          this.o.metrics.dropped.inc({ reason: 'pipeline-failure' });
        }
      } finally {
        await this.o.open.unlock(key, token);
      }
    }
    return { keys: examined, stored };
  }

  private async lockWaiting(key: string): Promise<string> {
    const deadline = Date.now() + this.o.lockWaitMs;
    let pause = 5;
    for (;;) {
      const token = await this.o.open.lock(key, this.o.lockTtlMs);
      if (token !== null) {
        return token;
      }
      if (Date.now() > deadline) {
        throw new StoreUnavailableError(`${key} stayed locked by another worker; the job is retried`);
      }
      await new Promise((r) => setTimeout(r, pause));
      pause = Math.min(pause * 2, 100);
    }
  }

  /** The key's lock is held by the caller. Rebuilds again while records keep arriving (≤ 5 rounds). */
  private async finalizeLocked(
    key: string,
    finish: 'complete' | 'quiet',
    lastActivity?: number,
    now?: number,
  ): Promise<FinalizeResult> {
    let result: FinalizeResult = { status: 'empty' };
    for (let round = 0; round < 5; round++) {
      const r = await this.finalizeOnce(key, finish, lastActivity, now);
      if (r.result.status === 'stored' || result.status !== 'stored') {
        result = r.result;
      }
      if (r.settled) {
        break;
      }
    }
    return result;
  }

  private async finalizeOnce(
    key: string,
    finish: 'complete' | 'quiet',
    lastActivity?: number,
    now?: number,
  ): Promise<{ result: FinalizeResult; settled: boolean }> {
    const records = await this.o.open.loadRecords(key);
    if (records.length === 0) {
      return { result: { status: 'empty' }, settled: true };
    }
    const own = await this.keyState(key, records);
    await this.turns.take();
    let first: Built;
    try {
      first = this.buildStates([own]);
    } catch (err) {
      return { result: this.failed(key, err), settled: true };
    }
    for (const sk of first.built.skipped) {
      this.o.metrics.skipped.inc({ reason: 'call-builder' });
      this.o.logger.debug({ key, where: sk.where, why: sk.why }, 'skipped while rebuilding a call');
    }
    const facts = isJoinable(own) ? legFactsOf(first.built.calls, key) : null;
    if (facts === null) {
      return this.storeBuilt(key, [own], first, first.built.health, finish, lastActivity, now);
    }
    // a leg without session key: rebuilt together with the legs it may be joined to (as `analyze` does)
    await this.joins.register(key, records[0].device, facts, false);
    const others = await this.joins.group(key);
    if (others.length === 0) {
      return this.storeBuilt(key, [own], first, first.built.health, finish, lastActivity, now);
    }
    const held = await this.lockPartners(key, others);
    if (held === null) {
      await this.o.settle.touch([key], lastActivity ?? Date.now());
      return { result: { status: 'open' }, settled: true };
    }
    try {
      const states = [own, ...(await Promise.all(others.map(async (k) => this.keyState(k, await this.o.open.loadRecords(k)))))];
      let group: Built;
      await this.turns.take();
      try {
        group = this.buildStates(states);
      } catch (err) {
        return { result: this.failed(key, err), settled: true };
      }
      return await this.storeBuilt(key, states, group, first.built.health, finish, lastActivity, now);
    } finally {
      for (const h of held) {
        await this.o.open.unlock(h.key, h.token);
      }
    }
  }

  /**
   * Locks the partner keys of `key` (whose lock the caller holds) in one fixed order, so workers
   * never wait on each other in a circle: a key sorting before `key` is tried once, a key after it
   * is waited for. Null when one could not be had (the caller tries again later); nothing is held then.
   */
  private async lockPartners(key: string, others: string[]): Promise<Array<{ key: string; token: string }> | null> {
    const held: Array<{ key: string; token: string }> = [];
    for (const k of [...others].sort()) {
      let token: string | null;
      if (k < key) {
        token = await this.o.open.lock(k, this.o.lockTtlMs);
      } else {
        token = await this.lockWaiting(k).catch((err: unknown) => {
          if (err instanceof StoreUnavailableError) {
            return null;
          }
          throw err;
        });
      }
      if (token === null) {
        for (const h of held) {
          await this.o.open.unlock(h.key, h.token);
        }
        return null;
      }
      held.push({ key: k, token });
    }
    return held;
  }

  /** A key's open records and the calls it was stored as before (late records). */
  private async keyState(key: string, records: FramedRecord[]): Promise<KeyState> {
    const markerRaw = await this.o.redis.get(this.markerKey(key));
    const storedIds = markerRaw ? (JSON.parse(markerRaw) as string[]) : [];
    const [gaps, before] = await Promise.all([
      this.gapItems(records),
      Promise.all(storedIds.map((id) => this.o.store.get(id))),
    ]);
    return { key, records, storedIds, gaps, before };
  }

  /** The pure stages over the keys' records (and the calls they were stored as). Throws on a bug. */
  private buildStates(states: KeyState[]): Built {
    let partial = false;
    const lists: ReaderItem[][] = [];
    for (const st of states) {
      const assembled = this.o.pipeline.assemble(st.key, st.records);
      partial ||= assembled.some((i) => i.type === 'skip' || (i.type === 'message' && i.message.truncated === true));
      let items = assembled.concat(st.gaps);
      if (st.storedIds.length > 0) {
        items = mergeItems(st.before.flatMap((s) => (s ? itemsOfStoredCall(s.call, s.transport) : [])), items);
      }
      lists.push(items);
    }
    const items = lists.length === 1 ? lists[0] : inLogOrder(mergeItems(...lists));
    return { built: this.o.pipeline.build(items), items, partial };
  }

  /**
   * Stores the calls of `key` (its leg's call only, when other keys were rebuilt with it), closes
   * the records of every key whose leg went into them and points those keys' markers at the calls;
   * a call one of them was stored as before and that is not among them any more is deleted.
   */
  private async storeBuilt(
    key: string,
    states: KeyState[],
    b: Built,
    health: PeerHealth[],
    finish: 'complete' | 'quiet',
    lastActivity?: number,
    now?: number,
  ): Promise<{ result: FinalizeResult; settled: boolean }> {
    const joined = states.length > 1;
    const calls = joined ? b.built.calls.filter((c) => c.legs.some((l) => l.callId === key)) : b.built.calls;
    const done =
      finish === 'quiet' ||
      (calls.length > 0 && calls.every((c) => c.complete)) ||
      (calls.length === 0 && health.length > 0 && health.every(healthSettled));
    if (!done || (finish === 'quiet' && b.partial && this.mayWaitLonger(lastActivity, now))) {
      return { result: { status: 'open' }, settled: true };
    }
    let reports: CallReport[];
    let verdicts: Verdict[];
    // diagnosing and encoding the stored calls (in put) run in this turn
    await this.turns.take();
    try {
      const decided = calls.map((call) => this.o.pipeline.report(call, b.items));
      reports = decided.map((d) => d.report);
      verdicts = decided.map((d) => d.verdict);
    } catch (err) {
      return { result: this.failed(key, err), settled: true };
    }
    // the transport failures the call was decided with go with it: a rebuild after late records needs them
    const transport = b.items.flatMap((i) => (i.type === 'transport' ? [i.event] : []));
    const ids = reports.map((r) => r.id);
    const legIds = new Set(calls.flatMap((c) => c.legs.map((l) => l.callId)));
    const members = joined ? states.filter((st) => st.key === key || legIds.has(st.key)) : states;
    const supersedes = isJoinable(states[0]);
    const oldIds = new Set(members.flatMap((st) => st.storedIds));
    const markerIds = supersedes ? ids : [...new Set([...states[0].storedIds, ...ids])];
    const gone = supersedes && ids.length > 0 ? [...oldIds].filter((id) => !ids.includes(id)) : [];
    // the markers are written before the records go, so late records always find the stored call
    await Promise.all([
      ...calls.map((call, i) => this.o.store.put(storedCall(reports[i], call, verdicts[i], transport))),
      health.length > 0 ? this.mergePeerHealth(key, health) : null,
      ...(ids.length > 0
        ? members.map((st) => this.o.redis.set(this.markerKey(st.key), JSON.stringify(markerIds), 'EX', this.o.storedMarkerSec))
        : []),
    ]);
    for (const id of gone) {
      await this.o.store.delete(id);
    }
    if (joined) {
      await this.joins.retire(members.map((st) => st.key));
    } else if (supersedes) {
      await this.joins.retire([key]);
    }
    let closed = true;
    for (const st of members) {
      closed = (await this.o.open.close(st.key, st.records)) && closed;
    }
    const storedAt = Date.now();
    await publishCallEvents(this.o.redis, callEventsKey(this.o.prefix), reports, finish, storedAt);
    let messages = 0;
    for (const call of calls) {
      for (const leg of call.legs) {
        messages += leg.messages.length;
      }
    }
    for (const r of reports) {
      this.o.metrics.callsStored.inc({ outcome: r.outcome, finish });
    }
    this.o.metrics.sipMessages.inc(messages);
    if (lastActivity !== undefined && reports.length > 0) {
      this.o.metrics.storeDelay.observe(Math.max(0, storedAt - lastActivity) / 1000);
    }
    return { result: { status: 'stored', calls: reports.length, messages, health: health.length }, settled: closed };
  }

  /**
   * A quiet key whose records hold a message cut short or a piece the assembler could not place
   * (an SBC or an ingest process stopped mid-message) is kept open for up to 10 quiet periods
   * rather than closed: closing deletes the records used, and the rest of the message could
   * never be joined to them again.
   */
  private mayWaitLonger(lastActivity?: number, now?: number): boolean {
    return lastActivity !== undefined && now !== undefined && now - lastActivity <= 10 * this.o.quietMs;
  }

  private failed(key: string, err: unknown): FinalizeResult {
    const why = err instanceof Error ? err.message : String(err);
    this.o.metrics.errors.inc({ kind: 'pipeline' });
    this.o.logger.error({ key, err: why }, 'rebuilding a call failed; its records stay open');
    return { status: 'failed', why };
  }

  private async gapItems(records: FramedRecord[]): Promise<ReaderItem[]> {
    const range = new Map<string, { from: number; to: number }>();
    for (const r of records) {
      if (r.seq === undefined) {
        continue;
      }
      const cur = range.get(r.device);
      if (!cur) {
        range.set(r.device, { from: r.seq, to: r.seq });
      } else {
        cur.from = Math.min(cur.from, r.seq);
        cur.to = Math.max(cur.to, r.seq);
      }
    }
    const lists = await Promise.all([...range].map(([device, x]) => this.o.open.gapsBetween(device, x.from, x.to)));
    return lists.flat().map((gap) => ({ type: 'gap' as const, gap }));
  }

  /**
   * Adds this key's OPTIONS exchanges to each peer's health, once per key (a key finalized again
   * after a duplicate batch is not counted twice; the caller holds the key's lock), under a
   * per-peer lock.
   */
  private async mergePeerHealth(key: string, pieces: PeerHealth[]): Promise<void> {
    const counted = `${this.o.prefix}:health-counted:${key}`;
    if ((await this.o.redis.exists(counted)) === 1) {
      return;
    }
    for (const piece of pieces) {
      const lockKey = `health|${healthKeyOf(piece)}`;
      const token = await this.lockWaiting(lockKey);
      try {
        const current = await this.o.store.health();
        const prev = current.find((h) => healthKeyOf(h) === healthKeyOf(piece));
        await this.o.store.putHealth([mergeHealth(prev, piece)]);
        this.o.metrics.healthStored.inc();
      } finally {
        await this.o.open.unlock(lockKey, token);
      }
    }
    await this.o.redis.set(counted, '1', 'EX', this.o.storedMarkerSec);
  }
}

/** An OPTIONS exchange is settled when each OPTIONS we sent has had an answer. */
function healthSettled(h: PeerHealth): boolean {
  return h.optionsSent === 0 || h.optionsAnswered + h.optionsRejected >= h.optionsSent;
}
