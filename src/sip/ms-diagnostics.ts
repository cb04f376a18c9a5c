/**
 * Microsoft diagnostics ([MS-OCER] §2.2.1.1; Ms-Diagnostics, X-MS-Diagnostics, Ms-Diagnostics-Public):
 *
 *   10199;source="sip.pstnhub.microsoft.com";reason="Call rejected"
 *   560403;reason="Forbidden"
 *   1033.4;reason="…"                     (OCS 2007 `<ErrorId>.<Sub Error Code>`)
 *
 * and Microsoft response codes written inside a Reason text, e.g. `text="560403;Call rejected"` or
 * `text="<uuid>;560403 Forbidden"`.
 */
import type { MsDiagnostics, ReasonValue } from './sip-message';
import { parseParams } from './params';

function leadingDigits(s: string, from: number): { n: number; end: number } | null {
  let i = from;
  let n = 0;
  while (i < s.length) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) {
      break;
    }
    n = n * 10 + (c - 48);
    i++;
  }
  return i === from || i - from > 9 ? null : { n, end: i };
}

/** Parse an Ms-Diagnostics / X-MS-Diagnostics value; null when it does not start with a code. */
export function parseMsDiagnostics(value: string): MsDiagnostics | null {
  const raw = value.trim();
  const d = leadingDigits(raw, 0);
  if (!d) {
    return null;
  }
  let i = d.end;
  if (raw.charCodeAt(i) === 46) {
    // `.sub` error code: skip it
    const sub = leadingDigits(raw, i + 1);
    i = sub ? sub.end : i + 1;
  }
  const semi = raw.indexOf(';', i);
  const params = semi === -1 ? {} : parseParams(raw.slice(semi + 1));
  const out: MsDiagnostics = { code: d.n, raw };
  if (params.reason !== undefined) {
    out.reason = params.reason;
  }
  if (params.source !== undefined) {
    out.source = params.source;
  }
  return out;
}

/**
 * A Microsoft response code (5–6 digits: 560403, 10500, 540200…) at the start of a Reason text or
 * of its phrase, as some Teams and SBC flows carry it. null when there is none.
 */
export function msCodeFromReason(reasons: readonly ReasonValue[]): number | null {
  for (const r of reasons) {
    for (const t of [r.phrase, r.text]) {
      if (!t) {
        continue;
      }
      const d = leadingDigits(t, 0);
      if (d && d.end >= 5 && d.end <= 6) {
        const after = t.charCodeAt(d.end);
        if (Number.isNaN(after) || after === 59 || after === 32 || after === 58 || after === 44) {
          return d.n;
        }
      }
    }
  }
  return null;
}
