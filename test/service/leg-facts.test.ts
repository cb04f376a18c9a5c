import fs from 'node:fs';
import path from 'node:path';
import { buildCalls } from '../../src/calls/call-builder';
import { numbersMatch } from '../../src/calls';
import { createLogReader, getFormat } from '../../src/formats/index';
import type { ReaderItem } from '../../src/formats/record';
import { legFactsOf, numberBucket } from '../../src/service/leg-facts';
import { READER } from './support/service-harness';

function oracleItems(): ReaderItem[] {
  const module = getFormat('oracle');
  if (!module) {
    throw new Error('no oracle format');
  }
  const r = createLogReader(module, READER);
  const text = fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'oracle', 'joined-calls.sipmsg.log'), 'utf8');
  const items: ReaderItem[] = [];
  text.split('\n').forEach((line, i) => items.push(...r.push(line, { source: 'f', line: i + 1 })));
  items.push(...r.end());
  return items;
}

describe('leg facts (what the service joins legs without session key on)', () => {
  it('when a joined Oracle call is read, then each leg has its INVITE time and called number, and the two legs match', () => {
    const { calls } = buildCalls(oracleItems());
    const call = calls.find((c) => c.id === 'c0e17002c1e17195bee16cdc@203.0.113.10');
    expect(call?.legs).toHaveLength(2);
    const [a, b] = (call?.legs ?? []).map((l) => legFactsOf(calls, l.callId));
    expect(a?.calledKeys).toContain('49407770101');
    expect(b?.calledKeys).toContain('49407770101');
    expect(a && b && Math.abs(a.inviteTime - b.inviteTime)).toBeLessThanOrEqual(5000);
    expect(a?.inviteTime).toBe(call?.legs[0].start);
    expect(a?.calledKeys.some((x) => b?.calledKeys.some((y) => numbersMatch(x, y)))).toBe(true);
  });

  it('when the Call-ID is not a leg of the calls, then there are no facts', () => {
    const { calls } = buildCalls(oracleItems());
    expect(legFactsOf(calls, 'nope@nowhere')).toBeNull();
  });

  it('numbers that match share a bucket: the last 8 digits, or the whole value when shorter or not digits', () => {
    expect(numberBucket('49407770101')).toBe(numberBucket('0407770101'.slice(1)));
    expect(numberBucket('49407770101')).toBe('07770101');
    expect(numberBucket('1234')).toBe('1234');
    expect(numberBucket('alice')).toBe('alice');
    expect(numbersMatch('49407770101', '407770101')).toBe(numberBucket('49407770101') === numberBucket('407770101'));
  });
});
