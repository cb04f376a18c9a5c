/**
 * The alert engine: one round (`tick(now)`) looks at every SBC's figures and peers and moves
 * each incident along (src/stats/incident.ts): spikes per SBC and category, `tls-failure` calls,
 * peers not answering OPTIONS, SBCs whose logs stopped. Every alert produced is logged as JSON
 * and delivered (src/alerts/delivery.ts). One instance evaluates at a time (a Redis lock), so
 * several service instances post each alert once. Times: spikes and OPTIONS are judged in the
 * SBC's own time (src/stats/stats-clock.ts), silent logs by the wall clock.
 */
import type { PeerHealth } from '../calls/call';
import { CATEGORIES, type Category } from '../diagnosis/verdict';
import type { Logger } from '../log/logger';
import { computeBaseline, describeUsual, type Baseline } from '../stats/baseline';
import { callTime, DAY_MS, floorTo, HOUR_MS, MINUTE_MS } from '../stats/call-time';
import { checkLogsSilent, checkOptions, isTeamsPeer, peerLabel, TEAMS_OUT_OF_SERVICE_SEC, TLS_MIN_FAILURES, TLS_WINDOW_MIN } from '../stats/connectivity';
import type { StatCounts } from '../stats/counts';
import { duration } from '../stats/figures';
import { stepIncident, type IncidentAction, type IncidentState, type Observation, type Severity } from '../stats/incident';
import { checkSpikes, QUIET_MS, SPIKE_WINDOWS_MIN, type CategoryWindow, type SpikeCheck, type WindowCounts } from '../stats/spike';
import { windowEnd } from '../stats/stats-clock';
import { rollingWindows } from '../stats/windows';
import type { CallStore } from '../store/call-store';
import { peerScope, sbcScope, type RedisStatsStore } from '../store/stats-store';
import type { Alert, AlertExample, AlertKind, AlertState } from './alert';
import type { AlertDelivery } from './delivery';
import type { IncidentStore } from './incident-store';
import type { AlertMetrics } from './metrics';
import type { AlertSettings } from './settings';

/** minutes before the last hour that feed the decaying baseline */
const RECENT_MIN = 360;
const BASELINE_DAYS = 7;
const EXAMPLES = 3;
const LOCK_MS = 60_000;
/** a peer with this share of the SBC's calls in the last hour gets no spike alerts of its own */
const DOMINANT_SHARE = 0.8;

export interface AlertEngineOptions {
  stats: RedisStatsStore;
  calls: Pick<CallStore, 'health' | 'list'>;
  incidents: IncidentStore;
  delivery: AlertDelivery;
  settings: AlertSettings;
  logger: Logger;
  metrics: AlertMetrics;
}

export type TickResult = { ran: false } | { ran: true; alerts: Alert[]; notes: Record<string, string> };

const ACTION_STATE: Record<Exclude<IncidentAction, 'none'>, AlertState> = {
  open: 'open',
  reopen: 'reopened',
  update: 'update',
  recover: 'recovered',
};

/** End of the newest minute (up to `cur`) with a failure of `cat`, or null. */
function lastFailure(minutes: ReadonlyArray<readonly [number, StatCounts]>, cat: Category, cur: number): number | null {
  for (let i = minutes.length - 1; i >= 0; i--) {
    const [t, c] = minutes[i];
    if (t <= cur && (c.byCategory[cat] ?? 0) > 0) {
      return t + MINUTE_MS;
    }
  }
  return null;
}

function iso(t: number): string {
  return new Date(t).toISOString();
}

export class AlertEngine {
  /** the wall clock of the round running now */
  private wall = 0;
  /** the evaluation lock of the round running now */
  private token = '';

  constructor(private readonly o: AlertEngineOptions) {}

