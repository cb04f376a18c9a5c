/**
 * TLS failures the log shows outside SIP (handed in as DiagnoseContext.transportErrors), e.g.
 *
 *   TLS handshake failed with 52.114.75.24:5061: certificate verify failed
 *
 * near an INVITE that got no answer on the same leg → tls-failure: certificate words → sbc,
 * otherwise (refused, timed out, reset) → network. Microsoft's own codes (569xxx, 549002) inside
 * responses are read by final-response.ts through ms-code-rules.ts.
 */
import type { CallFacts, TransportError } from '../facts';
import type { Owner } from '../verdict';
import type { Finding } from './rule';
import { ev, text } from './rule';
import { splitHostPort } from '../../sip/addresses';
import { sideName } from '../evidence';
import { nextCheckFor } from '../wording';

const WINDOW_MS = 60_000;
const CERT_WORDS = ['certificate', 'cert ', 'verify', 'handshake', 'alert', 'cipher', 'protocol version', 'expired', 'untrusted', 'self-signed', 'self signed'];

function sameHost(a: string | undefined, b: string | undefined): boolean {
  if (!a || !b) {
    return true;
  }
  return splitHostPort(a).host.toLowerCase() === splitHostPort(b).host.toLowerCase();
}

export function tlsLogRule(f: CallFacts): Finding | null {
  const errors = f.context.transportErrors ?? [];
  if (errors.length === 0 || f.answered) {
    return null;
  }
  for (const l of f.legs) {
    const inv = l.lastInvite;
    if (!inv || inv.sender !== 'sbc' || l.finals.some((r) => r.sender === 'peer')) {
      continue;
    }
    const t0 = inv.m.time;
    const hit: TransportError | undefined = errors.find(
      (e) =>
        sameHost(e.remote, inv.m.remote ?? l.leg.remote) &&
        (t0 === null || e.time === null || (e.time >= t0 - WINDOW_MS && e.time <= t0 + WINDOW_MS)),
    );
    if (!hit) {
      continue;
    }
    const lower = hit.text.toLowerCase();
    const owner: Owner = CERT_WORDS.some((w) => lower.includes(w)) ? 'sbc' : 'network';
    return {
      category: 'tls-failure',
      owner,
      summary: `The SBC could not set up TLS to the ${sideName(l.peer)} side, so its INVITE got no answer: "${hit.text}".`,
      nextCheck: nextCheckFor('tls-failure', owner),
      evidence: [text(`${hit.where} ${hit.text}`), ...ev(inv, 'no answer')],
      deciding: inv,
    };
  }
  return null;
}
