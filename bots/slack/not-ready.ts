/**
 * Until auth.test has told the bot who it is, what reaches it is not handled: it is acked (Slack
 * does not send it again) and, when someone asked something, answered with a short note to ask
 * again later: a /sipsleuth command or a button in an ephemeral reply, an @mention in its thread, a
 * direct message in the DM. Messages of bots (this one's own notes among them) and other events
 * (App Home) get no note. Once Slack refused the bot token for good, only commands and buttons
 * are told so (their response_url needs no token; a post would be refused too).
 */
import type { App } from '@slack/bolt';
import type { Logger } from '../../src/log/logger';

export type SlackBotState = 'starting' | 'ready' | 'refused' | 'stopped';

export const NOT_READY_TEXT = 'sipsleuth is still connecting to Slack and cannot answer yet. Ask again in a minute.';
export const REFUSED_TEXT = 'sipsleuth cannot answer in Slack: Slack refused its bot token (SLACK_BOT_TOKEN). Tell whoever runs it.';

interface LooseArgs {
  body: { type?: string; event?: { type?: string; channel?: string; channel_type?: string; ts?: string; thread_ts?: string; subtype?: string; bot_id?: string } };
  ack?: () => Promise<void>;
  respond?: (m: { response_type: 'ephemeral'; replace_original?: boolean; text: string }) => Promise<unknown>;
  client: { chat: { postMessage(m: { channel: string; thread_ts?: string; text: string }): Promise<unknown> } };
  next: () => Promise<void>;
}

/** First middleware of the app: lets everything through once `state()` is ready. */
export function registerNotReadyGate(app: App, state: () => SlackBotState, onEarlyEvent: () => void, logger: Logger): void {
  app.use(async (args) => {
    if (state() === 'ready') {
      await args.next();
      return;
    }
    const a = args as unknown as LooseArgs;
    onEarlyEvent();
    // commands and actions wait for our ack; events were acked by Bolt
    await a.ack?.();
    try {
      if (state() === 'refused') {
        await a.respond?.({ response_type: 'ephemeral', replace_original: false, text: REFUSED_TEXT });
      } else {
        await answerNotReady(a);
      }
    } catch (e) {
      logger.warn({ err: String(e) }, 'slack: could not say that the bot is not ready yet');
    }
  });
}

async function answerNotReady(a: LooseArgs): Promise<void> {
  const ev = a.body.event;
  if (!ev) {
    // a slash command or a button: the response_url needs no token
    await a.respond?.({ response_type: 'ephemeral', replace_original: false, text: NOT_READY_TEXT });
    return;
  }
  if (!ev.channel || ev.subtype !== undefined || ev.bot_id !== undefined) {
    return;
  }
  if (ev.type === 'app_mention') {
    await a.client.chat.postMessage({ channel: ev.channel, thread_ts: ev.thread_ts ?? ev.ts, text: NOT_READY_TEXT });
  } else if (ev.type === 'message' && ev.channel_type === 'im') {
    await a.client.chat.postMessage({ channel: ev.channel, ...(ev.thread_ts ? { thread_ts: ev.thread_ts } : {}), text: NOT_READY_TEXT });
  }
}
