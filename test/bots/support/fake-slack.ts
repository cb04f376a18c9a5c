/**
 * A local fake of Slack's Web API for the bot tests: an HTTP server that answers the methods the
 * bot calls (auth.test, chat.postMessage, chat.update, views.publish, files.getUploadURLExternal,
 * the upload itself, files.completeUploadExternal; anything else `{ok:true}`, or what `answer` set)
 * and the `response_url` of slash commands, and records every call with its decoded body and token.
 * Socket Mode (`apps.connections.open` and the WebSocket) is added by fake-socket-mode.ts.
 *
 *   const slack = await startFakeSlack();   // slack.apiUrl → SLACK_API_URL
 *   …
 *   const posts = await slack.waitFor('chat.postMessage', 1);
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedCall {
  /** Web API method (`chat.postMessage`), `upload`, or `response_url` */
  method: string;
  path: string;
  body: Record<string, unknown>;
  /** the raw body (the uploaded file's content for `upload`) */
  raw: string;
  /** the token the call was made with (`Authorization: Bearer …` or the `token` field), if any */
  token: string | null;
}

/** Polls `probe` every 10 ms until it gives a value; rejects with `failure()` after `ms`. */
export async function waitUntil<T>(probe: () => T | undefined, failure: () => string, ms = 5000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = probe();
    if (v !== undefined) {
      return v;
    }
    if (Date.now() > until) {
      throw new Error(failure());
    }
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** All text of a posted message: fallback and every block. */
export function textOf(c: RecordedCall): string {
  return JSON.stringify([c.body.text, c.body.blocks]);
}

export interface FakeSlack {
  /** base URL of the Web API, with the trailing slash */
  apiUrl: string;
  /** a response_url to put in slash command payloads */
  responseUrl(id: string): string;
  calls: RecordedCall[];
  /** make a method answer `{ok:false, error}` (`null`: answer normally again) */
  failMethod(method: string, error: string | null): void;
  /**
   * make a method answer with this HTTP status and an HTML body, as a failing gateway does; 0:
   * drop the connection without an answer, as a resetting firewall does (`null`: answer normally again)
   */
  failHttp(method: string, status: number | null): void;
  /**
   * Hold the calls of a method without answering, as a Slack out of reach by a dropping firewall
   * (`false`: answer them, and the later ones, normally again)
   */
  hold(method: string, on: boolean): void;
  /** make a method answer what `reply` returns for each call (`null`: answer normally again) */
  answer(method: string, reply: ((call: RecordedCall) => Record<string, unknown>) | null): void;
  callsOf(method: string): RecordedCall[];
  /** resolves when at least `n` calls of `method` were recorded (rejects after `ms`) */
  waitFor(method: string, n: number, ms?: number): Promise<RecordedCall[]>;
  /** resolves with the first recorded call that matches (rejects after `ms`) */
  waitForCall(match: (c: RecordedCall) => boolean, ms?: number): Promise<RecordedCall>;
  close(): Promise<void>;
}

/** Web API bodies are form-encoded, with objects as JSON strings; or JSON. */
function decode(raw: string, contentType: string): Record<string, unknown> {
  if (contentType.includes('application/json')) {
    try {
      return JSON.parse(raw) as Record<string, unknown>;
    } catch {
      return {};
    }
  }
  if (contentType.includes('application/x-www-form-urlencoded')) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of new URLSearchParams(raw)) {
      const t = v.trim();
      if (t.startsWith('[') || t.startsWith('{')) {
        try {
          out[k] = JSON.parse(t);
          continue;
        } catch {
          // keep the string
        }
      }
      out[k] = v;
    }
    return out;
  }
  return {};
}

function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

