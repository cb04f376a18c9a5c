/**
 * Verdicts that need evidence from outside the call's SIP (TLS failures in the SBC's log) or that a
 * plain SIP dump (no times, no directions) must still reach: a private SDP address followed by a
 * media drop, and naming the side that refused an offer.
 */
import type { Call } from '../../src/calls/call';
import { diagnose, type TransportError } from '../../src/diagnosis/diagnose';
import { buildCall, HOSTS, inboundDialogs, outboundDialogs, sdp } from './support/call-fixtures';
import type { Step } from './support/call-fixtures';
import { answeredInbound, carrierOffer, SID, UUID } from './support/flows';
import { refusedInbound } from './support/transport-calls';

/** The call as a plain SIP dump shows it: no times, no directions, no addresses. */
function asPlainDump(call: Call): Call {
  return {
    ...call,
    sessionKey: undefined,
    format: 'sip',
    start: null,
    answer: null,
    end: null,
    legs: call.legs.map((l) => ({
      ...l,
      remote: undefined,
      initiator: null,
      start: null,
      answer: null,
      end: null,
      messages: l.messages.map((m) => ({ ...m, time: null, direction: null, remote: undefined })),
    })),
  };
}

/** carrier → SBC INVITE; the SBC answers `status` by itself, never sending the call on. */
const refusedBySbc = (status: number, phrase: string, sessionKey: string | null = SID): Call => refusedInbound(status, phrase, sessionKey);

function tlsError(call: Call, o: Partial<TransportError> & { text: string }): TransportError {
  return { time: (call.start ?? 0) + 40, remote: '52.114.75.24:5061', where: 'sbc.log:5', sessionKey: SID, ...o };
}

describe('TLS failures from the SBC log', () => {
  const expired = 'TLS handshake with 52.114.75.24:5061 failed: certificate verify failed (certificate has expired)';

  test('the SBC answers the carrier 503 by itself and its records show an expired certificate → tls-failure, sbc', () => {
    const call = refusedBySbc(503, 'Service Unavailable');
    const v = diagnose(call, { transportErrors: [tlsError(call, { text: expired })] });
    expect(v).toMatchObject({ outcome: 'failed', category: 'tls-failure', owner: 'sbc', finalStatus: 503 });
    expect(v.summary).toContain('could not set up TLS to 52.114.75.24:5061');
    expect(v.evidence[0]).toBe(`09:00:01.752 SBC log: ${expired} (sbc.log:5)`);
    expect(v.nextCheck).toMatch(/certificate/);
    // without the log event the same call is the SBC's own 503
    expect(diagnose(call)).toMatchObject({ category: 'trunk-unavailable', owner: 'sbc' });
  });

  test.each([
    ['TLS handshake with 52.114.75.24:5061 failed'],
    ['TCP connection to 52.114.75.24:5061 failed (Connection refused)'],
    ['Connection to 52.114.75.24:5061 reset by peer'],
  ])('a failure the log does not attribute ("%s") → network, with a check of the path to Teams', (t) => {
    const call = refusedBySbc(503, 'Service Unavailable');
    const v = diagnose(call, { transportErrors: [tlsError(call, { text: t })] });
    expect(v).toMatchObject({ category: 'tls-failure', owner: 'network' });
    expect(v.nextCheck).toContain('5061');
  });

  test.each([
    ['unknown CA', 'SSL_connect error: tlsv1 alert unknown ca'],
    ['no common cipher', 'TLS handshake failed: no shared cipher'],
    ['untrusted root', 'TLS: peer certificate untrusted'],
  ])('%s → sbc', (_name, t) => {
    const call = refusedBySbc(503, 'Service Unavailable');
    expect(diagnose(call, { transportErrors: [tlsError(call, { text: t })] })).toMatchObject({ category: 'tls-failure', owner: 'sbc' });
  });

  test('a refusal that is the SBC\'s own decision (403) stays forbidden even with TLS errors around', () => {
    const call = refusedBySbc(403, 'Forbidden');
    expect(diagnose(call, { transportErrors: [tlsError(call, { text: expired })] }).category).toBe('forbidden');
  });

  test('an error carried in another call\'s records does not explain this one', () => {
    const call = refusedBySbc(503, 'Service Unavailable');
    const v = diagnose(call, { transportErrors: [tlsError(call, { text: expired, sessionKey: 'b9027c:24:999' })] });
    expect(v.category).toBe('trunk-unavailable');
  });

  test('an error outside any call\'s records counts only close in time to the INVITE', () => {
    const call = refusedBySbc(503, 'Service Unavailable');
    const near = tlsError(call, { text: expired, sessionKey: undefined, time: (call.start ?? 0) + 5_000 });
    const far = tlsError(call, { text: expired, sessionKey: undefined, time: (call.start ?? 0) - 120_000 });
    expect(diagnose(call, { transportErrors: [near] }).category).toBe('tls-failure');
    expect(diagnose(call, { transportErrors: [far] }).category).toBe('trunk-unavailable');
  });

  test('without a session key nothing proves the SBC answered by itself: the error does not decide', () => {
    const call = refusedBySbc(503, 'Service Unavailable', null);
    const v = diagnose(call, { transportErrors: [tlsError(call, { text: expired, sessionKey: undefined })] });
    expect(v.category).not.toBe('tls-failure');
  });

  test('an answered call is never a TLS failure', () => {
    const { steps, teams, build } = answeredInbound();
    const call = build([...steps, { leg: 1, dir: 'in', at: 60_000, text: teams.bye({ fromCallee: true }) }]);
    expect(diagnose(call, { transportErrors: [tlsError(call, { text: expired })] }).category).toBe('completed');
  });
});

