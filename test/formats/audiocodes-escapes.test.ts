import { decodeEscapes } from '../../src/formats/audiocodes-record';

/** The obvious definition: each escape replaced, one kind after the other. */
function reference(s: string): string {
  return s.split('#012').join('\n').split('#015').join('\r').split('#011').join('\t');
}

describe('decodeEscapes (rsyslog #012/#015/#011)', () => {
  it('when a record holds escaped line breaks, then they become real ones', () => {
    expect(decodeEscapes('INVITE sip:a SIP/2.0#015#012Via: x #012#011folded#012')).toBe(
      'INVITE sip:a SIP/2.0\r\nVia: x \n\tfolded\n',
    );
    expect(decodeEscapes('no escapes here')).toBe('no escapes here');
    expect(decodeEscapes('#019 #01 #0 #013')).toBe('#019 #01 #0 #013');
  });

  it('when a record holds only line-break escapes, or they sit next to a cut or another escape, then each is decoded once', () => {
    expect(decodeEscapes('(N 1) x #012INVITE sip:a SIP/2.0 #012 #012')).toBe('(N 1) x \nINVITE sip:a SIP/2.0 \n \n');
    expect(decodeEscapes('a #012b #012#01')).toBe('a \nb \n#01');
    expect(decodeEscapes('#01#012#0#012#011')).toBe('#01\n#0\n\t');
    expect(decodeEscapes('#0#0122')).toBe('#0\n2');
  });

  it('when given random text made of escape pieces, then it agrees with replacing each kind in turn', () => {
    const pieces = ['#', '0', '1', '2', '5', '#012', '#015', '#011', '#01', 'a', ' '];
    let seed = 7;
    const next = (): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed;
    };
    for (let n = 0; n < 3000; n++) {
      let s = '';
      const len = next() % 12;
      for (let i = 0; i < len; i++) {
        s += pieces[next() % pieces.length];
      }
      expect(decodeEscapes(s)).toBe(reference(s));
    }
  });
});
