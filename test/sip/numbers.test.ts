import { normalizeNumber, numberMatches } from '../../src/sip/numbers';

describe('normalizeNumber', () => {
  it('when numbers are written in the usual ways, then they become the same digits', () => {
    for (const n of ['+49 30 555-0101', 'tel:+49305550101', 'sip:+49305550101@sbc.example.com;user=phone', '0049305550101', '<sip:+49(30)555.0101@h>']) {
      expect(normalizeNumber(n)).toBe('49305550101');
    }
  });

  it('when the user is not a number, then it is returned lower-cased', () => {
    expect(normalizeNumber('Anonymous')).toBe('anonymous');
    expect(normalizeNumber('sip:Alice.Smith@example.com')).toBe('alice.smith');
    expect(normalizeNumber('+49abc')).toBe('+49abc');
  });

  it('when a national number has one leading 0, then it is kept', () => {
    expect(normalizeNumber('030 5550101')).toBe('0305550101');
  });
});

describe('numberMatches', () => {
  it('when the query is the end of the stored number, then it matches', () => {
    expect(numberMatches('+49305550101', '0101')).toBe(true);
    expect(numberMatches('49305550101', '+49 30 555 0101')).toBe(true);
    expect(numberMatches('49305550101', '030 5550101')).toBe(true);
  });

  it('when the query is too short or different, then it does not match', () => {
    expect(numberMatches('49305550101', '101')).toBe(false);
    expect(numberMatches('49305550101', '0102')).toBe(false);
    expect(numberMatches('anonymous', '1234')).toBe(false);
    expect(numberMatches('anonymous', 'Anonymous')).toBe(true);
  });
});
