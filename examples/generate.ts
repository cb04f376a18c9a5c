/**
 * Writes the bundled example logs and their README, deterministically, from the scenario flows
 * and vendor renderers of the end-to-end tests (test/support/flows):
 *
 *   examples/teams-sbc-day.log     AudioCodes Mediant SBC, rsyslog file, a morning (08:00–10:00 UTC)
 *   examples/oracle-sipmsg.log     Oracle/Acme Packet sipmsg.log, a handful of calls
 *   examples/cisco-cube.log        Cisco CUBE `debug ccsip messages`, a handful of calls
 *   examples/README.md             what is in each log and the verdict every call should get
 *
 * Run:  npx tsc -p examples && node dist/examples-gen/examples/generate.js
 * test/e2e/examples.test.ts checks that the files are what this script writes and that
 * `analyze` gives every verdict the README promises.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { FormatName } from '../src/formats/record';
import { AUDIOCODES_SBC, TEAMS_PROXIES, type CallParams, type TeamsProxy } from '../test/support/flows/call-build';
import { SBC_BY_FORMAT } from '../test/support/flows';
import { optionsPing } from '../test/support/flows/options';
import { renderAudiocodes } from '../test/support/flows/render-audiocodes';
import { renderCisco, ciscoGuid } from '../test/support/flows/render-cisco';
import { clock } from '../test/support/flows/render-common';
import { renderOracle } from '../test/support/flows/render-oracle';
import { expectFor, type Expect, type PlacedCall } from '../test/support/flows/scenario-types';
import { buildScenario } from '../test/support/flows/scenarios';

const DAY = Date.UTC(2026, 10, 23);

/** `HH:MM:SS.mmm` of 23 Nov 2026 → UTC ms */
function at(hms: string): number {
  const [h, m, s] = hms.split(':');
  return DAY + (Number(h) * 3600 + Number(m) * 60) * 1000 + Math.round(Number(s) * 1000);
}

const TEAMS_USERS: readonly [string, string][] = [
  ['+49407770101', 'Anna Becker'],
  ['+49407770102', 'Jonas Weber'],
  ['+49407770103', 'Lea Hoffmann'],
  ['+49407770104', 'Felix Wagner'],
  ['+49407770105', 'Marie Schulz'],
  ['+49407770106', 'Paul Fischer'],
  ['+49407770107', 'Emma Koch'],
  ['+49407770108', 'Lukas Richter'],
];

/** one planned call: when, which scenario, which Teams user, which PSTN number */
type Plan = [string, string, number, string];

/** The morning: mostly answered calls, a spread of failures, interleaved. */
const DAY_PLAN: readonly Plan[] = [
  ['08:00:21.118', 'unknown', 0, '+4930901820'],
  ['08:03:12.440', 'completed-inbound', 1, '+4930555010'],
  ['08:06:47.903', 'completed-outbound', 2, '+4917612345678'],
  ['08:09:30.215', 'completed-inbound', 3, '+498912345600'],
  ['08:12:02.771', 'busy', 4, '+4940228800'],
  ['08:14:55.062', 'completed-outbound', 5, '+4969133700'],
  ['08:18:40.380', 'no-answer', 6, '+4915201234567'],
  ['08:21:09.514', 'completed-inbound', 7, '+4921155500'],
  ['08:24:33.127', 'hold-resume', 0, '+4930987650'],
  ['08:27:18.660', 'caller-cancelled', 1, '+4917055500'],
  ['08:31:05.010', 'completed-inbound', 2, '+4935141100'],
  ['08:31:05.024', 'completed-outbound', 3, '+4951133300'],
  ['08:35:44.302', 'declined', 4, '+4940300700'],
  ['08:39:12.875', 'not-found', 5, '+4930123'],
  ['08:43:27.409', 'completed-inbound', 6, '+4972144400'],
  ['08:47:50.146', 'callee-unavailable', 7, '+4922177700'],
  ['08:52:03.588', 'codec-mismatch', 0, '+448001234567'],
  ['08:55:36.021', 'completed-outbound', 1, '+4989555300'],
  ['08:59:14.733', 'completed-elsewhere', 2, '+4930600900'],
  ['09:03:41.290', 'forbidden-carrier', 3, '+43720123456'],
  ['09:07:08.914', 'media-failure', 4, '+4940888100'],
  ['09:10:22.457', 'completed-inbound', 5, '+4961112200'],
  ['09:13:49.036', 'forbidden-sbc', 6, '+4900900123456'],
  ['09:16:15.672', 'forbidden-teams', 7, '+4930333444'],
  ['09:20:31.208', 'completed-outbound', 0, '+4917699988877'],
  ['09:24:57.845', 'auth-failure', 1, '+4930777666'],
  ['09:28:10.391', 'ack-timeout', 2, '+4940123987'],
  ['09:31:44.920', 'completed-inbound', 3, '+4935155566'],
  ['09:35:06.113', 'trunk-unavailable', 4, '+4969555444'],
  ['09:38:39.657', 'nat-private-address', 5, '+4921199988'],
  ['09:42:12.284', 'reinvite-491', 6, '+4989444333'],
  ['09:45:55.809', 'no-response', 7, '+4930222111'],
  ['09:47:31.450', 'forbidden-560403', 3, '+4940555777'],
  ['09:49:20.336', 'server-error', 0, '+4940777333'],
  ['09:52:48.971', 'completed-outbound', 1, '+4917133322211'],
  ['09:55:30.502', 'unknown-bad-extension', 2, '+4930111222'],
  ['09:58:17.244', 'in-progress', 3, '+4940666555'],
];

