import { diagnose } from '../../src/diagnosis/diagnose';
import { buildCall, cdrEndRow, HOSTS, inboundDialogs, outboundDialogs, sdp, SipDialog } from './support/call-fixtures';
import type { Step } from './support/call-fixtures';
import { answeredInbound, SID, UUID, teamsOffer } from './support/flows';

/** An outbound call (Teams → SBC → carrier) answered by the carrier and ended by it 6 s later; `offer`: the SBC's SDP to the carrier. */
function droppedOutbound(teams: SipDialog, carrier: SipDialog, offer: string): Step[] {
  return [
    { leg: 0, dir: 'in', at: 0, text: teams.invite({ sdp: teamsOffer() }) },
    { leg: 1, dir: 'out', at: 30, text: carrier.invite({ sdp: offer }) },
    { leg: 1, dir: 'in', at: 5000, text: carrier.response(200, 'OK', { sdp: sdp({ ip: HOSTS.carrier, codecs: ['PCMA'] }) }) },
    { leg: 1, dir: 'out', at: 5002, text: carrier.ack() },
    { leg: 0, dir: 'out', at: 5006, text: teams.response(200, 'OK', { sdp: sdp({ ip: HOSTS.sbcPublic, codecs: ['PCMA'], srtp: true }) }) },
    { leg: 0, dir: 'in', at: 5100, text: teams.ack() },
    { leg: 1, dir: 'in', at: 11_000, text: carrier.bye({ fromCallee: true, extra: ['Reason: Q.850;cause=16'] }) },
    { leg: 0, dir: 'out', at: 11_010, text: teams.bye({ fromCallee: true }) },
  ];
}

