import { CallBuilder, DEFAULT_BUILDER_OPTIONS } from '../../src/calls/call-builder';
import type { TracedMessage } from '../../src/formats/record';
import { at, request, response, traced, type MsgParams } from './support/sip-builders';
import { PSTNHUB_UA } from './support/flows';

const SIP2 = '52.114.7.24:5061';

function opts(n: number, host = 'sip2.pstnhub.microsoft.com'): MsgParams {
  return { callId: `opt-${host}-${n}`, from: 'sbc', to: 'ping', fromHost: 'sbc.example.com', toHost: host, ruriHost: host, cseq: n, method: 'OPTIONS' };
}

function probe(n: number, sec: number, remote = SIP2): TracedMessage {
  return traced(request('OPTIONS', opts(n)), { time: at(sec), direction: 'out', remote });
}

function answer(n: number, status: number, sec: number, remote = SIP2): TracedMessage {
  return traced(response(status, { ...opts(n), userAgent: PSTNHUB_UA, toTag: `t${n}` }), { time: at(sec), direction: 'in', remote });
}

function healthOf(msgs: TracedMessage[]) {
  const b = new CallBuilder(DEFAULT_BUILDER_OPTIONS);
  for (const m of msgs) {
    expect(b.add(m).calls).toEqual([]);
  }
  expect(b.end()).toEqual([]);
  return b.health();
}

describe('OPTIONS health', () => {
  it('when the SBC OPTIONS get 200 OK, then the peer is up and named from the Request-URI host', () => {
    const [h] = healthOf([probe(1, 0), answer(1, 200, 0.1), probe(2, 60), answer(2, 200, 60.1)]);
    expect(h).toEqual({
      remote: SIP2,
      name: 'sip2.pstnhub.microsoft.com',
      device: '198.51.100.10',
      optionsSent: 2,
      optionsAnswered: 2,
      optionsRejected: 0,
      lastSent: at(60),
      lastAnswer: at(60.1),
      lastStatus: 200,
      status: 'up',
    });
  });

  it('when the last probes got no answer, then the peer is down', () => {
    const [h] = healthOf([probe(1, 0), answer(1, 200, 0.1), probe(2, 60), probe(3, 120), probe(4, 180)]);
    expect(h.status).toBe('down');
    expect(h.optionsSent).toBe(4);
    expect(h.optionsAnswered).toBe(1);
    expect(h.lastAnswer).toBe(at(0.1));
  });

  it('when the peer rejects the probes, then it is down and the rejections are counted', () => {
    const [h] = healthOf([probe(1, 0), answer(1, 403, 0.1), probe(2, 60), answer(2, 403, 60.1)]);
    expect(h.status).toBe('down');
    expect(h.optionsRejected).toBe(2);
    expect(h.optionsAnswered).toBe(0);
    expect(h.lastStatus).toBe(403);
  });

  it('when one probe failed and nothing else is known, then the status is unknown', () => {
    const [h] = healthOf([probe(1, 0), answer(1, 503, 0.1)]);
    expect(h.status).toBe('unknown');
  });

  it('when the newest probe is still unanswered, then the one before decides', () => {
    expect(healthOf([probe(1, 0), answer(1, 200, 0.1), probe(2, 60)])[0].status).toBe('up');
  });

  it('when a peer recovers, then it is up again', () => {
    const [h] = healthOf([probe(1, 0), probe(2, 60), probe(3, 120), answer(3, 200, 120.2)]);
    expect(h.status).toBe('up');
  });

  it('when a probe is retransmitted, then it is counted once', () => {
    const [h] = healthOf([probe(1, 0), probe(1, 0.5), answer(1, 200, 0.6)]);
    expect(h.optionsSent).toBe(1);
    expect(h.status).toBe('up');
  });

  it('when the peer sends its own OPTIONS from another port, then it counts as alive on the same peer', () => {
    const peerOptions = traced(request('OPTIONS', { ...opts(9), fromHost: 'sip2.pstnhub.microsoft.com', toHost: 'sbc.example.com', ruriHost: 'sbc.example.com' }), {
      time: at(1),
      direction: 'in',
      remote: '52.114.7.24:9024',
    });
    const only = healthOf([peerOptions]);
    expect(only).toHaveLength(1);
    expect(only[0].status).toBe('up');
    expect(only[0].optionsSent).toBe(0);
    const [h] = healthOf([peerOptions, probe(1, 2), answer(1, 200, 2.1)]);
    expect(h.remote).toBe(SIP2);
    expect(h.optionsSent).toBe(1);
  });

  it('when two devices probe the same peer, then each has its own entry', () => {
    const other = (m: TracedMessage): TracedMessage => ({ ...m, device: 'sbc-2' });
    const hs = healthOf([probe(1, 0), answer(1, 200, 0.1), other(probe(1, 0)), other(answer(1, 503, 0.1))]);
    expect(hs.map((h) => [h.device, h.lastStatus])).toEqual([
      ['198.51.100.10', 200],
      ['sbc-2', 503],
    ]);
  });
});

describe('OPTIONS timeouts by log time', () => {
  it('when the newest probe stays unanswered for 32 s of the device log time, then it counts as lost', () => {
    const call = (sec: number): TracedMessage =>
      traced(request('INFO', { callId: `x${sec}`, from: '1', to: '2' }), { time: at(sec), direction: 'in' });
    const b = new CallBuilder(DEFAULT_BUILDER_OPTIONS);
    for (const m of [probe(1, 0), probe(2, 60)]) {
      b.add(m);
    }
    expect(b.health()[0].status).toBe('unknown');
    b.add(call(91));
    expect(b.health()[0].status).toBe('unknown');
    b.add(call(93));
    expect(b.health()[0].status).toBe('down');
  });
});
