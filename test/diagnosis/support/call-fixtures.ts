/**
 * Hand-made, realistic calls for the diagnosis tests: SIP text written like an SBC logs it,
 * parsed with the real parser, put into legs the way the call builder does.
 *
 *   const carrier = new SipDialog({ callId: 'c1@203.0.113.5', caller: '+4930555', callee: '+4940777', … });
 *   const call = buildCall({ legs: [{ callId, peer: 'carrier', remote, initiator: 'in' }, …],
 *                            steps: [{ leg: 0, dir: 'in', at: 0, text: carrier.invite({ sdp }) }, …] });
 */
import type { Call, CallMessage, Leg, PeerKind } from '../../../src/calls/call';
import type { CdrRow, SeqGap } from '../../../src/formats/record';
import { parseSip } from '../../../src/sip/parser';

export const T0 = Date.UTC(2026, 10, 23, 9, 0, 1, 712);

const PT: Record<string, [number, string]> = {
  PCMU: [0, 'PCMU/8000'],
  PCMA: [8, 'PCMA/8000'],
  G722: [9, 'G722/8000'],
  G729: [18, 'G729/8000'],
  SILK: [104, 'SILK/16000'],
  OPUS: [111, 'opus/48000/2'],
};

export interface SdpSpec {
  ip: string;
  port?: number;
  codecs: string[];
  srtp?: boolean;
  dir?: 'sendrecv' | 'sendonly' | 'recvonly' | 'inactive';
  /** ICE: 'full' = credentials and a host candidate (Teams, media bypass), 'lite' = a=ice-lite too */
  ice?: 'full' | 'lite';
}

/** An SDP body, CRLF line ends. */
export function sdp(o: SdpSpec): string {
  const pts = o.codecs.map((c) => PT[c][0]);
  const lines = [
    'v=0',
    `o=- 1760810766 1135981213 IN IP4 ${o.ip}`,
    's=-',
    `c=IN IP4 ${o.ip}`,
    't=0 0',
    `m=audio ${o.port ?? 7028} ${o.srtp ? 'RTP/SAVP' : 'RTP/AVP'} ${[...pts, 101].join(' ')}`,
    ...o.codecs.map((c) => `a=rtpmap:${PT[c][0]} ${PT[c][1]}`),
    'a=rtpmap:101 telephone-event/8000',
    'a=fmtp:101 0-15',
    'a=ptime:20',
    ...(o.srtp ? ['a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:jfsNgnHhGKpmx2NVhEKvYUcuOsDWOxhvMjRJO23e|2^31'] : []),
    ...(o.ice === 'lite' ? ['a=ice-lite'] : []),
    ...(o.ice ? ['a=ice-ufrag:Fb3x', 'a=ice-pwd:hB8c2Ld0s9Vq5xRz1mTn4KpW', `a=candidate:1 1 UDP 2130706431 ${o.ip} ${o.port ?? 7028} typ host`] : []),
    `a=${o.dir ?? 'sendrecv'}`,
  ];
  return `${lines.join('\r\n')}\r\n`;
}

export interface DialogSpec {
  callId: string;
  caller: string;
  callee: string;
  /** host of the caller side (Via/Contact of requests it sends) */
  callerHost: string;
  /** host of the callee side */
  calleeHost: string;
  fromTag?: string;
  toTag?: string;
  /** transport in Via */
  transport?: 'UDP' | 'TCP' | 'TLS';
  /** Contact host of the caller side when it differs from callerHost */
  callerContact?: string;
  calleeContact?: string;
}

interface Sent {
  method: string;
  seq: number;
  fromCallee: boolean;
  branch: string;
}

/** One SIP dialog as text: requests of either side and responses to them. */
export class SipDialog {
  private readonly d: Required<Omit<DialogSpec, 'callerContact' | 'calleeContact'>> & Pick<DialogSpec, 'callerContact' | 'calleeContact'>;
  private callerSeq = 1;
  private calleeSeq = 1;
  private branchNo = 0;
  private readonly sent: Sent[] = [];

  constructor(spec: DialogSpec) {
    this.d = { fromTag: 'ft1a2b', toTag: 'tt9z8y', transport: 'UDP', ...spec };
  }

  get callId(): string {
    return this.d.callId;
  }

