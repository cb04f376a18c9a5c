/** A verdict, a ladder and raw SIP as Adaptive Cards. Pure. */
import type { LadderAnswer, RawAnswer, VerdictAnswer } from '../../../src/ask/answer-types';
import { refOfCall } from '../../../src/ask/call-summary';
import { callLine, numbers, when } from '../../../src/ask/render-text';
import { renderLadder } from '../../../src/diagnosis/ladder';
import { shortenLadder, WHY_LADDER_ROWS } from '../../../src/diagnosis/why';
import { bullets, callActions, card, facts, md, mono, text, title, type AdaptiveCard, type CardElement } from './card';

export const TEAMS_LADDER_WIDTH = 76;
const OUTCOME_COLOR: Record<string, string> = { answered: 'Good', failed: 'Attention', cancelled: 'Warning', 'in-progress': 'Default' };

export interface CardOptions {
  tz: string;
}

export function verdictCard(a: VerdictAnswer, o: CardOptions): AdaptiveCard {
  const c = a.call;
  const ref = refOfCall(c);
  const status = c.finalStatus !== null ? ` ${c.finalStatus}` : '';
  const body: CardElement[] = [
    text(`Call ${c.outcome}${status}: ${c.category}`, { weight: 'Bolder', size: 'Large', color: OUTCOME_COLOR[c.outcome] ?? 'Default' }),
    text(md(c.summary)),
    facts([
      ['Owner', c.owner],
      ['Numbers', numbers(c)],
      ['When', when(c.start, o.tz)],
      ['SBC', `${c.sbc} (${c.direction})`],
      ['Call-IDs', c.callIds.join(', ')],
    ]),
    title('Evidence (UTC)'),
    c.evidence.length ? bullets(c.evidence.map(md)) : text('(none)'),
    text(`**Next check:** ${md(c.nextCheck)}`),
  ];
  if (a.ladder.length) {
    const short = shortenLadder(a.ladder, WHY_LADDER_ROWS);
    body.push(title('Call flow'), mono(renderLadder(short.rows, { width: TEAMS_LADDER_WIDTH })));
    if (short.omitted > 0) {
      body.push(text(`${short.omitted} more messages: press Show ladder.`, { isSubtle: true }));
    }
  }
  if (a.others.length) {
    body.push(title('Other matching calls'), bullets(a.others.map((x) => md(callLine(x, o.tz)))));
  }
  return card(body, callActions(ref));
}

export function ladderCard(a: LadderAnswer, o: CardOptions): AdaptiveCard {
  const ref = refOfCall(a.call);
  return card(
    [title(`Call flow of ${md(ref)}`), text(`${when(a.call.start, o.tz)}, ${numbers(a.call)}`, { isSubtle: true }), mono(renderLadder(a.rows, { width: TEAMS_LADDER_WIDTH }))],
    callActions(ref, false),
  );
}

export function rawCard(a: RawAnswer, o: CardOptions): AdaptiveCard {
  const ref = refOfCall(a.call);
  const body: CardElement[] = [title(`Raw SIP of ${md(ref)} (${a.messages.length} messages)`)];
  for (const m of a.messages) {
    const dir = m.direction === 'in' ? `from ${m.peer}` : m.direction === 'out' ? `to ${m.peer}` : m.peer;
    body.push(text(`${when(m.time, o.tz)} ${dir} ${m.remote ?? ''}`, { weight: 'Bolder', size: 'Small' }));
    body.push(mono(m.text.replace(/\r\n/g, '\n').trimEnd(), 40));
  }
  return card(body);
}
