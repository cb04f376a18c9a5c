import type { FramedRecord } from '../../src/formats/record';
import { ResumePoint, whereLine } from '../../src/ingest/resume-point';

function rec(where: string, endOffset?: number): FramedRecord {
  return { format: 'audiocodes', kind: 'sip', where, key: 'k', keyIsSession: true, device: 'd', time: null, text: '', endOffset };
}

describe('ResumePoint', () => {
  it('a record that starts on the line that handed it on: resume after that line', () => {
    const r = new ResumePoint(0, 1);
    r.afterLine(1, 0, 100, [rec('/l/sbc.log:1')]);
    expect([r.offset, r.line]).toEqual([100, 2]);
  });

  it('a line that closed earlier records may open the next: resume at its start', () => {
    const r = new ResumePoint(0, 1);
    r.afterLine(2, 50, 80, []);
    expect([r.offset, r.line]).toEqual([0, 1]);
    r.afterLine(3, 80, 120, [rec('/l/sbc.log:1')]);
    expect([r.offset, r.line]).toEqual([80, 3]);
  });

  it('an endOffset past the line counts as consumed', () => {
    const r = new ResumePoint(0, 1);
    r.afterLine(3, 80, 120, [rec('/l/sbc.log:1', 120)]);
    expect([r.offset, r.line]).toEqual([120, 4]);
  });

  it('never goes backwards', () => {
    const r = new ResumePoint(500, 9);
    r.afterLine(3, 80, 120, [rec('x:1')]);
    r.allConsumed(100, 4);
    expect([r.offset, r.line]).toEqual([500, 9]);
    r.allConsumed(600, 11);
    expect([r.offset, r.line]).toEqual([600, 11]);
  });

  it('reads the line number at the end of a where', () => {
    expect(whereLine('/var/log/a:b/sbc.log:42')).toBe(42);
    expect(whereLine('udp:10.0.0.1~k3x:7')).toBe(7);
    expect(whereLine('sbc.log')).toBeNull();
    expect(whereLine('sbc.log:')).toBeNull();
    expect(whereLine('12')).toBeNull();
  });
});
