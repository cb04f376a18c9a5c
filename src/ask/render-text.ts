/**
 * An answer as plain text: what `sipsleuth ask` prints, and the fallback text of chat messages.
 *
 *   Call 2026-11-23 10:00:01.712 +01:00  +49305550101 → +49407770101  inbound  SBC 198.51.100.10
 *   Verdict: failed · busy · owner user
 *   The Teams user was busy (486 Busy Here, Q.850 cause 17).
 *   Evidence (UTC): …
 */
import { renderLadder } from '../diagnosis/ladder';
import { shortenLadder, WHY_LADDER_ROWS } from '../diagnosis/why';
import { formatInZone } from '../formats/time';
import type { Answer, CallSummary, FailureCause, HelpAnswer, SbcStatus, StatusAnswer, TopAnswer, VerdictAnswer } from './answer-types';
import { refOfCall } from './call-summary';

export interface TextOptions {
  /** zone times are shown in (default UTC) */
  tz?: string;
  /** ladder width in characters (default 100) */
  width?: number;
}

export function when(ms: number | null, tz: string): string {
  return ms === null ? 'time unknown' : formatInZone(ms, tz, { ms: false });
}

export function numbers(c: Pick<CallSummary, 'from' | 'to'>): string {
  return `${c.from ?? '?'} → ${c.to ?? '?'}`;
}

/** `failed · busy · owner user` */
export function verdictLine(c: Pick<CallSummary, 'outcome' | 'category' | 'owner'>): string {
  return `${c.outcome} · ${c.category} · owner ${c.owner}`;
}

/** One line per call: time, numbers, verdict, summary, reference. */
export function callLine(c: CallSummary, tz: string): string {
  const status = c.finalStatus !== null ? ` ${c.finalStatus}` : '';
  return `${when(c.start, tz)}  ${numbers(c)}  ${c.outcome}${status} ${c.category} (${c.owner})  ${refOfCall(c)}`;
}

function verdictText(a: VerdictAnswer, o: Required<TextOptions>): string {
  const c = a.call;
  const out = [
    `Call ${when(c.start, o.tz)}  ${numbers(c)}  ${c.direction}  SBC ${c.sbc}`,
    `Call-IDs ${c.callIds.join(', ')}${c.sessionKey ? `  session ${c.sessionKey}` : ''}`,
    '',
    `Verdict: ${verdictLine(c)}`,
    c.summary,
    '',
    'Evidence (UTC):',
    ...(c.evidence.length ? c.evidence.map((e) => `  ${e}`) : ['  (none)']),
    `Next check: ${c.nextCheck}`,
  ];
  if (a.ladder.length) {
    const short = shortenLadder(a.ladder, WHY_LADDER_ROWS);
    out.push('', 'Call flow:', renderLadder(short.rows, { width: o.width }));
    if (short.omitted > 0) {
      out.push(`  (${short.omitted} more messages: ask "ladder ${refOfCall(c)}")`);
    }
  }
  if (a.others.length) {
    out.push('', 'Other matching calls:', ...a.others.map((x) => `  ${callLine(x, o.tz)}`));
  }
  return out.join('\n');
}

function statusText(a: StatusAnswer, tz: string): string {
  const out = [`Status, last hour (until ${when(a.until, tz)}):`];
  if (a.sbcs.length === 0) {
    out.push('  no calls stored yet');
  }
  for (const s of a.sbcs) {
    const note = uncountedNote(s);
    out.push(`  ${s.sbc}: ${s.calls} calls, ${s.answered} answered, ${s.failed} failed (${s.faults} faults)${s.lastCall !== null ? `, last call ${when(s.lastCall, tz)}` : ''}`);
    if (note) {
      out.push(`    (${note})`);
    }
  }
  out.push('Peers (OPTIONS):');
  if (a.peers.length === 0) {
    out.push('  no OPTIONS keep-alives seen');
  }
  for (const p of a.peers) {
    const name = p.name ? ` ${p.name}` : '';
    const last = p.lastAnswer !== null ? `, last answer ${when(p.lastAnswer, tz)}` : ', never answered';
    out.push(`  ${p.status.toUpperCase().padEnd(7)} ${p.remote}${name} via ${p.device}: ${p.optionsAnswered}/${p.optionsSent} answered${last}`);
  }
  return out.join('\n');
}

function causeText(c: FailureCause, tz: string): string[] {
  return [
    `  ${String(c.calls).padStart(5)}  ${c.category} (owner ${c.owner})${c.normal ? ' — a normal outcome' : ''}`,
    ...c.examples.map((e) => `         e.g. ${callLine(e, tz)}`),
  ];
}

