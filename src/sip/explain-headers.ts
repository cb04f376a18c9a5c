/**
 * One header line explained: the catalogue's meaning plus the parsed parts, and the Direct Routing
 * checks that belong to that header. Unknown headers are said to be unknown.
 *
 *   Reason: Q.850;cause=31;text="<uuid>;No callee endpoints were found."
 *     → Q.850 cause 31 "Normal, unspecified" (→ 480), Teams correlation id, phrase = Microsoft 10037
 */
import type { SipHeader } from './sip-message';
import type { ExplainedHeader, ExplainPart } from './explain-types';
import type { ExplainContext } from './explain-context';
import { describeHost } from './explain-context';
import {
  lookupHeader,
  lookupMsCode,
  lookupQ850,
  lookupSipStatus,
  lookupUriParam,
  msCodesByPhrase,
  msDiagnosticsRange,
} from '../diagnosis/catalogue';
import { isIpLiteral, isPrivateIp } from './addresses';
import { parseNameAddr } from './name-addr';
import { parseReason } from './reason';
import { msCodeFromReason, parseMsDiagnostics } from './ms-diagnostics';
import { parseRetryAfter, parseSessionExpires, parseWarning } from './misc-headers';
import { parseVia } from './via';
import { splitList } from './params';
import { normalizeNumber } from './numbers';

const ADDRESS_LIST = new Set([
  'contact',
  'route',
  'record-route',
  'p-asserted-identity',
  'p-preferred-identity',
  'history-info',
  'diversion',
  'p-called-party-id',
]);
const SINGLE_ADDRESS = new Set(['from', 'to', 'refer-to', 'referred-by', 'reply-to']);

function hostPart(host: string | undefined, port: number | undefined): string {
  if (!host) {
    return '';
  }
  const h = host.includes(':') ? `[${host}]` : host;
  return port ? `${h}:${port}` : h;
}

function addressParts(value: string, header: string, label: string): ExplainPart[] {
  const parts: ExplainPart[] = [];
  const na = parseNameAddr(value);
  if (!na) {
    parts.push({ label, value, note: 'not a SIP address sipsleuth can read' });
    return parts;
  }
  if (na.display) {
    parts.push({ label: 'display name', value: na.display });
  }
  if (na.user) {
    const n = normalizeNumber(na.user);
    const numeric = /^\d+$/.test(n);
    parts.push({
      label: numeric ? 'number' : 'user',
      value: na.user,
      note: numeric ? (na.user.startsWith('+') ? `E.164, digits ${n}` : `digits ${n}, no leading +`) : undefined,
    });
  }
  if (na.host) {
    const d = describeHost(na.host);
    parts.push({ label: 'host', value: hostPart(na.host, na.port), note: d || undefined });
  }
  for (const [k, v] of Object.entries(na.uriParams ?? {})) {
    const known = lookupUriParam(header, k);
    parts.push({ label: `uri ;${k}`, value: v, note: known?.meaning ?? undefined });
  }
  for (const [k, v] of Object.entries(na.params)) {
    parts.push({ label: k === 'tag' ? 'tag' : `;${k}`, value: v, note: k === 'tag' ? 'dialog tag of this side' : undefined });
  }
  return parts;
}

