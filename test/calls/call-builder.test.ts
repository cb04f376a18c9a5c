import { CallBuilder, DEFAULT_BUILDER_OPTIONS, buildCalls } from '../../src/calls/call-builder';
import type { Call } from '../../src/calls/call';
import type { ReaderItem, TracedMessage } from '../../src/formats/record';
import { at, invite, request, response, traced } from './support/sip-builders';
import { CARRIER_IP, PSTNHUB_UA, TEAMS_IP, interleave, legFlow } from './support/flows';

function feed(builder: CallBuilder, msgs: TracedMessage[]): Call[] {
  const out: Call[] = [];
  for (const m of msgs) {
    out.push(...builder.add(m).calls);
  }
  return out;
}

function optionsAt(sec: number, device = '198.51.100.10'): TracedMessage {
  const p = { callId: `opt-${sec}`, from: 'sbc', to: 'ping', toHost: 'sip.pstnhub.microsoft.com', method: 'OPTIONS' };
  return traced(request('OPTIONS', p), { time: at(sec), direction: 'out', remote: TEAMS_IP, device });
}

/** An inbound PSTN call to a Teams user through an AudioCodes SBC: both legs share the SID. */
function audiocodesInboundCall(sid: string, t: number): TracedMessage[] {
  const carrier = legFlow({
    p: { callId: `${sid}-carrier`, from: '+49305550101', to: '+49407770101', fromHost: 'carrier.example.net' },
    initiator: 'in',
    remote: CARRIER_IP,
    iface: 'Carrier',
    sessionKey: sid,
    t,
    final: 200,
    talk: 60,
  });
  const teams = legFlow({
    p: {
      callId: `${sid}-teams`,
      from: '+49305550101',
      to: '+49407770101',
      fromHost: 'sbc.example.com',
      toHost: 'sip.pstnhub.microsoft.com',
    },
    initiator: 'out',
    remote: TEAMS_IP,
    iface: 'Teams',
    sessionKey: sid,
    t: t + 0.05,
    final: 200,
    talk: 59.9,
    teamsAgent: true,
  });
  return interleave(carrier, teams);
}

