/**
 * OPTIONS keep-alive health arrives in pieces in the service: each OPTIONS transaction has its own
 * key (AudioCodes gives it a SID), is rebuilt alone and yields a PeerHealth for that one exchange.
 * `mergeHealth` adds such a piece to what the store already holds for the peer. Pure.
 */
import type { PeerHealth } from '../calls/call';

export function mergeHealth(prev: PeerHealth | undefined, next: PeerHealth): PeerHealth {
  if (!prev) {
    return { ...next };
  }
  const nextIsNewer = (next.lastSent ?? next.lastAnswer ?? 0) >= (prev.lastSent ?? prev.lastAnswer ?? 0);
  const merged: PeerHealth = {
    remote: next.remote,
    name: next.name ?? prev.name,
    device: next.device,
    optionsSent: prev.optionsSent + next.optionsSent,
    optionsAnswered: prev.optionsAnswered + next.optionsAnswered,
    optionsRejected: prev.optionsRejected + next.optionsRejected,
    lastSent: maxOrNull(prev.lastSent, next.lastSent),
    lastAnswer: maxOrNull(prev.lastAnswer, next.lastAnswer),
    lastStatus: nextIsNewer ? (next.lastStatus ?? prev.lastStatus) : (prev.lastStatus ?? next.lastStatus),
    status: 'unknown',
  };
  merged.status = nextIsNewer ? next.status : prev.status;
  if (merged.lastAnswer !== null && merged.lastSent !== null && merged.lastAnswer >= merged.lastSent) {
    // the newest OPTIONS we sent was answered
    merged.status = merged.lastStatus !== null && merged.lastStatus >= 300 ? 'down' : 'up';
  }
  return merged;
}

function maxOrNull(a: number | null, b: number | null): number | null {
  if (a === null) {
    return b;
  }
  if (b === null) {
    return a;
  }
  return Math.max(a, b);
}

export function healthKeyOf(h: Pick<PeerHealth, 'device' | 'remote'>): string {
  return `${h.device}|${h.remote}`;
}
