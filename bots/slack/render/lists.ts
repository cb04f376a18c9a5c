/** Call lists, status and top failures as Block Kit. Pure. */
import { refOfCall } from '../../../src/ask/call-summary';
import { numbers, sbcFigures, uncountedNote, when } from '../../../src/ask/render-text';
import type { CallListAnswer, CallSummary, StatusAnswer, TopAnswer } from '../../../src/ask/answer-types';
import { context, esc, fields, header, lineSections, section, type Block } from './blocks';
import type { RenderOptions, SlackReply } from './reply';

const PEER_EMOJI: Record<string, string> = { up: ':large_green_circle:', down: ':red_circle:', unknown: ':white_circle:' };

function callItem(c: CallSummary, tz: string): string {
  const status = c.finalStatus !== null ? ` ${c.finalStatus}` : '';
  return `• ${when(c.start, tz)}  ${esc(numbers(c))}  *${c.outcome}${status} ${c.category}* (${c.owner})  \`${esc(refOfCall(c))}\``;
}

export function callListReply(a: CallListAnswer, o: RenderOptions): SlackReply {
  const blocks: Block[] = [header(a.title)];
  if (a.calls.length === 0) {
    blocks.push(section('No calls.'));
  } else {
    blocks.push(...lineSections(a.calls.map((c) => callItem(c, o.tz))));
    blocks.push(context(a.more ? 'More calls matched: narrow it down (today, last hour, since 09:00). Ask `why <Call-ID>` for one.' : 'Ask `why <Call-ID>` for one of them.'));
  }
  return { text: `${a.title}: ${a.calls.length}${a.more ? '+' : ''} calls`, blocks };
}

export function statusBlocks(a: StatusAnswer, o: RenderOptions): Block[] {
  const blocks: Block[] = [header('Status, last hour')];
  if (a.sbcs.length === 0) {
    blocks.push(section('No calls stored yet.'));
  }
  const shown = a.sbcs.slice(0, 20);
  for (const s of shown) {
    blocks.push(
      fields([
        ['SBC', esc(s.sbc)],
        ['Calls', `${s.calls} (${s.answered} answered)`],
        ['Failed', `${s.failed} (${s.faults} faults)`],
        ['Last call', s.lastCall !== null ? when(s.lastCall, o.tz) : 'none'],
      ]),
    );
  }
  // one block for every SBC whose counts fall short, to stay within Slack's 50 blocks
  const notes = shown.flatMap((s) => {
    const note = uncountedNote(s);
    return note ? [`:warning: *${esc(s.sbc)}*: ${note}`] : [];
  });
  if (notes.length > 0) {
    blocks.push(context(notes.join('\n')));
  }
  const peers = a.peers.map((p) => {
    const last = p.lastAnswer !== null ? `last answer ${when(p.lastAnswer, o.tz)}` : 'never answered';
    return `${PEER_EMOJI[p.status] ?? ''} *${p.status}* ${esc(p.remote)}${p.name ? ` (${esc(p.name)})` : ''} via ${esc(p.device)}: ${p.optionsAnswered}/${p.optionsSent} OPTIONS answered, ${last}`;
  });
  blocks.push(...lineSections(['*Peers (OPTIONS keep-alive)*', ...(peers.length ? peers : ['No OPTIONS keep-alives seen.'])]));
  blocks.push(context(`As of ${when(a.until, o.tz)}`));
  return blocks.slice(0, 50);
}

export function statusReply(a: StatusAnswer, o: RenderOptions): SlackReply {
  const down = a.peers.filter((p) => p.status === 'down').length;
  const text = `Status: ${a.sbcs.map(sbcFigures).join('; ') || 'no calls'}${down ? `; ${down} peers down` : ''}`;
  return { text, blocks: statusBlocks(a, o) };
}

export function topReply(a: TopAnswer, o: RenderOptions): SlackReply {
  const blocks: Block[] = [header(`Top failure causes ${a.label}`), section(`${a.failed} failed of ${a.calls} calls.`)];
  const note = uncountedNote(a);
  if (note) {
    blocks.push(context(`:warning: ${note}`));
  }
  if (a.causes.length === 0) {
    blocks.push(section('No failures. :tada:'));
  }
  for (const c of a.causes) {
    const examples = c.examples.map((e) => `   e.g. ${when(e.start, o.tz)} ${esc(numbers(e))} \`${esc(refOfCall(e))}\``);
    blocks.push(...lineSections([`*${c.calls}× ${c.category}* · owner *${c.owner}*${c.normal ? ' _(a normal outcome)_' : ''}`, ...examples]));
  }
  return { text: `Top failure causes ${a.label}: ${a.causes.map((c) => `${c.category} ${c.calls}`).join(', ') || 'none'}`, blocks: blocks.slice(0, 50) };
}
