/**
 * OPTIONS keep-alive health per device and peer host.
 *
 * - A peer is the remote host (IP or name) of the OPTIONS, per device; its `remote` shows the
 *   ip:port the SBC probes (or, if it only receives OPTIONS from the peer, where they came from).
 *   Without a logged remote: the Request-URI host of an OPTIONS the SBC sent, the top Via host of
 *   one it received.
 * - The SBC's OPTIONS (direction 'out', retransmissions counted once) are `optionsSent`; their 2xx
 *   answers `optionsAnswered`; their final non-2xx `optionsRejected`. Responses are matched to
 *   requests by Call-ID + CSeq.
 * - `status`: 'up' when the newest answered probe got a 2xx; 'down' when the last 2 or more probes
 *   got no answer (a later probe was sent first, or 32 s of the device's log time passed: SIP
 *   timer F) or a failure; otherwise 'up' when the peer sent its own OPTIONS since the last decided
 *   probe (it is alive), else 'unknown'. The newest probe, while within its 32 s, is not counted.
 * - `name`: the Request-URI/To host of the SBC's OPTIONS when the remote is an IP address
 *   (`sip2.pstnhub.microsoft.com`).
 */
import type { PeerHealth } from './call';
import type { SipMessage } from '../sip/sip-message';
import { isIpLiteral, splitHostPort } from '../sip/addresses';
import { uriHost } from './message-info';

type ProbeResult = 'ok' | 'fail' | 'none' | 'pending';

interface Probe {
  result: ProbeResult;
  sentAt: number | null;
}

interface PeerState extends PeerHealth {
  /** the newest probes, oldest first */
  probes: Probe[];
  /** the peer sent OPTIONS after the newest decided probe */
  peerAliveSince: boolean;
  /** remote taken from an OPTIONS the SBC sent (preferred over one it received) */
  remoteFromProbe: boolean;
}

export interface OptionsMessage {
  sip: SipMessage;
  direction: 'in' | 'out' | null;
  remote?: string;
  time: number | null;
  device: string;
}

const KEEP_PROBES = 4;
const MAX_PENDING = 4096;

/** SIP timer F (64 × T1): a non-INVITE request unanswered this long has timed out. */
const TIMEOUT_MS = 32_000;

function statusOf(p: PeerState, now: number): PeerHealth['status'] {
  let i = p.probes.length - 1;
  if (i >= 0 && p.probes[i].result === 'pending') {
    const sentAt = p.probes[i].sentAt;
    if (sentAt === null || sentAt + TIMEOUT_MS > now) {
      i--; // still within its time: not counted either way
    }
  }
  if (i >= 0 && p.probes[i].result === 'ok') {
    return 'up';
  }
  let bad = 0;
  while (i >= 0 && p.probes[i].result !== 'ok') {
    bad++;
    i--;
  }
  if (bad >= 2) {
    return 'down';
  }
  return p.peerAliveSince ? 'up' : 'unknown';
}

export class HealthTracker {
  private readonly peers = new Map<string, PeerState>();
  private readonly pending = new Map<string, { peer: PeerState; probe: Probe }>();

  add(m: OptionsMessage): void {
    const sip = m.sip;
    const txKey = `${m.device}\u0000${sip.callId}\u0000${sip.cseq?.seq ?? ''}`;
    if (sip.kind === 'request') {
      if (m.direction === 'out') {
        this.addProbe(m, txKey);
      } else if (m.direction === 'in') {
        const peer = this.peerFor(m, sip.via[0]?.received ?? sip.via[0]?.host, false);
        if (peer) {
          peer.peerAliveSince = true;
        }
      }
      return;
    }
    const status = sip.status ?? 0;
    if (status < 200) {
      return;
    }
    const pend = this.pending.get(txKey);
    let peer: PeerState | undefined;
    let probe: Probe | undefined;
    if (pend) {
      peer = pend.peer;
      probe = pend.probe;
      this.pending.delete(txKey);
    } else if (m.direction === 'in') {
      peer = this.peerFor(m, sip.to?.host, true);
    }
    if (!peer) {
      return;
    }
    peer.lastStatus = status;
    if (status < 300) {
      peer.optionsAnswered++;
      peer.lastAnswer = m.time ?? peer.lastAnswer;
    } else {
      peer.optionsRejected++;
    }
    if (probe) {
      probe.result = status < 300 ? 'ok' : 'fail';
      peer.peerAliveSince = false;
    }
  }

  private addProbe(m: OptionsMessage, txKey: string): void {
    if (this.pending.has(txKey)) {
      return; // retransmission
    }
    const peer = this.peerFor(m, uriHost(m.sip.requestUri) ?? m.sip.to?.host, true);
    if (!peer) {
      return;
    }
    peer.optionsSent++;
    peer.lastSent = m.time ?? peer.lastSent;
    for (const p of peer.probes) {
      if (p.result === 'pending') {
        p.result = 'none';
      }
    }
    const probe: Probe = { result: 'pending', sentAt: m.time };
    peer.probes.push(probe);
    if (peer.probes.length > KEEP_PROBES) {
      peer.probes.shift();
    }
    this.pending.set(txKey, { peer, probe });
    if (this.pending.size > MAX_PENDING) {
      const oldest = this.pending.keys().next().value;
      if (oldest !== undefined) {
        this.pending.delete(oldest);
      }
    }
  }

  private peerFor(m: OptionsMessage, fallbackHost: string | undefined, probeSide: boolean): PeerState | undefined {
    const remote = m.remote ?? fallbackHost;
    if (!remote) {
      return undefined;
    }
    const host = splitHostPort(remote).host.toLowerCase();
    const key = `${m.device}\u0000${host}`;
    let peer = this.peers.get(key);
    if (!peer) {
      peer = {
        remote,
        device: m.device,
        optionsSent: 0,
        optionsAnswered: 0,
        optionsRejected: 0,
        lastSent: null,
        lastAnswer: null,
        lastStatus: null,
        status: 'unknown',
        probes: [],
        peerAliveSince: false,
        remoteFromProbe: probeSide && m.direction === 'out',
      };
      this.peers.set(key, peer);
    } else if (!peer.remoteFromProbe && probeSide && m.direction === 'out') {
      peer.remote = remote;
      peer.remoteFromProbe = true;
    }
    if (peer.name === undefined && m.direction === 'out' && m.sip.kind === 'request' && isIpLiteral(host)) {
      const named = uriHost(m.sip.requestUri) ?? m.sip.to?.host?.toLowerCase();
      if (named && !isIpLiteral(named)) {
        peer.name = named;
      }
    }
    return peer;
  }

  /** `now(device)`: the newest log time of the device, to time out the newest probe (SIP timer F). */
  list(now: (device: string) => number = () => Number.NEGATIVE_INFINITY): PeerHealth[] {
    const out: PeerHealth[] = [];
    for (const p of this.peers.values()) {
      const h: PeerHealth = {
        remote: p.remote,
        device: p.device,
        optionsSent: p.optionsSent,
        optionsAnswered: p.optionsAnswered,
        optionsRejected: p.optionsRejected,
        lastSent: p.lastSent,
        lastAnswer: p.lastAnswer,
        lastStatus: p.lastStatus,
        status: statusOf(p, now(p.device)),
      };
      if (p.name !== undefined) {
        h.name = p.name;
      }
      out.push(h);
    }
    out.sort((a, b) => (a.device === b.device ? cmp(a.remote, b.remote) : cmp(a.device, b.device)));
    return out;
  }
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
