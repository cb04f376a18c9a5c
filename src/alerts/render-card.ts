/**
 * Alerts and the digest as Adaptive Cards (Teams). The digest chart goes in as a data URI image.
 * `Why?` is an Action.Submit with `{ sipsleuth: 'why', ref: <call id> }`, the shape of the Teams
 * bot's own Show ladder / Show raw SIP buttons, for the bot to answer.
 */
import { formatInZone } from '../formats/time';
import { duration, percent } from '../stats/figures';
import type { Digest } from '../stats/digest';
import { stateWord, type Alert } from './alert';

export type AdaptiveCard = Record<string, unknown>;

export function alertCard(a: Alert, tz: string): AdaptiveCard {
  const when = (iso: string): string => {
    const t = Date.parse(iso);
    return Number.isFinite(t) ? formatInZone(t, tz, { ms: false }) : iso;
  };
  const body: Array<Record<string, unknown>> = [
    {
      type: 'TextBlock',
      text: `${stateWord(a)}: ${a.title}`,
      weight: 'Bolder',
      size: 'Medium',
      wrap: true,
      color: a.state === 'recovered' ? 'Good' : a.severity === 'critical' ? 'Attention' : 'Warning',
    },
    { type: 'TextBlock', text: a.figures, wrap: true },
    {
      type: 'FactSet',
      facts: [
        { title: 'SBC', value: a.sbc },
        { title: 'Peer', value: a.peer ?? '–' },
        { title: 'Owner', value: a.owner ?? '–' },
        a.state === 'recovered'
          ? { title: 'Recovered', value: `${when(a.at)}${a.lasted ? ` (after ${a.lasted})` : ''}` }
          : { title: 'Since', value: when(a.openedAt) },
      ],
    },
  ];
  if (a.state !== 'recovered') {
    body.push({ type: 'TextBlock', text: `Next check: ${a.nextCheck}`, wrap: true, isSubtle: true });
  }
  const actions: Array<Record<string, unknown>> = [];
  for (const ex of a.examples.slice(0, 5)) {
    body.push({
      type: 'TextBlock',
      text: `${ex.time ? when(ex.time) : '?'} · ${ex.from ?? '?'} → ${ex.to ?? '?'}: ${ex.summary}`,
      wrap: true,
      size: 'Small',
    });
    actions.push({ type: 'Action.Submit', title: `Why? ${ex.id.slice(0, 24)}`, data: { sipsleuth: 'why', ref: ex.id } });
  }
  return { type: 'AdaptiveCard', $schema: 'http://adaptivecards.io/schemas/adaptive-card.json', version: '1.4', body, actions };
}

export function digestCard(d: Digest, png: Buffer | null): AdaptiveCard {
  const body: Array<Record<string, unknown>> = [
    { type: 'TextBlock', text: `sipsleuth daily digest · ${d.date}`, weight: 'Bolder', size: 'Large', wrap: true },
  ];
  if (d.note) {
    body.push({ type: 'TextBlock', text: d.note, wrap: true });
  }
  // a Teams message holds about 28 KB with the chart: the first 10 SBCs
  for (const s of d.sbcs.slice(0, 10)) {
    const f = s.figures;
    body.push(
      { type: 'TextBlock', text: s.sbc, weight: 'Bolder', wrap: true, spacing: 'Medium' },
      {
        type: 'FactSet',
        facts: [
          { title: 'Calls', value: String(f.calls) },
          { title: 'Answered', value: percent(f.asr) },
          { title: 'NER', value: percent(f.ner) },
          { title: 'Avg duration', value: duration(f.avgDurationSec) },
          {
            title: 'Last week',
            value: s.lastWeek ? `${s.lastWeek.calls} calls, answered ${percent(s.lastWeek.asr)}, NER ${percent(s.lastWeek.ner)}` : 'no calls recorded',
          },
        ],
      },
    );
    if (s.note) {
      body.push({ type: 'TextBlock', text: s.note, wrap: true, isSubtle: true });
    }
    for (const c of s.causes) {
      body.push({
        type: 'TextBlock',
        text: `• ${c.category} (${c.owner}): ${c.calls}${c.example ? ` — e.g. ${c.example.id}: ${c.example.summary}` : ''}`,
        wrap: true,
        size: 'Small',
      });
    }
    if (s.newCategories.length > 0) {
      body.push({ type: 'TextBlock', text: `New since last week: ${s.newCategories.join(', ')}`, wrap: true, size: 'Small' });
    }
    for (const p of s.peers) {
      body.push({
        type: 'TextBlock',
        text: `${p.name ? `${p.name} (${p.remote})` : p.remote}: ${p.status}, OPTIONS answered ${percent(p.uptime)}`,
        wrap: true,
        size: 'Small',
      });
    }
  }
  if (d.sbcs.length > 10) {
    body.push({ type: 'TextBlock', text: `…and ${d.sbcs.length - 10} more SBCs (sipsleuth digest --print shows them all)`, wrap: true, isSubtle: true });
  }
  if (png) {
    body.push({ type: 'Image', url: `data:image/png;base64,${png.toString('base64')}`, altText: 'Calls and failures per hour', size: 'Stretch' });
  }
  return { type: 'AdaptiveCard', $schema: 'http://adaptivecards.io/schemas/adaptive-card.json', version: '1.4', body };
}
