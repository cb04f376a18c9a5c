/**
 * The no-response call: Teams calls out, the SBC sends the INVITE on to the carrier five times and
 * gets nothing back, then answers Teams 408 itself and Teams ACKs. The carrier leg never gets a
 * final response; it counts as timed out so the call completes after the grace time instead of
 * waiting for the quiet timeout.
 */
import { CallBuilder, DEFAULT_BUILDER_OPTIONS } from '../../src/calls/call-builder';
import type { Call } from '../../src/calls/call';
import type { TracedMessage } from '../../src/formats/record';
import { diagnose } from '../../src/diagnosis/diagnose';
import { at, invite, request, response, traced, type MsgParams } from './support/sip-builders';
import { CARRIER_IP, TEAMS_IP } from './support/flows';

const SID = 'b9027c:1:1095';

function feed(builder: CallBuilder, msgs: TracedMessage[]): Call[] {
  const out: Call[] = [];
  for (const m of msgs) {
    out.push(...builder.add(m).calls);
  }
  return out;
}

function optionsAt(sec: number): TracedMessage {
  const p = { callId: `opt-${sec}`, from: 'sbc', to: 'ping', toHost: 'sip.pstnhub.microsoft.com', method: 'OPTIONS' };
  return traced(request('OPTIONS', p), { time: at(sec), direction: 'out', remote: TEAMS_IP });
}

interface Plan {
  /** the carrier sends 100 Trying (it is alive, only the final answer is missing) */
  carrierTrying?: boolean;
  /** Teams ACKs the SBC's 408 */
  teamsAck?: boolean;
}

/** Teams → SBC INVITE, SBC → carrier INVITE ×5 (Timer A doubling), SBC → Teams 408, Teams ACK. */
function noResponseCall(plan: Plan = {}): TracedMessage[] {
  const teams: MsgParams = {
    callId: `${SID}-teams`,
    from: '+493003726892',
    to: '+494089483697',
    fromHost: 'sip.pstnhub.microsoft.com',
    toHost: 'sbc.example.com',
    branch: 'z9hG4bK-teams-1',
  };
  const carrier: MsgParams = {
    callId: `${SID}-carrier`,
    from: '+493003726892',
    to: '+494089483697',
    fromHost: 'sbc.example.com',
    toHost: 'carrier.example.net',
    branch: 'z9hG4bK-carrier-1',
  };
  const t = { sessionKey: SID, format: 'audiocodes' as const };
  const toTeams = { ...t, remote: TEAMS_IP, iface: 'Teams' };
  const toCarrier = { ...t, remote: CARRIER_IP, iface: 'Carrier' };
  const out: TracedMessage[] = [
    traced(invite(teams), { ...toTeams, time: at(0), direction: 'in' }),
    traced(response(100, teams), { ...toTeams, time: at(0.01), direction: 'out' }),
  ];
  let sent = 0.02;
  for (const wait of [0, 0.5, 1, 2, 4]) {
    sent += wait;
    out.push(traced(invite(carrier), { ...toCarrier, time: at(sent), direction: 'out' }));
    if (plan.carrierTrying && wait === 0) {
      out.push(traced(response(100, carrier), { ...toCarrier, time: at(sent + 0.02), direction: 'in' }));
    }
  }
  const teamsTag = { ...teams, toTag: 'sbc-tag-1' };
  out.push(
    traced(response(408, { ...teamsTag, headers: ['Reason: Q.850;cause=102'] }), {
      ...toTeams,
      time: at(15.5),
      direction: 'out',
    }),
  );
  if (plan.teamsAck ?? true) {
    out.push(traced(request('ACK', teamsTag), { ...toTeams, time: at(15.55), direction: 'in' }));
  }
  return out;
}

describe('no-response: the carrier leg never got anything back', () => {
  it('when the SBC gave up, answered Teams 408 and Teams ACKed, then the call is complete and handed on after the grace time', () => {
    const builder = new CallBuilder(DEFAULT_BUILDER_OPTIONS);
    expect(feed(builder, noResponseCall())).toEqual([]);
    // within the grace time (8 s) after the ACK: still open for late messages
    expect(feed(builder, [optionsAt(20)])).toEqual([]);
    const done = feed(builder, [optionsAt(24)]);
    expect(done).toHaveLength(1);
    const call = done[0];
    expect(call.complete).toBe(true);
    const carrier = call.legs.find((l) => l.callId.endsWith('-carrier'));
    const teams = call.legs.find((l) => l.callId.endsWith('-teams'));
    expect(carrier).toMatchObject({ peer: 'carrier', finalStatus: null, ended: true, end: null });
    expect(carrier?.messages).toHaveLength(5);
    expect(teams).toMatchObject({ peer: 'teams', finalStatus: 408, ended: true, end: at(15.5) });
    // the call ends when the SBC told the caller
    expect(call.end).toBe(at(15.5));
    // the verdict is the same as before: no response from the carrier
    expect(diagnose(call)).toMatchObject({ outcome: 'failed', finalStatus: 408, category: 'no-response', owner: 'carrier' });
  });

  it('when Teams has not ACKed the 408 yet, then the call stays open until the quiet timeout', () => {
    const builder = new CallBuilder(DEFAULT_BUILDER_OPTIONS);
    feed(builder, noResponseCall({ teamsAck: false }));
    expect(feed(builder, [optionsAt(30), optionsAt(300)])).toEqual([]);
    expect(builder.openCalls()).toBe(1);
    const late = feed(builder, [optionsAt(16 + 600)]);
    expect(late).toHaveLength(1);
    expect(late[0].complete).toBe(false);
  });

  it('when the carrier answered 100 Trying, then its leg is not timed out: the call waits for the quiet timeout', () => {
    const builder = new CallBuilder(DEFAULT_BUILDER_OPTIONS);
    feed(builder, noResponseCall({ carrierTrying: true }));
    expect(feed(builder, [optionsAt(30), optionsAt(300)])).toEqual([]);
    const late = feed(builder, [optionsAt(16 + 600)]);
    expect(late).toHaveLength(1);
    expect(late[0].complete).toBe(false);
    expect(late[0].legs.find((l) => l.callId.endsWith('-carrier'))?.ended).toBe(false);
  });

  it('when the carrier answers after all (late 503), then the leg ends by its own response, not as timed out', () => {
    const builder = new CallBuilder(DEFAULT_BUILDER_OPTIONS);
    const msgs = noResponseCall();
    const carrier: MsgParams = {
      callId: `${SID}-carrier`,
      from: '+493003726892',
      to: '+494089483697',
      fromHost: 'sbc.example.com',
      toHost: 'carrier.example.net',
      branch: 'z9hG4bK-carrier-1',
      toTag: 'carrier-tag',
    };
    msgs.push(
      traced(response(503, carrier), { sessionKey: SID, format: 'audiocodes', remote: CARRIER_IP, time: at(16), direction: 'in' }),
    );
    feed(builder, msgs);
    const done = feed(builder, [optionsAt(16 + 9)]);
    expect(done).toHaveLength(1);
    const leg = done[0].legs.find((l) => l.callId.endsWith('-carrier'));
    expect(leg).toMatchObject({ finalStatus: 503, ended: true, end: at(16) });
  });
});
