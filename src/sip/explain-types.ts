/** The structured result of `explainSip`: plain data, rendered by `renderExplanation`. */
import type { SipMessage } from './sip-message';

export interface ExplainPart {
  label: string;
  value: string;
  /** what the value means, when sipsleuth knows */
  note?: string;
}

export interface ExplainWarning {
  /** where it was seen: a header name, `SDP c=`, `Request-URI`, `message` */
  where: string;
  text: string;
}

export interface ExplainedStartLine {
  text: string;
  kind: 'request' | 'response';
  method?: string;
  requestUri?: string;
  status?: number;
  phrase?: string;
  meaning: string;
  parts: ExplainPart[];
  warnings: string[];
}

export interface ExplainedHeader {
  /** the name as written */
  rawName: string;
  /** canonical lower-case name */
  name: string;
  value: string;
  /** false when the header is not in sipsleuth's catalogue (then meaning says so; nothing is invented) */
  known: boolean;
  /** the catalogue's spelling, or the raw name for unknown headers */
  title: string;
  meaning: string;
  /** what to look for in Teams Direct Routing */
  teams?: string;
  source?: string;
  parts: ExplainPart[];
  warnings: string[];
}

export interface ExplainedSdpLine {
  text: string;
  /** the SDP field letter (v, o, s, c, t, m, a, b…), or '' for a line that is not `x=…` */
  field: string;
  /** the attribute name for a= lines (rtpmap, crypto, candidate…) */
  attribute?: string;
  known: boolean;
  meaning: string;
  warnings: string[];
}

export type TeamsDirection = 'to-teams' | 'from-teams' | 'unknown';

export interface ExplanationOk {
  ok: true;
  startLine: ExplainedStartLine;
  headers: ExplainedHeader[];
  body: { type: string; length: number; sdp: ExplainedSdpLine[] | null } | null;
  /** every warning of the message, header and SDP lines included */
  warnings: ExplainWarning[];
  /** seen from the message: sent toward Teams, sent by Teams, or neither/unknown */
  direction: TeamsDirection;
  truncated: boolean;
  /** framing lines stripped from the input (AudioCodes headers, [Time:] trailers…) */
  framingLines: number;
  message: SipMessage;
}

export type Explanation = ExplanationOk | { ok: false; why: string };
