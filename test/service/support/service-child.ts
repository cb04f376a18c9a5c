/**
 * A service process for the kill/restart tests: `node -r swc-register.cjs service-child.ts <mode>`.
 * Configuration from the environment (as `sipsleuth serve|ingest|worker` takes it), plus
 * SIPSLEUTH_TEST_PREFIX for the Redis key prefix. Exits 0 after a graceful SIGTERM.
 */
import { loadConfig } from '../../../src/config';
import { runIngest, runServe, runWorker } from '../../../src/cli/commands/service-parts';
import { createLogger } from '../../../src/log/logger';

const mode = process.argv[2];
const config = loadConfig(process.env);
const opts = {
  prefix: process.env.SIPSLEUTH_TEST_PREFIX,
  logger: createLogger(config.service.SIPSLEUTH_LOG_LEVEL),
  tailer: { pollMs: 100, rescanMs: 500, batchWaitMs: 50, idleFlushMs: 300 },
  listener: { batchWaitMs: 50, idleFlushMs: 300 },
  sweepEveryMs: 500,
  lockDurationMs: 3000,
};
const run = mode === 'ingest' ? runIngest : mode === 'worker' ? runWorker : runServe;
run(config, opts).then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`service-child failed: ${String(err)}\n`);
    process.exit(1);
  },
);
