import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { explainSip, renderExplanation, type Explanation, type ExplanationOk } from '../../src/sip/explain';

const fixture = (name: string): string => readFileSync(join(__dirname, '../fixtures/sip', name), 'utf8');

function ok(e: Explanation): ExplanationOk {
  if (!e.ok) {
    throw new Error(`expected an explanation, got: ${e.why}`);
  }
  return e;
}

const header = (e: ExplanationOk, name: string) => {
  const h = e.headers.find((x) => x.name === name);
  if (!h) {
    throw new Error(`no ${name} header`);
  }
  return h;
};

/** An SBC's INVITE toward Teams with the classic mistakes. */
const badSbcInvite = (): string => {
  const sdp = [
    'v=0',
    'o=AudiocodesGW 1 1 IN IP4 10.160.21.20',
    's=Phone-Call',
    'c=IN IP4 10.160.21.20',
    't=0 0',
    'm=audio 7028 RTP/AVP 4 3 101',
    'a=rtpmap:101 telephone-event/8000',
    'a=sendonly',
    '',
  ].join('\r\n');
  return [
    'INVITE sip:4930555@sip.pstnhub.microsoft.com:5061;transport=tls SIP/2.0',
    'Via: SIP/2.0/TLS 10.160.21.20:5061;branch=z9hG4bKac1',
    'From: <sip:+49305550101@sbc.example.com>;tag=a1',
    'To: <sip:4930555@sip.pstnhub.microsoft.com>',
    'Call-ID: abc@10.160.21.20',
    'CSeq: 1 INVITE',
    'Contact: <sip:10.160.21.20:5061;transport=tls>',
    'Require: 100rel',
    'X-Vendor-Thing: 42',
    'Content-Type: application/sdp',
    `Content-Length: ${sdp.length}`,
    '',
    sdp,
  ].join('\r\n');
};

