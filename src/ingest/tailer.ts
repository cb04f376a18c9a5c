import { watch as watchFolder, type FSWatcher as FolderWatcher } from 'node:fs';
import { opendir, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import chokidar from 'chokidar';
import { ConfigError } from '../errors';
import type { Logger } from '../log/logger';
import { DEFAULT_BACKOFF } from './backoff';
import { FileTail, type FileTailDeps, type FileTailOptions, type PollResult } from './file-tail';
import { errCode, errText } from './fs-errors';
import { FormatChooser, type FormatRegistry } from './format-choice';
import { defaultRegistry } from './format-registry';
import type { IngestMetrics } from './ingest-metrics';
import type { FileState, OffsetStore } from './offset-store';
import type { RecordSink } from './record-sink';
import { KeyedWarnings } from './rate-limited-log';
import { RetiredFiles } from './retired-files';
import { isRotationOf, rotationBase } from './rotation-names';
import { expandTarget, parseWatchSpec, type WatchTarget } from './watch-targets';

/**
 * The file tailer: watches files, folders and globs (prompt events, plus a periodic poll and
 * rescan so nothing depends on an event arriving), and runs one `FileTail` per file.
 * Targets one folder level deep (a file, `dir/*.log`) are watched with Node's own `fs.watch` on
 * the folder: an event only wakes the file. chokidar (deeper targets, polling mode, a folder that
 * cannot be watched yet) lists the folder again and stats its entries on every write to a file in
 * it: ≈0.5 ms of CPU per write, the larger part of the file path's cost at a few writes a second.
 * Each file is polled by one loop at a time; files do not wait for each other.
 */

export interface TailerOptions {
  /** files, folders and globs (SIPSLEUTH_WATCH) */
  watch: string[];
  /** 'auto' or a format name (SIPSLEUTH_FORMAT) */
  format: string;
  reader: { tz: string; year?: number; maxLineBytes: number };
  /** resolve relative watch specs against this folder (default: the process's) */
  cwd?: string;
  /** how often every file is checked even without a watch event */
  pollMs?: number;
  /** how often the watch specs are expanded again (finds files an event was missed for) */
  rescanMs?: number;
  /** chokidar's polling mode, for network file systems */
  usePolling?: boolean;
  chunkBytes?: number;
  batchRecords?: number;
  batchWaitMs?: number;
  idleFlushMs?: number;
  /** quiet this long in the middle of a record: it is handed on as it is (default 30 s) */
  unfinishedFlushMs?: number;
  rotateGraceMs?: number;
  backoff?: { minMs: number; maxMs: number };
}

export interface TailerDeps {
  sink: RecordSink;
  offsets: OffsetStore;
  logger: Logger;
  metrics: IngestMetrics;
  registry?: FormatRegistry;
  now?: () => number;
}

interface Tracked {
  tail: FileTail;
  running: Promise<void> | null;
  again: boolean;
}

export class FileTailer {
  private readonly live = new Map<string, Tracked>();
  private readonly draining = new Set<Tracked>();
  private readonly opening = new Set<string>();
  private readonly retired = new RetiredFiles();
  private readonly warnings = new KeyedWarnings(60_000);
  private readonly unreadableRoots = new Set<string>();
  private targets: WatchTarget[] = [];
  /** per target (same index): its watcher, null after a folder watcher failed (tried again at rescans) */
  private watchers: Array<{ close(): unknown } | null> = [];
  private pollTimer: NodeJS.Timeout | null = null;
  private rescanTimer: NodeJS.Timeout | null = null;
  private abort = new AbortController();
  private stopping = false;
  private rescanning = false;
  private readonly tailOpts: FileTailOptions;
  private readonly log: Logger;
  private readonly registry: FormatRegistry;
  private readonly now: () => number;

  constructor(
    private readonly opts: TailerOptions,
    private readonly deps: TailerDeps,
  ) {
    this.registry = deps.registry ?? defaultRegistry();
    if (!FormatChooser.isValid(this.registry, opts.format)) {
      throw new ConfigError([`SIPSLEUTH_FORMAT: "${opts.format}" is not auto or a known format`]);
    }
    this.now = deps.now ?? Date.now;
    this.log = deps.logger.child({ component: 'tailer' });
    this.tailOpts = {
      format: opts.format,
      reader: opts.reader,
      chunkBytes: opts.chunkBytes ?? 1024 * 1024,
      batchRecords: opts.batchRecords ?? 500,
      batchWaitMs: opts.batchWaitMs ?? 200,
      idleFlushMs: opts.idleFlushMs ?? 2000,
      unfinishedFlushMs: Math.max(opts.unfinishedFlushMs ?? 30_000, opts.idleFlushMs ?? 2000),
      rotateGraceMs: opts.rotateGraceMs ?? 2000,
      sampleLines: 50,
      sampleBytes: 256 * 1024,
      backoff: opts.backoff ?? DEFAULT_BACKOFF,
    };
  }

  async start(): Promise<void> {
    this.stopping = false;
    this.abort = new AbortController();
    const cwd = this.opts.cwd ?? process.cwd();
    this.targets = await Promise.all(this.opts.watch.map((w) => parseWatchSpec(w, cwd)));
    this.watchers = this.targets.map((t) => this.watchFolder(t) ?? this.watchTree(t));
    await this.rescan();
    this.log.info({ watch: this.opts.watch, files: this.live.size }, `tailing ${this.live.size} files`);
    this.pollTimer = setInterval(() => this.pollAll(), this.opts.pollMs ?? 250);
    this.rescanTimer = setInterval(() => void this.rescan(), this.opts.rescanMs ?? 5000);
  }

  /** Stops watching, lets every file finish its pass, hands on what is complete and stores offsets. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.abort.abort();
    if (this.pollTimer) {
      clearInterval(this.pollTimer);
    }
    if (this.rescanTimer) {
      clearInterval(this.rescanTimer);
    }
    this.pollTimer = null;
    this.rescanTimer = null;
    await Promise.all(this.watchers.map((w) => w?.close()));
    this.watchers = [];
    const all = [...this.live.values(), ...this.draining];
    await Promise.all(all.map((t) => t.running));
    await Promise.all(all.map((t) => t.tail.close()));
    this.live.clear();
    this.draining.clear();
  }

  /** files being tailed now, with their read and committed positions (for /healthz and tests) */
  files(): Array<ReturnType<FileTail['position']> & { draining: boolean }> {
    return [...this.live.values(), ...this.draining].map((t) => ({
      ...t.tail.position(),
      draining: t.tail.isDraining(),
    }));
  }

  /** chokidar on the target's root, for targets deeper than one folder level or polling mode */
  private watchTree(t: WatchTarget): { close(): unknown } {
    const w = chokidar.watch(t.root, {
      ignoreInitial: true,
      persistent: true,
      depth: t.depth,
      usePolling: this.opts.usePolling ?? false,
      interval: this.opts.pollMs ?? 250,
      ignored: (p, stats) => stats?.isFile() === true && !t.matches(path.normalize(p)),
    });
    w.on('add', (p) => this.onEvent(t, p, 'add'));
    w.on('change', (p) => this.onEvent(t, p, 'change'));
    w.on('unlink', (p) => this.onEvent(t, p, 'unlink'));
    w.on('error', (e) => this.watchFailed(t, e));
    return w;
  }

  /**
   * `fs.watch` on the root of a target one folder level deep (not in polling mode): a write wakes
   * its file, a name that appears is tracked once it is a file. null when the folder cannot be
   * watched now (not there yet, unreadable): chokidar then, as for deeper targets.
   */
  private watchFolder(t: WatchTarget): FolderWatcher | null {
    if (t.depth !== 0 || this.opts.usePolling === true) {
      return null;
    }
    let w: FolderWatcher;
    try {
      w = watchFolder(t.root, { persistent: true });
    } catch {
      return null;
    }
    w.on('change', (_type, name) => {
      if (name === null) {
        this.pollAll(); // no name (not on Linux): look at every file
      } else {
        this.onFolderEvent(t, path.join(t.root, name.toString()));
      }
    });
    w.on('error', (e) => {
      this.watchFailed(t, e);
      w.close();
      const i = this.targets.indexOf(t);
      if (this.watchers[i] === w) {
        this.watchers[i] = null; // the next rescan watches the folder again
      }
    });
    return w;
  }

  private onFolderEvent(t: WatchTarget, file: string): void {
    if (this.stopping || !t.matches(file)) {
      return;
    }
    const tracked = this.live.get(file);
    if (tracked) {
      this.wake(tracked);
      return;
    }
    stat(file).then(
      (st) => {
        if (st.isFile()) {
          this.onEvent(t, file, 'add');
        }
      },
      () => undefined, // gone again, or not readable: the rescan sees it
    );
  }

  private watchFailed(t: WatchTarget, e: unknown): void {
    this.deps.metrics.errors('watch');
    this.warnings.warn(`watch:${t.root}`, this.log, this.now(), { err: errText(e), root: t.root }, `watching ${t.root} failed: ${errText(e)}`);
  }

  private onEvent(t: WatchTarget, p: string, ev: 'add' | 'change' | 'unlink'): void {
    const file = path.resolve(p);
    if (this.stopping || !t.matches(file)) {
      return;
    }
    const tracked = this.live.get(file);
    if (tracked) {
      this.wake(tracked);
    } else if (ev !== 'unlink') {
      void this.track(file);
    }
  }

  private pollAll(): void {
    for (const t of this.live.values()) {
      this.wake(t);
    }
    for (const t of this.draining) {
      this.wake(t);
    }
  }

  private async rescan(): Promise<void> {
    if (this.rescanning) {
      return;
    }
    this.rescanning = true;
    try {
      await this.rescanTargets();
    } finally {
      this.rescanning = false;
    }
  }

  private async rescanTargets(): Promise<void> {
    for (const [i, t] of this.targets.entries()) {
      if (this.stopping) {
        return;
      }
      if (this.watchers[i] === null) {
        this.watchers[i] = this.watchFolder(t) ?? this.watchTree(t);
      }
      await this.checkRoot(t.root);
      let files: string[] = [];
      try {
        files = await expandTarget(t);
      } catch (e) {
        this.deps.metrics.errors('watch');
        this.warnings.warn(`list:${t.spec}`, this.log, this.now(), { err: errText(e), spec: t.spec }, `cannot list ${t.spec}: ${errText(e)}`);
      }
      // rotated names first: one that continues a stored offset must not be beaten by the new
      // file under the old name storing its own offset there
      const fresh = files.filter((f) => !this.live.has(f));
      await Promise.all(fresh.filter((f) => rotationBase(f) !== null).map((f) => this.track(f)));
      await Promise.all(fresh.filter((f) => rotationBase(f) === null).map((f) => this.track(f)));
    }
  }

  /** one log line when a watched folder becomes unreadable, one when it is readable again */
  private async checkRoot(root: string): Promise<void> {
    try {
      // opendir, not access(): access() checks the real uid, reading uses the effective one
      const d = await opendir(root);
      await d.close();
      if (this.unreadableRoots.delete(root)) {
        this.log.info({ root }, `${root} is readable again`);
      }
    } catch (e) {
      const code = errCode(e);
      if (code === 'ENOENT') {
        return; // a folder that does not exist yet: nothing to say every few seconds
      }
      if (!this.unreadableRoots.has(root)) {
        this.unreadableRoots.add(root);
        this.deps.metrics.errors('permission');
        this.log.warn({ root, err: errText(e) }, `cannot read folder ${root} (${code ?? errText(e)}): its files are not tailed until it is readable`);
      }
    }
  }

  private async track(file: string): Promise<void> {
    if (this.stopping || this.live.has(file) || this.opening.has(file)) {
      return;
    }
    this.opening.add(file);
    try {
      // a rotated file that shows up under a watched name: the draining tail follows it
      const ino = await inodeOf(file);
      for (const d of this.draining) {
        if (ino !== null && d.tail.inode === ino) {
          this.draining.delete(d);
          d.tail.adopt(file);
          this.live.set(file, d);
          this.wake(d);
          return;
        }
      }
      // renamed away from a path we still tail: let that tail notice first, then follow it
      for (const l of this.live.values()) {
        if (ino !== null && l.tail.inode === ino && (await inodeOf(l.tail.path)) !== ino) {
          this.wake(l);
          setTimeout(() => void this.track(file), this.opts.pollMs ?? 250).unref();
          return;
        }
      }
      await this.catchUpRotated(file, ino);
      const tail = await FileTail.open(file, this.tailOpts, this.tailDeps());
      if (tail && !this.stopping && !this.live.has(file)) {
        const t: Tracked = { tail, running: null, again: false };
        this.live.set(file, t);
        this.wake(t);
      } else if (tail) {
        await tail.close();
      }
    } catch (e) {
      this.deps.metrics.errors('read');
      this.log.warn({ file, err: errText(e) }, `cannot start tailing ${file}: ${errText(e)}`);
    } finally {
      this.opening.delete(file);
    }
  }

  private tailDeps(): FileTailDeps {
    return {
      sink: this.deps.sink,
      offsets: this.deps.offsets,
      logger: this.deps.logger,
      metrics: this.deps.metrics,
      registry: this.registry,
      retired: this.retired,
      warnings: this.warnings,
      now: this.now,
      signal: this.abort.signal,
    };
  }

  /**
   * The file at `file` is not the one whose offset is stored (it was rotated while we were
   * stopped): when the old file is still beside it under a rotated name that no target watches
   * (`sbc.log.1` for a `*.log` glob), read the rest of it from the stored offset first. A rotated
   * name that is watched is tailed by itself and continues from the stored offset (FileTail.open).
   */
  private async catchUpRotated(file: string, ino: string | null): Promise<void> {
    let saved: FileState | null;
    try {
      saved = await this.deps.offsets.get(file);
    } catch {
      return; // FileTail.open reports it
    }
    if (!saved || saved.inode === ino || this.tracksInode(saved.inode)) {
      return;
    }
    const dir = path.dirname(file);
    let names: string[];
    try {
      names = await readdir(dir);
    } catch {
      return;
    }
    for (const name of names) {
      const candidate = path.join(dir, name);
      if (!isRotationOf(candidate, file) || this.targets.some((t) => t.matches(candidate))) {
        continue;
      }
      if ((await inodeOf(candidate)) !== saved.inode) {
        continue;
      }
      const tail = await FileTail.open(candidate, this.tailOpts, this.tailDeps(), saved);
      if (!tail) {
        return;
      }
      this.log.info(
        { file, rotated: candidate, offset: saved.offset },
        `${file} was rotated to ${candidate} while stopped: reading the rest of it from where it was left`,
      );
      tail.drainFromNow();
      const t: Tracked = { tail, running: null, again: false };
      this.draining.add(t);
      this.wake(t);
      return;
    }
  }

  private tracksInode(ino: string): boolean {
    for (const t of this.live.values()) {
      if (t.tail.inode === ino) {
        return true;
      }
    }
    for (const t of this.draining) {
      if (t.tail.inode === ino) {
        return true;
      }
    }
    return false;
  }

  /** runs the file's poll loop, or asks the running loop for one more pass */
  private wake(t: Tracked): void {
    if (this.stopping) {
      return;
    }
    if (t.running) {
      t.again = true;
      return;
    }
    t.running = (async () => {
      do {
        t.again = false;
        const r = await t.tail.poll();
        this.settle(t, r);
        if (r !== 'ok') {
          break;
        }
      } while (t.again && !this.stopping);
    })()
      .catch((e: unknown) => {
        this.deps.metrics.errors('read');
        this.log.error({ err: errText(e) }, `tailing ${t.tail.path} failed: ${errText(e)}`);
      })
      .finally(() => {
        t.running = null;
      });
  }

  private settle(t: Tracked, r: PollResult): void {
    const file = t.tail.path;
    switch (r) {
      case 'ok':
      case 'stopped':
        return;
      case 'gone':
      case 'replaced':
        if (!t.tail.isDraining()) {
          return; // adopted under a new name meanwhile
        }
        if (this.live.get(file) === t) {
          this.live.delete(file);
        }
        this.draining.add(t);
        if (r === 'replaced') {
          void this.track(file);
        }
        return;
      case 'done':
      case 'failed':
        this.draining.delete(t);
        if (this.live.get(file) === t) {
          this.live.delete(file);
        }
        return;
    }
  }
}

async function inodeOf(file: string): Promise<string | null> {
  try {
    return String((await stat(file, { bigint: true })).ino);
  } catch {
    return null;
  }
}
