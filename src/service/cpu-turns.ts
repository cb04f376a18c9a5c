/**
 * Turns of the event loop for CPU-heavy steps that many tasks reach at once. The settle round
 * rebuilds up to 200 keys side by side: their Redis replies arrive together, and without turns
 * every key's assembling, building, diagnosing and encoding ran in one stretch (0.2–1.2 s on the
 * development machine), during which nothing else in the process was read. In a `serve` process
 * that is the syslog listener: the kernel's receive buffer filled and dropped datagrams (5,000
 * SIP messages/s over UDP lost ~8,000 datagrams in the service bench). With turns, one task's step
 * runs per turn of the event loop, so the I/O waiting meanwhile is read between two of them.
 */
export class CpuTurns {
  private last: Promise<void> = Promise.resolve();

  /** Resolves on a later turn of the event loop than every turn taken before it. */
  take(): Promise<void> {
    const turn = this.last.then(() => new Promise<void>((resolve) => setImmediate(resolve)));
    this.last = turn;
    return turn;
  }
}