describe('CallBuilder', () => {
  it('when both legs of an answered call share an AudioCodes SID, then they are one inbound call handed on after the grace time', () => {
    const builder = new CallBuilder(DEFAULT_BUILDER_OPTIONS);
    const early = feed(builder, audiocodesInboundCall('b9027c:24:198171', 0));
    expect(early).toEqual([]);
    expect(builder.openCalls()).toBe(1);
    // 5 s after the last BYE: still within grace
    expect(feed(builder, [optionsAt(67)])).toEqual([]);
    const done = feed(builder, [optionsAt(71)]);
    expect(done).toHaveLength(1);
    const call = done[0];
    expect(call.id).toBe('b9027c:24:198171');
    expect(call.sessionKey).toBe('b9027c:24:198171');
    expect(call.legs.map((l) => [l.callId, l.peer, l.initiator, l.finalStatus, l.ended])).toEqual([
      ['b9027c:24:198171-carrier', 'carrier', 'in', 200, true],
      ['b9027c:24:198171-teams', 'teams', 'out', 200, true],
    ]);
    expect(call.direction).toBe('inbound');
    expect(call.from).toBe('+49305550101');
    expect(call.to).toBe('+49407770101');
    expect(call.start).toBe(at(0));
    expect(call.answer).toBe(at(2.1));
    // the later of the two BYEs: the carrier leg's
    expect(call.end).toBe(at(2.1 + 60));
    expect(call.complete).toBe(true);
    expect(call.legs[0].messages).toHaveLength(7);
    expect(builder.openCalls()).toBe(0);
    expect(builder.end()).toEqual([]);
  });

  it('when the Teams leg sends the INVITE to the SBC, then the call is outbound', () => {
    const teams = legFlow({
      p: { callId: 'tm-1', from: '+49407770101', to: '+4930123456', fromHost: 'sip.pstnhub.microsoft.com' },
      initiator: 'in',
      remote: '52.114.132.46:5061',
      sessionKey: 'aa:1:1',
      t: 0,
      final: 486,
      ring: false,
    });
    const carrier = legFlow({
      p: { callId: 'tm-2', from: '+49407770101', to: '+4930123456' },
      initiator: 'out',
      remote: CARRIER_IP,
      sessionKey: 'aa:1:1',
      t: 0.02,
      final: 486,
      ring: false,
    });
    const b = new CallBuilder(DEFAULT_BUILDER_OPTIONS);
    feed(b, interleave(teams, carrier));
    const [call] = b.end();
    expect(call.direction).toBe('outbound');
    expect(call.legs[0].peer).toBe('teams');
    expect(call.legs[1].peer).toBe('carrier');
    expect(call.legs.map((l) => l.finalStatus)).toEqual([486, 486]);
    expect(call.answer).toBeNull();
    expect(call.end).toBe(at(0.12));
    expect(call.complete).toBe(true);
  });

  it('when INVITE and 200 OK are retransmitted, then the copies are marked and change nothing', () => {
    const p = { callId: 'rtx-1', from: '+49305550101', to: '+49407770101' };
    const tt = { ...p, toTag: 'x1' };
    const msgs = [
      traced(invite(p), { time: at(0), direction: 'in', remote: CARRIER_IP }),
      traced(invite(p), { time: at(0.5), direction: 'in', remote: CARRIER_IP }),
      traced(response(100, p), { time: at(0.51), direction: 'out', remote: CARRIER_IP }),
      traced(response(200, tt), { time: at(1), direction: 'out', remote: CARRIER_IP }),
      traced(response(200, tt), { time: at(1.5), direction: 'out', remote: CARRIER_IP }),
      traced(request('ACK', { ...tt, branch: 'z9hG4bK-ack' }), { time: at(1.6), direction: 'in', remote: CARRIER_IP }),
      traced(request('BYE', { ...tt, cseq: 2, branch: 'z9hG4bK-bye' }), { time: at(9), direction: 'in', remote: CARRIER_IP }),
      traced(request('BYE', { ...tt, cseq: 2, branch: 'z9hG4bK-bye' }), { time: at(9.5), direction: 'in', remote: CARRIER_IP }),
      traced(response(200, { ...tt, cseq: 2, method: 'BYE', branch: 'z9hG4bK-bye' }), { time: at(9.6), direction: 'out' }),
    ];
    const b = new CallBuilder(DEFAULT_BUILDER_OPTIONS);
    feed(b, msgs);
    const [call] = b.end();
    const leg = call.legs[0];
    expect(leg.messages.map((m) => m.retransmission)).toEqual([false, true, false, false, true, false, false, true, false]);
    expect(leg.answer).toBe(at(1));
    expect(leg.end).toBe(at(9));
    expect(leg.finalStatus).toBe(200);
    expect(call.complete).toBe(true);
  });

  it('when a re-INVITE gets 491 and a later one succeeds, then the call stays answered by its initial INVITE', () => {
    const p = { callId: 'hold-1', from: '+49305550101', to: '+49407770101', toTag: 'tt1' };
    const d = { time: 0, direction: 'in' as const, remote: TEAMS_IP };
    const msgs = [
      traced(invite({ ...p, toTag: undefined }), { ...d, time: at(0) }),
      traced(response(200, p), { ...d, time: at(3), direction: 'out' }),
      traced(request('ACK', { ...p, branch: 'z9hG4bK-a1' }), { ...d, time: at(3.1) }),
      // hold: re-INVITE with a=sendonly, refused with 491 (glare), retried
      traced(invite({ ...p, cseq: 2, branch: 'z9hG4bK-h1' }), { ...d, time: at(20) }),
      traced(response(491, { ...p, cseq: 2, branch: 'z9hG4bK-h1' }), { ...d, time: at(20.1), direction: 'out' }),
      traced(request('ACK', { ...p, cseq: 2, branch: 'z9hG4bK-h1' }), { ...d, time: at(20.2) }),
      traced(invite({ ...p, cseq: 3, branch: 'z9hG4bK-h2' }), { ...d, time: at(22) }),
      traced(response(200, { ...p, cseq: 3, branch: 'z9hG4bK-h2' }), { ...d, time: at(22.1), direction: 'out' }),
      // resume fails with 488: still no failure of the call
      traced(invite({ ...p, cseq: 4, branch: 'z9hG4bK-r1' }), { ...d, time: at(40) }),
      traced(response(488, { ...p, cseq: 4, branch: 'z9hG4bK-r1' }), { ...d, time: at(40.1), direction: 'out' }),
      traced(request('BYE', { ...p, cseq: 5, branch: 'z9hG4bK-b' }), { ...d, time: at(60) }),
      traced(response(200, { ...p, cseq: 5, method: 'BYE', branch: 'z9hG4bK-b' }), { ...d, time: at(60.1), direction: 'out' }),
    ];
    const b = new CallBuilder(DEFAULT_BUILDER_OPTIONS);
    feed(b, msgs);
    const [call] = b.end();
    const leg = call.legs[0];
    expect(leg.finalStatus).toBe(200);
    expect(leg.answer).toBe(at(3));
    expect(leg.end).toBe(at(60));
    expect(leg.ended).toBe(true);
    expect(leg.messages.some((m) => m.retransmission)).toBe(false);
  });

  it('when the caller cancels, then the leg ends with 487 at the time of the 487', () => {
    const p = { callId: 'cxl-1', from: '+49305550101', to: '+49407770101' };
    const msgs = [
      traced(invite(p), { time: at(0), direction: 'in', remote: CARRIER_IP }),
      traced(response(180, { ...p, toTag: 'r1' }), { time: at(0.2), direction: 'out', remote: CARRIER_IP }),
      traced(request('CANCEL', p), { time: at(5), direction: 'in', remote: CARRIER_IP }),
      traced(response(200, { ...p, method: 'CANCEL' }), { time: at(5.01), direction: 'out', remote: CARRIER_IP }),
      traced(response(487, { ...p, toTag: 'r1' }), { time: at(5.02), direction: 'out', remote: CARRIER_IP }),
      traced(request('ACK', { ...p, toTag: 'r1' }), { time: at(5.03), direction: 'in', remote: CARRIER_IP }),
    ];
    const b = new CallBuilder(DEFAULT_BUILDER_OPTIONS);
    feed(b, msgs);
    const [call] = b.end();
    expect(call.legs[0].finalStatus).toBe(487);
    expect(call.legs[0].ended).toBe(true);
    expect(call.end).toBe(at(5.02));
    expect(call.answer).toBeNull();
    expect(call.complete).toBe(true);
  });

  it('when the CANCEL is seen but no 487 yet, then the leg is not ended', () => {
    const p = { callId: 'cxl-2', from: '+49305550101', to: '+49407770101' };
    const b = new CallBuilder(DEFAULT_BUILDER_OPTIONS);
    feed(b, [
      traced(invite(p), { time: at(0), direction: 'in', remote: CARRIER_IP }),
      traced(request('CANCEL', p), { time: at(5), direction: 'in', remote: CARRIER_IP }),
    ]);
    const [call] = b.end();
    expect(call.legs[0].ended).toBe(false);
    expect(call.complete).toBe(false);
  });

  it('when the first INVITE is challenged with 407, then the final status is the one of the INVITE with credentials', () => {
    const p = { callId: 'auth-1', from: '+49305550101', to: '+4930123456', toHost: 'carrier.example.net' };
    const d = { direction: 'out' as const, remote: CARRIER_IP };
    const r = { direction: 'in' as const, remote: CARRIER_IP };
    const msgs = [
      traced(invite(p), { ...d, time: at(0) }),
      traced(response(407, { ...p, toTag: 'ch1' }), { ...r, time: at(0.05) }),
      traced(request('ACK', { ...p, toTag: 'ch1' }), { ...d, time: at(0.06) }),
      traced(
        invite({ ...p, cseq: 2, headers: ['Proxy-Authorization: Digest username="sbc", realm="carrier", nonce="n1", response="abc"'] }),
        { ...d, time: at(0.07) },
      ),
      traced(response(100, { ...p, cseq: 2 }), { ...r, time: at(0.08) }),
      traced(response(200, { ...p, cseq: 2, toTag: 'ok2' }), { ...r, time: at(4) }),
      traced(request('ACK', { ...p, cseq: 2, toTag: 'ok2', branch: 'z9hG4bK-ack2' }), { ...d, time: at(4.01) }),
    ];
    const b = new CallBuilder(DEFAULT_BUILDER_OPTIONS);
    // after the 407 + ACK the leg has ended for a moment; the retry comes well within grace
    expect(feed(b, msgs)).toEqual([]);
    const [call] = b.end();
    expect(call.legs).toHaveLength(1);
    expect(call.legs[0].finalStatus).toBe(200);
    expect(call.legs[0].answer).toBe(at(4));
    expect(call.legs[0].start).toBe(at(0));
    expect(call.legs[0].ended).toBe(false);
    expect(call.complete).toBe(false);
  });

  it('when a challenge is answered by another challenge, then the leg ends with the last one', () => {
    const p = { callId: 'auth-2', from: '+49305550101', to: '+4930123456' };
    const d = { direction: 'out' as const, remote: CARRIER_IP };
    const r = { direction: 'in' as const, remote: CARRIER_IP };
    const b = new CallBuilder(DEFAULT_BUILDER_OPTIONS);
    feed(b, [
      traced(invite(p), { ...d, time: at(0) }),
      traced(response(401, { ...p, toTag: 'a' }), { ...r, time: at(0.05) }),
      traced(invite({ ...p, cseq: 2 }), { ...d, time: at(0.1) }),
      traced(response(403, { ...p, cseq: 2, toTag: 'b' }), { ...r, time: at(0.15) }),
    ]);
    const [call] = b.end();
    expect(call.legs[0].finalStatus).toBe(403);
    expect(call.legs[0].end).toBe(at(0.15));
    expect(call.complete).toBe(true);
  });

  it('when the INVITE forks, then 180s from several To-tags are kept and the 200 from one answers', () => {
    const p = { callId: 'fork-1', from: '+49305550101', to: '+49407770101', toHost: 'sip.pstnhub.microsoft.com' };
    const d = { direction: 'out' as const, remote: TEAMS_IP };
    const r = { direction: 'in' as const, remote: TEAMS_IP };
    const b = new CallBuilder(DEFAULT_BUILDER_OPTIONS);
    feed(b, [
      traced(invite(p), { ...d, time: at(0) }),
      traced(response(180, { ...p, toTag: 'fA' }), { ...r, time: at(0.5) }),
      traced(response(180, { ...p, toTag: 'fB' }), { ...r, time: at(0.6) }),
      traced(response(180, { ...p, toTag: 'fA' }), { ...r, time: at(1.5) }),
      traced(response(200, { ...p, toTag: 'fB' }), { ...r, time: at(3) }),
      traced(request('ACK', { ...p, toTag: 'fB', branch: 'z9hG4bK-ack' }), { ...d, time: at(3.1) }),
    ]);
    const [call] = b.end();
    const leg = call.legs[0];
    expect(leg.messages.map((m) => m.retransmission)).toEqual([false, false, false, true, false, false]);
    expect(leg.finalStatus).toBe(200);
    expect(leg.answer).toBe(at(3));
    expect(leg.peer).toBe('teams');
  });

  it('when an answered call never ends in the log, then it is handed on at the end with complete false', () => {
    const b = new CallBuilder(DEFAULT_BUILDER_OPTIONS);
    const msgs = legFlow({
      p: { callId: 'open-1', from: '+49305550101', to: '+49407770101' },
      initiator: 'in',
      remote: CARRIER_IP,
      t: 0,
      final: 200,
      talk: null,
    });
    feed(b, msgs);
    // 20 minutes of other traffic later it is still open: people talk for long
    expect(feed(b, [optionsAt(20 * 60)])).toEqual([]);
    const [call] = b.end();
    expect(call.complete).toBe(false);
    expect(call.answer).toBe(at(2.1));
    expect(call.end).toBeNull();
  });

  it('when an unanswered call goes quiet for longer than quietMs, then it is handed on as it is', () => {
    const b = new CallBuilder({ ...DEFAULT_BUILDER_OPTIONS, quietMs: 60_000 });
    const p = { callId: 'quiet-1', from: '+49305550101', to: '+49407770101' };
    feed(b, [traced(invite(p), { time: at(0), direction: 'in', remote: CARRIER_IP })]);
    expect(feed(b, [optionsAt(59)])).toEqual([]);
    const out = feed(b, [optionsAt(61)]);
    expect(out).toHaveLength(1);
    expect(out[0].complete).toBe(false);
    expect(out[0].legs[0].finalStatus).toBeNull();
  });

  it('when a response comes without its request, then it makes a leg of its own and the initiator is inferred', () => {
    const b = new CallBuilder(DEFAULT_BUILDER_OPTIONS);
    const p = { callId: 'lone-1', from: '+49305550101', to: '+49407770101', toTag: 'z' };
    const r = b.add(traced(response(486, p), { time: at(0), direction: 'out', remote: CARRIER_IP }));
    expect(r.skipped).toBeUndefined();
    const [call] = b.end();
    expect(call.legs[0].initiator).toBe('in');
    expect(call.legs[0].finalStatus).toBe(486);
    expect(call.from).toBe('+49305550101');
    expect(call.to).toBe('+49407770101');
    expect(call.legs[0].ended).toBe(true);
  });

  it('when a message has no Call-ID or is not SIP, then it is a counted skip and nothing else changes', () => {
    const b = new CallBuilder(DEFAULT_BUILDER_OPTIONS);
    const noCallId = invite({ callId: 'x', from: '1', to: '2' }).replace('Call-ID: x\r\n', '');
    const r1 = b.add(traced(noCallId, { time: at(0), direction: 'in', where: 'a.log:10' }));
    expect(r1.skipped).toEqual({ where: 'a.log:10', why: 'SIP INVITE without Call-ID' });
    const r2 = b.add(traced('hello world\r\n', { time: at(1), direction: 'in', where: 'a.log:11' }));
    expect(r2.skipped?.where).toBe('a.log:11');
    expect(r2.skipped?.why).toMatch(/^not a SIP message/);
    const r3 = b.add(
      traced(request('REGISTER', { callId: 'reg-1', from: 'pbx', to: 'pbx' }), { time: at(2), direction: 'in' }),
    );
    expect(r3.skipped?.why).toBe('REGISTER outside a call');
    expect(b.openCalls()).toBe(0);
    expect(b.stats().skipped).toBe(3);
    expect(b.end()).toEqual([]);
  });

  it('when a CDR row and a sequence gap concern an open call, then they are attached to it', () => {
    const b = new CallBuilder(DEFAULT_BUILDER_OPTIONS);
    b.addCdr({ where: 'x:1', device: '198.51.100.10', type: 'CALL_START', sessionKey: 'ab:1:2', sipCallId: 'ab-carrier', fields: {} });
    const msgs = audiocodesInboundCall('ab:1:2', 0).map((m, i) => ({ ...m, order: 100 + i }));
    feed(b, msgs.slice(0, 6));
    b.addGap({ device: '198.51.100.10', from: 106, to: 108, where: 'x:2' });
    b.addGap({ device: 'other-sbc', from: 1, to: 2, where: 'x:3' });
    feed(b, msgs.slice(6));
    b.addCdr({ where: 'x:4', device: '198.51.100.10', type: 'CALL_END', sessionKey: 'ab:1:2', sipCallId: 'ab-carrier', fields: {} });
    b.addCdr({ where: 'x:5', device: '198.51.100.10', type: 'CALL_END', sessionKey: 'zz:9:9', sipCallId: 'nope', fields: {} });
    const [call] = b.end();
    expect(call.cdrs.map((c) => c.type)).toEqual(['CALL_START', 'CALL_END']);
    expect(call.gaps.map((g) => g.where)).toEqual(['x:2']);
    expect(b.stats().orphanCdrs).toBe(1);
  });

  it('when more calls are open than maxOpenCalls, then the least recently active is handed on', () => {
    const b = new CallBuilder({ ...DEFAULT_BUILDER_OPTIONS, maxOpenCalls: 2 });
    const inv = (id: string, t: number): TracedMessage =>
      traced(invite({ callId: id, from: '+4930111', to: `+4940${id}` }), { time: at(t), direction: 'in', remote: CARRIER_IP });
    expect(feed(b, [inv('1', 0), inv('2', 1)])).toEqual([]);
    const out = feed(b, [inv('3', 2)]);
    expect(out.map((c) => c.id)).toEqual(['1']);
    expect(out[0].complete).toBe(false);
    expect(b.openCalls()).toBe(2);
    expect(b.stats().evicted).toBe(1);
  });

  it('when a device falls silent, then sweep(now) hands on its calls by the given log time', () => {
    const b = new CallBuilder(DEFAULT_BUILDER_OPTIONS);
    feed(b, audiocodesInboundCall('sw:1:1', 0));
    expect(b.sweep(at(65))).toEqual([]);
    expect(b.sweep(at(75)).map((c) => c.id)).toEqual(['sw:1:1']);
  });
});

