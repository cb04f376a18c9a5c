import { CallBuilder, DEFAULT_BUILDER_OPTIONS } from '../../src/calls/call-builder';
import type { TracedMessage } from '../../src/formats/record';
import { T0, invite, response } from './support/sip-builders';

const INVITE = invite({ callId: 'CALLID', from: '+49305550101', to: '+4940777NUMB' });
const BUSY = response(486, { callId: 'CALLID', from: '+49305550101', to: '+4940777NUMB', toTag: 'busy' });

function msg(template: string, i: number, time: number, direction: 'in' | 'out'): TracedMessage {
  const raw = template.replaceAll('CALLID', `mem-${i}`).replace(/NUMB/g, String(i % 10000).padStart(4, '0'));
  return { raw, where: `mem.log:${i}`, time, direction, remote: '203.0.113.5:5060', device: 'sbc', format: 'oracle', order: i };
}

describe('bounded memory', () => {
  it('when 200,000 short calls stream through, then the open calls stay bounded by the grace time', () => {
    const b = new CallBuilder(DEFAULT_BUILDER_OPTIONS);
    let handedOn = 0;
    let maxOpen = 0;
    for (let i = 0; i < 200_000; i++) {
      // one call every 10 ms of log time; each is busy after 50 ms
      const t = T0 + i * 10;
      handedOn += b.add(msg(INVITE, i, t, 'in')).calls.length;
      handedOn += b.add(msg(BUSY, i, t + 50, 'out')).calls.length;
      if (i % 1000 === 0) {
        maxOpen = Math.max(maxOpen, b.openCalls(), b.openDialogs());
      }
    }
    // 8 s of grace at 100 calls/s: about 800 calls wait at any time
    expect(maxOpen).toBeLessThanOrEqual(810);
    expect(maxOpen).toBeGreaterThan(700);
    const rest = b.end();
    expect(handedOn + rest.length).toBe(200_000);
    expect(b.openCalls()).toBe(0);
    expect(b.openDialogs()).toBe(0);
  });

  it('when 200,000 calls never finish, then the cap keeps the open calls at maxOpenCalls', () => {
    const b = new CallBuilder({ ...DEFAULT_BUILDER_OPTIONS, maxOpenCalls: 5_000 });
    let handedOn = 0;
    let maxOpen = 0;
    for (let i = 0; i < 200_000; i++) {
      // all in the same second: neither grace nor quiet time can help
      handedOn += b.add(msg(INVITE, i, T0 + (i % 1000), 'in')).calls.length;
      maxOpen = Math.max(maxOpen, b.openCalls());
    }
    expect(maxOpen).toBe(5_000);
    expect(b.openDialogs()).toBe(5_000);
    expect(handedOn).toBe(195_000);
    expect(b.stats().evicted).toBe(195_000);
  });
});