describe('a private address and a media drop in a dump without times', () => {
  function natCall(byeReason: string, teamsAnswerIp = '52.114.14.70', sbcIp = HOSTS.sbcPrivate, byeAt = 16_000): Call {
    const { carrier, teams, legs } = inboundDialogs();
    const steps: Step[] = [
      { leg: 0, dir: 'in', at: 0, text: carrier.invite({ sdp: carrierOffer() }) },
      { leg: 1, dir: 'out', at: 40, text: teams.invite({ sdp: sdp({ ip: sbcIp, codecs: ['PCMA'], srtp: true }) }) },
      { leg: 1, dir: 'in', at: 4200, text: teams.response(200, 'OK', { sdp: sdp({ ip: teamsAnswerIp, codecs: ['PCMA'], srtp: true }) }) },
      { leg: 1, dir: 'out', at: 4203, text: teams.ack() },
      { leg: 0, dir: 'out', at: 4206, text: carrier.response(200, 'OK', { sdp: sdp({ ip: HOSTS.sbcPublic, codecs: ['PCMA'] }) }) },
      { leg: 0, dir: 'in', at: 4250, text: carrier.ack() },
      { leg: 1, dir: 'in', at: byeAt, text: teams.bye({ fromCallee: true, extra: [byeReason] }) },
    ];
    return buildCall({ sessionKey: SID, legs, steps });
  }
  const ice = `Reason: Q.850;cause=41;text="${UUID};IceConnectivityChecksFailed"`;

  test('the SBC\'s INVITE to Teams has c=10.20.0.10, Teams ends the call for ICE failure → nat-private-address, sbc', () => {
    const v = diagnose(asPlainDump(natCall(ice)));
    expect(v).toMatchObject({ outcome: 'answered', category: 'nat-private-address', owner: 'sbc' });
    expect(v.evidence[0]).toMatch(/SBC → Teams INVITE .*\(SDP c=10\.20\.0\.10\)/);
    expect(v.evidence[1]).toMatch(/Teams → SBC BYE.*IceConnectivityChecksFailed.*media reason/);
  });

  test('the same dump with a normal BYE is not a NAT problem (no early drop to be seen)', () => {
    const v = diagnose(asPlainDump(natCall(`Reason: Q.850;cause=16;text="${UUID};CallEndReasonLocalUserInitiated"`)));
    expect(v.category).toBe('completed');
  });

  test('with times, a media BYE ten minutes in is not blamed on the private address', () => {
    expect(diagnose(natCall(ice, '52.114.14.70', HOSTS.sbcPrivate, 600_000)).category).toBe('media-failure');
  });

  test('a private address in Teams\' own answer (not the SBC\'s) with a media BYE in a dump stays media-failure', () => {
    const v = diagnose(asPlainDump(natCall(ice, '192.168.10.20', HOSTS.sbcPublic)));
    expect(v).toMatchObject({ category: 'media-failure', owner: 'network' });
  });
});

