/** The questions sipsleuth understands, with an example of each, for `help` and for anything else. */
import type { HelpAnswer, HelpExample } from './answer-types';

export const HELP_EXAMPLES: readonly HelpExample[] = [
  { question: 'why did call 0101 fail', does: 'the verdict for the newest call with that number (last digits are enough), Call-ID or SID' },
  { question: 'calls to +49 30 555-0101 today', does: 'calls from or to a number (today, yesterday, last hour, since 09:00)' },
  { question: 'failed calls on sbc1 today', does: 'recent failed calls, on one SBC if you name it' },
  { question: 'status', does: 'calls and failures per SBC in the last hour, and whether Teams answers OPTIONS' },
  { question: 'top failures this week', does: 'the most common failure causes with owners and example calls' },
  { question: 'ladder <Call-ID>', does: 'the call flow as a ladder diagram' },
  { question: 'explain <paste a SIP message>', does: 'every header of a SIP message explained' },
];

export function helpAnswer(reason: HelpAnswer['reason'], heard?: string): HelpAnswer {
  return { kind: 'help', reason, ...(heard !== undefined && heard !== '' ? { heard: heard.slice(0, 200) } : {}), examples: [...HELP_EXAMPLES] };
}
