import { diagnose } from '../../src/diagnosis/diagnose';
import { buildCall, HOSTS, inboundDialogs, outboundDialogs, sdp } from './support/call-fixtures';
import type { Step } from './support/call-fixtures';
import { inboundRejectedByTeams, outboundRejectedByCarrier, SID, UUID, teamsOffer, sbcToCarrierOffer, sbcToTeamsOffer, carrierOffer } from './support/flows';

describe('failed calls: category and owner follow the final response and who sent it', () => {
  test('busy: Teams 486 with Q.850 34 (NICC) passed on to the carrier', () => {
    const v = diagnose(inboundRejectedByTeams(486, 'Busy Here', [`Reason: Q.850;cause=34;text="${UUID};User busy"`]));
    expect(v).toMatchObject({ outcome: 'failed', category: 'busy', owner: 'user', finalStatus: 486 });
    expect(v.reason).toEqual({ protocol: 'Q.850', cause: 34, text: 'User busy' });
    expect(v.summary).toBe('The Teams user was busy (486 Busy Here, Q.850 cause 34). The SBC passed it on.');
    expect(v.evidence[0]).toBe('09:00:03.248 Teams → SBC 486 Busy Here, Reason Q.850;cause=34 "User busy"');
    expect(v.deciding).toEqual({ leg: 1, message: 2 });
    expect(v.nextCheck).toContain('rewrite Q.850 cause 34 to 17');
  });

  test('busy from the PSTN: carrier 486 Q.850 17 on an outbound call', () => {
    const v = diagnose(outboundRejectedByCarrier(486, 'Busy Here', ['Reason: Q.850;cause=17']));
    expect(v).toMatchObject({ category: 'busy', owner: 'user', finalStatus: 486 });
    expect(v.summary).toContain('called party (PSTN side) was busy');
    expect(v.evidence[0]).toMatch(/^09:00:02\.612 carrier → SBC 486 Busy Here, Reason Q\.850;cause=17$/);
  });

  test('no-answer: carrier rang, then 480 with Q.850 19', () => {
    const v = diagnose(outboundRejectedByCarrier(480, 'Temporarily Unavailable', ['Reason: Q.850;cause=19'], { ringing: true }));
    expect(v).toMatchObject({ outcome: 'failed', category: 'no-answer', owner: 'user', finalStatus: 480 });
  });

  test('no-answer: 408 after 180 is a ring-out, not a timeout', () => {
    const v = diagnose(inboundRejectedByTeams(408, 'Request Timeout', [], { ringing: true }));
    expect(v).toMatchObject({ category: 'no-answer', owner: 'user' });
  });

  test('declined: Teams user declines (603, Q.850 21)', () => {
    const v = diagnose(inboundRejectedByTeams(603, 'Decline', [`Reason: Q.850;cause=21;text="${UUID};Call rejected by user"`], { ringing: true }));
    expect(v).toMatchObject({ category: 'declined', owner: 'user', finalStatus: 603 });
  });

  test('callee-unavailable: Teams 480 "No callee endpoints were found" (10037) without ringing', () => {
    const v = diagnose(inboundRejectedByTeams(480, 'Temporarily Unavailable', [`REASON: Q.850;cause=31;text="${UUID};No callee endpoints were found."`]));
    expect(v).toMatchObject({ category: 'callee-unavailable', owner: 'user', msCode: '10037' });
    expect(v.summary).toContain('not signed in');
    expect(v.nextCheck).toMatch(/signed in/);
  });

  test('not-found: the carrier says the number does not exist (404, Q.850 1)', () => {
    const v = diagnose(outboundRejectedByCarrier(404, 'Not Found', ['Reason: Q.850;cause=1']));
    expect(v).toMatchObject({ category: 'not-found', owner: 'carrier', finalStatus: 404 });
  });

  test('not-found: 484 Address Incomplete from the carrier, SBC maps it to 404 toward Teams', () => {
    const v = diagnose(outboundRejectedByCarrier(484, 'Address Incomplete', ['Reason: Q.850;cause=28'], { passOn: [404, 'Not Found'] }));
    expect(v).toMatchObject({ category: 'not-found', owner: 'carrier', finalStatus: 404 });
    expect(v.summary).toContain('The SBC passed it on as 404');
  });

  test('not-found: Teams 404 (511404) for an E.164 number → the number is not assigned in Teams', () => {
    const v = diagnose(inboundRejectedByTeams(404, 'Not Found', ['Ms-Diagnostics: 511404;reason="Getting user info by number from RuntimeAPI failed"']));
    expect(v).toMatchObject({ category: 'not-found', owner: 'teams', msCode: '511404' });
  });

  test('trunk-unavailable: carrier 503 with Retry-After and Q.850 34', () => {
    const v = diagnose(outboundRejectedByCarrier(503, 'Service Unavailable', ['Reason: Q.850;cause=34', 'Retry-After: 30']));
    expect(v).toMatchObject({ category: 'trunk-unavailable', owner: 'carrier', finalStatus: 503 });
    expect(v.evidence[0]).toContain('Retry-After 30');
  });

  test('trunk-unavailable: Teams 503 540998 (endpoint draining) is Microsoft\'s side', () => {
    const v = diagnose(inboundRejectedByTeams(503, 'Service Unavailable', ['Ms-Diagnostics: 540998;reason="Service Unavailable - Service state: DrainingTransactions"']));
    expect(v).toMatchObject({ category: 'trunk-unavailable', owner: 'teams', msCode: '540998' });
    expect(v.nextCheck).toMatch(/re-resolve/);
  });

  test('server-error: carrier 500 passed on', () => {
    const v = diagnose(outboundRejectedByCarrier(500, 'Server Internal Error', ['Reason: Q.850;cause=127']));
    expect(v).toMatchObject({ category: 'server-error', owner: 'carrier' });
  });

  test('server-error: Teams 500 with 510482 (forwarding loop) is Teams configuration', () => {
    const v = diagnose(inboundRejectedByTeams(500, 'Server Internal Error', [`Reason: Q.850;cause=127;text="${UUID};510482;Loop detected"`]));
    expect(v).toMatchObject({ category: 'server-error', owner: 'teams', msCode: '510482' });
  });

  test('request faults: Teams 420 (540420) blames the SBC that sent the INVITE', () => {
    const v = diagnose(inboundRejectedByTeams(420, 'Bad Extension', ['Unsupported: 100rel', 'Ms-Diagnostics: 540420;reason="Bad Extension"']));
    expect(v.owner).toBe('sbc');
    expect(v.msCode).toBe('540420');
    expect(v.summary).toContain('wrong or unsupported');
  });
});

