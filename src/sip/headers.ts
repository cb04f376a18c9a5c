/**
 * Header access on a parsed SipMessage, and the structured header parsers in one place:
 *
 *   getHeader(msg, 'i')  ≡ getHeader(msg, 'Call-ID')  ≡ getHeader(msg, 'call-id')
 */
import type { SipMessage } from './sip-message';
import { canonicalHeaderName } from './header-names';
import { ParsedSipMessage } from './parsed-message';

export { parseNameAddr, parseUri } from './name-addr';
export type { SipUri } from './name-addr';
export { parseReason, splitTeamsText, isUuid } from './reason';
export { parseMsDiagnostics, msCodeFromReason } from './ms-diagnostics';
export { parseRetryAfter, parseWarning, parseSessionExpires } from './misc-headers';
export type { RetryAfter, WarningValue, SessionExpires } from './misc-headers';
export { parseVia, parseViaHop } from './via';
export { splitList, parseParams, unquote } from './params';
export { canonicalHeaderName, COMPACT_FORMS, COMPACT_OF } from './header-names';

/** First value of a header (any case or compact form), undefined when absent. */
export function getHeader(msg: Pick<SipMessage, 'headers'>, name: string): string | undefined {
  const n = canonicalHeaderName(name);
  if (msg instanceof ParsedSipMessage) {
    const lazy = ParsedSipMessage.headerValues(msg, [n], true);
    if (lazy !== null) {
      return lazy[0][0];
    }
  }
  for (const h of msg.headers) {
    if (h.name === n) {
      return h.value;
    }
  }
  return undefined;
}

/** The From tag (`msg.from?.tag`), read without parsing the rest of From when it is not parsed yet. */
export function fromTagOf(msg: Pick<SipMessage, 'from'>): string | undefined {
  return msg instanceof ParsedSipMessage ? ParsedSipMessage.tagOf(msg, 'from') : msg.from?.tag;
}

/** The To tag (`msg.to?.tag`), read without parsing the rest of To when it is not parsed yet. */
export function toTagOf(msg: Pick<SipMessage, 'to'>): string | undefined {
  return msg instanceof ParsedSipMessage ? ParsedSipMessage.tagOf(msg, 'to') : msg.to?.tag;
}

/** The From user (`msg.from?.user`), read without keeping a parsed From when it is not parsed yet. */
export function fromUserOf(msg: Pick<SipMessage, 'from'>): string | undefined {
  return msg instanceof ParsedSipMessage ? ParsedSipMessage.userOf(msg, 'from') : msg.from?.user;
}

/** The To user (`msg.to?.user`), read without keeping a parsed To when it is not parsed yet. */
export function toUserOf(msg: Pick<SipMessage, 'to'>): string | undefined {
  return msg instanceof ParsedSipMessage ? ParsedSipMessage.userOf(msg, 'to') : msg.to?.user;
}

/** The branch of the top Via hop (`msg.via[0]?.branch`), read without parsing the other hops when they are not parsed yet. */
export function topViaBranchOf(msg: Pick<SipMessage, 'via'>): string | undefined {
  return msg instanceof ParsedSipMessage ? ParsedSipMessage.topViaBranch(msg) : msg.via[0]?.branch;
}

/**
 * May some header (From and To included) contain a match of `re` (not global, not sticky)? False
 * only when it surely does not: for a parsed message whose header list is not built yet and whose
 * From/To were not replaced, the whole text is tested at once.
 */
export function headersMayMatch(msg: Pick<SipMessage, 'headers'>, re: RegExp): boolean {
  return !(msg instanceof ParsedSipMessage) || ParsedSipMessage.textMayMatch(msg, re);
}

/**
 * The values of several headers in one pass (canonical names): one list per name, every value of
 * each (`firstOnly`: at most the first).
 */
export function getHeaderValues(msg: Pick<SipMessage, 'headers'>, names: readonly string[], firstOnly = false): string[][] {
  if (msg instanceof ParsedSipMessage) {
    const lazy = ParsedSipMessage.headerValues(msg, names, firstOnly);
    if (lazy !== null) {
      return lazy;
    }
  }
  const out: string[][] = names.map(() => []);
  for (const h of msg.headers) {
    const k = names.indexOf(h.name);
    if (k !== -1 && (!firstOnly || out[k].length === 0)) {
      out[k].push(h.value);
    }
  }
  return out;
}

/** Every value of a header in order (one per header line; comma lists are not split). */
export function getHeaders(msg: Pick<SipMessage, 'headers'>, name: string): string[] {
  const n = canonicalHeaderName(name);
  if (msg instanceof ParsedSipMessage) {
    const lazy = ParsedSipMessage.headerValues(msg, [n], false);
    if (lazy !== null) {
      return lazy[0];
    }
  }
  const out: string[] = [];
  for (const h of msg.headers) {
    if (h.name === n) {
      out.push(h.value);
    }
  }
  return out;
}