describe('buildCalls', () => {
  it('when the stored items come in any order, then the calls are the same', () => {
    const msgs = [
      ...audiocodesInboundCall('st:1:1', 0),
      ...legFlow({
        p: { callId: 'solo', from: '+4930999', to: '+4940999' },
        initiator: 'in',
        remote: CARRIER_IP,
        t: 1,
        final: 404,
      }),
    ];
    const items: ReaderItem[] = [
      ...msgs.map((message) => ({ type: 'message' as const, message })),
      { type: 'cdr', row: { where: 'c:1', device: '198.51.100.10', type: 'CALL_END', sessionKey: 'st:1:1', sipCallId: 'x', fields: {} } },
      { type: 'cdr', row: { where: 'c:0', device: '198.51.100.10', type: 'CALL_START', sessionKey: 'st:1:1', sipCallId: 'x', fields: {} } },
    ];
    const a = buildCalls(items);
    const reversed = buildCalls([...items].reverse());
    let seed = 7;
    const shuffled = [...items].sort(() => ((seed = (seed * 16807) % 2147483647) % 3) - 1);
    const c = buildCalls(shuffled);
    expect(a.calls.map((x) => x.id).sort()).toEqual(['solo', 'st:1:1']);
    expect(JSON.stringify(reversed.calls)).toBe(JSON.stringify(a.calls));
    expect(JSON.stringify(c.calls)).toBe(JSON.stringify(a.calls));
    const st = a.calls.find((x) => x.id === 'st:1:1');
    expect(st?.cdrs.map((r) => r.type)).toEqual(['CALL_END', 'CALL_START']);
    expect(st?.legs.map((l) => l.peer)).toEqual(['carrier', 'teams']);
  });

  it('when a call was split by the quiet time in streaming, then rebuilding from all its messages gives one call', () => {
    const msgs = legFlow({
      p: { callId: 'long-1', from: '+49305550101', to: '+49407770101' },
      initiator: 'in',
      remote: CARRIER_IP,
      t: 0,
      final: 200,
      talk: 3 * 3600,
    });
    const streaming = new CallBuilder({ ...DEFAULT_BUILDER_OPTIONS, answeredQuietMs: 3600_000 });
    // other traffic 2 h later: the answered call has been quiet for more than answeredQuietMs
    const withPing = [...msgs.slice(0, -2), optionsAt(7200), ...msgs.slice(-2)];
    const parts = [...feed(streaming, withPing), ...streaming.end()];
    expect(parts.map((c) => c.id)).toEqual(['long-1', 'long-1']);
    const { calls } = buildCalls(msgs.map((message) => ({ type: 'message' as const, message })));
    expect(calls).toHaveLength(1);
    expect(calls[0].complete).toBe(true);
    expect(calls[0].end).toBe(at(2.1 + 3 * 3600));
  });

  it('when Teams OPTIONS are among the items, then they feed health and no call', () => {
    const p = { callId: 'o1', from: 'sbc', to: 'ping', toHost: 'sip.pstnhub.microsoft.com', method: 'OPTIONS' };
    const items: ReaderItem[] = [
      { type: 'message', message: traced(request('OPTIONS', p), { time: at(0), direction: 'out', remote: TEAMS_IP }) },
      {
        type: 'message',
        message: traced(response(200, { ...p, userAgent: PSTNHUB_UA }), { time: at(0.1), direction: 'in', remote: TEAMS_IP }),
      },
    ];
    const r = buildCalls(items);
    expect(r.calls).toEqual([]);
    expect(r.health).toHaveLength(1);
    expect(r.health[0].status).toBe('up');
  });
});

