/**
 * The alert parts for a service process: the stats follower (call events → figures), the alert
 * engine's rounds and the daily digest's scheduler and worker. Add them to `startService`'s
 * `extraParts`:
 *
 *   startService(config, 'serve', { logger, extraParts: alertsWorkerParts(config, { logger, sinks: [teamsSink] }) })
 */
import type { Config } from '../src/config';
import { createAlertsParts, type AlertsPartsOptions } from '../src/alerts/alerts-service';
import type { ServicePart } from '../src/service/service-part';

export function alertsWorkerParts(config: Config, opts: AlertsPartsOptions): ServicePart[] {
  return createAlertsParts(config, opts);
}
