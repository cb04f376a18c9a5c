/** Every answer kind as a Slack message (Block Kit + fallback text + an optional file). Pure. */
import type { Answer } from '../../../src/ask/answer-types';
import { verdictReply, ladderReply, rawReply } from './call';
import { callListReply, statusBlocks, statusReply, topReply } from './lists';
import { errorReply, explanationReply, helpReply, notFoundReply } from './messages';
import type { RenderOptions, SlackReply } from './reply';
import { section, type Block } from './blocks';

export type { SlackFile, SlackReply, RenderOptions } from './reply';
export { ACTION_LADDER, ACTION_RAW, ACTION_WHY, type Block } from './blocks';
export { statusBlocks };

export function renderSlack(a: Answer, o: RenderOptions): SlackReply {
  switch (a.kind) {
    case 'verdict':
      return verdictReply(a, o);
    case 'ladder':
      return ladderReply(a, o);
    case 'raw':
      return rawReply(a, o);
    case 'calls':
      return callListReply(a, o);
    case 'status':
      return statusReply(a, o);
    case 'top':
      return topReply(a, o);
    case 'explanation':
      return explanationReply(a);
    case 'help':
      return helpReply(a);
    case 'not-found':
      return notFoundReply(a);
    case 'error':
      return errorReply(a);
  }
}

/** A plain sentence as a reply (refusals, rate limits, failures). */
export function noticeReply(text: string): SlackReply {
  return { text, blocks: [section(text)] };
}

/** The App Home tab: the current status, or a notice. */
export function homeView(blocks: Block[]): { type: 'home'; blocks: Block[] } {
  return { type: 'home', blocks: blocks.slice(0, 100) };
}
