/**
 * AudioCodes SBC CALL_END rows (7.40A column set), one per leg, padded like the device pads them:
 *
 *   |SBCReportType  |EPTyp     |SIPCallId  …|SessionId               |Orig |…|TrmReason   …|…|LegId|VoiceAIConnectorName
 *   |CALL_END       |SBC       |8f2c…@203.0.113.10 …|b9027c:24:1001 |RMT  |…|GWAPP_USER_BUSY …|…|1    |
 *
 * What ended each leg is read off the leg's messages: BYE, CANCEL, or the final failure status.
 */
import { CDR_HEADER_ROW, formatCallEndRow, hostPort } from '../../../bench/synth/cdr-rows';
import { isRequest } from './render-common';
import type { LegSpec, PlacedCall, Side } from './scenario-types';

export { CDR_HEADER_ROW };

/** TrmReason / TrmReasonCategory per final SIP status (Q.850 names as the device prints them) */
const BY_STATUS: Record<number, [string, string]> = {
  403: ['GWAPP_CALL_REJECTED', 'FORBIDDEN'],
  404: ['GWAPP_UNASSIGNED_NUMBER', 'NO_MATCH'],
  408: ['GWAPP_RECOVERY_ON_TIMER_EXPIRY', 'NO_ANSWER'],
  420: ['GWAPP_INTERWORKING_UNSPECIFIED', 'UNKNOWN'],
  480: ['GWAPP_NO_USER_RESPONDING', 'NO_ANSWER'],
  486: ['GWAPP_USER_BUSY', 'BUSY'],
  487: ['GWAPP_NORMAL_CALL_CLEAR', 'ABANDONED'],
  488: ['GWAPP_INCOMPATIBLE_DESTINATION', 'UNKNOWN'],
  500: ['GWAPP_TEMPORARY_FAILURE', 'UNKNOWN'],
  503: ['GWAPP_RESOURCE_UNAVAILABLE_UNSPECIFIED', 'NO_RESOURCES'],
  603: ['GWAPP_CALL_REJECTED', 'NO_ANSWER'],
};

interface LegEnd {
  side: Side;
  trmSd: 'LCL' | 'RMT';
  sipTrmReason: string;
  trmReason: string;
  category: string;
}

function statusOf(sip: string): number {
  return Number(sip.slice(8, 11));
}

function cseqMethod(sip: string): string {
  const m = /\r\nCSEQ: *\d+ +(\w+)/i.exec(sip);
  return m ? m[1].toUpperCase() : '';
}

function legEnd(call: PlacedCall, side: Side): LegEnd | null {
  let fail: { status: number; dir: 'in' | 'out' } | null = null;
  for (const s of call.scenario.steps) {
    if (s.leg !== side) {
      continue;
    }
    if (isRequest(s.sip)) {
      const method = s.sip.slice(0, s.sip.indexOf(' '));
      if (method === 'BYE' || method === 'CANCEL') {
        const cat = method === 'BYE' ? 'NORMAL_CALL_CLEAR' : 'ABANDONED';
        return { side, trmSd: s.dir === 'in' ? 'RMT' : 'LCL', sipTrmReason: method, trmReason: 'GWAPP_NORMAL_CALL_CLEAR', category: cat };
      }
    } else if (cseqMethod(s.sip) === 'INVITE' && statusOf(s.sip) >= 300) {
      fail = { status: statusOf(s.sip), dir: s.dir };
    }
  }
  if (!fail) {
    return null;
  }
  const [trmReason, category] = BY_STATUS[fail.status] ?? ['GWAPP_INTERWORKING_UNSPECIFIED', 'UNKNOWN'];
  return { side, trmSd: fail.dir === 'in' ? 'RMT' : 'LCL', sipTrmReason: String(fail.status), trmReason, category };
}

function row(call: PlacedCall, leg: LegSpec, e: LegEnd, legId: number, setup: number, connect: number | null, release: number): string {
  const [peerIp, peerPort] = hostPort(leg.remoteOut);
  const [sbcIp, sbcPort] = hostPort(leg.local);
  return formatCallEndRow({
    callId: leg.callId,
    sessionKey: call.sessionKey,
    peerIsSource: !leg.sbcIsUac,
    peerIp,
    peerPort,
    sbcIp,
    sbcPort,
    transport: leg.transport,
    srcUri: leg.caller,
    dstUri: leg.callee,
    trmSd: e.trmSd,
    trmReason: e.trmReason,
    trmCategory: e.category,
    setup,
    connect,
    release,
    name: leg.side === 'teams' ? 'Teams' : 'Carrier',
    sipTrmReason: e.sipTrmReason,
    sipTermDesc: e.sipTrmReason === 'BYE' ? 'Q.850;cause=16' : '',
    caller: leg.caller,
    callee: leg.callee,
    legId,
  });
}

/** The CALL_END rows of a call whose legs ended in the log (none for a call still up), and their time. */
export function callEndRows(call: PlacedCall): { t: number; rows: string[] } | null {
  const s = call.scenario;
  if (s.steps.length === 0) {
    return null;
  }
  const release = call.t0 + s.steps[s.steps.length - 1].atMs;
  const ok = s.steps.find((x) => !isRequest(x.sip) && statusOf(x.sip) === 200 && cseqMethod(x.sip) === 'INVITE');
  const connect = s.cdrConnectAtMs !== undefined ? call.t0 + s.cdrConnectAtMs : ok ? call.t0 + ok.atMs : null;
  const setup = call.t0 + Math.min(0, s.cdrConnectAtMs ?? 0) - (s.cdrConnectAtMs !== undefined ? 9000 : 0);
  const rows: string[] = [];
  let legId = 1;
  const sides = (['carrier', 'teams'] as const).filter((x) => s.legs[x]);
  sides.sort((a, b) => Number(s.legs[a]?.sbcIsUac) - Number(s.legs[b]?.sbcIsUac));
  for (const side of sides) {
    const leg = s.legs[side] as LegSpec;
    const e = legEnd(call, side);
    if (!e) {
      return null;
    }
    rows.push(row(call, leg, e, legId++, setup, connect, release));
  }
  return rows.length ? { t: release + 6, rows } : null;
}
