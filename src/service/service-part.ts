/**
 * The lifecycle every long-lived part of the service shares (ingest, workers, HTTP, bots, alerts):
 * `start` resolves when the part is ready, `stop` when it has finished or handed back its work.
 */
export interface ServicePart {
  readonly name: string;
  start(): Promise<void>;
  stop(): Promise<void>;
}
