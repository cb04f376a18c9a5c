/**
 * Small header values:
 *
 *   Retry-After: 120 (I'm in a meeting);duration=3600          (RFC 3261 §20.33)
 *   Warning: 399 sbc.example.com "Media not available", 307 …  (RFC 3261 §20.43)
 *   Session-Expires: 1800;refresher=uac                         (RFC 4028)
 */
import { parseParams, splitList, unquote } from './params';

export interface RetryAfter {
  seconds: number;
  comment?: string;
  duration?: number;
}

export function parseRetryAfter(value: string): RetryAfter | null {
  const v = value.trim();
  let i = 0;
  let n = 0;
  while (i < v.length && v.charCodeAt(i) >= 48 && v.charCodeAt(i) <= 57) {
    n = n * 10 + (v.charCodeAt(i) - 48);
    i++;
  }
  if (i === 0) {
    return null;
  }
  const out: RetryAfter = { seconds: n };
  let rest = v.slice(i).trim();
  if (rest.startsWith('(')) {
    const close = rest.indexOf(')');
    out.comment = (close === -1 ? rest.slice(1) : rest.slice(1, close)).trim();
    rest = close === -1 ? '' : rest.slice(close + 1);
  }
  const params = parseParams(rest);
  if (params.duration !== undefined) {
    const d = Number.parseInt(params.duration, 10);
    if (Number.isFinite(d)) {
      out.duration = d;
    }
  }
  return out;
}

export interface WarningValue {
  code: number;
  agent: string;
  text: string;
}

export function parseWarning(value: string): WarningValue[] {
  const out: WarningValue[] = [];
  for (const part of splitList(value)) {
    const sp1 = part.indexOf(' ');
    if (sp1 === -1) {
      continue;
    }
    const code = Number.parseInt(part.slice(0, sp1), 10);
    if (!Number.isFinite(code)) {
      continue;
    }
    const rest = part.slice(sp1 + 1).trim();
    const sp2 = rest.indexOf(' ');
    const agent = sp2 === -1 ? rest : rest.slice(0, sp2);
    const text = sp2 === -1 ? '' : unquote(rest.slice(sp2 + 1));
    out.push({ code, agent, text });
  }
  return out;
}

export interface SessionExpires {
  seconds: number;
  refresher?: string;
}

export function parseSessionExpires(value: string): SessionExpires | null {
  const semi = value.indexOf(';');
  const n = Number.parseInt(semi === -1 ? value : value.slice(0, semi), 10);
  if (!Number.isFinite(n)) {
    return null;
  }
  const out: SessionExpires = { seconds: n };
  if (semi !== -1) {
    const p = parseParams(value.slice(semi + 1));
    if (p.refresher !== undefined) {
      out.refresher = p.refresher;
    }
  }
  return out;
}
