/**
 * `npm run bench`: how fast `analyze` reads a large AudioCodes log, and whether memory stays flat
 * as the file grows. Generates synthetic logs (bench/synth) of the sizes asked for, runs the real
 * CLI pipeline on each in a child process, and prints SIP messages per second and peak memory;
 * on Linux each size is run a second time held to one CPU (`taskset -c 0`), for the one-core figure.
 *
 *   npm run bench                     # 100 MB and 1 GB (SIPSLEUTH_BENCH_SIZES_MB=100,1000)
 *   SIPSLEUTH_BENCH_SIZES_MB=50 npm run bench
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Analyzer } from '../src/analyze/analyzer';
import { readSource } from '../src/cli/input';
import { writeAudiocodesLog } from './synth/audiocodes-writer';

interface RunResult {
  bytes: number;
  records: number;
  messages: number;
  calls: number;
  seconds: number;
  /** CPU time of the process (user + system): what the run costs on one core, whatever the load */
  cpuSeconds: number;
  maxRssMb: number;
}

async function runOne(file: string): Promise<void> {
  const start = process.hrtime.bigint();
  const cpu0 = process.cpuUsage();
  let peak = 0;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 50);
  let calls = 0;
  const analyzer = new Analyzer({
    onCall: ({ report }) => {
      // what `analyze --json` does with each call, minus the terminal
      calls += JSON.stringify(report).length > 0 ? 1 : 0;
    },
  });
  await readSource(file, { format: 'auto', tz: 'UTC', maxLineBytes: 1 << 20, currentYear: 2026 }, analyzer);
  analyzer.end();
  clearInterval(timer);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const cpu = process.cpuUsage(cpu0);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  peak = Math.max(peak, process.resourceUsage().maxRSS * 1024);
  const r: RunResult = {
    bytes: fs.statSync(file).size,
    records: analyzer.stats.records,
    messages: analyzer.stats.messages,
    calls,
    seconds,
    cpuSeconds,
    maxRssMb: peak / 1048576,
  };
  process.stdout.write(JSON.stringify(r));
}

function generate(file: string, targetBytes: number): void {
  const fd = fs.openSync(file, 'w');
  let buf: string[] = [];
  let size = 0;
  let written = 0;
  const flush = (): void => {
    const b = Buffer.from(buf.join(''));
    fs.writeSync(fd, b);
    written += b.length;
    buf = [];
    size = 0;
  };
  // about 6 kB of log per call (both legs, OPTIONS, CDRs): generate in slices until the size is reached
  let seed = 1;
  let start = Date.UTC(2026, 10, 23, 0, 0, 0);
  while (written < targetBytes) {
    writeAudiocodesLog({ calls: 2000, seed, start }, (line) => {
      buf.push(line, '\n');
      size += line.length + 1;
      if (size > 4 << 20) {
        flush();
      }
    });
    flush();
    seed += 1;
    start += 2000 * 3000;
  }
  fs.closeSync(fd);
}

function runChild(argv: string[]): RunResult {
  const child = spawnSync(argv[0], argv.slice(1), { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (child.status !== 0) {
    throw new Error(`bench run failed: ${child.stderr}`);
  }
  return JSON.parse(child.stdout) as RunResult;
}

/** `taskset` (Linux, util-linux), to hold a run to one CPU; null where there is none. */
function findTaskset(): string | null {
  if (process.platform !== 'linux') {
    return null;
  }
  const probe = spawnSync('taskset', ['-c', '0', 'true']);
  return probe.status === 0 ? 'taskset' : null;
}

async function main(): Promise<void> {
  if (process.argv[2] === '--run') {
    await runOne(process.argv[3]);
    return;
  }
  const sizes = (process.env.SIPSLEUTH_BENCH_SIZES_MB ?? '100,1000').split(',').map(Number);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sipsleuth-bench-'));
  const rows: Array<RunResult & { sizeMb: number; oneCoreSeconds: number | null }> = [];
  const oneCore = findTaskset();
  try {
    for (const mb of sizes) {
      const file = path.join(dir, `audiocodes-${mb}mb.log`);
      process.stderr.write(`generating ${mb} MB … `);
      generate(file, mb * 1048576);
      process.stderr.write('analyzing … ');
      const r = runChild([process.execPath, __filename, '--run', file]);
      // the same run held to one CPU: the garbage collector's helper threads then share the core
      // with the pipeline, so this is what one core carries
      const pinned = oneCore ? runChild([oneCore, '-c', '0', process.execPath, __filename, '--run', file]) : null;
      rows.push({ ...r, sizeMb: mb, oneCoreSeconds: pinned?.seconds ?? null });
      fs.rmSync(file);
      process.stderr.write('done\n');
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  console.log(`node ${process.version}, ${os.cpus()[0]?.model ?? 'cpu'}, one process; last column: the same run held to one CPU`);
  console.log(`load average before the runs: ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} cores`);
  console.log('| log size | records | SIP messages | calls | wall time | CPU time | SIP messages/s (wall) | SIP messages/s (CPU) | SIP messages/s (held to one core) | peak RSS |');
  console.log('|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const r of rows) {
    console.log(
      `| ${(r.bytes / 1048576).toFixed(0)} MB | ${r.records.toLocaleString('en')} | ${r.messages.toLocaleString('en')} | ${r.calls.toLocaleString('en')} | ${r.seconds.toFixed(1)} s | ${r.cpuSeconds.toFixed(1)} s | ${Math.round(r.messages / r.seconds).toLocaleString('en')} | ${Math.round(r.messages / r.cpuSeconds).toLocaleString('en')} | ${r.oneCoreSeconds === null ? 'n/a (no taskset)' : Math.round(r.messages / r.oneCoreSeconds).toLocaleString('en')} | ${r.maxRssMb.toFixed(0)} MB |`,
    );
  }
}

void main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
