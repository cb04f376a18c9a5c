/** Call lists, status and top failures as Adaptive Cards. Pure. */
import type { CallListAnswer, StatusAnswer, TopAnswer } from '../../../src/ask/answer-types';
import { refOfCall } from '../../../src/ask/call-summary';
import { numbers, uncountedNote, when } from '../../../src/ask/render-text';
import { bullets, card, facts, md, text, title, type AdaptiveCard, type CardElement } from './card';
import type { CardOptions } from './call';

export function callListCard(a: CallListAnswer, o: CardOptions): AdaptiveCard {
  const body: CardElement[] = [title(md(a.title))];
  if (a.calls.length === 0) {
    body.push(text('No calls.'));
  } else {
    body.push(
      bullets(
        a.calls.map((c) => `${when(c.start, o.tz)} ${md(numbers(c))} **${c.outcome}${c.finalStatus !== null ? ` ${c.finalStatus}` : ''} ${c.category}** (${c.owner}) ${md(refOfCall(c))}`),
      ),
      text(a.more ? 'More calls matched: narrow it down (today, last hour, since 09:00).' : 'Ask "why <Call-ID>" for one of them.', { isSubtle: true }),
    );
  }
  return card(body);
}

export function statusCard(a: StatusAnswer, o: CardOptions): AdaptiveCard {
  const body: CardElement[] = [title('Status, last hour')];
  if (a.sbcs.length === 0) {
    body.push(text('No calls stored yet.'));
  }
  for (const s of a.sbcs.slice(0, 20)) {
    body.push(
      text(`**${md(s.sbc)}**`),
      facts([
        ['Calls', `${s.calls} (${s.answered} answered)`],
        ['Failed', `${s.failed} (${s.faults} faults)`],
        ['Last call', s.lastCall !== null ? when(s.lastCall, o.tz) : 'none'],
      ]),
    );
    const note = uncountedNote(s);
    if (note) {
      body.push(text(note, { isSubtle: true }));
    }
  }
  body.push(title('Peers (OPTIONS keep-alive)'));
  body.push(
    a.peers.length
      ? bullets(
          a.peers.map((p) => {
            const last = p.lastAnswer !== null ? `last answer ${when(p.lastAnswer, o.tz)}` : 'never answered';
            return `**${p.status.toUpperCase()}** ${md(p.remote)}${p.name ? ` (${md(p.name)})` : ''} via ${md(p.device)}: ${p.optionsAnswered}/${p.optionsSent} answered, ${last}`;
          }),
        )
      : text('No OPTIONS keep-alives seen.'),
  );
  body.push(text(`As of ${when(a.until, o.tz)}`, { isSubtle: true }));
  return card(body);
}

export function topCard(a: TopAnswer, o: CardOptions): AdaptiveCard {
  const body: CardElement[] = [title(`Top failure causes ${a.label}`), text(`${a.failed} failed of ${a.calls} calls.`)];
  const note = uncountedNote(a);
  if (note) {
    body.push(text(note, { isSubtle: true }));
  }
  if (a.causes.length === 0) {
    body.push(text('No failures.'));
  }
  for (const c of a.causes) {
    body.push(text(`**${c.calls}× ${c.category}**, owner **${c.owner}**${c.normal ? ' (a normal outcome)' : ''}`));
    if (c.examples.length) {
      body.push(bullets(c.examples.map((e) => `e.g. ${when(e.start, o.tz)} ${md(numbers(e))} ${md(refOfCall(e))}`)));
    }
  }
  return card(body);
}
