import { diagnose } from '../../src/diagnosis/diagnose';
import { toCallReport } from '../../src/diagnosis/report';
import type { Step } from './support/call-fixtures';
import { answeredInbound, inboundRejectedByTeams, SID, UUID } from './support/flows';

describe('toCallReport: the §3 entry', () => {
  test('a failed inbound call', () => {
    const call = inboundRejectedByTeams(486, 'Busy Here', [`Reason: Q.850;cause=17;text="${UUID};User busy"`]);
    const r = toCallReport(call, diagnose(call));
    expect(r).toEqual({
      id: SID,
      callIds: ['c7f2a1@203.0.113.5', '9d2e44b0c4@sbc.example.com'],
      sbc: '198.51.100.10',
      direction: 'inbound',
      from: '+49305550101',
      to: '+49407770101',
      start: '2026-11-23T09:00:01.712Z',
      answer: null,
      end: '2026-11-23T09:00:03.292Z',
      durationSec: null,
      outcome: 'failed',
      finalStatus: 486,
      reason: { protocol: 'Q.850', cause: 17, text: 'User busy' },
      msCode: null,
      category: 'busy',
      owner: 'user',
      summary: 'The Teams user was busy (486 Busy Here, Q.850 cause 17). The SBC passed it on.',
      evidence: [
        '09:00:03.248 Teams → SBC 486 Busy Here, Reason Q.850;cause=17 "User busy"',
        '09:00:03.257 SBC → carrier 486 Busy Here, Reason Q.850;cause=17 "User busy" (passed on to the caller)',
        '09:00:01.752 SBC → Teams INVITE to +49407770101',
      ],
      nextCheck: 'nothing to fix: this is a normal call outcome; check only if users report it repeatedly',
      sessionKey: SID,
      legs: [
        { callId: 'c7f2a1@203.0.113.5', peer: 'carrier', remote: '203.0.113.5:5060', finalStatus: 486, messages: 4 },
        { callId: '9d2e44b0c4@sbc.example.com', peer: 'teams', remote: '52.114.75.24:5061', finalStatus: 486, messages: 4 },
      ],
    });
    // JSON-clean: survives a round trip unchanged
    expect(JSON.parse(JSON.stringify(r))).toEqual(r);
  });

  test('an answered call: answer time and duration from answer to end', () => {
    const a = answeredInbound();
    const steps: Step[] = [
      ...a.steps,
      { leg: 0, dir: 'in', at: 64_206, text: a.carrier.bye() },
      { leg: 1, dir: 'out', at: 64_210, text: a.teams.bye() },
    ];
    const call = a.build(steps);
    const r = toCallReport(call, diagnose(call));
    expect(r).toMatchObject({
      outcome: 'answered',
      finalStatus: 200,
      answer: '2026-11-23T09:00:05.912Z',
      end: '2026-11-23T09:01:05.922Z',
      durationSec: 60,
      category: 'completed',
    });
    expect(r.reason).toBeNull();
  });

  test('start, answer and end are written as Date#toISOString writes them, day after day and at the edges', () => {
    const call = inboundRejectedByTeams(486, 'Busy Here', []);
    const v = diagnose(call);
    const day = Date.UTC(2026, 10, 23);
    const times = [
      day, day + 1, day + 86_399_999, day + 86_400_000, day - 1, day + 45_296_789, day + 45_296_789.9,
      0, 0.5, -1, -0.5, -62_198_755_200_000, 253_402_300_799_999, 253_402_300_800_000, 8.64e15, -8.64e15,
      Date.UTC(2024, 1, 29, 23, 59, 59, 999), Date.UTC(2024, 2, 1),
    ];
    for (const t of times) {
      const r = toCallReport({ ...call, start: t, answer: t, end: t }, v);
      const want = new Date(t).toISOString();
      expect([r.start, r.answer, r.end]).toEqual([want, want, want]);
    }
    expect(toCallReport({ ...call, start: Number.NaN, answer: null, end: Infinity }, v)).toMatchObject({ start: null, answer: null, end: null });
  });
});
