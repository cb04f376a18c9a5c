/**
 * AudioCodes Mediant SBC syslog as rsyslog stores it (one line per record, `#012` for LF):
 *
 *   Nov 23 09:00:01 198.51.100.10 [S=12] [SID=b9027c:24:1003]  (N  1000041) ---- Incoming SIP Message
 *     from 203.0.113.10:5060 to SIPInterface #1 (Carrier) UDP TO(#1) ---- #012INVITE sip:… SIP/2.0 #012Via: …
 *     … [Time:23-11@09:00:01.712]
 *   Nov 23 09:00:01 198.51.100.10 [S=13] [SID=b9027c:24:1003] 4a… (the rest of the message, cut mid-token) [Time:…]
 *   Nov 23 09:02:14 198.51.100.10 [S=97] |CALL_END       |SBC       |…|b9027c:24:1003          |…
 *
 * Both legs of a call share its SID; `(N …)` debug lines (classification, routing, TLS errors)
 * come with the messages; records are cut at about 1 kB wherever that falls; records of calls
 * within 30 ms of each other interleave; a CDR header row starts the log and CALL_END rows close
 * every call that ended.
 */
import { callEndRows, CDR_HEADER_ROW } from './audiocodes-cdr';
import { hexOf } from './ids';
import { clock, monDay, p2, sipLines, timeline, type TimelineEvent } from './render-common';
import type { LegSpec, PlacedCall } from './scenario-types';

export interface AudiocodesRenderOptions {
  /** the SBC's address as the collector writes it */
  host?: string;
  /** first [S=] number */
  firstSeq?: number;
  /** first (N …) debug counter */
  firstDebug?: number;
  /** write the CDR header row first (the device sends it at start-up) */
  cdrHeader?: boolean;
}

const INTERLEAVE_MS = 30;
const MAX_STREAMS = 3;

function iface(leg: LegSpec): string {
  return leg.side === 'teams' ? 'SIPInterface #2 (Teams) TLS TO(#138) SocketID(204)' : 'SIPInterface #1 (Carrier) UDP TO(#1)';
}

function framing(leg: LegSpec, dir: 'in' | 'out'): string {
  return dir === 'in'
    ? `---- Incoming SIP Message from ${leg.remoteIn} to ${iface(leg)} ----`
    : `---- Outgoing SIP Message to ${leg.remoteOut} from ${iface(leg)} ----`;
}

interface Stream {
  t: number;
  sid: string | null;
  pieces: string[];
  i: number;
}

export function renderAudiocodes(calls: readonly PlacedCall[], o: AudiocodesRenderOptions = {}): string {
  const host = o.host ?? calls[0]?.scenario.sbc.ip ?? '198.51.100.10';
  let seq = o.firstSeq ?? 1;
  let debugNo = o.firstDebug ?? 1_000_000;
  const out: string[] = [];
  const dbg = (text: string): string => `(N ${String(debugNo++).padStart(8)}) ${text} \n`;
  const collector = (t: number): string => {
    const c = clock(t);
    return `${monDay(c)} ${c.hms} ${host} `;
  };
  const device = (t: number): string => {
    const c = clock(t);
    return ` [Time:${p2(c.day)}-${p2(c.month)}@${c.hms}.${c.ms}]`;
  };

  // CALL_END rows join the timeline as events of their own
  type Ev = TimelineEvent | { kind: 'cdr'; t: number; order: number; row: string };
  const events: Ev[] = [...timeline(calls)];
  let order = events.length;
  for (const call of calls) {
    if (call.noCdr) {
      continue;
    }
    const end = callEndRows(call);
    if (end) {
      for (const row of end.rows) {
        events.push({ kind: 'cdr', t: end.t, order: order++, row });
      }
    }
  }
  events.sort((a, b) => a.t - b.t || a.order - b.order);

  const seenInvite = new Set<string>();
  const textOf = (e: TimelineEvent): string => {
    const s = e.call.scenario;
    if (e.kind === 'note') {
      return dbg(`!! TLS: ${e.note.text}`) + ' \n';
    }
    const step = e.step;
    const leg = s.legs[step.leg] as LegSpec;
    let text = '';
    const key = `${e.callNo}:${step.leg}`;
    if (step.sip.startsWith('INVITE ') && !seenInvite.has(key)) {
      seenInvite.add(key);
      if (step.dir === 'in') {
        const g = step.leg === 'teams' ? '#2 (Teams)' : '#1 (Carrier)';
        text += dbg(`Classification Succeeded - Source IP Group ${g}`);
      } else {
        const route = step.leg === 'teams' ? 'IP Group 1 -> 2 (Carrier -> Teams)' : 'IP Group 2 -> 1 (Teams -> Carrier)';
        text += dbg(`Route found (${step.leg === 'teams' ? 5 : 3}), Route by IPGroup, ${route}`);
      }
    }
    text += dbg(framing(leg, step.dir));
    for (const l of sipLines(step.sip)) {
      text += `${l} \n`;
    }
    return text + (step.sip.endsWith('\r\n\r\n') ? '' : ' \n') + ' \n \n';
  };
  const streamOf = (e: Ev): Stream => {
    if (e.kind === 'cdr') {
      return { t: e.t, sid: null, pieces: [e.row], i: 0 };
    }
    const text = textOf(e);
    const pieces: string[] = [];
    let p = 0;
    let k = 0;
    while (p < text.length) {
      const n = 900 + (parseInt(hexOf(`${e.call.sessionKey}:${e.order}:${k++}`, 4), 16) % 250);
      pieces.push(text.slice(p, p + n));
      p += n;
    }
    return { t: e.t, sid: e.call.sessionKey, pieces, i: 0 };
  };
  const emit = (s: Stream): void => {
    const piece = s.pieces[s.i++];
    if (s.sid === null) {
      out.push(`${collector(s.t)}[S=${seq++}] ${piece}`);
      return;
    }
    out.push(`${collector(s.t)}[S=${seq++}] [SID=${s.sid}]  ${piece.replace(/\n/g, '#012')}${device(s.t)}`);
  };

  if (o.cdrHeader !== false && events.length > 0) {
    out.push(`${collector(events[0].t - 1000)}[S=${seq++}] ${CDR_HEADER_ROW}`);
  }
  let i = 0;
  while (i < events.length) {
    const first = events[i++];
    const streams = [streamOf(first)];
    const sids = new Set<string>(first.kind === 'cdr' ? [] : [first.call.sessionKey]);
    while (i < events.length && streams.length < MAX_STREAMS) {
      const nx = events[i];
      if (nx.t > first.t + INTERLEAVE_MS || (nx.kind !== 'cdr' && sids.has(nx.call.sessionKey)) || nx.kind === 'cdr') {
        break;
      }
      sids.add(nx.call.sessionKey);
      streams.push(streamOf(nx));
      i++;
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
  return out.join('\n') + '\n';
}

/** an AudioCodes SID: last 6 hex digits of the MAC, resets, session counter */
export function audiocodesSid(n: number): string {
  return `b9027c:24:${1000 + n}`;
}
