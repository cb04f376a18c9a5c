import { looksBinary, parseSyslog, trimFrame } from '../../src/ingest/syslog-parse';

describe('parseSyslog', () => {
  it('reads the AudioCodes minimal form: PRI and body, no time, no host', () => {
    const text = '<133>[S=1718460] [SID=b9027c:24:198171]  (N  6891676) ---- Incoming SIP Message';
    const r = parseSyslog(text);
    expect(r.ok).toBe(true);
    if (!r.ok) {return;}
    expect(r.value).toMatchObject({ pri: 133, facility: 16, severity: 5, protocol: 'bare' });
    expect(r.value.host).toBeUndefined();
    expect(r.value.msg).toBe('[S=1718460] [SID=b9027c:24:198171]  (N  6891676) ---- Incoming SIP Message');
    expect(text.slice(r.value.msgStart)).toBe(r.value.msg);
  });

  it('reads RFC 3164 with a BSD timestamp and a host, also with a space-padded day', () => {
    const r = parseSyslog('<142>Nov  5 08:01:02 10.0.10.11 [S=63] |MEDIA_END |…');
    expect(r.ok && r.value).toMatchObject({
      pri: 142,
      protocol: 'rfc3164',
      timestamp: 'Nov  5 08:01:02',
      host: '10.0.10.11',
      msg: '[S=63] |MEDIA_END |…',
    });
  });

  it('does not take a tag or an AudioCodes body for the host', () => {
    const text = '<13>Dec 19 12:44:54 sbcd[123]: hello';
    const tag = parseSyslog(text);
    expect(tag.ok && tag.value.host).toBeUndefined();
    expect(tag.ok && tag.value.msg).toBe('sbcd[123]: hello');
    expect(tag.ok && tag.value.tag).toBe('sbcd');
    expect(tag.ok && text.slice(tag.value.contentStart)).toBe('hello');
    const body = parseSyslog('<133>Dec 19 12:44:54 [S=5] [SID=a:1:2] x');
    expect(body.ok && body.value.host).toBeUndefined();
    expect(body.ok && body.value.msg).toBe('[S=5] [SID=a:1:2] x');
  });

  it('finds the TAG after the host, and no TAG in an AudioCodes body', () => {
    const text = '<14>Nov 23 11:00:00 pbx1 asterisk[12345]: [2026-11-23 11:00:00.100] VERBOSE[12345] res_pjsip_logger.c: <--- x';
    const r = parseSyslog(text);
    expect(r.ok && r.value).toMatchObject({ host: 'pbx1', tag: 'asterisk' });
    expect(r.ok && text.slice(r.value.contentStart)).toBe('[2026-11-23 11:00:00.100] VERBOSE[12345] res_pjsip_logger.c: <--- x');
    const ac = parseSyslog('<133>Nov  5 08:01:02 10.0.10.11 [S=63] [SID=a:1:2] x');
    expect(ac.ok && ac.value.tag).toBeUndefined();
    expect(ac.ok && ac.value.contentStart).toBe(ac.ok && ac.value.msgStart);
  });

  it("reads rsyslog's ISO timestamp variant", () => {
    const r = parseSyslog('<134>2026-11-25T08:35:00.123+01:00 sbc1 [S=7] text');
    expect(r.ok && r.value).toMatchObject({
      protocol: 'rfc3164',
      host: 'sbc1',
      time: Date.UTC(2026, 10, 25, 7, 35, 0, 123),
      msg: '[S=7] text',
    });
  });

  it('reads RFC 5424 with structured data holding escaped brackets and quotes, and a BOM', () => {
    const text = '<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 [exampleSDID@32473 iut="3" eventSource="Appl\\]ication" eventID="1011"][x@1 a="\\"q\\""] \uFEFFAn application event';
    const r = parseSyslog(text);
    expect(r.ok && r.value).toMatchObject({
      pri: 165,
      protocol: 'rfc5424',
      timestamp: '2003-10-11T22:14:15.003Z',
      time: Date.UTC(2003, 9, 11, 22, 14, 15, 3),
      host: 'mymachine.example.com',
      app: 'evntslog',
      msgId: 'ID47',
      structuredData: '[exampleSDID@32473 iut="3" eventSource="Appl\\]ication" eventID="1011"][x@1 a="\\"q\\""]',
      msg: 'An application event',
    });
    expect(r.ok && r.value.procId).toBeUndefined();
  });

  it('reads RFC 5424 with nil fields and no message', () => {
    const r = parseSyslog('<34>1 - - - - - -');
    expect(r.ok && r.value).toMatchObject({ protocol: 'rfc5424', msg: '' });
    expect(r.ok && r.value.host).toBeUndefined();
  });

  it('reads the Ribbon form: a space after PRI, no structured data', () => {
    const text = '<147> 1 2020-05-05T10:11:12.123456+02:00 sbc5k TRC - - sent msg for CallId:12 to IP/port:52.114.75.24/5061';
    const r = parseSyslog(text);
    expect(r.ok && r.value).toMatchObject({
      pri: 147,
      protocol: 'rfc5424',
      host: 'sbc5k',
      app: 'TRC',
      msg: 'sent msg for CallId:12 to IP/port:52.114.75.24/5061',
    });
  });

  it('refuses what is not syslog, as values', () => {
    expect(parseSyslog('')).toEqual({ ok: false, reason: 'empty' });
    expect(parseSyslog('[S=1] no pri')).toEqual({ ok: false, reason: 'no-pri' });
    expect(parseSyslog('<>x')).toEqual({ ok: false, reason: 'no-pri' });
    expect(parseSyslog('<192>x')).toEqual({ ok: false, reason: 'bad-pri' });
    expect(parseSyslog('<1333>x')).toEqual({ ok: false, reason: 'bad-pri' });
    expect(parseSyslog('<13x')).toEqual({ ok: false, reason: 'bad-pri' });
  });

  it('stays linear on a huge message without spaces', () => {
    const big = '<13>' + 'x'.repeat(5_000_000);
    const r = parseSyslog(big);
    expect(r.ok && r.value.protocol).toBe('bare');
    expect(r.ok && r.value.msg.length).toBe(5_000_000);
    const big5424 = parseSyslog('<13>1 ' + 'y'.repeat(5_000_000));
    expect(big5424.ok && big5424.value.protocol).toBe('bare');
    const big3164 = parseSyslog('<13>Nov 25 08:00:00 ' + 'z'.repeat(5_000_000));
    expect(big3164.ok && big3164.value).toMatchObject({ protocol: 'rfc3164', msgStart: 20 });
    expect(big3164.ok && big3164.value.host).toBeUndefined();
  });
});

describe('looksBinary and trimFrame', () => {
  it('tells binary from text with CRLF, tabs and colour codes', () => {
    expect(looksBinary(Buffer.from('<133>[S=1] a\r\nb\tc \u001b[31mred\u001b[0m'))).toBe(false);
    expect(looksBinary(Buffer.from([60, 49, 62, 0, 65]))).toBe(true);
    expect(looksBinary(Buffer.from(Array.from({ length: 100 }, (_, i) => (i % 3 === 0 ? 1 : 65))))).toBe(true);
  });

  it('drops trailing line breaks and NULs only', () => {
    expect(trimFrame(Buffer.from('<1>a\nb\r\n\0')).toString()).toBe('<1>a\nb');
    expect(trimFrame(Buffer.from('\n')).length).toBe(0);
  });
});
