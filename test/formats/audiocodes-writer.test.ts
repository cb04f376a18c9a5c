/** The synthetic AudioCodes writer: the reader must read back exactly what it wrote. */
import { SCENARIO_NAMES, writeAudiocodesLog, type WrittenMessage } from '../../bench/synth/audiocodes-writer';
import { parseSip } from '../../src/sip/parser';
import { read } from './audiocodes-helpers';

const START = Date.UTC(2026, 10, 23, 9, 0, 0);

function write(o: Partial<Parameters<typeof writeAudiocodesLog>[0]> = {}): { lines: string[]; written: WrittenMessage[] } {
  const lines: string[] = [];
  const written: WrittenMessage[] = [];
  writeAudiocodesLog(
    { calls: 40, seed: 11, start: START, onMessage: (m) => written.push(m), ...o },
    (l) => lines.push(l),
  );
  return { lines, written };
}

const bySid = <T extends { sid: string }>(xs: T[]): Map<string, T[]> => {
  const m = new Map<string, T[]>();
  for (const x of xs) {
    m.set(x.sid, [...(m.get(x.sid) ?? []), x]);
  }
  return m;
};

describe('synthetic AudioCodes log', () => {
  test('the reader reads back exactly the messages written, session by session', () => {
    const { lines, written } = write({ calls: 60, scenarios: [...SCENARIO_NAMES], intervalMs: 1500 });
    const r = read(lines, { year: 2026 });
    expect(r.items.filter((i) => i.type === 'skip' || i.type === 'gap' || i.type === 'error')).toEqual([]);
    const got = bySid(
      r.messages.map((m) => ({
        sid: m.sessionKey ?? '',
        direction: m.direction,
        remote: m.remote,
        iface: m.iface,
        transport: m.transport,
        raw: m.raw,
        truncated: m.truncated,
      })),
    );
    const want = bySid(written.map(({ scenario: _s, ...w }) => ({ ...w, truncated: undefined })));
    expect(got.size).toBe(want.size);
    for (const [sid, ws] of want) {
      expect({ sid, msgs: got.get(sid) }).toEqual({ sid, msgs: ws });
    }
    expect(r.messages).toHaveLength(written.length);
  });

  test('records are cut at about 1 kB, mid-token, and sessions interleave', () => {
    const { lines } = write({ calls: 200, intervalMs: 200 });
    const sip = lines.filter((l) => l.includes('[SID='));
    const longest = Math.max(...sip.map((l) => l.length));
    expect(longest).toBeLessThan(1600);
    // some record ends in the middle of a SIP line (no #012 right before the trailer)
    expect(sip.some((l) => !/#012 \[Time:/.test(l))).toBe(true);
    // some SID has a record of another SID between two of its own records of one message
    const sids = sip.map((l) => /\[SID=([^\]]+)\]/.exec(l)?.[1] ?? '');
    let interleaved = false;
    for (let i = 2; i < sids.length && !interleaved; i++) {
      interleaved = sids[i] === sids[i - 2] && sids[i] !== sids[i - 1] && !/\(N +\d+\) ----/.test(sip[i].slice(0, 120));
    }
    expect(interleaved).toBe(true);
  });

  test('every scenario is there with its final answer on the Teams leg', () => {
    const { written } = write({ calls: SCENARIO_NAMES.length, scenarios: [...SCENARIO_NAMES], intervalMs: 60_000 });
    const finals = new Map<string, string[]>();
    for (const w of written) {
      if (w.iface !== 'Teams' || w.scenario === 'options') {
        continue;
      }
      const first = w.raw.slice(0, w.raw.indexOf('\r\n'));
      if (/^SIP\/2\.0 [2-6]\d\d/.test(first) && /CSEQ: \d+ INVITE/i.test(w.raw)) {
        finals.set(w.scenario, [...(finals.get(w.scenario) ?? []), first.slice(8, 11)]);
      }
    }
    expect(Object.fromEntries([...finals].map(([k, v]) => [k, v[0]]))).toEqual({
      'answered-inbound': '200',
      'answered-outbound': '200',
      busy: '486',
      'caller-cancelled': '487',
      'no-answer': '480',
      'callee-unavailable': '480',
      'not-found': '404',
      'forbidden-teams': '403',
      'codec-mismatch': '488',
      'trunk-unavailable': '503',
      'no-response': '408',
      'ack-timeout': '200',
      'media-failure': '200',
      'completed-elsewhere': '487',
    });
    const text = (s: string): string => written.filter((w) => w.scenario === s).map((w) => w.raw).join('\n');
    expect(text('callee-unavailable')).toMatch(/REASON: Q\.850;cause=31;text="[0-9a-f-]{36};No callee endpoints were found\."/);
    expect(text('forbidden-teams')).toMatch(/560403/);
    expect(text('trunk-unavailable')).toMatch(/\r\nRetry-After: 300\r\n/);
    expect(text('codec-mismatch')).toMatch(/m=audio \d+ RTP\/AVP 9 101\r\n/);
    expect(text('completed-elsewhere')).toMatch(/^CANCEL [^\r]+\r\n[\s\S]*Reason: SIP;cause=200;text="Call completed elsewhere"/m);
    expect(text('media-failure')).toMatch(/^BYE [\s\S]*Reason: Q\.850;cause=41;text="RTP timeout"/m);
    // no-response: the INVITE to the carrier went out five times
    expect(written.filter((w) => w.scenario === 'no-response' && w.iface === 'Carrier' && w.raw.startsWith('INVITE '))).toHaveLength(5);
    // ack-timeout: Teams sent its 200 OK seven times and the SBC never ACKed on the Teams leg
    const ack = written.filter((w) => w.scenario === 'ack-timeout' && w.iface === 'Teams');
    expect(ack.filter((w) => w.raw.startsWith('SIP/2.0 200 OK') && /CSEQ: 1 INVITE/.test(w.raw))).toHaveLength(7);
    expect(ack.filter((w) => w.raw.startsWith('ACK '))).toHaveLength(0);
    // Teams writes upper-case header names and its Contact carries x-i / x-c
    const teamsInvite = written.find((w) => w.scenario === 'answered-outbound' && w.direction === 'in' && w.raw.startsWith('INVITE '));
    expect(teamsInvite?.raw).toMatch(/\r\nCONTACT: <sip:api-du-b-euwe\.pstnhub\.microsoft\.com:443;x-i=[0-9a-f-]+;x-c=[0-9a-f]{32}\/d\/8\/[0-9a-f]{32}>\r\n/);
    expect(teamsInvite?.raw).toContain('\r\nUSER-AGENT: Microsoft.PSTNHub.SIPProxy v.2024.10.1.2');
    expect(written.some((w) => w.direction === 'out' && w.iface === 'Teams' && w.raw.includes('\r\nX-MS-SBC: '))).toBe(true);
  });

  test('every message is valid SIP with a correct Content-Length', () => {
    const { written } = write({ calls: SCENARIO_NAMES.length * 2, scenarios: [...SCENARIO_NAMES] });
    for (const w of written) {
      const p = parseSip(w.raw);
      expect(p.ok).toBe(true);
      const cl = Number(/\r\ncontent-length: (\d+)\r\n/i.exec(w.raw)?.[1]);
      const body = w.raw.slice(w.raw.indexOf('\r\n\r\n') + 4);
      expect(Buffer.byteLength(body)).toBe(cl);
    }
  });

  test('OPTIONS go to sip, sip2 and sip3 every 60 s and are answered', () => {
    const { written } = write({ calls: 20, intervalMs: 30_000 });
    const opts = written.filter((w) => w.scenario === 'options' && w.raw.startsWith('OPTIONS '));
    const hosts = new Set(opts.map((w) => /^OPTIONS sip:([^:]+)/.exec(w.raw)?.[1]));
    expect(hosts).toEqual(new Set(['sip.pstnhub.microsoft.com', 'sip2.pstnhub.microsoft.com', 'sip3.pstnhub.microsoft.com']));
    // 20 calls 30 s apart: about 10 minutes of log, so at least 10 rounds of three
    expect(opts.length).toBeGreaterThanOrEqual(30);
    expect(written.filter((w) => w.scenario === 'options' && w.raw.startsWith('SIP/2.0 200 OK'))).toHaveLength(opts.length);
  });

  test('each call ends with two CALL_END rows keyed by its SID, mapped by the header the log starts with', () => {
    const { lines } = write({ calls: 30 });
    const r = read(lines, { year: 2026 });
    const rows = r.items.flatMap((i) => (i.type === 'cdr' ? [i.row] : []));
    expect(rows).toHaveLength(60);
    expect(rows.every((x) => x.type === 'CALL_END' && x.columnsAssumed === undefined)).toBe(true);
    const sids = new Set(r.messages.map((m) => m.sessionKey));
    expect(rows.every((x) => sids.has(x.sessionKey))).toBe(true);
    const legs = rows.map((x) => x.fields.LegId).sort();
    expect(new Set(legs)).toEqual(new Set(['1', '2']));
    // the SIP Call-ID of each row is a Call-ID of one of its session's messages
    for (const row of rows) {
      expect(r.messages.some((m) => m.sessionKey === row.sessionKey && m.raw.includes(row.sipCallId))).toBe(true);
    }
  });

  test('the same seed writes the same log; another seed another one', () => {
    const a = write({ calls: 25 }).lines.join('\n');
    const b = write({ calls: 25 }).lines.join('\n');
    const c = write({ calls: 25, seed: 12 }).lines.join('\n');
    expect(a).toBe(b);
    expect(c).not.toBe(a);
  });
});
