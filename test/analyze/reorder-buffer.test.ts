import { ReorderBuffer } from '../../src/analyze/reorder-buffer';

describe('ReorderBuffer', () => {
  it('when fewer items than its capacity arrive, then they come out fully sorted', () => {
    const out: number[] = [];
    const b = new ReorderBuffer<number>({ capacity: 10, keyOf: (n) => n, emit: (n) => out.push(n) });
    [5, 3, 9, 1].forEach((n) => b.push(n));
    expect(out).toEqual([]);
    b.drain();
    expect(out).toEqual([1, 3, 5, 9]);
  });
  it('when more arrive, then it holds at most its capacity and lets go of the earliest first', () => {
    const out: number[] = [];
    const b = new ReorderBuffer<number>({ capacity: 4, keyOf: (n) => n, emit: (n) => out.push(n) });
    [8, 2, 6, 4].forEach((n) => b.push(n));
    expect(out).toEqual([2, 4]);
    [1, 9].forEach((n) => b.push(n));
    b.drain();
    expect(out).toEqual([2, 4, 1, 6, 8, 9]);
    expect(out).toHaveLength(6);
  });
  it('when items share a key, then they keep their arrival order, and each key is read once', () => {
    const out: string[] = [];
    let reads = 0;
    const b = new ReorderBuffer<string>({
      capacity: 100,
      keyOf: (s) => {
        reads++;
        return Number(s.split(':')[0]);
      },
      emit: (s) => out.push(s),
    });
    ['2:a', '1:b', '2:c', '1:d', '0:e', '2:f'].forEach((s) => b.push(s));
    b.drain();
    expect(out).toEqual(['0:e', '1:b', '1:d', '2:a', '2:c', '2:f']);
    expect(reads).toBe(6);
  });
});
