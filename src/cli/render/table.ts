/** The human-readable `analyze` output: one row per call, then peers' health, then what was skipped. */
import type { AnalysisStats } from '../../analyze/analyzer';
import type { PeerHealth } from '../../calls/call';
import type { CallReport } from '../../diagnosis/verdict';
import { formatInZone } from '../../formats/time';

const COLUMNS: Array<{ title: string; width: number }> = [
  { title: 'start', width: 23 },
  { title: 'dir', width: 4 },
  { title: 'from', width: 16 },
  { title: 'to', width: 16 },
  { title: 'outcome', width: 11 },
  { title: 'status', width: 6 },
  { title: 'category', width: 19 },
  { title: 'owner', width: 7 },
  { title: 'summary', width: 0 },
];

function cell(s: string, width: number): string {
  if (width === 0) {
    return s;
  }
  return s.length > width ? `${s.slice(0, width - 1)}…` : s.padEnd(width);
}

function row(values: string[]): string {
  return values.map((v, i) => cell(v, COLUMNS[i].width)).join(' ').trimEnd();
}

export function tableHeader(tz: string): string {
  return `Calls (times in ${tz})\n${row(COLUMNS.map((c) => c.title))}\n${'-'.repeat(120)}\n`;
}

const DIR: Record<string, string> = { inbound: 'in', outbound: 'out', unknown: '?' };

export function tableRow(r: CallReport, tz: string): string {
  const start = r.start ? formatInZone(Date.parse(r.start), tz, { offset: false }) : '-';
  return `${row([
    start,
    DIR[r.direction] ?? '?',
    r.from ?? '-',
    r.to ?? '-',
    r.outcome,
    r.finalStatus === null ? '-' : String(r.finalStatus),
    r.category,
    r.owner,
    r.summary,
  ])}\n`;
}

export function healthTable(peers: readonly PeerHealth[], tz: string): string {
  if (peers.length === 0) {
    return '\nPeers (OPTIONS keep-alives): none seen\n';
  }
  const lines = ['', 'Peers (OPTIONS keep-alives)'];
  lines.push(
    `${'peer'.padEnd(44)} ${'sbc'.padEnd(16)} ${'sent'.padStart(5)} ${'ok'.padStart(5)} ${'fail'.padStart(5)}  ${'last answer'.padEnd(19)}  status`,
  );
  for (const p of peers) {
    const name = p.name ? `${p.remote} (${p.name})` : p.remote;
    const last = p.lastAnswer === null ? '-' : formatInZone(p.lastAnswer, tz, { ms: false, offset: false });
    lines.push(
      `${cell(name, 44)} ${cell(p.device, 16)} ${String(p.optionsSent).padStart(5)} ${String(p.optionsAnswered).padStart(5)} ${String(p.optionsRejected).padStart(5)}  ${last.padEnd(19)}  ${p.status}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

export function statsTable(s: AnalysisStats): string {
  const lines = [
    '',
    `Read ${s.records} records: ${s.messages} SIP messages, ${s.cdrRows} CDR rows, ${s.calls} calls, ${s.skipped} skipped.`,
  ];
  if (s.sequenceGaps > 0) {
    lines.push(`Possible loss: ${s.sequenceGaps} gaps in the SBC's record numbers (${s.lostRecords} records missing).`);
  }
  const reasons = Object.entries(s.skippedByReason).sort((a, b) => b[1] - a[1]);
  if (reasons.length > 0) {
    lines.push('Skipped:');
    for (const [why, n] of reasons.slice(0, 15)) {
      const example = s.errors.find((e) => e.why.replace(/\d+/g, 'N').slice(0, 80) === why);
      lines.push(`  ${String(n).padStart(7)}  ${example ? example.why : why}${example ? `  (e.g. ${example.where})` : ''}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