const LOG_START = at('08:00:00');
const LOG_END = at('10:00:00');
/** sip2 stops answering OPTIONS for six minutes */
const SILENT = { proxy: 1, from: at('09:12:00'), to: at('09:18:00') };

export interface ExampleCall {
  placed: PlacedCall;
  expect: Expect;
}

export interface ExampleLog {
  file: string;
  format: FormatName;
  text: string;
  calls: ExampleCall[];
}

function proxyFor(t: number, i: number): TeamsProxy {
  const p = i % 3;
  if (p === SILENT.proxy && t >= SILENT.from - 60_000 && t < SILENT.to + 60_000) {
    return TEAMS_PROXIES[0];
  }
  return TEAMS_PROXIES[p];
}

function placeCalls(plan: readonly Plan[], format: FormatName, key: (n: number) => string): ExampleCall[] {
  return plan.map(([hms, name, user, pstn], i) => {
    const t0 = at(hms);
    const p: CallParams = {
      seed: `${format}:${hms}:${name}`,
      teamsUser: TEAMS_USERS[user][0],
      teamsName: TEAMS_USERS[user][1],
      pstn,
      sbc: SBC_BY_FORMAT[format],
      proxy: proxyFor(t0, i),
    };
    const scenario = buildScenario(name, p);
    return { placed: { scenario, t0, sessionKey: key(i) }, expect: expectFor(scenario, format) };
  });
}

/** The AudioCodes morning, with OPTIONS to the three Teams proxies every 60 s. */
export function teamsSbcDay(): ExampleLog {
  const calls = placeCalls(DAY_PLAN, 'audiocodes', () => '');
  const pings: PlacedCall[] = [];
  for (let t = LOG_START + 5_000; t < LOG_END; t += 60_000) {
    TEAMS_PROXIES.forEach((proxy, i) => {
      const sent = t + i * 150;
      const silent = i === SILENT.proxy && sent >= SILENT.from && sent < SILENT.to;
      pings.push(optionsPing(AUDIOCODES_SBC, proxy, `opt:${sent}`, sent, '', !silent));
    });
  }
  // session ids in the order the device allocates them
  const all: PlacedCall[] = [...calls.map((c) => c.placed), ...pings].sort((a, b) => a.t0 - b.t0);
  all.forEach((pc, n) => {
    pc.sessionKey = `b9027c:24:${40_210 + n}`;
  });
  const text = renderAudiocodes(all, { firstSeq: 1_718_400, firstDebug: 6_891_000 });
  return { file: 'teams-sbc-day.log', format: 'audiocodes', text, calls };
}

const ORACLE_PLAN: readonly Plan[] = [
  ['11:02:14.331', 'completed-inbound', 0, '+4930555010'],
  ['11:04:40.812', 'busy', 1, '+4940228800'],
  ['11:06:03.517', 'completed-outbound', 2, '+4917612345678'],
  ['11:09:27.095', 'forbidden-carrier', 3, '+43720123456'],
  ['11:11:52.660', 'callee-unavailable', 4, '+4922177700'],
  ['11:14:08.203', 'codec-mismatch', 5, '+448001234567'],
];

export function oracleExample(): ExampleLog {
  const calls = placeCalls(ORACLE_PLAN, 'oracle', () => '');
  const pings = [0, 1, 2].map((i) => optionsPing(SBC_BY_FORMAT.oracle, TEAMS_PROXIES[i], `oracle-opt:${i}`, at('11:01:00.100') + i * 150, '', true));
  const text = renderOracle([...pings, ...calls.map((c) => c.placed)], { header: true });
  return { file: 'oracle-sipmsg.log', format: 'oracle', text, calls };
}

const CISCO_PLAN: readonly Plan[] = [
  ['14:20:05.118', 'completed-outbound', 5, '+4969133700'],
  ['14:22:41.730', 'trunk-unavailable', 6, '+4969555444'],
  ['14:24:12.406', 'completed-inbound', 7, '+4921155500'],
  ['14:26:58.951', 'caller-cancelled', 0, '+4917055500'],
  ['14:29:33.264', 'not-found', 1, '+4930123'],
];

