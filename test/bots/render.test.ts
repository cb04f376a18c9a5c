/** The renderers as pure functions: Slack's and Teams' size limits hold for any answer. */
import { ask } from '../../src/ask';
import type { Answer, CallSummary, LadderAnswer, StatusAnswer, TopAnswer, VerdictAnswer } from '../../src/ask/answer-types';
import type { LadderRow } from '../../src/diagnosis/ladder';
import { MemoryCallStore } from '../../src/store/memory-store';
import { renderSlack } from '../../bots/slack/render';
import { renderTeams } from '../../bots/teams/render';
import { CARD_MAX_CHARS } from '../../bots/teams/render/card';
import { ASK_NOW, fillStore } from '../ask/support/stored-calls';

const store = new MemoryCallStore();
const deps = { store, now: ASK_NOW, tz: 'UTC' };
beforeAll(async () => {
  await fillStore(store);
});

function checkSlackLimits(a: Answer): void {
  const r = renderSlack(a, { tz: 'UTC' });
  expect(r.text.length).toBeGreaterThan(0);
  expect(r.blocks.length).toBeLessThanOrEqual(50);
  for (const b of r.blocks) {
    const t = (b as { text?: { text?: string } }).text?.text;
    if (t !== undefined) {
      expect(t.length).toBeLessThanOrEqual(3000);
    }
  }
}

function rows(n: number): LadderRow[] {
  return Array.from({ length: n }, (_, i) => ({
    offsetMs: i * 100,
    time: ASK_NOW + i * 100,
    from: i % 2 ? 'SBC' : 'Teams',
    to: i % 2 ? 'Teams' : 'SBC',
    label: i % 2 ? 'INVITE (SDP: PCMA,PCMU,G722,SILK)' : '100 Trying',
    retransmission: false,
    deciding: i === n - 1,
    leg: 0,
    message: i,
  }));
}

