import { mergeItems } from '../../src/service/stored-call-items';
import type { ReaderItem, TracedMessage } from '../../src/formats/record';

function msg(where: string, raw: string): ReaderItem {
  const m: TracedMessage = { raw, where, time: 1, direction: 'in', device: 'd', format: 'audiocodes', order: Number(where.split(':')[1]) };
  return { type: 'message', message: m };
}

describe('mergeItems', () => {
  it('when a stored call and its records hold the same messages, then each is kept once; different ones are all kept', () => {
    const stored = [msg('f:1', 'INVITE'), msg('f:2', 'SIP/2.0 200 OK'), { type: 'gap', gap: { device: 'd', from: 5, to: 6, where: 'f:3' } } as ReaderItem];
    const fresh = [msg('f:2', 'SIP/2.0 200 OK'), msg('f:9', 'BYE'), { type: 'gap', gap: { device: 'd', from: 5, to: 6, where: 'f:8' } } as ReaderItem];
    const merged = mergeItems(stored, fresh);
    expect(merged.map((i) => (i.type === 'message' ? i.message.where : i.type))).toEqual(['f:1', 'f:2', 'gap', 'f:9']);
  });

  it('when a stored call carries transport failures that the records hold too, then each is kept once', () => {
    const tls = (where: string): ReaderItem => ({
      type: 'transport',
      event: { device: 'd', time: 1, remote: '52.114.75.24:5061', text: 'TLS handshake with 52.114.75.24:5061 failed', where },
    });
    const merged = mergeItems([msg('f:1', 'INVITE'), tls('f:2')], [tls('f:2'), tls('f:7')]);
    expect(merged.map((i) => (i.type === 'transport' ? i.event.where : i.type))).toEqual(['message', 'f:2', 'f:7']);
  });

  it('when the same line holds a retransmission seen twice in the log, then both stay (different lines)', () => {
    const merged = mergeItems([msg('f:1', 'INVITE')], [msg('f:4', 'INVITE')]);
    expect(merged).toHaveLength(2);
  });
});
