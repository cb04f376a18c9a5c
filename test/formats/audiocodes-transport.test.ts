/** AudioCodes `(N …)` debug lines that report TLS/transport failures → `transport` reader items. */
import { transportFailureOf, remoteOf } from '../../src/formats/audiocodes-transport';
import type { TransportEvent } from '../../src/formats/record';
import { debugLineBody } from '../../src/formats/audiocodes-sip-text';
import { expectedRaw, records, rsyslog, sessionText, teamsInvite } from './audiocodes-build';
import { read } from './audiocodes-helpers';

const SID = 'b9027c:24:198171';

function check(line: string): ReturnType<typeof transportFailureOf> {
  const body = debugLineBody(line);
  expect(body).toBeGreaterThan(0);
  return transportFailureOf(line, body);
}

const events = (items: ReturnType<typeof read>['items']): TransportEvent[] =>
  items.flatMap((i) => (i.type === 'transport' ? [i.event] : []));

describe('which debug lines are transport failures', () => {
  test.each([
    ['(N  1000003) !! TLS: TLS handshake with 52.114.75.24:5061 failed: certificate verify failed (certificate has expired), closing connection', '52.114.75.24:5061'],
    ['(N  6891702) SSL_connect error to 52.114.7.24:5061: tlsv1 alert unknown ca', '52.114.7.24:5061'],
    ['(N  6891703) TLS handshake failure with sip2.pstnhub.microsoft.com:5061', 'sip2.pstnhub.microsoft.com:5061'],
    ['(N  6891704) TLSv1.2 handshake timed out, peer 52.114.14.70:5061', '52.114.14.70:5061'],
    ['(N  6891705) TCP connection to 52.114.14.70:5061 failed (Connection refused)', '52.114.14.70:5061'],
    ['(N  6891706) Connection to 52.114.32.169:5061 reset by peer', '52.114.32.169:5061'],
    ['(N  6891707) TLSContext #0: certificate expired (notAfter Nov 20 2026)', undefined],
    ['(N  6891708) TLS connection to [2603:1063::1]:5061 could not be established: error 0x14094412', '[2603:1063::1]:5061'],
    ['(N  6891709) Remote certificate rejected by 52.114.75.24:5061 (bad certificate)', '52.114.75.24:5061'],
  ])('%s', (line, remote) => {
    const t = check(line);
    expect(t).not.toBeNull();
    expect(t?.remote).toBe(remote);
    expect(t?.text).toBe(line.slice(debugLineBody(line)).trim());
  });

  test.each([
    '(N  1000041) ---- Incoming SIP Message from 52.114.75.24:5061 to SIPInterface #2 (Teams) TLS TO(#138) SocketID(204) ----',
    '(N  1000042) Classification Succeeded - Source IP Group #2 (Teams)',
    '(N  1000043) Route found (5), Route by IPGroup, IP Group 1 -> 2 (Carrier -> Teams)',
    '(N  1000044) TLS connection established with 52.114.75.24:5061 (TLSv1.2, ECDHE-RSA-AES256-GCM-SHA384)',
    '(N  1000045) TLS idle timeout expired, closing connection to 52.114.75.24:5061',
    '(N  1000046) SSL alert received from 52.114.75.24:5061: close notify',
    '(N  1000047) AcSIPCall(#945): Handling TRYING_REQ in state Invited',
    '(N  1000048) SIPTransaction(#12)::SendMessage - error in Via header of the request', // no TLS, no connection
    '(N  1000049) UDP connection to 203.0.113.10:5060 failed', // a connection failure, but not on a TLS transport
    '(N  1000050) TLSContext #0: certificate loaded, valid until 2027-11-20',
  ])('not a transport failure: %s', (line) => {
    expect(check(line)).toBeNull();
  });

  test('the address is the first one the line names', () => {
    expect(remoteOf('to 52.114.7.24:5061 via 10.0.0.1:5061')).toBe('52.114.7.24:5061');
    expect(remoteOf('peer 52.114.7.24 refused')).toBe('52.114.7.24');
    expect(remoteOf('no address here')).toBeUndefined();
  });

  test('a very long debug line is looked at in its first 400 characters only', () => {
    const line = `(N 1) ${'x'.repeat(500)} TLS handshake failed`;
    expect(check(line)).toBeNull();
  });
});

describe('the assembler hands transport failures on as items', () => {
  const tls = '(N  6891670) !! TLS: TLS handshake with 52.114.75.24:5061 failed: certificate verify failed (certificate has expired) \n';

  test('a failure line among a SID\'s records becomes one transport item with device, time, SID and where; the SIP text is unchanged', () => {
    const text = tls + sessionText([teamsInvite()]);
    const r = read(rsyslog(records(SID, [text.slice(0, 700), text.slice(700)], 200)));
    expect(r.messages.map((m) => m.raw)).toEqual([expectedRaw(teamsInvite())]);
    const ev = events(r.items);
    expect(ev).toHaveLength(1);
    expect(ev[0]).toMatchObject({
      device: '10.160.111.51',
      remote: '52.114.75.24:5061',
      sessionKey: SID,
      where: 'test.log:1',
      text: '!! TLS: TLS handshake with 52.114.75.24:5061 failed: certificate verify failed (certificate has expired)',
    });
    expect(ev[0].time).toEqual(r.records[0].time);
  });

  test('a failure line in the middle of a message closes that message like any debug line, and is reported', () => {
    const text = sessionText([teamsInvite()]);
    const cutAt = text.indexOf('CSEQ');
    const r = read(rsyslog(records(SID, [text.slice(0, cutAt) + '\n' + tls], 300)));
    expect(events(r.items)).toHaveLength(1);
    expect(r.messages).toHaveLength(1);
    expect(r.messages[0].raw).not.toContain('CSEQ');
    expect(r.messages[0].raw).not.toContain('TLS handshake');
  });

  test('a board record ([BID=…]) with a failure line is reported without a session key; a repeated delivery is not reported twice', () => {
    const line = 'Dec 19 12:44:55 10.160.111.51 [S=400] [BID=c1f3e8:30]  (N  6891690) TCP connection to 52.114.14.70:5061 failed (Connection refused)  [Time:19-12@12:44:55.120]';
    const r = read([line, line]);
    const ev = events(r.items);
    expect(ev).toHaveLength(1);
    expect(ev[0].sessionKey).toBeUndefined();
    expect(ev[0]).toMatchObject({ remote: '52.114.14.70:5061', device: '10.160.111.51' });
    expect(r.messages).toHaveLength(0);
  });

  test('ordinary debug lines give no items at all', () => {
    const r = read(rsyslog(records(SID, [sessionText([teamsInvite()])], 500)));
    expect(events(r.items)).toHaveLength(0);
    expect(r.items.filter((i) => i.type === 'skip')).toHaveLength(0);
  });
});