describe('forbidden: the same 403, three owners', () => {
  test('the SBC refused by itself: 403 to Teams, no INVITE to the carrier (session key proves it)', () => {
    const { teams, legs } = outboundDialogs();
    const call = buildCall({
      sessionKey: SID,
      legs: [legs[0]],
      steps: [
        { leg: 0, dir: 'in', at: 0, text: teams.invite({ sdp: teamsOffer() }) },
        { leg: 0, dir: 'out', at: 3, text: teams.response(100, 'Trying') },
        { leg: 0, dir: 'out', at: 12, text: teams.response(403, 'Forbidden', { extra: ['Reason: Q.850;cause=21'] }) },
        { leg: 0, dir: 'in', at: 70, text: teams.ack() },
      ],
    });
    const v = diagnose(call);
    expect(v).toMatchObject({ outcome: 'failed', category: 'forbidden', owner: 'sbc', finalStatus: 403 });
    expect(v.summary).toContain('The SBC refused the call');
    expect(v.summary).toContain('never sent the call to the other side');
    expect(v.evidence[0]).toMatch(/SBC → Teams 403 Forbidden/);
  });

  test('the carrier answered 200, yet the SBC refused Teams with 500: the SBC decided it', () => {
    const { teams, carrier, legs } = outboundDialogs();
    const steps: Step[] = [
      { leg: 0, dir: 'in', at: 0, text: teams.invite({ sdp: teamsOffer() }) },
      { leg: 1, dir: 'out', at: 30, text: carrier.invite({ sdp: sbcToCarrierOffer() }) },
      { leg: 1, dir: 'in', at: 3000, text: carrier.response(200, 'OK', { sdp: sdp({ ip: HOSTS.carrier, codecs: ['PCMA'] }) }) },
      { leg: 1, dir: 'out', at: 3002, text: carrier.ack() },
      { leg: 0, dir: 'out', at: 3006, text: teams.response(500, 'Server Internal Error') },
      { leg: 1, dir: 'out', at: 3008, text: carrier.bye() },
    ];
    const v = diagnose(buildCall({ sessionKey: SID, legs, steps }));
    expect(v).toMatchObject({ outcome: 'failed', category: 'server-error', owner: 'sbc', finalStatus: 500 });
    expect(v.summary).toContain('although the other side had answered');
    expect(v.evidence[1]).toMatch(/carrier → SBC 200 OK \(the other side answered\)/);
  });

  test('the carrier refused and the SBC passed it on', () => {
    const v = diagnose(outboundRejectedByCarrier(403, 'Forbidden', ['Reason: Q.850;cause=21']));
    expect(v).toMatchObject({ category: 'forbidden', owner: 'carrier', finalStatus: 403 });
    expect(v.evidence[0]).toMatch(/carrier → SBC 403 Forbidden/);
    expect(v.evidence[1]).toMatch(/SBC → Teams 403 Forbidden.*passed on to the caller/);
  });

  test('Microsoft refused by its own policy: 403 with "No trunk config was found" (510532)', () => {
    const v = diagnose(inboundRejectedByTeams(403, 'Forbidden', [`Reason: Q.850;cause=21;text="${UUID};No trunk config was found"`]));
    expect(v).toMatchObject({ category: 'forbidden', owner: 'teams', msCode: '510532' });
    expect(v.evidence[0]).toMatch(/Teams → SBC 403 Forbidden/);
  });

  test('Microsoft 560403 is the rule of 560: the SBC side answered, never Teams', () => {
    // Teams leg only, no session key: without the code the origin would be unseen
    const { teams, legs } = outboundDialogs();
    const call = buildCall({
      legs: [legs[0]],
      steps: [
        { leg: 0, dir: 'in', at: 0, text: teams.invite({ sdp: teamsOffer() }) },
        { leg: 0, dir: 'out', at: 400, text: teams.response(403, 'Forbidden', { extra: ['X-MS-Diagnostics: 560403;reason="Forbidden"'] }) },
        { leg: 0, dir: 'in', at: 460, text: teams.ack() },
      ],
    });
    const v = diagnose(call);
    expect(v).toMatchObject({ category: 'forbidden', owner: 'sbc', msCode: '560403' });
  });

  test('Teams relaying a 403 with 560403 (a leg Teams placed through the SBC refused it): SBC side, not Teams', () => {
    const v = diagnose(inboundRejectedByTeams(403, 'Forbidden', [`Reason: Q.850;cause=21;text="${UUID};560403 Forbidden; Call rejected"`]));
    expect(v).toMatchObject({ category: 'forbidden', owner: 'sbc', msCode: '560403' });
    expect(v.summary).toContain("Microsoft's rule of 560 puts on the SBC side");
    expect(v.nextCheck).toContain("the SBC's other call for this Teams user");
  });

  test('560403 with the carrier leg in the log showing the carrier sent the 403 → carrier', () => {
    const v = diagnose(
      outboundRejectedByCarrier(403, 'Forbidden', ['Reason: Q.850;cause=21'], { passOn: [403, 'Forbidden', ['Reason: Q.850;cause=21;text="560403;Forbidden"']] }),
    );
    expect(v).toMatchObject({ category: 'forbidden', owner: 'carrier', msCode: '560403' });
  });
});

