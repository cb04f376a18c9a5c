/**
 * Digest challenges on a leg:
 *
 *   SBC → carrier INVITE, carrier → SBC 407, SBC → carrier INVITE (Proxy-Authorization),
 *   carrier → SBC 407 again                         auth-failure: credentials refused (owner: sender)
 *   … carrier → SBC 403 after credentials           auth-failure: credentials refused
 *   carrier → SBC 401, no INVITE with credentials   auth-failure: challenge not answered
 *
 * A challenge answered and then followed by a normal outcome (200, 486…) is not a failure.
 */
import type { CallFacts, LegFacts } from '../facts';
import type { Owner } from '../verdict';
import type { Finding } from './rule';
import { ev } from './rule';
import { nextCheckFor, ownerOf } from '../wording';
import { sideName } from '../evidence';

function credentialOwner(l: LegFacts): Owner {
  const inv = l.credentialInvites[l.credentialInvites.length - 1] ?? l.lastInvite;
  if (!inv || inv.sender === null) {
    return 'unknown';
  }
  return inv.sender === 'sbc' ? 'sbc' : ownerOf(l.peer);
}

export function authRule(f: CallFacts): Finding | null {
  if (f.answered) {
    return null;
  }
  for (const l of f.legs) {
    if (l.challenges.length === 0) {
      continue;
    }
    const final = l.final;
    const status = final?.m.sip.status;
    const lastCred = l.credentialInvites[l.credentialInvites.length - 1] ?? null;
    const owner = credentialOwner(l);
    // the side that challenged: the leg's peer when the SBC sent the INVITE, else the SBC
    const sbcSent = lastCred?.sender === 'sbc' || l.lastInvite?.sender === 'sbc';
    const challenger = sbcSent ? (l.peer === 'teams' ? 'Teams' : `the ${sideName(l.peer)} side`) : 'the SBC';
    const Challenger = challenger.charAt(0).toUpperCase() + challenger.slice(1);
    if (lastCred && final && (status === 401 || status === 407 || status === 403)) {
      const again = status === 403 ? `refused them with ${status}` : `challenged again (${status})`;
      return {
        category: 'auth-failure',
        owner,
        summary: `The credentials were refused: ${challenger} asked for authentication, got an INVITE with credentials and ${again}.`,
        nextCheck: nextCheckFor('auth-failure', owner),
        evidence: [...ev(final), ...ev(lastCred, 'with credentials'), ...ev(l.challenges[0], 'first challenge')],
        deciding: final,
      };
    }
    if (!lastCred && final && (status === 401 || status === 407)) {
      return {
        category: 'auth-failure',
        owner,
        summary: `${Challenger} asked for authentication (${status}) and the INVITE was never sent again with credentials.`,
        nextCheck: nextCheckFor('auth-failure', owner),
        evidence: [...ev(final), ...ev(l.lastInvite)],
        deciding: final,
      };
    }
  }
  return null;
}
