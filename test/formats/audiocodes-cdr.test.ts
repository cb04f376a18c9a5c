import { CdrColumns, MEDIA_HEADER_740A, SBC_CDR_HEADER_740A } from '../../src/formats/audiocodes-cdr';

/** The fields as the rows were mapped before templates: one key per column, set in order. */
function keyByKey(header: readonly string[], values: string[]): Record<string, string> {
  const f: Record<string, string> = {};
  header.forEach((h, i) => {
    f[h] = values[i] ?? '';
  });
  return f;
}

function row(values: string[]): string {
  return `|${values.map((v) => `${v}   `).join('|')}`;
}

describe('CdrColumns', () => {
  it('maps rows by the 7.40A header, by a header read, and keeps the key order', () => {
    const cdr = new CdrColumns();
    const values = SBC_CDR_HEADER_740A.map((h, i) => (h === 'SBCReportType' ? 'CALL_END' : i % 3 === 0 ? '' : `v${i}-${h.length}`));
    for (let k = 0; k < 3; k++) {
      const r = cdr.read('sbc1', row(values));
      expect(r.type === 'row' && JSON.stringify(r.fields)).toBe(JSON.stringify(keyByKey(SBC_CDR_HEADER_740A, values)));
    }
    const header = ['MediaReportType', 'SIPCallId', '7', 'Coder', 'LegId'];
    expect(cdr.read('sbc1', row(header)).type).toBe('header');
    const media = ['MEDIA_END', 'c1@host', 'seven', 'g711Ulaw64k', '2'];
    const r = cdr.read('sbc1', row(media));
    expect(r.type === 'row' && JSON.stringify(r.fields)).toBe(JSON.stringify(keyByKey(header, media)));
    // another device still has no header of its own
    const other = cdr.read('sbc2', row(media));
    expect(other.type === 'row' && other.assumed && Object.keys(other.fields)).toEqual(MEDIA_HEADER_740A);
  });

  it('gives every row its own fields object', () => {
    const cdr = new CdrColumns();
    const a = cdr.read('sbc1', row(['CALL_START', 'SBC', 'a@host']));
    const b = cdr.read('sbc1', row(['CALL_END', 'SBC', 'b@host']));
    if (a.type !== 'row' || b.type !== 'row') {
      throw new Error('expected rows');
    }
    a.fields.SIPCallId = 'changed';
    expect(b.fields.SIPCallId).toBe('b@host');
  });

  it('maps a header with a column named __proto__ as before (no own key for it)', () => {
    const cdr = new CdrColumns();
    const header = ['SBCReportType', '__proto__', 'SIPCallId'];
    cdr.read('sbc1', row(header));
    const r = cdr.read('sbc1', row(['CALL_END', 'x', 'c1@host']));
    expect(r.type === 'row' && JSON.stringify(r.fields)).toBe(JSON.stringify(keyByKey(header, ['CALL_END', 'x', 'c1@host'])));
    expect(r.type === 'row' && Object.keys(r.fields)).toEqual(['SBCReportType', 'SIPCallId']);
  });
});
