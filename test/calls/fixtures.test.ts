import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CallBuilder, DEFAULT_BUILDER_OPTIONS, buildCalls } from '../../src/calls/call-builder';
import type { Call, PeerHealth } from '../../src/calls/call';
import type { TracedMessage } from '../../src/formats/record';

const DIR = join(__dirname, '..', 'fixtures', 'calls');

/**
 * Reads a `.sip` fixture: `#` comment lines, then messages each after a marker line
 * `### <ISO time> <in|out> <remote> [sid=<key>] [iface=<name>]`.
 */
function readFixture(name: string): TracedMessage[] {
  const lines = readFileSync(join(DIR, name), 'utf8').split('\n');
  const out: TracedMessage[] = [];
  let head: string[] | null = null;
  let body: string[] = [];
  let headLine = 0;
  const flush = (): void => {
    if (!head) {
      return;
    }
    while (body.length > 0 && body[body.length - 1] === '') {
      body.pop();
    }
    const [, time, direction, remote, ...rest] = head;
    const attrs = Object.fromEntries(rest.map((kv) => kv.split('=') as [string, string]));
    const m: TracedMessage = {
      raw: `${body.join('\r\n')}\r\n\r\n`,
      where: `${name}:${headLine}`,
      time: Date.parse(time),
      direction: direction as 'in' | 'out',
      remote,
      device: 'sbc.example.com',
      format: attrs.sid ? 'audiocodes' : 'oracle',
      order: headLine,
    };
    if (attrs.sid) {
      m.sessionKey = attrs.sid;
    }
    if (attrs.iface) {
      m.iface = attrs.iface;
    }
    out.push(m);
  };
  lines.forEach((line, i) => {
    if (line.startsWith('### ')) {
      flush();
      head = line.split(' ');
      headLine = i + 1;
      body = [];
    } else if (head) {
      body.push(line);
    }
  });
  flush();
  return out;
}

const iso = (t: number | null): string | null => (t === null ? null : new Date(t).toISOString());

function summary(calls: Call[], health: PeerHealth[]): unknown {
  return {
    calls: calls.map((c) => ({
      id: c.id,
      direction: c.direction,
      from: c.from ?? null,
      to: c.to ?? null,
      start: iso(c.start),
      answer: iso(c.answer),
      end: iso(c.end),
      complete: c.complete,
      legs: c.legs.map((l) => ({
        callId: l.callId,
        peer: l.peer,
        initiator: l.initiator,
        finalStatus: l.finalStatus,
        messages: l.messages.length,
      })),
    })),
    health: health.map((h) => ({
      remote: h.remote,
      name: h.name,
      optionsSent: h.optionsSent,
      optionsAnswered: h.optionsAnswered,
      optionsRejected: h.optionsRejected,
      status: h.status,
    })),
  };
}

describe.each(['teams-outbound-busy', 'inbound-answered-no-session-key'])('fixture %s', (name) => {
  const expected: unknown = JSON.parse(readFileSync(join(DIR, `${name}.expected.json`), 'utf8'));
  const msgs = readFixture(`${name}.sip`);

  it('when streamed through the builder, then the calls and health are the expected ones', () => {
    const b = new CallBuilder(DEFAULT_BUILDER_OPTIONS);
    const calls: Call[] = [];
    for (const m of msgs) {
      const r = b.add(m);
      expect(r.skipped).toBeUndefined();
      calls.push(...r.calls);
    }
    calls.push(...b.end());
    expect(summary(calls, b.health())).toEqual(expected);
  });

  it('when rebuilt from the stored messages in reverse order, then the result is the same', () => {
    const r = buildCalls([...msgs].reverse().map((message) => ({ type: 'message' as const, message })));
    expect(r.skipped).toEqual([]);
    expect(summary(r.calls, r.health)).toEqual(expected);
  });
});