  private fromTo(fromCallee: boolean, withToTag: boolean): string[] {
    const caller = `<sip:${this.d.caller}@${this.d.callerHost};user=phone>`;
    const callee = `<sip:${this.d.callee}@${this.d.calleeHost};user=phone>`;
    if (fromCallee) {
      return [`From: ${callee};tag=${this.d.toTag}`, `To: ${caller};tag=${this.d.fromTag}`];
    }
    return [`From: ${caller};tag=${this.d.fromTag}`, `To: ${callee}${withToTag ? `;tag=${this.d.toTag}` : ''}`];
  }

  private finish(head: string[], body?: string): string {
    const b = body ?? '';
    const lines = [...head];
    if (b) {
      lines.push('Content-Type: application/sdp');
    }
    lines.push(`Content-Length: ${Buffer.byteLength(b)}`);
    return `${lines.join('\r\n')}\r\n\r\n${b}`;
  }

  /**
   * A request. `fromCallee` = sent by the callee side (BYE from the called party, its re-INVITE).
   * `seq` reuses a CSeq number (CANCEL/ACK of an INVITE); `branchOf` reuses the branch of that seq.
   */
  request(
    method: string,
    o: { fromCallee?: boolean; seq?: number; inDialog?: boolean; sdp?: string; extra?: string[]; branchOf?: number } = {},
  ): string {
    const fromCallee = o.fromCallee ?? false;
    let seq: number;
    if (o.seq !== undefined) {
      seq = o.seq;
    } else if (fromCallee) {
      seq = this.calleeSeq++;
    } else {
      seq = this.callerSeq++;
    }
    const reuse = o.branchOf !== undefined ? this.sent.find((s) => s.seq === o.branchOf && s.fromCallee === fromCallee) : undefined;
    const branch = reuse ? reuse.branch : `z9hG4bK${this.d.callId.slice(0, 4)}${++this.branchNo}`;
    if (!reuse) {
      this.sent.push({ method, seq, fromCallee, branch });
    }
    const host = fromCallee ? this.d.calleeHost : this.d.callerHost;
    const target = fromCallee ? `${this.d.caller}@${this.d.callerHost}` : `${this.d.callee}@${this.d.calleeHost}`;
    const contact = fromCallee ? (this.d.calleeContact ?? this.d.calleeHost) : (this.d.callerContact ?? this.d.callerHost);
    const withToTag = fromCallee || (method === 'INVITE' ? (o.inDialog ?? false) : method !== 'CANCEL');
    const head = [
      `${method} sip:${target};user=phone SIP/2.0`,
      `Via: SIP/2.0/${this.d.transport} ${host}:5060;branch=${branch}`,
      'Max-Forwards: 70',
      ...this.fromTo(fromCallee, withToTag),
      `Call-ID: ${this.d.callId}`,
      `CSeq: ${seq} ${method}`,
      `Contact: <sip:${fromCallee ? this.d.callee : this.d.caller}@${contact}:5060>`,
      'User-Agent: test-ua/1.0',
      ...(o.extra ?? []),
    ];
    return this.finish(head, o.sdp);
  }

  /** The initial INVITE (no To-tag). */
  invite(o: { sdp?: string; extra?: string[] } = {}): string {
    return this.request('INVITE', { ...o, inDialog: false });
  }

  /** A response to the caller's request with CSeq `seq` (default: the caller's last INVITE). */
  response(
    status: number,
    phrase: string,
    o: { seq?: number; method?: string; toCallee?: boolean; sdp?: string; extra?: string[]; noToTag?: boolean } = {},
  ): string {
    const toCallee = o.toCallee ?? false;
    const method = o.method ?? 'INVITE';
    const req =
      o.seq !== undefined
        ? this.sent.find((s) => s.seq === o.seq && s.method === method && s.fromCallee === toCallee)
        : [...this.sent].reverse().find((s) => s.method === method && s.fromCallee === toCallee);
    const seq = req?.seq ?? o.seq ?? 1;
    const branch = req?.branch ?? 'z9hG4bKnone';
    const host = toCallee ? this.d.calleeHost : this.d.callerHost;
    const withToTag = !(o.noToTag ?? status === 100);
    const contact = toCallee ? (this.d.callerContact ?? this.d.callerHost) : (this.d.calleeContact ?? this.d.calleeHost);
    const head = [
      `SIP/2.0 ${status} ${phrase}`,
      `Via: SIP/2.0/${this.d.transport} ${host}:5060;branch=${branch}`,
      ...this.fromTo(toCallee, withToTag),
      `Call-ID: ${this.d.callId}`,
      `CSeq: ${seq} ${method}`,
      ...(status >= 200 && status < 300 && method === 'INVITE' ? [`Contact: <sip:${toCallee ? this.d.caller : this.d.callee}@${contact}:5060>`] : []),
      'Server: test-ua/1.0',
      ...(o.extra ?? []),
    ];
    return this.finish(head, o.sdp);
  }

