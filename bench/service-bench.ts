/**
 * `npm run bench:service` (after `npm run build`): the service pipeline end to end on this machine.
 * Generates a large AudioCodes log (bench/synth), then replays it, paced at a target rate,
 *   file: appended to a file the tailer of an `ingest` process watches
 *   udp:  sent as syslog datagrams to the listener of an `ingest` process
 * with two `worker` processes (child processes of this script), into Redis. Reports SIP messages
 * per second end to end (first line written → every call stored), sustained (the SIP messages of
 * the calls stored between the 10th and the 90th percentile of store times, over that span: start-up
 * and the last calls' settle wait left out), the delay from a call's last line being written to
 * the call being stored (median, p99; from the service's call-events stream), CPU per process
 * (also as µs per SIP message), and the peak RSS of each process (VmHWM) and of Redis. Replay
 * enough calls (20,000, the default) that the fixed parts (start, the 1 s settle wait) are small.
 *
 *   npm run bench:service                                  # 20,000 calls, 20,000 msg/s, file and udp
 *   node dist/bench/service-bench.js --calls 20000 --rate 30000 --paths file
 *   node dist/bench/service-bench.js --rate 0              # unpaced: as fast as the pipeline goes
 *   node dist/bench/service-bench.js --cpu-prof bench/out/prof   # V8 CPU profile of each child process
 *   node dist/bench/service-bench.js --topology serve      # everything in one `serve` process (docker-compose)
 * REDIS_URL (default redis://127.0.0.1:6379); keys go under a prefix of their own, deleted after.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import dgram from 'node:dgram';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import IORedis, { type Redis } from 'ioredis';
import { loadConfig } from '../src/config';
import { runIngest, runServe, runWorker } from '../src/cli/commands/service-parts';
import { createLogger } from '../src/log/logger';
import { callEventsKey, readCallEvents } from '../src/service/call-events';
import { servicePrefixes } from '../src/service/queue-names';
import { writeAudiocodesLog } from './synth/audiocodes-writer';

type PathName = 'file' | 'udp';

interface Args {
  calls: number;
  rate: number;
  paths: PathName[];
  seed: number;
  redisUrl: string;
  /** split: 1 ingest + 2 worker processes; serve: everything in one `serve` process (the docker-compose set-up) */
  topology: 'split' | 'serve';
}

function parseArgs(argv: string[]): Args {
  const get = (name: string): string | undefined => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  return {
    calls: Number(get('calls') ?? 20_000),
    rate: Number(get('rate') ?? 20_000),
    paths: (get('paths') ?? 'file,udp').split(',').filter((p): p is PathName => p === 'file' || p === 'udp'),
    seed: Number(get('seed') ?? 42),
    redisUrl: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    topology: get('topology') === 'serve' ? 'serve' : 'split',
  };
}

// ── child processes: this script with --child ingest|worker ───────────────────────────────────

async function runChild(mode: string, prefix: string): Promise<void> {
  const config = loadConfig(process.env);
  const logger = createLogger(config.service.SIPSLEUTH_LOG_LEVEL);
  await (mode === 'ingest' ? runIngest : mode === 'serve' ? runServe : runWorker)(config, { prefix, logger });
  process.exit(0);
}

