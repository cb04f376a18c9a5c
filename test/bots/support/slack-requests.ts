/**
 * Signed requests as Slack sends them: `x-slack-signature: v0=HMAC-SHA256(secret, "v0:<ts>:<body>")`
 * with `x-slack-request-timestamp`; events as JSON, slash commands and interactions form-encoded.
 */
import { createHmac } from 'node:crypto';

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

export function eventBody(event: Record<string, unknown>, eventId: string): string {
  return JSON.stringify({
    token: 'legacy',
    team_id: 'T0001',
    api_app_id: 'A0001',
    type: 'event_callback',
    event_id: eventId,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ team_id: 'T0001', user_id: 'UBOT', is_bot: true }],
    event,
  });
}

export function commandBody(text: string, o: { user?: string; channel?: string; channelName?: string; responseUrl: string }): string {
  return new URLSearchParams({
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
  }).toString();
}

export function buttonBody(actionId: string, value: string, o: { user?: string; channel?: string; messageTs: string; threadTs?: string; responseUrl: string }): string {
  const payload = {
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
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}
