/**
 * Plain SIP messages, one after the other, separated by blank lines (a copy from a trace tool,
 * a ticket, a dump):
 *
 *   INVITE sip:+4940… SIP/2.0
 *   Via: …
 *   Content-Length: 245
 *   <blank>
 *   v=0 …                       (the body: as long as Content-Length says)
 *   <blank>
 *   SIP/2.0 100 Trying
 *   …
 *
 * No direction, addresses or time (all null / unknown); the transport comes from the top Via.
 * A message without Content-Length runs until the next start line. Lines between messages that
 * are not SIP are counted skips.
 */
import type { FormatModule, FramerItem } from './reader';
import type { LineMeta } from './record';
import { createSingleMessageAssembler } from './single-message-assembler';
import { PendingMessage, whereAt } from './framer-support';
import { LineFramer } from './line-framer';
import { headerColon, isSipStartLine } from './sip-text-builder';

function trimEnd(s: string): string {
  return s.replace(/[ \t\r]+$/, '');
}

class PlainSipFramer extends LineFramer {
  readonly format = 'sip' as const;

  protected pushLine(line: string, meta: LineMeta, sub: number, out: FramerItem[]): void {
    if (this.continueMessage(line, meta, out)) {
      return;
    }
    const c0 = line.charCodeAt(0);
    // cheap test first: start lines begin with an upper-case letter
    if (c0 >= 65 && c0 <= 90 && line.length < 8192 && isSipStartLine(trimEnd(line))) {
      this.junk.flush(out);
      const next = new PendingMessage({ where: whereAt(meta, sub), line: meta.line, time: null, device: meta.sender ?? meta.source, attrs: {} }, false);
      next.push(line, meta);
      this.pending = next;
      return;
    }
    this.junkLine(line, meta, sub);
  }

  protected close(out: FramerItem[]): void {
    const p = this.pending;
    this.pending = null;
    p?.finish('sip', out);
  }
}

function sniff(lines: readonly string[]): number {
  const n = Math.min(lines.length, 200);
  let seenNonBlank = false;
  let firstIsStart = false;
  let starts = 0;
  let headers = 0;
  let other = 0;
  for (let i = 0; i < n; i++) {
    const l = lines[i];
    if (l.length > 4096) {
      other++;
      continue;
    }
    const t = trimEnd(l);
    if (t.length === 0) {
      continue;
    }
    const start = isSipStartLine(t);
    if (!seenNonBlank) {
      seenNonBlank = true;
      firstIsStart = start;
    }
    if (start) {
      starts++;
    } else if (headerColon(t) > 0) {
      headers++;
    } else if (!/^[a-z]=/.test(t)) {
      other++;
    }
  }
  if (starts === 0 || headers === 0) {
    return 0;
  }
  const sipShare = (starts + headers) / (starts + headers + other);
  // vendor formats also contain SIP text: stay below their scores
  return (firstIsStart ? 0.6 : 0.3) * sipShare;
}

export const plainSipFormat: FormatModule = {
  name: 'sip',
  sniff,
  createFramer: (opts) => new PlainSipFramer(opts),
  createAssembler: createSingleMessageAssembler,
};
