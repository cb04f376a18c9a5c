#!/usr/bin/env node
/**
 * The `sipsleuth` command (design §2). Exit codes: 0 ok, 1 bad input or nothing readable, 2 usage.
 * Only this file and src/service read process.env (through loadConfig), once.
 */
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { loadConfig, type Config } from '../config';
import { ConfigError, isSipsleuthError, UsageError } from '../errors';
import { FORMAT_NAMES, type FormatName } from '../formats/record';
import { isValidTimeZone } from '../formats/time';
import type { FileOutcome, InputOptions } from './input';
import type { StoredCall } from '../store/call-store';
import { runAnalyze } from './commands/analyze';
import { findInFiles, ladderText, whyText, type WhyResult } from './commands/why';
import type { CallStore } from '../store/call-store';
import { runAsk } from './commands/ask';
import { runExplain } from './commands/explain';
import { Analyzer } from '../analyze/analyzer';
import { MemoryCallStore } from '../store/memory-store';
import { readSource } from './input';

const MAX_LINE_BYTES = 1024 * 1024;

/*
 * The service, the bots and the digest pull in Redis, BullMQ, Bolt, botbuilder and the chart
 * renderer (≈ 0.6 CPU-s of module loading): they are loaded only by the commands that use them,
 * so `analyze`, `why <ref> <files>`, `explain` and `--help` start without them.
 */
const serviceParts = (): Promise<typeof import('./commands/service-parts')> => import('./commands/service-parts');

async function withServiceStore<T>(config: Config, fn: (store: CallStore) => Promise<T>): Promise<T> {
  const { withServiceStore: open } = await import('./service-store');
  return open(config, fn);
}

function parseYear(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1990 || n > 2100) {
    throw new InvalidArgumentError('must be a year like 2026');
  }
  return n;
}

function parseTz(v: string): string {
  if (!isValidTimeZone(v)) {
    throw new InvalidArgumentError('must be a time zone name like UTC or Europe/Berlin');
  }
  return v;
}

interface InputFlags {
  format: 'auto' | FormatName;
  tz?: string;
  year?: number;
  json?: boolean;
}

function envConfig(): Config {
  return loadConfig(process.env);
}

function inputOptions(flags: InputFlags): InputOptions {
  const env = process.env;
  const tz = flags.tz ?? (env.SIPSLEUTH_TZ && isValidTimeZone(env.SIPSLEUTH_TZ) ? env.SIPSLEUTH_TZ : 'UTC');
  const envYear = env.SIPSLEUTH_YEAR ? Number(env.SIPSLEUTH_YEAR) : undefined;
  return {
    format: flags.format,
    tz,
    year: flags.year ?? (Number.isInteger(envYear) ? envYear : undefined),
    maxLineBytes: MAX_LINE_BYTES,
    currentYear: new Date().getUTCFullYear(),
  };
}

function inputFlags(cmd: Command): Command {
  return cmd
    .addOption(new Option('--format <format>', 'log format').choices(['auto', ...FORMAT_NAMES]).default('auto'))
    .option('--tz <zone>', 'time zone of vendor times without one, and of displayed times (default: SIPSLEUTH_TZ or UTC)', parseTz)
    .option('--year <year>', "year of vendor times without one (default: the file's modification year)", parseYear);
}

async function emit(r: WhyResult): Promise<number> {
  process.stdout.write(r.text);
  return r.code;
}

/** Says on stderr which of the given files could not be read and why (as `analyze` does). */
function warnUnreadable(outcomes: readonly FileOutcome[]): void {
  for (const o of outcomes) {
    if (!o.readable) {
      process.stderr.write(`sipsleuth: ${o.source}: ${o.why ?? 'nothing readable'}\n`);
    }
  }
}

/** The calls matching `ref`: from the files when there are any (unreadable ones said), else from the service's store. */
async function findCalls(ref: string, files: string[], opts: InputOptions): Promise<StoredCall[]> {
  if (!files.length) {
    return withServiceStore(envConfig(), (store) => store.find(ref, 20));
  }
  const found = await findInFiles(ref, files, opts);
  warnUnreadable(found.unreadable);
  return found.matches;
}

