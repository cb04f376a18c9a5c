/**
 * The terminal text of `sipsleuth why <ref>`:
 *
 *   Call 2026-11-23 10:00:01.712 +01:00  +49305550101 → +49407770101  inbound  SBC 198.51.100.10
 *   id b9027c:24:198171  Call-IDs c7f2a1@203.0.113.5, 9d2e44b0c4@sbc.example.com
 *
 *   Verdict: failed · busy · owner user
 *   The Teams user was busy (486 Busy Here, Q.850 cause 34).
 *
 *   Evidence (UTC):
 *     09:00:03.248 Teams → SBC 486 Busy Here, Reason Q.850;cause=34 "User busy"
 *   Next check: …
 *
 *   Call flow:
 *   <ladder, at most 20 rows>
 *
 *   Other matching calls:
 *     2026-11-23 09:58:00.000 +01:00  <id>  busy
 */
import type { Call } from '../calls/call';
import type { CallReport, Verdict } from './verdict';
import type { LadderRow } from './ladder';
import { buildLadder, renderLadder } from './ladder';
import { diagnose } from './diagnose';
import { formatInZone } from '../formats/time';

export const WHY_LADDER_ROWS = 20;

function when(iso: string | null, tz: string): string {
  if (iso === null) {
    return 'time unknown';
  }
  const ms = Date.parse(iso);
  return Number.isFinite(ms) ? formatInZone(ms, tz) : iso;
}

/**
 * At most `max` rows: retransmissions go first (they are counted on the row they repeat), then
 * the rows farthest from the deciding one. Returns the rows and how many were left out.
 */
export function shortenLadder(rows: LadderRow[], max: number): { rows: LadderRow[]; omitted: number } {
  if (rows.length <= max) {
    return { rows, omitted: 0 };
  }
  // count the copies of each message on the row of its first copy
  const copies = new Map<string, number>();
  const firstOf = new Map<string, LadderRow>();
  for (const r of rows) {
    const key = `${r.leg}|${r.from}|${r.to}|${r.label}`;
    copies.set(key, (copies.get(key) ?? 0) + 1);
    if (!firstOf.has(key)) {
      firstOf.set(key, r);
    }
  }
  let kept = rows
    .filter((r) => !r.retransmission || r.deciding)
    .map((r) => {
      const n = copies.get(`${r.leg}|${r.from}|${r.to}|${r.label}`) ?? 1;
      return !r.retransmission && n > 1 && firstOf.get(`${r.leg}|${r.from}|${r.to}|${r.label}`) === r ? { ...r, label: `${r.label} ×${n}` } : r;
    });
  if (kept.length > max) {
    const d = Math.max(0, kept.findIndex((r) => r.deciding));
    const head = Math.min(4, max);
    const tailRoom = max - head;
    const startAround = Math.max(head, Math.min(d - Math.floor(tailRoom / 2), kept.length - tailRoom));
    kept = [...kept.slice(0, head), ...kept.slice(startAround, startAround + tailRoom)];
  }
  return { rows: kept, omitted: rows.length - kept.length };
}

export function renderWhy(input: { report: CallReport; call: Call; verdict?: Verdict; others?: CallReport[]; tz: string }): string {
  const { report, call, tz } = input;
  const verdict = input.verdict ?? diagnose(call);
  const lines: string[] = [];
  const from = report.from ?? '?';
  const to = report.to ?? '?';
  lines.push(`Call ${when(report.start, tz)}  ${from} → ${to}  ${report.direction}  SBC ${report.sbc}`);
  lines.push(`id ${report.id}  Call-IDs ${report.callIds.join(', ')}`);
  if (report.answer !== null) {
    lines.push(`answered ${when(report.answer, tz)}${report.durationSec !== null ? `, lasted ${report.durationSec} s` : ''}`);
  }
  lines.push('');
  lines.push(`Verdict: ${verdict.outcome} · ${verdict.category} · owner ${verdict.owner}${verdict.finalStatus !== null ? ` · final ${verdict.finalStatus}` : ''}${verdict.msCode ? ` · Microsoft ${verdict.msCode}` : ''}`);
  lines.push(verdict.summary);
  lines.push('');
  if (verdict.evidence.length > 0) {
    lines.push('Evidence (UTC):');
    for (const e of verdict.evidence) {
      lines.push(`  ${e}`);
    }
  }
  lines.push(`Next check: ${verdict.nextCheck}`);
  const all = buildLadder(call, verdict);
  if (all.length > 0) {
    const { rows, omitted } = shortenLadder(all, WHY_LADDER_ROWS);
    lines.push('');
    lines.push(`Call flow${omitted > 0 ? ` (${rows.length} of ${all.length} messages; \`sipsleuth ladder\` shows all)` : ''}:`);
    lines.push(renderLadder(rows, { width: 100 }));
  }
  const others = input.others ?? [];
  if (others.length > 0) {
    lines.push('');
    lines.push('Other matching calls:');
    for (const o of others) {
      lines.push(`  ${when(o.start, tz)}  ${o.id}  ${o.category}`);
    }
  }
  return lines.join('\n');
}
