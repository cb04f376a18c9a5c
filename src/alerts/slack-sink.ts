/**
 * Alerts and digests to one Slack channel with the Web API (`@slack/web-api`, the client Bolt
 * uses): chat.postMessage for a new incident, chat.update to change it in place, a thread reply
 * on recovery and on coming back, and for the digest a message plus the chart as a file
 * (files.uploadV2) in its thread. The client's own retries are off: the delivery retries with
 * backoff and counts each failure.
 */
import { WebClient } from '@slack/web-api';
import { SlackDeliveryError } from '../errors';
import type { Digest } from '../stats/digest';
import type { Alert } from './alert';
import { alertThreadLine } from './alert-text';
import { slackAlert, slackDigest } from './render-slack';
import type { AlertSink, SinkRef } from './sink';

export interface SlackSinkOptions {
  token: string;
  channel: string;
  /** SLACK_API_URL (tests: the fake Slack); default https://slack.com/api/ */
  apiUrl?: string;
  /** zone of the times shown */
  tz: string;
  timeoutMs?: number;
}

interface SlackRef extends SinkRef {
  channel: string;
  ts: string;
}

function isSlackRef(r: SinkRef): r is SlackRef {
  return typeof r.channel === 'string' && typeof r.ts === 'string';
}

export class SlackSink implements AlertSink {
  readonly name: string;
  private readonly client: WebClient;
  private readonly channel: string;
  private readonly tz: string;

  constructor(o: SlackSinkOptions) {
    this.name = `slack:${o.channel}`;
    this.channel = o.channel;
    this.tz = o.tz;
    const url = o.apiUrl === undefined ? undefined : o.apiUrl.endsWith('/') ? o.apiUrl : `${o.apiUrl}/`;
    this.client = new WebClient(o.token, {
      slackApiUrl: url,
      retryConfig: { retries: 0 },
      rejectRateLimitedCalls: true,
      timeout: o.timeoutMs ?? 10_000,
    });
  }

  private async call<T>(what: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      const why = err instanceof Error ? err.message : String(err);
      throw new SlackDeliveryError(`${what} to ${this.channel} failed: ${why}`, err);
    }
  }

  async post(alert: Alert): Promise<SinkRef> {
    const m = slackAlert(alert, this.tz);
    const res = await this.call('chat.postMessage', () =>
      this.client.chat.postMessage({ channel: this.channel, text: m.text, blocks: m.blocks, unfurl_links: false }),
    );
    if (!res.ts) {
      throw new SlackDeliveryError(`chat.postMessage to ${this.channel} returned no ts`);
    }
    const ref: SlackRef = { channel: res.channel ?? this.channel, ts: res.ts };
    return ref;
  }

  async update(ref: SinkRef, alert: Alert): Promise<void> {
    if (!isSlackRef(ref)) {
      throw new SlackDeliveryError(`not a Slack message reference: ${JSON.stringify(ref)}`);
    }
    const m = slackAlert(alert, this.tz);
    await this.call('chat.update', () => this.client.chat.update({ channel: ref.channel, ts: ref.ts, text: m.text, blocks: m.blocks }));
    if (alert.state === 'recovered' || alert.state === 'reopened' || alert.state === 'update') {
      await this.call('chat.postMessage (thread)', () =>
        this.client.chat.postMessage({ channel: ref.channel, thread_ts: ref.ts, text: alertThreadLine(alert, this.tz) }),
      );
    }
  }

  async postDigest(digest: Digest, png: Buffer | null): Promise<void> {
    const m = slackDigest(digest);
    const res = await this.call('chat.postMessage', () =>
      this.client.chat.postMessage({ channel: this.channel, text: m.text, blocks: m.blocks, unfurl_links: false }),
    );
    if (png && res.ts) {
      const ts = res.ts;
      await this.call('files.uploadV2', () =>
        this.client.files.uploadV2({
          channel_id: this.channel,
          thread_ts: ts,
          file: png,
          filename: `sipsleuth-digest-${digest.date}.png`,
          title: `Calls and failures per hour, ${digest.date} (${digest.tz})`,
        }),
      );
    }
  }
}
