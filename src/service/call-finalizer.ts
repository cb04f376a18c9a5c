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
 * Rebuilding from the full record set makes arrival order irrelevant; records are stored by id
 * and calls are upserted, so a retried or duplicated batch changes nothing. Waiting for a key to
 * settle means a call is rebuilt about once, not once per batch that touched it. OPTIONS-only
 * keys feed peer health (merged per peer under a lock, counted once per key).
 */
import type { Call, PeerHealth } from '../calls/call';
import type { FramedRecord, ReaderItem, SeqGap, Skip } from '../formats/record';
import type { CallReport } from '../diagnosis/verdict';
import { StoreUnavailableError } from '../errors';
import type { Logger } from '../log/logger';
import type { CallStore } from '../store/call-store';
import type { Redis } from 'ioredis';
import { callEventsKey, publishCallEvents } from './call-events';
import { healthKeyOf, mergeHealth } from './health-merge';
import type { ServiceMetrics } from './metrics';
import type { SettleQueue } from './settle-queue';
import { itemsOfStoredCall, mergeItems } from './stored-call-items';

/** What the finalizer needs of the open-call store (src/store/open-calls.ts `OpenCallStore`). */
export interface OpenCallsPort {
  addRecords(records: FramedRecord[], now: number): Promise<number>;
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
  report(call: Call): CallReport;
}

export type FinalizeResult =
  | { status: 'open' }
  | { status: 'empty' }
  /** a pure stage threw (a bug for this call's data): counted and logged; the key stays for the sweep */
  | { status: 'failed'; why: string }
  | { status: 'stored'; calls: number; messages: number; health: number };

export interface CallFinalizerOptions {
  open: OpenCallsPort;
  store: CallStore;
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
  lockTtlMs?: number;
  /** how long a health update waits for its peer's lock */
  lockWaitMs?: number;
  /** how long "this key was stored as calls …" is remembered, for late records */
  storedMarkerSec?: number;
}

export class CallFinalizer {
  private readonly o: Required<CallFinalizerOptions>;

  constructor(opts: CallFinalizerOptions) {
    this.o = {
      ...opts,
      lockTtlMs: opts.lockTtlMs ?? 30_000,
      lockWaitMs: opts.lockWaitMs ?? 5_000,
      storedMarkerSec: opts.storedMarkerSec ?? 86_400,
      settleMs: opts.settleMs ?? 1000,
    };
  }

  private markerKey(key: string): string {
    return `${this.o.prefix}:stored:${key}`;
  }

  /** One batch: records added under their keys, the keys queued to be rebuilt once they settle. */
  async ingest(records: FramedRecord[], gaps: SeqGap[], now: number): Promise<{ keys: number }> {
    if (gaps.length > 0) {
      await this.o.open.addGaps(gaps);
    }
    await this.o.open.addRecords(records, now);
    this.o.metrics.recordsProcessed.inc(records.length);
    const keys = [...new Set(records.map((r) => r.key))];
    await this.o.settle.touch(keys, now);
    return { keys: keys.length };
  }

  /**
   * Rebuilds the keys that have had no new record for settleMs (at most `limit`, `parallel` at a
   * time) and stores the complete calls. A key another worker holds goes back to the queue.
   */
  async settle(now: number, limit = 200, parallel = 8): Promise<{ keys: number; stored: number }> {
    const due = await this.o.settle.popDue(now - this.o.settleMs, limit);
    let stored = 0;
    let next = 0;
    const run = async (): Promise<void> => {
      while (next < due.length) {
        const d = due[next++];
        const token = await this.o.open.lock(d.key, this.o.lockTtlMs);
        if (token === null) {
          await this.o.settle.touch([d.key], d.lastActivity);
          continue;
        }
        try {
          const r = await this.finalizeLocked(d.key, 'complete', d.lastActivity);
          if (r.status === 'stored') {
            stored += r.calls;
          }
        } finally {
          await this.o.open.unlock(d.key, token);
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(parallel, due.length) }, run));
    return { keys: due.length, stored };
  }

  /** Finalizes keys quiet since `now - quietMs`, at most `limit` of them; busy keys wait for the next sweep. */
  async sweep(now: number, limit = 1000): Promise<{ keys: number; stored: number }> {
    const keys = await this.o.open.keysQuietSince(now - this.o.quietMs, limit);
    let stored = 0;
    for (const key of keys) {
      const token = await this.o.open.lock(key, this.o.lockTtlMs);
      if (token === null) {
        continue;
      }
      try {
        const r = await this.finalizeLocked(key, 'quiet', (await this.o.open.lastActivity(key)) ?? undefined, now);
        if (r.status === 'stored') {
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
    return { keys: keys.length, stored };
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
    const [records, markerRaw] = await Promise.all([
      this.o.open.loadRecords(key),
      this.o.redis.get(this.markerKey(key)),
    ]);
    if (records.length === 0) {
      return { result: { status: 'empty' }, settled: true };
    }
    const storedIds = markerRaw ? (JSON.parse(markerRaw) as string[]) : [];
    const [gaps, before] = await Promise.all([
      this.gapItems(records),
      Promise.all(storedIds.map((id) => this.o.store.get(id))),
    ]);
    let built: ReturnType<CallPipeline['build']>;
    let partial: boolean;
    try {
      const assembled = this.o.pipeline.assemble(key, records);
      partial = assembled.some((i) => i.type === 'skip' || (i.type === 'message' && i.message.truncated === true));
      let items = assembled.concat(gaps);
      if (storedIds.length > 0) {
        items = mergeItems(before.flatMap((s) => (s ? itemsOfStoredCall(s.call) : [])), items);
      }
      built = this.o.pipeline.build(items);
    } catch (err) {
      return { result: this.failed(key, err), settled: true };
    }
    for (const s of built.skipped) {
      this.o.metrics.skipped.inc({ reason: 'call-builder' });
      this.o.logger.debug({ key, where: s.where, why: s.why }, 'skipped while rebuilding a call');
    }
    const done =
      finish === 'quiet' ||
      (built.calls.length > 0 && built.calls.every((c) => c.complete)) ||
      (built.calls.length === 0 && built.health.length > 0 && built.health.every(healthSettled));
    if (!done || (finish === 'quiet' && partial && this.mayWaitLonger(lastActivity, now))) {
      return { result: { status: 'open' }, settled: true };
    }
    let reports: CallReport[];
    try {
      reports = built.calls.map((call) => this.o.pipeline.report(call));
    } catch (err) {
      return { result: this.failed(key, err), settled: true };
    }
    const ids = reports.map((r) => r.id);
    const allIds = [...new Set([...storedIds, ...ids])];
    // the marker is written before the records go, so late records always find the stored call
    await Promise.all([
      ...built.calls.map((call, i) => this.o.store.put({ report: reports[i], call })),
      built.health.length > 0 ? this.mergePeerHealth(key, built.health) : null,
      ids.length > 0 ? this.o.redis.set(this.markerKey(key), JSON.stringify(allIds), 'EX', this.o.storedMarkerSec) : null,
    ]);
    const closed = await this.o.open.close(key, records);
    const storedAt = Date.now();
    await publishCallEvents(this.o.redis, callEventsKey(this.o.prefix), reports, finish, storedAt);
    let messages = 0;
    for (const call of built.calls) {
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
    return { result: { status: 'stored', calls: reports.length, messages, health: built.health.length }, settled: closed };
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
