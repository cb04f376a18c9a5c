/** `sipsleuth analyze [files…|-]`: every call in the logs, as a table or as the §3 JSON document. */
import { Analyzer, type AnalysisStats } from '../../analyze/analyzer';
import { ReorderBuffer } from '../../analyze/reorder-buffer';
import type { CallReport } from '../../diagnosis/verdict';
import type { PeerHealth } from '../../calls/call';
import { readSource, type FileOutcome, type InputOptions } from '../input';
import { Output } from '../output';
import { Progress } from '../progress';
import { healthTable, statsTable, tableHeader, tableRow } from '../render/table';

export interface AnalyzeOptions extends InputOptions {
  json: boolean;
}

/** The `health` part of the document: peers with ISO times. */
export function healthJson(peers: readonly PeerHealth[]): object {
  const iso = (t: number | null): string | null => (t === null ? null : new Date(t).toISOString());
  return {
    peers: peers.map((p) => ({
      remote: p.remote,
      name: p.name ?? null,
      sbc: p.device,
      optionsSent: p.optionsSent,
      optionsAnswered: p.optionsAnswered,
      optionsRejected: p.optionsRejected,
      lastSent: iso(p.lastSent),
      lastAnswer: iso(p.lastAnswer),
      lastStatus: p.lastStatus,
      status: p.status,
    })),
  };
}

export function statsJson(s: AnalysisStats): object {
  return { ...s };
}

/** Runs the analysis; returns the exit code (0 ok, 1 nothing readable). */
export async function runAnalyze(sources: string[], opts: AnalyzeOptions): Promise<number> {
  const out = new Output();
  const progress = new Progress();
  let first = true;
  const ordered = new ReorderBuffer<CallReport>({
    capacity: 5000,
    keyOf: (r) => (r.start ? Date.parse(r.start) : 0),
    emit: (report) => {
      if (opts.json) {
        out.write(`${first ? '' : ','}\n${JSON.stringify(report)}`);
      } else {
        out.write(tableRow(report, opts.tz));
      }
      first = false;
    },
  });
  const analyzer = new Analyzer({ onCall: ({ report }) => ordered.push(report) });
  out.write(opts.json ? '{"calls":[' : tableHeader(opts.tz));
  const outcomes: FileOutcome[] = [];
  for (const source of sources.length ? sources : ['-']) {
    outcomes.push(await readSource(source, opts, analyzer, progress, () => (out.full ? out.flush() : Promise.resolve())));
    await out.flush();
  }
  const peers = analyzer.end();
  ordered.drain();
  progress.finish();
  if (opts.json) {
    out.write(`${first ? '' : '\n'}],\n"health":${JSON.stringify(healthJson(peers))},\n"stats":${JSON.stringify(statsJson(analyzer.stats))}}\n`);
  } else {
    if (first) {
      out.write('(no calls)\n');
    }
    out.write(healthTable(peers, opts.tz));
    out.write(statsTable(analyzer.stats));
  }
  await out.flush();
  if (!outcomes.some((o) => o.readable)) {
    for (const o of outcomes) {
      process.stderr.write(`sipsleuth: ${o.source}: ${o.why ?? 'nothing readable'}\n`);
    }
    return 1;
  }
  return 0;
}