  async tick(nowWall: number): Promise<TickResult> {
    const token = await this.o.incidents.lock(LOCK_MS);
    if (token === null) {
      return { ran: false };
    }
    this.wall = nowWall;
    this.token = token;
    try {
      const alerts: Alert[] = [];
      const notes: Record<string, string> = {};
      await this.o.delivery.flush(nowWall);
      const health = await this.o.calls.health();
      await this.noteHealthArrivals(health, nowWall);
      await this.o.stats.snapshotHealth(health, nowWall);
      // the SBC's own newest time: its newest call, or its newest OPTIONS probe when later (a quiet
      // night with keep-alives still moves its windows on, so an incident can recover)
      const newest = await this.o.stats.newestCalls();
      for (const h of health) {
        if (h.lastSent !== null && h.lastSent > (newest.get(h.device) ?? 0)) {
          newest.set(h.device, h.lastSent);
        }
      }
      const sbcs = await this.o.stats.sbcs();
      for (const sbc of sbcs) {
        const end = windowEnd(nowWall, newest.get(sbc) ?? null);
        // live, the wall clock's minute has only begun: windows end with the last whole minute
        const last = end === nowWall ? floorTo(end, MINUTE_MS) - MINUTE_MS : floorTo(end, MINUTE_MS);
        const note = await this.spikes(sbc, end, last, alerts);
        if (note) {
          notes[sbc] = note;
        }
      }
      await this.options(health, newest, nowWall, alerts);
      await this.silentLogs(sbcs, nowWall, alerts);
      return { ran: true, alerts, notes };
    } finally {
      await this.o.incidents.unlock(token);
    }
  }

  /** An SBC whose OPTIONS keep arriving is not silent even without calls. */
  private async noteHealthArrivals(health: PeerHealth[], nowWall: number): Promise<void> {
    for (const h of health) {
      if (h.lastSent === null) {
        continue;
      }
      const field = `hsent|${h.device}|${h.remote}`;
      const seen = await this.o.incidents.mark(field);
      if (seen === null || h.lastSent > seen) {
        await this.o.stats.markSeen(h.device, nowWall);
        await this.o.incidents.setMark(field, h.lastSent);
      }
    }
  }

  /** `cur` is the start of the newest minute the windows hold. */
  /**
   * Spikes of one SBC: per category over all its calls, then per peer (trunk or Teams proxy) for the
   * categories not already bad or open for the whole SBC (a trunk that fails alone can drown in the
   * SBC's volume; when the whole SBC fails, one alert says it, not one per peer). Then TLS.
   */
  private async spikes(sbc: string, end: number, cur: number, alerts: Alert[]): Promise<string | null> {
    const all = await this.scopeSpikes({ sbc, peer: null }, end, cur, alerts, () => []);
    const hourCalls = (ws: WindowCounts[]): number => ws.find((w) => w.minutes === 60)?.counts.calls ?? 0;
    const sbcCalls = hourCalls(all.windows);
    for (const peer of await this.o.stats.peers(sbc)) {
      // a peer that carries (nearly) all of the SBC's calls is the SBC: its spikes are the SBC's
      await this.scopeSpikes({ sbc, peer }, end, cur, alerts, (ws) =>
        hourCalls(ws) >= DOMINANT_SHARE * sbcCalls ? [...CATEGORIES] : [...all.taken],
      );
    }
    // TLS failures: a connectivity problem, whatever the volume
    const tlsWindow = all.windows.find((w) => w.minutes === TLS_WINDOW_MIN);
    const tls = tlsWindow?.counts.byCategory['tls-failure'] ?? 0;
    await this.observe(
      { key: `tls|${sbc}`, bad: tls >= TLS_MIN_FAILURES, now: end, badAt: lastFailure(all.minutes, 'tls-failure', cur) ?? end, severity: 'critical', size: tls },
      QUIET_MS,
      alerts,
      (state, action) => this.tlsAlert(sbc, state, action, end, cur, tls),
    );
    const check = all.check;
    if (check.kind === 'no-baseline') {
      return check.why;
    }
    if (check.kind === 'too-few-calls') {
      return `too few calls to judge (${check.calls} in the last hour, ${this.o.settings.minCalls} needed)`;
    }
    return null;
  }

