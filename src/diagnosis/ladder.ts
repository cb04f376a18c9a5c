/**
 * The call flow as a ladder with three lifelines, both legs side by side:
 *
 *               carrier                       SBC                        Teams
 *      +0.000s     |--INVITE (SDP: PCMA,PCMU)-->|                          |
 *      +0.040s     |                          |--INVITE (SDP: PCMA,PCMU)-->|
 *   >> +1.536s     |                          |<------486 Busy Here--------|
 *
 * Times are relative to the first message; retransmissions are marked `(retx)`; the deciding
 * message is marked `>>`.
 */
import type { Call, CallMessage } from '../calls/call';
import type { Verdict } from './verdict';
import type { MsgRef } from './facts';
import { initiatorTagOf, senderOf } from './facts';
import { infoOf } from './message-info';
import { codecList, sdpOf } from './rules/sdp';

export type LadderColumn = 'carrier' | 'SBC' | 'Teams';

export interface LadderRow {
  /** ms after the first message of the call; null when the log gave no time */
  offsetMs: number | null;
  time: number | null;
  from: LadderColumn;
  to: LadderColumn;
  label: string;
  retransmission: boolean;
  deciding: boolean;
  leg: number;
  message: number;
}

const COLUMNS: readonly LadderColumn[] = ['carrier', 'SBC', 'Teams'];

function sdpNote(m: CallMessage): string {
  const s = sdpOf(m);
  if (!s) {
    return '';
  }
  const audio = s.media.find((x) => x.type === 'audio');
  const dir = audio && audio.direction !== 'sendrecv' ? `, ${audio.direction}` : '';
  const hold = audio?.connection === '0.0.0.0' ? ', c=0.0.0.0' : '';
  return `SDP: ${codecList(s)}${dir}${hold}`;
}

/** `INVITE (SDP: PCMA,PCMU)`, `486 Busy Here (Q.850;cause=17)`, `200 OK (BYE)`. */
export function messageLabel(m: CallMessage): string {
  const s = m.sip;
  const notes: string[] = [];
  let head: string;
  if (s.kind === 'response') {
    head = `${s.status ?? '?'} ${s.reasonPhrase ?? ''}`.trim();
    if (s.cseq && s.cseq.method !== 'INVITE') {
      notes.push(s.cseq.method);
    }
  } else {
    head = s.method === 'INVITE' && s.to?.tag ? 're-INVITE' : s.method;
  }
  const sd = sdpNote(m);
  if (sd) {
    notes.push(sd);
  }
  const i = infoOf(m);
  for (const r of i.reasons) {
    notes.push(`${r.protocol}${r.cause !== null ? `;cause=${r.cause}` : ''}`);
  }
  if (i.msCode !== null) {
    notes.push(`MS ${i.msCode}`);
  }
  return notes.length ? `${head} (${notes.join('; ')})` : head;
}

/** The rows of the ladder, in time order (log order for equal or missing times). */
export function buildLadder(call: Call, verdict: Verdict): LadderRow[] {
  const refs: MsgRef[] = [];
  call.legs.forEach((leg, li) => {
    const tag = initiatorTagOf({ ...leg, messages: leg.messages.filter((m) => m && m.sip) });
    leg.messages.forEach((m, i) => {
      // a damaged stored message (no parsed SIP) is left out rather than breaking the drawing
      if (m && m.sip) {
        refs.push({ leg: li, index: i, m, sender: senderOf(m, leg, tag) });
      }
    });
  });
  let first: number | null = null;
  for (const r of refs) {
    if (r.m.time !== null && (first === null || r.m.time < first)) {
      first = r.m.time;
    }
  }
  refs.sort((a, b) => {
    const ta = a.m.time ?? Number.POSITIVE_INFINITY;
    const tb = b.m.time ?? Number.POSITIVE_INFINITY;
    return ta !== tb ? ta - tb : a.m.order - b.m.order;
  });
  return refs.map((r) => {
    const peerCol: LadderColumn = call.legs[r.leg].peer === 'teams' ? 'Teams' : 'carrier';
    const fromPeer = r.sender !== 'sbc';
    return {
      offsetMs: r.m.time !== null && first !== null ? r.m.time - first : null,
      time: r.m.time,
      from: fromPeer ? peerCol : 'SBC',
      to: fromPeer ? 'SBC' : peerCol,
      label: messageLabel(r.m),
      retransmission: r.m.retransmission,
      deciding: verdict.deciding !== undefined && verdict.deciding.leg === r.leg && verdict.deciding.message === r.index,
      leg: r.leg,
      message: r.index,
    };
  });
}

function offsetText(ms: number | null): string {
  return ms === null ? '?' : `+${(ms / 1000).toFixed(3)}s`;
}

function fit(label: string, room: number): string {
  if (label.length <= room) {
    return label;
  }
  return room <= 1 ? '' : `${label.slice(0, room - 1)}…`;
}

/** Draw the rows as text. `width` is the total line width (default 100, at least 60). */
export function renderLadder(rows: LadderRow[], opts: { width?: number } = {}): string {
  const width = Math.max(60, opts.width ?? 100);
  const timeW = 14;
  const span = Math.floor((width - timeW - 2) / 2);
  const x = [timeW + 1, timeW + 1 + span, timeW + 1 + 2 * span];
  const lineW = x[2] + 1;

  const head = Array.from({ length: lineW }, () => ' ');
  COLUMNS.forEach((c, i) => {
    const start = Math.max(0, Math.min(lineW - c.length, x[i] - Math.floor(c.length / 2)));
    for (let k = 0; k < c.length; k++) {
      head[start + k] = c[k];
    }
  });
  const out = [head.join('').trimEnd()];

  for (const r of rows) {
    const line = Array.from({ length: lineW }, () => ' ');
    for (const p of x) {
      line[p] = '|';
    }
    const a = x[COLUMNS.indexOf(r.from)];
    const b = x[COLUMNS.indexOf(r.to)];
    const lo = Math.min(a, b);
    const hi = Math.max(a, b);
    const inner = hi - lo - 1;
    const label = fit(`${r.label}${r.retransmission ? ' (retx)' : ''}`, inner - 5);
    const dashes = inner - label.length;
    const left = Math.max(2, Math.floor(dashes / 2));
    const arrow = `${'-'.repeat(left)}${label}${'-'.repeat(Math.max(0, inner - left - label.length))}`.split('');
    if (a < b) {
      arrow[arrow.length - 1] = '>';
    } else {
      arrow[0] = '<';
    }
    for (let k = 0; k < inner; k++) {
      line[lo + 1 + k] = arrow[k];
    }
    const t = `${r.deciding ? '>> ' : '   '}${offsetText(r.offsetMs)}`;
    for (let k = 0; k < t.length && k < timeW; k++) {
      line[k] = t[k];
    }
    out.push(line.join('').trimEnd());
  }
  return out.join('\n');
}