describe('auth-failure', () => {
  test('407, INVITE with credentials, 407 again: the SBC\'s credentials are refused', () => {
    const { teams, carrier, legs } = outboundDialogs();
    const challenge = ['Proxy-Authenticate: Digest realm="carrier.example.net", nonce="a1b2c3", algorithm=MD5'];
    const creds = ['Proxy-Authorization: Digest username="trunk01", realm="carrier.example.net", nonce="a1b2c3", uri="sip:+49305550199@203.0.113.5", response="0123456789abcdef0123456789abcdef"'];
    const steps: Step[] = [
      { leg: 0, dir: 'in', at: 0, text: teams.invite({ sdp: teamsOffer() }) },
      { leg: 0, dir: 'out', at: 3, text: teams.response(100, 'Trying') },
      { leg: 1, dir: 'out', at: 30, text: carrier.invite({ sdp: sbcToCarrierOffer() }) },
      { leg: 1, dir: 'in', at: 80, text: carrier.response(407, 'Proxy Authentication Required', { extra: challenge }) },
      { leg: 1, dir: 'out', at: 82, text: carrier.ack() },
      { leg: 1, dir: 'out', at: 90, text: carrier.invite({ sdp: sbcToCarrierOffer(), extra: creds }) },
      { leg: 1, dir: 'in', at: 150, text: carrier.response(407, 'Proxy Authentication Required', { extra: challenge }) },
      { leg: 1, dir: 'out', at: 152, text: carrier.ack() },
      { leg: 0, dir: 'out', at: 160, text: teams.response(403, 'Forbidden') },
      { leg: 0, dir: 'in', at: 220, text: teams.ack() },
    ];
    const v = diagnose(buildCall({ sessionKey: SID, legs, steps }));
    expect(v).toMatchObject({ outcome: 'failed', category: 'auth-failure', owner: 'sbc', finalStatus: 403 });
    expect(v.summary).toMatch(/credentials were refused/);
    expect(v.evidence[1]).toContain('with credentials');
  });
});

