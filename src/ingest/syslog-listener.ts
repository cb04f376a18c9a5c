import dgram from 'node:dgram';
import net, { type AddressInfo } from 'node:net';
import { ConfigError } from '../errors';
import type { LineMeta, Skip } from '../formats/record';
import type { Logger } from '../log/logger';
import { DEFAULT_BACKOFF, type BackoffOptions } from './backoff';
import { FormatChooser, type FormatRegistry } from './format-choice';
import { defaultRegistry } from './format-registry';
import type { IngestMetrics } from './ingest-metrics';
import { RateLimitedWarning } from './rate-limited-log';
import { RecordPump } from './record-pump';
import type { RecordSink } from './record-sink';
import { SenderStreams, type StreamOutput } from './sender-streams';
import { looksBinary, parseSyslog, trimFrame } from './syslog-parse';
import { TcpSyslogDecoder } from './tcp-framing';

/**
 * The syslog listener: UDP datagrams and TCP streams (octet counting or newline framing, per
 * connection) from SBCs. Each message, header included, is one "line" for the sender's framer
 * (framers read `<133>[S=…` datagrams as they are); the header is checked here so garbage is a
 * counted skip. `meta.sender` = the sender's address (the SBC's identity), `meta.receivedAt` =
 * receive time, `meta.source` = `udp:<address>~<run>` (the run tag keeps `where` unique across
 * restarts: records are de-duplicated downstream by where and sequence number).
 *
 * Memory is bounded by the RecordPump: while the sink is behind, UDP datagrams are dropped (the
 * newest; counted, one warning per interval) and TCP sockets are paused until it drains.
 */
export interface SyslogListenerOptions {
  /** UDP port; undefined = no UDP (0 = any free port, for tests) */
  udpPort?: number;
  /** TCP port; undefined = no TCP */
  tcpPort?: number;
  host: string;
  /** 'auto' (detected per sender) or a format name */
  format: string;
  reader: { tz: string; year?: number; maxLineBytes: number };
  /** RecordBatch.source (default 'syslog') */
  name?: string;
  maxQueuedRecords?: number;
  maxQueuedBytes?: number;
  batchRecords?: number;
  batchWaitMs?: number;
  /** a sender quiet this long: its pending format is decided and its open record handed on */
  idleFlushMs?: number;
  /**
   * a sender quiet this long: a record its framer holds as unfinished (no closing separator,
   * Content-Length not met) is handed on as it is (default 30 s, never less than idleFlushMs)
   */
  unfinishedFlushMs?: number;
  /** a TCP connection quiet this long: the message held for continuation lines is complete */
  tcpIdleMs?: number;
  maxSenders?: number;
  /** TCP connections accepted at once (default 1000) */
  maxConnections?: number;
  /** datagrams looked at to detect a sender's format */
  sampleMessages?: number;
  warnIntervalMs?: number;
  backoff?: BackoffOptions;
  /**
   * UDP socket receive buffer asked of the kernel (default 8 MB; the kernel's default ~200 kB
   * loses datagrams in bursts). Linux caps it at net.core.rmem_max; the size granted is logged.
   */
  udpRecvBufferBytes?: number;
}

/** Asked for when SyslogListenerOptions.udpRecvBufferBytes is not set. */
export const DEFAULT_UDP_RECV_BUFFER_BYTES = 8 * 1024 * 1024;

export interface SyslogListenerDeps {
  sink: RecordSink;
  logger: Logger;
  metrics: IngestMetrics;
  registry?: FormatRegistry;
  now?: () => number;
}

type Transport = 'udp' | 'tcp';

export class SyslogListener {
  private udp: dgram.Socket | null = null;
  private tcp: net.Server | null = null;
  private readonly connections = new Set<net.Socket>();
  private readonly paused = new Set<net.Socket>();
  private readonly streams: SenderStreams;
  private readonly pump: RecordPump;
  private readonly log: Logger;
  private readonly dropWarning: RateLimitedWarning;
  private readonly garbageWarning: RateLimitedWarning;
  private readonly now: () => number;
  private readonly run: string;
  private idleTimer: NodeJS.Timeout | null = null;
  private stopping = false;

