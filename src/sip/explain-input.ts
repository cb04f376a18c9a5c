/**
 * Turns what a user pastes into `explain` into one clean SIP message. Handles:
 *
 *   … <133>[S=1718575] [SID=b9027c:24:198171]  (N  6892026) ---- Incoming SIP Message from 52.114.75.24:9024 … ---- #012BYE sip:… SIP/2.0 #012FROM: …
 *   (N  5725375) ---- Outgoing SIP Message to 10.160.21.200:5060 … ----        ← AudioCodes framing lines
 *                                                                  Via: …      ← viewer indentation
 *   … [Time:19-12@12:44:54.873]                                               ← AudioCodes time trailer
 *
 * Escapes: ` #012` and `#015#012` (syslog's CR LF), `#012` (LF), `#015` (CR).
 */

export interface CleanedInput {
  /** the message from the start line on (CRLF line ends, or LF when the input had no CR); '' when none was found */
  text: string;
  /** lines dropped as framing (AudioCodes headers, [Time:] trailers, (N …) debug lines) */
  framingLines: number;
  /** a second start line was found after the first message: only the first is explained */
  moreMessages: boolean;
  /** what an AudioCodes framing line said about the peer (`Incoming SIP Message from 52.114.75.24:5061`) */
  peer?: FramingPeer;
}

export interface FramingPeer {
  /** incoming = the message came from `address`; outgoing = it was sent to `address` */
  direction: 'incoming' | 'outgoing';
  address: string;
}

const FRAMING_PEER = /(Incoming|Outgoing) SIP Message (?:from|to) (\[[0-9A-Fa-f:.]+\]:\d+|[0-9A-Za-z.:-]+)/;

function framingPeer(line: string): FramingPeer | undefined {
  const m = FRAMING_PEER.exec(line);
  if (!m) {
    return undefined;
  }
  return { direction: m[1] === 'Incoming' ? 'incoming' : 'outgoing', address: m[2] };
}

/** Request line `METHOD uri SIP/2.0` or status line `SIP/2.0 NNN …`, tested without backtracking. */
export function looksLikeStartLine(line: string): boolean {
  if (line.length < 7) {
    return false;
  }
  if (/^SIP\/2\.0 \d{3}(\s|$)/i.test(line)) {
    return true;
  }
  const sp = line.indexOf(' ');
  if (sp <= 0 || !/^[A-Za-z]+$/.test(line.slice(0, sp))) {
    return false;
  }
  const last = line.lastIndexOf(' ');
  return last > sp && /^SIP\/2\.0$/i.test(line.slice(last + 1).trim());
}

function decodeEscapes(s: string): string {
  if (s.indexOf('#01') === -1) {
    return s;
  }
  return s.replace(/ ?#015#012| #012/g, '\r\n').replace(/#012/g, '\n').replace(/#015/g, '\r');
}

const AUDIOCODES_N = /^\(N\s+\d+\)\s?/;
/** Remove an AudioCodes ` [Time:19-12@12:44:54.873]` trailer (found with lastIndexOf, no backtracking). */
function stripTimeTrailer(line: string): { line: string; had: boolean } {
  const at = line.lastIndexOf('[Time:');
  if (at === -1) {
    return { line, had: false };
  }
  const close = line.indexOf(']', at);
  if (close === -1 || line.slice(close + 1).trim() !== '') {
    return { line, had: false };
  }
  return { line: line.slice(0, at).trimEnd(), had: true };
}

function isFramingLine(s: string): boolean {
  const t = s.trim();
  return (t.startsWith('----') && t.endsWith('----')) || /^\[Time:[^\]]*\]$/.test(t);
}

/** Strip framing and escapes; return the first SIP message found (CRLF line ends). */
export function cleanExplainInput(input: string): CleanedInput {
  const decoded = decodeEscapes(input.replace(/^\uFEFF/, ''));
  const rawLines = decoded.split(/\r?\n/);
  let framingLines = 0;
  let peer: FramingPeer | undefined;
  let start = -1;
  let indent = 0;
  const lines: string[] = [];
  for (let i = 0; i < rawLines.length; i++) {
    let line = rawLines[i];
    if (start === -1) {
      // find the start line: it may follow a framing header on the same line
      peer = framingPeer(line) ?? peer;
      const stripped = line.replace(AUDIOCODES_N, '');
      const trimmed = stripped.trim();
      const candidate = stripTimeTrailer(trimmed).line;
      if (looksLikeStartLine(candidate)) {
        start = i;
        indent = stripped.length - stripped.trimStart().length;
        lines.push(candidate);
      } else if (trimmed) {
        framingLines++;
      }
      continue;
    }
    const trailer = stripTimeTrailer(line);
    const hadTrailer = trailer.had;
    line = trailer.line;
    if (AUDIOCODES_N.test(line.trimStart())) {
      framingLines++;
      // a new AudioCodes record: the message ended
      break;
    }
    if (isFramingLine(line)) {
      framingLines++;
      break;
    }
    // remove the viewer's indentation (only what the start line had)
    let cut = 0;
    while (cut < indent && cut < line.length && (line.charCodeAt(cut) === 32 || line.charCodeAt(cut) === 9)) {
      cut++;
    }
    // AudioCodes leaves a space before each line break: drop trailing blanks
    lines.push(line.slice(cut).replace(/[ \t]+$/, ''));
    if (hadTrailer) {
      framingLines++;
      break;
    }
  }
  if (start === -1) {
    return { text: '', framingLines, moreMessages: false, peer };
  }
  // a second start line after a blank line = another message
  let moreMessages = false;
  let sawBlank = false;
  for (let i = 1; i < lines.length; i++) {
    if (lines[i] === '') {
      sawBlank = true;
    } else if (sawBlank && looksLikeStartLine(lines[i])) {
      moreMessages = true;
      lines.length = i;
      while (lines.length > 1 && lines[lines.length - 1] === '') {
        lines.pop();
      }
      lines.push('', '');
      break;
    }
  }
  // keep at most one blank line (two empty entries) at the end
  while (lines.length > 3 && lines[lines.length - 1] === '' && lines[lines.length - 2] === '' && lines[lines.length - 3] === '') {
    lines.pop();
  }
  // keep LF-only input LF-only: the parser then measures Content-Length both ways (CRLF on the wire, or LF)
  const text = lines.join(decoded.includes('\r') ? '\r\n' : '\n');
  return peer ? { text, framingLines, moreMessages, peer } : { text, framingLines, moreMessages };
}
