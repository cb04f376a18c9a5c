import { diagnose } from '../../src/diagnosis/diagnose';
import { buildCall, HOSTS, inboundDialogs, outboundDialogs, sdp } from './support/call-fixtures';
import type { Step } from './support/call-fixtures';
import { answeredInbound, carrierOffer, sbcToCarrierOffer, sbcToTeamsOffer, SID, teamsOffer, UUID } from './support/flows';

/** Normal outcomes that look like failures in a raw log. */
describe('look-alikes that are not failures', () => {
  test('hold and resume: re-INVITEs with sendonly, inactive and c=0.0.0.0, then a normal BYE', () => {
    const a = answeredInbound();
    const hold = a.teams.reinvite({ fromCallee: true, sdp: sdp({ ip: '52.114.14.70', port: 50010, codecs: ['PCMA'], srtp: true, dir: 'sendonly' }) });
    const added: Step[] = [
      { leg: 1, dir: 'in', at: 30_000, text: hold },
      { leg: 1, dir: 'out', at: 30_010, text: a.teams.response(200, 'OK', { toCallee: true, sdp: sdp({ ip: HOSTS.sbcPublic, codecs: ['PCMA'], srtp: true, dir: 'recvonly' }) }) },
      { leg: 1, dir: 'in', at: 30_050, text: a.teams.request('ACK', { fromCallee: true, seq: 1, inDialog: true }) },
      { leg: 0, dir: 'out', at: 30_012, text: a.carrier.reinvite({ fromCallee: true, sdp: sdp({ ip: '0.0.0.0', codecs: ['PCMA'], dir: 'inactive' }) }) },
      { leg: 0, dir: 'in', at: 30_080, text: a.carrier.response(200, 'OK', { toCallee: true, sdp: sdp({ ip: HOSTS.carrier, codecs: ['PCMA'], dir: 'inactive' }) }) },
      { leg: 1, dir: 'in', at: 90_000, text: a.teams.reinvite({ fromCallee: true, sdp: sdp({ ip: '52.114.14.70', port: 50010, codecs: ['PCMA'], srtp: true }) }) },
      { leg: 1, dir: 'out', at: 90_010, text: a.teams.response(200, 'OK', { toCallee: true, sdp: sdp({ ip: HOSTS.sbcPublic, codecs: ['PCMA'], srtp: true }) }) },
      { leg: 1, dir: 'in', at: 200_000, text: a.teams.bye({ fromCallee: true, extra: [`Reason: Q.850;cause=16;text="${UUID};CallEndReasonLocalUserInitiated"`] }) },
      { leg: 0, dir: 'out', at: 200_010, text: a.carrier.bye({ fromCallee: true }) },
    ];
    const steps = [...a.steps, ...added].sort((x, y) => x.at - y.at);
    const v = diagnose(a.build(steps));
    expect(v).toMatchObject({ outcome: 'answered', category: 'completed', owner: 'user' });
    expect(v.summary).toContain('re-INVITE/UPDATE exchanges (hold, resume or refresh)');
  });

  test('a re-INVITE answered 491 (glare) on an established call does not fail it', () => {
    const a = answeredInbound();
    const steps: Step[] = [
      ...a.steps,
      { leg: 1, dir: 'out', at: 20_000, text: a.teams.reinvite({ sdp: sdp({ ip: HOSTS.sbcPublic, codecs: ['PCMA'], srtp: true }) }) },
      { leg: 1, dir: 'in', at: 20_060, text: a.teams.response(491, 'Request Pending') },
      { leg: 1, dir: 'out', at: 20_062, text: a.teams.ack() },
      { leg: 1, dir: 'out', at: 22_100, text: a.teams.reinvite({ sdp: sdp({ ip: HOSTS.sbcPublic, codecs: ['PCMA'], srtp: true }) }) },
      { leg: 1, dir: 'in', at: 22_200, text: a.teams.response(200, 'OK', { sdp: sdp({ ip: '52.114.14.70', codecs: ['PCMA'], srtp: true }) }) },
      { leg: 0, dir: 'in', at: 95_000, text: a.carrier.bye({ extra: ['Reason: Q.850;cause=16'] }) },
      { leg: 0, dir: 'out', at: 95_004, text: a.carrier.response(200, 'OK', { method: 'BYE' }) },
      { leg: 1, dir: 'out', at: 95_010, text: a.teams.bye() },
      { leg: 1, dir: 'in', at: 95_090, text: a.teams.response(200, 'OK', { method: 'BYE' }) },
    ];
    const v = diagnose(a.build(steps));
    expect(v).toMatchObject({ outcome: 'answered', category: 'completed', owner: 'user', finalStatus: 200 });
    expect(v.summary).toContain('the carrier side hung up');
  });

  test('caller-cancelled: the PSTN caller hangs up while the Teams user\'s phone rings', () => {
    const { carrier, teams, legs } = inboundDialogs();
    const steps: Step[] = [
      { leg: 0, dir: 'in', at: 0, text: carrier.invite({ sdp: carrierOffer() }) },
      { leg: 1, dir: 'out', at: 40, text: teams.invite({ sdp: sbcToTeamsOffer() }) },
      { leg: 1, dir: 'in', at: 800, text: teams.response(180, 'Ringing') },
      { leg: 0, dir: 'out', at: 805, text: carrier.response(180, 'Ringing') },
      { leg: 0, dir: 'in', at: 9_300, text: carrier.cancel(['Reason: Q.850;cause=16']) },
      { leg: 0, dir: 'out', at: 9_302, text: carrier.response(200, 'OK', { method: 'CANCEL' }) },
      { leg: 0, dir: 'out', at: 9_303, text: carrier.response(487, 'Request Terminated') },
      { leg: 0, dir: 'in', at: 9_350, text: carrier.ack() },
      { leg: 1, dir: 'out', at: 9_305, text: teams.cancel(['Reason: Q.850;cause=16']) },
      { leg: 1, dir: 'in', at: 9_400, text: teams.response(200, 'OK', { method: 'CANCEL' }) },
      { leg: 1, dir: 'in', at: 9_402, text: teams.response(487, 'Request Terminated') },
      { leg: 1, dir: 'out', at: 9_404, text: teams.ack() },
    ];
    const v = diagnose(buildCall({ sessionKey: SID, legs, steps }));
    expect(v).toMatchObject({ outcome: 'cancelled', category: 'caller-cancelled', owner: 'user', finalStatus: 487 });
    expect(v.summary).toBe('The caller (PSTN side) hung up before the call was answered (CANCEL 9.3 s after the INVITE, while it rang).');
    expect(v.evidence[0]).toMatch(/carrier → SBC CANCEL, Reason Q\.850;cause=16$/);
  });

  test('completed elsewhere: CANCEL with Reason SIP;cause=200 toward Teams', () => {
    const { carrier, teams, legs } = inboundDialogs();
    const elsewhere = 'Reason: SIP;cause=200;text="Call completed elsewhere"';
    const steps: Step[] = [
      { leg: 0, dir: 'in', at: 0, text: carrier.invite({ sdp: carrierOffer() }) },
      { leg: 1, dir: 'out', at: 40, text: teams.invite({ sdp: sbcToTeamsOffer() }) },
      { leg: 1, dir: 'in', at: 800, text: teams.response(180, 'Ringing') },
      { leg: 0, dir: 'in', at: 4_000, text: carrier.cancel([elsewhere]) },
      { leg: 0, dir: 'out', at: 4_003, text: carrier.response(487, 'Request Terminated') },
      { leg: 1, dir: 'out', at: 4_005, text: teams.cancel([elsewhere]) },
      { leg: 1, dir: 'in', at: 4_090, text: teams.response(487, 'Request Terminated') },
    ];
    const v = diagnose(buildCall({ sessionKey: SID, legs, steps }));
    expect(v).toMatchObject({ outcome: 'cancelled', category: 'completed-elsewhere', owner: 'user' });
    // the SIP Reason came from the carrier, not from Microsoft: no Microsoft code is reported
    expect(v.msCode).toBeNull();
  });

  test('a 407 challenge answered with credentials, then a normal busy: busy, not auth-failure', () => {
    const { teams, carrier, legs } = outboundDialogs();
    const steps: Step[] = [
      { leg: 0, dir: 'in', at: 0, text: teams.invite({ sdp: teamsOffer() }) },
      { leg: 1, dir: 'out', at: 30, text: carrier.invite({ sdp: sbcToCarrierOffer() }) },
      { leg: 1, dir: 'in', at: 80, text: carrier.response(407, 'Proxy Authentication Required', { extra: ['Proxy-Authenticate: Digest realm="c", nonce="n1"'] }) },
      { leg: 1, dir: 'out', at: 82, text: carrier.ack() },
      { leg: 1, dir: 'out', at: 90, text: carrier.invite({ sdp: sbcToCarrierOffer(), extra: ['Proxy-Authorization: Digest username="u", realm="c", nonce="n1", response="00"'] }) },
      { leg: 1, dir: 'in', at: 1500, text: carrier.response(486, 'Busy Here', { extra: ['Reason: Q.850;cause=17'] }) },
      { leg: 1, dir: 'out', at: 1502, text: carrier.ack() },
      { leg: 0, dir: 'out', at: 1506, text: teams.response(486, 'Busy Here') },
      { leg: 0, dir: 'in', at: 1560, text: teams.ack() },
    ];
    const v = diagnose(buildCall({ sessionKey: SID, legs, steps }));
    expect(v).toMatchObject({ category: 'busy', owner: 'user' });
  });

  test('a 407 challenge answered with credentials, then answered: completed', () => {
    const { teams, carrier, legs } = outboundDialogs();
    const steps: Step[] = [
      { leg: 0, dir: 'in', at: 0, text: teams.invite({ sdp: teamsOffer() }) },
      { leg: 1, dir: 'out', at: 30, text: carrier.invite({ sdp: sbcToCarrierOffer() }) },
      { leg: 1, dir: 'in', at: 80, text: carrier.response(407, 'Proxy Authentication Required') },
      { leg: 1, dir: 'out', at: 82, text: carrier.ack() },
      { leg: 1, dir: 'out', at: 90, text: carrier.invite({ sdp: sbcToCarrierOffer(), extra: ['Proxy-Authorization: Digest username="u"'] }) },
      { leg: 1, dir: 'in', at: 4000, text: carrier.response(200, 'OK', { sdp: sdp({ ip: HOSTS.carrier, codecs: ['PCMA'] }) }) },
      { leg: 1, dir: 'out', at: 4002, text: carrier.ack() },
      { leg: 0, dir: 'out', at: 4006, text: teams.response(200, 'OK', { sdp: sdp({ ip: HOSTS.sbcPublic, codecs: ['PCMA'], srtp: true }) }) },
      { leg: 0, dir: 'in', at: 4100, text: teams.ack() },
      { leg: 0, dir: 'in', at: 64_100, text: teams.bye() },
      { leg: 1, dir: 'out', at: 64_110, text: carrier.bye() },
    ];
    const v = diagnose(buildCall({ sessionKey: SID, legs, steps }));
    expect(v).toMatchObject({ outcome: 'answered', category: 'completed', owner: 'user', finalStatus: 200 });
  });

  test('a forked call: one fork 486, another answers 200 → answered', () => {
    const { teams, carrier, legs } = outboundDialogs();
    const steps: Step[] = [
      { leg: 0, dir: 'in', at: 0, text: teams.invite({ sdp: teamsOffer() }) },
      { leg: 1, dir: 'out', at: 30, text: carrier.invite({ sdp: sbcToCarrierOffer() }) },
      { leg: 1, dir: 'in', at: 900, text: carrier.response(486, 'Busy Here') },
      { leg: 1, dir: 'in', at: 2900, text: carrier.response(200, 'OK', { sdp: sdp({ ip: HOSTS.carrier, codecs: ['PCMA'] }) }) },
      { leg: 1, dir: 'out', at: 2902, text: carrier.ack() },
      { leg: 0, dir: 'out', at: 2906, text: teams.response(200, 'OK', { sdp: sdp({ ip: HOSTS.sbcPublic, codecs: ['PCMA'], srtp: true }) }) },
      { leg: 0, dir: 'in', at: 2990, text: teams.ack() },
    ];
    const v = diagnose(buildCall({ sessionKey: SID, legs, steps, complete: false }));
    expect(v.outcome).toBe('answered');
  });

  test('Local Media Optimization: the SBC\'s internal address toward Teams for an internal user is not NAT trouble', () => {
    const { teams, carrier, legs } = outboundDialogs();
    const steps: Step[] = [
      { leg: 0, dir: 'in', at: 0, text: teams.invite({ sdp: teamsOffer(), extra: ['X-MS-UserLocation: internal'] }) },
      { leg: 1, dir: 'out', at: 30, text: carrier.invite({ sdp: sbcToCarrierOffer() }) },
      { leg: 1, dir: 'in', at: 4000, text: carrier.response(200, 'OK', { sdp: sdp({ ip: HOSTS.carrier, codecs: ['PCMA'] }) }) },
      { leg: 1, dir: 'out', at: 4002, text: carrier.ack() },
      { leg: 0, dir: 'out', at: 4006, text: teams.response(200, 'OK', { sdp: sdp({ ip: HOSTS.sbcPrivate, codecs: ['PCMA'], srtp: true }) }) },
      { leg: 0, dir: 'in', at: 4100, text: teams.ack() },
      { leg: 0, dir: 'in', at: 30_000, text: teams.bye() },
      { leg: 1, dir: 'out', at: 30_010, text: carrier.bye() },
    ];
    expect(diagnose(buildCall({ sessionKey: SID, legs, steps }))).toMatchObject({ category: 'completed', owner: 'user' });
  });

  test('a CANCEL that crosses the SBC\'s failure answer: the failure decides', () => {
    const { teams, carrier, legs } = outboundDialogs();
    const steps: Step[] = [
      { leg: 0, dir: 'in', at: 0, text: teams.invite({ sdp: teamsOffer() }) },
      { leg: 1, dir: 'out', at: 30, text: carrier.invite({ sdp: sbcToCarrierOffer() }) },
      { leg: 1, dir: 'in', at: 2000, text: carrier.response(486, 'Busy Here') },
      { leg: 0, dir: 'out', at: 2004, text: teams.response(486, 'Busy Here') },
      { leg: 0, dir: 'in', at: 2010, text: teams.cancel() },
      { leg: 0, dir: 'in', at: 2060, text: teams.ack() },
    ];
    expect(diagnose(buildCall({ sessionKey: SID, legs, steps }))).toMatchObject({ outcome: 'failed', category: 'busy' });
  });

  test('a re-INVITE refused with 488 while the call goes on for minutes is not a failure', () => {
    const a = answeredInbound();
    const steps: Step[] = [
      ...a.steps,
      { leg: 1, dir: 'out', at: 40_000, text: a.teams.reinvite({ sdp: sdp({ ip: HOSTS.sbcPublic, codecs: ['G729'], srtp: true }) }) },
      { leg: 1, dir: 'in', at: 40_090, text: a.teams.response(488, 'Not Acceptable Here') },
      { leg: 1, dir: 'out', at: 40_092, text: a.teams.ack() },
      { leg: 1, dir: 'in', at: 240_000, text: a.teams.bye({ fromCallee: true }) },
      { leg: 0, dir: 'out', at: 240_010, text: a.carrier.bye({ fromCallee: true }) },
    ];
    expect(diagnose(a.build(steps))).toMatchObject({ outcome: 'answered', category: 'completed', owner: 'user' });
  });
});

