/**
 * `sipsleuth ask "<question>"`: the bots' brain on the command line, against the running
 * service's store (the caller opens it: `withServiceStore(config, (s) => runAsk(q, s, opts))`).
 */
import { ask, renderText } from '../../ask';
import type { AskStore } from '../../ask';

export interface AskOptions {
  /** zone for `today`/`since 09:00` and shown times */
  tz: string;
  /** UTC ms; the CLI passes Date.now() */
  now: number;
  /** hide the last digits of phone numbers */
  maskNumbers?: boolean;
  /** ladder width (default 100) */
  width?: number;
}

/** The answer to `question` as text (ends with a newline). A store that is down gives a friendly text. */
export async function runAsk(question: string, store: AskStore, opts: AskOptions): Promise<string> {
  const a = await ask(question, { store, now: opts.now, tz: opts.tz, maskNumbers: opts.maskNumbers });
  return `${renderText(a, { tz: opts.tz, width: opts.width })}\n`;
}