interface Child {
  name: string;
  proc: ChildProcess;
  port: number;
  exited: Promise<number | null>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

async function startChild(name: string, mode: 'ingest' | 'worker' | 'serve', prefix: string, env: Record<string, string>): Promise<Child> {
  const port = await freePort();
  // --cpu-prof <dir>: each child writes a V8 CPU profile there when it exits
  const profDir = process.argv.includes('--cpu-prof') ? process.argv[process.argv.indexOf('--cpu-prof') + 1] : undefined;
  const prof = profDir ? ['--cpu-prof', '--cpu-prof-dir', profDir, '--cpu-prof-name', `${name.replace(/\W+/g, '-')}.cpuprofile`] : [];
  const proc = spawn(process.execPath, [...prof, __filename, '--child', mode, '--prefix', prefix], {
    env: { ...process.env, ...env, SIPSLEUTH_HTTP_PORT: String(port), SIPSLEUTH_LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
  for (let i = 0; ; i++) {
    if (proc.exitCode !== null) {
      throw new Error(`${name} exited with ${proc.exitCode}`);
    }
    try {
      if ((await fetch(`http://127.0.0.1:${port}/healthz`)).status === 200) {
        break;
      }
    } catch {
      // not listening yet
    }
    if (i > 600) {
      throw new Error(`${name} did not become healthy`);
    }
    await sleep(100);
  }
  return { name, proc, port, exited };
}

/**
 * UDP datagrams the kernel dropped because a socket's receive buffer was full (Linux
 * /proc/net/snmp `Udp: RcvbufErrors`, for the whole machine: the bench is its only UDP traffic);
 * null where /proc is not there. The service cannot see these: it never received them.
 */
function udpReceiveBufferErrors(): number | null {
  try {
    const lines = fs.readFileSync('/proc/net/snmp', 'utf8').split('\n').filter((l) => l.startsWith('Udp:'));
    const names = lines[0].trim().split(/\s+/);
    const values = lines[1].trim().split(/\s+/);
    const i = names.indexOf('RcvbufErrors');
    return i < 0 ? null : Number(values[i]);
  } catch {
    return null;
  }
}

/** Peak resident set size of a process (Linux VmHWM), MB; null where /proc is not there. */
function peakRssMb(pid: number | undefined): number | null {
  if (pid === undefined) {
    return null;
  }
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : null;
  } catch {
    return null;
  }
}

/** CPU seconds (user + system) a process has used so far; null where /proc is not there. */
function cpuSeconds(pid: number | undefined): number | null {
  if (pid === undefined) {
    return null;
  }
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

async function redisCpuSeconds(redis: Redis): Promise<number> {
  const info = await redis.info('cpu');
  const user = /used_cpu_user:([\d.]+)/.exec(info);
  const sys = /used_cpu_sys:([\d.]+)/.exec(info);
  return Number(user?.[1] ?? 0) + Number(sys?.[1] ?? 0);
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

// ── the log ──────────────────────────────────────────────────────────────────────────────────

interface GeneratedLog {
  file: string;
  lines: number;
  bytes: number;
  sipMessages: number;
  callSids: Set<string>;
  /** SIP messages per call (SID) */
  messagesOf: Map<string, number>;
}

function generate(args: Args, dir: string): GeneratedLog {
  const file = path.join(dir, 'source.log');
  const fd = fs.openSync(file, 'w');
  let buf: string[] = [];
  let bufBytes = 0;
  let lines = 0;
  let bytes = 0;
  let sipMessages = 0;
  const callSids = new Set<string>();
  const messagesOf = new Map<string, number>();
  const flush = (): void => {
    fs.writeSync(fd, buf.join(''));
    buf = [];
    bufBytes = 0;
  };
  writeAudiocodesLog(
    {
      calls: args.calls,
      seed: args.seed,
      start: Date.UTC(2026, 10, 23, 8, 0, 0),
      intervalMs: 200,
      onMessage: (m) => {
        sipMessages++;
        if (m.scenario !== 'options') {
          callSids.add(m.sid);
          messagesOf.set(m.sid, (messagesOf.get(m.sid) ?? 0) + 1);
        }
      },
    },
    (line) => {
      const l = `${line}\n`;
      buf.push(l);
      bufBytes += l.length;
      bytes += Buffer.byteLength(l);
      lines++;
      if (bufBytes > 1 << 22) {
        flush();
      }
    },
  );
  flush();
  fs.closeSync(fd);
  return { file, lines, bytes, sipMessages, callSids, messagesOf };
}

function sidOf(line: string): string | null {
  const i = line.indexOf('[SID=');
  if (i < 0) {
    return null;
  }
  const j = line.indexOf(']', i);
  return j < 0 ? null : line.slice(i + 5, j);
}

/**
 * Replays the log's lines to `send` in chunks every 20 ms so that SIP messages go out at `rate`
 * per second (0 = as fast as possible); notes when each SID's last line went out.
 */
async function replay(
  log: GeneratedLog,
  rate: number,
  send: (lines: string[]) => Promise<void>,
  lastWrite: Map<string, number>,
): Promise<{ first: number; last: number }> {
  const linesPerSec = rate > 0 ? (rate * log.lines) / log.sipMessages : Infinity;
  const rl = readline.createInterface({ input: fs.createReadStream(log.file, { highWaterMark: 1 << 20 }), crlfDelay: Infinity });
  const first = Date.now();
  let sent = 0;
  let chunk: string[] = [];
  const maxChunk = rate > 0 ? Math.max(1, Math.ceil(linesPerSec / 50)) : 4000;
  const push = async (): Promise<void> => {
    if (rate > 0) {
      const due = first + (sent / linesPerSec) * 1000;
      const wait = due - Date.now();
      if (wait > 0) {
        await sleep(wait);
      }
    }
    await send(chunk);
    const now = Date.now();
    for (const l of chunk) {
      const sid = sidOf(l);
      if (sid !== null) {
        lastWrite.set(sid, now);
      }
    }
    sent += chunk.length;
    chunk = [];
  };
  for await (const line of rl) {
    chunk.push(line);
    if (chunk.length >= maxChunk) {
      await push();
    }
  }
  if (chunk.length > 0) {
    await push();
  }
  return { first, last: Date.now() };
}

// ── one run ──────────────────────────────────────────────────────────────────────────────────

interface RunResult {
  path: PathName;
  calls: number;
  stored: number;
  /** stored only by the quiet timeout (the log left them unfinished) */
  quiet: number;
  sipMessages: number;
  seconds: number;
  msgsPerSec: number;
  /** SIP messages per second between the 10th and 90th percentile of store times */
  sustainedPerSec: number;
  p50: number;
  p99: number;
  rss: Array<[string, number | null]>;
  /** CPU seconds used during the run by each process and by Redis */
  cpu: Array<[string, number | null]>;
  redisPeakMb: number;
  dropped: number;
  /** UDP datagrams the kernel dropped during the run (socket buffer full) */
  kernelDrops: number | null;
}

async function metricSum(port: number, name: string): Promise<number> {
  try {
    const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    return text
      .split('\n')
      .filter((l) => l.startsWith(name))
      .reduce((s, l) => s + Number(l.slice(l.lastIndexOf(' ') + 1)), 0);
  } catch {
    return 0;
  }
}

async function runPath(which: PathName, args: Args, log: GeneratedLog, dir: string): Promise<RunResult> {
  const prefix = `sipsleuth-bench-${randomBytes(3).toString('hex')}`;
  const watched = path.join(dir, `watched-${which}.log`);
  fs.writeFileSync(watched, '');
  const udpPort = await freePort();
  const env: Record<string, string> = {
    REDIS_URL: args.redisUrl,
    SIPSLEUTH_YEAR: '2026',
    SIPSLEUTH_CALL_QUIET_SEC: '30',
    ...(which === 'file' ? { SIPSLEUTH_WATCH: watched } : { SIPSLEUTH_SYSLOG_UDP_PORT: String(udpPort), SIPSLEUTH_SYSLOG_HOST: '127.0.0.1' }),
  };
  const redis: Redis = new IORedis(args.redisUrl);
  const children: Child[] = [];
  try {
    if (args.topology === 'serve') {
      children.push(await startChild('serve', 'serve', prefix, env));
    } else {
      children.push(await startChild('worker 1', 'worker', prefix, env));
      children.push(await startChild('worker 2', 'worker', prefix, env));
      children.push(await startChild('ingest', 'ingest', prefix, env));
    }
    return await measure(which, args, log, prefix, watched, udpPort, redis, children);
  } finally {
    for (const c of children.reverse()) {
      if (c.proc.exitCode === null) {
        c.proc.kill('SIGTERM');
        await c.exited;
      }
    }
    await deleteKeys(redis, prefix);
    redis.disconnect();
  }
}

async function measure(
  which: PathName,
  args: Args,
  log: GeneratedLog,
  prefix: string,
  watched: string,
  udpPort: number,
  redis: Redis,
  children: Child[],
): Promise<RunResult> {
  const stored = new Map<string, Array<{ at: number; quiet: boolean }>>();
  let reading = true;
  const events = callEventsKey(servicePrefixes(prefix).open);
  const reader = (async () => {
    const r = new IORedis(args.redisUrl);
    let after = '0';
    while (reading) {
      const batch = await readCallEvents(r, events, after, 5000, 200);
      for (const e of batch) {
        after = e.entry;
        const list = stored.get(e.id) ?? [];
        list.push({ at: e.storedAt, quiet: e.finish === 'quiet' });
        stored.set(e.id, list);
      }
    }
    r.disconnect();
  })();

  const lastWrite = new Map<string, number>();
  let send: (lines: string[]) => Promise<void>;
  let closeSender: () => void;
  if (which === 'file') {
    const fd = fs.openSync(watched, 'a');
    send = async (lines) => {
      fs.writeSync(fd, lines.join('\n') + '\n');
    };
    closeSender = () => fs.closeSync(fd);
  } else {
    const sock = dgram.createSocket('udp4');
    send = async (lines) => {
      for (const l of lines) {
        await new Promise<void>((resolve) => sock.send(`<133>${l}`, udpPort, '127.0.0.1', () => resolve()));
      }
    };
    closeSender = () => sock.close();
  }
  const cpuBefore = children.map((c) => cpuSeconds(c.proc.pid));
  const kernelDropsBefore = udpReceiveBufferErrors();
  const redisCpuBefore = await redisCpuSeconds(redis);
  process.stdout.write(`${which}: replaying ${log.sipMessages} SIP messages of ${log.callSids.size} calls…\n`);
  const { first } = await replay(log, args.rate, send, lastWrite);
  closeSender();

  // every call stored after its last line was written (or no progress for 60 s)
  const storedAfterWrite = (sid: string): { at: number; quiet: boolean } | null => {
    const w = lastWrite.get(sid);
    const times = stored.get(sid);
    if (w === undefined || !times) {
      return null;
    }
    let best: { at: number; quiet: boolean } | null = null;
    for (const t of times) {
      if (t.at >= w && (best === null || t.at < best.at)) {
        best = t;
      }
    }
    return best;
  };
  let done = 0;
  let lastProgress = Date.now();
  for (;;) {
    let n = 0;
    for (const sid of log.callSids) {
      if (storedAfterWrite(sid) !== null) {
        n++;
      }
    }
    if (n > done) {
      done = n;
      lastProgress = Date.now();
    }
    if (done === log.callSids.size || Date.now() - lastProgress > 60_000) {
      break;
    }
    await sleep(200);
  }
  // calls the log leaves unfinished are only stored after the quiet time: counted apart
  const delays: number[] = [];
  const storedAt: Array<{ at: number; messages: number }> = [];
  let end = first;
  let quiet = 0;
  for (const sid of log.callSids) {
    const t = storedAfterWrite(sid);
    const w = lastWrite.get(sid);
    if (t !== null && w !== undefined) {
      if (t.quiet) {
        quiet++;
        continue;
      }
      delays.push((t.at - w) / 1000);
      storedAt.push({ at: t.at, messages: log.messagesOf.get(sid) ?? 0 });
      end = Math.max(end, t.at);
    }
  }
  delays.sort((a, b) => a - b);
  const q = (p: number): number => (delays.length ? delays[Math.min(delays.length - 1, Math.floor(p * delays.length))] : NaN);
  const seconds = (end - first) / 1000;
  storedAt.sort((a, b) => a.at - b.at);
  const lo = Math.floor(storedAt.length * 0.1);
  const hi = Math.floor(storedAt.length * 0.9);
  let sustainedPerSec = NaN;
  if (hi > lo && storedAt[hi].at > storedAt[lo].at) {
    let n = 0;
    for (let i = lo + 1; i <= hi; i++) {
      n += storedAt[i].messages;
    }
    sustainedPerSec = n / ((storedAt[hi].at - storedAt[lo].at) / 1000);
  }
  const messages = Math.round((log.sipMessages * delays.length) / Math.max(1, log.callSids.size));
  const rss: Array<[string, number | null]> = children.map((c) => [c.name, peakRssMb(c.proc.pid)]);
  const cpu: Array<[string, number | null]> = children.map((c, i) => {
    const now = cpuSeconds(c.proc.pid);
    const was = cpuBefore[i];
    return [c.name, now === null || was === null ? null : now - was];
  });
  cpu.push(['redis', (await redisCpuSeconds(redis)) - redisCpuBefore]);
  // the process that runs ingest is started last
  const dropped = await metricSum(children[children.length - 1].port, 'sipsleuth_dropped_total');
  const kernelDropsAfter = udpReceiveBufferErrors();
  const info = await redis.info('memory');
  const peak = /used_memory_peak:(\d+)/.exec(info);

  reading = false;
  await reader;
  return {
    path: which,
    calls: log.callSids.size,
    stored: done,
    quiet,
    sipMessages: log.sipMessages,
    seconds,
    msgsPerSec: messages / seconds,
    sustainedPerSec,
    p50: q(0.5),
    p99: q(0.99),
    rss,
    cpu,
    redisPeakMb: peak ? Number(peak[1]) / 1048576 : NaN,
    dropped,
    kernelDrops: kernelDropsAfter === null || kernelDropsBefore === null ? null : kernelDropsAfter - kernelDropsBefore,
  };
}

async function deleteKeys(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 5000);
    cursor = next;
    if (keys.length > 0) {
      await redis.unlink(...keys);
    }
  } while (cursor !== '0');
}

function cpuCell(r: RunResult): string {
  const total = r.cpu.reduce((n, [, s]) => n + (s ?? 0), 0);
  const parts = r.cpu.map(([n, s]) => `${n} ${s === null ? '?' : s.toFixed(1)}`).join(', ');
  return `${parts}; all ${total.toFixed(1)} (${Math.round(r.sipMessages / Math.max(total, 0.001)).toLocaleString('en-US')})`;
}

/** CPU µs per SIP message of each process and all together. */
function perMessageCell(r: RunResult): string {
  const us = (s: number | null): string => (s === null ? '?' : String(Math.round((s * 1e6) / Math.max(1, r.sipMessages))));
  const total = r.cpu.reduce((n, [, s]) => n + (s ?? 0), 0);
  return `${r.cpu.map(([n, s]) => `${n} ${us(s)}`).join(', ')}; all ${us(total)}`;
}

function table(results: RunResult[], args: Args): string {
  const rows = [
    ['path', 'calls stored (by quiet time)', 'SIP msgs', 'seconds', 'msgs/s end to end', 'msgs/s sustained', 'delay p50', 'delay p99', 'peak RSS (MB)', 'CPU s (msgs per CPU-s)', 'CPU µs per SIP msg', 'dropped', 'UDP dropped by the kernel'],
    ...results.map((r) => [
      r.path,
      `${r.stored}/${r.calls} (${r.quiet})`,
      String(r.sipMessages),
      r.seconds.toFixed(1),
      Math.round(r.msgsPerSec).toLocaleString('en-US'),
      Number.isNaN(r.sustainedPerSec) ? '?' : Math.round(r.sustainedPerSec).toLocaleString('en-US'),
      `${r.p50.toFixed(2)} s`,
      `${r.p99.toFixed(2)} s`,
      r.rss.map(([n, mb]) => `${n} ${mb === null ? '?' : Math.round(mb)}`).join(', ') + `, redis ${Math.round(r.redisPeakMb)}`,
      cpuCell(r),
      perMessageCell(r),
      String(r.dropped),
      r.path === 'udp' && r.kernelDrops !== null ? String(r.kernelDrops) : '-',
    ]),
  ];
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  const line = (r: string[]): string => `| ${r.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  return [
    `machine load average (1, 5, 15 min): ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}; msgs/s counts the SIP messages of the calls finished by their own messages, until the last of them was stored; sustained: between the 10th and 90th percentile of store times`,
    `service pipeline, ${os.cpus().length} cores, paced at ${args.rate > 0 ? `${args.rate} SIP msgs/s` : 'full speed'}, ${args.topology === 'serve' ? 'one serve process' : '1 ingest + 2 worker processes'}, Redis ${args.redisUrl.replace(/\/\/[^@/]*@/, '//***@')}`,
    line(rows[0]),
    `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`,
    ...rows.slice(1).map(line),
  ].join('\n');
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const child = argv.indexOf('--child');
  if (child >= 0) {
    await runChild(argv[child + 1], argv[argv.indexOf('--prefix') + 1]);
    return;
  }
  const args = parseArgs(argv);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sipsleuth-service-bench-'));
  try {
    const t0 = Date.now();
    const log = generate(args, dir);
    process.stdout.write(
      `generated ${(log.bytes / 1048576).toFixed(0)} MB, ${log.lines} lines, ${log.sipMessages} SIP messages, ${log.callSids.size} calls in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`,
    );
    const results: RunResult[] = [];
    for (const p of args.paths) {
      results.push(await runPath(p, args, log, dir));
      process.stdout.write(`${table(results, args)}\n`);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`service bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