describe('explainSip', () => {
  it('when given a Teams INVITE, then every header and SDP line is explained and nothing is flagged', () => {
    const e = ok(explainSip(fixture('teams-invite-assembled.sip')));
    expect(e.direction).toBe('from-teams');
    expect(e.startLine).toMatchObject({ kind: 'request', method: 'INVITE' });
    expect(e.startLine.meaning).toMatch(/^Request INVITE: Starts a call/);
    expect(e.headers.map((h) => h.title)).toEqual([
      'From', 'To', 'Via', 'CSeq', 'Call-ID', 'Max-Forwards', 'Record-Route', 'Allow', 'Contact', 'User-Agent',
      'Supported', 'Session-Expires', 'Min-SE', 'Content-Type', 'Content-Length',
    ]);
    expect(e.headers.every((h) => h.known)).toBe(true);
    expect(header(e, 'via').parts[0]).toMatchObject({ value: 'TLS 52.114.132.46:5061' });
    expect(header(e, 'via').parts[0].note).toMatch(/Microsoft Teams' published range/);
    const contact = header(e, 'contact');
    expect(contact.parts.find((p) => p.label === 'uri ;x-i')?.note).toMatch(/correlation id/);
    expect(contact.parts.find((p) => p.label === 'uri ;x-c')?.value).toMatch(/^d47f6e60f1d85282bc613f853f28bdc6\//);
    expect(header(e, 'user-agent').parts[0]).toEqual({ label: 'software', value: 'Microsoft Teams SIP proxy', note: 'build 2020.12.7.3, instance USEA.3' });
    expect(header(e, 'session-expires').parts).toEqual([
      { label: 'seconds', value: '1800', note: '30 min' },
      { label: 'refresher', value: 'uac', note: 'the caller refreshes' },
    ]);
    const sdp = e.body?.sdp ?? [];
    expect(sdp[0]).toMatchObject({ field: 'v', known: true });
    expect(sdp.find((l) => l.field === 'm')?.meaning).toMatch(/RTP\/SAVP \(SRTP, keys in a=crypto \(SDES\)\)\. Payloads: 104 SILK\/16000/);
    expect(sdp.find((l) => l.attribute === 'crypto')?.meaning).toMatch(/the suite Teams requires/);
    expect(sdp.find((l) => l.attribute === 'x-candidate-ipv6')).toMatchObject({ known: false });
    expect(sdp.find((l) => l.text === 'a=fmtp:101 0-16')?.meaning).toMatch(/DTMF events 0-16/);
    expect(e.warnings).toEqual([]);
    expect(e.truncated).toBe(false);
  });

  it('when given the Teams 480, then the Q.850 cause, Teams correlation id and Microsoft code are named', () => {
    const e = ok(explainSip(fixture('teams-480-no-callee-endpoints.sip')));
    expect(e.startLine.meaning).toBe(
      'Response 480 Temporarily Unavailable: The callee exists but is not reachable right now (offline, not signed in, or did not answer).',
    );
    const reason = header(e, 'reason');
    expect(reason.rawName).toBe('REASON');
    expect(reason.parts).toEqual([
      { label: 'Q.850 cause', value: '31', note: 'Normal, unspecified: A normal failure without a more specific cause (often: callee not available).' },
      { label: 'correlation id', value: '5e19725b-7fad-4e89-bae3-dfc5df88bb96', note: "Teams' id for this call: quote it to Microsoft support" },
      {
        label: 'phrase',
        value: 'No callee endpoints were found.',
        note: 'Microsoft code 10037/480: Teams callee not signed in on any device (normal if offline for a long time).',
      },
    ]);
    // the excerpt has no blank line: said, not hidden
    expect(e.warnings).toEqual([{ where: 'message', text: 'no blank line after the headers: the message may be cut after the last header shown' }]);
  });

  it('when given an AudioCodes record with #012 escapes and framing, then the BYE inside is explained', () => {
    const e = ok(explainSip(fixture('audiocodes-escaped-bye-from-teams.log')));
    expect(e.startLine.text).toBe('BYE sip:sbc.example.it:5061;transport=tls SIP/2.0');
    expect(e.direction).toBe('from-teams');
    expect(e.framingLines).toBeGreaterThan(0);
    expect(header(e, 'reason').parts[0]).toMatchObject({ label: 'Q.850 cause', value: '16' });
    expect(header(e, 'reason').parts.find((p) => p.label === 'phrase')?.value).toBe('CallEndReasonLocalUserInitiated');
    expect(header(e, 'call-id').value).toBe('f8e538e4bf535025bfdd8c99080cd2ff');
    expect(header(e, 'content-length').value).toBe('0');
  });

  it('when the framing line names the Teams peer, then the direction comes from it', () => {
    const e = ok(explainSip(fixture('audiocodes-escaped-options-200ok.log')));
    expect(e.startLine).toMatchObject({ kind: 'response', status: 200 });
    expect(e.direction).toBe('from-teams');
    expect(header(e, 'from').parts.find((p) => p.label === 'host')?.note).toBe('private address');
  });

  it('when the message is indented by a log viewer, then the indentation is removed', () => {
    const indent = ' '.repeat(79);
    const text = fixture('teams-bye-q850-16.sip')
      .split('\r\n')
      .map((l) => indent + l)
      .join('\n');
    const e = ok(explainSip(`(N  6892026) ---- Incoming SIP Message from 52.114.75.24:9024 to SIPInterface #2 (Teams) TLS ----\n${text}`));
    expect(e.startLine.method).toBe('BYE');
    expect(e.headers).toHaveLength(10);
    expect(e.headers.every((h) => h.known)).toBe(true);
  });

  it('when an SBC sends Teams a private address, plain RTP, no Teams codec and an IP Contact, then each is flagged', () => {
    const e = ok(explainSip(badSbcInvite()));
    expect(e.direction).toBe('to-teams');
    const texts = e.warnings.map((w) => `${w.where}: ${w.text}`);
    expect(texts).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^Request-URI: number 4930555 without a leading \+/),
        expect.stringMatching(/^Via: the sender's Via carries the private address 10\.160\.21\.20/),
        expect.stringMatching(/^Contact: private address 10\.160\.21\.20 sent toward a public peer/),
        expect.stringMatching(/^Require: requiring 100rel toward Teams/),
        expect.stringMatching(/^SDP c=: private media address 10\.160\.21\.20/),
        expect.stringMatching(/^SDP o=: private origin address/),
        expect.stringMatching(/^SDP m=: no codec Teams accepts .* among G723, GSM/),
        expect.stringMatching(/^SDP m=: plain RTP toward Teams/),
        expect.stringMatching(/^SDP a=sendonly: a=sendonly toward Teams/),
        expect.stringMatching(/^message: no X-MS-SBC header/),
      ]),
    );
    expect(texts).toHaveLength(10);
    const unknown = header(e, 'x-vendor-thing');
    expect(unknown.known).toBe(false);
    expect(unknown.meaning).toMatch(/not in sipsleuth's header catalogue/i);
  });

  it('when an initial INVITE toward Teams has no SDP, then delayed offer is flagged', () => {
    const text = badSbcInvite().replace(/Content-Type[\s\S]*$/, 'Content-Length: 0\r\n\r\n');
    const e = ok(explainSip(text));
    expect(e.warnings.map((w) => w.text)).toContain('INVITE toward Teams without SDP: Direct Routing does not support delayed offer');
  });

  it('when a private address goes to a private peer, then nothing is flagged for NAT', () => {
    const text = [
      'INVITE sip:1000@10.0.0.5 SIP/2.0',
      'Via: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK9',
      'Contact: <sip:10.0.0.1:5060>',
      'Call-ID: x',
      'CSeq: 1 INVITE',
      'Content-Length: 0',
      '',
      '',
    ].join('\r\n');
    const e = ok(explainSip(text));
    expect(e.direction).toBe('unknown');
    expect(e.warnings).toEqual([]);
  });

  it('when the input is not SIP, then it says so', () => {
    for (const junk of ['', 'hello', '[S=1] (N 1) debug line only #012 more debug', '{"json":true}']) {
      const e = explainSip(junk);
      expect(e.ok).toBe(false);
    }
    expect(renderExplanation(explainSip('hello'))).toBe('Not a SIP message: no SIP request or status line found in the input\n');
  });

  it('when two messages are pasted, then the first is explained and the rest is said to be left out', () => {
    const two = `${fixture('teams-bye-q850-16.sip')}SIP/2.0 200 OK\r\nCall-ID: f8e5\r\n\r\n`;
    const e = ok(explainSip(two));
    expect(e.startLine.method).toBe('BYE');
    expect(e.warnings.map((w) => w.where)).toContain('input');
  });
});

