import type { Alert } from '../../src/alerts/alert';
import { alertCard, digestCard } from '../../src/alerts/render-card';
import { slackAlert, slackDigest } from '../../src/alerts/render-slack';
import { buildDigest, type DigestSbcInput } from '../../src/stats/digest';
import { countReports } from '../../src/stats/counts';
import { report } from './support/reports';

const T = Date.UTC(2026, 10, 24, 9, 0, 0);

function alert(over: Partial<Alert> = {}): Alert {
  return {
    key: 'spike|sbc<1>|codec-mismatch',
    kind: 'spike',
    state: 'open',
    severity: 'critical',
    title: 'codec-mismatch failures spiking on sbc<1> & co',
    figures: 'x'.repeat(5000),
    sbc: 'sbc<1>',
    peer: null,
    owner: 'sbc',
    nextCheck: 'Check the coder group.',
    examples: Array.from({ length: 9 }, (_, i) => ({ id: `call-${i}`, time: new Date(T).toISOString(), from: '+4930', to: '+4940', summary: 'No <common> codec' })),
    openedAt: new Date(T).toISOString(),
    at: new Date(T).toISOString(),
    ...over,
  };
}

describe('rendering', () => {
  it('keeps an alert within Block Kit limits, escapes mrkdwn, and shows at most 5 examples with Why? buttons', () => {
    const m = slackAlert(alert(), 'Europe/Berlin');
    const json = JSON.stringify(m.blocks);
    expect(m.blocks.length).toBeLessThanOrEqual(50);
    expect(m.text.length).toBeLessThanOrEqual(3000);
    expect(json).toContain('sbc&lt;1&gt; &amp; co');
    expect(json.match(/"action_id":"sipsleuth_why"/g)).toHaveLength(5);
    expect(json).toContain('🔴 *Critical:');
    for (const b of m.blocks) {
      const t = (b as { text?: { text?: string } }).text?.text;
      expect((t ?? '').length).toBeLessThanOrEqual(3000);
    }
    const rec = slackAlert(alert({ state: 'recovered', examples: [], lasted: '12m 00s' }), 'UTC');
    expect(JSON.stringify(rec.blocks)).toContain('*Recovered*\\n2026-11-24 09:00:00 +00:00 (after 12m 00s)');
  });

  it('caps a digest of many SBCs in Slack and puts the chart in the Teams card', () => {
    const inputs: DigestSbcInput[] = Array.from({ length: 15 }, (_, i) => ({
      sbc: `sbc${i}`,
      hours: [{ label: '09', counts: countReports([report({ at: T, category: 'completed' }), report({ at: T, category: 'codec-mismatch' })]) }],
      lastWeek: null,
      weekBefore: null,
      examples: {},
      peers: [],
      minCalls: 1,
    }));
    const d = buildDigest('2026-11-24', 'UTC', inputs);
    const s = slackDigest(d);
    expect(s.blocks.length).toBe(1 + 12 + 1);
    expect(JSON.stringify(s.blocks)).toContain('and 3 more SBCs');
    expect(s.text).toBe('sipsleuth digest 2026-11-24: 30 calls, answered 50.0%, NER 50.0%, avg duration 1m 00s');
    const card = digestCard(d, Buffer.from('png'));
    expect(JSON.stringify(card)).toContain('"url":"data:image/png;base64,cG5n"');
    expect(JSON.stringify(card)).toContain('and 5 more SBCs');
    expect(JSON.stringify(card)).not.toContain('"sbc10"');
    expect(JSON.stringify(alertCard(alert(), 'UTC'))).toContain('"color":"Attention"');
  });
});
