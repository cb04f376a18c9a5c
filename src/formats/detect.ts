/**
 * Which format a log is in, from its first lines: every format module's `sniff` scores them
 * (0..1) and the best score wins. Binary junk and prose score nothing everywhere: null.
 */
import type { FormatModule } from './reader';
import type { FormatName } from './record';
import { asteriskFormat } from './asterisk';
import { audiocodesFormat } from './audiocodes';
import { ciscoFormat } from './cisco';
import { freeswitchFormat } from './freeswitch';
import { oracleFormat } from './oracle';
import { plainSipFormat } from './plain-sip';
import { ribbonFormat } from './ribbon';

/** below this, no format is claimed */
export const MIN_DETECT_SCORE = 0.2;
/** lines looked at, and characters of each line */
const MAX_LINES = 500;
const MAX_LINE_CHARS = 16_384;

/** in order of preference when two formats score the same */
const CANDIDATES: readonly FormatModule[] = [
  audiocodesFormat,
  ribbonFormat,
  oracleFormat,
  ciscoFormat,
  asteriskFormat,
  freeswitchFormat,
  plainSipFormat,
];

/** share of characters that no text log has (NUL and other C0 controls except TAB/CR/LF/ESC) */
function binaryShare(lines: readonly string[]): number {
  let bad = 0;
  let total = 0;
  for (const l of lines) {
    const n = Math.min(l.length, 4096);
    for (let i = 0; i < n; i++) {
      const c = l.charCodeAt(i);
      if ((c < 32 && c !== 9 && c !== 13 && c !== 10 && c !== 27) || c === 0xfffd) {
        bad++;
      }
    }
    total += n;
  }
  return total === 0 ? 0 : bad / total;
}

export function detectFormat(lines: readonly string[]): { format: FormatName; score: number } | null {
  const sample = lines.slice(0, MAX_LINES).map((l) => (l.length > MAX_LINE_CHARS ? l.slice(0, MAX_LINE_CHARS) : l));
  if (sample.length === 0 || binaryShare(sample) > 0.1) {
    return null;
  }
  let best: { format: FormatName; score: number } | null = null;
  for (const f of CANDIDATES) {
    let score: number;
    try {
      score = f.sniff(sample);
    } catch {
      // a sniffer must not take detection down with it
      score = 0;
    }
    if (Number.isFinite(score) && score >= MIN_DETECT_SCORE && (best === null || score > best.score)) {
      best = { format: f.name, score };
    }
  }
  return best;
}
