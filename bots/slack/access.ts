/**
 * Who may ask the Slack bot (SLACK_ALLOWED_CHANNELS, SLACK_ALLOWED_USERS; empty = everyone):
 * a user must be on the user list when there is one; a channel must be on the channel list when
 * there is one. A direct message passes the channel list when the user list names the user
 * (someone explicitly allowed may ask in private). Pure.
 */
export interface SlackAccessPolicy {
  channels: readonly string[];
  users: readonly string[];
}

export type SlackAccess = { ok: true } | { ok: false; why: 'user' | 'channel' };

export function checkSlackAccess(p: SlackAccessPolicy, user: string, channel: string | null, isDm: boolean): SlackAccess {
  const userListed = p.users.includes(user);
  if (p.users.length > 0 && !userListed) {
    return { ok: false, why: 'user' };
  }
  if (p.channels.length > 0) {
    const channelOk = channel !== null && p.channels.includes(channel);
    if (!channelOk && !(isDm && userListed)) {
      return { ok: false, why: 'channel' };
    }
  }
  return { ok: true };
}

export const REFUSAL: Record<'user' | 'channel', string> = {
  user: "Sorry, I only answer the people my administrators listed. Ask your voice team to add you (SLACK_ALLOWED_USERS).",
  channel: 'Sorry, I only answer in the channels my administrators chose. Please ask in one of those (SLACK_ALLOWED_CHANNELS).',
};

/** Slack conversation ids of direct messages start with D. */
export function isDirectMessage(channel: string | null | undefined): boolean {
  return typeof channel === 'string' && channel.startsWith('D');
}
