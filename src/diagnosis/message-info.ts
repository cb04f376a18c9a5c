/**
 * What one SIP message says about a failure, read from its headers:
 *
 *   Reason: Q.850;cause=17;text="<uuid>;User busy"      → reasons, Q.850 cause, Teams phrase
 *   Ms-Diagnostics / X-MS-Diagnostics: 560403;reason=…   → Microsoft code
 *   Reason text "560403;Call rejected"                   → Microsoft code
 *   Retry-After: 30, Warning: 399 host "text"
 */
import type { ReasonValue } from '../sip/sip-message';
import type { CallMessage } from '../calls/call';
import { getHeaderValues, msCodeFromReason, parseMsDiagnostics, parseReason, parseRetryAfter, parseWarning } from '../sip/headers';

export interface MessageInfo {
  reasons: ReasonValue[];
  q850: ReasonValue | null;
  sipReason: ReasonValue | null;
  /** Microsoft response code as a string (`560403`), null when none was given */
  msCode: string | null;
  /** Microsoft's phrase (Reason text after the uuid, or Ms-Diagnostics reason) */
  msPhrase: string | null;
  retryAfter: number | null;
  warnings: string[];
  /** an Ms-Diagnostics or X-Ms-Diagnostics header is there (parsable or not) */
  msDiagnosticsHeader: boolean;
}

const cache = new WeakMap<CallMessage, MessageInfo>();

const INFO_HEADERS = ['reason', 'ms-diagnostics', 'x-ms-diagnostics', 'ms-diagnostics-public', 'x-ms-diagnostics-public', 'retry-after', 'warning'] as const;

/** Read (once per message) the failure-related headers. */
export function infoOf(m: CallMessage): MessageInfo {
  const hit = cache.get(m);
  if (hit) {
    return hit;
  }
  // one pass over the headers: Reason, the four Ms-Diagnostics names, Retry-After, Warning
  const [reasonValues, ms, xMs, msPublic, xMsPublic, retryAfter, warningValues] = getHeaderValues(m.sip, INFO_HEADERS);
  const reasons: ReasonValue[] = [];
  for (const v of reasonValues) {
    reasons.push(...parseReason(v));
  }
  const q850 = reasons.find((r) => r.protocol === 'Q.850') ?? null;
  const sipReason = reasons.find((r) => r.protocol === 'SIP') ?? null;
  let msCode: string | null = null;
  let msPhrase: string | null = null;
  for (const values of [ms, xMs, msPublic, xMsPublic]) {
    const d = values.length === 0 ? null : parseMsDiagnostics(values[0]);
    if (d) {
      msCode = String(d.code);
      msPhrase = d.reason ?? null;
      break;
    }
  }
  if (msCode === null) {
    const c = msCodeFromReason(reasons);
    if (c !== null) {
      msCode = String(c);
    }
  }
  if (msPhrase === null) {
    const withUuid = reasons.find((r) => r.correlationId !== undefined && r.phrase);
    msPhrase = withUuid?.phrase ?? null;
  }
  const retry = retryAfter.length === 0 ? null : parseRetryAfter(retryAfter[0]);
  const warnings: string[] = [];
  for (const v of warningValues) {
    for (const w of parseWarning(v)) {
      warnings.push(`${w.code} ${w.text}`.trim());
    }
  }
  const info: MessageInfo = {
    reasons,
    q850,
    sipReason,
    msCode,
    msPhrase,
    retryAfter: retry ? retry.seconds : null,
    warnings,
    msDiagnosticsHeader: ms.length > 0 || xMs.length > 0,
  };
  cache.set(m, info);
  return info;
}

/** `Q.850;cause=17` / `SIP;cause=200 "Call completed elsewhere"` for evidence lines. */
export function reasonText(r: ReasonValue): string {
  const cause = r.cause === null ? '' : `;cause=${r.cause}`;
  const phrase = r.phrase ?? r.text;
  return `${r.protocol}${cause}${phrase ? ` "${phrase}"` : ''}`;
}

/** All reason phrases and warning texts of a message, lower-cased, for keyword checks. */
export function freeText(m: CallMessage): string {
  const i = infoOf(m);
  const parts: string[] = [];
  for (const r of i.reasons) {
    if (r.text) {
      parts.push(r.text);
    }
  }
  if (i.msPhrase) {
    parts.push(i.msPhrase);
  }
  parts.push(...i.warnings);
  return parts.join(' | ').toLowerCase();
}
