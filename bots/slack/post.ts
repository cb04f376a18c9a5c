/** Posting a reply: the message, then its file (files.uploadV2) in the same thread. */
import type { webApi } from '@slack/bolt';
import type { Logger } from '../../src/log/logger';
import type { SlackReply } from './render';

export interface Where {
  channel: string;
  /** reply in this thread (the ts of its first message) */
  threadTs?: string;
}

export async function uploadFile(client: webApi.WebClient, where: Where, reply: SlackReply, logger: Logger): Promise<boolean> {
  if (!reply.file) {
    return true;
  }
  try {
    const file = { content: reply.file.content, filename: reply.file.filename, title: reply.file.title };
    await client.files.uploadV2(
      where.threadTs ? { ...file, channel_id: where.channel, thread_ts: where.threadTs } : { ...file, channel_id: where.channel },
    );
    return true;
  } catch (e) {
    logger.warn({ channel: where.channel, err: String(e) }, 'slack file upload failed');
    return false;
  }
}

/** Posts the message and its file; delivery failures are logged, not thrown. */
export async function postReply(client: webApi.WebClient, where: Where, reply: SlackReply, logger: Logger): Promise<void> {
  try {
    await client.chat.postMessage({
      channel: where.channel,
      ...(where.threadTs ? { thread_ts: where.threadTs } : {}),
      text: reply.text,
      blocks: reply.blocks,
      unfurl_links: false,
    });
  } catch (e) {
    logger.warn({ channel: where.channel, err: String(e) }, 'slack message not delivered');
    return;
  }
  await uploadFile(client, where, reply, logger);
}
