/**
 * The offline pipeline in one place, pure: reader items in, diagnosed calls out.
 *
 *   ReaderItem (message | cdr | gap | transport | skip | error)
 *     → CallBuilder (dialogs, legs, joined calls, OPTIONS health)
 *     → diagnose (with the transport failures logged around the call) → CallReport
 *
 * Finished calls are handed to `onCall` as soon as the builder lets go of them, so a log of any
 * size streams through in bounded memory. The CLI (`analyze`, `why`, `ladder`) drives it.
 */
import type { Call, PeerHealth } from '../calls/call';
import { CallBuilder, DEFAULT_BUILDER_OPTIONS } from '../calls/call-builder';
import { diagnose } from '../diagnosis/diagnose';
import { toCallReport } from '../diagnosis/report';
import { TransportWindow } from '../diagnosis/transport-window';
import type { CallReport, Verdict } from '../diagnosis/verdict';
import type { ReaderItem, Skip } from '../formats/record';

export interface AnalyzedCall {
  call: Call;
  verdict: Verdict;
  report: CallReport;
}

export interface AnalysisStats {
  /** input records read (lines of a file, datagrams) */
  records: number;
  /** SIP messages found (OPTIONS included) */
  messages: number;
  calls: number;
  /** records and messages that could not be used */
  skipped: number;
  /** the first `maxErrors` skips and errors with where and why */
  errors: Skip[];
  /** how many skips each reason caused */
  skippedByReason: Record<string, number>;
  cdrRows: number;
  /** records lost in transport, as seen from gaps in the devices' sequence numbers */
  sequenceGaps: number;
  lostRecords: number;
  /** transport failures the devices logged outside SIP (TLS handshake errors, refused connections) */
  transportErrors: number;
}

export interface AnalyzerOptions {
  maxErrors?: number;
  onCall: (c: AnalyzedCall) => void;
}

/** The reason text without its variable parts, to group skips by. */
function reasonKey(why: string): string {
  return why.replace(/\d+/g, 'N').slice(0, 80);
}

export class Analyzer {
  readonly stats: AnalysisStats = {
    records: 0,
    messages: 0,
    calls: 0,
    skipped: 0,
    errors: [],
    skippedByReason: {},
    cdrRows: 0,
    sequenceGaps: 0,
    lostRecords: 0,
    transportErrors: 0,
  };
  private readonly builder = new CallBuilder(DEFAULT_BUILDER_OPTIONS);
  private readonly transport = new TransportWindow();
  private readonly maxErrors: number;
  private readonly onCall: (c: AnalyzedCall) => void;

  constructor(opts: AnalyzerOptions) {
    this.maxErrors = opts.maxErrors ?? 1000;
    this.onCall = opts.onCall;
  }

  /** count one input record (line or datagram) */
  countRecord(n = 1): void {
    this.stats.records += n;
  }

  skip(skip: Skip): void {
    this.stats.skipped += 1;
    const key = reasonKey(skip.why);
    this.stats.skippedByReason[key] = (this.stats.skippedByReason[key] ?? 0) + 1;
    if (this.stats.errors.length < this.maxErrors) {
      this.stats.errors.push(skip);
    }
  }

  add(items: readonly ReaderItem[]): void {
    for (const item of items) {
      switch (item.type) {
        case 'message': {
          this.stats.messages += 1;
          const r = this.builder.add(item.message);
          if (r.skipped) {
            this.skip(r.skipped);
          }
          this.emit(r.calls);
          break;
        }
        case 'cdr':
          this.stats.cdrRows += 1;
          this.builder.addCdr(item.row);
          break;
        case 'gap':
          this.stats.sequenceGaps += 1;
          this.stats.lostRecords += item.gap.to - item.gap.from + 1;
          this.builder.addGap(item.gap);
          break;
        case 'transport':
          this.stats.transportErrors += 1;
          this.transport.add(item.event);
          break;
        case 'skip':
        case 'error':
          this.skip(item.skip);
          break;
      }
    }
  }

  /** end of input: every call still open is handed on */
  end(): PeerHealth[] {
    this.emit(this.builder.end());
    return this.builder.health();
  }

  private emit(calls: readonly Call[]): void {
    for (const call of calls) {
      const transportErrors = this.transport.near(call);
      const verdict = transportErrors.length > 0 ? diagnose(call, { transportErrors }) : diagnose(call);
      this.stats.calls += 1;
      this.onCall({ call, verdict, report: toCallReport(call, verdict) });
    }
  }
}
