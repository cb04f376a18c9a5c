import type { Call } from '../../src/calls/call';
import { diagnose } from '../../src/diagnosis/diagnose';
import { toCallReport } from '../../src/diagnosis/report';
import { buildLadder, renderLadder } from '../../src/diagnosis/ladder';
import { buildCall, cdrEndRow, inboundDialogs, outboundDialogs } from './support/call-fixtures';
import type { Step } from './support/call-fixtures';
import { carrierOffer, outboundRejectedByCarrier, sbcToCarrierOffer, sbcToTeamsOffer, SID, teamsOffer, UUID } from './support/flows';

function everything(call: Call): void {
  // none of the renderings may throw on odd input either
  const v = diagnose(call);
  toCallReport(call, v);
  renderLadder(buildLadder(call, v), {});
}

describe('bad and partial input: never a crash, in-progress or unknown with the reason', () => {
  test('a response without its request', () => {
    const { teams, legs } = inboundDialogs();
    const call = buildCall({ legs: [legs[1]], steps: [{ leg: 0, dir: 'in', at: 0, text: teams.response(486, 'Busy Here') }] });
    const v = diagnose(call);
    expect(v).toMatchObject({ category: 'unknown', owner: 'unknown' });
    expect(v.summary).toContain('The INVITE that started this call is not in the log (only 1 message: 486)');
    everything(call);
  });

  test('the end is missing before any answer: in-progress', () => {
    const { carrier, teams, legs } = inboundDialogs();
    const call = buildCall({
      legs,
      sessionKey: SID,
      complete: false,
      steps: [
        { leg: 0, dir: 'in', at: 0, text: carrier.invite({ sdp: carrierOffer() }) },
        { leg: 1, dir: 'out', at: 40, text: teams.invite({ sdp: sbcToTeamsOffer() }) },
        { leg: 1, dir: 'in', at: 800, text: teams.response(180, 'Ringing') },
      ],
    });
    const v = diagnose(call);
    expect(v).toMatchObject({ outcome: 'in-progress', category: 'in-progress', owner: 'unknown', finalStatus: null });
    expect(toCallReport(call, v)).toMatchObject({ outcome: 'in-progress', end: null, durationSec: null });
  });

  test('unknown status, garbage Reason and Ms-Diagnostics: unknown category, the code is in the summary', () => {
    const v = diagnose(outboundRejectedByCarrier(499, 'Weird Thing', ['Reason: Q.850;cause=abc;text=', 'Ms-Diagnostics: garbage', 'X-Whatever: %%%']));
    expect(v).toMatchObject({ outcome: 'failed', category: 'unknown', owner: 'carrier', msCode: null });
    expect(v.summary).toContain('499 Weird Thing');
  });

  test('a 500 whose origin cannot be seen (Teams leg only, no session key): owner unknown, and why', () => {
    const { teams, legs } = outboundDialogs();
    const call = buildCall({
      legs: [legs[0]],
      steps: [
        { leg: 0, dir: 'in', at: 0, text: teams.invite({ sdp: teamsOffer() }) },
        { leg: 0, dir: 'out', at: 700, text: teams.response(500, 'Server Internal Error') },
        { leg: 0, dir: 'in', at: 760, text: teams.ack() },
      ],
    });
    const v = diagnose(call);
    expect(v).toMatchObject({ category: 'server-error', owner: 'unknown' });
    expect(v.summary).toContain('no other leg of this call is in the log');
    expect(v.evidence.some((e) => e.startsWith('origin not visible'))).toBe(true);
  });

  test('records lost in a sequence gap: the SBC-generated 403 is no longer blamed on the SBC', () => {
    const { teams, legs } = outboundDialogs();
    const steps: Step[] = [
      { leg: 0, dir: 'in', at: 0, text: teams.invite({ sdp: teamsOffer() }) },
      { leg: 0, dir: 'out', at: 12, text: teams.response(403, 'Forbidden') },
    ];
    const gaps = [{ device: '198.51.100.10', from: 1718466, to: 1718470, where: 'sbc.log:120' }];
    const v = diagnose(buildCall({ sessionKey: SID, legs: [legs[0]], steps, gaps }));
    expect(v).toMatchObject({ category: 'forbidden', owner: 'unknown' });
    expect(v.evidence.join('\n')).toContain('5 records of the device (sequence 1718466-1718470) are missing');
    // without the gap the same call is the SBC's own refusal
    expect(diagnose(buildCall({ sessionKey: SID, legs: [legs[0]], steps }))).toMatchObject({ owner: 'sbc' });
  });

  test('records lost: an unanswered INVITE is not blamed on the carrier', () => {
    const { teams, carrier, legs } = outboundDialogs();
    const inv = carrier.invite({ sdp: sbcToCarrierOffer() });
    const steps: Step[] = [
      { leg: 0, dir: 'in', at: 0, text: teams.invite({ sdp: teamsOffer() }) },
      ...[30, 530, 1530, 3530, 7530, 11530, 15530].map((at) => ({ leg: 1, dir: 'out' as const, at, text: inv })),
      { leg: 0, dir: 'out', at: 32_030, text: teams.response(408, 'Request Timeout') },
    ];
    const v = diagnose(buildCall({ sessionKey: SID, legs, steps, gaps: [{ device: 'x', from: 10, to: 10, where: 'f:1' }] }));
    expect(v).toMatchObject({ category: 'no-response', owner: 'unknown' });
  });

  test('487 without a CANCEL in the log', () => {
    const v = diagnose(outboundRejectedByCarrier(487, 'Request Terminated'));
    expect(v).toMatchObject({ outcome: 'cancelled', category: 'unknown', owner: 'unknown' });
    expect(v.summary).toContain('no CANCEL is in the log');
  });

  test('a call with no legs, and a leg with no messages', () => {
    const empty: Call = { id: 'x', format: 'sip', device: 'd', legs: [], cdrs: [], gaps: [], direction: 'unknown', start: null, answer: null, end: null, complete: false };
    expect(diagnose(empty)).toMatchObject({ outcome: 'in-progress', category: 'in-progress', owner: 'unknown' });
    everything(empty);
    const { legs } = inboundDialogs();
    const noMsgs = buildCall({ legs, steps: [] });
    expect(diagnose(noMsgs)).toMatchObject({ category: 'unknown', owner: 'unknown' });
    everything(noMsgs);
  });

  test('only a CDR: the CDR decides, and says that the SIP did not', () => {
    const { legs } = inboundDialogs();
    const call = buildCall({ legs, steps: [], cdrs: [cdrEndRow({ TrmSd: 'RMT', TrmReason: 'GWAPP_USER_BUSY', TrmReasonCategory: 'BUSY' })] });
    const v = diagnose(call);
    expect(v).toMatchObject({ category: 'busy', owner: 'user' });
    expect(v.summary).toContain("the SBC's CDR ends the call with GWAPP_USER_BUSY");
  });

  test('no directions in the log (plain SIP): senders inferred from the From tags', () => {
    const { teams, carrier, legs } = outboundDialogs();
    const steps: Step[] = [
      { leg: 0, dir: null, at: 0, text: teams.invite({ sdp: teamsOffer() }) },
      { leg: 1, dir: null, at: 30, text: carrier.invite({ sdp: sbcToCarrierOffer() }) },
      { leg: 1, dir: null, at: 90, text: carrier.response(403, 'Forbidden') },
      { leg: 0, dir: null, at: 96, text: teams.response(403, 'Forbidden') },
    ];
    const v = diagnose(buildCall({ legs, steps }));
    expect(v).toMatchObject({ category: 'forbidden', owner: 'carrier' });
    expect(v.evidence[0]).toContain('carrier → SBC 403 Forbidden');
  });

  test('no times in the log: evidence shows --:--:--.--- and nothing breaks', () => {
    const call = outboundRejectedByCarrier(486, 'Busy Here');
    for (const l of call.legs) {
      for (const m of l.messages) {
        m.time = null;
      }
    }
    const v = diagnose(call);
    expect(v.category).toBe('busy');
    expect(v.evidence[0].startsWith('--:--:--.--- carrier → SBC 486')).toBe(true);
    everything(call);
  });

  test('Microsoft 1106 on the BYE although the retransmissions are not in the log', () => {
    const { carrier, teams, legs } = inboundDialogs();
    const steps: Step[] = [
      { leg: 0, dir: 'in', at: 0, text: carrier.invite({ sdp: carrierOffer() }) },
      { leg: 1, dir: 'out', at: 40, text: teams.invite({ sdp: sbcToTeamsOffer() }) },
      { leg: 1, dir: 'in', at: 3000, text: teams.response(200, 'OK') },
      { leg: 0, dir: 'out', at: 3006, text: carrier.response(200, 'OK') },
      { leg: 0, dir: 'in', at: 3050, text: carrier.ack() },
      { leg: 1, dir: 'in', at: 7000, text: teams.bye({ fromCallee: true, extra: [`Reason: Q.850;cause=102;text="${UUID};1106;ACK not received for call acceptance in allotted time"`] }) },
    ];
    const v = diagnose(buildCall({ sessionKey: SID, legs, steps }));
    expect(v).toMatchObject({ outcome: 'answered', category: 'ack-timeout', owner: 'sbc', msCode: '1106' });
  });

  test('the builder did not say which side started each leg: the INVITE\'s direction tells', () => {
    const call = outboundRejectedByCarrier(403, 'Forbidden');
    for (const l of call.legs) {
      l.initiator = null;
    }
    expect(diagnose(call)).toMatchObject({ category: 'forbidden', owner: 'carrier' });
  });

  test('a damaged call object (as from a broken stored record) gives an unknown verdict, not an exception', () => {
    const call = outboundRejectedByCarrier(486, 'Busy Here');
    (call.legs[0].messages[0] as unknown as { sip: unknown }).sip = null;
    const v = diagnose(call);
    expect(v).toMatchObject({ category: 'unknown', owner: 'unknown' });
    expect(v.evidence[0]).toMatch(/^could not read the call: /);
    // the ladder and the report still draw what is readable
    expect(buildLadder(call, v).length).toBe(call.legs[0].messages.length + call.legs[1].messages.length - 1);
    expect(toCallReport(call, v).category).toBe('unknown');
  });
});