describe('renderers', () => {
  it('every answer kind of the fixtures fits Slack and Teams', async () => {
    for (const q of ['why a1b2c3:1:1005', 'ladder a1b2c3:1:1005', 'raw a1b2c3:1:1005', 'failed calls', 'status', 'top failures this week', 'help', 'xyz', 'why nosuch99@x', 'explain SIP/2.0 200 OK\nCall-ID: a@b\nCSeq: 1 INVITE\nContent-Length: 0']) {
      const a = await ask(q, deps);
      checkSlackLimits(a);
      expect(JSON.stringify(renderTeams(a, { tz: 'UTC' })).length).toBeLessThanOrEqual(CARD_MAX_CHARS);
    }
  });

  it('a ladder too long for one Slack section becomes a file; Teams cuts it with a note', async () => {
    const base = await ask('ladder a1b2c3:1:1005', deps);
    expect(base.kind).toBe('ladder');
    const long: LadderAnswer = { ...(base as LadderAnswer), rows: rows(300) };
    const r = renderSlack(long, { tz: 'UTC' });
    expect(r.file?.content.split('\n')).toHaveLength(301);
    expect(JSON.stringify(r.blocks)).toContain('attached as a file');
    checkSlackLimits(long);
    const card = JSON.stringify(renderTeams(long, { tz: 'UTC' }));
    expect(card.length).toBeLessThanOrEqual(CARD_MAX_CHARS);
    expect(card).toContain('more lines');
  });

  it('a verdict with long evidence and many other matches stays within the limits', async () => {
    const v = (await ask('why a1b2c3:1:1005', deps)) as VerdictAnswer;
    const other: CallSummary = v.others[0];
    const big: VerdictAnswer = {
      ...v,
      call: { ...v.call, evidence: Array.from({ length: 60 }, (_, i) => `08:05:02.${i} Teams → SBC 486 Busy Here ${'x'.repeat(120)}`) },
      others: Array.from({ length: 40 }, (_, i) => ({ ...other, id: `o${i}`, callIds: [`o${i}@h`] })),
      ladder: rows(500),
    };
    checkSlackLimits(big);
    expect(JSON.stringify(renderTeams(big, { tz: 'UTC' })).length).toBeLessThanOrEqual(CARD_MAX_CHARS);
  });

  it('escapes mrkdwn in Slack text taken from logs', async () => {
    const v = (await ask('why a1b2c3:1:1005', deps)) as VerdictAnswer;
    const tricky: VerdictAnswer = { ...v, call: { ...v.call, summary: 'From <sip:+4930@x> & <!channel>' } };
    const t = JSON.stringify(renderSlack(tricky, { tz: 'UTC' }).blocks);
    expect(t).toContain('From &lt;sip:+4930@x&gt; &amp; &lt;!channel&gt;');
    expect(t).not.toContain('<!channel>');
  });

  it('top failures: a short note when the counts fall short, none when they are exact', async () => {
    const exact = (await ask('top failures this week', deps)) as TopAnswer;
    expect(exact.kind).toBe('top');
    const note = 'Counts may be short by up to 12 calls';
    expect(JSON.stringify(renderSlack(exact, { tz: 'UTC' }))).not.toContain('Counts may be short');
    expect(JSON.stringify(renderTeams(exact, { tz: 'UTC' }))).not.toContain('Counts may be short');
    const short: TopAnswer = { ...exact, uncounted: { atMost: 12 } };
    const slack = renderSlack(short, { tz: 'UTC' });
    expect(slack.blocks[2]).toMatchObject({ type: 'context' });
    expect(JSON.stringify(slack.blocks[2])).toContain(note);
    expect(JSON.stringify(renderTeams(short, { tz: 'UTC' }))).toContain(note);
    checkSlackLimits(short);
    const unknown: TopAnswer = { ...exact, uncounted: { atMost: null } };
    expect(JSON.stringify(renderTeams(unknown, { tz: 'UTC' }))).toContain('Counts may be short: the range held more calls than I read for one answer.');
  });

  it('status: a note on each SBC whose counts fall short, none when they are exact', async () => {
    const exact = (await ask('status', deps)) as StatusAnswer;
    expect(exact.kind).toBe('status');
    expect(exact.sbcs.length).toBe(2);
    for (const r of [renderSlack(exact, { tz: 'UTC' }), renderTeams(exact, { tz: 'UTC' })]) {
      expect(JSON.stringify(r)).not.toMatch(/may be short/i);
    }
    const [first, second] = exact.sbcs;
    const short: StatusAnswer = { ...exact, sbcs: [{ ...first, uncounted: { atMost: 7 } }, second] };
    const note = 'Counts may be short by up to 7 calls: the last hour held more calls than I read for one answer.';
    const slack = renderSlack(short, { tz: 'UTC' });
    // after the SBCs' fields, one context block naming the SBC
    expect(slack.blocks[3]).toMatchObject({ type: 'context' });
    expect(JSON.stringify(slack.blocks[3])).toContain(`*${first.sbc}*: ${note}`);
    expect(JSON.stringify(slack.blocks[3])).not.toContain(second.sbc);
    expect(slack.text).toContain(`${first.sbc} ${first.calls} calls, ${first.failed} failed (counts may be short); ${second.sbc}`);
    const teams = JSON.stringify(renderTeams(short, { tz: 'UTC' }));
    expect(teams).toContain(note);
    expect(teams.split('may be short').length).toBe(2);
    const unknown: StatusAnswer = { ...exact, sbcs: [first, { ...second, uncounted: { atMost: null } }] };
    expect(JSON.stringify(renderTeams(unknown, { tz: 'UTC' }))).toContain('Counts may be short: the last hour held more calls than I read for one answer.');
    // twenty SBCs all short: still within Slack's limits, the peers and the time still shown
    const many: StatusAnswer = { ...exact, sbcs: Array.from({ length: 20 }, (_, i) => ({ ...first, sbc: `sbc-${i}`, uncounted: { atMost: i } })) };
    checkSlackLimits(many);
    const blocks = JSON.stringify(renderSlack(many, { tz: 'UTC' }).blocks);
    expect(blocks).toContain('Peers (OPTIONS keep-alive)');
    expect(blocks).toContain('As of ');
    expect(JSON.stringify(renderTeams(many, { tz: 'UTC' })).length).toBeLessThanOrEqual(CARD_MAX_CHARS);
  });
});