describe('codec-mismatch: the SDP of both legs decides the owner', () => {
  function outbound488(sbcCodecs: string[], teamsCodecs: string[] = ['SILK', 'PCMU', 'PCMA']): ReturnType<typeof diagnose> {
    const { teams, carrier, legs } = outboundDialogs();
    const steps: Step[] = [
      { leg: 0, dir: 'in', at: 0, text: teams.invite({ sdp: sdp({ ip: '52.114.14.70', codecs: teamsCodecs, srtp: true }) }) },
      { leg: 1, dir: 'out', at: 30, text: carrier.invite({ sdp: sdp({ ip: HOSTS.sbcPublic, codecs: sbcCodecs }) }) },
      { leg: 1, dir: 'in', at: 90, text: carrier.response(488, 'Not Acceptable Here', { extra: ['Warning: 304 carrier.example.net "Media type not available"'] }) },
      { leg: 1, dir: 'out', at: 92, text: carrier.ack() },
      { leg: 0, dir: 'out', at: 96, text: teams.response(488, 'Not Acceptable Here') },
      { leg: 0, dir: 'in', at: 150, text: teams.ack() },
    ];
    return diagnose(buildCall({ sessionKey: SID, legs, steps }));
  }

  test('the SBC dropped G.711 the caller offered: sbc', () => {
    const v = outbound488(['G722']);
    expect(v).toMatchObject({ category: 'codec-mismatch', owner: 'sbc', finalStatus: 488 });
    expect(v.summary).toContain('the SBC offered only G722');
    expect(v.summary).toContain('dropped');
    expect(v.nextCheck).toContain('PCMU');
  });

  test('the SBC offered only G.722 and the caller had nothing else: sbc, "offered only"', () => {
    const v = outbound488(['G722'], ['G722']);
    expect(v).toMatchObject({ category: 'codec-mismatch', owner: 'sbc' });
    expect(v.nextCheck).toBe('check that the carrier side accepts G722; the SBC offered only G722: add G.711 (PCMA/PCMU) to its coder group or enable transcoding');
  });

  test('G.711 offered and still refused: the carrier', () => {
    const v = outbound488(['PCMA', 'PCMU'], ['PCMA', 'PCMU']);
    expect(v).toMatchObject({ category: 'codec-mismatch', owner: 'carrier' });
    expect(v.summary).toContain('although it contains G.711');
  });

  test('plain RTP offered to Teams: 488 SrtpEncryptionRequired → sbc', () => {
    const { carrier, teams, legs } = inboundDialogs();
    const steps: Step[] = [
      { leg: 0, dir: 'in', at: 0, text: carrier.invite({ sdp: carrierOffer() }) },
      { leg: 1, dir: 'out', at: 40, text: teams.invite({ sdp: sdp({ ip: HOSTS.sbcPublic, codecs: ['PCMA', 'PCMU'] }) }) },
      { leg: 1, dir: 'in', at: 300, text: teams.response(488, 'Not Acceptable Here', { extra: [`Reason: Q.850;cause=65;text="${UUID};SrtpEncryptionRequired"`] }) },
      { leg: 1, dir: 'out', at: 303, text: teams.ack() },
      { leg: 0, dir: 'out', at: 310, text: carrier.response(488, 'Not Acceptable Here') },
      { leg: 0, dir: 'in', at: 350, text: carrier.ack() },
    ];
    const v = diagnose(buildCall({ sessionKey: SID, legs, steps }));
    expect(v).toMatchObject({ category: 'codec-mismatch', owner: 'sbc', msCode: '531000' });
    expect(v.summary).toContain('requires SRTP');
  });
});