/** What the chat answers and the CLI say when the counts of a top answer or of an SBC's status fall short, else null. */
export function uncountedNote(a: TopAnswer | SbcStatus): string | null {
  if (a.uncounted === undefined) {
    return null;
  }
  const top = 'kind' in a;
  return a.uncounted.atMost === null
    ? `Counts may be short: ${top ? 'the range' : 'the last hour'} held more calls than I read for one answer.`
    : `Counts may be short by up to ${a.uncounted.atMost} calls: ${top ? 'an hour at the edge of the range' : 'the last hour'} held more calls than I read for one answer.`;
}

/** `sbc1 12 calls, 3 failed` for a one-line summary, marked when the counts may be short. */
export function sbcFigures(s: SbcStatus): string {
  return `${s.sbc} ${s.calls} calls, ${s.failed} failed${s.uncounted ? ' (counts may be short)' : ''}`;
}

function topText(a: TopAnswer, tz: string): string {
  const note = uncountedNote(a);
  const out = [`Top failure causes ${a.label}: ${a.failed} failed of ${a.calls} calls`, ...(note ? [`  (${note})`] : [])];
  if (a.causes.length === 0) {
    out.push('  no failures');
  }
  for (const c of a.causes) {
    out.push(...causeText(c, tz));
  }
  return out.join('\n');
}

function helpText(a: HelpAnswer): string {
  const head = a.reason === 'asked' ? 'Ask me about calls:' : `Sorry, I did not understand${a.heard ? ` "${a.heard}"` : ''}. Try:`;
  return [head, ...a.examples.map((e) => `  ${e.question.padEnd(34)} ${e.does}`)].join('\n');
}

/** One line that says what the answer is (chat notifications, card fallback text). */
export function headline(a: Answer): string {
  switch (a.kind) {
    case 'verdict': {
      const c = a.call;
      return `${c.outcome}${c.finalStatus !== null ? ` ${c.finalStatus}` : ''} ${c.category} (owner ${c.owner}): ${c.summary}`;
    }
    case 'ladder':
      return `Call flow of ${refOfCall(a.call)}`;
    case 'raw':
      return `Raw SIP of ${refOfCall(a.call)} (${a.messages.length} messages)`;
    case 'calls':
      return `${a.title}: ${a.calls.length}${a.more ? '+' : ''} calls`;
    case 'status':
      return `Status: ${a.sbcs.map(sbcFigures).join('; ') || 'no calls'} in the last hour`;
    case 'top':
      return `Top failure causes ${a.label}: ${a.causes.map((c) => `${c.category} ${c.calls}`).join(', ') || 'none'}`;
    case 'explanation':
      return `${a.explanation.startLine.text}: ${a.explanation.startLine.meaning}`;
    case 'help':
      return a.reason === 'asked' ? 'What sipsleuth understands' : 'Sorry, I did not understand that. Try "help".';
    case 'not-found':
    case 'error':
      return a.message;
  }
}

export function renderText(a: Answer, opts: TextOptions = {}): string {
  const o: Required<TextOptions> = { tz: opts.tz ?? 'UTC', width: opts.width ?? 100 };
  switch (a.kind) {
    case 'verdict':
      return verdictText(a, o);
    case 'ladder':
      return [`Call flow of ${refOfCall(a.call)} (${when(a.call.start, o.tz)}, ${numbers(a.call)}):`, renderLadder(a.rows, { width: o.width })].join('\n');
    case 'raw':
      return [
        `Raw SIP of ${refOfCall(a.call)} (${a.messages.length} messages):`,
        ...a.messages.map((m) => `--- ${when(m.time, o.tz)} ${m.direction === 'in' ? `from ${m.peer}` : m.direction === 'out' ? `to ${m.peer}` : m.peer} ${m.remote ?? ''}\n${m.text.replace(/\r\n/g, '\n').trimEnd()}`),
      ].join('\n');
    case 'calls':
      return [
        `${a.title}:`,
        ...(a.calls.length ? a.calls.map((c) => `  ${callLine(c, o.tz)}`) : ['  no calls']),
        ...(a.more ? ['  … more calls matched: narrow it down (today, last hour, since 09:00)'] : []),
      ].join('\n');
    case 'status':
      return statusText(a, o.tz);
    case 'top':
      return topText(a, o.tz);
    case 'explanation':
      return a.text;
    case 'help':
      return helpText(a);
    case 'not-found':
      return [a.message, ...(a.suggestions.length ? ['Try:', ...a.suggestions.map((s) => `  ${s}`)] : [])].join('\n');
    case 'error':
      return a.message;
  }
}
