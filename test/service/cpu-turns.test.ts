import { CpuTurns } from '../../src/service/cpu-turns';

/**
 * Tasks that take a turn at once, each then "working" `costMs` on a clock the test moves and
 * leaving a callback for the event loop (it stands in for I/O that waited). The order things ran in.
 */
async function run(budgetMs: number, names: string[], costMs: number, startAt = 0): Promise<string[]> {
  let t = 0;
  const turns = new CpuTurns(budgetMs, () => t);
  // the turn that made the CpuTurns has run this long already
  t = startAt;
  const order: string[] = [];
  await Promise.all(
    names.map(async (name) => {
      await turns.take();
      order.push(name);
      t += costMs;
      setImmediate(() => order.push(`after ${name}`));
    }),
  );
  await new Promise((r) => setImmediate(r));
  return order;
}

describe('CpuTurns', () => {
  it('when tasks take turns at once and each works longer than the budget, then each runs on its own turn of the event loop, with what was queued meanwhile run between them', async () => {
    expect(await run(50, ['a', 'b', 'c'], 60, 60)).toEqual(['a', 'after a', 'b', 'after b', 'c', 'after c']);
  });

  it('when the budget is 0, then every task gets a turn of its own', async () => {
    expect(await run(0, ['a', 'b'], 0)).toEqual(['a', 'after a', 'b', 'after b']);
  });

  it('when tasks work less than the budget together, then they run in the same turn, in the order they asked', async () => {
    // a, b, c fit in the first 50 ms; d waits for a turn (after what a, b, c queued), e fits in d's turn
    expect(await run(50, ['a', 'b', 'c', 'd', 'e'], 20)).toEqual(['a', 'b', 'c', 'after a', 'after b', 'after c', 'd', 'e', 'after d', 'after e']);
  });
});