  private async scopeSpikes(
    where: { sbc: string; peer: string | null },
    end: number,
    cur: number,
    alerts: Alert[],
    skipOf: (windows: WindowCounts[]) => Category[],
  ): Promise<{ check: SpikeCheck; windows: WindowCounts[]; minutes: Array<[number, StatCounts]>; taken: Set<Category> }> {
    const scope = where.peer === null ? sbcScope(where.sbc) : peerScope(where.sbc, where.peer);
    const minutes = await this.o.stats.minuteCounts(scope, cur - (RECENT_MIN + 59) * MINUTE_MS, cur + MINUTE_MS);
    const windows: WindowCounts[] = rollingWindows(minutes, cur, [...new Set([...SPIKE_WINDOWS_MIN, TLS_WINDOW_MIN])]);
    const hour = floorTo(end, HOUR_MS);
    const sameHour: StatCounts[] = [];
    for (let d = 1; d <= BASELINE_DAYS; d++) {
      const [h] = await this.o.stats.hourCounts(scope, hour - d * DAY_MS, hour - d * DAY_MS + 1);
      if (h) {
        sameHour.push(h[1]);
      }
    }
    const baseline = computeBaseline({ sameHour, recent: minutes, windowStart: cur - 59 * MINUTE_MS, minCalls: this.o.settings.minCalls });
    const prefix = where.peer === null ? `spike|${where.sbc}|` : `peer-spike|${where.sbc}|${where.peer}|`;
    const open = new Set(
      (await this.o.incidents.openKeys())
        .filter((k) => k.startsWith(prefix) && !k.slice(prefix.length).includes('|'))
        .map((k) => k.slice(prefix.length) as Category),
    );
    const check = checkSpikes(
      windows.filter((w) => (SPIKE_WINDOWS_MIN as readonly number[]).includes(w.minutes)),
      baseline,
      { minCalls: this.o.settings.minCalls, extraCategories: this.o.settings.extraCategories, skip: ['tls-failure', ...skipOf(windows)] },
      open,
    );
    const found = new Map<Category, CategoryWindow>();
    if (check.kind === 'checked') {
      for (const s of check.spikes) {
        found.set(s.category, s);
      }
    }
    const taken = new Set<Category>([...open, ...(check.kind === 'checked' ? check.bad : [])]);
    for (const cat of new Set<Category>([...open, ...found.keys()])) {
      const bad = check.kind === 'checked' && check.bad.has(cat);
      const cw = found.get(cat);
      const severity: Severity = cw && cw.ratio >= 0.5 && cw.count >= 10 ? 'critical' : 'warning';
      // size: failures per 5 minutes, so a wider window alone does not make an update
      await this.observe(
        {
          key: `${prefix}${cat}`,
          bad,
          now: end,
          badAt: lastFailure(minutes, cat, cur) ?? end,
          severity,
          size: cw ? Math.round((cw.count * 5) / cw.windowMin) : 0,
        },
        QUIET_MS,
        alerts,
        (state, action) => this.spikeAlert(where, cat, state, action, end, cur, windows, baseline, cw ?? null),
      );
    }
    return { check, windows, minutes, taken };
  }

  /** Moves one incident along; builds, logs and delivers the alert when there is one. */
  private async observe(
    obs: Observation,
    quietMs: number,
    alerts: Alert[],
    build: (state: IncidentState, action: Exclude<IncidentAction, 'none'>) => Promise<Alert>,
  ): Promise<void> {
    const prev = await this.o.incidents.get(obs.key);
    const step = stepIncident(prev?.state ?? null, obs, { cooldownMs: this.o.settings.cooldownMs, quietMs });
    if (!step.state) {
      return;
    }
    if (step.action === 'none') {
      if (prev && JSON.stringify(prev.state) !== JSON.stringify(step.state)) {
        await this.o.incidents.put({ state: step.state, alert: prev.alert });
      }
      return;
    }
    const alert = await build(step.state, step.action);
    await this.o.incidents.put({ state: step.state, alert });
    alerts.push(alert);
    this.o.metrics.alerts.inc({ kind: alert.kind, state: alert.state });
    this.o.logger.info({ alert }, `alert ${alert.state}: ${alert.title}`);
    // deliveries may wait on retries: keep the round's lock meanwhile
    await this.o.incidents.extendLock(this.token, LOCK_MS);
    await this.o.delivery.deliver(alert, this.wall);
  }

  private base(kind: AlertKind, state: IncidentState, action: Exclude<IncidentAction, 'none'>, at: number): Pick<Alert, 'key' | 'kind' | 'state' | 'severity' | 'openedAt' | 'at' | 'lasted'> {
    return {
      key: state.key,
      kind,
      state: ACTION_STATE[action],
      severity: state.severity,
      openedAt: iso(state.openedAt),
      at: iso(at),
      lasted: action === 'recover' ? duration(Math.max(0, at - state.openedAt) / 1000) : undefined,
    };
  }

  private async examples(
    sbc: string,
    cat: Category,
    from: number,
    to: number,
    peer: string | null = null,
  ): Promise<{ examples: AlertExample[]; nextCheck: string | null }> {
    const reports = await this.o.calls.list({ sbc, since: from - HOUR_MS, until: to, limit: 500 });
    const hits = reports.filter((r) => {
      const t = callTime(r);
      return r.category === cat && t !== null && t >= from && t <= to && (peer === null || r.legs.some((l) => l.remote === peer));
    });
    return {
      examples: hits.slice(0, EXAMPLES).map((r) => ({ id: r.id, time: r.end ?? r.start, from: r.from, to: r.to, summary: r.summary })),
      nextCheck: hits[0]?.nextCheck ?? null,
    };
  }

