/**
 * SIP messages of one call leg (one dialog) between the SBC and a peer, written as each sender
 * writes them:
 *
 *   Teams SIP proxy   upper-case header names (FROM:, CALL-ID:, REASON:), Record-Route
 *                     sip-du-a-euwe.pstnhub.microsoft.com, Contact api-du-b-euwe…:443;x-i=…;x-c=…,
 *                     USER-AGENT / SERVER Microsoft.PSTNHub.SIPProxy, Reason text "<uuid>;<phrase>"
 *   the SBC           normal case, its own User-Agent / Server, X-MS-SBC toward Teams
 *   the carrier       normal case, its own User-Agent / Server
 *
 * Every message is returned as text with CRLF line ends (headers, blank line, body).
 */
import { hexOf } from './ids';

export type Side = 'teams' | 'carrier';
/** who sends a message on the leg: the SBC or the leg's peer (Teams or the carrier) */
export type Party = 'sbc' | 'peer';

export const TEAMS_AGENT = 'Microsoft.PSTNHub.SIPProxy v.2024.10.1.2 i.EUWE.4';
export const CARRIER_AGENT = 'Carrier-SBC/5.2.1';

/** How the SBC names itself (User-Agent / Server, X-MS-SBC), per vendor. */
export interface SbcIdentity {
  fqdn: string;
  ip: string;
  agent: string;
  xMsSbc: string;
}

export interface DialogSpec {
  side: Side;
  /** true when the SBC sent the INVITE on this leg */
  sbcIsUac: boolean;
  callId: string;
  /** Request-URI of the initial INVITE */
  ruri: string;
  uacUri: string;
  uacDisplay?: string;
  uasUri: string;
  uacTag: string;
  uasTag: string;
  /** `SIP/2.0/TLS host:port` of each side's Via, without branch */
  uacVia: string;
  uasVia: string;
  uacContact: string;
  uasContact: string;
  sbc: SbcIdentity;
  /** seed for branches */
  seed: string;
}

export interface RequestOpts {
  sdp?: string;
  reason?: string;
  extra?: string[];
}

export interface ResponseOpts {
  sdp?: string;
  reason?: string;
  extra?: string[];
  /** the method answered (default INVITE) */
  method?: string;
  /** who sent the request answered (default: the UAC of the leg) */
  to?: Party;
  /** answer an earlier request of that method by its CSeq (default: the last one) */
  cseq?: number;
}

interface SentRequest {
  cseq: number;
  branch: string;
  /** the text sent, for byte-identical retransmissions */
  text?: string;
}

function uriOf(nameAddr: string): string {
  const a = nameAddr.indexOf('<');
  const b = nameAddr.indexOf('>');
  return a >= 0 && b > a ? nameAddr.slice(a + 1, b) : nameAddr;
}

function bodyBytes(sdp: string | undefined): number {
  return sdp ? Buffer.byteLength(sdp, 'utf8') : 0;
}

/** One dialog of a two-leg call, as the SBC sees it. */
export class LegDialog {
  readonly spec: DialogSpec;
  private branchNo = 0;
  private readonly cseq: Record<'uac' | 'uas', number>;
  private readonly last = new Map<string, SentRequest>();
  /** the UAS has sent a tag (a 1xx with tag or a final answer) */
  private tagged = false;
  private established = false;

  constructor(spec: DialogSpec) {
    this.spec = spec;
    this.cseq = { uac: 1, uas: 0 };
  }

  private isUac(p: Party): boolean {
    return (p === 'sbc') === this.spec.sbcIsUac;
  }

  /** header name as the sender writes it */
  private h(p: Party, name: string): string {
    return p === 'peer' && this.spec.side === 'teams' ? name.toUpperCase() : name;
  }

  private nextBranch(): string {
    return `z9hG4bK${hexOf(`${this.spec.seed}:${this.spec.callId}:${this.branchNo++}`, 10)}`;
  }

