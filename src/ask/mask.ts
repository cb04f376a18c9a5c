/**
 * Phone numbers hidden in channel answers: the last three digits become `***`
 * (`+49305550101` → `+49305550***`, `sip:+49305550101@sbc` → `sip:+49305550***@sbc`).
 * A number is a run of 7 or more digits (an optional `+` before) not glued to letters or other
 * digits. Call references (ids, Call-IDs, session keys) are left alone so that buttons and
 * follow-up questions still find the call. Pure.
 */
import type { Answer } from './answer-types';

const NUMBER_RUN = /(?<![\p{L}\d])(\+?)(\d{4,12})(\d{3})(?![\p{L}\d])/gu;
/** object keys whose string values are references, never masked */
const REF_KEYS: ReadonlySet<string> = new Set(['id', 'callIds', 'callId', 'sessionKey', 'ref']);

export function maskText(s: string): string {
  return s.replace(NUMBER_RUN, (_m, plus: string, head: string) => `${plus}${head}***`);
}

function maskValue(v: unknown): unknown {
  if (typeof v === 'string') {
    return maskText(v);
  }
  if (Array.isArray(v)) {
    return v.map(maskValue);
  }
  if (v !== null && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      out[k] = REF_KEYS.has(k) ? x : maskValue(x);
    }
    return out;
  }
  return v;
}

/** A copy of the answer with every phone number in it masked. */
export function maskAnswer<A extends Answer>(a: A): A {
  return maskValue(a) as A;
}
