import type { Assembler, FormatModule, Framer, FramerItem } from '../../src/formats/reader';
import type { FramedRecord, ReaderItem } from '../../src/formats/record';
import { createLogReader } from '../../src/formats/log-reader';
import { oracleFormat } from '../../src/formats/oracle';
import { OPTS, fixture, linesOf } from './reader-helpers';

function record(key: string, n: number): FramedRecord {
  return { format: 'sip', kind: 'sip', where: `f:${n}`, key, keyIsSession: false, device: 'd', time: null, text: `t${n}` };
}

/** A format whose framer turns `rec <key>` lines into records, `gap`/`skip`/`error` lines into those items,
 * and whose assembler holds records per key until flushed (like a multi-record format). */
function holdingFormat(flushed: string[]): FormatModule {
  const framer = (): Framer => ({
    format: 'sip',
    push(line, meta): FramerItem[] {
      const [word, arg] = line.split(' ');
      switch (word) {
        case 'rec':
          return [{ type: 'record', record: record(arg, meta.line) }];
        case 'gap':
          return [{ type: 'gap', gap: { device: 'd', from: 3, to: 5, where: `f:${meta.line}` } }];
        case 'skip':
          return [{ type: 'skip', skip: { where: `f:${meta.line}`, why: 'junk' } }];
        default:
          return [{ type: 'error', skip: { where: `f:${meta.line}`, why: 'broken' } }];
      }
    },
    end: () => [],
  });
  const assembler = (): Assembler => {
    const held = new Map<string, FramedRecord[]>();
    const emit = (key: string): ReaderItem[] => {
      const recs = held.get(key) ?? [];
      held.delete(key);
      flushed.push(key);
      return recs.map((r) => ({ type: 'skip', skip: { where: r.where, why: `flushed ${key}` } }));
    };
    return {
      add(r) {
        held.set(r.key, [...(held.get(r.key) ?? []), r]);
        return [];
      },
      flushKey: emit,
      end: () => [...held.keys()].flatMap(emit),
      openKeys: () => held.size,
    };
  };
  return { name: 'sip', sniff: () => 0, createFramer: framer, createAssembler: assembler };
}

describe('createLogReader', () => {
  it('passes gaps, skips and errors of the framer through, and records through the assembler', () => {
    const reader = createLogReader(holdingFormat([]), OPTS);
    const items = ['gap', 'skip', 'oops', 'rec a'].flatMap((l, i) => reader.push(l, { source: 'f', line: i + 1 }));
    expect(items.map((i) => i.type)).toEqual(['gap', 'skip', 'error']);
    expect(reader.end()).toEqual([{ type: 'skip', skip: { where: 'f:4', why: 'flushed a' } }]);
  });

  it('keeps memory bounded: the least recently seen keys are flushed when too many are open', () => {
    const flushed: string[] = [];
    const reader = createLogReader(holdingFormat(flushed), OPTS, { maxOpenKeys: 4 });
    const keys = ['a', 'b', 'c', 'a', 'd', 'e'];
    keys.forEach((k, i) => reader.push(`rec ${k}`, { source: 'f', line: i + 1 }));
    // 5 keys open > 4: flushed down to 2, oldest first (b, c; a was seen again after them)
    expect(flushed).toEqual(['b', 'c', 'a']);
    reader.end();
    expect(flushed.slice(3).sort()).toEqual(['d', 'e']);
  });

  it('composes a real format: the Oracle reader gives messages in file order', () => {
    const reader = createLogReader(oracleFormat, OPTS);
    expect(reader.format).toBe('oracle');
    const items = linesOf(fixture('oracle', 'teams-call-and-busy.sipmsg.log')).flatMap((l, i) => reader.push(l, { source: 's', line: i + 1 }));
    items.push(...reader.end());
    const orders = items.flatMap((i) => (i.type === 'message' ? [i.message.order] : []));
    expect(orders.length).toBeGreaterThan(20);
    expect([...orders].sort((a, b) => a - b)).toEqual(orders);
  });
});