  private fromTo(sender: Party, toTagged: boolean): [string, string] {
    const s = this.spec;
    const uac = `${s.uacDisplay ? `"${s.uacDisplay}" ` : ''}<${s.uacUri}>;tag=${s.uacTag}`;
    const uas = `<${s.uasUri}>${toTagged ? `;tag=${s.uasTag}` : ''}`;
    return this.isUac(sender) ? [uac, uas] : [`<${s.uasUri}>;tag=${s.uasTag}`, uac];
  }

  private identity(sender: Party, request: boolean): string[] {
    if (sender === 'peer') {
      return this.spec.side === 'teams'
        ? [`${request ? 'USER-AGENT' : 'SERVER'}: ${TEAMS_AGENT}`]
        : [`${request ? 'User-Agent' : 'Server'}: ${CARRIER_AGENT}`];
    }
    const out = [`${request ? 'User-Agent' : 'Server'}: ${this.spec.sbc.agent}`];
    if (this.spec.side === 'teams') {
      out.push(`X-MS-SBC: ${this.spec.sbc.xMsSbc}`);
    }
    return out;
  }

  private finish(sender: Party, head: string[], o: { sdp?: string; reason?: string; extra?: string[] }): string {
    const h = (n: string): string => this.h(sender, n);
    if (o.reason) {
      head.push(`${h('Reason')}: ${o.reason}`);
    }
    if (o.extra) {
      head.push(...o.extra);
    }
    if (o.sdp) {
      head.push(`${h('Content-Type')}: application/sdp`);
    }
    head.push(`${h('Content-Length')}: ${bodyBytes(o.sdp)}`);
    return `${head.join('\r\n')}\r\n\r\n${o.sdp ?? ''}`;
  }

  private viaOf(sender: Party, branch: string): string {
    const v = this.isUac(sender) ? this.spec.uacVia : this.spec.uasVia;
    return `${v};branch=${branch}`;
  }

  /** A request sent by `sender`. INVITE (initial), CANCEL and ACK to a failure come from the UAC. */
  request(sender: Party, method: string, o: RequestOpts & { retransmit?: boolean; ackFailure?: boolean } = {}): string {
    const s = this.spec;
    const h = (n: string): string => this.h(sender, n);
    const uac = this.isUac(sender);
    const initial = method === 'INVITE' && !this.established;
    let cseq: number;
    let branch: string;
    const invite = this.last.get('INVITE:uac');
    if (o.retransmit) {
      const prev = this.last.get(`${method}:${uac ? 'uac' : 'uas'}`);
      if (!prev?.text) {
        throw new Error(`nothing to retransmit: ${method}`);
      }
      return prev.text;
    } else if (method === 'CANCEL' || (method === 'ACK' && o.ackFailure)) {
      if (!invite) {
        throw new Error(`${method} before INVITE`);
      }
      cseq = invite.cseq;
      branch = invite.branch;
    } else if (method === 'ACK') {
      cseq = this.last.get(`INVITE:${uac ? 'uac' : 'uas'}`)?.cseq ?? this.cseq.uac;
      branch = this.nextBranch();
    } else if (initial) {
      cseq = invite ? this.cseq.uac + 1 : this.cseq.uac;
      this.cseq.uac = cseq;
      branch = this.nextBranch();
    } else if (method === 'OPTIONS' && !invite) {
      cseq = this.cseq.uac;
      branch = this.nextBranch();
    } else {
      const who = uac ? 'uac' : 'uas';
      this.cseq[who] += 1;
      cseq = this.cseq[who];
      branch = this.nextBranch();
    }
    const sent: SentRequest = { cseq, branch };
    if (method !== 'ACK') {
      this.last.set(`${method}:${uac ? 'uac' : 'uas'}`, sent);
    }
    const inDialog = this.established && (method !== 'ACK' || !o.ackFailure) && method !== 'CANCEL';
    const target = inDialog ? uriOf(uac ? s.uasContact : s.uacContact) : s.ruri;
    const toTagged = inDialog || (method === 'ACK' && this.tagged);
    const [from, to] = this.fromTo(sender, toTagged);
    const head = [`${method} ${target} SIP/2.0`, `${h('Via')}: ${this.viaOf(sender, branch)}`];
    head.push(`${h('From')}: ${from}`, `${h('To')}: ${to}`, `${h('Call-ID')}: ${s.callId}`, `${h('CSeq')}: ${cseq} ${method}`);
    head.push(`${h('Max-Forwards')}: 70`);
    if (method === 'INVITE' || method === 'UPDATE' || method === 'OPTIONS') {
      head.push(`${h('Contact')}: ${uac ? s.uacContact : s.uasContact}`);
    }
    if (initial) {
      if (sender === 'peer' && s.side === 'teams') {
        head.push('RECORD-ROUTE: <sip:sip-du-a-euwe.pstnhub.microsoft.com:5061;transport=tls;lr>');
        head.push('ALLOW: INVITE,ACK,OPTIONS,CANCEL,BYE,NOTIFY', 'SUPPORTED: timer', 'SESSION-EXPIRES: 1800;refresher=uac', 'MIN-SE: 90');
        head.push(`P-ASSERTED-IDENTITY: <${s.uacUri}>`, 'X-MS-UserLocation: internal');
      } else if (sender === 'sbc') {
        head.push('Allow: INVITE,ACK,CANCEL,BYE,OPTIONS,NOTIFY,PRACK,UPDATE,REFER', 'Supported: timer,replaces');
        head.push(`P-Asserted-Identity: <${s.uacUri}>`);
        head.push('Session-Expires: 1800;refresher=uac', 'Min-SE: 90');
      } else {
        head.push('Allow: INVITE,ACK,CANCEL,BYE,OPTIONS,PRACK,UPDATE', 'Supported: timer', `P-Asserted-Identity: <${s.uacUri}>`);
      }
    }
    head.push(...this.identity(sender, true));
    sent.text = this.finish(sender, head, o);
    return sent.text;
  }

