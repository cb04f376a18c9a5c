/**
 * AudioCodes Mediant SBC syslog reader (placeholder while the full reader is written).
 */
import type { Assembler, FormatModule, Framer } from './reader';
import type { ReaderOptions } from './record';

function createFramer(_opts: ReaderOptions): Framer {
  return { format: 'audiocodes', push: () => [], end: () => [] };
}

function createAssembler(_opts: ReaderOptions): Assembler {
  return { add: () => [], flushKey: () => [], end: () => [], openKeys: () => 0 };
}

export const audiocodesFormat: FormatModule = {
  name: 'audiocodes',
  sniff: () => 0,
  createFramer,
  createAssembler,
};