  /** The peer most of the window's failures of `cat` went through, with its count. */
  private async topPeer(sbc: string, cat: Category, from: number, to: number): Promise<string | null> {
    let best: { peer: string; n: number } | null = null;
    for (const peer of await this.o.stats.peers(sbc)) {
      const mins = await this.o.stats.minuteCounts(peerScope(sbc, peer), from, to);
      const n = mins.reduce((s, [, c]) => s + (c.byCategory[cat] ?? 0), 0);
      if (n > 0 && (!best || n > best.n)) {
        best = { peer, n };
      }
    }
    return best ? `${best.peer} (${best.n} of these failures)` : null;
  }

  private async spikeAlert(
    where: { sbc: string; peer: string | null },
    cat: Category,
    state: IncidentState,
    action: Exclude<IncidentAction, 'none'>,
    end: number,
    cur: number,
    windows: WindowCounts[],
    baseline: Baseline,
    cw: CategoryWindow | null,
  ): Promise<Alert> {
    const { sbc, peer } = where;
    const place = peer === null ? sbc : `${sbc} toward ${peer}`;
    const b = this.base('spike', state, action, end);
    if (action === 'recover' || !cw) {
      // the window the recovery was judged on: the shortest with enough calls, else with any
      const sorted = [...windows].sort((a, c) => a.minutes - c.minutes);
      const w =
        sorted.find((x) => x.counts.calls >= this.o.settings.minCalls) ?? sorted.find((x) => x.counts.calls > 0) ?? sorted[0];
      const n = w.counts.byCategory[cat] ?? 0;
      return {
        ...b,
        title: `${cat} failures on ${place} are back to usual`,
        figures: `${n} of ${w.counts.calls} calls in the last ${w.minutes} min ended in ${cat}; ${describeUsual(baseline, cat)}.`,
        sbc,
        peer,
        owner: null,
        nextCheck: '',
        examples: [],
      };
    }
    const from = cur - (cw.windowMin - 1) * MINUTE_MS;
    const ex = await this.examples(sbc, cat, from, end, peer);
    const pct = ((cw.ratio * 100).toFixed(1));
    return {
      ...b,
      title: `${cat} failures spiking on ${place}`,
      figures: `${cw.count} of ${cw.calls} calls (${pct}%) in the last ${cw.windowMin} min ended in ${cat}; ${describeUsual(baseline, cat)}${cw.expected >= 0.5 ? `, about ${cw.expected.toFixed(1)} expected` : ''}.`,
      sbc,
      peer: peer ?? (await this.topPeer(sbc, cat, from, end + MINUTE_MS)),
      owner: cw.owner,
      nextCheck: ex.nextCheck ?? 'Open an example call with Why? to see the evidence.',
      examples: ex.examples,
    };
  }

  private async tlsAlert(sbc: string, state: IncidentState, action: Exclude<IncidentAction, 'none'>, end: number, cur: number, n: number): Promise<Alert> {
    const b = this.base('tls', state, action, end);
    const from = cur - (TLS_WINDOW_MIN - 1) * MINUTE_MS;
    const ex = action === 'recover' ? { examples: [], nextCheck: null } : await this.examples(sbc, 'tls-failure', from, end);
    return {
      ...b,
      title: action === 'recover' ? `TLS connections from ${sbc} work again` : `TLS connections from ${sbc} are failing`,
      figures:
        action === 'recover'
          ? `No TLS failure for ${QUIET_MS / 60_000} min.`
          : `${n} call(s) failed on the TLS connection in the last ${TLS_WINDOW_MIN} min.`,
      sbc,
      peer: null,
      owner: 'network',
      nextCheck:
        ex.nextCheck ??
        'Check the SBC certificate (chain, expiry, SAN = the SBC FQDN), TLS 1.2, and that the firewall passes TCP 5061 both ways.',
      examples: ex.examples,
    };
  }

