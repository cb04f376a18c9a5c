import { TcpSyslogDecoder, type TcpFrames } from '../../src/ingest/tcp-framing';

function feed(decoder: TcpSyslogDecoder, chunks: Buffer[]): { messages: string[]; skips: TcpFrames['skips'] } {
  const messages: string[] = [];
  const skips: TcpFrames['skips'] = [];
  for (const c of chunks) {
    const r = decoder.push(c);
    messages.push(...r.messages.map((m) => m.toString()));
    skips.push(...r.skips);
  }
  const r = decoder.end();
  messages.push(...r.messages.map((m) => m.toString()));
  skips.push(...r.skips);
  return { messages, skips };
}

function octet(msg: string): string {
  return `${Buffer.byteLength(msg)} ${msg}`;
}

const M1 = '<133>[S=1] [SID=b9027c:24:1]  (N 1) ---- Incoming SIP Message ---- \r\nBYE sip:a SIP/2.0 \r\n [Time:19-12@12:44:54.873]';
const M2 = '<133>[S=2] [SID=b9027c:24:1]  (N 2) ümlaut and a\nnewline';
const M3 = '<142>[S=3] |CALL_END |x';

describe('TcpSyslogDecoder', () => {
  it('octet counting: the same messages wherever the stream is cut', () => {
    const stream = Buffer.from(octet(M1) + octet(M2) + octet(M3));
    for (let cut = 0; cut <= stream.length; cut++) {
      const d = new TcpSyslogDecoder({ maxMessageBytes: 4096 });
      const r = feed(d, [stream.subarray(0, cut), stream.subarray(cut)]);
      expect(r.messages).toEqual([M1, M2, M3]);
      expect(r.skips).toEqual([]);
      expect(d.framing()).toBe('unknown'); // ended: ready for the next connection
    }
  });

  it('octet counting byte by byte, with a trailing newline some senders add', () => {
    const stream = Buffer.from(octet(M3) + '\n' + octet(M1));
    const d = new TcpSyslogDecoder({ maxMessageBytes: 4096 });
    const chunks = [...stream].map((b) => Buffer.from([b]));
    expect(feed(d, chunks).messages).toEqual([M3, M1]);
  });

  it('newline framing: lines without <PRI> continue the message before them', () => {
    const stream = Buffer.from('<133>[S=1] first\r\n(N 2) second line\n\nv=0\n<133>[S=2] next\n');
    for (let cut = 0; cut <= stream.length; cut++) {
      const d = new TcpSyslogDecoder({ maxMessageBytes: 4096 });
      const r = feed(d, [stream.subarray(0, cut), stream.subarray(cut)]);
      expect(r.messages).toEqual(['<133>[S=1] first\r\n(N 2) second line\n\nv=0', '<133>[S=2] next']);
    }
  });

  it('newline framing stays newline framing for continuation lines that start with a digit', () => {
    const d = new TcpSyslogDecoder({ maxMessageBytes: 4096 });
    const r = feed(d, [Buffer.from('<133>[S=1] a\n31 185.221.88.103 42436 typ host\n<133>[S=2] b\n')]);
    expect(r.messages).toEqual(['<133>[S=1] a\n31 185.221.88.103 42436 typ host', '<133>[S=2] b']);
    expect(r.skips).toEqual([]);
  });

  it('holds the last newline-framed message until flush (a continuation may follow)', () => {
    const d = new TcpSyslogDecoder({ maxMessageBytes: 4096 });
    expect(d.push(Buffer.from('<133>[S=1] a\n')).messages).toEqual([]);
    expect(d.flush().messages.map(String)).toEqual(['<133>[S=1] a']);
    expect(d.framing()).toBe('newline');
  });

  it('skips a 10 MB octet-counted frame without buffering it, and keeps the frames around it', () => {
    const d = new TcpSyslogDecoder({ maxMessageBytes: 64 * 1024 });
    const big = 10 * 1024 * 1024;
    const messages: string[] = [];
    const skips: TcpFrames['skips'] = [];
    const take = (r: TcpFrames): void => {
      messages.push(...r.messages.map(String));
      skips.push(...r.skips);
    };
    take(d.push(Buffer.from(octet(M1) + `${big} <133>`)));
    const chunk = Buffer.alloc(1024 * 1024, 'x');
    let sent = 5;
    let maxBuffered = 0;
    while (sent < big) {
      const n = Math.min(chunk.length, big - sent);
      take(d.push(chunk.subarray(0, n)));
      sent += n;
      maxBuffered = Math.max(maxBuffered, d.bufferedBytes());
    }
    take(d.push(Buffer.from(octet(M3))));
    take(d.end());
    expect(messages).toEqual([M1, M3]);
    expect(skips).toEqual([{ why: 'too-long', bytes: big }]);
    expect(maxBuffered).toBeLessThanOrEqual(Buffer.byteLength(M1));
  });

  it('skips a 10 MB newline-framed line without buffering it', () => {
    const d = new TcpSyslogDecoder({ maxMessageBytes: 64 * 1024 });
    const messages: string[] = [];
    const skips: TcpFrames['skips'] = [];
    const take = (r: TcpFrames): void => {
      messages.push(...r.messages.map(String));
      skips.push(...r.skips);
    };
    take(d.push(Buffer.from('<133>[S=1] good\n<133>')));
    const chunk = Buffer.alloc(1024 * 1024, 'y');
    let maxBuffered = 0;
    for (let i = 0; i < 10; i++) {
      take(d.push(chunk));
      maxBuffered = Math.max(maxBuffered, d.bufferedBytes());
    }
    take(d.push(Buffer.from('\n<133>[S=3] good again\n')));
    take(d.end());
    expect(messages).toEqual(['<133>[S=1] good', '<133>[S=3] good again']);
    expect(skips).toEqual([{ why: 'too-long', bytes: 10 * 1024 * 1024 + 5 }]);
    expect(maxBuffered).toBeLessThan(64 * 1024);
  });

  it('a bad length skips to the end of the line and finds the framing again', () => {
    const d = new TcpSyslogDecoder({ maxMessageBytes: 4096 });
    const r = feed(d, [Buffer.from(`12x garbage here\n${octet(M3)}`)]);
    expect(r.messages).toEqual([M3]);
    expect(r.skips).toEqual([{ why: 'bad-frame', bytes: 16 }]);
  });

  it('counts a frame cut by the end of the connection', () => {
    const d = new TcpSyslogDecoder({ maxMessageBytes: 4096 });
    const r = feed(d, [Buffer.from(octet(M3) + '100 <133>[S=9] cut')]);
    expect(r.messages).toEqual([M3]);
    expect(r.skips).toEqual([{ why: 'bad-frame', bytes: 14 }]);
  });
});
