/**
 * Builds the two legs of one Direct Routing call through the SBC and collects its steps:
 *
 *   inbound   carrier ──INVITE──▶ SBC ──INVITE──▶ Teams    (carrier leg: peer is UAC; Teams leg: SBC is UAC)
 *   outbound  Teams   ──INVITE──▶ SBC ──INVITE──▶ carrier  (Teams leg: peer is UAC; carrier leg: SBC is UAC)
 *
 * The Teams proxy is reached on 5061 over TLS; Teams' own connections come from an ephemeral port.
 * The carrier talks UDP on 5060.
 */
import { digitsOf, hexOf, uuidOf } from './ids';
import type { CallDirection, Expect, FormatExpect, LegSpec, Scenario, Side, Step, TransportNote } from './scenario-types';
import type { FormatName } from '../../../src/formats/record';
import { LegDialog, type Party, type SbcIdentity } from './sip-leg';

export const CARRIER_IP = '203.0.113.10';

export const AUDIOCODES_SBC: SbcIdentity = {
  fqdn: 'sbc1.contoso.example',
  ip: '198.51.100.10',
  agent: 'Mediant SW/v.7.40A.500.775',
  xMsSbc: 'Audiocodes/Mediant SW/v.7.40A.500.775',
};

export interface TeamsProxy {
  host: string;
  ip: string;
}

export const TEAMS_PROXIES: readonly TeamsProxy[] = [
  { host: 'sip.pstnhub.microsoft.com', ip: '52.114.75.24' },
  { host: 'sip2.pstnhub.microsoft.com', ip: '52.114.7.24' },
  { host: 'sip3.pstnhub.microsoft.com', ip: '52.114.132.46' },
];

/** What varies between calls of one scenario. */
export interface CallParams {
  /** makes every id of the call unique and deterministic */
  seed: string;
  /** the Teams user's number (E.164) */
  teamsUser: string;
  teamsName: string;
  /** the PSTN party's number (E.164) */
  pstn: string;
  sbc: SbcIdentity;
  proxy: TeamsProxy;
}

export const DEFAULT_PARAMS: CallParams = {
  seed: 'call-1',
  teamsUser: '+49407770101',
  teamsName: 'Anna Becker',
  pstn: '+49305550101',
  sbc: AUDIOCODES_SBC,
  proxy: TEAMS_PROXIES[0],
};

export class CallBuild {
  readonly p: CallParams;
  readonly direction: 'inbound' | 'outbound';
  readonly teams: LegDialog;
  readonly carrier: LegDialog;
  readonly legs: Record<Side, LegSpec>;
  /** the correlation UUID Teams puts in its Reason texts */
  readonly uuid: string;
  /** the call was answered before the log starts (for the SBC's CDR) */
  cdrConnectAtMs?: number;
  private readonly steps: Step[] = [];
  private readonly notes: TransportNote[] = [];

  constructor(p: CallParams, direction: 'inbound' | 'outbound') {
    this.p = p;
    this.direction = direction;
    const s = p.seed;
    const sbc = p.sbc;
    this.uuid = uuidOf(`${s}:uuid`);
    const teamsPort = 1024 + (Number(digitsOf(`${s}:port`, 5)) % 60000);
    const teamsCallId = direction === 'outbound' ? hexOf(`${s}:teams-cid`, 32) : `${digitsOf(`${s}:sbc-cid-t`, 18)}@${sbc.ip}`;
    const carrierCallId = direction === 'inbound' ? `${hexOf(`${s}:carrier-cid`, 24)}@${CARRIER_IP}` : `${digitsOf(`${s}:sbc-cid-c`, 18)}@${sbc.ip}`;
    const teamsContact = `<sip:api-du-b-euwe.pstnhub.microsoft.com:443;x-i=${this.uuid};x-c=${hexOf(`${s}:xc`, 32)}/d/8/${hexOf(`${s}:xd`, 32)}>`;
    const teamsRemote = direction === 'outbound' ? `${p.proxy.ip}:${teamsPort}` : `${p.proxy.ip}:5061`;
    const [caller, callee] = direction === 'inbound' ? [p.pstn, p.teamsUser] : [p.teamsUser, p.pstn];

    if (direction === 'inbound') {
      this.carrier = new LegDialog({
        side: 'carrier',
        sbcIsUac: false,
        callId: carrierCallId,
        ruri: `sip:${callee}@${sbc.ip}:5060;user=phone`,
        uacUri: `sip:${caller}@${CARRIER_IP};user=phone`,
        uasUri: `sip:${callee}@${sbc.ip};user=phone`,
        uacTag: hexOf(`${s}:ct`, 10),
        uasTag: hexOf(`${s}:sct`, 12),
        uacVia: `SIP/2.0/UDP ${CARRIER_IP}:5060`,
        uasVia: `SIP/2.0/UDP ${sbc.ip}:5060`,
        uacContact: `<sip:${caller}@${CARRIER_IP}:5060>`,
        uasContact: `<sip:${callee}@${sbc.ip}:5060>`,
        sbc,
        seed: `${s}:c`,
      });
      this.teams = new LegDialog({
        side: 'teams',
        sbcIsUac: true,
        callId: teamsCallId,
        ruri: `sip:${callee}@${p.proxy.host}:5061;user=phone;transport=tls`,
        uacUri: `sip:${caller}@${sbc.fqdn}:5061;user=phone`,
        uasUri: `sip:${callee}@${p.proxy.host}:5061;user=phone`,
        uacTag: hexOf(`${s}:stt`, 12),
        uasTag: hexOf(`${s}:tt`, 32),
        uacVia: `SIP/2.0/TLS ${sbc.fqdn}:5061`,
        uasVia: `SIP/2.0/TLS ${p.proxy.ip}:5061`,
        uacContact: `<sip:${caller}@${sbc.fqdn}:5061;transport=tls>`,
        uasContact: teamsContact,
        sbc,
        seed: `${s}:t`,
      });
    } else {
      this.teams = new LegDialog({
        side: 'teams',
        sbcIsUac: false,
        callId: teamsCallId,
        ruri: `sip:${callee}@${sbc.fqdn}:5061;user=phone;transport=tls`,
        uacUri: `sip:${caller}@sip.pstnhub.microsoft.com:5061;user=phone`,
        uacDisplay: p.teamsName,
        uasUri: `sip:${callee}@${sbc.fqdn}:5061;user=phone`,
        uacTag: hexOf(`${s}:tt`, 32),
        uasTag: hexOf(`${s}:stt`, 12),
        uacVia: `SIP/2.0/TLS ${p.proxy.ip}:5061`,
        uasVia: `SIP/2.0/TLS ${sbc.fqdn}:5061`,
        uacContact: teamsContact,
        uasContact: `<sip:${callee}@${sbc.fqdn}:5061;transport=tls>`,
        sbc,
        seed: `${s}:t`,
      });
      this.carrier = new LegDialog({
        side: 'carrier',
        sbcIsUac: true,
        callId: carrierCallId,
        ruri: `sip:${callee}@${CARRIER_IP}:5060;user=phone`,
        uacUri: `sip:${caller}@${sbc.ip};user=phone`,
        uasUri: `sip:${callee}@${CARRIER_IP};user=phone`,
        uacTag: hexOf(`${s}:sct`, 12),
        uasTag: hexOf(`${s}:ct`, 10),
        uacVia: `SIP/2.0/UDP ${sbc.ip}:5060`,
        uasVia: `SIP/2.0/UDP ${CARRIER_IP}:5060`,
        uacContact: `<sip:${caller}@${sbc.ip}:5060>`,
        uasContact: `<sip:${callee}@${CARRIER_IP}:5060>`,
        sbc,
        seed: `${s}:c`,
      });
    }
    this.legs = {
      teams: {
        side: 'teams',
        callId: teamsCallId,
        transport: 'TLS',
        remoteIn: teamsRemote,
        remoteOut: teamsRemote,
        local: `${sbc.ip}:5061`,
        sbcIsUac: direction === 'inbound',
        caller,
        callee,
      },
      carrier: {
        side: 'carrier',
        callId: carrierCallId,
        transport: 'UDP',
        remoteIn: `${CARRIER_IP}:5060`,
        remoteOut: `${CARRIER_IP}:5060`,
        local: `${sbc.ip}:5060`,
        sbcIsUac: direction === 'outbound',
        caller,
        callee,
      },
    };
  }

