/** Small Block Kit builders and Slack's limits. Pure. */
import type { types } from '@slack/bolt';

export type Block = types.KnownBlock;

/** Slack's limit for a section's text is 3000 characters; leave room for the code fences. */
export const SECTION_MAX = 2900;
export const HEADER_MAX = 150;
/** Slack accepts at most 50 blocks in a message. */
export const BLOCKS_MAX = 50;

export const ACTION_LADDER = 'sipsleuth_ladder';
export const ACTION_RAW = 'sipsleuth_raw';
/** the `Why?` buttons of alerts (src/alerts): value = a call id */
export const ACTION_WHY = 'sipsleuth_why';

/** Escapes the three characters mrkdwn treats as markup. */
export function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function cut(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, max - 1)}…`;
}

export function header(text: string): Block {
  return { type: 'header', text: { type: 'plain_text', text: cut(text, HEADER_MAX), emoji: true } };
}

export function section(mrkdwn: string): Block {
  return { type: 'section', text: { type: 'mrkdwn', text: cut(mrkdwn, SECTION_MAX + 90) } };
}

export function fields(pairs: Array<[string, string]>): Block {
  return { type: 'section', fields: pairs.slice(0, 10).map(([k, v]) => ({ type: 'mrkdwn', text: cut(`*${k}*\n${v}`, 2000) })) };
}

export function context(mrkdwn: string): Block {
  return { type: 'context', elements: [{ type: 'mrkdwn', text: cut(mrkdwn, 2900) }] };
}

export function divider(): Block {
  return { type: 'divider' };
}

/** A preformatted block, or null when the text does not fit in one section. */
export function codeBlock(text: string): Block | null {
  const body = esc(text.replace(/```/g, "'''"));
  return body.length <= SECTION_MAX ? section(`\`\`\`${body}\`\`\``) : null;
}

/** Lines grouped into as few sections as fit. */
export function lineSections(lines: string[]): Block[] {
  const out: Block[] = [];
  let cur = '';
  for (const l of lines) {
    const line = cut(l, SECTION_MAX);
    if (cur !== '' && cur.length + 1 + line.length > SECTION_MAX) {
      out.push(section(cur));
      cur = '';
    }
    cur = cur === '' ? line : `${cur}\n${line}`;
  }
  if (cur !== '') {
    out.push(section(cur));
  }
  return out;
}

/** The "Show ladder" and "Show raw SIP" buttons of a call. */
export function callButtons(ref: string, withLadder = true): Block {
  const elements: types.Button[] = [];
  if (withLadder) {
    elements.push({ type: 'button', action_id: ACTION_LADDER, text: { type: 'plain_text', text: 'Show ladder' }, value: ref.slice(0, 2000) });
  }
  elements.push({ type: 'button', action_id: ACTION_RAW, text: { type: 'plain_text', text: 'Show raw SIP' }, value: ref.slice(0, 2000) });
  return { type: 'actions', elements };
}
