/**
 * Turns of the event loop for CPU-heavy steps that many tasks reach at once. The settle round
 * rebuilds up to 200 keys side by side: their Redis replies arrive together, and every key's
 * assembling, building, diagnosing and encoding then ran in one stretch (150–400 ms, up to 1.2 s on
 * the development machine at 5,000 SIP messages/s), during which nothing else in the process was
 * read. In a `serve` process that is the syslog listener: the kernel's receive buffer filled and
 * dropped datagrams (~8,000 in one service-bench run over UDP at 5,000/s).
 *
 * `take()` lets a task go on in the same turn while less than `budgetMs` of the current turn has
 * passed, and otherwise on the next turn of the event loop, after the I/O that waited meanwhile.
 * Tasks go in the order they asked. So a stretch lasts about one budget, and the keys within it
 * still issue their Redis commands together (one write on an auto-pipelining connection): a turn
 * per key cost 10 % more CPU and a p99 delay of 4.3 s instead of 2.4 s in the split set-up
 * (workers alone). A `serve` process, whose syslog listener shares the event loop, takes a turn per
 * key (budget 0): with 50 ms it still dropped ~10,000 datagrams in the same run, with 0 none.
 */
export class CpuTurns {
  private last: Promise<void> = Promise.resolve();
  private turnStart: number;

  /** `now`: a monotonic clock in ms (injected for tests) */
  constructor(
    private readonly budgetMs = 50,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.turnStart = now();
  }

  /** Resolves after every turn taken before it: at once while the budget lasts, else on a later turn. */
  take(): Promise<void> {
    const turn = this.last.then(() => {
      if (this.now() - this.turnStart < this.budgetMs) {
        return undefined;
      }
      return new Promise<void>((resolve) =>
        setImmediate(() => {
          this.turnStart = this.now();
          resolve();
        }),
      );
    });
    this.last = turn;
    return turn;
  }
}