export function ciscoExample(): ExampleLog {
  const calls = placeCalls(CISCO_PLAN, 'cisco', (i) => ciscoGuid(0x3a0 + i));
  const text = renderCisco(calls.map((c) => c.placed), { firstSeq: 1_204_511 });
  return { file: 'cisco-cube.log', format: 'cisco', text, calls };
}

export function exampleLogs(): ExampleLog[] {
  return [teamsSbcDay(), oracleExample(), ciscoExample()];
}

function hmsOf(t: number): string {
  const c = clock(t);
  return `${c.hms}.${c.ms}`;
}

/** The README's table of one log: start, numbers, what happens, the verdict to expect. */
function table(log: ExampleLog): string {
  const rows = ['| start (UTC) | from → to | what happens | outcome | category | owner | final |', '|---|---|---|---|---|---|---|'];
  for (const c of log.calls) {
    const s = c.placed.scenario;
    const e = c.expect;
    rows.push(`| ${hmsOf(c.placed.t0)} | ${s.from} → ${s.to} | ${s.title} | ${e.outcome} | ${e.category} | ${e.owner} | ${e.finalStatus ?? '—'} |`);
  }
  return rows.join('\n');
}

export function readme(logs: readonly ExampleLog[]): string {
  const [day, oracle, cisco] = logs;
  return `# Example logs

Generated by \`examples/generate.ts\` from the scenario flows of the end-to-end tests
(\`test/support/flows/\`): every message is written the way the vendor logs it, and the table under
each log lists the verdict \`sipsleuth analyze\` must give for every call (checked by
\`test/e2e/examples.test.ts\`). Regenerate with
\`npx tsc -p examples && node dist/examples-gen/examples/generate.js\`.

All calls go through one SBC (\`sbc1.contoso.example\`, 198.51.100.10) between Microsoft Teams
Direct Routing (sip/sip2/sip3.pstnhub.microsoft.com, TLS 5061) and a carrier trunk (203.0.113.10, UDP
5060). Times are UTC; the logs carry no year, so pass \`--year 2026\` to see the right date.

\`\`\`sh
npx sipsleuth analyze --year 2026 examples/teams-sbc-day.log
npx sipsleuth why --year 2026 +4940228800 examples/teams-sbc-day.log
npx sipsleuth analyze --year 2026 --json examples/oracle-sipmsg.log
\`\`\`

## teams-sbc-day.log — AudioCodes Mediant SBC, rsyslog file, 08:00–10:00

A morning on an AudioCodes Mediant SBC as rsyslog stores its syslog: one line per record with
\` #012\` line breaks, \`[S=…] [SID=…]\` headers, \`(N …)\` debug lines (classification, routing), SIP
messages split into ~1 kB records cut mid-token, records of concurrent calls interleaved,
\`[Time:DD-MM@HH:MM:SS.mmm]\` trailers, a CDR header row and \`CALL_END\` rows for every call that ended.

- ${day.calls.length} calls (both legs of each share one SID);
- OPTIONS keep-alives to sip, sip2 and sip3.pstnhub.microsoft.com every 60 s; **sip2 stops answering
  from 09:12 to 09:18** (six OPTIONS without a 200 OK), then recovers: \`health\` shows sip2 with six
  fewer answers than probes;
- the first call was already up when the log starts (only its BYE and the SBC's CDR are in the
  log: the CDR says it was connected and cleared normally); the last is still up when the log ends.

${table(day)}

## oracle-sipmsg.log — Oracle (Acme Packet) SBC sipmsg.log

Records between 40-dash lines, \`On [phy:vlan]local received from / sent to remote\` headers, no
session key: the two legs of each call are joined by time and number. Three OPTIONS keep-alives
first.

${table(oracle)}

## cisco-cube.log — Cisco CUBE \`debug ccsip messages\`

\`ccsipDisplayMsg\` blocks with \`Sent:\` / \`Received:\`; both legs of a call share the CUBE GUID;
the first INVITE of each call is printed before the call exists (\`//-1/xxxxxxxxxxxx/\`).

${table(cisco)}
`;
}

/** Writes the logs and the README into `dir`. */
export function writeExamples(dir: string): void {
  const logs = exampleLogs();
  for (const l of logs) {
    fs.writeFileSync(path.join(dir, l.file), l.text);
  }
  fs.writeFileSync(path.join(dir, 'README.md'), readme(logs));
}

if (require.main === module) {
  const dir = process.argv[2] ?? path.resolve(__dirname, '../../../examples');
  writeExamples(dir);
  process.stdout.write(`wrote ${dir}/{teams-sbc-day.log,oracle-sipmsg.log,cisco-cube.log,README.md}\n`);
}
