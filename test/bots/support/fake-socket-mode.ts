/**
 * A local fake of Slack's Socket Mode side, next to the fake Web API (fake-slack.ts), as Slack
 * documents it and @slack/socket-mode expects it:
 *
 * - `apps.connections.open`, called with the app-level token (`xapp-…`), answers
 *   `{ok:true, url:"ws://127.0.0.1:<port>/link/?ticket=…&app_id=A0001"}` (another token:
 *   `not_allowed_token_type`); each ticket opens one connection.
 * - A connection gets `{"type":"hello",…}`, then the envelopes the test sends (`events_api`,
 *   `slash_commands`, `interactive`), each `{envelope_id, type, payload, accepts_response_payload}`
 *   (and `retry_attempt`/`retry_reason` for events); the acks the app sends back
 *   (`{envelope_id, payload}`) are recorded with the time they took.
 * - `disconnect(reason)` sends `{"type":"disconnect","reason":…}` as Slack does before it recycles a
 *   connection (`warning`, then `refresh_requested`); the client closes and opens a new one.
 * - ws answers the client's pings with pongs; `ping()` pings the app as Slack's server does and
 *   resolves on its pong.
 *
 *   const slack = await startFakeSlack();
 *   const socket = await startFakeSocketMode(slack);   // bot: appToken xapp-…, apiUrl slack.apiUrl
 *   const id = socket.send('events_api', eventPayload(mentionEvent(1, 'status'), 'Ev1'));
 *   const ack = await socket.waitForAck(id);
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import WebSocket from 'ws';
import { waitUntil, type FakeSlack } from './fake-slack';

export type EnvelopeType = 'events_api' | 'slash_commands' | 'interactive';

export interface SocketConnection {
  /** 1 for the first connection */
  n: number;
  /** the path with the ticket the client connected to */
  path: string;
  /** every message the app sent, parsed */
  received: unknown[];
  /** the close code once the connection is closed (1000: the app closed it normally), else null */
  closeCode: number | null;
}

export interface SocketAck {
  envelopeId: string;
  payload: unknown;
  /** the connection it came on */
  connection: number;
  /** from the envelope sent to its ack */
  ms: number;
}

export interface FakeSocketMode {
  connections: SocketConnection[];
  acks: SocketAck[];
  /** resolves when `n` connections were opened and greeted with `hello` (rejects after `ms`) */
  waitForConnection(n: number, ms?: number): Promise<SocketConnection>;
  /** resolves when connection `n` is closed (rejects after `ms`) */
  waitForClose(n: number, ms?: number): Promise<SocketConnection>;
  /**
   * Sends an envelope on the newest open connection; returns its envelope_id. `retryAttempt` > 0
   * marks Slack's retry of an event it thinks was not handled.
   */
  send(type: EnvelopeType, payload: Record<string, unknown>, o?: { retryAttempt?: number; retryReason?: string }): string;
  /** `{"type":"disconnect","reason":…}` on the newest open connection */
  disconnect(reason: 'warning' | 'refresh_requested' | 'link_disabled'): void;
  /** pings the newest open connection; resolves when the app's pong arrives */
  ping(): Promise<void>;
  /** resolves with the ack of an envelope (rejects after `ms`) */
  waitForAck(envelopeId: string, ms?: number): Promise<SocketAck>;
  close(): Promise<void>;
}

interface Live {
  conn: SocketConnection;
  ws: WebSocket;
}

export async function startFakeSocketMode(slack: FakeSlack): Promise<FakeSocketMode> {
  const connections: SocketConnection[] = [];
  const acks: SocketAck[] = [];
  const live: Live[] = [];
  const sentAt = new Map<string, number>();
  const tickets = new Set<string>();
  let ticketNo = 0;
  let envelopeNo = 0;

  const server = http.createServer((_req, res) => {
    res.writeHead(426);
    res.end();
  });
  const wss = new WebSocket.Server({ server });
  wss.on('connection', (ws, req) => {
    const path = req.url ?? '';
    const ticket = new URL(path, 'ws://x').searchParams.get('ticket') ?? '';
    if (!tickets.delete(ticket)) {
      ws.close(1008, 'invalid ticket');
      return;
    }
    const conn: SocketConnection = { n: connections.length + 1, path, received: [], closeCode: null };
    connections.push(conn);
    const entry = { conn, ws };
    live.push(entry);
    ws.on('message', (data) => {
      const msg = JSON.parse(String(data)) as { envelope_id?: unknown; payload?: unknown };
      conn.received.push(msg);
      if (typeof msg.envelope_id === 'string') {
        acks.push({ envelopeId: msg.envelope_id, payload: msg.payload, connection: conn.n, ms: Date.now() - (sentAt.get(msg.envelope_id) ?? Date.now()) });
      }
    });
    ws.on('close', (code) => {
      conn.closeCode = code;
      live.splice(live.indexOf(entry), 1);
    });
    ws.send(JSON.stringify({ type: 'hello', num_connections: live.length, debug_info: { host: 'applink-fake', approximate_connection_time: 18060 }, connection_info: { app_id: 'A0001' } }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `ws://127.0.0.1:${(server.address() as AddressInfo).port}`;

  slack.answer('apps.connections.open', (call) => {
    if (!call.token?.startsWith('xapp-')) {
      return { ok: false, error: 'not_allowed_token_type' };
    }
    ticketNo += 1;
    const ticket = `t${ticketNo}`;
    tickets.add(ticket);
    return { ok: true, url: `${base}/link/?ticket=${ticket}&app_id=A0001` };
  });

  const newest = (): Live => {
    const l = live.at(-1);
    if (!l) {
      throw new Error('fake Socket Mode: no open connection');
    }
    return l;
  };

  return {
    connections,
    acks,
    waitForConnection: (n, ms) =>
      waitUntil(
        () => connections[n - 1],
        () => `fake Socket Mode: ${connections.length} connections, expected ${n}; apps.connections.open called ${slack.callsOf('apps.connections.open').length} times`,
        ms,
      ),
    waitForClose: (n, ms) =>
      waitUntil(
        () => (connections[n - 1]?.closeCode != null ? connections[n - 1] : undefined),
        () => `fake Socket Mode: connection ${n} not closed`,
        ms,
      ),
    send: (type, payload, o = {}) => {
      envelopeNo += 1;
      const id = `env-${envelopeNo}`;
      const events = type === 'events_api' ? { retry_attempt: o.retryAttempt ?? 0, retry_reason: o.retryReason ?? '' } : {};
      sentAt.set(id, Date.now());
      newest().ws.send(JSON.stringify({ envelope_id: id, type, payload, accepts_response_payload: type === 'slash_commands', ...events }));
      return id;
    },
    disconnect: (reason) => {
      newest().ws.send(JSON.stringify({ type: 'disconnect', reason, debug_info: { host: 'applink-fake' } }));
    },
    ping: () =>
      new Promise<void>((resolve) => {
        const { ws } = newest();
        ws.once('pong', () => resolve());
        ws.ping('ping from the fake');
      }),
    waitForAck: (id, ms) =>
      waitUntil(
        () => acks.find((a) => a.envelopeId === id),
        () => `fake Socket Mode: no ack of ${id}; acks: ${acks.map((a) => a.envelopeId).join(', ')}`,
        ms,
      ),
    close: async () => {
      slack.answer('apps.connections.open', null);
      for (const l of [...live]) {
        l.ws.terminate();
      }
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