  private async options(health: PeerHealth[], newest: Map<string, number>, nowWall: number, alerts: Alert[]): Promise<void> {
    const keys = new Set<string>();
    for (const h of health) {
      const key = `options|${h.device}|${h.remote}`;
      keys.add(key);
      const end = windowEnd(nowWall, newest.get(h.device) ?? null);
      const markField = `unanswered|${h.device}|${h.remote}`;
      const probing = h.lastSent !== null && (h.lastAnswer === null || h.lastSent > h.lastAnswer);
      let first = await this.o.incidents.mark(markField);
      if (probing && h.lastAnswer === null && first === null) {
        first = Math.min(end, h.lastSent ?? end);
        await this.o.incidents.setMark(markField, first);
      } else if (!probing && first !== null) {
        await this.o.incidents.setMark(markField, null);
        first = null;
      }
      const c = checkOptions(h, end, this.o.settings.optionsWarnSec, first);
      await this.observe(
        { key, bad: c.bad, now: end, severity: c.severity, size: 0 },
        0,
        alerts,
        async (state, action) => {
          const b = this.base('options', state, action, end);
          const teams = isTeamsPeer(h);
          const label = peerLabel(h);
          const who = teams ? `Teams proxy ${label}` : `Peer ${label}`;
          if (action === 'recover') {
            return {
              ...b,
              title: `${who} answers OPTIONS from ${h.device} again`,
              figures: `Answered at ${h.lastAnswer !== null ? iso(h.lastAnswer) : 'now'}.`,
              sbc: h.device,
              peer: label,
              owner: null,
              nextCheck: '',
              examples: [],
            };
          }
          const last = h.lastAnswer !== null ? `last 2xx at ${iso(h.lastAnswer)}` : 'never answered since sipsleuth started';
          const rejected = h.lastStatus !== null && (h.lastStatus < 200 || h.lastStatus >= 300);
          const teamsNote = !teams
            ? ''
            : c.silentSec >= TEAMS_OUT_OF_SERVICE_SEC
              ? ' Past 5 minutes: Microsoft has probably taken this SBC out of service.'
              : ' Microsoft takes an SBC out of service after 5 minutes without an answer.';
          return {
            ...b,
            title: `${who} is not answering OPTIONS from ${h.device}`,
            figures: `No 2xx to OPTIONS for ${duration(c.silentSec)} (${last}${rejected ? `, last answer ${h.lastStatus}` : ''}).${teamsNote}`,
            sbc: h.device,
            peer: label,
            owner: rejected ? (teams ? 'sbc' : 'carrier') : 'network',
            nextCheck: rejected
              ? 'The peer answers but refuses: check the SBC FQDN in the Contact/Record-Route, its certificate and the peer configuration.'
              : 'Check the path to the peer: DNS, firewall (TCP 5061), the TLS handshake and the SBC certificate.',
            examples: [],
          };
        },
      );
    }
    // incidents of peers that are gone from the health list recover
    for (const key of await this.o.incidents.openKeys()) {
      if (key.startsWith('options|') && !keys.has(key)) {
        const rec = await this.o.incidents.get(key);
        if (rec) {
          await this.o.incidents.put({ state: { ...rec.state, status: 'recovered', recoveredAt: nowWall }, alert: rec.alert });
        }
      }
    }
  }

  private async silentLogs(sbcs: string[], nowWall: number, alerts: Alert[]): Promise<void> {
    const seen = await this.o.stats.lastSeen();
    for (const sbc of sbcs) {
      const last = seen.get(sbc) ?? null;
      const c = checkLogsSilent(last, nowWall, this.o.settings.logsSilentMin);
      await this.observe(
        { key: `logs|${sbc}`, bad: c.bad, now: nowWall, severity: 'warning', size: 0 },
        0,
        alerts,
        async (state, action) => ({
          ...this.base('logs-silent', state, action, nowWall),
          title: action === 'recover' ? `Logs from ${sbc} arrive again` : `No logs from ${sbc} for ${Math.floor(c.silentMin)} min`,
          figures:
            action === 'recover'
              ? `Logs arrive again after ${duration(Math.max(0, nowWall - state.openedAt) / 1000 + this.o.settings.logsSilentMin * 60)} of silence.`
              : `Nothing (no call, no OPTIONS) has arrived from ${sbc} since ${last !== null ? iso(last) : '?'}; alerts cannot see this SBC.`,
          sbc,
          peer: null,
          owner: action === 'recover' ? null : 'sbc',
          nextCheck: 'Check the SBC syslog settings (destination, port, log level), the network path to sipsleuth and the tailed files.',
          examples: [],
        }),
      );
    }
  }
}
