import { diagnose } from '../../src/diagnosis/diagnose';
import { buildLadder, renderLadder } from '../../src/diagnosis/ladder';
import { buildCall, outboundDialogs, sdp } from './support/call-fixtures';
import type { Step } from './support/call-fixtures';
import { inboundRejectedByTeams, SID, sbcToCarrierOffer, teamsOffer } from './support/flows';

describe('buildLadder', () => {
  test('rows for both legs in time order, with columns, labels, and the deciding row', () => {
    const call = inboundRejectedByTeams(486, 'Busy Here', ['Reason: Q.850;cause=17']);
    const v = diagnose(call);
    const rows = buildLadder(call, v);
    expect(rows.map((r) => [r.offsetMs, r.from, r.to, r.label, r.deciding])).toEqual([
      [0, 'carrier', 'SBC', 'INVITE (SDP: PCMA,PCMU)', false],
      [4, 'SBC', 'carrier', '100 Trying', false],
      [40, 'SBC', 'Teams', 'INVITE (SDP: PCMA,PCMU)', false],
      [120, 'Teams', 'SBC', '100 Trying', false],
      [1536, 'Teams', 'SBC', '486 Busy Here (Q.850;cause=17)', true],
      [1540, 'SBC', 'Teams', 'ACK', false],
      [1545, 'SBC', 'carrier', '486 Busy Here (Q.850;cause=17)', false],
      [1580, 'carrier', 'SBC', 'ACK', false],
    ]);
  });

  test('retransmissions are flagged, BYE responses name their method, hold is shown', () => {
    const { teams, carrier, legs } = outboundDialogs();
    const inv = carrier.invite({ sdp: sbcToCarrierOffer() });
    const steps: Step[] = [
      { leg: 0, dir: 'in', at: 0, text: teams.invite({ sdp: teamsOffer() }) },
      { leg: 1, dir: 'out', at: 30, text: inv },
      { leg: 1, dir: 'out', at: 530, text: inv },
      { leg: 1, dir: 'in', at: 900, text: carrier.response(200, 'OK') },
      { leg: 1, dir: 'out', at: 905, text: carrier.reinvite({ sdp: sdp({ ip: '0.0.0.0', codecs: ['PCMA'], dir: 'sendonly' }) }) },
      { leg: 1, dir: 'out', at: 910, text: carrier.bye() },
      { leg: 1, dir: 'in', at: 950, text: carrier.response(200, 'OK', { method: 'BYE' }) },
    ];
    const rows = buildLadder(buildCall({ sessionKey: SID, legs, steps }), diagnose(buildCall({ sessionKey: SID, legs, steps })));
    expect(rows[2]).toMatchObject({ label: 'INVITE (SDP: PCMA,PCMU)', retransmission: true });
    expect(rows[0].label).toBe('INVITE (SDP: SILK,PCMU,PCMA)');
    expect(rows[4].label).toBe('re-INVITE (SDP: PCMA, sendonly, c=0.0.0.0)');
    expect(rows[6].label).toBe('200 OK (BYE)');
  });
});

describe('renderLadder', () => {
  test('three lifelines, arrows pointing the right way, times, retx and the deciding mark', () => {
    const text = renderLadder(
      [
        { offsetMs: 0, time: 0, from: 'carrier', to: 'SBC', label: 'INVITE (SDP: PCMA)', retransmission: false, deciding: false, leg: 0, message: 0 },
        { offsetMs: 500, time: 500, from: 'carrier', to: 'SBC', label: 'INVITE (SDP: PCMA)', retransmission: true, deciding: false, leg: 0, message: 1 },
        { offsetMs: 1536, time: 1536, from: 'Teams', to: 'SBC', label: '486 Busy Here', retransmission: false, deciding: true, leg: 1, message: 2 },
      ],
      { width: 80 },
    );
    const lines = text.split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(/^\s+carrier\s+SBC\s+Teams$/);
    expect(lines[1]).toMatch(/^ {3}\+0\.000s\s+\|-+INVITE \(SDP: PCMA\)-+>\|\s+\|$/);
    expect(lines[2]).toContain('INVITE (SDP: PCMA) (retx)');
    expect(lines[3]).toMatch(/^>> \+1\.536s\s+\|\s+\|<-+486 Busy Here-+\|$/);
    // the lifelines line up on every row
    const bars = (l: string): number[] => [...l].flatMap((c, i) => (c === '|' ? [i] : []));
    expect(bars(lines[1])[0]).toBe(bars(lines[3])[0]);
    expect(bars(lines[1])[2]).toBe(bars(lines[3])[2]);
    for (const l of lines) {
      expect(l.length).toBeLessThanOrEqual(80);
    }
  });

  test('long labels are cut to fit between the lifelines', () => {
    const label = 'INVITE (SDP: SILK,PCMU,PCMA,G722,G729,OPUS; Q.850;cause=16; MS 560403)';
    const text = renderLadder([{ offsetMs: null, time: null, from: 'SBC', to: 'Teams', label, retransmission: false, deciding: false, leg: 0, message: 0 }], { width: 60 });
    const row = text.split('\n')[1];
    expect(row).toContain('…');
    expect(row.startsWith('   ?')).toBe(true);
    expect(row.length).toBeLessThanOrEqual(60);
    expect(row.endsWith('>|')).toBe(true);
  });
});