export function buildProgram(setExit: (code: number) => void): Command {
  const program = new Command();
  program
    .name('sipsleuth')
    .description('Why did that Teams Direct Routing call fail? Reads SBC logs, rebuilds every call, says who must fix it.')
    .version('0.1.0')
    .showHelpAfterError('(run sipsleuth --help for usage)')
    // set before the commands are added so that they inherit it: a usage error in a command's
    // options or arguments ends in main() with exit 2, not in commander's own process.exit(1)
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });

  inputFlags(
    program
      .command('analyze')
      .description('read logs and print one row per call, the peers’ health and what was skipped')
      .argument('[files...]', 'log files, or - for stdin', [])
      .option('--json', 'print one JSON document: calls, peers’ health and read statistics (see README)'),
  ).action(async (files: string[], flags: InputFlags) => {
    setExit(await runAnalyze(files, { ...inputOptions(flags), json: Boolean(flags.json) }));
  });

  inputFlags(
    program
      .command('why')
      .description('explain one call: verdict, evidence, next check, a short ladder')
      .argument('<ref>', 'Call-ID, SBC session id (SID/GUID) or phone number (last digits are enough)')
      .argument('[files...]', 'log files; without them the running service’s store is asked')
      .option('--json', 'print the call’s entry of the JSON document'),
  ).action(async (ref: string, files: string[], flags: InputFlags) => {
    const opts = inputOptions(flags);
    const matches = await findCalls(ref, files, opts);
    setExit(await emit(whyText(matches, ref, { json: Boolean(flags.json), tz: opts.tz })));
  });

  inputFlags(
    program
      .command('ladder')
      .description('the call flow as a text ladder: carrier | SBC | Teams')
      .argument('<ref>', 'Call-ID, SBC session id (SID/GUID) or phone number')
      .argument('[files...]', 'log files; without them the running service’s store is asked'),
  ).action(async (ref: string, files: string[], flags: InputFlags) => {
    const opts = inputOptions(flags);
    const matches = await findCalls(ref, files, opts);
    setExit(await emit(ladderText(matches, ref)));
  });

  program
    .command('explain')
    .description('break one raw SIP message down line by line, in plain English')
    .argument('[file]', 'a file holding the message, or - for stdin', '-')
    .action((file: string) => {
      setExit(runExplain(file));
    });

  inputFlags(
    program
      .command('ask')
      .description('ask what the bots answer: "why did call 0305550101 fail", "status", "top failures today", …')
      .argument('<question>', 'the question, in quotes')
      .argument('[files...]', 'log files to answer from; without them the running service’s store is asked')
      .option('--mask', 'hide the last digits of phone numbers'),
  ).action(async (question: string, files: string[], flags: InputFlags & { mask?: boolean }) => {
    const opts = inputOptions(flags);
    const askOpts = { tz: opts.tz, now: Date.now(), maskNumbers: Boolean(flags.mask) };
    if (files.length) {
      const store = new MemoryCallStore();
      const puts: Array<Promise<void>> = [];
      const analyzer = new Analyzer({ onCall: (c) => puts.push(store.put({ report: c.report, call: c.call, verdict: c.verdict })) });
      for (const f of files) {
        warnUnreadable([await readSource(f, opts, analyzer)]);
      }
      await store.putHealth(analyzer.end());
      await Promise.all(puts);
      // "today" and "last hour" mean the log's own time when answering from files
      const newest = (await store.list({ limit: 1 }))[0];
      const now = newest?.end ?? newest?.start;
      process.stdout.write(await runAsk(question, store, { ...askOpts, now: now ? Date.parse(now) + 1000 : askOpts.now }));
      return;
    }
    process.stdout.write(await withServiceStore(envConfig(), (store) => runAsk(question, store, askOpts)));
  });

  program
    .command('serve')
    .description('run everything configured in one process: ingest, workers, bots, alerts, digest, /healthz, /metrics')
    .action(async () => {
      await (await serviceParts()).runServe(envConfig());
    });
  program
    .command('ingest')
    .description('run only the file tailer and the syslog listener (scale-out)')
    .action(async () => {
      await (await serviceParts()).runIngest(envConfig());
    });
  program
    .command('worker')
    .description('run only a worker that rebuilds, diagnoses and stores calls (scale-out)')
    .action(async () => {
      await (await serviceParts()).runWorker(envConfig());
    });

  program
    .command('bot')
    .description('run only the Slack and Teams bots, alerts and the digest (scale-out)')
    .action(async () => {
      await (await serviceParts()).runBot(envConfig());
    });
  program
    .command('digest')
    .description('build the daily digest now and post it to the configured channels')
    .option('--date <date>', 'the day, YYYY-MM-DD in SIPSLEUTH_DIGEST_TZ (default: yesterday)')
    .option('--print', 'print the digest instead of posting it')
    .action(async (flags: { date?: string; print?: boolean }) => {
      const { runDigest } = await import('./commands/digest');
      process.stdout.write(await runDigest({ date: flags.date, print: Boolean(flags.print) }, envConfig()));
    });

  return program;
}

/** Runs the command line (`argv` as process.argv: node, script, words…); returns the exit code. */
export async function runCli(argv: readonly string[]): Promise<number> {
  let code = 0;
  const program = buildProgram((c) => {
    code = c;
  });
  try {
    await program.parseAsync([...argv]);
  } catch (e) {
    if (e instanceof CommanderError) {
      // --help and --version end here with code 0
      code = e.exitCode === 0 ? 0 : 2;
    } else if (e instanceof ConfigError) {
      process.stderr.write(`sipsleuth: ${e.problems.length ? e.problems.join('\n') : e.message}\n`);
      code = 2;
    } else if (e instanceof UsageError) {
      process.stderr.write(`sipsleuth: ${e.message.replace(/^\[[a-z_]+\] /, '')}\n`);
      code = 2;
    } else if (isSipsleuthError(e)) {
      process.stderr.write(`sipsleuth: ${e.message.replace(/^\[[a-z_]+\] /, '')}\n`);
      code = 1;
    } else if ((e as NodeJS.ErrnoException).code === 'ENOENT') {
      process.stderr.write(`sipsleuth: ${(e as Error).message}\n`);
      code = 1;
    } else {
      throw e;
    }
  }
  return code;
}

if (require.main === module) {
  void runCli(process.argv).then((code) => {
    process.exitCode = code;
  });
}
