import type { PeerHealth } from '../../src/calls/call';
import { mergeHealth } from '../../src/service/health-merge';

function exchange(over: Partial<PeerHealth>): PeerHealth {
  return {
    remote: '52.114.7.24:5061',
    name: 'sip2.pstnhub.microsoft.com',
    device: '198.51.100.10',
    optionsSent: 1,
    optionsAnswered: 1,
    optionsRejected: 0,
    lastSent: 1000,
    lastAnswer: 1020,
    lastStatus: 200,
    status: 'up',
    ...over,
  };
}

describe('mergeHealth', () => {
  it('when nothing was known, then the piece is the health', () => {
    expect(mergeHealth(undefined, exchange({}))).toEqual(exchange({}));
  });

  it('when OPTIONS exchanges are added one by one, then counts add up and the newest decides the status', () => {
    let h = mergeHealth(undefined, exchange({}));
    h = mergeHealth(h, exchange({ lastSent: 61_000, lastAnswer: null, optionsAnswered: 0, lastStatus: null, status: 'unknown' }));
    h = mergeHealth(h, exchange({ lastSent: 121_000, lastAnswer: null, optionsAnswered: 0, lastStatus: null, status: 'down' }));
    expect(h).toMatchObject({ optionsSent: 3, optionsAnswered: 1, lastSent: 121_000, lastAnswer: 1020, status: 'down' });
    h = mergeHealth(h, exchange({ lastSent: 181_000, lastAnswer: 181_030 }));
    expect(h).toMatchObject({ optionsSent: 4, optionsAnswered: 2, lastAnswer: 181_030, lastStatus: 200, status: 'up' });
  });

  it('when an older exchange arrives late, then it counts but does not change the newest status', () => {
    const newest = exchange({ lastSent: 200_000, lastAnswer: 200_010, lastStatus: 503, optionsAnswered: 0, optionsRejected: 1, status: 'down' });
    const h = mergeHealth(newest, exchange({ lastSent: 100_000, lastAnswer: 100_010 }));
    expect(h).toMatchObject({ optionsSent: 2, lastStatus: 503, status: 'down', lastSent: 200_000 });
  });
});
