import type { FormatName, FramedRecord, LineMeta, ReaderItem, ReaderOptions, SeqGap, Skip } from './record';

/** What a framer hands on for one line. */
export type FramerItem =
  | { type: 'record'; record: FramedRecord }
  /** a gap in the device's record sequence numbers (AudioCodes `[S=]`): records lost in transport */
  | { type: 'gap'; gap: SeqGap }
  | { type: 'skip'; skip: Skip }
  | { type: 'error'; skip: Skip };

/**
 * Stage 1 of a reader: lines → vendor records. Stateful only for a record that spans lines.
 * A line is one physical line without its line break (a trailing `\r` may remain), or one whole
 * syslog datagram (which may contain line breaks). Pure: no I/O, no clock.
 */
export interface Framer {
  readonly format: FormatName;
  push(line: string, meta: LineMeta): FramerItem[];
  /** end of input: hand on the record still open, if any */
  end(): FramerItem[];
  /**
   * True while the framer holds an open record that is not finished by its own rules (no closing
   * separator yet, Content-Length not met): its writer may still be writing it, so a pause is no
   * reason to end it. Absent or false: whatever is open counts as complete when input goes quiet.
   */
  holdsUnfinished?(): boolean;
}

/**
 * Stage 2: records → SIP messages (and CDR rows, sequence gaps). Records of one `key` are
 * assembled together; AudioCodes records are concatenated in `[S=]` order.
 */
export interface Assembler {
  add(record: FramedRecord): ReaderItem[];
  /** hand on everything still held for this key (the caller decided the key is quiet) */
  flushKey(key: string): ReaderItem[];
  end(): ReaderItem[];
  /** keys currently holding data (for bounded memory: the caller flushes the oldest) */
  openKeys(): number;
}

/** Framer + assembler together: what the CLI uses. */
export interface LogReader {
  readonly format: FormatName;
  push(line: string, meta: LineMeta): ReaderItem[];
  end(): ReaderItem[];
}

export interface FormatModule {
  name: FormatName;
  /** a score 0..1 for how sure we are that these first lines are in this format */
  sniff(lines: readonly string[]): number;
  createFramer(opts: ReaderOptions): Framer;
  createAssembler(opts: ReaderOptions): Assembler;
}
