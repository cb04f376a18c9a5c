import { EventEmitter } from 'node:events';
import { MemoryLogger } from '../../src/log/logger';
import { runUntilSignal, type ProcessLike } from '../../src/service/signals';

class FakeProcess extends EventEmitter implements ProcessLike {
  exits: number[] = [];
  exit(code: number): void {
    this.exits.push(code);
  }
}

describe('runUntilSignal', () => {
  it('when SIGTERM arrives, then stop runs once, the promise resolves and the handlers are removed', async () => {
    const proc = new FakeProcess();
    let stops = 0;
    const done = runUntilSignal(async () => {
      stops++;
    }, new MemoryLogger(), proc);
    expect(proc.listenerCount('SIGTERM')).toBe(1);
    proc.emit('SIGTERM', 'SIGTERM');
    await done;
    expect(stops).toBe(1);
    expect(proc.exits).toEqual([]);
    for (const e of ['SIGTERM', 'SIGINT', 'uncaughtException', 'unhandledRejection']) {
      expect(proc.listenerCount(e)).toBe(0);
    }
  });

  it('when a second signal comes while stopping, then the process exits with 130', async () => {
    const proc = new FakeProcess();
    let release: () => void = () => undefined;
    const done = runUntilSignal(() => new Promise<void>((r) => (release = r)), new MemoryLogger(), proc);
    proc.emit('SIGINT', 'SIGINT');
    proc.emit('SIGINT', 'SIGINT');
    expect(proc.exits).toEqual([130]);
    release();
    await done;
  });

  it('when an error is not caught anywhere, then it is logged and the process exits with 1', async () => {
    const proc = new FakeProcess();
    const logger = new MemoryLogger();
    void runUntilSignal(async () => undefined, logger, proc);
    proc.emit('unhandledRejection', new Error('boom'));
    expect(proc.exits).toEqual([1]);
    expect(logger.lines.some((l) => l.level === 'error' && String(l.err).includes('boom'))).toBe(true);
  });
});