function reasonParts(value: string, status: number | undefined, warnings: string[]): ExplainPart[] {
  const parts: ExplainPart[] = [];
  const reasons = parseReason(value);
  for (const r of reasons) {
    if (r.protocol === 'Q.850' && r.cause !== null) {
      const q = lookupQ850(r.cause);
      parts.push({
        label: 'Q.850 cause',
        value: String(r.cause),
        note: q ? `${q.name}: ${q.meaning}` : 'not in sipsleuth\'s Q.850 table',
      });
      if (r.cause === 34 && status === 486) {
        warnings.push('486 with Q.850 cause 34: Teams maps busy to 34 (NICC ND1017), not 17; carriers may retry it');
      }
    } else if (r.protocol === 'SIP' && r.cause !== null) {
      const s = lookupSipStatus(r.cause);
      parts.push({ label: 'SIP cause', value: String(r.cause), note: s ? `${s.phrase}: ${s.meaning}` : undefined });
    } else {
      parts.push({ label: 'protocol', value: r.protocol, note: r.cause === null ? 'no cause given' : `cause ${r.cause}` });
    }
    if (r.correlationId) {
      parts.push({ label: 'correlation id', value: r.correlationId, note: 'Teams\' id for this call: quote it to Microsoft support' });
    }
    if (r.phrase) {
      const byPhrase = msCodesByPhrase(r.phrase);
      parts.push({
        label: 'phrase',
        value: r.phrase,
        note: byPhrase.length > 0 ? `Microsoft code ${byPhrase.map((c) => `${c.code}/${c.sipCode}`).join(', ')}: ${byPhrase[0].likelyCause}` : undefined,
      });
    }
  }
  const code = msCodeFromReason(reasons);
  if (code !== null) {
    parts.push(msCodePart(code));
  }
  return parts;
}

function msCodePart(code: number): ExplainPart {
  const found = lookupMsCode(code);
  const entry = found?.entries[0];
  if (entry) {
    return { label: 'Microsoft code', value: String(code), note: `${entry.meaning} Owner: ${entry.owner}.` };
  }
  if (found?.rule) {
    return { label: 'Microsoft code', value: String(code), note: `not documented; by its prefix ${found.rule.prefix}: ${found.rule.meaning}` };
  }
  const range = msDiagnosticsRange(code);
  return { label: 'diagnostic id', value: String(code), note: range ? `Lync/OCS range: ${range.area}` : 'not in sipsleuth\'s catalogue' };
}

function teamsChecks(h: SipHeader, ctx: ExplainContext, warnings: string[]): void {
  const toTeams = ctx.direction === 'to-teams';
  const senderChecks = ctx.direction !== 'from-teams' && ctx.publicPeer;
  if (h.name === 'contact' || h.name === 'record-route') {
    for (const item of splitList(h.value)) {
      const host = parseNameAddr(item)?.host;
      if (!host) {
        continue;
      }
      if (senderChecks && isPrivateIp(host)) {
        warnings.push(`private address ${host} sent toward a public peer: it cannot be reached from there (NAT)`);
      } else if (toTeams && isIpLiteral(host) && (h.name === 'contact' || ctx.msg.kind === 'request')) {
        warnings.push(`IP address ${host} instead of the SBC's FQDN: Teams needs the FQDN of the SBC certificate here (else 403 / failed OPTIONS)`);
      }
      if (h.name === 'record-route') {
        break;
      }
    }
  }
  if (h.name === 'via' && senderChecks && ctx.msg.kind === 'request') {
    const top = parseVia(h.value)[0];
    if (top && isPrivateIp(top.host) && ctx.msg.via[0]?.host === top.host) {
      warnings.push(`the sender's Via carries the private address ${top.host}: responses will not find their way back through NAT`);
    }
  }
  if (toTeams && h.name === 'require' && /\b100rel\b/i.test(h.value)) {
    warnings.push('requiring 100rel toward Teams gives 420 Bad Extension (540420)');
  }
  if (toTeams && h.name === 'replaces' && ctx.msg.method === 'INVITE') {
    warnings.push('Teams rejects an INVITE with Replaces coming from the SBC (since April 2022)');
  }
}

