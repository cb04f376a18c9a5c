/**
 * Writes a realistic AudioCodes Mediant SBC log (rsyslog rendering) of N Teams Direct Routing
 * calls, deterministically from a seed, one line at a time:
 *
 *   Nov 23 09:00:01 198.51.100.10 [S=12] [SID=b9027c:7:1003]  (N  1000041) ---- Incoming SIP Message
 *     from 52.114.75.24:9024 to SIPInterface #2 (Teams) TLS TO(#138) SocketID(201) ---- #012INVITE sip:… #012…
 *     [Time:23-11@09:00:01.712]
 *   Nov 23 09:02:14 198.51.100.10 [S=97] |CALL_END       |SBC       |…|b9027c:7:1003           |…
 *
 * Both legs of every call (Teams ↔ SBC ↔ carrier) share one SID; records are cut at about 1 kB
 * wherever that falls (mid-token, like the device), calls interleave, the SBC sends OPTIONS to
 * sip/sip2/sip3.pstnhub.microsoft.com every 60 s, and CALL_END CDR rows close each call. Used for
 * examples/, `npm run bench` and the service benchmark: nothing is held but the calls in flight.
 */
import { callEndRow, CDR_HEADER_ROW } from './cdr-rows';
import { Prng } from './prng';
import { DEFAULT_MIX, planCall, SCENARIO_NAMES, TEAMS_PROXIES, type ScenarioName } from './scenarios';
import { rawOf, request, response, SBC_FQDN, SBC_IP, type Leg, type SipMsg } from './sip-builder';

export type { ScenarioName } from './scenarios';
export { SCENARIO_NAMES } from './scenarios';

/** A SIP message the writer put into the log (for tests that read the log back). */
export interface WrittenMessage {
  sid: string;
  direction: 'in' | 'out';
  remote: string;
  iface: string;
  transport: string;
  raw: string;
  scenario: ScenarioName | 'options';
}

export interface WriteOptions {
  calls: number;
  seed: number;
  /** UTC ms of the first call */
  start: number;
  /** scenarios to cycle through in order; default: a realistic mix, mostly answered calls */
  scenarios?: ScenarioName[];
  /** mean time between call starts (default 3000 ms) */
  intervalMs?: number;
  /** told about every SIP message written, in the order written */
  onMessage?: (m: WrittenMessage) => void;
}

interface SipEvent {
  t: number;
  order: number;
  kind: 'sip';
  sid: string;
  leg: Leg;
  dir: 'in' | 'out';
  msg: SipMsg;
  debug?: string[];
  scenario: ScenarioName | 'options';
}

interface CdrEvent {
  t: number;
  order: number;
  kind: 'cdr';
  row: string;
}

type Ev = SipEvent | CdrEvent;

/** Min-heap on (t, order). */
class EventHeap {
  private readonly a: Ev[] = [];
  get size(): number {
    return this.a.length;
  }
  peek(): Ev | undefined {
    return this.a[0];
  }
  push(e: Ev): void {
    const a = this.a;
    a.push(e);
    let i = a.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!less(a[i], a[p])) {
        break;
      }
      [a[i], a[p]] = [a[p], a[i]];
      i = p;
    }
  }
  pop(): Ev | undefined {
    const a = this.a;
    if (a.length === 0) {
      return undefined;
    }
    const top = a[0];
    const last = a.pop() as Ev;
    if (a.length > 0) {
      a[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && less(a[l], a[m])) {
          m = l;
        }
        if (r < a.length && less(a[r], a[m])) {
          m = r;
        }
        if (m === i) {
          break;
        }
        [a[i], a[m]] = [a[m], a[i]];
        i = m;
      }
    }
    return top;
  }
}

function less(x: Ev, y: Ev): boolean {
  return x.t < y.t || (x.t === y.t && x.order < y.order);
}

const MON = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const p2 = (n: number): string => (n < 10 ? `0${n}` : String(n));
const p3 = (n: number): string => (n < 10 ? `00${n}` : n < 100 ? `0${n}` : String(n));

/** Clock strings, cached per second (most records share their second). */
class Stamps {
  private sec = -1;
  private prefix = '';
  private dev = '';
  private readonly host: string;
  constructor(host: string) {
    this.host = host;
  }
  private at(t: number): void {
    const sec = Math.floor(t / 1000);
    if (sec !== this.sec) {
      this.sec = sec;
      const d = new Date(sec * 1000);
      const day = d.getUTCDate();
      const clock = `${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}`;
      this.prefix = `${MON[d.getUTCMonth()]} ${day < 10 ? ` ${day}` : day} ${clock} ${this.host} `;
      this.dev = `${p2(day)}-${p2(d.getUTCMonth() + 1)}@${clock}.`;
    }
  }
  /** rsyslog's `Mon DD HH:MM:SS host ` */
  collector(t: number): string {
    this.at(t);
    return this.prefix;
  }
  /** the device trailer ` [Time:DD-MM@HH:MM:SS.mmm]` */
  device(t: number): string {
    this.at(t);
    return ` [Time:${this.dev}${p3(((t % 1000) + 1000) % 1000)}]`;
  }
}