describe('no-response', () => {
  test('INVITE to the carrier retransmitted 7 times, nothing back; the SBC answers Teams 408', () => {
    const { teams, carrier, legs } = outboundDialogs();
    const inv = carrier.invite({ sdp: sbcToCarrierOffer() });
    const steps: Step[] = [
      { leg: 0, dir: 'in', at: 0, text: teams.invite({ sdp: teamsOffer() }) },
      { leg: 0, dir: 'out', at: 3, text: teams.response(100, 'Trying') },
      ...[30, 530, 1530, 3530, 7530, 11530, 15530].map((at) => ({ leg: 1, dir: 'out' as const, at, text: inv })),
      { leg: 0, dir: 'out', at: 32_030, text: teams.response(408, 'Request Timeout') },
      { leg: 0, dir: 'in', at: 32_090, text: teams.ack() },
    ];
    const v = diagnose(buildCall({ sessionKey: SID, legs, steps }));
    expect(v).toMatchObject({ outcome: 'failed', category: 'no-response', owner: 'carrier', finalStatus: 408 });
    expect(v.summary).toContain('never answered');
    expect(v.evidence[0]).toContain('sent 7 times over 15.5 s');
  });

  test('the carrier rang but never answered, the SBC gave up without a CANCEL: no-answer, user', () => {
    const { teams, carrier, legs } = outboundDialogs();
    const steps: Step[] = [
      { leg: 0, dir: 'in', at: 0, text: teams.invite({ sdp: teamsOffer() }) },
      { leg: 1, dir: 'out', at: 30, text: carrier.invite({ sdp: sbcToCarrierOffer() }) },
      { leg: 1, dir: 'in', at: 2000, text: carrier.response(180, 'Ringing') },
      { leg: 0, dir: 'out', at: 2004, text: teams.response(180, 'Ringing') },
      { leg: 0, dir: 'out', at: 62_004, text: teams.response(408, 'Request Timeout') },
    ];
    const v = diagnose(buildCall({ sessionKey: SID, legs, steps, complete: false }));
    expect(v).toMatchObject({ outcome: 'failed', category: 'no-answer', owner: 'user', finalStatus: 408 });
  });

  test('Teams repeats its INVITE although the SBC answered 100 and 180: the answers do not arrive → network', () => {
    const { teams, legs } = outboundDialogs();
    const inv = teams.invite({ sdp: teamsOffer() });
    const steps: Step[] = [
      { leg: 0, dir: 'in', at: 0, text: inv },
      { leg: 0, dir: 'out', at: 3, text: teams.response(100, 'Trying') },
      { leg: 0, dir: 'in', at: 500, text: inv },
      { leg: 0, dir: 'in', at: 1500, text: inv },
      { leg: 0, dir: 'in', at: 3500, text: inv },
    ];
    const v = diagnose(buildCall({ legs: [legs[0]], steps, complete: false }));
    expect(v).toMatchObject({ category: 'no-response', owner: 'network' });
  });

  test('Microsoft 500001 (failover timer) on the Teams leg', () => {
    const v = diagnose(inboundRejectedByTeams(408, 'Request Timeout', ['Ms-Diagnostics: 500001;reason="Gateway (SBC) failover timer expired"']));
    expect(v).toMatchObject({ category: 'no-response', msCode: '500001' });
  });
});