describe('who refused an offer, in a dump without directions', () => {
  function refused488(srtp: boolean): Call {
    const { carrier, teams, legs } = inboundDialogs();
    const steps: Step[] = [
      { leg: 0, dir: 'in', at: 0, text: carrier.invite({ sdp: carrierOffer() }) },
      { leg: 1, dir: 'out', at: 40, text: teams.invite({ sdp: sdp({ ip: HOSTS.sbcPublic, codecs: ['PCMA', 'PCMU'], srtp }) }) },
      { leg: 1, dir: 'in', at: 300, text: teams.response(488, 'Not Acceptable Here', { extra: ['Reason: Q.850;cause=79'] }) },
      { leg: 1, dir: 'out', at: 304, text: teams.ack() },
    ];
    return buildCall({ legs: [legs[1]], steps: steps.slice(1).map((s) => ({ ...s, leg: 0 })) });
  }

  test('Teams\' 488 to the SBC\'s plain-RTP offer names Teams as the refusing side, the SBC as owner', () => {
    const v = diagnose(asPlainDump(refused488(false)));
    expect(v).toMatchObject({ category: 'codec-mismatch', owner: 'sbc' });
    expect(v.summary).toMatch(/^Teams refused the call \(488/);
    expect(v.summary).not.toMatch(/The SBC refused/);
  });

  test('Teams\' 488 to an SRTP offer with G.711 names Teams, not the SBC', () => {
    const v = diagnose(asPlainDump(refused488(true)));
    expect(v.category).toBe('codec-mismatch');
    expect(v.summary).toMatch(/^Teams refused the offer/);
  });

  test('on a leg whose sides the dump cannot tell apart, the summary does not name one', () => {
    const { carrier, legs } = inboundDialogs();
    const steps: Step[] = [
      { leg: 0, dir: 'in', at: 0, text: carrier.invite({ sdp: carrierOffer() }) },
      { leg: 0, dir: 'out', at: 300, text: carrier.response(488, 'Not Acceptable Here') },
    ];
    const v = diagnose(asPlainDump(buildCall({ legs: [{ ...legs[0], peer: 'unknown' }], steps })));
    expect(v.category).toBe('codec-mismatch');
    expect(v.summary).toMatch(/was refused; the log does not say which side sent it/);
  });
});

describe('TLS failures next to an INVITE the SBC sent', () => {
  function unansweredCarrierInvite(): Call {
    // outbound: Teams → SBC → carrier over UDP; the carrier never answers, the SBC gives Teams 408
    const { teams, carrier, legs } = outboundDialogs();
    const steps: Step[] = [
      { leg: 0, dir: 'in', at: 0, text: teams.invite({ sdp: sdp({ ip: '52.114.14.70', codecs: ['PCMA'], srtp: true }) }) },
      { leg: 1, dir: 'out', at: 30, text: carrier.invite({ sdp: sdp({ ip: HOSTS.sbcPublic, codecs: ['PCMA'] }) }) },
      { leg: 0, dir: 'out', at: 32_000, text: teams.response(408, 'Request Timeout') },
      { leg: 0, dir: 'in', at: 32_060, text: teams.ack() },
    ];
    return buildCall({ sessionKey: SID, legs, steps });
  }

  test('an error that names no address does not explain a UDP INVITE to the carrier', () => {
    const call = unansweredCarrierInvite();
    const v = diagnose(call, { transportErrors: [{ time: (call.start ?? 0) + 100, text: 'TLSContext #0: certificate expired', where: 'sbc.log:9' }] });
    expect(v.category).toBe('no-response');
  });

  test('an error toward the carrier\'s own address does', () => {
    const call = unansweredCarrierInvite();
    const v = diagnose(call, { transportErrors: [{ time: (call.start ?? 0) + 100, remote: `${HOSTS.carrier}:5061`, text: `TCP connection to ${HOSTS.carrier}:5061 failed (Connection refused)`, where: 'sbc.log:9' }] });
    expect(v).toMatchObject({ category: 'tls-failure', owner: 'network' });
    expect(v.summary).toContain('carrier side');
    expect(v.nextCheck).toContain(`${HOSTS.carrier}:5061`);
  });
});