  constructor(
    private readonly opts: SyslogListenerOptions,
    private readonly deps: SyslogListenerDeps,
  ) {
    const registry = deps.registry ?? defaultRegistry();
    if (!FormatChooser.isValid(registry, opts.format)) {
      throw new ConfigError([`SIPSLEUTH_FORMAT: "${opts.format}" is not auto or a known format`]);
    }
    this.now = deps.now ?? Date.now;
    this.run = this.now().toString(36);
    this.log = deps.logger.child({ component: 'syslog' });
    this.dropWarning = new RateLimitedWarning(this.log, opts.warnIntervalMs ?? 10_000);
    this.garbageWarning = new RateLimitedWarning(this.log, opts.warnIntervalMs ?? 10_000);
    this.streams = new SenderStreams(
      {
        format: opts.format,
        reader: {
          tz: opts.reader.tz,
          year: opts.reader.year ?? new Date(this.now()).getUTCFullYear(),
          maxLineBytes: opts.reader.maxLineBytes,
        },
        sampleLines: opts.sampleMessages ?? 20,
        maxSenders: opts.maxSenders ?? 1000,
      },
      { registry, logger: this.log, metrics: deps.metrics },
    );
    this.pump = new RecordPump(
      {
        source: opts.name ?? 'syslog',
        batchRecords: opts.batchRecords ?? 500,
        batchWaitMs: opts.batchWaitMs ?? 200,
        maxRecords: opts.maxQueuedRecords ?? 50_000,
        maxBytes: opts.maxQueuedBytes ?? 64 * 1024 * 1024,
        backoff: opts.backoff ?? DEFAULT_BACKOFF,
      },
      { sink: deps.sink, metrics: deps.metrics, logger: this.log, now: this.now },
    );
    this.pump.on('drain', () => this.resumeSockets());
  }

  async start(): Promise<void> {
    this.stopping = false;
    if (this.opts.udpPort !== undefined) {
      this.udp = await this.bindUdp(this.opts.udpPort);
    }
    if (this.opts.tcpPort !== undefined) {
      this.tcp = await this.listenTcp(this.opts.tcpPort);
    }
    const idle = this.opts.idleFlushMs ?? 1000;
    const unfinished = Math.max(idle, this.opts.unfinishedFlushMs ?? 30_000);
    this.idleTimer = setInterval(() => this.flushIdle(idle, unfinished), Math.max(50, Math.floor(idle / 2)));
    const a = this.address();
    this.log.info(
      { udp: a.udp?.port, tcp: a.tcp?.port, host: this.opts.host },
      `listening for syslog on ${[a.udp && `udp/${a.udp.port}`, a.tcp && `tcp/${a.tcp.port}`].filter(Boolean).join(' and ')}`,
    );
  }

  /** Stops listening, hands on what every sender has, and sends what is held once. */
  async stop(): Promise<void> {
    this.stopping = true;
    if (this.idleTimer) {
      clearInterval(this.idleTimer);
      this.idleTimer = null;
    }
    const udp = this.udp;
    this.udp = null;
    if (udp) {
      await new Promise<void>((resolve) => udp.close(() => resolve()));
    }
    const tcp = this.tcp;
    this.tcp = null;
    if (tcp) {
      const closed = new Promise<void>((resolve) => tcp.close(() => resolve()));
      for (const c of this.connections) {
        c.end();
        c.destroySoon();
      }
      await closed;
    }
    const out: StreamOutput = { items: [], unknown: [] };
    this.streams.endAll(out);
    this.emit(out);
    await this.pump.stop();
  }

  /** the bound addresses (ports chosen by the system when 0 was asked) */
  address(): { udp?: AddressInfo; tcp?: AddressInfo } {
    const out: { udp?: AddressInfo; tcp?: AddressInfo } = {};
    if (this.udp) {
      out.udp = this.udp.address();
    }
    const t = this.tcp?.address();
    if (t && typeof t === 'object') {
      out.tcp = t;
    }
    return out;
  }

