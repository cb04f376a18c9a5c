/**
 * Small facts about one parsed SIP message that dialogs, peers and health need, read without
 * re-parsing: tags, the method a message belongs to, URI hosts and users.
 */
import type { SipMessage } from '../sip/sip-message';
import { fromTagOf, parseUri, toTagOf } from '../sip/headers';

/** The method a message belongs to: the request method, or the CSeq method of a response. */
export function methodOf(sip: SipMessage): string {
  if (sip.kind === 'request') {
    return sip.method.toUpperCase();
  }
  return (sip.cseq?.method ?? sip.method).toUpperCase();
}

/** Methods that never belong to a call when they come outside an INVITE dialog. */
const NON_CALL_METHODS: ReadonlySet<string> = new Set(['REGISTER', 'SUBSCRIBE', 'NOTIFY', 'PUBLISH', 'MESSAGE']);

export function isNonCallMethod(method: string): boolean {
  return NON_CALL_METHODS.has(method);
}

export function fromTag(sip: SipMessage): string | undefined {
  return fromTagOf(sip) || undefined;
}

export function toTag(sip: SipMessage): string | undefined {
  return toTagOf(sip) || undefined;
}

/** An INVITE request outside a dialog (no To-tag): the start of a leg, or a retry after a challenge. */
export function isInitialInvite(sip: SipMessage): boolean {
  return sip.kind === 'request' && sip.method.toUpperCase() === 'INVITE' && toTag(sip) === undefined;
}

/** Host part of a URI (`sip:user@host:port;params`, `<sip:host>`), lower-case; undefined when none. */
export function uriHost(uri: string | undefined): string | undefined {
  if (!uri) {
    return undefined;
  }
  let t = uri.trim();
  const lt = t.indexOf('<');
  if (lt !== -1) {
    const gt = t.indexOf('>', lt + 1);
    t = gt === -1 ? t.slice(lt + 1) : t.slice(lt + 1, gt);
  }
  const host = parseUri(t, false).host;
  return host ? host.toLowerCase() : undefined;
}

/** User part of a URI, undefined when none. */
export function uriUser(uri: string | undefined): string | undefined {
  if (!uri) {
    return undefined;
  }
  const user = parseUri(uri.trim(), false).user;
  return user ? user : undefined;
}
