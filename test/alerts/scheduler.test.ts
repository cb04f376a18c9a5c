import { Queue } from 'bullmq';
import { DIGEST_QUEUE, digestCron, DigestScheduler, scheduledAt } from '../../src/alerts/digest-scheduler';
import { MemoryLogger } from '../../src/log/logger';
import { yesterday } from '../../src/stats/local-day';
import { testPrefix, testRedisUrl } from '../support/redis';

describe('digest scheduler', () => {
  it('turns HH:MM into a daily cron pattern, and empty into none', () => {
    expect(digestCron('08:00')).toBe('0 8 * * *');
    expect(digestCron('23:45')).toBe('45 23 * * *');
    expect(digestCron('')).toBeNull();
  });

  it('fires once per time with two instances running on the same Redis', async () => {
    const queuePrefix = testPrefix('digest-sched');
    const runs: Array<{ instance: number; jobId: string; date: string; at: number }> = [];
    const connection = { url: testRedisUrl(), maxRetriesPerRequest: null };
    const make = (instance: number): DigestScheduler =>
      new DigestScheduler({
        connection,
        queuePrefix,
        pattern: '*/1 * * * * *',
        tz: 'Europe/Berlin',
        logger: new MemoryLogger(),
        run: async (date, job) => {
          runs.push({ instance, jobId: String(job.id), date, at: scheduledAt(job) });
        },
      });
    const a = make(1);
    const b = make(2);
    await Promise.all([a.start(), b.start()]);
    await new Promise((r) => setTimeout(r, 3500));
    await Promise.all([a.stop(), b.stop()]);

    const q = new Queue(DIGEST_QUEUE, { connection, prefix: queuePrefix });
    try {
      expect(await q.getJobSchedulersCount()).toBe(1);
    } finally {
      await q.close();
    }
    expect(runs.length).toBeGreaterThanOrEqual(2);
    expect(new Set(runs.map((r) => r.jobId)).size).toBe(runs.length);
    expect(new Set(runs.map((r) => r.at)).size).toBe(runs.length);
    for (const r of runs) {
      expect(r.at % 1000).toBe(0);
      expect(r.date).toBe(yesterday(r.at, 'Europe/Berlin'));
    }
  });

  it('removes the schedule when the digest time is empty', async () => {
    const queuePrefix = testPrefix('digest-off');
    const connection = { url: testRedisUrl(), maxRetriesPerRequest: null };
    const on = new DigestScheduler({ connection, queuePrefix, pattern: '0 8 * * *', tz: 'UTC', logger: new MemoryLogger(), run: async () => undefined });
    await on.start();
    await on.stop();
    const off = new DigestScheduler({ connection, queuePrefix, pattern: null, tz: 'UTC', logger: new MemoryLogger(), run: async () => undefined });
    await off.start();
    await off.stop();
    const q = new Queue(DIGEST_QUEUE, { connection, prefix: queuePrefix });
    try {
      expect(await q.getJobSchedulersCount()).toBe(0);
    } finally {
      await q.close();
    }
  });
});