describe('tls-failure', () => {
  test('Teams 504 with 569008 (certificate expired) → sbc', () => {
    const v = diagnose(
      inboundRejectedByTeams(504, 'Server Time-out', [
        'Ms-Diagnostics: 569008;reason="Unable to deliver INVITE: Remote certificate expired; HRESULT=0x80090328 SEC_E_CERT_EXPIRED";source="sip.pstnhub.microsoft.com"',
      ]),
    );
    expect(v).toMatchObject({ category: 'tls-failure', owner: 'sbc', msCode: '569008' });
    expect(v.nextCheck).toMatch(/certificate/);
  });

  test('Teams 504 with 549002 "TlsTransport is not connected" → network', () => {
    const v = diagnose(inboundRejectedByTeams(504, 'Server Time-out', [`Reason: Q.850;cause=102;text="${UUID};Unable to deliver INVITE: TlsTransport is not connected, State=Disconnected"`]));
    expect(v).toMatchObject({ category: 'tls-failure', owner: 'network', msCode: '549002' });
  });

  test('TLS errors in the log next to an unanswered INVITE toward Teams', () => {
    const { carrier, teams, legs } = inboundDialogs();
    const steps: Step[] = [
      { leg: 0, dir: 'in', at: 0, text: carrier.invite({ sdp: carrierOffer() }) },
      { leg: 1, dir: 'out', at: 40, text: teams.invite({ sdp: sdp({ ip: HOSTS.sbcPublic, codecs: ['PCMA'], srtp: true }) }) },
      { leg: 0, dir: 'out', at: 32_100, text: carrier.response(503, 'Service Unavailable') },
      { leg: 0, dir: 'in', at: 32_150, text: carrier.ack() },
    ];
    const call = buildCall({ sessionKey: SID, legs, steps });
    const ctx = { transportErrors: [{ time: call.start! + 45, remote: '52.114.75.24:5061', text: 'TLS handshake failed: certificate verify failed', where: 'sbc.log:77' }] };
    expect(diagnose(call, ctx)).toMatchObject({ category: 'tls-failure', owner: 'sbc' });
    // without the log event, the same call is a plain no-response from Teams
    expect(diagnose(call)).toMatchObject({ category: 'no-response', owner: 'teams' });
  });
});

describe('the SBC gives up on its own, and single legs', () => {
  function sbcCancels(ringing: boolean): ReturnType<typeof diagnose> {
    const { carrier, teams, legs } = inboundDialogs();
    const steps: Step[] = [
      { leg: 0, dir: 'in', at: 0, text: carrier.invite({ sdp: carrierOffer() }) },
      { leg: 1, dir: 'out', at: 40, text: teams.invite({ sdp: sdp({ ip: HOSTS.sbcPublic, codecs: ['PCMA'], srtp: true }) }) },
      ...(ringing ? [{ leg: 1, dir: 'in' as const, at: 900, text: teams.response(180, 'Ringing') }] : [{ leg: 1, dir: 'in' as const, at: 300, text: teams.response(100, 'Trying') }]),
      { leg: 1, dir: 'out', at: 60_040, text: teams.cancel() },
      { leg: 1, dir: 'in', at: 60_100, text: teams.response(487, 'Request Terminated') },
      { leg: 0, dir: 'out', at: 60_110, text: carrier.response(480, 'Temporarily Unavailable') },
    ];
    return diagnose(buildCall({ sessionKey: SID, legs, steps }));
  }

  test('the Teams phone rang for a minute, the SBC cancelled it and told the carrier 480: no-answer', () => {
    expect(sbcCancels(true)).toMatchObject({ outcome: 'failed', category: 'no-answer', owner: 'user' });
  });

  test('no ringing at all before the SBC cancelled: no-response from Teams', () => {
    const v = sbcCancels(false);
    expect(v).toMatchObject({ outcome: 'failed', category: 'no-response', owner: 'teams' });
    expect(v.summary).toContain('after no ringing or answer for 60.0 s');
  });

  test('only the carrier leg is in the log (the SBC called out): the carrier\'s answer decides', () => {
    const { carrier, legs } = outboundDialogs();
    const steps: Step[] = [
      { leg: 0, dir: 'out', at: 0, text: carrier.invite({ sdp: sbcToCarrierOffer() }) },
      { leg: 0, dir: 'in', at: 300, text: carrier.response(503, 'Service Unavailable', { extra: ['Reason: Q.850;cause=42'] }) },
    ];
    expect(diagnose(buildCall({ legs: [legs[1]], steps }))).toMatchObject({ category: 'trunk-unavailable', owner: 'carrier' });
  });

  test('only the Teams leg, which the SBC started: Teams\' 500 is Teams\' failure', () => {
    const { teams, legs } = inboundDialogs();
    const steps: Step[] = [
      { leg: 0, dir: 'out', at: 0, text: teams.invite({ sdp: sbcToTeamsOffer() }) },
      { leg: 0, dir: 'in', at: 200, text: teams.response(500, 'Server Internal Error') },
    ];
    expect(diagnose(buildCall({ legs: [legs[1]], steps }))).toMatchObject({ category: 'server-error', owner: 'teams' });
  });
});

