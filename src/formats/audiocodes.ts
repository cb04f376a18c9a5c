/**
 * AudioCodes Mediant SBC syslog: the format module (sniff + framer + assembler).
 *
 *   Dec 19 12:44:54 10.160.111.51 [S=1718478] [SID=b9027c:24:198173]  (N  6891753) ---- Incoming SIP Message
 *     from 52.114.75.24:5061 to SIPInterface #2 (Teams) TLS TO(#134) SocketID(200) ---- #012SIP/2.0 200 OK #012…
 *     [Time:19-12@12:44:56.587]
 *   10:35:36.653  10.0.10.11  local1.info[S = 122] |CALL_START     |SBC       |4341…@10.0.2.11 |c62532:22:625 |…
 *
 * See audiocodes-framer.ts for every rendering accepted, audiocodes-assembler.ts for how records
 * of one SID become SIP messages, audiocodes-cdr.ts for CDR/media rows.
 */
import type { FormatModule } from './reader';
import { createAudiocodesAssembler } from './audiocodes-assembler';
import { createAudiocodesFramer } from './audiocodes-framer';
import { findRecordHead } from './audiocodes-record';
import { debugLineBody } from './audiocodes-sip-text';

/**
 * How AudioCodes-like the first lines are: a record head (`[S=n] [SID=…]`, `[S=n] |CDR`,
 * `[BID=…]`) is strong evidence; `(N 123)` debug lines and `SIPInterface #` framing lines
 * (Syslog Viewer continuation lines) are weaker.
 */
export function sniffAudiocodes(lines: readonly string[]): number {
  let strong = 0;
  let weak = 0;
  let seen = 0;
  for (const raw of lines) {
    const line = raw.length > 2000 ? raw.slice(0, 2000) : raw;
    if (line.trim().length === 0) {
      continue;
    }
    seen++;
    if (findRecordHead(line)) {
      strong++;
    } else if (debugLineBody(line) >= 0 || line.includes(' SIP Message ') || line.includes('SIPInterface #')) {
      weak++;
    }
  }
  if (seen === 0) {
    return 0;
  }
  if (strong > 0) {
    return Math.min(1, 0.7 + (0.3 * (strong + weak)) / seen);
  }
  return weak > 0 ? Math.min(0.6, 0.2 + (0.4 * weak) / seen) : 0;
}

export const audiocodesFormat: FormatModule = {
  name: 'audiocodes',
  sniff: sniffAudiocodes,
  createFramer: createAudiocodesFramer,
  createAssembler: createAudiocodesAssembler,
};
