import { oracleFormat, parseOracleHeader } from '../../src/formats/oracle';
import { YearTracker } from '../../src/formats/time';
import { ZoneClock } from '../../src/formats/framer-support';
import {
  OPTS,
  callIdOf,
  essence,
  expectedOf,
  fixture,
  junkLines,
  linesOf,
  readChunks,
  readLines,
  readText,
} from './reader-helpers';

const CALL = fixture('oracle', 'teams-call-and-busy.sipmsg.log');
const EXPECTED = expectedOf('oracle', 'teams-call-and-busy.expected.json');

describe('Oracle sipmsg.log reader', () => {
  it('reads a full answered call and a 486 on both legs, with direction, addresses and time', () => {
    const r = readText(oracleFormat, CALL, OPTS, 'sipmsg.log');
    expect(r.errors).toEqual([]);
    // the timeline plus one OPTIONS to an IPv6 peer
    expect(r.messages).toHaveLength(EXPECTED.length + 1);
    EXPECTED.forEach((e, i) => {
      const m = r.messages[i];
      expect(m.direction).toBe(e.dir);
      expect(m.remote).toBe(e.remote);
      expect(m.local).toBe(e.local);
      expect(new Date(m.time ?? 0).toISOString()).toBe(e.time);
      expect(m.raw.startsWith(`${e.start}\r\n`)).toBe(true);
      expect(m.raw.length).toBe(e.rawLength);
      expect(callIdOf(m.raw)).toBe(e.callId);
      expect(m.truncated).toBeUndefined();
      expect(m.format).toBe('oracle');
      expect(m.device).toBe('sipmsg.log');
      expect(m.sessionKey).toBeUndefined();
      expect(m.where).toMatch(/^sipmsg\.log:\d+$/);
    });
    const busy = r.messages.filter((m) => m.raw.startsWith('SIP/2.0 486'));
    expect(busy.map((m) => m.direction)).toEqual(['in', 'out']);
    expect(r.messages.find((m) => m.raw.startsWith('INVITE'))?.iface).toBe('1:0');
    expect(r.messages.find((m) => m.raw.startsWith('INVITE'))?.transport).toBe('UDP');
    // bodies are kept whole: Content-Length matches the body
    const invite = r.messages[2];
    const body = invite.raw.slice(invite.raw.indexOf('\r\n\r\n') + 4);
    expect(Buffer.byteLength(body)).toBe(EXPECTED[2].cl);
  });

  it('keeps IPv6 addresses in brackets', () => {
    const r = readText(oracleFormat, CALL);
    const v6 = r.messages[r.messages.length - 1];
    expect(v6.remote).toBe('[2001:db8::20]:5060');
    expect(v6.local).toBe('[2001:db8::10]:5060');
    expect(v6.iface).toBe('3:0');
    expect(v6.direction).toBe('out');
  });

  it('counts file, socket, MBCD and Pre-NAT entries as skips, each with where and why', () => {
    const r = readText(oracleFormat, CALL, OPTS, 'sipmsg.log');
    const whys = r.skips.map((s) => s.why);
    expect(whys.some((w) => w.includes('File opened.'))).toBe(true);
    expect(whys.some((w) => w.includes('File closed.'))).toBe(true);
    expect(whys.some((w) => w.includes('0000: ac 3e'))).toBe(true);
    expect(whys.some((w) => w.includes('Pre-NAT'))).toBe(true);
    for (const s of r.skips) {
      expect(s.where).toMatch(/^sipmsg\.log:\d+$/);
    }
    expect(r.skips).toHaveLength(4);
  });

  it('reads the Wireshark acme_file examples: 4 SIP messages, the cut TCP one truncated, DNS and NAT blocks skipped', () => {
    const r = readText(oracleFormat, fixture('oracle', 'wireshark-acme_file-lua-doc-examples.log'), { ...OPTS, tz: 'UTC' });
    expect(r.messages.map((m) => m.raw.split('\r\n')[0])).toEqual([
      'REGISTER sip:2.1.1.1:5060 SIP/2.0',
      'OPTIONS sip:135.25.29.135 SIP/2.0',
      'REGISTER sip:csp.example.net SIP/2.0',
      'SIP/2.0 200 OK',
    ]);
    expect(r.messages.map((m) => m.truncated ?? false)).toEqual([false, false, false, true]);
    expect(r.messages[0].remote).toBe('2.1.2.115:5060');
    expect(r.messages[0].local).toBe('2.1.1.1:5060');
    expect(r.messages[0].iface).toBe('5:0');
    expect(new Date(r.messages[0].time ?? 0).toISOString()).toBe('2026-08-26T19:25:10.685Z');
    // loopback traffic has no [phy:vlan]
    expect(r.messages[3].iface).toBeUndefined();
    expect(r.messages[3].local).toBe('172.25.96.200:8194');
    const whys = r.skips.map((s) => s.why).join('\n');
    expect(whys).toContain('DNS Response');
    expect(whys).toContain('Post-NAT');
    expect(whys).toContain('Pre-NAT');
    expect(whys).toContain('Another one:" (4 lines)');
    expect(r.skips.every((s) => /^test\.log:\d+$/.test(s.where))).toBe(true);
  });

  it('reads nothing from a heplify print of an Oracle IPFIX export, and says so', () => {
    const r = readText(oracleFormat, fixture('oracle', 'hepfix5-oracle-sbc-truncated-cseq.log'));
    expect(r.messages).toEqual([]);
    expect(r.skips.length).toBeGreaterThan(0);
  });

  it('gives the same messages for CRLF and LF files', () => {
    const lf = readText(oracleFormat, CALL);
    const crlf = readText(oracleFormat, CALL.replace(/\n/g, '\r\n'));
    expect(crlf.messages.map(essence)).toEqual(lf.messages.map(essence));
    expect(crlf.skips).toHaveLength(lf.skips.length);
  });

  it('marks a last record that the file cut mid-body as truncated', () => {
    const at = CALL.lastIndexOf('a=rtpmap:0 PCMU/8000');
    const r = readText(oracleFormat, CALL.slice(0, at));
    const last = r.messages[r.messages.length - 1];
    expect(last.truncated).toBe(true);
    expect(last.raw.startsWith('SIP/2.0 200 OK') || last.raw.startsWith('INVITE')).toBe(true);
    expect(r.messages.slice(0, -1).every((m) => m.truncated === undefined)).toBe(true);
  });

  it('marks a record cut after the headers without a blank line (TCP) as truncated', () => {
    const text = ['Jan 12 00:03:54.700 On 172.25.96.200:8194 received from 172.25.32.28:5060', 'SIP/2.0 200 OK', 'Call-ID: x@y', 'CSeq: 1 INVITE', 'Content-Le'].join('\n');
    const r = readText(oracleFormat, text);
    expect(r.messages).toHaveLength(1);
    expect(r.messages[0].truncated).toBe(true);
  });

  it('splits a TCP record holding two messages, each with its own facts', () => {
    const text = [
      'Jan 12 00:03:54.700 On 172.25.96.200:8194 received from 172.25.32.28:5060',
      'SIP/2.0 100 Trying',
      'Call-ID: one@x',
      'CSeq: 1 INVITE',
      'Content-Length: 0',
      '',
      'SIP/2.0 180 Ringing',
      'Call-ID: one@x',
      'CSeq: 1 INVITE',
      'Content-Length: 10',
      '',
      'short',
      '',
      '-'.repeat(40),
    ].join('\n');
    const r = readText(oracleFormat, text);
    expect(r.messages.map((m) => [m.raw.split('\r\n')[0], m.truncated ?? false, m.remote, m.where])).toEqual([
      ['SIP/2.0 100 Trying', false, '172.25.32.28:5060', 'test.log:1'],
      ['SIP/2.0 180 Ringing', true, '172.25.32.28:5060', 'test.log:7'],
    ]);
  });

  it('skips a 10 MB line with a reason, keeps the record around it (truncated), and stays fast', () => {
    const lines = linesOf(CALL);
    const inviteBody = lines.findIndex((l) => l.startsWith('a=rtpmap:0'));
    const big = 'a=x-junk:' + 'A'.repeat(10 * 1024 * 1024);
    const withBig = [...lines.slice(0, inviteBody), big, ...lines.slice(inviteBody)];
    const t0 = process.hrtime.bigint();
    const r = readLines(oracleFormat, withBig);
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    expect(r.skips.filter((s) => s.why.includes('longer than'))).toHaveLength(1);
    expect(r.messages).toHaveLength(EXPECTED.length + 1);
    expect(r.messages.filter((m) => m.truncated)).toHaveLength(1);
    // accepted when the limit allows it: the line becomes part of the body, no regex stalls
    const t1 = process.hrtime.bigint();
    const r2 = readLines(oracleFormat, withBig, { ...OPTS, maxLineBytes: 64 * 1024 * 1024 });
    const ms2 = Number(process.hrtime.bigint() - t1) / 1e6;
    expect(r2.messages).toHaveLength(EXPECTED.length + 1);
    expect(r2.messages.some((m) => m.raw.includes('a=x-junk:AAAA'))).toBe(true);
    expect(ms).toBeLessThan(2000);
    expect(ms2).toBeLessThan(2000);
  });

  it('does not throw on binary junk, and counts it', () => {
    const r = readLines(oracleFormat, junkLines(200_000));
    expect(r.messages).toEqual([]);
    expect(r.skips.length).toBeGreaterThan(0);
  });

  it('gives the same messages whether lines come one by one or cut into datagrams at any boundary', () => {
    const lines = linesOf(CALL);
    const whole = readLines(oracleFormat, lines).messages.map(essence);
    for (let k = 1; k < lines.length; k++) {
      const chunks = [`${lines.slice(0, k).join('\n')}\n`, ...lines.slice(k)];
      const got = readChunks(oracleFormat, chunks).messages.map(essence);
      expect(got).toEqual(whole);
    }
  });

  it('rolls the year over from December to January and reads full-date headers', () => {
    const rec = (head: string, cid: string) =>
      [head, 'OPTIONS sip:a SIP/2.0', `Call-ID: ${cid}`, 'CSeq: 1 OPTIONS', 'Content-Length: 0', '', '', '-'.repeat(40)].join('\n');
    const text = [
      rec('Dec 31 23:59:59.900 On 10.0.0.1:5060 sent to 10.0.0.2:5060', 'a'),
      rec('Jan  1 00:00:00.100 On 10.0.0.1:5060 sent to 10.0.0.2:5060', 'b'),
      rec('2026-03-06 13:38:48.037 On 10.0.0.1:5060 sent to 10.0.0.2:5060', 'c'),
    ].join('\n');
    const r = readText(oracleFormat, text, { ...OPTS, tz: 'UTC', year: 2025 });
    expect(r.messages.map((m) => new Date(m.time ?? 0).toISOString())).toEqual([
      '2025-12-31T23:59:59.900Z',
      '2026-01-01T00:00:00.100Z',
      '2026-03-06T13:38:48.037Z',
    ]);
  });

  it('parses header lines and refuses look-alikes', () => {
    const UTC = new ZoneClock('UTC');
    const y = new YearTracker(2026);
    expect(parseOracleHeader('Mar  6 13:38:54.959 On [1:0]135.25.29.135:5060 received from 192.168.109.138:65471', UTC, y)).toMatchObject({
      iface: '1:0',
      local: '135.25.29.135:5060',
      remote: '192.168.109.138:65471',
      direction: 'in',
    });
    expect(parseOracleHeader('Jun  8 14:34:22.599 UDP[3:0]10.102.131.194:5060 OPENED', UTC, y)).toBeNull();
    expect(parseOracleHeader('We met On Monday and received from him', UTC, y)).toBeNull();
    // ACLI tail form: no hour, no time kept
    expect(parseOracleHeader('54:22.599 On 10.0.0.1:5060 sent to 10.0.0.2:5060', UTC, y)?.time).toBeNull();
  });

  it('reads the same text twice at other lines as new messages (retransmissions are kept)', () => {
    const lines = linesOf(CALL).slice(0, 40);
    const once = readLines(oracleFormat, lines).messages.length;
    const twice = readLines(oracleFormat, [...lines, ...lines]);
    expect(once).toBeGreaterThan(1);
    expect(twice.messages.length).toBe(once * 2);
  });
});
