/**
 * A whole reader: a format's framer and assembler composed. Records go through the assembler;
 * gaps, skips and errors from the framer pass through unchanged. Memory stays bounded: when the
 * assembler holds more than `maxOpenKeys` keys, the least recently seen keys are flushed.
 */
import type { FormatModule, LogReader } from './reader';
import type { LineMeta, ReaderItem, ReaderOptions } from './record';
import type { FramerItem } from './reader';
import { RecentKeys } from './recent-keys';

export interface LogReaderLimits {
  /** keys the assembler may hold before the oldest are flushed (default 10000) */
  maxOpenKeys?: number;
}

/**
 * A copy of `s` that shares no memory with the string it was cut from (V8 keeps the parent of a
 * sliced string alive; concatenating then slicing makes a fresh flat string).
 */
export function ownCopy(s: string): string {
  return (' ' + s).slice(1);
}

export function createLogReader(format: FormatModule, opts: ReaderOptions, limits: LogReaderLimits = {}): LogReader {
  const framer = format.createFramer(opts);
  const assembler = format.createAssembler(opts);
  const maxOpenKeys = limits.maxOpenKeys ?? 10_000;
  /**
   * keys in least-recently-seen order, each stored as its own copy: a key cut from a log line
   * would keep the whole line alive as long as the key is remembered
   */
  const recent = new RecentKeys<true>();
  /** the key of the last record: consecutive records of one key need no reordering */
  let lastKey: string | undefined;

  function take(items: FramerItem[], out: ReaderItem[]): void {
    for (const item of items) {
      if (item.type === 'record') {
        const key = item.record.key;
        for (const r of assembler.add(item.record)) {
          out.push(r);
        }
        if (key !== lastKey || !recent.has(key)) {
          lastKey = recent.use(key, true, ownCopy);
        }
        if (recent.size > maxOpenKeys && assembler.openKeys() > maxOpenKeys) {
          flushOldest(out);
        }
      } else {
        out.push(item);
      }
    }
  }

  function flushOldest(out: ReaderItem[]): void {
    while (recent.size > maxOpenKeys / 2 && assembler.openKeys() > maxOpenKeys / 2) {
      const oldest = recent.oldest();
      if (oldest === undefined) {
        return;
      }
      recent.delete(oldest);
      for (const r of assembler.flushKey(oldest)) {
        out.push(r);
      }
    }
  }

  return {
    format: format.name,
    push(line: string, meta: LineMeta): ReaderItem[] {
      const out: ReaderItem[] = [];
      take(framer.push(line, meta), out);
      if (recent.size > maxOpenKeys * 2) {
        // keys the assembler no longer holds: forget the oldest half
        for (let drop = recent.size - maxOpenKeys; drop > 0; drop--) {
          const k = recent.oldest();
          if (k === undefined) {
            break;
          }
          recent.delete(k);
        }
      }
      return out;
    },
    end(): ReaderItem[] {
      const out: ReaderItem[] = [];
      take(framer.end(), out);
      for (const r of assembler.end()) {
        out.push(r);
      }
      recent.clear();
      lastKey = undefined;
      return out;
    },
  };
}
