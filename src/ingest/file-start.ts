import { open, type FileHandle } from 'node:fs/promises';
import { StoreUnavailableError } from '../errors';
import type { Logger } from '../log/logger';
import { FINGERPRINT_BYTES, fingerprintLength, fingerprintOf, readHead } from './fingerprint';
import { errCode, errText } from './fs-errors';
import type { IngestMetrics } from './ingest-metrics';
import type { FileState, OffsetStore } from './offset-store';
import type { KeyedWarnings } from './rate-limited-log';
import type { RetiredFiles } from './retired-files';
import { rotationBase } from './rotation-names';

/**
 * Where to start reading a file the tailer opens, by what is known about it:
 *
 *   the offset stored for its path      same inode and same head fingerprint: resume there
 *   a file this tailer already finished  same inode (a rotated file under a new name): go on there
 *   the offset stored for the name it    `sbc.log.1` that was `sbc.log` when the offset was stored
 *   had before a rotation                (rotated while sipsleuth was stopped): go on there
 *   otherwise                            from the start (a new file, or another file by that name)
 */
export interface OpenedFile {
  fh: FileHandle;
  inode: string;
  fingerprint: string;
  start: { offset: number; line: number };
  mtimeYear: number;
}

export interface FileStartDeps {
  offsets: OffsetStore;
  retired: RetiredFiles;
  logger: Logger;
  metrics: IngestMetrics;
  warnings: KeyedWarnings;
  now(): number;
}

/**
 * Opens `path` and finds where to start. With `from` (a catch-up of a rotated file), starts
 * there or returns null when the file is not the one `from` describes. Null also when the file
 * cannot be opened (logged once per interval and counted).
 */
export async function openAtStart(path: string, deps: FileStartDeps, from?: FileState): Promise<OpenedFile | null> {
  let fh: FileHandle;
  try {
    fh = await open(path, 'r');
  } catch (e) {
    reportOpenError(path, e, deps);
    return null;
  }
  try {
    const st = await fh.stat({ bigint: true });
    if (!st.isFile()) {
      await fh.close();
      return null;
    }
    const inode = String(st.ino);
    const size = Number(st.size);
    const head = await readHead(fh, Math.min(FINGERPRINT_BYTES, size));
    const matches = (s: FileState | null | undefined): s is FileState =>
      !!s && s.inode === inode && sameHead(head, s.fingerprint) && size >= s.offset;
    const log = deps.logger.child({ component: 'tailer', file: path });
    let start = { offset: 0, line: 1 };
    if (from) {
      if (!matches(from)) {
        await fh.close();
        return null;
      }
      start = { offset: from.offset, line: from.line };
    } else {
      const saved = await deps.offsets.get(path);
      const retired = deps.retired.get(inode);
      const base = matches(saved) ? null : rotationBase(path);
      const before = base ? await deps.offsets.get(base) : null;
      if (matches(saved)) {
        start = { offset: saved.offset, line: saved.line };
        log.info({ offset: saved.offset, line: saved.line }, `resuming ${path} at line ${saved.line}`);
      } else if (retired && sameHead(head, retired.fingerprint) && size >= retired.offset) {
        start = { offset: retired.offset, line: retired.line };
        log.info({ offset: retired.offset }, `${path} is a rotated file already read: continuing where it was left`);
      } else if (base && matches(before)) {
        start = { offset: before.offset, line: before.line };
        log.info({ offset: before.offset, from: base }, `${path} is ${base} rotated while stopped: continuing where it was left`);
      } else if (saved) {
        log.info({}, `${path} is not the file read before (rotated or replaced): reading it from the start`);
      }
    }
    const mtimeYear = new Date(Number(st.mtimeMs)).getUTCFullYear();
    return { fh, inode, fingerprint: fingerprintOf(head), start, mtimeYear };
  } catch (e) {
    await fh.close().catch(() => undefined);
    reportOpenError(path, e, deps);
    return null;
  }
}

/** true when `head` starts with the bytes the fingerprint was taken from */
export function sameHead(head: Buffer, fp: string): boolean {
  const n = fingerprintLength(fp);
  return n !== null && head.length >= n && fingerprintOf(head.subarray(0, n)) === fp;
}

function reportOpenError(path: string, e: unknown, deps: FileStartDeps): void {
  const code = errCode(e);
  const log = deps.logger.child({ component: 'tailer', file: path });
  if (code === 'ENOENT') {
    return; // gone before we got to it: nothing to read
  }
  const now = deps.now();
  if (code === 'EACCES' || code === 'EPERM') {
    deps.metrics.errors('permission');
    deps.warnings.warn(`open:${path}`, log, now, { err: errText(e) }, `no permission to read ${path}: skipping it until it becomes readable`);
    return;
  }
  if (e instanceof StoreUnavailableError) {
    deps.metrics.errors('offset-store');
    deps.warnings.warn(
      `open:${path}`,
      log,
      now,
      { err: errText(e) },
      `cannot start tailing ${path}: its stored offset cannot be read (${errText(e)}); retried at the next scan`,
    );
    return;
  }
  deps.metrics.errors('read');
  deps.warnings.warn(`open:${path}`, log, now, { err: errText(e) }, `cannot open ${path}: ${errText(e)}`);
}
