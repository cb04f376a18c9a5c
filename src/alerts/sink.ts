/**
 * Where alerts and digests go. One sink = one destination (a Slack channel, the subscribed Teams
 * channels). A sink throws a coded error (SlackDeliveryError, TeamsDeliveryError) when the
 * platform refuses or cannot be reached; the delivery retries with backoff and keeps what could
 * not be sent.
 */
import type { Digest } from '../stats/digest';
import type { Alert } from './alert';

/** What a sink needs to find a message again (opaque JSON to everyone else). */
export type SinkRef = Record<string, unknown>;

export interface AlertSink {
  /** unique among the sinks, stable across restarts (`slack:C0123`) */
  readonly name: string;
  /** posts a new incident's message */
  post(alert: Alert): Promise<SinkRef>;
  /**
   * updates the incident's message in place; on `recovered` and `reopened` also says so in the
   * message's thread (or as a reply). Returns a new reference when it had to post again (a sink
   * with several conversations, some of which missed the first post), else nothing.
   */
  update(ref: SinkRef, alert: Alert): Promise<SinkRef | void>;
  postDigest(digest: Digest, png: Buffer | null): Promise<void>;
}
