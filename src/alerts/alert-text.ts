/** Alerts and digests as plain text (the CLI's `digest --print`, thread replies, notifications). */
import { formatInZone } from '../formats/time';
import { duration, percent, type Figures } from '../stats/figures';
import type { Digest, DigestSbc } from '../stats/digest';
import { stateWord, type Alert } from './alert';

function when(iso: string, tz: string): string {
  const t = Date.parse(iso);
  return Number.isFinite(t) ? formatInZone(t, tz, { ms: false }) : iso;
}

export function alertText(a: Alert, tz: string): string {
  const lines = [`[${stateWord(a)}] ${a.title}`, a.figures];
  if (a.owner) {
    lines.push(`Owner: ${a.owner}`);
  }
  if (a.state === 'recovered') {
    lines.push(`Recovered at ${when(a.at, tz)}${a.lasted ? ` after ${a.lasted}` : ''}.`);
  } else {
    lines.push(`Since ${when(a.openedAt, tz)}. Next check: ${a.nextCheck}`);
  }
  for (const ex of a.examples) {
    lines.push(`  • ${ex.time ? when(ex.time, tz) : '?'}  ${ex.from ?? '?'} → ${ex.to ?? '?'}  ${ex.summary}  (why ${ex.id})`);
  }
  return lines.join('\n');
}

/** The short line of a state change, for a thread reply. */
export function alertThreadLine(a: Alert, tz: string): string {
  if (a.state === 'recovered') {
    return `✅ Recovered at ${when(a.at, tz)}${a.lasted ? ` after ${a.lasted}` : ''}: ${a.title}`;
  }
  if (a.state === 'reopened') {
    return `🔁 Failing again at ${when(a.at, tz)}: ${a.figures}`;
  }
  return `${a.severity === 'critical' ? '🔴' : '🟠'} ${a.figures}`;
}

export function figuresLine(f: Figures): string {
  return `${f.calls} calls, answered ${percent(f.asr)}, NER ${percent(f.ner)}, avg duration ${duration(f.avgDurationSec)}`;
}

function change(now: number | null, before: number | null): string {
  if (now === null || before === null) {
    return '';
  }
  const d = (now - before) * 100;
  return ` (${d >= 0 ? '+' : ''}${d.toFixed(1)} pts)`;
}

export function sbcText(s: DigestSbc): string[] {
  const f = s.figures;
  const lines = [`SBC ${s.sbc}: ${figuresLine(f)}`];
  if (s.note) {
    lines.push(`  note: ${s.note}`);
  }
  if (f.peakConcurrent > 0) {
    lines.push(`  peak concurrent calls: ${f.peakConcurrent}`);
  }
  if (s.lastWeek) {
    lines.push(
      `  same day last week: ${figuresLine(s.lastWeek)}; answered${change(f.asr, s.lastWeek.asr)}, NER${change(f.ner, s.lastWeek.ner)}`,
    );
  } else {
    lines.push('  same day last week: no calls recorded');
  }
  if (s.causes.length === 0) {
    lines.push('  no failures other than normal outcomes');
  } else {
    lines.push('  top failures:');
    for (const c of s.causes) {
      lines.push(`    ${c.category} (${c.owner}): ${c.calls}${c.example ? ` e.g. ${c.example.id}: ${c.example.summary}` : ''}`);
    }
  }
  if (s.newCategories.length > 0) {
    lines.push(`  new since last week: ${s.newCategories.join(', ')}`);
  }
  for (const p of s.peers) {
    lines.push(
      `  peer ${p.name ? `${p.name} (${p.remote})` : p.remote}: ${p.status}, OPTIONS answered ${percent(p.uptime)} of ${p.sent}${p.cumulative ? ' (since tracking began)' : ''}`,
    );
  }
  return lines;
}

export function digestText(d: Digest): string {
  const lines = [`sipsleuth daily digest for ${d.date} (${d.tz})`];
  if (d.note) {
    lines.push(d.note);
  }
  if (d.sbcs.length > 1) {
    lines.push(`All SBCs: ${figuresLine(d.totals)}`);
  }
  for (const s of d.sbcs) {
    lines.push('', ...sbcText(s));
  }
  return `${lines.join('\n')}\n`;
}
