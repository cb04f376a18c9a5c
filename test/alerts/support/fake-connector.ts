/**
 * A local fake of the Bot Framework Connector for the Teams alert sink: records POST (new
 * activity, or a reply) and PUT (update) of `/v3/conversations/:id/activities[/:activityId]`
 * with their bodies, answers `{id}`, and refuses (HTTP 403, bot not in the roster) the conversations
 * in `failing`.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ConnectorCall {
  method: string;
  conversationId: string;
  activityId: string | null;
  body: Record<string, unknown>;
}

export class FakeConnector {
  readonly calls: ConnectorCall[] = [];
  readonly failing = new Set<string>();
  private server: http.Server | null = null;
  private id = 0;

  get serviceUrl(): string {
    return `http://127.0.0.1:${(this.server?.address() as AddressInfo).port}/`;
  }

  async start(): Promise<void> {
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const path = (req.url ?? '').split('?')[0];
        const m = /^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/]+))?$/.exec(path);
        if (!m) {
          res.writeHead(404).end('{}');
          return;
        }
        const conversationId = decodeURIComponent(m[1]);
        let body: Record<string, unknown> = {};
        try {
          body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
        } catch {
          // recorded empty
        }
        this.calls.push({ method: req.method ?? '', conversationId, activityId: m[2] ? decodeURIComponent(m[2]) : null, body });
        if (this.failing.has(conversationId.split(';')[0])) {
          // what Teams answers when the bot was removed from the team (not retried by the client)
          res.writeHead(403, { 'content-type': 'application/json' }).end('{"error":{"code":"BotNotInConversationRoster","message":"The bot is not part of the conversation roster."}}');
          return;
        }
        this.id += 1;
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id: m[2] && req.method === 'PUT' ? m[2] : `act-${this.id}` }));
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
  }

  async stop(): Promise<void> {
    const s = this.server;
    this.server = null;
    if (s) {
      s.closeAllConnections();
      await new Promise<void>((r) => s.close(() => r()));
    }
  }
}
