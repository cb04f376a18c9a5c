import { classifyRef } from '../../src/store/ref';

describe('classifyRef', () => {
  it('when a ref is written like a phone number, then it is a number with its digits', () => {
    expect(classifyRef('+49 30 555-0101')).toEqual({ kind: 'number', digits: '49305550101' });
    expect(classifyRef('0305550101')).toEqual({ kind: 'number', digits: '0305550101' });
    expect(classifyRef('(030) 555.0101 ')).toEqual({ kind: 'number', digits: '0305550101' });
    expect(classifyRef('030/5550101')).toEqual({ kind: 'number', digits: '0305550101' });
    expect(classifyRef('0101')).toEqual({ kind: 'number', digits: '0101' });
    expect(classifyRef('tel:+49305550101')).toEqual({ kind: 'number', digits: '49305550101' });
    expect(classifyRef('<sip:+49305550101@sbc.contoso.com;user=phone>')).toEqual({ kind: 'number', digits: '49305550101' });
  });

  it('when a ref has fewer than 4 digits or other characters, then it is an id', () => {
    expect(classifyRef('101')).toEqual({ kind: 'id', value: '101' });
    expect(classifyRef('b9027c:24:198171')).toEqual({ kind: 'id', value: 'b9027c:24:198171' });
    expect(classifyRef('C544D4800002')).toEqual({ kind: 'id', value: 'C544D4800002' });
    expect(classifyRef('3f2a1c9d8e7b6a5f4e3d2c1b0a998877')).toEqual({ kind: 'id', value: '3f2a1c9d8e7b6a5f4e3d2c1b0a998877' });
    expect(classifyRef(' <b0c4e1f2@198.51.100.10> ')).toEqual({ kind: 'id', value: 'b0c4e1f2@198.51.100.10' });
    expect(classifyRef('"9d2e-4f10"')).toEqual({ kind: 'id', value: '9d2e-4f10' });
    expect(classifyRef('sip:alice@contoso.com')).toEqual({ kind: 'id', value: 'sip:alice@contoso.com' });
  });
});
