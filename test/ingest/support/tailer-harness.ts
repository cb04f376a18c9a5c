import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Redis from 'ioredis';
import { MemoryIngestMetrics } from '../../../src/ingest/ingest-metrics';
import type { OffsetStore } from '../../../src/ingest/offset-store';
import { RedisOffsetStore } from '../../../src/ingest/redis-offset-store';
import { FileTailer, type TailerOptions } from '../../../src/ingest/tailer';
import { MemoryLogger } from '../../../src/log/logger';
import { testPrefix, testRedisUrl } from '../../support/redis';
import { RecordingSink } from './recording-sink';

/** A temp folder, a real Redis offset store, and tailers over them; cleaned up by `close()`. */
export class TailerHarness {
  readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sipsleuth-tail-'));
  readonly redis = new Redis(testRedisUrl(), { maxRetriesPerRequest: 1 });
  readonly prefix = testPrefix('tailer');
  readonly offsets: OffsetStore = new RedisOffsetStore(this.redis, { prefix: this.prefix });
  readonly logger = new MemoryLogger();
  private readonly tailers: FileTailer[] = [];

  file(name: string): string {
    return path.join(this.dir, name);
  }

  async tailer(
    sink: RecordingSink,
    metrics: MemoryIngestMetrics,
    over: Partial<TailerOptions> = {},
    now?: () => number,
  ): Promise<FileTailer> {
    const t = new FileTailer(
      {
        watch: [this.dir],
        format: 'auto',
        reader: { tz: 'UTC', year: 2020, maxLineBytes: 256 * 1024 },
        pollMs: 40,
        rescanMs: 300,
        idleFlushMs: 300,
        batchWaitMs: 40,
        rotateGraceMs: 400,
        backoff: { minMs: 20, maxMs: 100 },
        ...over,
      },
      { sink, offsets: this.offsets, logger: this.logger, metrics, now },
    );
    this.tailers.push(t);
    await t.start();
    return t;
  }

  logged(text: string): boolean {
    return this.logger.lines.some((l) => typeof l.msg === 'string' && l.msg.includes(text));
  }

  async close(): Promise<void> {
    await Promise.all(this.tailers.map((t) => t.stop()));
    const keys = await this.redis.keys(`${this.prefix}*`);
    if (keys.length > 0) {
      await this.redis.del(...keys);
    }
    this.redis.disconnect();
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
