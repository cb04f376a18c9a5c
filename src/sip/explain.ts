/**
 * `explain`: one raw SIP message broken down line by line in plain English.
 *
 *   input  (CRLF, LF, ` #012` escapes, AudioCodes `(N …)`/`---- … ----` framing, viewer indentation)
 *   → cleanExplainInput → parseSip → start line + every header (catalogue + parsed parts)
 *   → SDP line by line → warnings (private addresses toward public peers, Teams codec/SRTP rules,
 *     headers Direct Routing requires)
 */
import type { ExplainedStartLine, ExplainWarning, Explanation } from './explain-types';
import { cleanExplainInput } from './explain-input';
import { explainContext, describeHost, type ExplainContext } from './explain-context';
import { explainHeader } from './explain-headers';
import { explainSdp } from './explain-sdp';
import { parseSip } from './parser';
import { parseUri } from './name-addr';
import { getHeader } from './headers';
import { lookupMethod, lookupSipStatus, sipStatusClass } from '../diagnosis/catalogue';

export type {
  Explanation,
  ExplanationOk,
  ExplainedHeader,
  ExplainedSdpLine,
  ExplainedStartLine,
  ExplainPart,
  ExplainWarning,
  TeamsDirection,
} from './explain-types';
export { renderExplanation } from './explain-render';

function explainStartLine(ctx: ExplainContext, text: string): ExplainedStartLine {
  const m = ctx.msg;
  if (m.kind === 'response' && m.status !== undefined) {
    const s = lookupSipStatus(m.status);
    const cls = sipStatusClass(m.status) ?? 'unknown class';
    const phrase = m.reasonPhrase ?? '';
    const parts = [{ label: 'status', value: String(m.status), note: s ? `${s.phrase} (${s.class})` : `not in sipsleuth's table (${cls})` }];
    if (m.cseq) {
      parts.push({ label: 'answers', value: `${m.cseq.method} (CSeq ${m.cseq.seq})`, note: '' });
    }
    const warnings: string[] = [];
    if (s && phrase && phrase.toLowerCase() !== s.phrase.toLowerCase()) {
      parts.push({ label: 'phrase', value: phrase, note: `the standard phrase is "${s.phrase}"` });
    }
    return {
      text,
      kind: 'response',
      status: m.status,
      phrase,
      meaning: s ? `Response ${m.status} ${s.phrase}: ${s.meaning}` : `Response ${m.status}: a ${cls} status sipsleuth has no entry for.`,
      parts,
      warnings,
    };
  }
  const method = lookupMethod(m.method);
  const uri = m.requestUri ?? '';
  const u = parseUri(uri);
  const parts = [{ label: 'method', value: m.method, note: method ? undefined : 'not in sipsleuth\'s method table' }];
  parts.push({ label: 'target', value: uri, note: describeHost(u.host) || undefined });
  const warnings: string[] = [];
  if (ctx.direction === 'to-teams') {
    if (u.scheme === 'sips') {
      warnings.push('SIPS URI toward Teams: Direct Routing does not support sips:');
    }
    if (u.user && /^\d[\d-]*$/.test(u.user) && m.method === 'INVITE') {
      warnings.push(`number ${u.user} without a leading +: Teams expects E.164 numbers (+ and country code) in the Request-URI`);
    }
  }
  return {
    text,
    kind: 'request',
    method: m.method,
    requestUri: uri,
    meaning: method ? `Request ${m.method}: ${method.meaning}` : `Request ${m.method}: a method sipsleuth has no entry for.`,
    parts,
    warnings,
  };
}

function messageWarnings(ctx: ExplainContext, hasSdp: boolean, contentLength: string | undefined): string[] {
  const m = ctx.msg;
  const out: string[] = [];
  if (m.truncated) {
    out.push(
      contentLength !== undefined && contentLength !== '0'
        ? 'the body is shorter than Content-Length: the message (or the log) is cut'
        : 'no blank line after the headers: the message may be cut after the last header shown',
    );
  }
  if (ctx.direction !== 'to-teams' || m.kind !== 'request') {
    return out;
  }
  const initial = m.method === 'INVITE' && !m.to?.tag;
  if ((m.method === 'INVITE' || m.method === 'OPTIONS') && !getHeader(m, 'contact')) {
    out.push(`no Contact toward Teams: Teams finds the tenant and the SBC by the Contact FQDN`);
  }
  if (initial && !hasSdp) {
    out.push('INVITE toward Teams without SDP: Direct Routing does not support delayed offer');
  }
  if ((initial || m.method === 'OPTIONS') && !getHeader(m, 'x-ms-sbc')) {
    out.push('no X-MS-SBC header: Microsoft asks SBCs to identify themselves (vendor/model/firmware)');
  }
  return out;
}

/** Explain one SIP message; `{ok:false, why}` when the input holds no SIP message. */
export function explainSip(input: string): Explanation {
  const cleaned = cleanExplainInput(input);
  if (!cleaned.text) {
    return { ok: false, why: 'no SIP request or status line found in the input' };
  }
  const parsed = parseSip(cleaned.text);
  if (!parsed.ok) {
    return { ok: false, why: parsed.why };
  }
  const msg = parsed.message;
  const ctx = explainContext(msg, cleaned.peer);
  const startText = cleaned.text.slice(0, cleaned.text.indexOf('\r\n') === -1 ? undefined : cleaned.text.indexOf('\r\n'));
  const startLine = explainStartLine(ctx, startText);
  const headers = msg.headers.map((h) => explainHeader(h, ctx));
  const contentType = (getHeader(msg, 'content-type') ?? '').toLowerCase();
  const bodyText = msg.body;
  const isSdp = contentType.includes('application/sdp') || (!contentType && bodyText.trimStart().startsWith('v='));
  let body: Extract<Explanation, { ok: true }>['body'] = null;
  if (bodyText.trim()) {
    body = { type: contentType || (isSdp ? 'application/sdp (assumed)' : 'unknown'), length: bodyText.length, sdp: isSdp ? explainSdp(bodyText, ctx).lines : null };
  }
  const warnings: ExplainWarning[] = [];
  for (const w of startLine.warnings) {
    warnings.push({ where: msg.kind === 'request' ? 'Request-URI' : 'status line', text: w });
  }
  for (const h of headers) {
    for (const w of h.warnings) {
      warnings.push({ where: h.title, text: w });
    }
  }
  for (const l of body?.sdp ?? []) {
    for (const w of l.warnings) {
      warnings.push({ where: `SDP ${l.field}=${l.attribute ?? ''}`.replace(/=$/, '='), text: w });
    }
  }
  for (const w of messageWarnings(ctx, isSdp && bodyText.trim() !== '', getHeader(msg, 'content-length'))) {
    warnings.push({ where: 'message', text: w });
  }
  if (cleaned.moreMessages) {
    warnings.push({ where: 'input', text: 'the input holds more than one SIP message: only the first is explained' });
  }
  return {
    ok: true,
    startLine,
    headers,
    body,
    warnings,
    direction: ctx.direction,
    truncated: msg.truncated,
    framingLines: cleaned.framingLines,
    message: msg,
  };
}
