import * as fs from 'node:fs';
import { FORMATS } from '../../src/formats/index';
import type { FormatName } from '../../src/formats/record';
import { fixturePath, junkLines, linesOf, readChunks, readLines } from './reader-helpers';

const MINE: FormatName[] = ['oracle', 'cisco', 'ribbon', 'asterisk', 'freeswitch', 'sip'];
const DIRS = ['oracle', 'cisco', 'ribbon', 'asterisk', 'freeswitch', 'sip', 'detect'];

function allFixtureLines(): string[][] {
  const out: string[][] = [];
  for (const d of DIRS) {
    for (const f of fs.readdirSync(fixturePath(d))) {
      if (!f.endsWith('.json') && !f.endsWith('.md')) {
        out.push(linesOf(fs.readFileSync(fixturePath(d, f), 'utf8')));
      }
    }
  }
  return out;
}

/** deterministic mangling: cut lines at random places, drop some, duplicate some */
function mangle(lines: string[], seed: number): string[] {
  let x = seed;
  const rnd = (n: number) => {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    return x % n;
  };
  const out: string[] = [];
  for (const l of lines) {
    const r = rnd(10);
    if (r === 0) {
      continue;
    }
    if (r === 1) {
      out.push(l.slice(0, rnd(l.length + 1)));
    } else if (r === 2) {
      out.push(l, l);
    } else {
      out.push(l);
    }
  }
  return out;
}

describe('readers on input that is not theirs, or mangled', () => {
  const inputs = allFixtureLines();
  it.each(MINE)('%s: never throws, and every item has a place and a reason', (name) => {
    const format = FORMATS[name];
    for (const lines of inputs) {
      for (const variant of [lines, mangle(lines, 1), mangle(lines, 2), junkLines(5000, lines.length)]) {
        const r = readLines(format, variant);
        const c = readChunks(format, [variant.join('\n')]);
        for (const s of [...r.skips, ...r.errors, ...c.skips, ...c.errors]) {
          expect(s.where.length).toBeGreaterThan(0);
          expect(s.why.length).toBeGreaterThan(0);
        }
        for (const m of [...r.messages, ...c.messages]) {
          expect(m.raw).toMatch(/^(SIP\/2\.0 \d{3}|[A-Z-]+ \S+ SIP\/2\.0)/);
          expect(m.format).toBe(name);
        }
      }
    }
  });
});
