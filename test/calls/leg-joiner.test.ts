import { CallBuilder, DEFAULT_BUILDER_OPTIONS } from '../../src/calls/call-builder';
import type { Call } from '../../src/calls/call';
import { numbersMatch } from '../../src/calls/leg-joiner';
import { normalizeNumber } from '../../src/sip/numbers';
import type { TracedMessage } from '../../src/formats/record';
import { CARRIER_IP, TEAMS_IP, interleave, legFlow } from './support/flows';

function run(msgs: TracedMessage[]): Call[] {
  const b = new CallBuilder(DEFAULT_BUILDER_OPTIONS);
  const out: Call[] = [];
  for (const m of msgs) {
    out.push(...b.add(m).calls);
  }
  return [...out, ...b.end()];
}

function callIdsOf(calls: Call[]): string[][] {
  return calls.map((c) => c.legs.map((l) => l.callId)).sort((a, b) => (a[0] < b[0] ? -1 : 1));
}

/** Carrier → SBC (national numbers) and SBC → Teams (E.164), no session key (Oracle-like). */
function inboundPair(n: string, caller: string, callee: string, t: number, dt = 0.03, final = 200): TracedMessage[] {
  const inLeg = legFlow({
    p: { callId: `in-${n}`, from: `0${caller}`, to: `0${callee}` },
    initiator: 'in',
    remote: CARRIER_IP,
    t,
    final,
    talk: 20,
  });
  const outLeg = legFlow({
    p: { callId: `out-${n}`, from: `+49${caller}`, to: `+49${callee}`, toHost: 'sip.pstnhub.microsoft.com' },
    initiator: 'out',
    remote: TEAMS_IP,
    t: t + dt,
    final,
    talk: 19.9,
  });
  return interleave(inLeg, outLeg);
}

describe('numbersMatch', () => {
  it.each([
    ['+49407770101', '0407770101', true],
    ['+49407770101', '004940 7770101', true],
    ['+49407770101', '+49407770102', false],
    ['4711', '4711', true],
    ['4711', '94711', false],
    ['alice', 'alice', true],
    ['anonymous', '+49407770101', false],
  ])('%s vs %s → %s', (a, b, expected) => {
    expect(numbersMatch(normalizeNumber(a), normalizeNumber(b))).toBe(expected);
  });
});

describe('leg joining without a session key', () => {
  it('when an inbound and an outbound leg dial the same number within the window, then they are one call', () => {
    const calls = run(inboundPair('1', '305550101', '407770101', 0));
    expect(callIdsOf(calls)).toEqual([['in-1', 'out-1']]);
    const [call] = calls;
    expect(call.id).toBe('in-1');
    expect(call.direction).toBe('inbound');
    expect(call.from).toBe('0305550101');
    expect(call.complete).toBe(true);
  });

  it('when two concurrent calls go to different numbers, then each pair is joined and the two are not mixed', () => {
    const a = inboundPair('A', '305550101', '407770101', 0, 0.04);
    const b = inboundPair('B', '305550102', '407770202', 0.01, 0.01);
    const calls = run(interleave(a, b));
    expect(callIdsOf(calls)).toEqual([
      ['in-A', 'out-A'],
      ['in-B', 'out-B'],
    ]);
  });

  it('when the outbound INVITE comes later than the join window, then the legs stay separate calls', () => {
    const calls = run(inboundPair('late', '305550101', '407770101', 0, 6));
    expect(callIdsOf(calls)).toEqual([['in-late'], ['out-late']]);
  });

  it('when the caller numbers differ, then the legs are not joined', () => {
    const inLeg = legFlow({
      p: { callId: 'in-c', from: '0305550101', to: '0407770101' },
      initiator: 'in',
      remote: CARRIER_IP,
      t: 0,
      final: 486,
    });
    const outLeg = legFlow({
      p: { callId: 'out-c', from: '+49309999999', to: '+49407770101' },
      initiator: 'out',
      remote: TEAMS_IP,
      t: 0.02,
      final: 486,
    });
    expect(callIdsOf(run(interleave(inLeg, outLeg)))).toEqual([['in-c'], ['out-c']]);
  });

  it('when the caller is anonymous on one side, then the called number decides', () => {
    const inLeg = legFlow({
      p: { callId: 'in-anon', from: 'anonymous', to: '0407770101' },
      initiator: 'in',
      remote: CARRIER_IP,
      t: 0,
      final: 486,
    });
    const outLeg = legFlow({
      p: { callId: 'out-anon', from: '+49305550101', to: '+49407770101' },
      initiator: 'out',
      remote: TEAMS_IP,
      t: 0.02,
      final: 486,
    });
    expect(callIdsOf(run(interleave(inLeg, outLeg)))).toEqual([['in-anon', 'out-anon']]);
  });

  it('when the first outbound attempt fails and the SBC re-routes, then all three legs are one call', () => {
    const inLeg = legFlow({
      p: { callId: 'in-rr', from: '0305550101', to: '0407770101' },
      initiator: 'in',
      remote: CARRIER_IP,
      t: 0,
      final: 200,
      talk: 10,
    });
    const first = legFlow({
      p: { callId: 'out-rr-1', from: '+49305550101', to: '+49407770101' },
      initiator: 'out',
      remote: '52.114.7.24:5061',
      t: 0.02,
      final: 503,
      ring: false,
    });
    const second = legFlow({
      p: { callId: 'out-rr-2', from: '+49305550101', to: '+49407770101' },
      initiator: 'out',
      remote: TEAMS_IP,
      t: 0.5,
      final: 200,
      talk: 10,
    });
    expect(callIdsOf(run(interleave(inLeg, first, second)))).toEqual([['in-rr', 'out-rr-1', 'out-rr-2']]);
  });

  it('when two calls to the same number overlap, then a second live leg on one side is not joined to the first call', () => {
    const a = inboundPair('X', '305550101', '407770101', 0, 0.02);
    // the same caller dials again 1 s later on a second line; its outbound leg follows 0.02 s after
    const b = inboundPair('Y', '305550101', '407770101', 1, 0.02);
    expect(callIdsOf(run(interleave(a, b)))).toEqual([
      ['in-X', 'out-X'],
      ['in-Y', 'out-Y'],
    ]);
  });

  it('when legs carry session keys, then numbers and times do not join them', () => {
    const withKey = (msgs: TracedMessage[], key: string): TracedMessage[] => msgs.map((m) => ({ ...m, sessionKey: key }));
    const pair = inboundPair('K', '305550101', '407770101', 0);
    const calls = run(pair.map((m) => (m.raw.includes('in-K') ? withKey([m], 's1')[0] : withKey([m], 's2')[0])));
    expect(callIdsOf(calls)).toEqual([['in-K'], ['out-K']]);
  });
});