function framing(leg: Leg, dir: 'in' | 'out'): string {
  const sock = leg.socket !== undefined ? ` SocketID(${leg.socket})` : '';
  return dir === 'in'
    ? `---- Incoming SIP Message from ${leg.remoteIn} to SIPInterface #${leg.ifaceNo} (${leg.iface}) ${leg.transport} TO(#${leg.to})${sock} ----`
    : `---- Outgoing SIP Message to ${leg.remoteOut} from SIPInterface #${leg.ifaceNo} (${leg.iface}) ${leg.transport} TO(#${leg.to})${sock} ----`;
}

function optionsLeg(r: Prng, proxy: { host: string; ip: string }, i: number): Leg {
  return {
    side: 'teams',
    callId: `${r.digits(22)}@${SBC_FQDN}`,
    sbcIsUac: true,
    uacUri: `sip:${SBC_FQDN}:5061`,
    uasUri: `sip:${proxy.host}:5061`,
    uacTag: `1c${r.digits(9)}`,
    uasTag: r.hex(32),
    uacVia: `SIP/2.0/TLS ${SBC_FQDN}:5061;alias;branch=z9hG4bKac${r.digits(9)}`,
    uasVia: `SIP/2.0/TLS ${proxy.ip}:5061;branch=z9hG4bK${r.hex(8)}`,
    requestUri: `sip:${proxy.host}:5061`,
    remoteIn: `${proxy.ip}:5061`,
    remoteOut: `${proxy.ip}:5061`,
    iface: 'Teams',
    ifaceNo: 2,
    transport: 'TLS',
    to: 134 + i,
    socket: 200 + i,
    uacCseq: 0,
    uasCseq: 0,
    peerContact: `<sip:${proxy.host}:5061;transport=tls>`,
    sbcContact: `<sip:${SBC_FQDN}:5061;transport=tls>`,
    teamsUuid: r.uuid(),
    answered: false,
  };
}

/** Records of events due within this window of each other interleave record by record. */
const INTERLEAVE_MS = 30;
const MAX_STREAMS = 3;

