/**
 * Terminal text for an Explanation:
 *
 *   INVITE sip:+4940…@sbc.example.com SIP/2.0
 *     Request INVITE: Starts a call …
 *   Via                   SIP/2.0/TLS 52.114.132.46:5061;branch=…
 *                         Each hop the request passed through …
 *                         · hop 1: TLS 52.114.132.46:5061 (in Microsoft Teams' published range, branch …)
 *                         ⚠ …
 */
import type { ExplainPart, Explanation } from './explain-types';

const COL = 24;

function pad(s: string): string {
  return s.length >= COL - 1 ? `${s} ` : s + ' '.repeat(COL - s.length);
}

function partLine(p: ExplainPart): string {
  return `· ${p.label}${p.value === '' ? '' : `: ${p.value}`}${p.note ? ` (${p.note})` : ''}`;
}

export function renderExplanation(e: Explanation): string {
  if (!e.ok) {
    return `Not a SIP message: ${e.why}\n`;
  }
  const out: string[] = [];
  const indent = ' '.repeat(COL);
  const dir =
    e.direction === 'to-teams' ? 'sent toward Microsoft Teams' : e.direction === 'from-teams' ? 'sent by Microsoft Teams' : 'no Teams peer recognised';
  out.push(e.startLine.text);
  out.push(`  ${e.startLine.meaning}`);
  for (const p of e.startLine.parts) {
    out.push(`  ${partLine(p)}`);
  }
  for (const w of e.startLine.warnings) {
    out.push(`  ⚠ ${w}`);
  }
  out.push(`  (${dir}${e.truncated ? '; the message is cut short' : ''})`);
  out.push('');
  for (const h of e.headers) {
    out.push(`${pad(h.rawName)}${h.value}`);
    out.push(`${indent}${h.known ? '' : '? '}${h.meaning}`);
    for (const p of h.parts) {
      out.push(`${indent}${partLine(p)}`);
    }
    if (h.teams) {
      out.push(`${indent}Teams: ${h.teams}`);
    }
    for (const w of h.warnings) {
      out.push(`${indent}⚠ ${w}`);
    }
  }
  if (e.body) {
    out.push('');
    out.push(`Body: ${e.body.type}, ${e.body.length} characters`);
    for (const l of e.body.sdp ?? []) {
      const meaning = `${l.known ? '' : '? '}${l.meaning}`;
      if (l.text.length <= COL - 3) {
        out.push(`  ${pad(l.text).slice(0, COL - 2)}${meaning}`);
      } else {
        out.push(`  ${l.text}`);
        out.push(`${indent}${meaning}`);
      }
      for (const w of l.warnings) {
        out.push(`${indent}⚠ ${w}`);
      }
    }
  }
  out.push('');
  if (e.warnings.length === 0) {
    out.push('No warnings.');
  } else {
    out.push(`Warnings (${e.warnings.length}):`);
    for (const w of e.warnings) {
      out.push(`⚠ ${w.where}: ${w.text}`);
    }
  }
  return `${out.join('\n')}\n`;
}
