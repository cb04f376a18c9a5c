import { detectFormat, FORMATS, getFormat, MIN_DETECT_SCORE } from '../../src/formats/index';
import type { FormatName } from '../../src/formats/record';
import { fixture, junkLines, linesOf } from './reader-helpers';

const CASES: Array<[FormatName, string[]]> = [
  ['audiocodes', ['detect', 'pastash75-teams-720A-rsyslog-chunk4-bye-from-teams.log']],
  ['audiocodes', ['detect', 'pastash87-teams-raw-newlines-routing-debug.log']],
  ['audiocodes', ['detect', 'odp-cdr-syslog-server-lines.log']],
  ['oracle', ['oracle', 'wireshark-acme_file-lua-doc-examples.log']],
  ['oracle', ['oracle', 'teams-call-and-busy.sipmsg.log']],
  ['cisco', ['cisco', 'teams-call-and-503.debug.log']],
  ['ribbon', ['ribbon', 'teams-call-and-480.syslog.log']],
  ['asterisk', ['asterisk', 'teams-call-and-busy.full.log']],
  ['freeswitch', ['freeswitch', 'freeswitch-sofia-siptrace-callid-prefixed.log']],
  ['freeswitch', ['freeswitch', 'teams-call-and-503.siptrace.log']],
  ['sip', ['sip', 'teams-call-and-busy.sip.txt']],
  ['sip', ['sip', 'hepfix8-ribbon-ipfix-teams-invite-fragment.log']],
  ['sip', ['sip', 'msdocs9021-teams-480-no-callee-endpoints.log']],
];

describe('format detection', () => {
  it.each(CASES)('detects %s in %j', (format, parts) => {
    const got = detectFormat(linesOf(fixture(...parts)));
    expect(got?.format).toBe(format);
    expect(got?.score).toBeGreaterThanOrEqual(MIN_DETECT_SCORE);
  });

  it('tells the formats apart: the winner clearly beats every other sniffer', () => {
    for (const [format, parts] of CASES) {
      const lines = linesOf(fixture(...parts));
      const mine = FORMATS[format].sniff(lines);
      for (const other of Object.values(FORMATS)) {
        if (other.name !== format) {
          expect({ file: parts[1], other: other.name, score: other.sniff(lines) < mine }).toEqual({ file: parts[1], other: other.name, score: true });
        }
      }
    }
  });

  it('detects every format in a CRLF file too', () => {
    for (const [format, parts] of CASES) {
      const lines = linesOf(fixture(...parts).replace(/\r?\n/g, '\r\n'));
      expect({ file: parts[1], got: detectFormat(lines)?.format }).toEqual({ file: parts[1], got: format });
    }
  });

  it('detects a CUBE log sent through syslog, one <PRI> line per datagram', () => {
    const lines = linesOf(fixture('cisco', 'teams-call-and-503.debug.log')).map((l) => `<191>${l}`);
    expect(detectFormat(lines)?.format).toBe('cisco');
  });

  it('claims nothing for binary junk, prose, an empty file, or an SDP alone', () => {
    expect(detectFormat(junkLines(20_000))).toBeNull();
    const prose = [
      'Dear team,',
      '',
      'yesterday at 10:00 the calls to our Teams users failed. The SBC sent INVITE requests but got no answer;',
      'we think the carrier is to blame. Call-ID values are attached. Received from the carrier: nothing.',
      'Regards, Anna',
    ];
    expect(detectFormat(prose)).toBeNull();
    expect(detectFormat([])).toBeNull();
    expect(detectFormat(['v=0', 'o=- 1 1 IN IP4 10.0.0.1', 's=-', 'c=IN IP4 10.0.0.1', 't=0 0', 'm=audio 4000 RTP/AVP 0'])).toBeNull();
  });

  it('looks only at the first lines, and copes with a 10 MB first line', () => {
    const lines = linesOf(fixture('oracle', 'teams-call-and-busy.sipmsg.log'));
    expect(detectFormat(['x'.repeat(10 * 1024 * 1024), ...lines])?.format).toBe('oracle');
  });
});

describe('format registry', () => {
  it('has a module for every format name, under its own name', () => {
    for (const [name, mod] of Object.entries(FORMATS)) {
      expect(mod.name).toBe(name);
    }
    expect(Object.keys(FORMATS).sort()).toEqual(['asterisk', 'audiocodes', 'cisco', 'freeswitch', 'oracle', 'ribbon', 'sip']);
  });

  it('finds modules by name, any case, and nothing for unknown names', () => {
    expect(getFormat('oracle')).toBe(FORMATS.oracle);
    expect(getFormat(' Cisco ')).toBe(FORMATS.cisco);
    expect(getFormat('sip')).toBe(FORMATS.sip);
    expect(getFormat('auto')).toBeNull();
    expect(getFormat('toString')).toBeNull();
    expect(getFormat('')).toBeNull();
  });
});
