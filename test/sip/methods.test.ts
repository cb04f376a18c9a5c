import { parseSip } from '../../src/sip/parser';
import type { SipMessage } from '../../src/sip/sip-message';

function ok(text: string): SipMessage {
  const r = parseSip(text);
  if (!r.ok) {
    throw new Error(r.why);
  }
  return r.message;
}

describe('request and CSeq methods', () => {
  it.each([
    ['invite', '1 invite', 'INVITE', 'INVITE'],
    ['Bye', '2   bYe  ', 'BYE', 'BYE'],
    ['FOO', '3 foo', 'FOO', 'FOO'],
    ['INVITEX', '4 InViTeX', 'INVITEX', 'INVITEX'],
    ['INVIT', '5 \tack\t', 'INVIT', 'ACK'],
    ['ACK', '6 ack\u00a0', 'ACK', 'ACK'],
    ['ACK', '7 ack extra', 'ACK', 'ACK EXTRA'],
    ['ACK', '8 \u00e4ck', 'ACK', '\u00c4CK'],
  ])('%s / CSeq %j', (method, cseq, wantMethod, wantCseq) => {
    const m = ok(`${method} sip:a@b SIP/2.0\r\nCall-ID: x\r\nCSeq: ${cseq}\r\nContent-Length: 0\r\n\r\n`);
    expect(m.method).toBe(wantMethod);
    expect(m.cseq?.method).toBe(wantCseq);
    expect(m.cseq?.method).toBe(cseq.slice(cseq.indexOf(' ') + 1).trim().toUpperCase());
  });

  it('a response takes its method from CSeq', () => {
    expect(ok('SIP/2.0 200 OK\r\nCall-ID: x\r\nCSeq: 9 prack\r\n\r\n').method).toBe('PRACK');
  });
});
