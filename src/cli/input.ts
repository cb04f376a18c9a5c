/**
 * Reads log files (or stdin) for the offline commands: streams bytes through the line splitter,
 * picks the format per file (auto-detection on the first lines, or forced), and feeds the reader's
 * items to the analyzer. A file that cannot be opened, or in which nothing is readable, is counted
 * in the stats with where and why; the run goes on with the other files.
 */
import fs from 'node:fs';
import zlib from 'node:zlib';
import type { Analyzer } from '../analyze/analyzer';
import { detectFormat, getFormat } from '../formats';
import { createLogReader } from '../formats/log-reader';
import { LineSplitter, type SplitLine } from '../formats/line-splitter';
import { FORMAT_NAMES, type FormatName, type LineMeta, type Skip } from '../formats/record';
import type { LogReader } from '../formats/reader';
import type { Progress } from './progress';

export interface InputOptions {
  format: 'auto' | FormatName;
  tz: string;
  /** forced year; otherwise the file's modification year */
  year?: number;
  maxLineBytes: number;
  /** the year for stdin when none is forced (the CLI passes the current one) */
  currentYear: number;
}

export interface FileOutcome {
  source: string;
  format: FormatName | null;
  /** SIP messages or CDR rows found */
  readable: boolean;
  why?: string;
}

const SNIFF_LINES = 400;
const SNIFF_BYTES = 512 * 1024;
/**
 * Read size. Every line of a chunk stays alive until the whole chunk is read: small chunks keep
 * that working set small (less for the garbage collector to copy, ~30 MB less peak RSS than 1 MB
 * chunks); much smaller chunks cost more in stream overhead.
 */
const CHUNK = 256 * 1024;

/** True when the file starts with the gzip magic bytes. */
function isGzip(file: string): boolean {
  let fd: number | null = null;
  try {
    fd = fs.openSync(file, 'r');
    const head = Buffer.alloc(2);
    return fs.readSync(fd, head, 0, 2, 0) === 2 && head[0] === 0x1f && head[1] === 0x8b;
  } catch {
    return false;
  } finally {
    if (fd !== null) {
      fs.closeSync(fd);
    }
  }
}

/** Reads one source into the analyzer. Never throws for bad input. */
export async function readSource(
  source: string,
  opts: InputOptions,
  analyzer: Analyzer,
  progress?: Progress,
  /** called after each chunk, e.g. to flush output: reading waits for it */
  afterChunk?: () => Promise<void>,
): Promise<FileOutcome> {
  let stream: NodeJS.ReadableStream;
  let year = opts.year ?? opts.currentYear;
  if (source === '-') {
    stream = process.stdin;
  } else {
    let st: fs.Stats;
    try {
      st = fs.statSync(source);
    } catch (e) {
      const why = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : `cannot open: ${(e as Error).message}`;
      analyzer.skip({ where: source, why });
      return { source, format: null, readable: false, why };
    }
    if (st.isDirectory()) {
      const why = 'is a folder, not a file';
      analyzer.skip({ where: source, why });
      return { source, format: null, readable: false, why };
    }
    year = opts.year ?? st.mtime.getUTCFullYear();
    progress?.addTotal(st.size);
    stream = fs.createReadStream(source, { highWaterMark: CHUNK });
    if (isGzip(source)) {
      // rotated logs are often kept compressed (sbc.log.2.gz): read them as they are
      stream = (stream as fs.ReadStream).pipe(zlib.createGunzip());
    }
  }

  const name = source === '-' ? 'stdin' : source;
  const splitter = new LineSplitter({ maxLineBytes: opts.maxLineBytes, source: name });
  const readerOpts = { tz: opts.tz, year, maxLineBytes: opts.maxLineBytes };
  let reader: LogReader | null = null;
  let format: FormatName | null = opts.format === 'auto' ? null : opts.format;
  let undetectable = false;
  const pending: SplitLine[] = [];
  let pendingBytes = 0;
  const before = analyzer.stats.messages + analyzer.stats.cdrRows;

  /** one line to the reader (called only once the reader exists) */
  const feedLine = (text: string, line: number, offset: number): void => {
    const meta: LineMeta = { source: name, line, offset };
    analyzer.countRecord();
    analyzer.add((reader as LogReader).push(text, meta));
  };
  const feed = (lines: SplitLine[]): void => {
    if (!reader) {
      return;
    }
    for (const l of lines) {
      feedLine(l.text, l.line, l.offset);
    }
  };
  const skip = (s: Skip): void => analyzer.skip(s);
  const decide = (): void => {
    if (reader || undetectable) {
      return;
    }
    if (format === null) {
      const found = detectFormat(pending.map((l) => l.text));
      if (!found) {
        undetectable = true;
        analyzer.countRecord(pending.length);
        pending.length = 0;
        return;
      }
      format = found.format;
    }
    const mod = getFormat(format);
    if (!mod) {
      undetectable = true;
      return;
    }
    reader = createLogReader(mod, readerOpts);
    feed(pending);
    pending.length = 0;
  };
  const take = (lines: SplitLine[]): void => {
    if (reader) {
      feed(lines);
      return;
    }
    if (undetectable) {
      analyzer.countRecord(lines.length);
      return;
    }
    for (const l of lines) {
      pending.push(l);
      pendingBytes += l.end - l.offset;
    }
    if (pending.length >= SNIFF_LINES || pendingBytes >= SNIFF_BYTES) {
      decide();
    }
  };

  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      if (reader) {
        // each line read as soon as it is cut: no chunk's worth of lines kept alive together
        splitter.pushEach(chunk, feedLine, skip);
      } else {
        const r = splitter.push(chunk);
        r.skips.forEach(skip);
        take(r.lines);
      }
      progress?.advance(chunk.length);
      if (afterChunk) {
        await afterChunk();
      }
    }
  } catch (e) {
    analyzer.skip({ where: `${name}:${splitter.nextLine()}`, why: `read failed: ${(e as Error).message}` });
  }
  const r = splitter.end();
  r.skips.forEach((s) => analyzer.skip(s));
  take(r.lines);
  decide();
  if (reader) {
    analyzer.add((reader as LogReader).end());
  }
  if (undetectable) {
    const why = `no known log format found (tried: ${FORMAT_NAMES.join(', ')})`;
    analyzer.skip({ where: name, why });
    return { source: name, format: null, readable: false, why };
  }
  const readable = analyzer.stats.messages + analyzer.stats.cdrRows > before;
  return {
    source: name,
    format,
    readable,
    why: readable ? undefined : `nothing readable as ${format} (tried: ${format === null ? FORMAT_NAMES.join(', ') : format})`,
  };
}
