import fs from 'node:fs';
import path from 'node:path';

/**
 * AudioCodes log lines for ingest tests, built from the real records in
 * test/fixtures/ingest/rsyslog-teams-bye.log (a Teams BYE and an OPTIONS 200 OK from a Mediant
 * 7.20A, see SOURCES in test/fixtures/audiocodes): the same record with its own `[S=n]` and SID,
 * so each line is a distinct record and tests can tell every record by its sequence number.
 */
const TEMPLATE = fs
  .readFileSync(path.join(__dirname, '../../fixtures/ingest/rsyslog-teams-bye.log'), 'utf8')
  .split('\n')
  .filter((l) => l.includes('[S='));

/** one rsyslog line (one complete record) with sequence number `seq` */
export function rsyslogLine(seq: number): string {
  const t = TEMPLATE[seq % TEMPLATE.length];
  return t.replace(/\[S=\d+\]/, `[S=${seq}]`).replace(/\[SID=([0-9a-f]+):(\d+):\d+\]/, `[SID=$1:$2:${100000 + seq}]`);
}

/** `from`..`to` (inclusive) as file text, one record per line */
export function rsyslogLines(from: number, to: number): string {
  let s = '';
  for (let i = from; i <= to; i++) {
    s += rsyslogLine(i) + '\n';
  }
  return s;
}

/** the raw datagram an SBC sends for record `seq` (`<133>[S=…` with real line breaks) */
export function datagram(seq: number): string {
  const line = rsyslogLine(seq);
  const body = line.slice(line.indexOf('[S='));
  return `<133>${body.replace(/ #012/g, ' \r\n')}`;
}

/**
 * A record in the Windows syslog-server rendering: the first line has the prefix, the SIP lines
 * follow on their own lines, `[Time:…]` closes it (several physical lines per record).
 */
export function windowsRecordLines(seq: number): string[] {
  const line = rsyslogLine(seq);
  const body = line.slice(line.indexOf('[S='));
  const parts = body.split(' #012');
  parts[0] = `2020-12-19 12:44:56 local0.notice 10.160.111.51  ${parts[0]}`;
  return parts;
}

/** the S numbers of the records received, sorted */
export function seqsOf(records: ReadonlyArray<{ seq?: number }>): number[] {
  return records.map((r) => r.seq ?? -1).sort((a, b) => a - b);
}

export function range(from: number, to: number): number[] {
  const out: number[] = [];
  for (let i = from; i <= to; i++) {
    out.push(i);
  }
  return out;
}
