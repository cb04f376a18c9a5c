#!/usr/bin/env node
/**
 * A records worker as a process of its own: `node dist/workers/records.worker.js`, configured by
 * the environment like `sipsleuth worker` (design §5). For process managers and containers that
 * start workers without the CLI. What a worker does is in src/service: records-processor.ts
 * (the BullMQ processor: job data checked, records stored per key), call-finalizer.ts and
 * settle-loop.ts (calls rebuilt, diagnosed and stored), worker-part.ts (the BullMQ Worker and
 * the sweep's Job Scheduler). The processor lives there because src/ may not import workers/.
 */
import { loadConfig } from '../src/config';
import { runWorker } from '../src/cli/commands/service-parts';
import { isSipsleuthError } from '../src/errors';

async function main(): Promise<number> {
  try {
    await runWorker(loadConfig(process.env));
    return 0;
  } catch (err) {
    process.stderr.write(`sipsleuth worker: ${isSipsleuthError(err) ? err.message : String(err)}\n`);
    return 1;
  }
}

void main().then((code) => process.exit(code));
