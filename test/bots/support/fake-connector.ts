/**
 * A local fake of the Bot Framework Connector (the `serviceUrl` Teams puts in every activity):
 * records `POST /v3/conversations/:conversationId/activities[/:replyToId]` with the activity the
 * bot sent, and answers `{id}`. Anything else is answered `{}` and recorded too.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface PostedActivity {
  conversationId: string;
  replyToId: string | null;
  activity: {
    type?: string;
    text?: string;
    replyToId?: string;
    attachments?: Array<{ contentType: string; content: Record<string, unknown> }>;
  } & Record<string, unknown>;
  authorization: string | null;
}

export interface FakeConnector {
  /** the serviceUrl to put in activities (with the trailing slash Teams uses) */
  serviceUrl: string;
  posted: PostedActivity[];
  other: Array<{ method: string; path: string }>;
  waitFor(n: number, ms?: number): Promise<PostedActivity[]>;
  close(): Promise<void>;
}

export async function startFakeConnector(): Promise<FakeConnector> {
  const posted: PostedActivity[] = [];
  const other: Array<{ method: string; path: string }> = [];
  let id = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = (req.url ?? '').split('?')[0];
      const m = /^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/]+))?$/.exec(path);
      res.writeHead(200, { 'content-type': 'application/json' });
      if (req.method === 'POST' && m) {
        let activity: PostedActivity['activity'] = {};
        try {
          activity = JSON.parse(Buffer.concat(chunks).toString('utf8')) as PostedActivity['activity'];
        } catch {
          // recorded empty
        }
        posted.push({
          conversationId: decodeURIComponent(m[1]),
          replyToId: m[2] ? decodeURIComponent(m[2]) : null,
          activity,
          authorization: typeof req.headers.authorization === 'string' ? req.headers.authorization : null,
        });
        id += 1;
        res.end(JSON.stringify({ id: `act-${id}` }));
        return;
      }
      other.push({ method: req.method ?? '', path });
      res.end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  return {
    serviceUrl: url,
    posted,
    other,
    waitFor: async (n, ms = 5000) => {
      const until = Date.now() + ms;
      while (posted.length < n) {
        if (Date.now() > until) {
          throw new Error(`fake connector: ${posted.length} activities posted, expected ${n}`);
        }
        await new Promise((r) => setTimeout(r, 10));
      }
      return posted;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
