import { diagnose } from '../../src/diagnosis/diagnose';
import { toCallReport } from '../../src/diagnosis/report';
import { renderWhy, shortenLadder, WHY_LADDER_ROWS } from '../../src/diagnosis/why';
import { buildLadder } from '../../src/diagnosis/ladder';
import { buildCall, outboundDialogs } from './support/call-fixtures';
import type { Step } from './support/call-fixtures';
import { inboundRejectedByTeams, outboundRejectedByCarrier, SID, sbcToCarrierOffer, teamsOffer } from './support/flows';

describe('renderWhy', () => {
  test('header in the asked zone, verdict, summary, evidence, next check, ladder, other calls', () => {
    const call = inboundRejectedByTeams(486, 'Busy Here', ['Reason: Q.850;cause=17']);
    const verdict = diagnose(call);
    const report = toCallReport(call, verdict);
    const older = toCallReport(outboundRejectedByCarrier(404, 'Not Found'), diagnose(outboundRejectedByCarrier(404, 'Not Found')));
    const text = renderWhy({ report, call, verdict, others: [{ ...older, id: 'older-1', start: '2026-11-23T08:12:00.000Z' }], tz: 'Europe/Berlin' });
    const lines = text.split('\n');
    expect(lines[0]).toBe('Call 2026-11-23 10:00:01.712 +01:00  +49305550101 → +49407770101  inbound  SBC 198.51.100.10');
    expect(text).toContain('Verdict: failed · busy · owner user · final 486');
    expect(text).toContain('The Teams user was busy (486 Busy Here, Q.850 cause 17). The SBC passed it on.');
    expect(text).toContain('Evidence (UTC):\n  09:00:03.248 Teams → SBC 486 Busy Here, Reason Q.850;cause=17');
    expect(text).toContain('Next check: nothing to fix');
    expect(text).toMatch(/>> \+1\.536s .*486 Busy Here/);
    expect(text).toContain('Other matching calls:\n  2026-11-23 09:12:00.000 +01:00  older-1  not-found');
  });

  test('without a verdict it diagnoses the call itself; other zones shift the header only', () => {
    const call = outboundRejectedByCarrier(403, 'Forbidden');
    const report = toCallReport(call, diagnose(call));
    const text = renderWhy({ report, call, tz: 'America/New_York' });
    expect(text.split('\n')[0]).toContain('2026-11-23 04:00:01.712 -05:00');
    expect(text).toContain('owner carrier');
    expect(text).not.toContain('Other matching calls');
  });

  test('a long call flow is cut to at most 20 rows and keeps the deciding one', () => {
    const { teams, carrier, legs } = outboundDialogs();
    const inv = carrier.invite({ sdp: sbcToCarrierOffer() });
    const teamsInv = teams.invite({ sdp: teamsOffer() });
    const steps: Step[] = [];
    for (let i = 0; i < 10; i++) {
      steps.push({ leg: 0, dir: 'in', at: i * 500, text: teamsInv });
    }
    for (let i = 0; i < 20; i++) {
      steps.push({ leg: 1, dir: 'out', at: 30 + i * 1000, text: inv });
    }
    steps.push({ leg: 1, dir: 'in', at: 25_000, text: carrier.response(503, 'Service Unavailable') });
    steps.push({ leg: 0, dir: 'out', at: 25_010, text: teams.response(503, 'Service Unavailable') });
    steps.sort((a, b) => a.at - b.at);
    const call = buildCall({ sessionKey: SID, legs, steps });
    const verdict = diagnose(call);
    const all = buildLadder(call, verdict);
    expect(all.length).toBe(32);
    const short = shortenLadder(all, WHY_LADDER_ROWS);
    expect(short.rows.length).toBeLessThanOrEqual(20);
    expect(short.rows.some((r) => r.deciding)).toBe(true);
    expect(short.omitted).toBe(all.length - short.rows.length);
    const text = renderWhy({ report: toCallReport(call, verdict), call, verdict, tz: 'UTC' });
    const flow = text.slice(text.indexOf('Call flow'));
    expect(flow.split('\n').filter((l) => /[+]\d+\.\d{3}s/.test(l)).length).toBeLessThanOrEqual(20);
    expect(flow).toContain('`sipsleuth ladder` shows all');
    expect(flow).toContain('>> ');
    expect(flow).toContain('INVITE (SDP: PCMA,PCMU) ×20');
  });
});
