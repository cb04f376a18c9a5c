/**
 * The pure stages the workers run on one key's records, the same ones the CLI runs on a file:
 * the format's assembler (records → SIP messages, CDR rows), buildCalls (→ calls, OPTIONS health),
 * diagnose + toCallReport (→ the §3 entry).
 */
import { buildCalls } from '../calls/call-builder';
import { diagnose } from '../diagnosis/diagnose';
import { transportErrorsOf } from '../diagnosis/transport-window';
import { toCallReport } from '../diagnosis/report';
import { getFormat } from '../formats/index';
import type { Assembler } from '../formats/reader';
import type { FormatName, ReaderItem, ReaderOptions } from '../formats/record';
import type { CallPipeline } from './call-finalizer';

export function defaultCallPipeline(reader: ReaderOptions): CallPipeline {
  return {
    assemble(key, records) {
      const items: ReaderItem[] = [];
      const assemblers = new Map<FormatName, Assembler>();
      for (const r of records) {
        let a = assemblers.get(r.format);
        if (!a) {
          const module = getFormat(r.format);
          if (!module) {
            items.push({ type: 'skip', skip: { where: r.where, why: `no reader for format ${r.format}` } });
            continue;
          }
          a = module.createAssembler(reader);
          assemblers.set(r.format, a);
        }
        items.push(...a.add(r));
      }
      for (const a of assemblers.values()) {
        items.push(...a.flushKey(key), ...a.end());
      }
      return items;
    },
    build: (items) => buildCalls(items),
    report: (call, items) => {
      // transport failures (TLS handshakes…) logged in the key's records are evidence too
      const verdict = diagnose(call, { transportErrors: transportErrorsOf(items) });
      return { report: toCallReport(call, verdict), verdict };
    },
  };
}
