/**
 * A local fake of the Slack Web API over HTTP, enough for the alerts: chat.postMessage,
 * chat.update, files.getUploadURLExternal, the upload URL, files.completeUploadExternal. It keeps
 * every message (with its thread replies and updates) and can be told to fail the next calls
 * (HTTP 500 or `ok: false`).
 */
import express from 'express';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeMessage {
  channel: string;
  ts: string;
  text: string;
  blocks: unknown[];
  threadTs: string | null;
  updates: Array<{ text: string; blocks: unknown[] }>;
}

export interface FakeUpload {
  id: string;
  filename: string;
  bytes: Buffer;
  channel: string | null;
  threadTs: string | null;
  title: string | null;
}

/** The first part's content of a multipart/form-data body (the file), or null when it is not one. */
function multipartFile(body: Buffer, contentType: string): Buffer | null {
  const m = /boundary=(?:"([^"]+)"|([^;]+))/.exec(contentType);
  if (!contentType.startsWith('multipart/') || !m) {
    return null;
  }
  const boundary = Buffer.from(`--${m[1] ?? m[2]}`);
  const start = body.indexOf(boundary);
  const headersEnd = body.indexOf('\r\n\r\n', start);
  const next = body.indexOf(boundary, headersEnd);
  if (start < 0 || headersEnd < 0 || next < 0) {
    return null;
  }
  return body.subarray(headersEnd + 4, next - 2);
}

export class FakeSlack {
  readonly messages: FakeMessage[] = [];
  readonly uploads: FakeUpload[] = [];
  readonly calls: string[] = [];
  /** how many of the next API calls fail, and how */
  failNext = 0;
  failWith: 'http-500' | 'not-ok' = 'http-500';
  private server: Server | null = null;
  private seq = 0;
  private readonly pending = new Map<string, FakeUpload>();

  get url(): string {
    const a = this.server?.address() as AddressInfo;
    return `http://127.0.0.1:${a.port}/api/`;
  }

  /** Top-level messages (not thread replies) of a channel. */
  topLevel(channel?: string): FakeMessage[] {
    return this.messages.filter((m) => m.threadTs === null && (channel === undefined || m.channel === channel));
  }

  replies(ts: string): FakeMessage[] {
    return this.messages.filter((m) => m.threadTs === ts);
  }

  async start(): Promise<void> {
    const app = express();
    app.use('/upload', express.raw({ type: () => true, limit: '20mb' }));
    app.use('/api', express.urlencoded({ extended: false, limit: '5mb' }));
    app.post('/upload/:id', (req, res) => {
      const u = this.pending.get(req.params.id);
      if (!u) {
        res.status(404).send('no such upload');
        return;
      }
      const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.from('');
      u.bytes = multipartFile(raw, String(req.headers['content-type'] ?? '')) ?? raw;
      res.status(200).send('OK - ' + u.bytes.length);
    });
    app.post('/api/:method', (req, res) => {
      const method = req.params.method;
      this.calls.push(method);
      const auth = req.headers.authorization ?? '';
      if (!auth.startsWith('Bearer ')) {
        res.json({ ok: false, error: 'not_authed' });
        return;
      }
      if (this.failNext > 0) {
        this.failNext--;
        if (this.failWith === 'http-500') {
          res.status(500).send('internal error');
        } else {
          res.json({ ok: false, error: 'internal_error' });
        }
        return;
      }
      const b = req.body as Record<string, string>;
      const blocks = (): unknown[] => (b.blocks ? (JSON.parse(b.blocks) as unknown[]) : []);
      switch (method) {
        case 'chat.postMessage': {
          const ts = `1700000000.${String(++this.seq).padStart(6, '0')}`;
          this.messages.push({ channel: b.channel, ts, text: b.text ?? '', blocks: blocks(), threadTs: b.thread_ts ?? null, updates: [] });
          res.json({ ok: true, channel: b.channel, ts });
          return;
        }
        case 'chat.update': {
          const m = this.messages.find((x) => x.channel === b.channel && x.ts === b.ts);
          if (!m) {
            res.json({ ok: false, error: 'message_not_found' });
            return;
          }
          m.updates.push({ text: m.text, blocks: m.blocks });
          m.text = b.text ?? '';
          m.blocks = blocks();
          res.json({ ok: true, channel: b.channel, ts: b.ts });
          return;
        }
        case 'files.getUploadURLExternal': {
          const id = `F${++this.seq}`;
          this.pending.set(id, { id, filename: b.filename, bytes: Buffer.alloc(0), channel: null, threadTs: null, title: null });
          res.json({ ok: true, upload_url: `${this.url.replace(/\/api\/$/, '')}/upload/${id}`, file_id: id });
          return;
        }
        case 'files.completeUploadExternal': {
          const files = JSON.parse(b.files) as Array<{ id: string; title?: string }>;
          for (const f of files) {
            const u = this.pending.get(f.id);
            if (u) {
              u.channel = b.channel_id ?? null;
              u.threadTs = b.thread_ts ?? null;
              u.title = f.title ?? null;
              this.uploads.push(u);
              this.pending.delete(f.id);
            }
          }
          res.json({ ok: true, files: files.map((f) => ({ id: f.id })) });
          return;
        }
        default:
          res.json({ ok: false, error: 'unknown_method' });
      }
    });
    await new Promise<void>((resolve) => {
      this.server = app.listen(0, '127.0.0.1', () => resolve());
    });
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