  /** ACK for the INVITE with CSeq `seq` (default: the last one). 2xx ACKs are in-dialog. */
  ack(seq?: number): string {
    const s = seq ?? [...this.sent].reverse().find((x) => x.method === 'INVITE' && !x.fromCallee)?.seq ?? 1;
    return this.request('ACK', { seq: s, inDialog: true });
  }

  /** CANCEL of the last INVITE (same CSeq number and branch). */
  cancel(extra: string[] = []): string {
    const s = [...this.sent].reverse().find((x) => x.method === 'INVITE' && !x.fromCallee)?.seq ?? 1;
    return this.request('CANCEL', { seq: s, branchOf: s, extra });
  }

  bye(o: { fromCallee?: boolean; extra?: string[] } = {}): string {
    return this.request('BYE', { fromCallee: o.fromCallee, extra: o.extra, inDialog: true });
  }

  /** A re-INVITE inside the dialog. */
  reinvite(o: { fromCallee?: boolean; sdp?: string; extra?: string[] } = {}): string {
    return this.request('INVITE', { ...o, inDialog: true });
  }
}

export interface LegSpec {
  callId: string;
  peer: PeerKind;
  remote: string;
  initiator: 'in' | 'out' | null;
  iface?: string;
}

export interface Step {
  leg: number;
  /** seen from the SBC; null = the log does not say */
  dir: 'in' | 'out' | null;
  /** ms after T0 */
  at: number;
  text: string;
}

export interface CallSpec {
  id?: string;
  sessionKey?: string;
  device?: string;
  direction?: Call['direction'];
  legs: LegSpec[];
  steps: Step[];
  /** default: every leg ended */
  complete?: boolean;
  cdrs?: CdrRow[];
  gaps?: SeqGap[];
}

function isInitialInvite(m: CallMessage): boolean {
  return m.sip.kind === 'request' && m.sip.method === 'INVITE' && !m.sip.to?.tag;
}

/** Leg fields computed the way the call builder does (final status of the last initial INVITE…). */
function summarizeLeg(spec: LegSpec, messages: CallMessage[]): Leg {
  const initialSeqs = new Set(messages.filter(isInitialInvite).map((m) => m.sip.cseq?.seq ?? -1));
  const lastSeq = Math.max(-1, ...initialSeqs);
  let finalStatus: number | null = null;
  let answer: number | null = null;
  let end: number | null = null;
  let ended = false;
  for (const m of messages) {
    const s = m.sip;
    if (s.kind === 'response' && s.cseq?.method === 'INVITE' && s.cseq.seq === lastSeq && (s.status ?? 0) >= 200) {
      if (finalStatus === null || ((s.status ?? 0) < 300 && finalStatus >= 300)) {
        finalStatus = s.status ?? null;
        if ((s.status ?? 0) < 300) {
          answer = m.time;
        } else {
          end = m.time;
          ended = true;
        }
      }
    }
    if (s.kind === 'request' && s.method === 'BYE') {
      end = end ?? m.time;
      ended = true;
    }
  }
  const first = messages.find(isInitialInvite);
  return {
    callId: spec.callId,
    peer: spec.peer,
    remote: spec.remote,
    iface: spec.iface,
    initiator: spec.initiator,
    messages,
    finalStatus,
    from: first?.sip.from?.user,
    to: first?.sip.to?.user,
    start: messages[0]?.time ?? null,
    answer,
    end,
    ended,
  };
}

