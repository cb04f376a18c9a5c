import { fromTagOf, toTagOf, topViaBranchOf } from '../../src/sip/headers';
import { ParsedSipMessage } from '../../src/sip/parsed-message';
import { parseSip } from '../../src/sip/parser';

function parsed(lines: string[]): ParsedSipMessage {
  const r = parseSip(`${lines.join('\r\n')}\r\n`);
  if (!r.ok || !(r.message instanceof ParsedSipMessage)) {
    throw new Error('expected a parsed message');
  }
  return r.message;
}

const INVITE = [
  'INVITE sip:+4930555@sbc.example.com SIP/2.0',
  'Via: SIP/2.0/TLS 52.114.75.24:5061;branch=z9hG4bKa1',
  'From: <sip:+4930111@sip.pstnhub.microsoft.com>;tag=ft1',
  'To: <sip:+4930555@sbc.example.com>',
  'Call-ID: c1@host',
  'CSeq: 1 INVITE',
  'Content-Length: 0',
  '',
];

function response(status: string, toTag: string | null, via = 'SIP/2.0/TLS 52.114.75.24:5061;branch=z9hG4bKa1', cseq = '1 INVITE'): string[] {
  return [
    `SIP/2.0 ${status}`,
    `Via: ${via}`,
    'From: <sip:+4930111@sip.pstnhub.microsoft.com>;tag=ft1',
    `To: <sip:+4930555@sbc.example.com>${toTag ? `;tag=${toTag}` : ''}`,
    'Call-ID: c1@host',
    `CSeq: ${cseq}`,
    'Content-Length: 0',
    '',
  ];
}

/** What a message says, as a reader sees it. */
function said(m: ParsedSipMessage): unknown {
  return {
    json: JSON.parse(JSON.stringify(m)) as unknown,
    fromTag: fromTagOf(m),
    toTag: toTagOf(m),
    branch: topViaBranchOf(m),
  };
}

describe('ParsedSipMessage.shareWith', () => {
  it('leaves what each message says unchanged, whatever was read before', () => {
    const cases: Array<[string[], string[]]> = [
      [INVITE, response('100 Trying', null)],
      [response('180 Ringing', 'tt9'), response('200 OK', 'tt9')],
      [response('200 OK', 'tt9'), response('200 OK', 'tt9', 'SIP/2.0/TLS 52.114.75.24:5061;branch=z9hG4bKb2', '1 ACK')],
      [response('183 Session Progress', null), response('200 OK', 'tt9', 'SIP/2.0/UDP 10.0.0.1;branch=z9hG4bKc3', '2 INVITE')],
    ];
    for (const [a, b] of cases) {
      for (const readPrevFirst of [false, true]) {
        const prev = parsed(a);
        const msg = parsed(b);
        const expected = said(parsed(b));
        if (readPrevFirst) {
          said(prev);
        }
        ParsedSipMessage.shareWith(msg, prev);
        expect(said(msg)).toEqual(expected);
        expect(said(prev)).toEqual(said(parsed(a)));
      }
    }
  });

  it('shares an equal CSeq, and a later change of one message does not reach the other', () => {
    const prev = parsed(INVITE);
    const msg = parsed(response('180 Ringing', 'tt9'));
    ParsedSipMessage.shareWith(msg, prev);
    expect(msg.cseq).toBe(prev.cseq);
    msg.from = null;
    expect(prev.from?.tag).toBe('ft1');
    expect(fromTagOf(prev)).toBe('ft1');
  });

  it('keeps a parsed From or Via of the earlier message to itself', () => {
    const prev = parsed(INVITE);
    const prevFrom = prev.from;
    const prevVia = prev.via;
    const msg = parsed(response('100 Trying', null));
    ParsedSipMessage.shareWith(msg, prev);
    expect(msg.from).toEqual(prevFrom);
    expect(msg.from).not.toBe(prevFrom);
    expect(msg.via).toEqual(prevVia);
    expect(msg.via).not.toBe(prevVia);
  });
});

describe('reason phrases', () => {
  it('are read per response, also when the phrase of a status changes', () => {
    const phrases = ['Ringing', 'Ringing', 'Alerting', 'Ringing', 'Session Progress', ''];
    for (const p of phrases) {
      const m = parsed(response(`180 ${p}`.trimEnd(), 'tt9'));
      expect(m.reasonPhrase).toBe(p);
      expect(m.status).toBe(180);
    }
  });
});
