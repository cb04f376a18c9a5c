/**
 * AudioCodes SBC CDR rows (7.40A column set), padded like the device pads them:
 *
 *   |SBCReportType  |EPTyp     |SIPCallId        …|SessionId               |Orig |…|LegId|VoiceAIConnectorName
 *   |CALL_END       |SBC       |4341…@198.51.100.10…|b9027c:24:1001         |RMT  |…|1    |
 */
import type { LegEnd } from './scenarios';
import { SBC_IP } from './sip-builder';

/** The 7.40A header as the device sends it (widths from reference/sbc-log-formats.md §1.8 samples). */
const HEADER =
  '|SBCReportType  |EPTyp     |SIPCallId                                                       |SessionId               |Orig |SourceIp            |SourcePort   |DestIp              |DestPort   |TransportType   |SrcURI                                   |SrcURIBeforeMap                          |DstURI                                   |DstURIBeforeMap                          |Duration|TrmSd|TrmReason                               |TrmReasonCategory|SetupTime                          |ConnectTime                        |ReleaseTime                        |RedirectReason |RedirectURINum                           |RedirectURINumBeforeMap                  |TxSigIPDiffServ|IPGroup (name)                  |SrdId (name)                    |SIPInterfaceId (name)           |ProxySetId (name)               |IpProfileId (name)              |MediaRealmId (name)             |DirectMedia|SIPTrmReason|SIPTermDesc               |Caller                                             |Callee                               |Trigger |LegId|VoiceAIConnectorName';

const WIDTHS = HEADER.split('|').slice(1).map((c) => c.length);

export const CDR_HEADER_ROW = HEADER;

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const p2 = (n: number): string => (n < 10 ? `0${n}` : String(n));
const p3 = (n: number): string => (n < 10 ? `00${n}` : n < 100 ? `0${n}` : String(n));

/** `18:57:52.320  UTC Mon Dec 05 2022` */
export function cdrTime(ms: number): string {
  const d = new Date(ms);
  return `${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}.${p3(d.getUTCMilliseconds())}  UTC ${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${p2(d.getUTCDate())} ${d.getUTCFullYear()}`;
}

function hostPort(hp: string): [string, string] {
  const i = hp.lastIndexOf(':');
  return [hp.slice(0, i), hp.slice(i + 1)];
}

/** One CALL_END row for one leg. */
export function callEndRow(e: LegEnd, sid: string, setup: number, connect: number | null, release: number): string {
  const leg = e.leg;
  const [peerIp, peerPort] = hostPort(leg.remoteOut);
  const sbcPort = leg.side === 'teams' ? '5061' : '5060';
  const peerIsSource = !leg.sbcIsUac;
  const user = (uri: string): string => uri.replace(/^sip:/, '').split(';')[0];
  const name = leg.side === 'teams' ? 'Teams' : 'Carrier';
  const values = [
    'CALL_END',
    'SBC',
    leg.callId,
    sid,
    peerIsSource ? 'RMT' : 'LCL',
    peerIsSource ? peerIp : SBC_IP,
    peerIsSource ? peerPort : sbcPort,
    peerIsSource ? SBC_IP : peerIp,
    peerIsSource ? sbcPort : peerPort,
    leg.transport,
    user(leg.uacUri),
    user(leg.uacUri),
    user(leg.uasUri),
    user(leg.uasUri),
    String(connect === null ? 0 : Math.round((release - connect) / 1000)),
    e.trmSd,
    e.trmReason,
    e.trmCategory,
    cdrTime(setup),
    connect === null ? '' : cdrTime(connect),
    cdrTime(release),
    '-1',
    '',
    '',
    '46',
    name,
    'DefaultSRD',
    name,
    name,
    name,
    'DefaultRealm',
    'no',
    e.sipTrmReason,
    e.sipTermDesc,
    e.caller,
    e.callee,
    'Normal',
    String(e.legId),
    '',
  ];
  let row = '';
  for (let i = 0; i < values.length; i++) {
    row += '|' + values[i].padEnd(WIDTHS[i] ?? 0, ' ');
  }
  return row;
}