/** Build a Call from steps; identical texts repeated on a leg in the same direction are retransmissions. */
export function buildCall(spec: CallSpec): Call {
  const perLeg: CallMessage[][] = spec.legs.map(() => []);
  const seen: Set<string>[] = spec.legs.map(() => new Set());
  spec.steps.forEach((st, order) => {
    const parsed = parseSip(st.text);
    if (!parsed.ok) {
      throw new Error(`fixture SIP does not parse: ${parsed.why}\n${st.text}`);
    }
    const key = `${st.dir}|${st.text}`;
    const retx = seen[st.leg].has(key);
    seen[st.leg].add(key);
    perLeg[st.leg].push({
      sip: parsed.message,
      raw: st.text,
      where: `test.log:${order + 1}`,
      time: T0 + st.at,
      direction: st.dir,
      remote: spec.legs[st.leg].remote,
      order,
      retransmission: retx,
    });
  });
  const legs = spec.legs.map((l, i) => summarizeLeg(l, perLeg[i]));
  const times = legs.flatMap((l) => l.messages.map((m) => m.time ?? 0));
  const answers = legs.map((l) => l.answer).filter((a): a is number => a !== null);
  const complete = spec.complete ?? true;
  const teams = legs.find((l) => l.peer === 'teams');
  const direction: Call['direction'] = spec.direction ?? (teams ? (teams.initiator === 'in' ? 'outbound' : 'inbound') : 'unknown');
  return {
    id: spec.id ?? spec.sessionKey ?? legs[0]?.callId ?? 'none',
    sessionKey: spec.sessionKey,
    format: 'audiocodes',
    device: spec.device ?? '198.51.100.10',
    legs,
    cdrs: spec.cdrs ?? [],
    gaps: spec.gaps ?? [],
    direction,
    from: legs[0]?.from,
    to: legs[0]?.to,
    start: times.length ? Math.min(...times) : null,
    answer: answers.length ? Math.min(...answers) : null,
    end: complete && times.length ? Math.max(...times) : null,
    complete,
  };
}

/** Hosts used across the tests. */
export const HOSTS = {
  sbcPublic: '198.51.100.10',
  sbcFqdn: 'sbc.example.com',
  sbcPrivate: '10.20.0.10',
  teams: '52.114.75.24',
  teamsFqdn: 'sip.pstnhub.microsoft.com',
  carrier: '203.0.113.5',
};

/**
 * The two dialogs of an inbound call (carrier → SBC → Teams) or outbound (Teams → SBC → carrier),
 * with legs ordered caller first.
 */
export function inboundDialogs(): { carrier: SipDialog; teams: SipDialog; legs: LegSpec[] } {
  const carrier = new SipDialog({
    callId: 'c7f2a1@203.0.113.5',
    caller: '+49305550101',
    callee: '+49407770101',
    callerHost: HOSTS.carrier,
    calleeHost: HOSTS.sbcPublic,
    fromTag: 'car111',
    toTag: 'sbc222',
  });
  const teams = new SipDialog({
    callId: '9d2e44b0c4@sbc.example.com',
    caller: '+49305550101',
    callee: '+49407770101',
    callerHost: HOSTS.sbcFqdn,
    calleeHost: HOSTS.teamsFqdn,
    fromTag: 'sbc333',
    toTag: 'ms444',
    transport: 'TLS',
  });
  return {
    carrier,
    teams,
    legs: [
      { callId: carrier.callId, peer: 'carrier', remote: `${HOSTS.carrier}:5060`, initiator: 'in' },
      { callId: teams.callId, peer: 'teams', remote: `${HOSTS.teams}:5061`, initiator: 'out' },
    ],
  };
}

export function outboundDialogs(): { teams: SipDialog; carrier: SipDialog; legs: LegSpec[] } {
  const teams = new SipDialog({
    callId: 'b0c4aa91ee@52.114.75.24',
    caller: '+49407770101',
    callee: '+49305550199',
    callerHost: HOSTS.teamsFqdn,
    calleeHost: HOSTS.sbcFqdn,
    fromTag: 'ms555',
    toTag: 'sbc666',
    transport: 'TLS',
  });
  const carrier = new SipDialog({
    callId: 'ab12cd34@198.51.100.10',
    caller: '+49407770101',
    callee: '+49305550199',
    callerHost: HOSTS.sbcPublic,
    calleeHost: HOSTS.carrier,
    fromTag: 'sbc777',
    toTag: 'car888',
  });
  return {
    teams,
    carrier,
    legs: [
      { callId: teams.callId, peer: 'teams', remote: `${HOSTS.teams}:5061`, initiator: 'in' },
      { callId: carrier.callId, peer: 'carrier', remote: `${HOSTS.carrier}:5060`, initiator: 'out' },
    ],
  };
}

/** An AudioCodes CALL_END row. */
export function cdrEndRow(fields: Record<string, string>, sessionKey = 'b9027c:24:198171'): CdrRow {
  return {
    where: 'test.log:99',
    device: '198.51.100.10',
    type: 'CALL_END',
    sessionKey,
    sipCallId: '9d2e44b0c4@sbc.example.com',
    fields: { SBCReportType: 'CALL_END', ...fields },
  };
}
