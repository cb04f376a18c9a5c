import { LineSplitter, type SplitLine } from '../../src/formats/line-splitter';

function splitAll(chunks: Buffer[], max = 1000): { lines: SplitLine[]; skips: string[] } {
  const s = new LineSplitter({ maxLineBytes: max, source: 'f' });
  const lines: SplitLine[] = [];
  const skips: string[] = [];
  for (const c of chunks) {
    const r = s.push(c);
    lines.push(...r.lines);
    skips.push(...r.skips.map((k) => `${k.where} ${k.why}`));
  }
  const r = s.end();
  lines.push(...r.lines);
  skips.push(...r.skips.map((k) => `${k.where} ${k.why}`));
  return { lines, skips };
}

describe('LineSplitter', () => {
  const text = 'INVITE sip:a@b SIP/2.0\r\nVia: x\r\n\r\nlast line é';
  const bytes = Buffer.from(text, 'utf8');

  it('when fed a whole buffer, then it hands on every line with offsets and strips CR', () => {
    const { lines } = splitAll([bytes]);
    expect(lines.map((l) => l.text)).toEqual(['INVITE sip:a@b SIP/2.0', 'Via: x', '', 'last line é']);
    expect(lines.map((l) => l.line)).toEqual([1, 2, 3, 4]);
    expect(lines[1].offset).toBe(24);
    expect(lines[1].end).toBe(32);
    expect(lines[3].end).toBe(bytes.length);
  });

  it('when the input is split at every byte boundary, then the lines are the same', () => {
    const whole = splitAll([bytes]).lines;
    for (let i = 1; i < bytes.length; i++) {
      expect(splitAll([bytes.subarray(0, i), bytes.subarray(i)]).lines).toEqual(whole);
    }
  });

  it('when chunks are all ASCII or hold UTF-8 (valid or not), then every line reads as the UTF-8 decoder reads it', () => {
    let seed = 3;
    const next = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const pieces = [[0x61], [0x20], [0x23, 0x30, 0x31, 0x32], [0xc3, 0xa9], [0xe2, 0x82, 0xac], [0xff], [0xc3], [0x80], [0xef, 0xbb, 0xbf], [0x0a], [0x0d, 0x0a], [0x7e]];
    for (let n = 0; n < 200; n++) {
      const bytes: number[] = [];
      const len = next(60);
      for (let i = 0; i < len; i++) {
        // mostly ASCII, so that some chunks are wholly ASCII
        bytes.push(...pieces[next(10) < 8 ? next(3) : next(pieces.length)]);
      }
      const buf = Buffer.from(bytes);
      const cut = next(buf.length + 1);
      const got = splitAll([buf.subarray(0, cut), buf.subarray(cut)]).lines.map((l) => l.text);
      const want = buf
        .toString('latin1')
        .split('\n')
        .map((l) => Buffer.from(l.endsWith('\r') ? l.slice(0, -1) : l, 'latin1'))
        .map((b) => new TextDecoder('utf-8').decode(b));
      if (want.length > 0 && want[want.length - 1] === '' && buf.length > 0 && buf[buf.length - 1] === 0x0a) {
        want.pop();
      } else if (buf.length === 0) {
        want.pop();
      }
      expect(got).toEqual(want);
    }
  });

  it('when a line is longer than the limit, then it is skipped and counted and the next lines survive', () => {
    const big = Buffer.concat([Buffer.from('ok 1\n'), Buffer.alloc(5000, 0x61), Buffer.from('\nok 2\n')]);
    const chunks = [big.subarray(0, 7), big.subarray(7, 3000), big.subarray(3000)];
    const { lines, skips } = splitAll(chunks, 100);
    expect(lines.map((l) => l.text)).toEqual(['ok 1', 'ok 2']);
    expect(lines[1].line).toBe(3);
    expect(skips).toEqual(['f:2 line longer than 100 bytes skipped']);
  });

  it('when a line holds NUL bytes or invalid UTF-8, then binary is skipped and bad UTF-8 is replaced', () => {
    const junk = Buffer.from([0x00, 0x01, 0xff, 0x0a, 0x41, 0xff, 0x42, 0x0a]);
    const { lines, skips } = splitAll([junk]);
    expect(skips).toEqual(['f:1 binary data (NUL bytes) skipped']);
    expect(lines.map((l) => l.text)).toEqual(['A\uFFFDB']);
  });

  it('when lines are handed on one by one (pushEach), then lines and skips come as push gives them, at every split', () => {
    /** push, each chunk's skips then its lines; or pushEach, as handed on */
    const events = (chunks: Buffer[], each: boolean): string[] => {
      const s = new LineSplitter({ maxLineBytes: 20, source: 'f' });
      const ev: string[] = [];
      const line = (text: string, n: number, offset: number, end: number): void => {
        ev.push(`line ${n} ${offset}-${end} ${text}`);
      };
      const skip = (k: { where: string; why: string }): void => {
        ev.push(`skip ${k.where} ${k.why}`);
      };
      for (const c of chunks) {
        if (each) {
          s.pushEach(c, line, skip);
        } else {
          const r = s.push(c);
          r.skips.forEach(skip);
          r.lines.forEach((l) => line(l.text, l.line, l.offset, l.end));
        }
      }
      return ev;
    };
    const input = Buffer.concat([
      Buffer.from('one\r\ntwo é\n'),
      Buffer.alloc(30, 0x61),
      Buffer.from('\nthr\u0000ee\nfour\n\nfive'),
    ]);
    const whole = events([input], false);
    expect(whole.filter((e) => e.startsWith('skip'))).toHaveLength(2);
    for (let i = 0; i <= input.length; i++) {
      for (const j of [i, i + 1, i + 7, i + 25]) {
        const chunks = [input.subarray(0, i), input.subarray(i, Math.max(i, j)), input.subarray(Math.max(i, j))];
        expect(events(chunks, true)).toEqual(events(chunks, false));
      }
    }
    expect(events([input.subarray(0, 4), input.subarray(4, 8), input.subarray(8)], true)).toContain('line 1 0-5 one');
  });

  it('when resumed at an offset, then offsets and line numbers continue from there', () => {
    const s = new LineSplitter({ maxLineBytes: 100, startOffset: 500, startLine: 40 });
    const r = s.push(Buffer.from('abc\npartial'));
    expect(r.lines).toEqual([{ text: 'abc', line: 40, offset: 500, end: 504 }]);
    expect(s.pendingOffset()).toBe(504);
  });
});
