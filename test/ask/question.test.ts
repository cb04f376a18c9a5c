import { parseQuestion } from '../../src/ask/question';
import { cleanQuestionText } from '../../src/ask/question-text';

describe('parseQuestion', () => {
  it.each([
    ['why did call b0c4e1f2@198.51.100.10 fail?', { kind: 'why', ref: 'b0c4e1f2@198.51.100.10' }],
    ['Why did call +49 30 555-0101 fail', { kind: 'why', ref: '+49 30 555-0101' }],
    ['why 0101', { kind: 'why', ref: '0101' }],
    ['WHY DID THE CALL TO 0305550101 FAIL?!', { kind: 'why', ref: '0305550101' }],
    ['what happened to a1b2c3:1:1002', { kind: 'why', ref: 'a1b2c3:1:1002' }],
    ['  aA1b2c311002@203.0.113.10  ', { kind: 'why', ref: 'aA1b2c311002@203.0.113.10' }],
    ['C544D4800002', { kind: 'why', ref: 'C544D4800002' }],
    ['(030) 555.0101', { kind: 'why', ref: '(030) 555.0101' }],
    ['ladder a1b2c3:1:1002', { kind: 'ladder', ref: 'a1b2c3:1:1002' }],
    ['show raw sip for 0101', { kind: 'raw', ref: '0101' }],
    ['status', { kind: 'status' }],
    ['How are the trunks?', { kind: 'status' }],
    ['help', { kind: 'help' }],
    ['', { kind: 'help' }],
  ])('%j', (text, expected) => {
    expect(parseQuestion(text)).toEqual(expected);
  });

  it('reads calls from/to a number with a time', () => {
    expect(parseQuestion('calls to +49 30 555-0101 today')).toEqual({ kind: 'calls', side: 'to', number: '+49 30 555-0101', when: { kind: 'today' } });
    expect(parseQuestion('Calls from 0101 in the last hour')).toEqual({ kind: 'calls', side: 'from', number: '0101', when: { kind: 'last', minutes: 60 } });
    expect(parseQuestion('calls with 5550101 since 9:30')).toEqual({ kind: 'calls', side: 'any', number: '5550101', when: { kind: 'since', hour: 9, minute: 30 } });
    expect(parseQuestion('calls to 0101 yesterday')).toMatchObject({ when: { kind: 'yesterday' } });
    expect(parseQuestion('calls from bob')).toEqual({ kind: 'unknown', text: 'calls from bob' });
  });

  it('reads failed calls with an SBC and a time, and top failures', () => {
    expect(parseQuestion('failed calls on sbc1 today')).toEqual({ kind: 'failed', sbc: 'sbc1', when: { kind: 'today' } });
    expect(parseQuestion('Failed calls')).toEqual({ kind: 'failed', sbc: null, when: null });
    expect(parseQuestion('failures on the SBC 10.1.1.5 last 3 hours')).toEqual({ kind: 'failed', sbc: '10.1.1.5', when: { kind: 'last', minutes: 180 } });
    expect(parseQuestion('failed calls yesterday on sbc1')).toEqual({ kind: 'failed', sbc: 'sbc1', when: { kind: 'yesterday' } });
    expect(parseQuestion('status of SBC sbc1')).toEqual({ kind: 'status', sbc: 'sbc1' });
    expect(parseQuestion('status 10.1.1.5')).toEqual({ kind: 'status', sbc: '10.1.1.5' });
    expect(parseQuestion('status please now')).toEqual({ kind: 'unknown', text: 'status please now' });
    expect(parseQuestion('top failures this week')).toEqual({ kind: 'top', when: { kind: 'this-week' } });
    expect(parseQuestion('top failures')).toEqual({ kind: 'top', when: { kind: 'today' } });
  });

  it('keeps a pasted SIP message after explain, line breaks included', () => {
    const q = parseQuestion('explain\n```SIP/2.0 486 Busy Here\nVia: SIP/2.0/TLS 52.114.75.24:5061\nFrom: &lt;sip:+4930@x&gt;;tag=1```');
    expect(q.kind).toBe('explain');
    expect(q.kind === 'explain' && q.sip).toBe('SIP/2.0 486 Busy Here\nVia: SIP/2.0/TLS 52.114.75.24:5061\nFrom: <sip:+4930@x>;tag=1');
  });

  it('strips Slack and Teams markup', () => {
    expect(parseQuestion('<@U024BE7LH> why did <tel:+4930555010|+49 30 555 010> fail')).toEqual({ kind: 'why', ref: '+49 30 555 010' });
    expect(parseQuestion('<at>sipsleuth</at> why did call <mailto:ab12cd34@10.0.0.1|ab12cd34@10.0.0.1> fail')).toEqual({ kind: 'why', ref: 'ab12cd34@10.0.0.1' });
    expect(cleanQuestionText('<p>status&nbsp;</p>')).toBe('status');
    expect(cleanQuestionText('From: <sip:+4930@host>')).toBe('From: <sip:+4930@host>');
  });

  it('anything else is unknown, never silence', () => {
    expect(parseQuestion('why is the sky blue')).toEqual({ kind: 'unknown', text: 'why is the sky blue' });
    expect(parseQuestion('hello there')).toEqual({ kind: 'unknown', text: 'hello there' });
    expect(parseQuestion('ladder')).toEqual({ kind: 'unknown', text: 'ladder' });
  });
});
