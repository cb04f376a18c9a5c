import { nameAddrUser, parseNameAddr } from '../../src/sip/name-addr';
import { fromUserOf, toUserOf } from '../../src/sip/headers';
import { parseSip } from '../../src/sip/parser';

const VALUES = [
  '"Alice" <sip:+4930555@host.example;user=phone>;tag=1',
  '<sip:bob@10.0.0.1:5060>',
  'sip:carol@example.com;tag=x',
  '<tel:+1-555-0100;phone-context=example.com>',
  'tel: +15550100 ',
  '<sip:host.only>',
  '<sip:@host>',
  '<sip:user:pw@host>',
  '<sip:user;p=1@host>',
  '*',
  '',
  '   ',
  '"no uri"',
  '<sips:[2001:db8::1]:5061>',
  'Anonymous <sip:anonymous@anonymous.invalid>;tag=9',
];

describe('nameAddrUser', () => {
  it.each(VALUES)('%j: as parseNameAddr(…).user', (v) => {
    expect(nameAddrUser(v)).toBe(parseNameAddr(v)?.user);
  });

  it('fromUserOf / toUserOf read the user before and after From/To are parsed', () => {
    const r = parseSip('INVITE sip:x@y SIP/2.0\r\nFrom: "A" <sip:+49301@a>;tag=1\r\nTo: <tel:+49302>\r\nCall-ID: c\r\nCSeq: 1 INVITE\r\n\r\n');
    if (!r.ok) {
      throw new Error(r.why);
    }
    const m = r.message;
    expect([fromUserOf(m), toUserOf(m)]).toEqual(['+49301', '+49302']);
    expect([m.from?.user, m.to?.user]).toEqual(['+49301', '+49302']);
    m.to = null;
    expect(toUserOf(m)).toBeUndefined();
  });
});
