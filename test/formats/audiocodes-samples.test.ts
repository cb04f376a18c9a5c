/** The AudioCodes reader on the real published fragments (test/fixtures/audiocodes, see SOURCES). */
import { audiocodesFormat } from '../../src/formats/audiocodes';
import { fixture, linesOf, read } from './audiocodes-helpers';

const skips = (r: ReturnType<typeof read>): string[] =>
  r.items.flatMap((i) => (i.type === 'skip' ? [`${i.skip.where} ${i.skip.why}`] : []));

describe('AudioCodes reader on real fragments', () => {
  test('when Teams answers an OPTIONS (rsyslog #012, paStash prefix), then the 200 OK comes out with its framing', () => {
    const r = read(linesOf(fixture('pastash75-teams-720A-rsyslog-chunk2-options-200ok.log')));
    expect(r.records.map((x) => [x.kind, x.key, x.seq])).toEqual([
      ['sip', 'b9027c:24:198173', 1718476],
      ['sip', 'b9027c:24:198173', 1718478],
    ]);
    // the paStash prefix carries the collector time in GMT; the device time wins when present
    expect(new Date(r.records[0].time ?? 0).toISOString()).toBe('2020-12-19T12:44:56.587Z');
    expect(r.framed.filter((f) => f.type === 'gap')).toEqual([
      { type: 'gap', gap: { device: 'test.log', from: 1718477, to: 1718477, where: 'test.log:2' } },
    ]);
    expect(r.messages).toHaveLength(1);
    const m = r.messages[0];
    expect(m).toMatchObject({
      direction: 'in',
      remote: '52.114.75.24:5061',
      transport: 'TLS',
      iface: 'Teams',
      sessionKey: 'b9027c:24:198173',
      order: 1718478,
      format: 'audiocodes',
      // the excerpt ends inside the Via header: no blank line, so it must say it is cut
      truncated: true,
    });
    expect(m.raw).toBe(
      'SIP/2.0 200 OK\r\nFROM: <sip:10.160.111.51>;tag=1c808889852\r\nTO: <sip:10.160.111.51>\r\n' +
        'CSEQ: 1 OPTIONS\r\nCALL-ID: 143672392819122020124456@sbc.example.it\r\n' +
        'VIA: SIP/2.0/TLS sbc.example.it:5061;branch=z9hG4bKac10785\r\n',
    );
    // the outgoing OPTIONS framing line ended its record and its text was not in the excerpt
    expect(skips(r)).toEqual(['test.log:1 SIP message header in b9027c:24:198173 with no SIP text after it']);
  });

  test('when a record holds a whole BYE from Teams, then debug numbers and trailing spaces stay out of it', () => {
    const r = read(linesOf(fixture('pastash75-teams-720A-rsyslog-chunk4-bye-from-teams.log')));
    expect(r.messages).toHaveLength(1);
    const m = r.messages[0];
    expect(m.raw.startsWith('BYE sip:sbc.example.it:5061;transport=tls SIP/2.0\r\nFROM: Alice Example<sip:')).toBe(true);
    expect(m.raw).toContain(
      '\r\nREASON: Q.850;cause=16;text="7924f078-9d30-4ac2-a95f-eeb3b8ea8c26;CallEndReasonLocalUserInitiated"\r\n',
    );
    expect(m.raw).not.toMatch(/ \r\n/);
    expect(m.raw).not.toContain('(N ');
    expect(m.raw).not.toContain('#012');
    expect(m.raw).not.toContain('[Time:');
    expect(m).toMatchObject({ direction: 'in', remote: '52.114.75.24:9024', iface: 'Teams', transport: 'TLS' });
  });

  test('when the framing line ends a record and the excerpt lacks the SIP text, then it is a counted skip', () => {
    const r = read(linesOf(fixture('pastash75-teams-720A-rsyslog-chunk1-invite-from-teams.log')));
    expect(r.messages).toEqual([]);
    expect(skips(r)).toEqual([
      'test.log:1 SIP message header in b9027c:24:198171 with no SIP text after it',
      'test.log:2 SIP text in b9027c:24:198171 is cut before its first line',
    ]);
    // a backtick pasted in front of the paStash prefix must not turn the time into a host
    expect(r.records.map((x) => x.device)).toEqual(['test.log', 'test.log']);
  });

  test('when the re-INVITE records arrive with gaps, then each gap is reported and nothing is invented', () => {
    const r = read(linesOf(fixture('pastash75-teams-720A-rsyslog-chunk3-reinvite-to-pbx.log')));
    expect(r.framed.flatMap((f) => (f.type === 'gap' ? [[f.gap.from, f.gap.to]] : []))).toEqual([
      [1718544, 1718546],
      [1718548, 1718548],
    ]);
    expect(r.messages).toEqual([]);
    expect(r.records[1].text).toContain('(N  6891957) ---- Outgoing SIP Message to 10.160.21.200:5060');
  });

  test('when a raw record carries real line breaks after a paStash line, then it is one record', () => {
    const r = read(linesOf(fixture('pastash87-teams-raw-newlines-routing-debug.log')), { year: 2021 });
    expect(r.records).toHaveLength(1);
    const rec = r.records[0];
    expect(rec).toMatchObject({ kind: 'sip', key: '813dd0:13:976099', keyIsSession: true, seq: 22477524 });
    expect(new Date(rec.time ?? 0).toISOString()).toBe('2021-03-04T13:56:45.633Z');
    expect(rec.text.startsWith('(N 22948446) (#1017)gwSession[Allocated].')).toBe(true);
    expect(rec.text.endsWith('(N 22948463) GetTag looking for dialed number: False \n')).toBe(true);
    expect(rec.text.split('\n')).toHaveLength(19);
    // the paStash line before it and the cut one after it are not AudioCodes records
    expect(skips(r)).toEqual(['test.log:1 not an AudioCodes record', 'test.log:21 not an AudioCodes record']);
  });

  test('when a Windows export keeps CRLF inside a record, then the continuation lines belong to it', () => {
    const r = read(linesOf(fixture('odp-teams-sdp-continuation-record.log')));
    expect(r.records).toHaveLength(1);
    const rec = r.records[0];
    expect(rec.device).toBe('100.112.70.10');
    expect(rec.key).toBe('cd91eb:42:7998878');
    // year from the collector's own date (2023), not from the year option (2020)
    expect(new Date(rec.time ?? 0).toISOString()).toBe('2023-01-10T10:55:07.699Z');
    // the record starts mid-token: nothing may be trimmed off its start
    expect(rec.text.startsWith('31 185.221.88.103 42436 typ host\r\na=candidate:882788167 2 udp')).toBe(true);
    expect(rec.text.endsWith('2ztA==|2^31\r\n')).toBe(true);
    expect(skips(r)).toEqual([]);
  });

  test('when board records and a media warning arrive, then BID is a debug key and [Code:][CID:] are stripped', () => {
    const r = read(linesOf(fixture('odp-packetloss-reorder-lines.log')));
    expect(r.records.map((x) => [x.kind, x.key, x.device])).toEqual([
      ['debug', 'bid:c64c90:24', '172.200.0.10'],
      ['debug', 'bid:cd91eb:43', '100.112.70.10'],
      ['sip', 'cd91eb:43:20928800', '100.112.70.10'],
    ]);
    expect(r.records[2].text).toBe(
      'RTP packets reorder: CID=633 SeqNum=34649 LastSeqRecv=34650 SrcIP=213.190.78.157 SrcPort=50016',
    );
    expect(r.records[2].attrs).toEqual({ code: '0x600b', cid: '633' });
    expect(new Date(r.records[1].time ?? 0).toISOString()).toBe('2023-03-06T08:40:45.035Z');
    expect(r.records[1].text.startsWith('Packets-Loss report[PL range]')).toBe(true);
    expect(r.messages).toEqual([]);
  });

  test('when CDR rows come before their header row, then they are mapped by the 7.40A header and say so', () => {
    const r = read(linesOf(fixture('odp-cdr-syslog-server-lines.log')));
    const rows = r.items.flatMap((i) => (i.type === 'cdr' ? [i.row] : []));
    expect(rows.map((x) => [x.type, x.sessionKey, x.device, x.columnsAssumed])).toEqual([
      ['CALL_START', 'c62532:22:625', '10.0.10.11', '7.40A'],
      ['CALL_CONNECT', 'c62532:22:625', '10.0.10.11', '7.40A'],
      ['CALL_END', 'c62532:22:625', '10.0.10.11', '7.40A'],
      // the MediaReportType header (S=125) came before these two
      ['MEDIA_END', 'c62532:22:710', '10.0.10.11', undefined],
      ['MEDIA_UPDATE', 'c62532:22:743', '10.0.10.11', undefined],
      ['CALL_START', 'a31055:229:69538346', '172.16.10.1', '7.40A'],
    ]);
    const end = rows[2];
    expect(end.sipCallId).toBe('4341598405122022185752@10.0.2.11');
    expect(end.fields).toMatchObject({
      TrmReason: 'GWAPP_NORMAL_CALL_CLEAR',
      TrmReasonCategory: 'NORMAL_CALL_CLEAR',
      SIPTrmReason: 'BYE',
      ReleaseTime: '18:58:29.657  UTC Mon Dec 05 2022',
      LegId: '2',
      'IPGroup (name)': 'SBC2',
    });
    expect(rows[3].fields).toMatchObject({ Coder: 'g711Ulaw64k', RemotePackLoss: '23', LegId: '2' });
    // CDR records take their time from the row (ReleaseTime of CALL_END)
    const endRec = r.records.find((x) => x.seq === 129);
    expect(new Date(endRec?.time ?? 0).toISOString()).toBe('2022-12-05T18:58:29.657Z');
    // the header rows (S=125 media, S=1 SBC) map columns and are not rows themselves
    expect(rows.some((x) => x.type.endsWith('ReportType'))).toBe(false);
    expect(r.framed.flatMap((f) => (f.type === 'gap' ? [[f.gap.from, f.gap.to]] : []))).toEqual([
      [124, 124],
      [126, 128],
      [130, 143],
      [145, 150],
    ]);
  });

  test('when a 7.40A header row (wrapped in the excerpt) precedes CALL_END, then the row is mapped by it', () => {
    const r = read(linesOf(fixture('pastash240-740A-cdr-header-and-call-end-fragment.log')));
    const rows = r.items.flatMap((i) => (i.type === 'cdr' ? [i.row] : []));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ type: 'CALL_END', sessionKey: '665997:5:', sipCallId: 'xA7dsSPlV5DLuU6Gl5kG6w..' });
    expect(rows[0].columnsAssumed).toBeUndefined();
    expect(Object.keys(rows[0].fields)).toContain('SIPTermDesc');
    expect(Object.keys(rows[0].fields)).toContain('VoiceAIConnectorName');
  });

  test('when CDR rows have no syslog framing at all, then they are still rows', () => {
    const r = read(linesOf(fixture('odp-cdr-media-report-bare-lines.log')));
    const rows = r.items.flatMap((i) => (i.type === 'cdr' ? [i.row] : []));
    expect(rows.map((x) => x.type)).toEqual([
      'CALL_START', 'CALL_CONNECT', 'CALL_END', 'CALL_START',
      'MEDIA_END', 'MEDIA_UPDATE', 'MEDIA_END', 'MEDIA_UPDATE', 'MEDIA_UPDATE', 'MEDIA_END', 'MEDIA_START',
    ]);
    const teams = rows.find((x) => x.sessionKey === 'cd91eb:43:261598');
    expect(teams?.fields).toMatchObject({ RemoteRtpIp: '52.112.174.44', Coder: 'N/A', RTPjitter: '4294967295' });
    expect(skips(r)).toEqual([]);
  });

  test('when lines are paStash notes or e-mail wrapped, then they are skipped or kept as debug text, never thrown', () => {
    const headers = read(linesOf(fixture('pastash240-740A-message-header-lines.log')));
    expect(headers.records).toEqual([]);
    expect(skips(headers)).toHaveLength(7);
    const mail = read(linesOf(fixture('pastash75-teams-720A-email-wrapped-options.log')));
    expect(mail.messages).toEqual([]);
    expect(mail.records.map((x) => x.key)).toEqual(['b9027c:24:188846']);
  });

  test('sniff scores AudioCodes renderings high and other text low', () => {
    const score = (name: string): number => audiocodesFormat.sniff(linesOf(fixture(name)));
    expect(score('pastash75-teams-720A-rsyslog-chunk2-options-200ok.log')).toBeGreaterThanOrEqual(0.9);
    expect(score('odp-cdr-syslog-server-lines.log')).toBeGreaterThanOrEqual(0.9);
    expect(score('odp-teams-sdp-continuation-record.log')).toBeGreaterThanOrEqual(0.7);
    expect(score('pastash75-viewer-multiline-routing-debug-fragment.log')).toBeGreaterThan(0.3);
    expect(score('pastash75-viewer-multiline-routing-debug-fragment.log')).toBeLessThan(0.7);
    const plainSip = ['INVITE sip:bob@example.com SIP/2.0', 'Via: SIP/2.0/UDP 10.0.0.1:5060', 'Call-ID: abc', ''];
    expect(audiocodesFormat.sniff(plainSip)).toBe(0);
    expect(audiocodesFormat.sniff([])).toBe(0);
  });
});
