import type { PeerHealth } from '../../src/calls/call';
import { checkLogsSilent, checkOptions, isTeamsPeer, peerLabel } from '../../src/stats/connectivity';

const T = Date.UTC(2026, 10, 24, 10, 0, 0);

function peer(p: Partial<PeerHealth>): PeerHealth {
  return {
    remote: '52.114.75.24:5061',
    name: 'sip.pstnhub.microsoft.com',
    device: 'sbc1',
    optionsSent: 10,
    optionsAnswered: 10,
    optionsRejected: 0,
    lastSent: T,
    lastAnswer: T,
    lastStatus: 200,
    status: 'up',
    ...p,
  };
}

describe('OPTIONS check', () => {
  it('is fine while the newest probe is answered', () => {
    expect(checkOptions(peer({}), T + 600_000, 180, null).bad).toBe(false);
  });

  it('warns after 3 minutes without an answer and is critical at 5', () => {
    const h = peer({ lastAnswer: T, lastSent: T + 170_000 });
    expect(checkOptions(h, T + 170_000, 180, null).bad).toBe(false);
    const w = checkOptions(h, T + 181_000, 180, null);
    expect(w).toMatchObject({ bad: true, severity: 'warning' });
    expect(checkOptions(h, T + 301_000, 180, null)).toMatchObject({ bad: true, severity: 'critical' });
  });

  it('measures a peer that never answered from when it was first seen unanswered', () => {
    const h = peer({ lastAnswer: null, lastSent: T + 60_000, optionsAnswered: 0 });
    expect(checkOptions(h, T + 100_000, 180, T).bad).toBe(false);
    expect(checkOptions(h, T + 200_000, 180, T).bad).toBe(true);
  });

  it('knows Teams peers and labels peers', () => {
    expect(isTeamsPeer(peer({}))).toBe(true);
    expect(isTeamsPeer({ remote: '198.51.100.20:5060' })).toBe(false);
    expect(peerLabel(peer({}))).toBe('sip.pstnhub.microsoft.com (52.114.75.24:5061)');
  });
});

describe('silent logs', () => {
  it('says so after the configured minutes of wall-clock time', () => {
    expect(checkLogsSilent(T, T + 14 * 60_000, 15).bad).toBe(false);
    expect(checkLogsSilent(T, T + 15 * 60_000, 15).bad).toBe(true);
    expect(checkLogsSilent(null, T, 15).bad).toBe(false);
  });
});
