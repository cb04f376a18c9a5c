/** Explanations, help, not-found, errors and notices as Adaptive Cards. Pure. */
import type { ErrorAnswer, ExplanationAnswer, HelpAnswer, NotFoundAnswer } from '../../../src/ask/answer-types';
import { bullets, card, md, mono, text, title, type AdaptiveCard, type CardElement } from './card';

export function explanationCard(a: ExplanationAnswer): AdaptiveCard {
  const e = a.explanation;
  const body: CardElement[] = [title(md(e.startLine.text)), text(md(e.startLine.meaning))];
  if (e.warnings.length) {
    body.push(text('**Warnings**', { color: 'Warning' }), bullets(e.warnings.map((w) => `${md(w.where)}: ${md(w.text)}`)));
  }
  for (const h of e.headers) {
    body.push(text(`**${md(h.rawName)}**: ${md(h.value)}`), text(md(h.meaning) + (h.teams ? ` *Teams:* ${md(h.teams)}` : ''), { isSubtle: true }));
  }
  if (e.body?.sdp) {
    body.push(title('SDP'), mono(e.body.sdp.map((l) => l.text).join('\n'), 40));
  }
  return card(body);
}

export function helpCard(a: HelpAnswer): AdaptiveCard {
  const head = a.reason === 'asked' ? 'Ask me about calls:' : `Sorry, I did not understand${a.heard ? ` "${md(a.heard)}"` : ''}. Try:`;
  return card([text(head, { weight: 'Bolder' }), bullets(a.examples.map((e) => `**${md(e.question)}**: ${md(e.does)}`))]);
}

export function notFoundCard(a: NotFoundAnswer): AdaptiveCard {
  const body: CardElement[] = [text(md(a.message), { weight: 'Bolder' })];
  if (a.suggestions.length) {
    body.push(text('Try:'), bullets(a.suggestions.map(md)));
  }
  return card(body);
}

export function errorCard(a: ErrorAnswer): AdaptiveCard {
  return card([text(md(a.message), { color: 'Warning' })]);
}

export function noticeCard(message: string): AdaptiveCard {
  return card([text(md(message))]);
}