  /** A response sent by `sender` to the last request of `o.method` sent by the other party. */
  response(sender: Party, status: number, phrase: string, o: ResponseOpts = {}): string {
    const s = this.spec;
    const method = o.method ?? 'INVITE';
    const reqBy: Party = o.to ?? (sender === 'sbc' ? 'peer' : 'sbc');
    const reqUac = this.isUac(reqBy);
    const key = `${method}:${reqUac ? 'uac' : 'uas'}`;
    const req = this.last.get(key);
    if (!req) {
      throw new Error(`no ${method} from ${reqBy} to answer`);
    }
    const h = (n: string): string => this.h(sender, n);
    if (method === 'INVITE' && status > 100) {
      this.tagged = true;
      if (status < 300) {
        this.established = true;
      }
    }
    const toTagged = status > 100 || this.established;
    const [from, to] = this.fromTo(reqBy, toTagged);
    const head = [`SIP/2.0 ${status} ${phrase}`, `${h('Via')}: ${this.viaOf(reqBy, req.branch)}`];
    head.push(`${h('From')}: ${from}`, `${h('To')}: ${to}`, `${h('Call-ID')}: ${s.callId}`);
    head.push(`${h('CSeq')}: ${o.cseq ?? req.cseq} ${method}`);
    if (method === 'INVITE' && status > 100 && status < 300) {
      head.push(`${h('Contact')}: ${this.isUac(sender) ? s.uacContact : s.uasContact}`);
      if (sender === 'peer' && s.side === 'teams') {
        head.push('RECORD-ROUTE: <sip:sip-du-a-euwe.pstnhub.microsoft.com:5061;transport=tls;lr>');
      }
    }
    if (method === 'INVITE' && status === 200 && !o.extra?.some((x) => /^session-expires/i.test(x))) {
      // the SBC is the refresher on both legs (uac where the SBC called, uas where it answered)
      head.push(`${h('Session-Expires')}: 1800;refresher=${sender === 'sbc' ? 'uas' : 'uac'}`, `${h('Require')}: timer`);
    }
    head.push(...this.identity(sender, false));
    return this.finish(sender, head, o);
  }
}
