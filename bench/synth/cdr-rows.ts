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

export function hostPort(hp: string): [string, string] {
  const i = hp.lastIndexOf(':');
  return [hp.slice(0, i), hp.slice(i + 1)];
}

/** What one CALL_END row says about one leg; the rest of the columns are the device's constants. */
export interface CallEndFields {
  callId: string;
  sessionKey: string;
  /** the peer sent the leg's INVITE (Orig RMT): it is the source, the SBC the destination */
  peerIsSource: boolean;
  peerIp: string;
  peerPort: string;
  sbcIp: string;
  sbcPort: string;
  transport: string;
  srcUri: string;
  dstUri: string;
  trmSd: string;
  trmReason: string;
  trmCategory: string;
  setup: number;
  connect: number | null;
  release: number;
  /** IP group, SIP interface, proxy set and IP profile name */
  name: string;
  sipTrmReason: string;
  sipTermDesc: string;
  caller: string;
  callee: string;
  legId: number;
}

/** One CALL_END row in the 7.40A column set, each value padded to its column like the device does. */
export function formatCallEndRow(f: CallEndFields): string {
  const values = [
    'CALL_END',
    'SBC',
    f.callId,
    f.sessionKey,
    f.peerIsSource ? 'RMT' : 'LCL',
    f.peerIsSource ? f.peerIp : f.sbcIp,
    f.peerIsSource ? f.peerPort : f.sbcPort,
    f.peerIsSource ? f.sbcIp : f.peerIp,
    f.peerIsSource ? f.sbcPort : f.peerPort,
    f.transport,
    f.srcUri,
    f.srcUri,
    f.dstUri,
    f.dstUri,
    String(f.connect === null ? 0 : Math.round((f.release - f.connect) / 1000)),
    f.trmSd,
    f.trmReason,
    f.trmCategory,
    cdrTime(f.setup),
    f.connect === null ? '' : cdrTime(f.connect),
    cdrTime(f.release),
    '-1',
    '',
    '',
    '46',
    f.name,
    'DefaultSRD',
    f.name,
    f.name,
    f.name,
    'DefaultRealm',
    'no',
    f.sipTrmReason,
    f.sipTermDesc,
    f.caller,
    f.callee,
    'Normal',
    String(f.legId),
    '',
  ];
  let row = '';
  for (let i = 0; i < values.length; i++) {
    row += '|' + values[i].padEnd(WIDTHS[i] ?? 0, ' ');
  }
  return row;
}

/** One CALL_END row for one leg. */
export function callEndRow(e: LegEnd, sid: string, setup: number, connect: number | null, release: number): string {
  const leg = e.leg;
  const [peerIp, peerPort] = hostPort(leg.remoteOut);
  const user = (uri: string): string => uri.replace(/^sip:/, '').split(';')[0];
  return formatCallEndRow({
    callId: leg.callId,
    sessionKey: sid,
    peerIsSource: !leg.sbcIsUac,
    peerIp,
    peerPort,
    sbcIp: SBC_IP,
    sbcPort: leg.side === 'teams' ? '5061' : '5060',
    transport: leg.transport,
    srcUri: user(leg.uacUri),
    dstUri: user(leg.uasUri),
    trmSd: e.trmSd,
    trmReason: e.trmReason,
    trmCategory: e.trmCategory,
    setup,
    connect,
    release,
    name: leg.side === 'teams' ? 'Teams' : 'Carrier',
    sipTrmReason: e.sipTrmReason,
    sipTermDesc: e.sipTermDesc,
    caller: e.caller,
    callee: e.callee,
    legId: e.legId,
  });
}