  /** records held in memory now */
  queued(): { records: number; bytes: number } {
    return this.pump.size();
  }

  /** The UDP socket's receive buffer as the kernel reports it (Linux: twice what it granted), null without UDP. */
  udpRecvBufferSize(): number | null {
    return this.udp ? this.udp.getRecvBufferSize() : null;
  }

  private logRecvBuffer(sock: dgram.Socket, asked: number): void {
    // Linux doubles the value set (bookkeeping overhead) and reports the doubled size
    const reported = sock.getRecvBufferSize();
    const granted = process.platform === 'linux' ? Math.floor(reported / 2) : reported;
    const fields = { askedBytes: asked, grantedBytes: granted, reportedBytes: reported };
    if (granted < asked) {
      this.log.warn(
        fields,
        `syslog UDP receive buffer: ${granted} bytes granted of ${asked} asked (raise net.core.rmem_max to avoid losing datagrams in bursts)`,
      );
    } else {
      this.log.info(fields, `syslog UDP receive buffer: ${granted} bytes`);
    }
  }

  private bindUdp(port: number): Promise<dgram.Socket> {
    const type = net.isIPv6(this.opts.host) ? 'udp6' : 'udp4';
    const asked = this.opts.udpRecvBufferBytes ?? DEFAULT_UDP_RECV_BUFFER_BYTES;
    const sock = dgram.createSocket({ type, recvBufferSize: asked });
    sock.on('message', (msg, rinfo) => this.onDatagram(msg, rinfo.address));
    return new Promise((resolve, reject) => {
      sock.once('error', reject);
      sock.bind(port, this.opts.host, () => {
        sock.off('error', reject);
        this.logRecvBuffer(sock, asked);
        sock.on('error', (e) => {
          this.deps.metrics.errors('socket');
          this.log.warn({ err: e.message }, `syslog UDP socket error: ${e.message}`);
        });
        resolve(sock);
      });
    });
  }

