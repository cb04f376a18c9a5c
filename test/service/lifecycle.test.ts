import { MemoryLogger } from '../../src/log/logger';
import { PartRunner } from '../../src/service/lifecycle';
import type { ServicePart } from '../../src/service/service-part';

function recorder(log: string[], name: string, failStart = false, failStop = false): ServicePart {
  return {
    name,
    start: async () => {
      if (failStart) {
        throw new Error(`${name} cannot start`);
      }
      log.push(`start ${name}`);
    },
    stop: async () => {
      log.push(`stop ${name}`);
      if (failStop) {
        throw new Error(`${name} cannot stop`);
      }
    },
  };
}

describe('PartRunner', () => {
  it('when started and stopped, then parts start in order and stop in reverse, once', async () => {
    const log: string[] = [];
    const r = new PartRunner(['redis', 'worker', 'ingest'].map((n) => recorder(log, n)), new MemoryLogger());
    await r.start();
    await Promise.all([r.stop(), r.stop()]);
    expect(log).toEqual(['start redis', 'start worker', 'start ingest', 'stop ingest', 'stop worker', 'stop redis']);
  });

  it('when a part fails to start, then the started ones are stopped in reverse and the error is thrown', async () => {
    const log: string[] = [];
    const r = new PartRunner([recorder(log, 'a'), recorder(log, 'b'), recorder(log, 'c', true)], new MemoryLogger());
    await expect(r.start()).rejects.toThrow('c cannot start');
    expect(log).toEqual(['start a', 'start b', 'stop b', 'stop a']);
  });

  it('when a part fails to stop, then it is logged and the others are stopped anyway', async () => {
    const log: string[] = [];
    const logger = new MemoryLogger();
    const r = new PartRunner([recorder(log, 'a'), recorder(log, 'b', false, true)], logger);
    await r.start();
    await r.stop();
    expect(log).toEqual(['start a', 'start b', 'stop b', 'stop a']);
    expect(logger.lines.some((l) => l.level === 'error' && l.part === 'b')).toBe(true);
  });
});
