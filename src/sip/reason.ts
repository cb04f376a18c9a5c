/**
 * Reason header values (RFC 3326), several per header separated by commas:
 *
 *   Q.850;cause=16;text="7924f078-9d30-4ac2-a95f-eeb3b8ea8c26;CallEndReasonLocalUserInitiated"
 *   SIP;cause=200;text="Call completed elsewhere"
 *   Q.850 ;cause=31 ;text="No callee endpoints were found."
 *
 * Teams puts `<correlation uuid>;<phrase>` into text: split into correlationId + phrase.
 */
import type { ReasonValue } from './sip-message';
import { parseParams, splitList } from './params';

function isHex(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);
}

/** `5e19725b-7fad-4e89-bae3-dfc5df88bb96` (8-4-4-4-12 hex), also 32 hex digits without dashes. */
export function isUuid(s: string): boolean {
  if (s.length === 36) {
    for (let i = 0; i < 36; i++) {
      const c = s.charCodeAt(i);
      if (i === 8 || i === 13 || i === 18 || i === 23) {
        if (c !== 45) {
          return false;
        }
      } else if (!isHex(c)) {
        return false;
      }
    }
    return true;
  }
  if (s.length === 32) {
    for (let i = 0; i < 32; i++) {
      if (!isHex(s.charCodeAt(i))) {
        return false;
      }
    }
    return true;
  }
  return false;
}

/** Split Teams' `<uuid>;<phrase>` text. */
export function splitTeamsText(text: string): { correlationId?: string; phrase: string } {
  const semi = text.indexOf(';');
  if (semi !== -1) {
    const head = text.slice(0, semi).trim();
    if (isUuid(head)) {
      return { correlationId: head, phrase: text.slice(semi + 1).trim() };
    }
  }
  return { phrase: text.trim() };
}

/** Parse a Reason header value into its reasons. Never throws; unparseable parts are skipped. */
export function parseReason(value: string): ReasonValue[] {
  const out: ReasonValue[] = [];
  for (const part of splitList(value)) {
    const semi = part.indexOf(';');
    const protocol = (semi === -1 ? part : part.slice(0, semi)).trim();
    if (!protocol) {
      continue;
    }
    const params = semi === -1 ? {} : parseParams(part.slice(semi + 1));
    const causeNum = params.cause === undefined ? NaN : Number.parseInt(params.cause, 10);
    const r: ReasonValue = {
      protocol: protocol.toUpperCase() === 'Q.850' ? 'Q.850' : protocol.toUpperCase() === 'SIP' ? 'SIP' : protocol,
      cause: Number.isFinite(causeNum) ? causeNum : null,
    };
    if (params.text !== undefined) {
      r.text = params.text;
      const t = splitTeamsText(params.text);
      if (t.correlationId !== undefined) {
        r.correlationId = t.correlationId;
      }
      r.phrase = t.phrase;
    }
    out.push(r);
  }
  return out;
}