  private listenTcp(port: number): Promise<net.Server> {
    const server = net.createServer((socket) => this.onConnection(socket));
    server.maxConnections = this.opts.maxConnections ?? 1000;
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, this.opts.host, () => {
        server.off('error', reject);
        server.on('error', (e) => {
          this.deps.metrics.errors('socket');
          this.log.warn({ err: e.message }, `syslog TCP server error: ${e.message}`);
        });
        resolve(server);
      });
    });
  }

  private onDatagram(msg: Buffer, address: string): void {
    this.deps.metrics.bytesRead(msg.length);
    if (this.stopping) {
      return;
    }
    if (!this.pump.hasRoom()) {
      this.deps.metrics.dropped('queue-full', 1);
      this.dropWarning.warn(
        this.now(),
        { queued: this.pump.size().records },
        'the queue is behind: dropping the newest syslog datagrams (UDP cannot wait)',
      );
      return;
    }
    this.onMessage('udp', senderAddress(address), msg);
  }

  private onConnection(socket: net.Socket): void {
    if (this.stopping) {
      socket.destroy();
      return;
    }
    this.connections.add(socket);
    const sender = senderAddress(socket.remoteAddress ?? 'unknown');
    const decoder = new TcpSyslogDecoder({ maxMessageBytes: this.opts.reader.maxLineBytes });
    const idleMs = this.opts.tcpIdleMs ?? 200;
    // a quiet connection: the message held for continuation lines is complete
    const idle = setTimeout(() => handle(decoder.flush()), idleMs);
    const handle = (frames: ReturnType<TcpSyslogDecoder['push']>): void => {
      for (const s of frames.skips) {
        const why = s.why === 'too-long' ? `message longer than ${this.opts.reader.maxLineBytes} bytes` : 'bad octet-counting frame';
        this.skipFrame('tcp', sender, why, s.why === 'too-long' ? 'syslog-too-long' : 'syslog-bad-frame');
      }
      for (const m of frames.messages) {
        this.onMessage('tcp', sender, m);
      }
    };
    socket.on('data', (chunk: Buffer) => {
      this.deps.metrics.bytesRead(chunk.length);
      handle(decoder.push(chunk));
      idle.refresh();
      if (!this.pump.hasRoom() && !this.paused.has(socket)) {
        socket.pause();
        this.paused.add(socket);
        this.dropWarning.warn(this.now(), { sender }, `the queue is behind: pausing syslog TCP from ${sender}`);
      }
    });
    socket.on('error', (e) => {
      this.deps.metrics.errors('socket');
      this.log.debug({ sender, err: e.message }, `syslog TCP connection from ${sender}: ${e.message}`);
    });
    socket.on('close', () => {
      clearTimeout(idle);
      handle(decoder.end());
      this.connections.delete(socket);
      this.paused.delete(socket);
    });
  }

  private resumeSockets(): void {
    for (const s of this.paused) {
      s.resume();
    }
    this.paused.clear();
  }

  /** One syslog message: check the header, then hand it (header included) to the sender's framer. */
  private onMessage(transport: Transport, sender: string, buf: Buffer): void {
    const now = this.now();
    const out: StreamOutput = { items: [], unknown: [] };
    const s = this.streams.stream(`${transport}:${sender}`, `${transport}:${sender}~${this.run}`, now, out);
    s.count++;
    this.deps.metrics.linesRead(transport, 1);
    const where = (): string => `${s.source}:${s.count}`;
    const frame = trimFrame(buf);
    if (frame.length > this.opts.reader.maxLineBytes) {
      this.skipAt(where(), `message longer than ${this.opts.reader.maxLineBytes} bytes`, 'syslog-too-long', sender);
    } else if (frame.length === 0) {
      this.skipAt(where(), 'empty message', 'syslog-empty', sender);
    } else if (looksBinary(frame)) {
      this.skipAt(where(), 'binary data, not syslog', 'syslog-binary', sender);
    } else {
      const text = frame.toString('utf8');
      const parsed = parseSyslog(text);
      if (!parsed.ok) {
        this.skipAt(where(), parsed.reason === 'no-pri' ? 'no <PRI>: not syslog' : 'invalid <PRI>', `syslog-${parsed.reason}`, sender);
      } else {
        const meta: LineMeta = { source: s.source, line: s.count, receivedAt: now, sender };
        this.streams.push(s, text, parsed.value.contentStart, meta, out);
      }
    }
    this.emit(out);
  }

  private flushIdle(idleMs: number, unfinishedMs: number): void {
    const out: StreamOutput = { items: [], unknown: [] };
    this.streams.flushIdle(this.now(), idleMs, out, unfinishedMs);
    this.emit(out);
  }

  private emit(out: StreamOutput): void {
    if (out.unknown.length > 0) {
      this.pump.addSkips(out.unknown, 'no-format');
    }
    this.pump.addItems(out.items);
  }

  /** a frame the TCP decoder could not hand on (too long, bad length): counted like a message */
  private skipFrame(transport: Transport, sender: string, why: string, reason: string): void {
    const out: StreamOutput = { items: [], unknown: [] };
    const s = this.streams.stream(`${transport}:${sender}`, `${transport}:${sender}~${this.run}`, this.now(), out);
    s.count++;
    this.deps.metrics.linesRead(transport, 1);
    this.skipAt(`${s.source}:${s.count}`, why, reason, sender);
    this.emit(out);
  }

  private skipAt(where: string, why: string, reason: string, sender: string): void {
    const skip: Skip = { where, why };
    this.pump.addSkips([skip], reason);
    this.garbageWarning.warn(this.now(), { sender, reason }, `skipped syslog input from ${sender}: ${why}`);
  }
}

/** `::ffff:10.0.0.1` → `10.0.0.1` */
function senderAddress(a: string): string {
  return a.startsWith('::ffff:') && a.includes('.') ? a.slice(7) : a;
}
