/** TransportWindow: which logged transport failures belong to a call, in bounded memory. */
import type { Call } from '../../src/calls/call';
import type { TransportEvent } from '../../src/formats/record';
import { TransportWindow, transportErrorsOf } from '../../src/diagnosis/transport-window';
import { diagnose } from '../../src/diagnosis/diagnose';
import { refusedInbound } from './support/transport-calls';

const DEVICE = '198.51.100.10';

function ev(o: Partial<TransportEvent> & { time: number | null }): TransportEvent {
  return { device: DEVICE, text: 'TLS handshake with 52.114.75.24:5061 failed', where: 'sbc.log:1', remote: '52.114.75.24:5061', ...o };
}

describe('TransportWindow', () => {
  const call: Call = refusedInbound();
  const start = call.start ?? 0;
  const end = call.end ?? 0;

  test('same device within 30 s of the call\'s span belongs to it; further away does not', () => {
    const w = new TransportWindow();
    w.add(ev({ time: start - 29_000, where: 'a' }));
    w.add(ev({ time: end + 29_000, where: 'b' }));
    w.add(ev({ time: start - 31_000, where: 'c' }));
    w.add(ev({ time: end + 31_000, where: 'd' }));
    expect(w.near(call).map((e) => e.where)).toEqual(['a', 'b']);
  });

  test('an event in the call\'s own records (same session key) belongs to it whatever its time', () => {
    const w = new TransportWindow();
    w.add(ev({ time: null, sessionKey: call.sessionKey, where: 'mine' }));
    w.add(ev({ time: null, where: 'no-key' }));
    w.add(ev({ time: start + 10 * 60_000, sessionKey: call.sessionKey, where: 'late-mine' }));
    expect(w.near(call).map((e) => e.where)).toEqual(['mine', 'late-mine']);
    expect(w.near(call)[0].sessionKey).toBe(call.sessionKey);
  });

  test('another device counts only toward the host of one of the call\'s legs', () => {
    const w = new TransportWindow();
    w.add(ev({ device: 'other-sbc', time: start, remote: '52.114.75.24:5061', where: 'other-teams' }));
    w.add(ev({ device: 'other-sbc', time: start, remote: '203.0.113.5:5061', where: 'other-carrier' }));
    w.add(ev({ device: 'other-sbc', time: start, remote: undefined, where: 'other-none' }));
    expect(w.near(call).map((e) => e.where)).toEqual(['other-carrier']);
  });

  test('memory is bounded per device and per call', () => {
    const w = new TransportWindow({ perDevice: 100, maxPerCall: 5 });
    for (let i = 0; i < 1000; i++) {
      w.add(ev({ time: start, where: `n${i}` }));
    }
    expect(w.size()).toBeLessThanOrEqual(100);
    const got = w.near(call);
    expect(got).toHaveLength(5);
    expect(got[0].where).not.toBe('n0'); // the oldest are gone
  });

  test('memory is bounded in devices too', () => {
    const w = new TransportWindow({ maxDevices: 3 });
    for (let i = 0; i < 10; i++) {
      w.add(ev({ device: `d${i}`, time: start }));
    }
    expect(w.size()).toBe(3);
  });

  test('an empty window costs nothing and finds nothing', () => {
    expect(new TransportWindow().near(call)).toEqual([]);
  });
});

describe('transportErrorsOf', () => {
  test('takes the transport items of a key\'s assembled items, as diagnose wants them', () => {
    const call = refusedInbound();
    const e = ev({ time: call.start, sessionKey: call.sessionKey, text: 'TLS handshake with 52.114.75.24:5061 failed: certificate has expired' });
    const errors = transportErrorsOf([{ type: 'skip', skip: { where: 'x', why: 'y' } }, { type: 'transport', event: e }]);
    expect(errors).toEqual([{ time: call.start, remote: '52.114.75.24:5061', text: e.text, where: 'sbc.log:1', sessionKey: call.sessionKey }]);
    expect(diagnose(call, { transportErrors: errors })).toMatchObject({ category: 'tls-failure', owner: 'sbc' });
  });
});
