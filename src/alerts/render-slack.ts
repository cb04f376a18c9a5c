/**
 * Alerts and the digest as Slack Block Kit. Each example call of an alert has a `Why?` button
 * (action id `sipsleuth_why` on every one, each in its own block; value = the call id) for the
 * Slack bot to answer like its Show ladder / Show raw SIP buttons. Block Kit limits
 * respected: section text ≤ 3000 characters, ≤ 50 blocks.
 */
import type { KnownBlock } from '@slack/web-api';
import { formatInZone } from '../formats/time';
import { duration, percent } from '../stats/figures';
import type { Digest } from '../stats/digest';
import { stateWord, WHY_ACTION_ID, type Alert } from './alert';
import { alertText, figuresLine } from './alert-text';

export type SlackBlock = KnownBlock;

const MAX_TEXT = 2900;

function cut(s: string, n = MAX_TEXT): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}

/** Slack mrkdwn needs &, < and > escaped. */
export function mrkdwnEscape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function icon(a: Alert): string {
  if (a.state === 'recovered') {
    return '✅';
  }
  return a.severity === 'critical' ? '🔴' : '🟠';
}

export function slackAlert(a: Alert, tz: string): { text: string; blocks: SlackBlock[] } {
  const when = (iso: string): string => {
    const t = Date.parse(iso);
    return Number.isFinite(t) ? formatInZone(t, tz, { ms: false }) : iso;
  };
  const blocks: SlackBlock[] = [
    {
      type: 'section',
      text: { type: 'mrkdwn', text: cut(`${icon(a)} *${stateWord(a)}: ${mrkdwnEscape(a.title)}*\n${mrkdwnEscape(a.figures)}`) },
    },
    {
      type: 'section',
      fields: [
        { type: 'mrkdwn', text: `*SBC*\n${mrkdwnEscape(a.sbc)}` },
        { type: 'mrkdwn', text: `*Peer*\n${mrkdwnEscape(a.peer ?? '–')}` },
        { type: 'mrkdwn', text: `*Owner*\n${a.owner ?? '–'}` },
        {
          type: 'mrkdwn',
          text:
            a.state === 'recovered'
              ? `*Recovered*\n${when(a.at)}${a.lasted ? ` (after ${a.lasted})` : ''}`
              : `*Since*\n${when(a.openedAt)}`,
        },
      ],
    },
  ];
  if (a.state !== 'recovered') {
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: cut(`Next check: ${mrkdwnEscape(a.nextCheck)}`) }] });
  }
  for (const ex of a.examples.slice(0, 5)) {
    blocks.push({
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: cut(`${ex.time ? when(ex.time) : '?'} · ${mrkdwnEscape(ex.from ?? '?')} → ${mrkdwnEscape(ex.to ?? '?')}\n${mrkdwnEscape(ex.summary)}`),
      },
      accessory: {
        type: 'button',
        text: { type: 'plain_text', text: 'Why?' },
        action_id: WHY_ACTION_ID,
        value: ex.id,
      },
    });
  }
  return { text: cut(alertText(a, tz), 3000), blocks };
}

export function slackDigest(d: Digest): { text: string; blocks: SlackBlock[] } {
  const blocks: SlackBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: `sipsleuth daily digest · ${d.date}` } },
  ];
  if (d.note) {
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: mrkdwnEscape(d.note) } });
  }
  for (const s of d.sbcs.slice(0, 12)) {
    const f = s.figures;
    const lw = s.lastWeek;
    const lines = [
      `*${mrkdwnEscape(s.sbc)}*: ${f.calls} calls · answered ${percent(f.asr)} · NER ${percent(f.ner)} · avg ${duration(f.avgDurationSec)}`,
      lw ? `_same day last week_: ${figuresLine(lw)}` : '_same day last week_: no calls recorded',
    ];
    if (s.note) {
      lines.push(`_${mrkdwnEscape(s.note)}_`);
    }
    for (const c of s.causes) {
      lines.push(
        `• *${c.category}* (${c.owner}): ${c.calls}${c.example ? ` — e.g. \`${mrkdwnEscape(c.example.id)}\`: ${mrkdwnEscape(c.example.summary)}` : ''}`,
      );
    }
    if (s.causes.length === 0 && f.calls > 0) {
      lines.push('• no failures other than normal outcomes');
    }
    if (s.newCategories.length > 0) {
      lines.push(`🆕 new since last week: ${s.newCategories.join(', ')}`);
    }
    for (const p of s.peers) {
      lines.push(
        `${p.status === 'up' ? '🟢' : p.status === 'down' ? '🔴' : '⚪'} ${mrkdwnEscape(p.name ? `${p.name} (${p.remote})` : p.remote)}: OPTIONS answered ${percent(p.uptime)}${p.cumulative ? ' (since tracking began)' : ''}`,
      );
    }
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: cut(lines.join('\n')) } });
  }
  if (d.sbcs.length > 12) {
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `…and ${d.sbcs.length - 12} more SBCs` }] });
  }
  const text = d.note ?? `sipsleuth digest ${d.date}: ${figuresLine(d.totals)}`;
  return { text, blocks };
}
