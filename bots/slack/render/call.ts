/** A verdict, a ladder and raw SIP as Block Kit. Pure. */
import { refOfCall } from '../../../src/ask/call-summary';
import { callLine, numbers, when } from '../../../src/ask/render-text';
import type { LadderAnswer, RawAnswer, VerdictAnswer } from '../../../src/ask/answer-types';
import { renderLadder } from '../../../src/diagnosis/ladder';
import { shortenLadder, WHY_LADDER_ROWS } from '../../../src/diagnosis/why';
import { callButtons, codeBlock, context, esc, fields, header, lineSections, section, type Block } from './blocks';
import type { RenderOptions, SlackReply } from './reply';

/** Slack code blocks wrap long lines: a narrower ladder reads better. */
export const SLACK_LADDER_WIDTH = 76;

const OUTCOME_EMOJI: Record<string, string> = { answered: ':white_check_mark:', failed: ':x:', cancelled: ':leftwards_arrow_with_hook:', 'in-progress': ':hourglass_flowing_sand:' };

function fileName(ref: string, what: string): string {
  return `${what}-${ref.replace(/[^\w.-]+/g, '_').slice(0, 60)}.txt`;
}

export function verdictReply(a: VerdictAnswer, o: RenderOptions): SlackReply {
  const c = a.call;
  const ref = refOfCall(c);
  const status = c.finalStatus !== null ? ` ${c.finalStatus}` : '';
  const blocks: Block[] = [
    header(`${c.outcome === 'answered' ? 'Call answered' : `Call ${c.outcome}`}${status}: ${c.category}`),
    section(`${OUTCOME_EMOJI[c.outcome] ?? ''} ${esc(c.summary)}`.trim()),
    fields([
      ['Owner', c.owner],
      ['Numbers', esc(numbers(c))],
      ['When', when(c.start, o.tz)],
      ['SBC', `${esc(c.sbc)} (${c.direction})`],
    ]),
    ...lineSections(['*Evidence* (UTC)', ...(c.evidence.length ? c.evidence.map((e) => `• ${esc(e)}`) : ['(none)'])]),
    section(`*Next check:* ${esc(c.nextCheck)}`),
  ];
  let file: SlackReply['file'];
  if (a.ladder.length) {
    const short = shortenLadder(a.ladder, WHY_LADDER_ROWS);
    const text = renderLadder(short.rows, { width: SLACK_LADDER_WIDTH });
    const code = codeBlock(text);
    if (code) {
      blocks.push(code);
      if (short.omitted > 0) {
        blocks.push(context(`${short.omitted} more messages: press *Show ladder*`));
      }
    } else {
      file = { filename: fileName(ref, 'ladder'), title: `Call flow of ${ref}`, content: renderLadder(a.ladder, { width: 100 }) };
      blocks.push(context('The call flow is too long for a message: it is attached as a file.'));
    }
  }
  blocks.push(callButtons(ref));
  blocks.push(context(`Call-IDs: ${c.callIds.map((x) => `\`${esc(x)}\``).join(', ')}${c.sessionKey ? ` · session \`${esc(c.sessionKey)}\`` : ''}`));
  if (a.others.length) {
    blocks.push(...lineSections(['*Other matching calls* (ask `why <Call-ID>`):', ...a.others.map((x) => `• ${esc(callLine(x, o.tz))}`)]));
  }
  const text = `${c.outcome}${status} ${c.category} (owner ${c.owner}): ${c.summary}`;
  return { text, blocks, file };
}

export function ladderReply(a: LadderAnswer, o: RenderOptions): SlackReply {
  const ref = refOfCall(a.call);
  const title = `Call flow of ${ref} (${when(a.call.start, o.tz)}, ${numbers(a.call)})`;
  const code = codeBlock(renderLadder(a.rows, { width: SLACK_LADDER_WIDTH }));
  if (code) {
    return { text: title, blocks: [section(`*${esc(title)}*`), code] };
  }
  return {
    text: title,
    blocks: [section(`*${esc(title)}*`), context(`${a.rows.length} messages: the ladder is attached as a file.`)],
    file: { filename: fileName(ref, 'ladder'), title, content: renderLadder(a.rows, { width: 100 }) },
  };
}

export function rawReply(a: RawAnswer, o: RenderOptions): SlackReply {
  const ref = refOfCall(a.call);
  const title = `Raw SIP of ${ref} (${a.messages.length} messages)`;
  const content = a.messages
    .map((m) => `--- ${when(m.time, o.tz)} ${m.direction === 'in' ? `from ${m.peer}` : m.direction === 'out' ? `to ${m.peer}` : m.peer} ${m.remote ?? ''}\n${m.text.replace(/\r\n/g, '\n').trimEnd()}`)
    .join('\n\n');
  const code = codeBlock(content);
  if (code) {
    return { text: title, blocks: [section(`*${esc(title)}*`), code] };
  }
  return {
    text: title,
    blocks: [section(`*${esc(title)}*`), context('Attached as a file.')],
    file: { filename: fileName(ref, 'sip'), title, content },
  };
}