/** Writes the log of `opts.calls` calls to `out`, one line per call of `out` (no line break). */
export function writeAudiocodesLog(opts: WriteOptions, out: (line: string) => void): void {
  const r = new Prng(opts.seed);
  const interval = opts.intervalMs ?? 3000;
  const stamps = new Stamps(SBC_IP);
  const mac = 'b9027c';
  const resets = ((opts.seed % 1000) + 1000) % 1000;
  const heap = new EventHeap();
  const mixTotal = DEFAULT_MIX.reduce((n, [, w]) => n + w, 0);
  let order = 0;
  let seqNo = 1;
  let debugNo = 1_000_000;
  let sidNo = 1000;
  let callIdx = 0;
  let nextCall = opts.start;
  let nextOptions = opts.start - 20_000;
  let lastT = opts.start;
  let socket = 204;

  const newSid = (): string => `${mac}:${resets}:${sidNo++}`;

  const pickScenario = (i: number): ScenarioName => {
    if (opts.scenarios && opts.scenarios.length > 0) {
      return opts.scenarios[i % opts.scenarios.length];
    }
    let x = r.next() * mixTotal;
    for (const [name, w] of DEFAULT_MIX) {
      x -= w;
      if (x < 0) {
        return name;
      }
    }
    return SCENARIO_NAMES[0];
  };

  const planNextCall = (): void => {
    const scenario = pickScenario(callIdx);
    socket = socket >= 260 ? 204 : socket + 1;
    const plan = planCall(r, scenario, socket);
    const sid = newSid();
    const t0 = nextCall;
    for (const s of plan.steps) {
      heap.push({ t: t0 + s.t, order: order++, kind: 'sip', sid, leg: s.leg, dir: s.dir, msg: s.msg, debug: s.debug, scenario });
    }
    const release = t0 + plan.releaseAt;
    const connect = plan.connectAt === null ? null : t0 + plan.connectAt;
    for (const e of plan.ends) {
      heap.push({ t: release + 5, order: order++, kind: 'cdr', row: callEndRow(e, sid, t0, connect, release) });
    }
    lastT = Math.max(lastT, release + 5);
    callIdx++;
    nextCall += r.int(Math.round(interval * 0.2), Math.round(interval * 1.8));
  };

  const planOptions = (): void => {
    TEAMS_PROXIES.forEach((proxy, i) => {
      const leg = optionsLeg(r, proxy, i);
      const sid = newSid();
      const t = nextOptions + i * 150;
      heap.push({ t, order: order++, kind: 'sip', sid, leg, dir: 'out', msg: request(leg, 'sbc', 'OPTIONS'), scenario: 'options', debug: [
        `(#${r.int(10, 99)})gwSession[Allocated]. Handle:00007FCCBDDC${r.hex(4).toUpperCase()}; Global session ID: ${r.hex(16)}`,
        `SIPEntity::PrepareConfigurationData: Setting persistent connection to proxy: ${proxy.ip}:5061`,
      ] });
      leg.answered = true;
      const ok = response(leg, 'peer', 200, 'OK', 'OPTIONS', { extra: ['ALLOW: INVITE,ACK,OPTIONS,CANCEL,BYE,NOTIFY'] });
      heap.push({ t: t + r.int(30, 90), order: order++, kind: 'sip', sid, leg, dir: 'in', msg: ok, scenario: 'options' });
    });
    nextOptions += 60_000;
  };

  /** The device's text for one SIP event: debug lines, framing line, SIP lines, blank lines. */
  const textOf = (e: SipEvent): string => {
    let s = '';
    if (e.debug) {
      for (const d of e.debug) {
        s += `(N ${String(debugNo++).padStart(8)}) ${d} \n`;
      }
    }
    s += `(N ${String(debugNo++).padStart(8)}) ${framing(e.leg, e.dir)} \n`;
    for (const l of e.msg.head) {
      s += l + ' \n';
    }
    s += ' \n';
    for (const l of e.msg.body) {
      s += l + ' \n';
    }
    return s + ' \n \n';
  };

  interface Stream {
    e: SipEvent | CdrEvent;
    pieces: string[];
    i: number;
  }

  const streamOf = (e: Ev): Stream => {
    if (e.kind === 'cdr') {
      return { e, pieces: [e.row], i: 0 };
    }
    if (opts.onMessage) {
      opts.onMessage({
        sid: e.sid,
        direction: e.dir,
        remote: e.dir === 'in' ? e.leg.remoteIn : e.leg.remoteOut,
        iface: e.leg.iface,
        transport: e.leg.transport,
        raw: rawOf(e.msg),
        scenario: e.scenario,
      });
    }
    const text = textOf(e);
    const pieces: string[] = [];
    let p = 0;
    while (p < text.length) {
      const n = r.int(900, 1150);
      pieces.push(text.slice(p, p + n));
      p += n;
    }
    return { e, pieces, i: 0 };
  };

  const emit = (s: Stream): void => {
    const e = s.e;
    const piece = s.pieces[s.i++];
    if (e.kind === 'cdr') {
      out(`${stamps.collector(e.t)}[S=${seqNo++}] ${piece}`);
      return;
    }
    out(`${stamps.collector(e.t)}[S=${seqNo++}] [SID=${e.sid}]  ${piece.replace(/\n/g, '#012')}${stamps.device(e.t)}`);
  };

  out(`${stamps.collector(opts.start - 30_000)}[S=${seqNo++}] ${CDR_HEADER_ROW}`);

  for (;;) {
    const tCall = callIdx < opts.calls ? nextCall : Infinity;
    const tOpt = callIdx < opts.calls || nextOptions <= lastT ? nextOptions : Infinity;
    const top = heap.peek();
    const tEv = top ? top.t : Infinity;
    const m = Math.min(tCall, tOpt, tEv);
    if (m === Infinity) {
      break;
    }
    if (m === tCall && tCall <= tEv) {
      planNextCall();
      continue;
    }
    if (m === tOpt && tOpt <= tEv) {
      planOptions();
      continue;
    }
    // a window of events close in time, of different sessions, interleaved record by record
    const first = heap.pop() as Ev;
    const streams = [streamOf(first)];
    const sids = new Set<string>(first.kind === 'sip' ? [first.sid] : []);
    for (;;) {
      const nx = heap.peek();
      if (!nx || streams.length >= MAX_STREAMS || nx.t > first.t + INTERLEAVE_MS) {
        break;
      }
      if (nx.kind === 'sip' && sids.has(nx.sid)) {
        break;
      }
      heap.pop();
      if (nx.kind === 'sip') {
        sids.add(nx.sid);
      }
      streams.push(streamOf(nx));
    }
    let live = streams.length;
    while (live > 0) {
      live = 0;
      for (const s of streams) {
        if (s.i < s.pieces.length) {
          emit(s);
          live++;
        }
      }
    }
  }
}
