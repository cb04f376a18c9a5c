/** A parsed SIP message. Plain data (JSON-serialisable) so it can travel through Redis. */

export interface SipHeader {
  /** canonical name, lower case, compact forms expanded (`f` → `from`) */
  name: string;
  /** the name as it was written */
  rawName: string;
  /** value with folding undone, trimmed */
  value: string;
}

export interface NameAddr {
  display?: string;
  uri: string;
  /** user part of the URI (number or name), without `;params` */
  user?: string;
  host?: string;
  tag?: string;
  params: Record<string, string>;
  /** port of the URI, when written (optional extension) */
  port?: number;
  /** parameters inside the URI (`user=phone`, `transport=tls`, Microsoft `x-i`/`x-c`), when any (optional extension) */
  uriParams?: Record<string, string>;
}

export interface Via {
  transport: string;
  host: string;
  port?: number;
  branch?: string;
  received?: string;
  rport?: string;
}

export interface ReasonValue {
  /** `Q.850`, `SIP`, … */
  protocol: string;
  cause: number | null;
  text?: string;
  /** Teams puts `<uuid>;<phrase>` into text: the uuid part */
  correlationId?: string;
  /** the phrase part (or the whole text when there is no uuid) */
  phrase?: string;
}

export interface MsDiagnostics {
  code: number;
  reason?: string;
  source?: string;
  raw: string;
}

export interface SipMessage {
  kind: 'request' | 'response';
  /** request method, or the CSeq method for responses */
  method: string;
  /** request URI (requests only) */
  requestUri?: string;
  /** status code (responses only) */
  status?: number;
  reasonPhrase?: string;
  headers: SipHeader[];
  body: string;
  /** the message is cut short: missing end of headers, or body shorter than Content-Length */
  truncated: boolean;
  /** shortcuts, filled by the parser (empty string when the header is missing) */
  callId: string;
  cseq: { seq: number; method: string } | null;
  from: NameAddr | null;
  to: NameAddr | null;
  via: Via[];
}

/** The outcome of parsing: expected failures are values. */
export type SipParseResult =
  | { ok: true; message: SipMessage }
  | { ok: false; why: string };
