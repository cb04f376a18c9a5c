/**
 * Signed requests as Slack sends them: `x-slack-signature: v0=HMAC-SHA256(secret, "v0:<ts>:<body>")`
 * with `x-slack-request-timestamp`; events as JSON, slash commands and interactions form-encoded.
 * The `…Payload` builders give the same requests as objects: the payloads of Socket Mode envelopes.
 */
import { createHmac } from 'node:crypto';
import { textOf, type RecordedCall } from './fake-slack';

export interface SignOptions {
  /** seconds; default now */
  timestamp?: number;
  /** sign with another secret */
  secret?: string;
  retryNum?: number;
}

export interface SlackResponse {
  status: number;
  body: string;
  ms: number;
}

export function sign(secret: string, ts: number, body: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${ts}:${body}`).digest('hex')}`;
}

export async function sendSigned(url: string, secret: string, body: string, contentType: string, o: SignOptions = {}): Promise<SlackResponse> {
  const ts = o.timestamp ?? Math.floor(Date.now() / 1000);
  const headers: Record<string, string> = {
    'content-type': contentType,
    'x-slack-request-timestamp': String(ts),
    'x-slack-signature': sign(o.secret ?? secret, ts, body),
  };
  if (o.retryNum !== undefined) {
    headers['x-slack-retry-num'] = String(o.retryNum);
    headers['x-slack-retry-reason'] = 'http_timeout';
  }
  const t0 = Date.now();
  const res = await fetch(url, { method: 'POST', headers, body });
  return { status: res.status, body: await res.text(), ms: Date.now() - t0 };
}

/** The Events API body of an event (`event_callback`): the JSON Slack posts, and the payload of a Socket Mode `events_api` envelope. */
export function eventPayload(event: Record<string, unknown>, eventId: string): Record<string, unknown> {
  return {
    token: 'legacy',
    team_id: 'T0001',
    api_app_id: 'A0001',
    type: 'event_callback',
    event_id: eventId,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ team_id: 'T0001', user_id: 'UBOT', is_bot: true }],
    event,
  };
}

export function eventBody(event: Record<string, unknown>, eventId: string): string {
  return JSON.stringify(eventPayload(event, eventId));
}

export interface MentionOptions {
  user?: string;
  channel?: string;
  threadTs?: string;
}

/** An @mention of the bot; `seq` makes its ts (`1700000100.00<seq>`) unique within a test file. */
export function mentionEvent(seq: number, text: string, o: MentionOptions = {}): Record<string, unknown> {
  const ts = `1700000100.00${seq}`;
  return { type: 'app_mention', user: o.user ?? 'U0ENG', text: `<@UBOT> ${text}`, ts, channel: o.channel ?? 'C0VOICE', ...(o.threadTs ? { thread_ts: o.threadTs } : {}), event_ts: ts };
}

/** A direct message to the bot; `seq` as in `mentionEvent`. */
export function dmEvent(seq: number, text: string, user = 'U0ENG'): Record<string, unknown> {
  const ts = `1700000200.00${seq}`;
  return { type: 'message', channel_type: 'im', user, text, ts, channel: 'D0ENG', event_ts: ts };
}

/** An @mention in a thread, asked in HTTP mode and in Socket Mode alike (answer: `expectThreadMentionAnswer`). */
export const THREAD_MENTION = { text: 'why did call +49 40 777-0113 fail?', threadTs: '1699999999.000001' };

/** The answer to THREAD_MENTION: in its channel and thread, the verdict, the number not masked. */
export function expectThreadMentionAnswer(p: RecordedCall): void {
  expect(p.body.channel).toBe('C0VOICE');
  expect(p.body.thread_ts).toBe(THREAD_MENTION.threadTs);
  expect(textOf(p)).toContain('caller-cancelled');
  expect(textOf(p)).toContain('+49407770113');
}

export interface CommandOptions {
  user?: string;
  channel?: string;
  channelName?: string;
  responseUrl: string;
}

/** A `/sipsleuth` slash command: the fields Slack posts form-encoded, and the payload of a `slash_commands` envelope. */
export function commandPayload(text: string, o: CommandOptions): Record<string, string> {
  return {
    token: 'legacy',
    team_id: 'T0001',
    team_domain: 'acme',
    channel_id: o.channel ?? 'C0VOICE',
    channel_name: o.channelName ?? 'voice-ops',
    user_id: o.user ?? 'U0ENG',
    user_name: 'eng',
    command: '/sipsleuth',
    text,
    api_app_id: 'A0001',
    response_url: o.responseUrl,
    trigger_id: '123.456.abc',
  };
}

export function commandBody(text: string, o: CommandOptions): string {
  return new URLSearchParams(commandPayload(text, o)).toString();
}

export interface ButtonOptions {
  user?: string;
  channel?: string;
  messageTs: string;
  threadTs?: string;
  responseUrl: string;
}

/** A click on a button of the bot's message (`block_actions`): the payload of an `interactive` envelope. */
export function buttonPayload(actionId: string, value: string, o: ButtonOptions): Record<string, unknown> {
  return {
    type: 'block_actions',
    team: { id: 'T0001', domain: 'acme' },
    user: { id: o.user ?? 'U0ENG', username: 'eng', team_id: 'T0001' },
    api_app_id: 'A0001',
    token: 'legacy',
    container: { type: 'message', message_ts: o.messageTs, channel_id: o.channel ?? 'C0VOICE', is_ephemeral: false },
    trigger_id: '123.456.abc',
    channel: { id: o.channel ?? 'C0VOICE', name: 'voice-ops' },
    message: { type: 'message', ts: o.messageTs, ...(o.threadTs ? { thread_ts: o.threadTs } : {}), text: 'verdict', user: 'UBOT' },
    response_url: o.responseUrl,
    actions: [{ type: 'button', action_id: actionId, block_id: 'b1', value, text: { type: 'plain_text', text: 'Show' }, action_ts: '1700000000.1' }],
  };
}

/** The same click as HTTP mode posts it: form-encoded `payload=<json>`. */
export function buttonBody(actionId: string, value: string, o: ButtonOptions): string {
  return new URLSearchParams({ payload: JSON.stringify(buttonPayload(actionId, value, o)) }).toString();
}
