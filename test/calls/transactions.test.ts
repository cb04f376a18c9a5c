import { parseSip } from '../../src/sip/parser';
import type { SipMessage } from '../../src/sip/sip-message';
import { TransactionTable, type Dir, type SeenMessage } from '../../src/calls/transactions';

function msg(first: string, cseq: string, branch: string, toTag?: string): SipMessage {
  const r = parseSip(
    [
      first,
      `Via: SIP/2.0/UDP 10.0.0.1;branch=${branch}`,
      'From: <sip:a@x>;tag=f1',
      `To: <sip:b@y>${toTag ? `;tag=${toTag}` : ''}`,
      'Call-ID: c1',
      `CSeq: ${cseq}`,
      'Content-Length: 0',
      '',
      '',
    ].join('\r\n'),
  );
  if (!r.ok) {
    throw new Error(r.why);
  }
  return r.message;
}

/** Feeds the messages in order; the retransmission flags. */
function flags(list: [SipMessage, Dir][]): boolean[] {
  const table = new TransactionTable();
  const seen: SeenMessage[] = [];
  return list.map(([sip, direction]) => {
    const r = table.checkRetransmission(sip, direction, seen);
    seen.push({ sip, direction });
    return r;
  });
}

describe('TransactionTable.checkRetransmission', () => {
  it('same method, CSeq, To-tag, top branch and direction is a retransmission; any difference is not', () => {
    const inv = (): SipMessage => msg('INVITE sip:b@y SIP/2.0', '1 INVITE', 'z9hG4bK1');
    expect(
      flags([
        [inv(), 'in'],
        [inv(), 'in'],
        [inv(), 'out'],
        [msg('INVITE sip:b@y SIP/2.0', '2 INVITE', 'z9hG4bK1'), 'in'],
        [msg('INVITE sip:b@y SIP/2.0', '1 INVITE', 'z9hG4bK2'), 'in'],
        [msg('INVITE sip:b@y SIP/2.0', '1 INVITE', 'z9hG4bK1', 't9'), 'in'],
        [msg('SIP/2.0 180 Ringing', '1 INVITE', 'z9hG4bK1', 't9'), 'out'],
        [msg('SIP/2.0 200 OK', '1 INVITE', 'z9hG4bK1', 't9'), 'out'],
        [msg('SIP/2.0 200 OK', '1 INVITE', 'z9hG4bK1', 't9'), 'out'],
        [msg('SIP/2.0 200 OK', '1 invite', 'z9hG4bK1', 't9'), null],
        [msg('SIP/2.0 200 OK', '1 INVITE', 'z9hG4bK1', 't9'), null],
      ]),
    ).toEqual([false, true, false, false, false, false, false, false, true, false, true]);
  });

  it('long dialogs (past the one-by-one comparison) tell retransmissions the same way', () => {
    const list: [SipMessage, Dir][] = [];
    const expected: boolean[] = [];
    for (let i = 1; i <= 50; i++) {
      list.push([msg('OPTIONS sip:b@y SIP/2.0', `${i} OPTIONS`, `z9hG4bK${i}`, 't1'), 'out']);
      expected.push(false);
      if (i % 7 === 0) {
        // a late copy of an early request, and one of the last
        list.push([msg('OPTIONS sip:b@y SIP/2.0', '3 OPTIONS', 'z9hG4bK3', 't1'), 'out']);
        expected.push(true);
        list.push([msg('OPTIONS sip:b@y SIP/2.0', `${i} OPTIONS`, `z9hG4bK${i}`, 't1'), 'out']);
        expected.push(true);
      }
    }
    expect(list.length).toBeGreaterThan(40);
    expect(flags(list)).toEqual(expected);
  });
});
