/** What other parts use of the alerts: the service parts, the digest, the sink interface and renderers. */
export { createAlertsParts, slackSinks, runDigestJob, buildDigestWithChart, type AlertsPartsOptions } from './alerts-service';
export type { Alert, AlertKind, AlertState, AlertExample } from './alert';
export { WHY_ACTION_ID } from './alert';
export type { AlertSink, SinkRef } from './sink';
export { SlackSink, type SlackSinkOptions } from './slack-sink';
export { alertCard, digestCard } from './render-card';
export { slackAlert, slackDigest } from './render-slack';
export { alertText, digestText } from './alert-text';
export { alertMetrics } from './metrics';
export { chartPng } from './chart';
