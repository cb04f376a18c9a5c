/** Test helpers for the format readers: run a whole text through a reader and sort the items. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FormatModule } from '../../src/formats/reader';
import type { ReaderItem, ReaderOptions, SeqGap, Skip, TracedMessage } from '../../src/formats/record';
import { createLogReader } from '../../src/formats/log-reader';

export const OPTS: ReaderOptions = { tz: 'Europe/Berlin', year: 2026, maxLineBytes: 1_048_576 };

export interface ReadResult {
  messages: TracedMessage[];
  skips: Skip[];
  errors: Skip[];
  gaps: SeqGap[];
}

export function fixturePath(...parts: string[]): string {
  return path.join(__dirname, '..', 'fixtures', ...parts);
}

export function fixture(...parts: string[]): string {
  return fs.readFileSync(fixturePath(...parts), 'utf8');
}

export interface ExpectedMessage {
  dir: 'in' | 'out';
  time: string;
  callId: string;
  start: string;
  cl: number;
  rawLength: number;
  remote?: string;
  local?: string;
  transport?: string;
  call?: number;
  side?: 'C' | 'T';
}

export function expectedOf(...parts: string[]): ExpectedMessage[] {
  return (JSON.parse(fixture(...parts)) as { messages: ExpectedMessage[] }).messages;
}

export function sortItems(items: ReaderItem[], into: ReadResult): ReadResult {
  for (const it of items) {
    if (it.type === 'message') {
      into.messages.push(it.message);
    } else if (it.type === 'skip') {
      into.skips.push(it.skip);
    } else if (it.type === 'error') {
      into.errors.push(it.skip);
    } else if (it.type === 'gap') {
      into.gaps.push(it.gap);
    }
  }
  return into;
}

/** Lines of a text, the way a file reader hands them on (line break removed, a CR may stay). */
export function linesOf(text: string): string[] {
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') {
    lines.pop();
  }
  return lines;
}

export function readText(format: FormatModule, text: string, opts: ReaderOptions = OPTS, source = 'test.log'): ReadResult {
  return readLines(format, linesOf(text), opts, source);
}

export function readLines(format: FormatModule, lines: readonly string[], opts: ReaderOptions = OPTS, source = 'test.log'): ReadResult {
  const reader = createLogReader(format, opts);
  const out: ReadResult = { messages: [], skips: [], errors: [], gaps: [] };
  let offset = 0;
  lines.forEach((line, i) => {
    sortItems(reader.push(line, { source, line: i + 1, offset }), out);
    offset += Buffer.byteLength(line) + 1;
  });
  sortItems(reader.end(), out);
  return out;
}

/** Pushes `chunks` (each may hold several lines) as datagrams of a listener. */
export function readChunks(format: FormatModule, chunks: readonly string[], opts: ReaderOptions = OPTS): ReadResult {
  const reader = createLogReader(format, opts);
  const out: ReadResult = { messages: [], skips: [], errors: [], gaps: [] };
  chunks.forEach((chunk, i) => {
    sortItems(reader.push(chunk, { source: 'udp:192.0.2.1:514', line: i + 1, receivedAt: Date.UTC(2026, 10, 23, 9) }), out);
  });
  sortItems(reader.end(), out);
  return out;
}

/** The parts of a message that do not depend on how the input was cut into pushes. */
export function essence(m: TracedMessage): Record<string, unknown> {
  return {
    raw: m.raw,
    time: m.time,
    direction: m.direction,
    remote: m.remote,
    local: m.local,
    transport: m.transport,
    sessionKey: m.sessionKey,
    truncated: m.truncated ?? false,
  };
}

/** The Call-ID of a SIP text. */
export function callIdOf(raw: string): string | undefined {
  return /^(?:call-id|i)[ \t]*:[ \t]*(.+?)\r?$/im.exec(raw)?.[1];
}

/** Deterministic pseudo-random bytes (binary junk) decoded as UTF-8 and split at LF bytes. */
export function junkLines(bytes: number, seed = 7): string[] {
  let x = seed;
  const buf = Buffer.alloc(bytes);
  for (let i = 0; i < bytes; i++) {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    buf[i] = x >> 16;
  }
  return linesOf(buf.toString('utf8'));
}