describe('dialogs of one Call-ID', () => {
  it('when a B2BUA keeps the Call-ID on both legs, then the two dialogs are told apart and joined as one call', () => {
    const shared = 'same-callid@sbc';
    const inLeg = legFlow({
      p: { callId: shared, from: '+49305550101', to: '+49407770101', fromTag: 'carrier-tag' },
      initiator: 'in',
      remote: CARRIER_IP,
      t: 0,
      final: 200,
      talk: 10,
    });
    const outLeg = legFlow({
      p: { callId: shared, from: '+49305550101', to: '+49407770101', fromTag: 'sbc-tag', toHost: 'sip.pstnhub.microsoft.com' },
      initiator: 'out',
      remote: TEAMS_IP,
      t: 0.02,
      final: 200,
      talk: 10,
    }).map((m) => ({ ...m, raw: m.raw.replaceAll(`tt-${shared}`, 'teams-tag') }));
    const b = new CallBuilder(DEFAULT_BUILDER_OPTIONS);
    feed(b, interleave(inLeg, outLeg));
    const calls = b.end();
    expect(calls).toHaveLength(1);
    expect(calls[0].legs.map((l) => [l.peer, l.initiator, l.messages.length, l.ended])).toEqual([
      ['carrier', 'in', 7, true],
      ['teams', 'out', 7, true],
    ]);
    expect(calls[0].direction).toBe('inbound');
  });

  it('when the log starts mid-call with a re-INVITE refused by 491, then the leg is not failed', () => {
    const p = { callId: 'mid-1', from: '+49305550101', to: '+49407770101', toTag: 'tt' };
    const b = new CallBuilder(DEFAULT_BUILDER_OPTIONS);
    feed(b, [
      traced(invite({ ...p, cseq: 7 }), { time: at(0), direction: 'in', remote: TEAMS_IP }),
      traced(response(491, { ...p, cseq: 7 }), { time: at(0.1), direction: 'out', remote: TEAMS_IP }),
    ]);
    const [call] = b.end();
    expect(call.legs[0].finalStatus).toBeNull();
    expect(call.legs[0].ended).toBe(false);
    expect(call.complete).toBe(false);
  });
});

