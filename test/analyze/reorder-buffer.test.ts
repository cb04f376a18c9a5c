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
});
