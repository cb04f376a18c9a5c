/** Test helpers for the AudioCodes reader: run lines through framer + assembler. */
import fs from 'node:fs';
import path from 'node:path';
import { audiocodesFormat } from '../../src/formats/audiocodes';
import type { FramerItem } from '../../src/formats/reader';
import type { FramedRecord, LineMeta, ReaderItem, ReaderOptions, TracedMessage } from '../../src/formats/record';

export const OPTS: ReaderOptions = { tz: 'UTC', year: 2020, maxLineBytes: 1 << 20 };

export function fixture(name: string): string {
  return fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'audiocodes', name), 'utf8');
}

/** Physical lines of a text, as a line splitter hands them (no line break; a `\r` may remain). */
export function linesOf(text: string): string[] {
  const lines = text.split('\n');
  if (lines.length > 0 && lines[lines.length - 1] === '') {
    lines.pop();
  }
  return lines;
}

export interface ReadResult {
  framed: FramerItem[];
  items: ReaderItem[];
  records: FramedRecord[];
  messages: TracedMessage[];
}

/** Framer then assembler over `lines`; framer gaps/skips are passed on like a LogReader would. */
export function read(
  lines: readonly string[],
  opts: Partial<ReaderOptions> = {},
  meta: (i: number) => Partial<LineMeta> = () => ({}),
): ReadResult {
  const o = { ...OPTS, ...opts };
  const framer = audiocodesFormat.createFramer(o);
  const asm = audiocodesFormat.createAssembler(o);
  const framed: FramerItem[] = [];
  const items: ReaderItem[] = [];
  const take = (fi: FramerItem[]): void => {
    for (const it of fi) {
      framed.push(it);
      if (it.type === 'record') {
        items.push(...asm.add(it.record));
      } else {
        items.push(it);
      }
    }
  };
  lines.forEach((l, i) => take(framer.push(l, { source: 'test.log', line: i + 1, ...meta(i) })));
  take(framer.end());
  items.push(...asm.end());
  const records = framed.flatMap((f) => (f.type === 'record' ? [f.record] : []));
  const messages = items.flatMap((f) => (f.type === 'message' ? [f.message] : []));
  return { framed, items, records, messages };
}
