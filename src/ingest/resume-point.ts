import type { FramedRecord } from '../formats/record';

/**
 * Where a restart must resume reading a file: the start of the earliest line that is not yet part
 * of a handed-on record. A framer may hold an open multi-line record; framers do not say which
 * lines it holds, so this follows what they return:
 *
 * - a line that made the framer hand on a record that STARTS on that line (its `where` ends with
 *   `:<line>`, or its `endOffset` reaches past the line) is consumed: resume after it;
 * - a line that made the framer hand on only earlier records may have opened the next record:
 *   resume at its start (re-reading a closing line alone is harmless: records are idempotent);
 * - lines that hand on nothing may belong to the open record: the resume point stays.
 *
 * When the framer has been ended (nothing open), everything read is consumed.
 */
export class ResumePoint {
  constructor(
    public offset: number,
    public line: number,
  ) {}

  afterLine(lineNo: number, start: number, end: number, records: readonly FramedRecord[]): void {
    if (records.length === 0) {
      return;
    }
    for (const r of records) {
      if ((r.endOffset !== undefined && r.endOffset >= end) || whereLine(r.where) === lineNo) {
        this.set(end, lineNo + 1);
        return;
      }
    }
    this.set(start, lineNo);
  }

  /** nothing is held: resume at `offset` (the first byte not yet read as a complete line) */
  allConsumed(offset: number, line: number): void {
    this.set(offset, line);
  }

  private set(offset: number, line: number): void {
    if (offset >= this.offset) {
      this.offset = offset;
      this.line = line;
    }
  }
}

/** The line number at the end of a `where` (`/var/log/sbc.log:42` → 42), or null. */
export function whereLine(where: string): number | null {
  let i = where.length;
  while (i > 0) {
    const c = where.charCodeAt(i - 1);
    if (c < 48 || c > 57) {
      break;
    }
    i--;
  }
  if (i === where.length || i === 0 || where.charCodeAt(i - 1) !== 58 /* : */) {
    return null;
  }
  return Number(where.slice(i));
}
