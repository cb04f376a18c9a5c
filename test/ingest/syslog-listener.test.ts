import dgram from 'node:dgram';
import fs from 'node:fs';
import path from 'node:path';
import net from 'node:net';
import { MemoryIngestMetrics } from '../../src/ingest/ingest-metrics';
import { SyslogListener, type SyslogListenerOptions } from '../../src/ingest/syslog-listener';
import { MemoryLogger } from '../../src/log/logger';
import { datagram, range, seqsOf } from './support/audiocodes-lines';
import { RecordingSink } from './support/recording-sink';
import { delay, waitFor } from './support/wait-for';

describe('SyslogListener', () => {
  let sink: RecordingSink;
  let metrics: MemoryIngestMetrics;
  let logger: MemoryLogger;
  const listeners: SyslogListener[] = [];
  const sockets: dgram.Socket[] = [];

  beforeEach(() => {
    sink = new RecordingSink();
    metrics = new MemoryIngestMetrics();
    logger = new MemoryLogger();
  });
  afterEach(async () => {
    await Promise.all(listeners.splice(0).map((l) => l.stop()));
    sockets.splice(0).forEach((s) => s.close());
  });

  async function listen(over: Partial<SyslogListenerOptions> = {}): Promise<{ udp: number; tcp: number; l: SyslogListener }> {
    const l = new SyslogListener(
      {
        udpPort: 0,
        tcpPort: 0,
        host: '127.0.0.1',
        format: 'auto',
        reader: { tz: 'UTC', year: 2020, maxLineBytes: 256 * 1024 },
        idleFlushMs: 200,
        tcpIdleMs: 50,
        batchWaitMs: 30,
        backoff: { minMs: 20, maxMs: 100 },
        ...over,
      },
      { sink, metrics, logger },
    );
    listeners.push(l);
    await l.start();
    const a = l.address();
    return { udp: a.udp?.port ?? 0, tcp: a.tcp?.port ?? 0, l };
  }

  async function udpFrom(address: string): Promise<(text: string | Buffer, port: number) => Promise<void>> {
    const s = dgram.createSocket('udp4');
    sockets.push(s);
    await new Promise<void>((r) => s.bind(0, address, () => r()));
    return (text, port) => new Promise<void>((resolve, reject) => s.send(text, port, '127.0.0.1', (e) => (e ? reject(e) : resolve())));
  }

  async function tcpSend(port: number, chunks: Array<string | Buffer>): Promise<void> {
    const c = net.connect(port, '127.0.0.1');
    await new Promise<void>((r) => c.once('connect', () => r()));
    for (const ch of chunks) {
      if (!c.write(ch)) {
        await new Promise<void>((r) => c.once('drain', () => r()));
      }
    }
    await new Promise<void>((r) => c.end(() => r()));
  }

  const octet = (m: string): string => `${Buffer.byteLength(m)} ${m}`;

  it('UDP from two senders: every datagram is a record, the sender is the SBC', async () => {
    const { udp } = await listen();
    const a = await udpFrom('127.0.0.1');
    const b = await udpFrom('127.0.0.2');
    for (let i = 1; i <= 20; i++) {
      await a(datagram(i), udp);
      await b(datagram(100 + i), udp);
    }
    await waitFor('40 records', () => sink.records().length >= 40);
    expect(seqsOf(sink.records())).toEqual([...range(1, 20), ...range(101, 120)]);
    for (const r of sink.records()) {
      const sender = (r.seq ?? 0) > 100 ? '127.0.0.2' : '127.0.0.1';
      expect(r.device).toBe(sender);
      expect(r.where.startsWith(`udp:${sender}~`)).toBe(true);
      expect(r).toMatchObject({ format: 'audiocodes', keyIsSession: true });
    }
    expect(sink.records().find((r) => r.seq === 2)?.text).toContain('BYE sip:sbc.example.it:5061;transport=tls SIP/2.0');
    expect(sink.batches.every((b) => b.source === 'syslog')).toBe(true);
    expect(metrics.count('lines', 'udp')).toBe(40);
  });

  it('UDP receive buffer: the size asked for is set on the socket and what the kernel granted is logged', async () => {
    const { l } = await listen({ udpRecvBufferBytes: 1024 * 1024 });
    const reported = l.udpRecvBufferSize() ?? 0;
    // 1 MB is below every usual net.core.rmem_max; Linux reports twice the size it granted
    expect(reported).toBeGreaterThanOrEqual(1024 * 1024);
    const line = logger.lines.find((x) => x.askedBytes === 1024 * 1024);
    expect(line).toMatchObject({ level: 'info', grantedBytes: 1024 * 1024 });

    const small = await listen({ udpRecvBufferBytes: 64 * 1024 });
    expect(small.l.udpRecvBufferSize()).toBeLessThan(reported);

    const huge = 1024 * 1024 * 1024;
    const big = await listen({ udpRecvBufferBytes: huge });
    const granted = logger.lines.find((x) => x.askedBytes === huge);
    expect(granted?.level).toBe('warn');
    expect(Number(granted?.grantedBytes)).toBeLessThan(huge);
    expect(big.l.udpRecvBufferSize()).toBeGreaterThan(0);
  });

  it('IPv6: the sender is its IPv6 address', async () => {
    const { udp } = await listen({ host: '::1', tcpPort: undefined });
    const s = dgram.createSocket('udp6');
    sockets.push(s);
    await new Promise<void>((r) => s.bind(0, '::1', () => r()));
    await new Promise<void>((r, j) => s.send(datagram(5), udp, '::1', (e) => (e ? j(e) : r())));
    await waitFor('the record', () => sink.records().length >= 1);
    expect(sink.records()[0]).toMatchObject({ seq: 5, device: '::1' });
  });

  it('TCP with octet counting, cut anywhere', async () => {
    const { tcp } = await listen();
    const stream = Buffer.from(range(1, 30).map((i) => octet(datagram(i))).join(''));
    const chunks: Buffer[] = [];
    for (let p = 0; p < stream.length; p += 777) {
      chunks.push(stream.subarray(p, p + 777));
    }
    await tcpSend(tcp, chunks);
    await waitFor('30 records', () => sink.records().length >= 30);
    expect(seqsOf(sink.records())).toEqual(range(1, 30));
    expect(sink.records().every((r) => r.device === '127.0.0.1' && r.where.startsWith('tcp:127.0.0.1~'))).toBe(true);
  });

  it('TCP with newline framing: records with real line breaks are joined again', async () => {
    const { tcp } = await listen();
    await tcpSend(tcp, range(1, 12).map((i) => datagram(i) + '\n'));
    await waitFor('12 records', () => sink.records().length >= 12);
    expect(seqsOf(sink.records())).toEqual(range(1, 12));
    const bye = sink.records().find((r) => r.seq === 2);
    expect(bye?.text).toContain('REASON: Q.850;cause=16');
    expect(sink.skips()).toEqual([]);
  });

  it('garbage and a 10 MB line are counted skips; the good messages around them all arrive', async () => {
    const { udp, tcp } = await listen({ maxQueuedBytes: 256 * 1024 * 1024 });
    const send = await udpFrom('127.0.0.1');
    await send(datagram(1), udp);
    await send(Buffer.from([0x3c, 0x31, 0x3e, 0x00, 0xff, 0x01, 0x02, 0x03]), udp);
    await send('just some text without a priority', udp);
    await send('<999>bad priority', udp);
    await send(datagram(2), udp);
    const big = '<133>' + 'A'.repeat(10 * 1024 * 1024);
    await tcpSend(tcp, [datagram(3) + '\n', big.slice(0, 5_000_000), big.slice(5_000_000) + '\n', datagram(4) + '\n']);
    await tcpSend(tcp, [octet(datagram(5)), `${Buffer.byteLength(big)} ${big}`, octet(datagram(6))]);
    await send(datagram(7), udp);
    await waitFor('the good records', () => sink.records().length >= 7);
    expect(seqsOf(sink.records())).toEqual(range(1, 7));
    await waitFor('the skips', () => sink.skips().length >= 5);
    expect(metrics.count('skips', 'syslog-binary')).toBe(1);
    expect(metrics.count('skips', 'syslog-no-pri')).toBe(1);
    expect(metrics.count('skips', 'syslog-bad-pri')).toBe(1);
    expect(metrics.count('skips', 'syslog-too-long')).toBe(2);
    expect(logger.lines.some((l) => String(l.msg).startsWith('skipped syslog input from 127.0.0.1'))).toBe(true);
  });

  it('a sender in no known format is skipped and counted; another sender is not affected', async () => {
    const { udp } = await listen({ sampleMessages: 5 });
    const junk = await udpFrom('127.0.0.3');
    const good = await udpFrom('127.0.0.1');
    for (let i = 1; i <= 10; i++) {
      await junk(`<13>Nov 25 08:00:0${i % 10} host app: user logged in ${i}`, udp);
      await good(datagram(i), udp);
    }
    await waitFor('good records', () => sink.records().length >= 10);
    await waitFor('junk counted', () => metrics.count('skips', 'no-format') === 10);
    expect(seqsOf(sink.records())).toEqual(range(1, 10));
    expect(logger.lines.filter((l) => String(l.msg).startsWith('cannot tell the log format of syslog from udp:127.0.0.3')).length).toBe(1);
  });

  it('a file-style log forwarded line by line (rsyslog imfile): recognised after the syslog header and TAG', async () => {
    const { tcp } = await listen({ sampleMessages: 50 });
    const log = fs.readFileSync(path.join(__dirname, '../fixtures/asterisk/teams-call-and-busy.full.log'), 'utf8');
    const expected = JSON.parse(
      fs.readFileSync(path.join(__dirname, '../fixtures/asterisk/teams-call-and-busy.expected.json'), 'utf8'),
    ) as { messages: Array<{ callId: string; start: string }> };
    const lines = log.split('\n');
    if (lines[lines.length - 1] === '') {
      lines.pop();
    }
    await tcpSend(tcp, lines.map((l) => `<14>Nov 23 11:00:00 pbx1 asterisk[12345]: ${l}\n`));
    await waitFor('every SIP message', () => sink.records().length >= expected.messages.length);
    expect(sink.records().every((r) => r.format === 'asterisk')).toBe(true);
    expect(sink.records().map((r) => r.key)).toEqual(expected.messages.map((m) => m.callId));
    expect(sink.records().map((r) => r.text.split(/\r?\n/)[0])).toEqual(expected.messages.map((m) => m.start));
    expect(logger.lines.some((l) => String(l.msg).includes('is read as asterisk (after the syslog header)'))).toBe(true);
  });

  it('a sender that pauses in the middle of a record (Oracle forwarded line by line) keeps the record whole', async () => {
    const { udp } = await listen({ sampleMessages: 50, idleFlushMs: 200, unfinishedFlushMs: 20_000 });
    const log = fs.readFileSync(path.join(__dirname, '../fixtures/oracle/teams-call-and-busy.sipmsg.log'), 'utf8');
    const lines = log.split('\n');
    if (lines[lines.length - 1] === '') {
      lines.pop();
    }
    // the same log from two SBCs: one sends without a break, the other pauses inside the INVITE's record
    const invite = lines.findIndex((l) => l.startsWith('INVITE '));
    const cutAt = invite + 4;
    const steady = await udpFrom('127.0.0.1');
    const pausing = await udpFrom('127.0.0.2');
    const dgram = (l: string): string => `<14>Nov 23 11:00:00 sbc1 sipmsg: ${l}`;
    for (const l of lines) {
      await steady(dgram(l), udp);
    }
    for (const l of lines.slice(0, cutAt)) {
      await pausing(dgram(l), udp);
    }
    await delay(800); // four idle flushes of the listener
    for (const l of lines.slice(cutAt)) {
      await pausing(dgram(l), udp);
    }
    const of = (device: string): string[] => sink.records().filter((r) => r.device === device).map((r) => r.text);
    await waitFor('every record of both senders', () => of('127.0.0.1').length > 0 && of('127.0.0.2').length >= of('127.0.0.1').length, 5000);
    expect(of('127.0.0.1').some((t) => t.startsWith('INVITE '))).toBe(true);
    expect(of('127.0.0.2')).toEqual(of('127.0.0.1'));
    expect(metrics.count('errorKinds', 'unfinished-record')).toBe(0);
  });

  it('a record left unfinished by a sender that stays quiet is handed on after unfinishedFlushMs, counted and said once', async () => {
    const { udp } = await listen({ sampleMessages: 50, idleFlushMs: 100, unfinishedFlushMs: 600 });
    const log = fs.readFileSync(path.join(__dirname, '../fixtures/oracle/teams-call-and-busy.sipmsg.log'), 'utf8');
    const lines = log.split('\n');
    const invite = lines.findIndex((l) => l.startsWith('INVITE '));
    const send = await udpFrom('127.0.0.1');
    for (const l of lines.slice(0, invite + 4)) {
      await send(`<14>Nov 23 11:00:00 sbc1 sipmsg: ${l}`, udp);
    }
    await delay(300);
    expect(sink.records().some((r) => r.text.startsWith('INVITE '))).toBe(false);
    await waitFor('the cut INVITE', () => sink.records().some((r) => r.text.startsWith('INVITE ')), 5000);
    expect(metrics.count('errorKinds', 'unfinished-record')).toBe(1);
    const said = logger.lines.filter((l) => l.level === 'warn' && String(l.msg).includes('in the middle of a record'));
    expect(said).toHaveLength(1);
    expect(String(said[0].msg)).toMatch(/^udp:127\.0\.0\.1\S* has been quiet for \d+ s/);
  });

  it('Ribbon RFC 5424 datagrams: read with their header (the time comes from it)', async () => {
    const { udp } = await listen({ sampleMessages: 5 });
    const send = await udpFrom('127.0.0.1');
    const log = fs.readFileSync(path.join(__dirname, '../fixtures/ribbon/teams-call-and-480.syslog.log'), 'utf8');
    const lines = log.split('\n').filter((l) => l.startsWith('<'));
    for (const l of lines) {
      await send(l, udp);
    }
    const sipRecords = (): number => sink.records().filter((r) => r.kind === 'sip').length;
    await waitFor('every SIP record', () => sipRecords() >= 24);
    expect(sink.records().every((r) => r.format === 'ribbon')).toBe(true);
    const first = sink.records().find((r) => r.kind === 'sip');
    expect(first?.time).toBe(Date.parse('2026-11-23T10:00:00.100Z'));
    expect(first?.text).toContain('OPTIONS sip:sip.pstnhub.microsoft.com:5061;transport=tls SIP/2.0');
  });

  it('forced format: no detection sample is needed', async () => {
    const { udp } = await listen({ format: 'audiocodes', idleFlushMs: 60_000 });
    const send = await udpFrom('127.0.0.1');
    await send(datagram(1), udp);
    await waitFor('the record', () => sink.records().length >= 1);
    expect(sink.records()[0].seq).toBe(1);
  });

  it('UDP while the sink is behind: memory stays bounded, the newest are dropped and counted, gaps are reported', async () => {
    let release = (): void => undefined;
    sink.gate = new Promise<void>((r) => (release = r));
    const { udp, l } = await listen({ format: 'audiocodes', maxQueuedRecords: 20, batchRecords: 5, warnIntervalMs: 60_000 });
    const send = await udpFrom('127.0.0.1');
    let maxQueued = 0;
    for (let i = 1; i <= 100; i++) {
      await send(datagram(i), udp);
      maxQueued = Math.max(maxQueued, l.queued().records);
    }
    await waitFor('all 100 seen', () => metrics.count('lines', 'udp') + metrics.count('drops', 'queue-full') >= 100);
    expect(metrics.count('drops', 'queue-full')).toBeGreaterThan(0);
    expect(maxQueued).toBeLessThanOrEqual(20);
    expect(logger.lines.filter((x) => String(x.msg).startsWith('the queue is behind: dropping')).length).toBe(1);
    sink.gate = null;
    release();
    const delivered = 100 - metrics.count('drops', 'queue-full');
    await waitFor('the held records', () => sink.records().length >= delivered);
    // the first ones were kept, the newest dropped, and the framer saw the hole
    expect(seqsOf(sink.records())).toEqual(range(1, delivered));
    const gaps = sink.batches.flatMap((b) => b.gaps);
    expect(gaps).toEqual([]);
    await send(datagram(101), udp);
    await waitFor('after the hole', () => sink.batches.some((b) => b.gaps.length > 0));
    expect(sink.batches.flatMap((b) => b.gaps)[0]).toMatchObject({ from: delivered + 1, to: 100 });
  });

  it('TCP while the sink refuses: the socket is paused, nothing is dropped, all arrive after recovery', async () => {
    sink.failing = true;
    const { tcp, l } = await listen({ format: 'audiocodes', maxQueuedRecords: 20, batchRecords: 5 });
    const sent = tcpSend(tcp, range(1, 300).map((i) => octet(datagram(i))));
    await waitFor('the queue full', () => l.queued().records >= 20);
    await waitFor('refusals', () => sink.refused >= 3);
    const queuedWhileFailing = l.queued().records;
    await delay(200);
    expect(l.queued().records).toBe(queuedWhileFailing);
    expect(queuedWhileFailing).toBeLessThan(300);
    sink.failing = false;
    await sent;
    await waitFor('all 300', () => sink.records().length >= 300);
    expect(seqsOf(sink.records())).toEqual(range(1, 300));
    expect(metrics.count('drops', 'queue-full')).toBe(0);
  });
});