describe('renderExplanation', () => {
  it('when the Teams 480 is rendered, then the text shows the header column, explanation and flags', () => {
    expect(renderExplanation(explainSip(fixture('teams-480-no-callee-endpoints.sip')))).toBe(
      [
        'SIP/2.0 480 Temporarily Unavailable',
        '  Response 480 Temporarily Unavailable: The callee exists but is not reachable right now (offline, not signed in, or did not answer).',
        '  · status: 480 (Temporarily Unavailable (client-error))',
        '  (no Teams peer recognised; the message is cut short)',
        '',
        'REASON                  Q.850;cause=31;text="5e19725b-7fad-4e89-bae3-dfc5df88bb96;No callee endpoints were found."',
        '                        Why a request (BYE/CANCEL) or response was sent: a Q.850 or SIP cause and text.',
        '                        · Q.850 cause: 31 (Normal, unspecified: A normal failure without a more specific cause (often: callee not available).)',
        "                        · correlation id: 5e19725b-7fad-4e89-bae3-dfc5df88bb96 (Teams' id for this call: quote it to Microsoft support)",
        '                        · phrase: No callee endpoints were found. (Microsoft code 10037/480: Teams callee not signed in on any device (normal if offline for a long time).)',
        '                        Teams: Teams writes Q.850;cause=N;text="<correlation id>;<phrase>". Teams\' 486 carries cause 34 (NICC), not 17. SIP;cause=200 in CANCEL = call completed elsewhere.',
        '',
        'Warnings (1):',
        '⚠ message: no blank line after the headers: the message may be cut after the last header shown',
        '',
      ].join('\n'),
    );
  });

  it('when the Teams INVITE is rendered, then every header appears in the name column and SDP lines follow', () => {
    const text = renderExplanation(explainSip(fixture('teams-invite-assembled.sip')));
    expect(text).toMatch(/^INVITE sip:\+1XXXXXXXXXX@voiceXXXXXXXXXX\.com:5061;user=phone;transport=tls SIP\/2\.0\n/);
    expect(text).toContain('\nVia                     SIP/2.0/TLS 52.114.132.46:5061;branch=z9hG4bK5aae9254\n');
    expect(text).toContain('\n                        · software: Microsoft Teams SIP proxy (build 2020.12.7.3, instance USEA.3)\n');
    expect(text).toContain('\n  v=0                   Protocol version (always 0).\n');
    expect(text).toContain('\n                        ? Attribute "x-candidate-ipv6" is not in sipsleuth\'s catalogue.\n');
    expect(text.endsWith('\nNo warnings.\n')).toBe(true);
  });

  it('when warnings exist, then they are marked with ⚠ next to their line and in the summary', () => {
    const text = renderExplanation(explainSip(badSbcInvite()));
    expect(text).toContain('                        ⚠ requiring 100rel toward Teams gives 420 Bad Extension (540420)\n');
    expect(text).toContain('\nWarnings (10):\n');
  });
});

describe('explainSip line ends', () => {
  it('when the message uses LF only, then the whole SDP is explained whichever way Content-Length was counted', () => {
    const crlf = fixture('teams-invite-assembled.sip');
    const lf = crlf.split('\r\n').join('\n');
    const sdpLines = crlf.slice(crlf.indexOf('\r\n\r\n') + 4).split('\r\n').filter(Boolean).length;
    // Content-Length as on the wire (CRLF)
    expect(ok(explainSip(lf)).body?.sdp).toHaveLength(sdpLines);
    // Content-Length counted with LF
    const lfBody = lf.slice(lf.indexOf('\n\n') + 2);
    const lfCounted = lf.replace(/Content-Length: \d+/, `Content-Length: ${Buffer.byteLength(lfBody)}`);
    const e = ok(explainSip(lfCounted));
    expect(e.body?.sdp).toHaveLength(sdpLines);
    expect(e.truncated).toBe(false);
  });
});
