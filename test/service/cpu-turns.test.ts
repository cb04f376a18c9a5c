import { CpuTurns } from '../../src/service/cpu-turns';

describe('CpuTurns', () => {
  it('when tasks take turns at once, then each runs on its own turn of the event loop, with what was queued meanwhile run between them', async () => {
    const turns = new CpuTurns();
    const order: string[] = [];
    const tasks = ['a', 'b', 'c'].map(async (name) => {
      await turns.take();
      order.push(name);
      // what a turn leaves for the event loop (an I/O callback stands in for it) runs before the next turn
      setImmediate(() => order.push(`after ${name}`));
    });
    await Promise.all(tasks);
    await new Promise((r) => setImmediate(r));
    expect(order).toEqual(['a', 'after a', 'b', 'after b', 'c', 'after c']);
  });

  it('when a turn is taken after others finished, then it still comes on a later turn', async () => {
    const turns = new CpuTurns();
    await turns.take();
    let ran = false;
    setImmediate(() => (ran = true));
    await turns.take();
    expect(ran).toBe(true);
  });
});