  /** the caller's leg and the callee's leg */
  get callerSide(): Side {
    return this.direction === 'inbound' ? 'carrier' : 'teams';
  }

  get calleeSide(): Side {
    return this.direction === 'inbound' ? 'teams' : 'carrier';
  }

  dialog(side: Side): LegDialog {
    return side === 'teams' ? this.teams : this.carrier;
  }

  /** a message the peer of `side` sent to the SBC */
  in(side: Side, atMs: number, sip: string): this {
    this.steps.push({ leg: side, dir: 'in', atMs, sip });
    return this;
  }

  /** a message the SBC sent to the peer of `side` */
  out(side: Side, atMs: number, sip: string): this {
    this.steps.push({ leg: side, dir: 'out', atMs, sip });
    return this;
  }

  /** a message on `side` sent by `party` */
  send(side: Side, party: Party, atMs: number, sip: string): this {
    return party === 'sbc' ? this.out(side, atMs, sip) : this.in(side, atMs, sip);
  }

  note(n: TransportNote): this {
    this.notes.push(n);
    return this;
  }

  /** Teams' Reason header value: Q.850 cause with `<uuid>;<phrase>` text */
  teamsReason(cause: number, phrase: string): string {
    return `Q.850;cause=${cause};text="${this.uuid};${phrase}"`;
  }

  done(o: {
    name: string;
    title: string;
    expect: Omit<Expect, 'direction'> & { direction?: CallDirection };
    legCount?: number;
    byFormat?: Partial<Record<FormatName, FormatExpect>>;
    /** what a plain SIP dump (no time, direction or addresses; legs not joinable) allows */
    sip?: Partial<Expect>;
  }): Scenario {
    const byFormat = { ...(o.byFormat ?? {}) };
    const both = new Set(this.steps.map((s) => s.leg)).size === 2;
    byFormat.sip = {
      expect: { direction: 'unknown', ...(o.byFormat?.sip?.expect ?? {}), ...(o.sip ?? {}) },
      separateLegs: both,
      why:
        o.byFormat?.sip?.why ??
        'a plain SIP dump has no time, direction or addresses: the legs cannot be joined by time and number, and who sent a message is not known',
    };
    const used = new Set(this.steps.map((s) => s.leg));
    const legs: Partial<Record<Side, LegSpec>> = {};
    for (const side of used) {
      legs[side] = this.legs[side];
    }
    const steps = [...this.steps].sort((a, b) => a.atMs - b.atMs);
    return {
      name: o.name,
      title: o.title,
      from: this.legs.teams.caller,
      to: this.legs.teams.callee,
      legs,
      steps,
      expect: { ...o.expect, direction: o.expect.direction ?? this.direction },
      legCount: o.legCount ?? used.size,
      transportNotes: [...this.notes],
      byFormat,
      sbc: this.p.sbc,
      cdrConnectAtMs: this.cdrConnectAtMs,
    };
  }
}