describe('answered calls', () => {
  test('completed: Teams user hangs up after 2 min 13 s (BYE Q.850 16)', () => {
    const a = answeredInbound();
    const steps: Step[] = [
      ...a.steps,
      { leg: 1, dir: 'in', at: 137_200, text: a.teams.bye({ fromCallee: true, extra: [`Reason: Q.850;cause=16;text="${UUID};CallEndReasonLocalUserInitiated"`] }) },
      { leg: 1, dir: 'out', at: 137_204, text: a.teams.response(200, 'OK', { method: 'BYE', toCallee: true }) },
      { leg: 0, dir: 'out', at: 137_210, text: a.carrier.bye({ fromCallee: true, extra: ['Reason: Q.850;cause=16'] }) },
      { leg: 0, dir: 'in', at: 137_260, text: a.carrier.response(200, 'OK', { method: 'BYE', toCallee: true }) },
    ];
    const v = diagnose(a.build(steps));
    expect(v).toMatchObject({ outcome: 'answered', category: 'completed', owner: 'user', finalStatus: 200 });
    expect(v.summary).toBe('The call was answered and ended normally after 2 min 13 s; the Teams side hung up (BYE, Q.850 cause 16).');
    expect(v.evidence[0]).toMatch(/^09:02:18\.912 Teams → SBC BYE, Reason Q\.850;cause=16 "CallEndReasonLocalUserInitiated"$/);
  });

  test('the end is missing: answered, category in-progress, says so', () => {
    const a = answeredInbound();
    const v = diagnose(a.build(a.steps, false));
    expect(v).toMatchObject({ outcome: 'answered', category: 'in-progress', owner: 'unknown' });
    expect(v.summary).toContain('its end is not in this log');
  });

  test('ack-timeout: the SBC\'s 200 OK to Teams retransmitted, no ACK, then BYE → network', () => {
    const { teams, carrier, legs } = outboundDialogs();
    const ok = teams.response(200, 'OK', { sdp: sdp({ ip: HOSTS.sbcPublic, codecs: ['PCMU'], srtp: true }) });
    const steps: Step[] = [
      { leg: 0, dir: 'in', at: 0, text: teams.invite({ sdp: teamsOffer() }) },
      { leg: 1, dir: 'out', at: 30, text: carrier.invite({ sdp: sdp({ ip: HOSTS.sbcPublic, codecs: ['PCMU', 'PCMA'] }) }) },
      { leg: 1, dir: 'in', at: 3000, text: carrier.response(200, 'OK', { sdp: sdp({ ip: HOSTS.carrier, codecs: ['PCMU'] }) }) },
      { leg: 1, dir: 'out', at: 3002, text: carrier.ack() },
      ...[3006, 3506, 4506, 6506, 10506, 14506, 18506].map((at) => ({ leg: 0, dir: 'out' as const, at, text: ok })),
      { leg: 0, dir: 'out', at: 35_006, text: teams.bye({ fromCallee: true, extra: ['Reason: SIP;cause=408;text="ACK timeout"'] }) },
      { leg: 1, dir: 'out', at: 35_010, text: carrier.bye() },
      { leg: 1, dir: 'in', at: 35_060, text: carrier.response(200, 'OK', { method: 'BYE' }) },
    ];
    const v = diagnose(buildCall({ sessionKey: SID, legs, steps }));
    expect(v).toMatchObject({ outcome: 'answered', category: 'ack-timeout', owner: 'network' });
    expect(v.summary).toContain('no ACK for its 200 OK ever arrived (sent 7 times)');
    expect(v.evidence[0]).toContain('7 copies, no ACK');
  });

  test('ack-timeout: Teams\' 200 OK retransmitted and the SBC never ACKs → sbc', () => {
    const a = answeredInbound();
    const ok = a.steps[6].text;
    const steps: Step[] = [
      ...a.steps.filter((_s, i) => i !== 7), // no ACK toward Teams
      { leg: 1, dir: 'in', at: 4700, text: ok },
      { leg: 1, dir: 'in', at: 5700, text: ok },
      { leg: 1, dir: 'in', at: 7700, text: ok },
      { leg: 1, dir: 'in', at: 36_200, text: a.teams.bye({ fromCallee: true, extra: [`Reason: Q.850;cause=102;text="${UUID};ACK not received for call acceptance in allotted time"`] }) },
    ];
    steps.sort((x, y) => x.at - y.at);
    const v = diagnose(a.build(steps));
    expect(v).toMatchObject({ category: 'ack-timeout', owner: 'sbc' });
    expect(v.summary).toContain('the SBC never acknowledged its 200 OK');
  });

  test('media-failure: Teams ends the call 12 s after the answer with ICE checks failed (531004)', () => {
    const a = answeredInbound();
    const steps: Step[] = [
      ...a.steps,
      { leg: 1, dir: 'in', at: 16_300, text: a.teams.bye({ fromCallee: true, extra: [`Reason: Q.850;cause=41;text="${UUID};IceConnectivityChecksFailed"`] }) },
      { leg: 1, dir: 'out', at: 16_304, text: a.teams.response(200, 'OK', { method: 'BYE', toCallee: true }) },
      { leg: 0, dir: 'out', at: 16_310, text: a.carrier.bye({ fromCallee: true }) },
    ];
    const v = diagnose(a.build(steps));
    expect(v).toMatchObject({ outcome: 'answered', category: 'media-failure', owner: 'network', msCode: '531004' });
    expect(v.summary).toContain('12.1 s after the answer');
  });

  test('media-failure from the CDR: RTP_BROKEN_CONNECTION, BYE without a reason', () => {
    const a = answeredInbound();
    const steps: Step[] = [...a.steps, { leg: 0, dir: 'out', at: 40_000, text: a.carrier.bye({ fromCallee: true }) }, { leg: 1, dir: 'out', at: 40_001, text: a.teams.bye() }];
    const call = a.build(steps);
    call.cdrs.push(cdrEndRow({ TrmSd: 'LCL', TrmReason: 'RTP_BROKEN_CONNECTION', TrmReasonCategory: 'UNKNOWN', SIPTrmReason: 'BYE', ConnectTime: '09:00:05.912  UTC Mon Nov 23 2026' }));
    const v = diagnose(call);
    expect(v).toMatchObject({ category: 'media-failure', owner: 'network' });
    expect(v.evidence.some((e) => e.includes('TrmReason RTP_BROKEN_CONNECTION'))).toBe(true);
    // the same call with a normal-clearing CDR is completed
    call.cdrs[0] = cdrEndRow({ TrmSd: 'RMT', TrmReason: 'GWAPP_NORMAL_CALL_CLEAR', TrmReasonCategory: 'NORMAL_CALL_CLEAR', SIPTrmReason: 'BYE' });
    expect(diagnose(call)).toMatchObject({ category: 'completed', owner: 'user' });
  });

  test('nat-private-address: the SBC puts its private address in the SDP to the public carrier → sbc', () => {
    const { teams, carrier, legs } = outboundDialogs();
    const steps = droppedOutbound(teams, carrier, sdp({ ip: HOSTS.sbcPrivate, codecs: ['PCMA', 'PCMU'] }));
    const v = diagnose(buildCall({ sessionKey: SID, legs, steps }));
    expect(v).toMatchObject({ outcome: 'answered', category: 'nat-private-address', owner: 'sbc' });
    expect(v.summary).toContain('c=10.20.0.10');
    expect(v.evidence[0]).toMatch(/SBC → carrier INVITE to \+49305550199 \(SDP c=10\.20\.0\.10\)/);
  });

  test.each([
    ['172.20.0.9', 'Contact 172.20.0.9'],
    ['010.20.0.9', 'Contact 010.20.0.9'],
    ['[fd12:3456::9]', 'Contact fd12:3456::9'],
  ])('nat-private-address: the SBC\'s Contact %s to the public carrier (SDP public, every other address public) → sbc', (contact, where) => {
    const { teams, legs } = outboundDialogs();
    const carrier = new SipDialog({
      callId: 'ab12cd34@198.51.100.10',
      caller: '+49407770101',
      callee: '+49305550199',
      callerHost: HOSTS.sbcPublic,
      callerContact: contact,
      calleeHost: HOSTS.carrier,
      fromTag: 'sbc777',
      toTag: 'car888',
    });
    const steps = droppedOutbound(teams, carrier, sdp({ ip: HOSTS.sbcPublic, codecs: ['PCMA'] }));
    const v = diagnose(buildCall({ sessionKey: SID, legs, steps }));
    expect(v).toMatchObject({ outcome: 'answered', category: 'nat-private-address', owner: 'sbc' });
    expect(v.summary).toContain(where);
  });

  test('nat-private-address: the carrier answers from a public address with a private c= → network', () => {
    const { teams, carrier, legs } = outboundDialogs();
    const steps: Step[] = [
      { leg: 0, dir: 'in', at: 0, text: teams.invite({ sdp: teamsOffer() }) },
      { leg: 1, dir: 'out', at: 30, text: carrier.invite({ sdp: sdp({ ip: HOSTS.sbcPublic, codecs: ['PCMA'] }) }) },
      { leg: 1, dir: 'in', at: 5000, text: carrier.response(200, 'OK', { sdp: sdp({ ip: '192.168.1.20', codecs: ['PCMA'] }) }) },
      { leg: 1, dir: 'out', at: 5002, text: carrier.ack() },
      { leg: 0, dir: 'out', at: 5006, text: teams.response(200, 'OK', { sdp: sdp({ ip: HOSTS.sbcPublic, codecs: ['PCMA'], srtp: true }) }) },
      { leg: 0, dir: 'in', at: 5100, text: teams.ack() },
      { leg: 0, dir: 'in', at: 25_000, text: teams.bye({ extra: [`Reason: Q.850;cause=16;text="${UUID};CallEndReasonLocalUserInitiated"`] }) },
    ];
    const v = diagnose(buildCall({ sessionKey: SID, legs, steps }));
    expect(v).toMatchObject({ category: 'nat-private-address', owner: 'network' });
  });

  test('a long call with a private address that worked (latching) is just completed', () => {
    const { teams, carrier, legs } = outboundDialogs();
    const steps: Step[] = [
      { leg: 0, dir: 'in', at: 0, text: teams.invite({ sdp: teamsOffer() }) },
      { leg: 1, dir: 'out', at: 30, text: carrier.invite({ sdp: sdp({ ip: HOSTS.sbcPublic, codecs: ['PCMA'] }) }) },
      { leg: 1, dir: 'in', at: 5000, text: carrier.response(200, 'OK', { sdp: sdp({ ip: '192.168.1.20', codecs: ['PCMA'] }) }) },
      { leg: 1, dir: 'out', at: 5002, text: carrier.ack() },
      { leg: 0, dir: 'out', at: 5006, text: teams.response(200, 'OK', { sdp: sdp({ ip: HOSTS.sbcPublic, codecs: ['PCMA'], srtp: true }) }) },
      { leg: 0, dir: 'in', at: 5100, text: teams.ack() },
      { leg: 0, dir: 'in', at: 605_000, text: teams.bye() },
    ];
    expect(diagnose(buildCall({ sessionKey: SID, legs, steps }))).toMatchObject({ category: 'completed', owner: 'user' });
  });

  test('session refresh unanswered, then BYE: no-response from the side that stayed silent', () => {
    const a = answeredInbound();
    const refresh = a.carrier.reinvite({ fromCallee: true, sdp: sdp({ ip: HOSTS.sbcPublic, port: 6002, codecs: ['PCMA'] }) });
    const steps: Step[] = [
      ...a.steps,
      { leg: 0, dir: 'out', at: 904_000, text: refresh },
      { leg: 0, dir: 'out', at: 904_500, text: refresh },
      { leg: 0, dir: 'out', at: 905_500, text: refresh },
      { leg: 0, dir: 'out', at: 936_000, text: a.carrier.bye({ fromCallee: true, extra: ['Reason: SIP;cause=408;text="Session refresh timeout"'] }) },
      { leg: 1, dir: 'out', at: 936_010, text: a.teams.bye() },
    ];
    const v = diagnose(a.build(steps));
    expect(v).toMatchObject({ outcome: 'answered', category: 'no-response', owner: 'carrier' });
    expect(v.summary).toContain('session refresh');
  });

  test('session timer expired without any refresh: the refresher (uac = the SBC on the Teams leg) owns it', () => {
    const a = answeredInbound();
    const steps: Step[] = [
      ...a.steps,
      { leg: 1, dir: 'in', at: 1_804_200, text: a.teams.bye({ fromCallee: true, extra: [`Reason: Q.850;cause=16;text="${UUID};Session timer expired"`] }) },
      { leg: 0, dir: 'out', at: 1_804_210, text: a.carrier.bye({ fromCallee: true }) },
    ];
    const v = diagnose(a.build(steps));
    expect(v).toMatchObject({ category: 'no-response', owner: 'sbc' });
    expect(v.summary).toContain('Session-Expires 1800 s, refresher=uac');
  });

  test('codec-mismatch after the answer: Teams answers SILK to a G.711-only offer, then the call drops', () => {
    const { carrier, teams, legs } = inboundDialogs();
    const steps: Step[] = [
      { leg: 0, dir: 'in', at: 0, text: carrier.invite({ sdp: sdp({ ip: HOSTS.carrier, codecs: ['PCMA', 'PCMU'] }) }) },
      { leg: 1, dir: 'out', at: 40, text: teams.invite({ sdp: sdp({ ip: HOSTS.sbcPublic, codecs: ['PCMA', 'PCMU'], srtp: true }) }) },
      { leg: 1, dir: 'in', at: 3000, text: teams.response(200, 'OK', { sdp: sdp({ ip: '52.114.14.70', codecs: ['SILK'], srtp: true }) }) },
      { leg: 1, dir: 'out', at: 3003, text: teams.ack() },
      { leg: 0, dir: 'out', at: 3006, text: carrier.response(200, 'OK', { sdp: sdp({ ip: HOSTS.sbcPublic, codecs: ['PCMA'] }) }) },
      { leg: 0, dir: 'in', at: 3050, text: carrier.ack() },
      { leg: 1, dir: 'out', at: 3100, text: teams.bye() },
      { leg: 0, dir: 'out', at: 3101, text: carrier.bye({ fromCallee: true }) },
    ];
    const v = diagnose(buildCall({ sessionKey: SID, legs, steps }));
    expect(v).toMatchObject({ outcome: 'answered', category: 'codec-mismatch', owner: 'teams' });
    expect(v.summary).toContain('(SILK) that were not in the offer (PCMA,PCMU)');
  });

  test('a BYE with a failure cause after the answer is not called completed: unknown, and says so', () => {
    const a = answeredInbound();
    const steps: Step[] = [
      ...a.steps,
      { leg: 0, dir: 'in', at: 9_000, text: a.carrier.bye({ extra: ['Reason: Q.850;cause=38'] }) },
      { leg: 1, dir: 'out', at: 9_010, text: a.teams.bye() },
    ];
    const v = diagnose(a.build(steps));
    expect(v).toMatchObject({ outcome: 'answered', category: 'unknown', owner: 'unknown' });
    expect(v.summary).toContain('abnormal reason (Q.850 cause 38 Network out of order)');
  });

  test('a hold re-INVITE with c=0.0.0.0 refused by Teams (488, 531052) and the call ends at once: codec-mismatch, sbc', () => {
    const a = answeredInbound();
    const steps: Step[] = [
      ...a.steps,
      { leg: 1, dir: 'out', at: 40_000, text: a.teams.reinvite({ sdp: sdp({ ip: '0.0.0.0', codecs: ['PCMA'], srtp: true, dir: 'sendonly' }) }) },
      { leg: 1, dir: 'in', at: 40_090, text: a.teams.response(488, 'Not Acceptable Here', { extra: [`Reason: Q.850;cause=65;text="${UUID};Cannot negotiate a new modality with blackhole media"`, 'Ms-Diagnostics: 531052'] }) },
      { leg: 1, dir: 'out', at: 40_092, text: a.teams.ack() },
      { leg: 1, dir: 'in', at: 41_000, text: a.teams.bye({ fromCallee: true }) },
      { leg: 0, dir: 'out', at: 41_010, text: a.carrier.bye({ fromCallee: true }) },
    ];
    const v = diagnose(a.build(steps));
    expect(v).toMatchObject({ outcome: 'answered', category: 'codec-mismatch', owner: 'sbc', msCode: '531052' });
    expect(v.summary).toContain("The SBC's re-INVITE on the established call (SDP: PCMA, c=0.0.0.0) was refused with 488 Not Acceptable Here");
  });

  describe("what Teams expects of the SBC's answer (outbound call, Teams offers)", () => {
    function outboundAnswered(teamsSdp: string, sbcAnswer: string, byeAt: number): ReturnType<typeof diagnose> {
      const { teams, carrier, legs } = outboundDialogs();
      const steps: Step[] = [
        { leg: 0, dir: 'in', at: 0, text: teams.invite({ sdp: teamsSdp }) },
        { leg: 1, dir: 'out', at: 30, text: carrier.invite({ sdp: sdp({ ip: HOSTS.sbcPublic, codecs: ['PCMA'] }) }) },
        { leg: 1, dir: 'in', at: 4000, text: carrier.response(200, 'OK', { sdp: sdp({ ip: HOSTS.carrier, codecs: ['PCMA'] }) }) },
        { leg: 1, dir: 'out', at: 4002, text: carrier.ack() },
        { leg: 0, dir: 'out', at: 4006, text: teams.response(200, 'OK', { sdp: sbcAnswer }) },
        { leg: 0, dir: 'in', at: 4100, text: teams.ack() },
        { leg: 0, dir: 'in', at: byeAt, text: teams.bye() },
        { leg: 1, dir: 'out', at: byeAt + 10, text: carrier.bye() },
      ];
      return diagnose(buildCall({ sessionKey: SID, legs, steps }));
    }
    const bypassOffer = sdp({ ip: '192.0.2.44', port: 50012, codecs: ['SILK', 'PCMA'], srtp: true, ice: 'full' });

    test('Teams offered SRTP, the SBC answered plain RTP, the call dropped: media-failure, sbc', () => {
      const v = outboundAnswered(sdp({ ip: '52.114.14.70', codecs: ['PCMA'], srtp: true }), sdp({ ip: HOSTS.sbcPublic, codecs: ['PCMA'] }), 12_000);
      expect(v).toMatchObject({ outcome: 'answered', category: 'media-failure', owner: 'sbc' });
      expect(v.summary).toContain('answered plain RTP');
    });

    test('media bypass: Teams offered ICE, the SBC answered without ICE-Lite: media-failure, sbc', () => {
      const v = outboundAnswered(bypassOffer, sdp({ ip: HOSTS.sbcPublic, codecs: ['PCMA'], srtp: true }), 15_000);
      expect(v).toMatchObject({ category: 'media-failure', owner: 'sbc' });
      expect(v.nextCheck).toContain('ICE-Lite');
    });

    test('the same with an ICE-Lite answer is a normal call', () => {
      const v = outboundAnswered(bypassOffer, sdp({ ip: HOSTS.sbcPublic, codecs: ['PCMA'], srtp: true, ice: 'lite' }), 15_000);
      expect(v).toMatchObject({ category: 'completed', owner: 'user' });
    });

    test('plain RTP answered but the call lasted: not blamed (media evidently flowed)', () => {
      const v = outboundAnswered(sdp({ ip: '52.114.14.70', codecs: ['PCMA'], srtp: true }), sdp({ ip: HOSTS.sbcPublic, codecs: ['PCMA'] }), 300_000);
      expect(v).toMatchObject({ category: 'completed' });
    });
  });
});

