/**
 * The two legs of a synthetic call, with the identities each side uses:
 *
 *   Teams leg    SBC ⇄ sip(2,3).pstnhub.microsoft.com over TLS (SIPInterface #2 "Teams")
 *   carrier leg  SBC ⇄ 203.0.113.10:5060 over UDP (SIPInterface #1 "Carrier")
 */
import type { Prng } from './prng';
import { CARRIER, SBC_FQDN, SBC_IP, type Leg } from './sip-builder';

export const TEAMS_PROXIES: ReadonlyArray<{ host: string; ip: string }> = [
  { host: 'sip.pstnhub.microsoft.com', ip: '52.114.75.24' },
  { host: 'sip2.pstnhub.microsoft.com', ip: '52.114.7.24' },
  { host: 'sip3.pstnhub.microsoft.com', ip: '52.114.132.46' },
];

function num(r: Prng, cc: string): string {
  return `+${cc}${r.digits(8)}`;
}

function teamsCallId(r: Prng): string {
  return r.hex(32);
}

function sbcCallId(r: Prng): string {
  return `${r.digits(22)}@${SBC_IP}`;
}

/** The two legs of a call. `inbound`: the carrier calls a Teams user. */
export function makeLegs(r: Prng, inbound: boolean, socket: number): { teams: Leg; carrier: Leg; caller: string; callee: string } {
  const proxy = inbound ? TEAMS_PROXIES[0] : r.pick(TEAMS_PROXIES);
  const teamsNum = num(r, '4930');
  const pstnNum = num(r, '4940');
  const caller = inbound ? pstnNum : teamsNum;
  const callee = inbound ? teamsNum : pstnNum;
  const teamsId = teamsCallId(r);
  const uuid = r.uuid();
  const ephemeral = `${proxy.ip}:${r.int(1024, 65000)}`;
  const teamsContact = `<sip:api-du-b-euwe.pstnhub.microsoft.com:443;x-i=${uuid};x-c=${teamsId}/d/8/${r.hex(32)}>`;
  const teams: Leg = inbound
    ? {
        side: 'teams',
        callId: sbcCallId(r),
        sbcIsUac: true,
        uacUri: `sip:${caller}@${SBC_FQDN}:5061;user=phone`,
        uasUri: `sip:${callee}@${proxy.host}:5061;user=phone`,
        uacTag: `1c${r.digits(9)}`,
        uasTag: r.hex(32),
        uacVia: `SIP/2.0/TLS ${SBC_FQDN}:5061;alias;branch=z9hG4bKac${r.digits(9)}`,
        uasVia: `SIP/2.0/TLS ${proxy.ip}:5061;branch=z9hG4bK${r.hex(8)}`,
        requestUri: `sip:${callee}@${proxy.host}:5061;user=phone`,
        // the SBC opened this TLS connection: Teams answers on it, from port 5061
        remoteIn: `${proxy.ip}:5061`,
        remoteOut: `${proxy.ip}:5061`,
        iface: 'Teams',
        ifaceNo: 2,
        transport: 'TLS',
        to: 134,
        socket,
        uacCseq: 1,
        uasCseq: 0,
        peerContact: teamsContact,
        sbcContact: `<sip:${caller}@${SBC_FQDN}:5061;transport=tls>`,
        teamsUuid: uuid,
        answered: false,
      }
    : {
        side: 'teams',
        callId: teamsId,
        sbcIsUac: false,
        uacUri: `sip:${caller}@${proxy.host}:5061;user=phone`,
        uacDisplay: r.pick(['Alice Example', 'Bob Example', 'Carol Example', 'Dave Example']),
        uasUri: `sip:${callee}@${SBC_FQDN}:5061;user=phone`,
        uacTag: r.hex(32),
        uasTag: `1c${r.digits(9)}`,
        uacVia: `SIP/2.0/TLS ${proxy.ip}:5061;branch=z9hG4bK${r.hex(8)}`,
        uasVia: `SIP/2.0/TLS ${SBC_FQDN}:5061;alias;branch=z9hG4bKac${r.digits(9)}`,
        requestUri: `sip:${callee}@${SBC_FQDN}:5061;user=phone;transport=tls`,
        remoteIn: ephemeral,
        remoteOut: `${proxy.ip}:5061`,
        iface: 'Teams',
        ifaceNo: 2,
        transport: 'TLS',
        to: 138,
        socket,
        uacCseq: 1,
        uasCseq: 0,
        peerContact: teamsContact,
        sbcContact: `<sip:${callee}@${SBC_FQDN}:5061;transport=tls>`,
        teamsUuid: uuid,
        answered: false,
      };
  const carrierHost = CARRIER.split(':')[0];
  const carrier: Leg = inbound
    ? {
        side: 'carrier',
        callId: `${r.hex(16)}@${carrierHost}`,
        sbcIsUac: false,
        uacUri: `sip:${caller}@${carrierHost};user=phone`,
        uasUri: `sip:${callee}@${SBC_IP};user=phone`,
        uacTag: r.hex(8),
        uasTag: `1c${r.digits(9)}`,
        uacVia: `SIP/2.0/UDP ${CARRIER};branch=z9hG4bK${r.hex(10)}`,
        uasVia: `SIP/2.0/UDP ${SBC_IP}:5060;branch=z9hG4bKac${r.digits(9)}`,
        requestUri: `sip:${callee}@${SBC_IP}:5060;user=phone`,
        remoteIn: CARRIER,
        remoteOut: CARRIER,
        iface: 'Carrier',
        ifaceNo: 1,
        transport: 'UDP',
        to: 1,
        uacCseq: 1,
        uasCseq: 0,
        peerContact: `<sip:${caller}@${CARRIER}>`,
        sbcContact: `<sip:${callee}@${SBC_IP}:5060>`,
        teamsUuid: uuid,
        answered: false,
      }
    : {
        side: 'carrier',
        callId: sbcCallId(r),
        sbcIsUac: true,
        uacUri: `sip:${caller}@${SBC_IP};user=phone`,
        uasUri: `sip:${callee}@${carrierHost};user=phone`,
        uacTag: `1c${r.digits(9)}`,
        uasTag: r.hex(8),
        uacVia: `SIP/2.0/UDP ${SBC_IP}:5060;branch=z9hG4bKac${r.digits(9)}`,
        uasVia: `SIP/2.0/UDP ${CARRIER};branch=z9hG4bK${r.hex(10)}`,
        requestUri: `sip:${callee}@${CARRIER};user=phone`,
        remoteIn: CARRIER,
        remoteOut: CARRIER,
        iface: 'Carrier',
        ifaceNo: 1,
        transport: 'UDP',
        to: 1,
        uacCseq: 1,
        uasCseq: 0,
        peerContact: `<sip:${callee}@${CARRIER}>`,
        sbcContact: `<sip:${caller}@${SBC_IP}:5060>`,
        teamsUuid: uuid,
        answered: false,
      };
  return { teams, carrier, caller, callee };
}

