import { createSingleMessageAssembler, recordToMessage } from '../../src/formats/single-message-assembler';
import type { FramedRecord } from '../../src/formats/record';

const RAW = 'SIP/2.0 200 OK\r\nCall-ID: a@b\r\nCSeq: 1 INVITE\r\n\r\n';

function rec(over: Partial<FramedRecord> = {}): FramedRecord {
  return {
    format: 'cisco',
    kind: 'sip',
    where: 'cube.log:12',
    key: 'C544D4800002',
    keyIsSession: true,
    device: 'cube1',
    time: 1000,
    text: RAW,
    attrs: { direction: 'in', remote: '52.114.75.24:5061', transport: 'TLS', line: '12' },
    ...over,
  };
}

describe('single-message assembler', () => {
  it('turns a record into one message with what the log said', () => {
    expect(recordToMessage(rec())).toEqual({
      raw: RAW,
      where: 'cube.log:12',
      time: 1000,
      direction: 'in',
      remote: '52.114.75.24:5061',
      transport: 'TLS',
      sessionKey: 'C544D4800002',
      device: 'cube1',
      format: 'cisco',
      order: 12,
    });
    const m = recordToMessage(rec({ keyIsSession: false, key: 'a@b', attrs: { direction: 'x', local: '1.2.3.4:5060', iface: '1:0', truncated: '1' } }));
    expect(m).toMatchObject({ direction: null, local: '1.2.3.4:5060', iface: '1:0', truncated: true, order: 12 });
    expect(m.sessionKey).toBeUndefined();
    expect(recordToMessage(rec({ attrs: undefined, where: 'udp:1.2.3.4:514#77' })).order).toBe(77);
  });

  it('hands on a record seen twice (same where, same text) once, holds nothing', () => {
    const a = createSingleMessageAssembler();
    expect(a.add(rec())).toHaveLength(1);
    expect(a.add(rec())).toEqual([]);
    expect(a.add(rec({ where: 'cube.log:40' }))).toHaveLength(1);
    expect(a.openKeys()).toBe(0);
    expect(a.flushKey('C544D4800002')).toEqual([]);
    expect(a.end()).toEqual([]);
  });

  it('counts records that are not SIP as skips', () => {
    const a = createSingleMessageAssembler();
    expect(a.add(rec({ kind: 'debug' }))).toEqual([{ type: 'skip', skip: { where: 'cube.log:12', why: 'not a SIP record (debug)' } }]);
  });
});