export async function startFakeSlack(): Promise<FakeSlack> {
  const calls: RecordedCall[] = [];
  const failing = new Map<string, string>();
  const answers = new Map<string, (call: RecordedCall) => Record<string, unknown>>();
  const httpFailing = new Map<string, number>();
  const holding = new Set<string>();
  const held: Array<() => void> = [];
  let ts = 1_700_000_000;
  let fileNo = 0;
  let base = '';
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const path = (req.url ?? '').split('?')[0];
      if (path.startsWith('/upload/')) {
        calls.push({ method: 'upload', path, body: {}, raw, token: null });
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.end('OK - 1');
        return;
      }
      if (path.startsWith('/response/')) {
        calls.push({ method: 'response_url', path, body: decode(raw, 'application/json'), raw, token: null });
        sendJson(res, 200, { ok: true });
        return;
      }
      const method = path.replace(/^\/api\//, '');
      const body = decode(raw, String(req.headers['content-type'] ?? ''));
      const bearer = /^Bearer (.+)$/.exec(String(req.headers.authorization ?? ''));
      const call = { method, path, body, raw, token: bearer ? bearer[1] : typeof body.token === 'string' ? body.token : null };
      calls.push(call);
      const status = httpFailing.get(method);
      if (status === 0) {
        req.socket.destroy();
        return;
      }
      if (status !== undefined) {
        res.writeHead(status, { 'content-type': 'text/html' });
        res.end('<html><body>Bad Gateway</body></html>');
        return;
      }
      if (holding.has(method)) {
        held.push(() => reply(call, res));
        return;
      }
      reply(call, res);
    });
  });
  const reply = (call: RecordedCall, res: http.ServerResponse): void => {
    const { method, body } = call;
    const json = (status: number, out: unknown): void => sendJson(res, status, out);
    const error = failing.get(method);
    if (error) {
      json(200, { ok: false, error });
      return;
    }
    const custom = answers.get(method);
    if (custom) {
      json(200, custom(call));
      return;
    }
    switch (method) {
      case 'auth.test':
        json(200, { ok: true, url: 'https://acme.slack.com/', team: 'Acme', user: 'sipsleuth', team_id: 'T0001', user_id: 'UBOT', bot_id: 'BBOT' });
        return;
      case 'chat.postMessage':
      case 'chat.update':
        ts += 1;
        json(200, { ok: true, channel: body.channel, ts: `${ts}.000100`, message: { text: body.text } });
        return;
      case 'views.publish':
        json(200, { ok: true, view: { id: 'V0001' } });
        return;
      case 'files.getUploadURLExternal':
        fileNo += 1;
        json(200, { ok: true, upload_url: `${base}/upload/F${fileNo}`, file_id: `F${fileNo}` });
        return;
      case 'files.completeUploadExternal':
        json(200, { ok: true, files: [{ id: 'F1', title: 'file' }] });
        return;
      default:
        json(200, { ok: true });
    }
  };
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const callsOf = (m: string): RecordedCall[] => calls.filter((c) => c.method === m);
  return {
    apiUrl: `${base}/api/`,
    responseUrl: (id) => `${base}/response/${id}`,
    calls,
    failMethod: (m, e) => {
      if (e === null) {
        failing.delete(m);
      } else {
        failing.set(m, e);
      }
    },
    failHttp: (m, status) => {
      if (status === null) {
        httpFailing.delete(m);
      } else {
        httpFailing.set(m, status);
      }
    },
    hold: (m, on) => {
      if (on) {
        holding.add(m);
        return;
      }
      holding.delete(m);
      for (const answer of held.splice(0)) {
        answer();
      }
    },
    answer: (m, reply) => {
      if (reply === null) {
        answers.delete(m);
      } else {
        answers.set(m, reply);
      }
    },
    callsOf,
    waitFor: (m, n, ms) =>
      waitUntil(
        () => (callsOf(m).length >= n ? callsOf(m) : undefined),
        () => `fake Slack: ${m} called ${callsOf(m).length} times, expected ${n}; calls: ${calls.map((c) => c.method).join(', ')}`,
        ms,
      ),
    waitForCall: (match, ms) => waitUntil(() => calls.find(match), () => `fake Slack: no matching call; calls: ${calls.map((c) => c.path).join(', ')}`, ms),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
