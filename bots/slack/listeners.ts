/**
 * The Slack listeners: `/sipsleuth`, @mentions (answered in the thread), direct messages, the
 * "Show ladder" / "Show raw SIP" buttons and the alerts' "Why?" buttons (answered in the thread)
 * and the App Home tab. Each acks
 * first and answers after; Slack's retries of an event already handled are dropped.
 */
import type { App, BlockButtonAction } from '@slack/bolt';
import { answer, parseQuestion, type AskStore } from '../../src/ask';
import type { Logger } from '../../src/log/logger';
import { isDirectMessage } from './access';
import type { SlackAsker } from './asker';
import type { EventDedupe } from './event-dedupe';
import { postReply, uploadFile } from './post';
import { ACTION_LADDER, ACTION_RAW, ACTION_WHY, homeView, statusBlocks } from './render';
import { section } from './render/blocks';

export interface ListenerDeps {
  asker: SlackAsker;
  dedupe: EventDedupe;
  logger: Logger;
  store: AskStore;
  tz: string;
  clock: () => number;
}

export function registerListeners(app: App, d: ListenerDeps): void {
  // Events are acked by Bolt before this runs; a retry of an event already claimed stops here.
  app.use(async ({ body, next }) => {
    const eventId = (body as { event_id?: unknown }).event_id;
    if (typeof eventId === 'string' && !(await d.dedupe.claim(eventId))) {
      d.logger.info({ eventId }, 'slack retry of an event already handled: ignored');
      return;
    }
    await next();
  });

  app.command('/sipsleuth', async ({ command, ack, respond, client }) => {
    await ack();
    const isDm = command.channel_name === 'directmessage' || isDirectMessage(command.channel_id);
    const ctx = { user: command.user_id, channel: command.channel_id, isDm, via: 'command' as const };
    const refused = d.asker.refusal(ctx);
    if (refused) {
      await respond({ response_type: 'ephemeral', text: refused.text, blocks: refused.blocks });
      return;
    }
    const reply = await d.asker.answerOnly(parseQuestion(command.text), ctx);
    await respond({ response_type: 'in_channel', text: reply.text, blocks: reply.blocks });
    if (reply.file && !(await uploadFile(client, { channel: command.channel_id }, reply, d.logger))) {
      await respond({ response_type: 'ephemeral', text: 'I could not attach the file here: invite me to this channel (/invite @sipsleuth) or ask me in a direct message.' });
    }
  });

  app.event('app_mention', async ({ event, client }) => {
    const threadTs = event.thread_ts ?? event.ts;
    const reply = await d.asker.replyTo(event.text, { user: event.user ?? '', channel: event.channel, isDm: false, via: 'mention' });
    await postReply(client, { channel: event.channel, threadTs }, reply, d.logger);
  });

  app.message(async ({ message, client }) => {
    if (message.channel_type !== 'im' || message.subtype !== undefined || 'bot_id' in message) {
      return;
    }
    const reply = await d.asker.replyTo(message.text ?? '', { user: message.user, channel: message.channel, isDm: true, via: 'dm' });
    await postReply(client, { channel: message.channel, threadTs: message.thread_ts }, reply, d.logger);
  });

  // Show ladder / Show raw SIP under a verdict, and the Why? buttons of alerts
  app.action<BlockButtonAction>(new RegExp(`^(${ACTION_LADDER}|${ACTION_RAW}|${ACTION_WHY})$`), async ({ action, body, ack, client, respond }) => {
    await ack();
    const channel = body.channel?.id ?? null;
    const kind = action.action_id === ACTION_LADDER ? 'ladder' : action.action_id === ACTION_RAW ? 'raw' : 'why';
    const reply = await d.asker.reply({ kind, ref: action.value ?? '' }, { user: body.user.id, channel, isDm: isDirectMessage(channel), via: 'button' });
    const ts = body.message?.thread_ts ?? body.message?.ts ?? body.container?.message_ts;
    if (channel && typeof ts === 'string') {
      await postReply(client, { channel, threadTs: ts }, reply, d.logger);
    } else {
      await respond({ response_type: 'ephemeral', replace_original: false, text: reply.text, blocks: reply.blocks });
    }
  });

  app.event('app_home_opened', async ({ event, client }) => {
    if (event.tab !== 'home') {
      return;
    }
    const refused = d.asker.refusal({ user: event.user, channel: null, isDm: true, via: 'home' });
    let blocks = refused ? refused.blocks : [];
    if (!refused) {
      try {
        const a = await answer({ kind: 'status' }, { store: d.store, now: d.clock(), tz: d.tz });
        blocks = a.kind === 'status' ? statusBlocks(a, { tz: d.tz }) : [section(a.kind === 'error' ? a.message : 'Status unavailable.')];
      } catch (e) {
        d.logger.error({ user: event.user, err: String(e) }, 'slack home status failed');
        blocks = [section('Status unavailable right now.')];
      }
      blocks.push(section('Ask me in a direct message, with `/sipsleuth <question>` or by mentioning me: `why did call 0101 fail`, `failed calls today`, `top failures this week`, `help`.'));
    }
    try {
      await client.views.publish({ user_id: event.user, view: homeView(blocks) });
    } catch (e) {
      d.logger.warn({ user: event.user, err: String(e) }, 'slack home tab not published');
    }
  });
}
