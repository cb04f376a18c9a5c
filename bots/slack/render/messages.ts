/** Explanations, help, not-found and errors as Block Kit. Pure. */
import type { ErrorAnswer, ExplanationAnswer, HelpAnswer, NotFoundAnswer } from '../../../src/ask/answer-types';
import { codeBlock, context, esc, lineSections, section } from './blocks';
import type { SlackReply } from './reply';

export function explanationReply(a: ExplanationAnswer): SlackReply {
  const e = a.explanation;
  const title = `${e.startLine.text}: ${e.startLine.meaning}`;
  const warnings = e.warnings.map((w) => `:warning: *${esc(w.where)}*: ${esc(w.text)}`);
  const head = [section(`*${esc(title)}*`), ...lineSections(warnings)];
  const code = codeBlock(a.text);
  if (code) {
    return { text: title, blocks: [...head, code] };
  }
  return {
    text: title,
    blocks: [...head, context(`${e.headers.length} headers explained: attached as a file.`)],
    file: { filename: 'sip-explained.txt', title: 'SIP message explained', content: a.text },
  };
}

export function helpReply(a: HelpAnswer): SlackReply {
  const head = a.reason === 'asked' ? '*Ask me about calls:*' : `Sorry, I did not understand${a.heard ? ` "${esc(a.heard)}"` : ''}. Try:`;
  return {
    text: a.reason === 'asked' ? 'What sipsleuth understands' : 'Sorry, I did not understand that. Try "help".',
    blocks: lineSections([head, ...a.examples.map((e) => `• \`${esc(e.question)}\`: ${esc(e.does)}`)]),
  };
}

export function notFoundReply(a: NotFoundAnswer): SlackReply {
  return {
    text: a.message,
    blocks: lineSections([`:mag: ${esc(a.message)}`, ...(a.suggestions.length ? ['*Try:*', ...a.suggestions.map((s) => `• ${esc(s)}`)] : [])]),
  };
}

export function errorReply(a: ErrorAnswer): SlackReply {
  return { text: a.message, blocks: [section(`:warning: ${esc(a.message)}`)] };
}
