/**
 * The service's one HTTP port: `GET /healthz` (200 + JSON when Redis answers, 503 when not) and
 * `GET /metrics` (Prometheus text). Other parts mount their routes on the same app through
 * `mount` (the Slack bot's `/slack/events`, the Teams bot's `/api/messages`).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type Express } from 'express';
import { register, Registry } from 'prom-client';
import type { Logger } from '../log/logger';
import type { HealthReport } from './health';
import type { ServiceMetrics } from './metrics';

export interface HttpServerOptions {
  port: number;
  host?: string;
  metrics: ServiceMetrics;
  health: () => Promise<HealthReport>;
  logger: Logger;
  /** called once with the app before it listens: add routes here */
  mount?: Array<(app: Express) => void>;
}

export interface HttpServer {
  readonly app: Express;
  /** the bound port (useful with port 0) */
  port(): number;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export function createHttpServer(opts: HttpServerOptions): HttpServer {
  const app = express();
  app.disable('x-powered-by');
  app.get('/healthz', async (_req, res) => {
    const report = await opts.health();
    res.status(report.ok ? 200 : 503).json(report);
  });
  app.get('/metrics', async (_req, res) => {
    // refresh the queue gauges; a Redis that is away leaves them as last seen
    await opts.health();
    // the service's own registry, plus prom-client's default one where the alert parts count
    // (alerts produced, delivery failures, digests)
    const merged = Registry.merge([opts.metrics.registry, register]);
    res.type(merged.contentType).send(await merged.metrics());
  });
  for (const m of opts.mount ?? []) {
    m(app);
  }
  let server: http.Server | null = null;
  return {
    app,
    port: () => (server?.address() as AddressInfo | null)?.port ?? opts.port,
    start: () =>
      new Promise<void>((resolve, reject) => {
        const s = http.createServer(app);
        s.once('error', reject);
        s.listen(opts.port, opts.host ?? '0.0.0.0', () => {
          s.off('error', reject);
          s.on('error', (err) => opts.logger.error({ err: String(err) }, 'http server error'));
          server = s;
          opts.logger.info({ port: (s.address() as AddressInfo).port }, 'http listening (/healthz, /metrics)');
          resolve();
        });
      }),
    stop: () =>
      new Promise<void>((resolve) => {
        if (!server) {
          resolve();
          return;
        }
        const s = server;
        server = null;
        s.close(() => resolve());
        s.closeAllConnections();
      }),
  };
}