function specificParts(h: SipHeader, ctx: ExplainContext, warnings: string[]): ExplainPart[] {
  const name = h.name;
  if (name === 'via') {
    return parseVia(h.value).map((v, i) => ({
      label: `hop ${i + 1}`,
      value: `${v.transport} ${hostPart(v.host, v.port)}`,
      note: [
        describeHost(v.host),
        v.branch ? `branch ${v.branch}` : '',
        v.received ? `seen from ${v.received}` : '',
        v.rport ? `rport ${v.rport}` : '',
      ]
        .filter(Boolean)
        .join(', ') || undefined,
    }));
  }
  if (SINGLE_ADDRESS.has(name)) {
    return addressParts(h.value, name, name);
  }
  if (ADDRESS_LIST.has(name)) {
    const items = splitList(h.value);
    return items.flatMap((item, i) =>
      addressParts(item, name, 'address').map((p) => (items.length > 1 ? { ...p, label: `#${i + 1} ${p.label}` } : p)),
    );
  }
  switch (name) {
    case 'cseq': {
      const c = ctx.msg.cseq;
      return c ? [{ label: 'sequence', value: String(c.seq) }, { label: 'method', value: c.method }] : [];
    }
    case 'reason':
      return reasonParts(h.value, ctx.msg.status, warnings);
    case 'ms-diagnostics':
    case 'x-ms-diagnostics':
    case 'ms-diagnostics-public':
    case 'x-ms-diagnostics-public': {
      const d = parseMsDiagnostics(h.value);
      if (!d) {
        return [{ label: 'value', value: h.value, note: 'does not start with a diagnostic code' }];
      }
      const parts: ExplainPart[] = [msCodePart(d.code)];
      if (d.reason) {
        parts.push({ label: 'reason', value: d.reason });
      }
      if (d.source) {
        parts.push({ label: 'source', value: d.source, note: 'the server that added it' });
      }
      return parts;
    }
    case 'session-expires':
    case 'min-se': {
      const s = parseSessionExpires(h.value);
      if (!s) {
        return [];
      }
      const parts: ExplainPart[] = [{ label: 'seconds', value: String(s.seconds), note: `${Math.round(s.seconds / 60)} min` }];
      if (s.refresher) {
        parts.push({ label: 'refresher', value: s.refresher, note: s.refresher === 'uac' ? 'the caller refreshes' : 'the callee refreshes' });
      }
      return parts;
    }
    case 'retry-after': {
      const r = parseRetryAfter(h.value);
      return r ? [{ label: 'retry after', value: `${r.seconds} s`, note: r.comment }] : [];
    }
    case 'warning':
      return parseWarning(h.value).map((w) => ({ label: `warning ${w.code}`, value: w.text, note: `from ${w.agent}` }));
    case 'allow':
    case 'supported':
    case 'require':
    case 'allow-events':
      return [{ label: 'list', value: splitList(h.value).join(', ') }];
    case 'user-agent':
    case 'server': {
      const m = /Microsoft\.PSTNHub\.SIPProxy v\.(\S+)(?: i\.(\S+))?/.exec(h.value);
      if (m) {
        return [{ label: 'software', value: 'Microsoft Teams SIP proxy', note: `build ${m[1]}${m[2] ? `, instance ${m[2]}` : ''}` }];
      }
      return [];
    }
    case 'content-length': {
      const n = Number.parseInt(h.value, 10);
      return Number.isFinite(n) ? [{ label: 'bytes', value: String(n), note: n === 0 ? 'no body' : undefined }] : [];
    }
    case 'max-forwards': {
      const n = Number.parseInt(h.value, 10);
      if (Number.isFinite(n) && n <= 1) {
        warnings.push('Max-Forwards is nearly exhausted: a routing loop is likely');
      }
      return [];
    }
    default:
      return [];
  }
}

export function explainHeader(h: SipHeader, ctx: ExplainContext): ExplainedHeader {
  const entry = lookupHeader(h.name);
  const warnings: string[] = [];
  const parts = specificParts(h, ctx, warnings);
  teamsChecks(h, ctx, warnings);
  const out: ExplainedHeader = {
    rawName: h.rawName,
    name: h.name,
    value: h.value,
    known: entry !== null,
    title: entry?.name ?? h.rawName,
    meaning: entry?.meaning ?? 'Not in sipsleuth\'s header catalogue: sipsleuth does not know what it means.',
    parts,
    warnings,
  };
  if (entry?.teams) {
    out.teams = entry.teams;
  }
  if (entry) {
    out.source = entry.source;
  }
  return out;
}
