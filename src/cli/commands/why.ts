/**
 * `sipsleuth why <ref> [files…]` and `sipsleuth ladder <ref> [files…]`: one call explained. With
 * files, the logs are read and the calls matching the reference are kept; without, the running
 * service's store is asked.
 */
import { Analyzer, type AnalyzedCall } from '../../analyze/analyzer';
import { buildLadder, renderLadder } from '../../diagnosis/ladder';
import { diagnose } from '../../diagnosis/diagnose';
import { renderWhy } from '../../diagnosis/why';
import type { Verdict } from '../../diagnosis/verdict';
import { numberMatches } from '../../sip/numbers';
import type { StoredCall } from '../../store/call-store';
import { classifyRef } from '../../store/ref';
import { readSource, type FileOutcome, type InputOptions } from '../input';

export interface WhyOptions extends InputOptions {
  json: boolean;
}

/** Does this call answer to the reference (Call-ID of a leg, id, session key, or number)? */
export function callMatches(c: AnalyzedCall | StoredCall, ref: string): boolean {
  const r = classifyRef(ref);
  const report = c.report;
  if (r.kind === 'number') {
    return [report.from, report.to].some((n) => n !== null && numberMatches(n, r.digits));
  }
  const v = r.value.toLowerCase();
  return (
    report.id.toLowerCase() === v ||
    (report.sessionKey ?? '').toLowerCase() === v ||
    report.callIds.some((id) => id.toLowerCase() === v)
  );
}

export interface FoundInFiles {
  /** the calls matching the reference, newest first */
  matches: StoredCall[];
  /** the files in which nothing was readable (missing, a folder, no known format), with why */
  unreadable: FileOutcome[];
}

/** Reads the logs and returns the calls matching `ref` and the files that could not be read. */
export async function findInFiles(ref: string, files: string[], opts: InputOptions): Promise<FoundInFiles> {
  const found: StoredCall[] = [];
  const unreadable: FileOutcome[] = [];
  const analyzer = new Analyzer({
    onCall: (c) => {
      if (callMatches(c, ref)) {
        found.push({ report: c.report, call: c.call, verdict: c.verdict });
      }
    },
  });
  for (const f of files) {
    const outcome = await readSource(f, opts, analyzer);
    if (!outcome.readable) {
      unreadable.push(outcome);
    }
  }
  analyzer.end();
  return { matches: found.sort((a, b) => (b.call.start ?? 0) - (a.call.start ?? 0)), unreadable };
}

export interface WhyResult {
  text: string;
  code: number;
}

function notFound(ref: string): WhyResult {
  return { text: `No call matches "${ref}". Try a Call-ID, an SBC session id (SID/GUID) or the last digits of a number.\n`, code: 1 };
}

export function whyText(matches: StoredCall[], ref: string, opts: { json: boolean; tz: string }): WhyResult {
  const [newest, ...others] = matches;
  if (!newest) {
    return notFound(ref);
  }
  if (opts.json) {
    return { text: `${JSON.stringify(newest.report, null, 2)}\n`, code: 0 };
  }
  const verdict: Verdict = newest.verdict ?? diagnose(newest.call);
  return {
    text: `${renderWhy({ report: newest.report, call: newest.call, verdict, others: others.map((o) => o.report), tz: opts.tz })}\n`,
    code: 0,
  };
}

export function ladderText(matches: StoredCall[], ref: string): WhyResult {
  const [newest] = matches;
  if (!newest) {
    return notFound(ref);
  }
  const verdict = newest.verdict ?? diagnose(newest.call);
  return { text: `${renderLadder(buildLadder(newest.call, verdict), {})}\n`, code: 0 };
}