describe('bad and thin input', () => {
  it('when garbage and a message without Call-ID sit inside a call, then they are skipped and the call is whole', () => {
    const msgs = legFlow({
      p: { callId: 'mix-1', from: '+49305550101', to: '+49407770101' },
      initiator: 'in',
      remote: CARRIER_IP,
      t: 0,
      final: 200,
      talk: 5,
    });
    const junk = [
      traced('\u0000\u0001binary', { time: at(1), direction: 'in' }),
      traced(response(180, { callId: 'gone', from: '1', to: '2' }).replace('Call-ID: gone\r\n', ''), { time: at(1.1), direction: 'out' }),
    ];
    const b = new CallBuilder(DEFAULT_BUILDER_OPTIONS);
    const skipped: string[] = [];
    for (const m of [...msgs.slice(0, 3), ...junk, ...msgs.slice(3)]) {
      const r = b.add(m);
      if (r.skipped) {
        skipped.push(r.skipped.why);
      }
    }
    expect(skipped).toHaveLength(2);
    const [call] = b.end();
    expect(call.legs[0].messages).toHaveLength(msgs.length);
    expect(call.complete).toBe(true);
  });

  it('when the log gives no times, then calls are still built and handed on at the end', () => {
    const msgs = legFlow({
      p: { callId: 'notime-1', from: '+49305550101', to: '+49407770101' },
      initiator: 'in',
      t: 0,
      final: 486,
    }).map((m) => ({ ...m, time: null, direction: null, remote: undefined }));
    const b = new CallBuilder(DEFAULT_BUILDER_OPTIONS);
    expect(feed(b, msgs)).toEqual([]);
    const [call] = b.end();
    expect(call.start).toBeNull();
    expect(call.legs[0].finalStatus).toBe(486);
    expect(call.legs[0].peer).toBe('unknown');
    expect(call.direction).toBe('unknown');
    expect(call.complete).toBe(true);
  });
});
