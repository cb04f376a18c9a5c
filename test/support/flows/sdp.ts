/**
 * SDP bodies of a Direct Routing call as each side writes them:
 *
 *   Teams (media processor)  SILK/G722/G729/PCMU/PCMA, RTP/SAVP with a=crypto, ICE candidates
 *   the SBC toward Teams     RTP/SAVP, a=crypto, session-level a=ice-lite with host candidates
 *   the SBC toward carrier   RTP/AVP G.711 (PCMA, PCMU) and telephone-event
 *   the carrier              RTP/AVP PCMA
 */
import { digitsOf, keyOf } from './ids';

export type Codec = 'PCMA' | 'PCMU' | 'G722' | 'G729' | 'SILK';

const PT: Record<Codec, [number, string]> = {
  PCMU: [0, 'PCMU/8000'],
  PCMA: [8, 'PCMA/8000'],
  G722: [9, 'G722/8000'],
  G729: [18, 'G729/8000'],
  SILK: [104, 'SILK/16000'],
};

function join(lines: string[]): string {
  return lines.map((l) => `${l}\r\n`).join('');
}

/** Teams' offer or answer (from the Microsoft media processor, 52.112.0.0/14). */
export function teamsSdp(seed: string, o: { codecs?: Codec[]; direction?: string } = {}): string {
  const codecs = o.codecs ?? ['SILK', 'G722', 'G729', 'PCMU', 'PCMA'];
  const ip = `52.112.${140 + (Number(digitsOf(seed, 2)) % 40)}.${10 + (Number(digitsOf(`${seed}.`, 2)) % 200)}`;
  const port = 49152 + (Number(digitsOf(`${seed}p`, 4)) % 4000) * 2;
  const lines = ['v=0', `o=- ${digitsOf(seed, 10)} 0 IN IP4 ${ip}`, 's=session', `c=IN IP4 ${ip}`, 'b=CT:10000000', 't=0 0'];
  lines.push(`m=audio ${port} RTP/SAVP ${codecs.map((c) => PT[c][0]).join(' ')} 101 13`);
  lines.push(`a=rtcp:${port + 1}`, `a=ice-ufrag:${keyOf(`${seed}u`, 4)}`, `a=ice-pwd:${keyOf(`${seed}w`, 24)}`);
  lines.push(`a=candidate:1 1 UDP 2130706431 ${ip} ${port} typ host`, `a=candidate:1 2 UDP 2130705918 ${ip} ${port + 1} typ host`);
  lines.push(`a=crypto:2 AES_CM_128_HMAC_SHA1_80 inline:${keyOf(`${seed}k`, 40)}|2^31|1:1`);
  for (const c of codecs) {
    lines.push(`a=rtpmap:${PT[c][0]} ${PT[c][1]}`);
  }
  lines.push('a=rtpmap:101 telephone-event/8000', 'a=fmtp:101 0-16', 'a=rtpmap:13 CN/8000', 'a=ptime:20');
  if (o.direction) {
    lines.push(`a=${o.direction}`);
  }
  return join(lines);
}

/** What the SBC sends toward Teams: SRTP, ICE-Lite, G.711. `ip` may be wrong (a private address). */
export function sbcToTeamsSdp(seed: string, ip: string, o: { codecs?: Codec[]; direction?: string; plainRtp?: boolean } = {}): string {
  const codecs = o.codecs ?? ['PCMA', 'PCMU'];
  const port = 6000 + (Number(digitsOf(`${seed}s`, 4)) % 2000) * 2;
  const lines = ['v=0', `o=SBC ${digitsOf(`${seed}o`, 9)} ${digitsOf(`${seed}v`, 9)} IN IP4 ${ip}`, 's=Phone-Call', `c=IN IP4 ${ip}`, 't=0 0', 'a=ice-lite'];
  lines.push(`m=audio ${port} ${o.plainRtp ? 'RTP/AVP' : 'RTP/SAVP'} ${codecs.map((c) => PT[c][0]).join(' ')} 101`);
  lines.push(`a=ice-ufrag:${keyOf(`${seed}iu`, 8)}`, `a=ice-pwd:${keyOf(`${seed}ip`, 24)}`);
  lines.push(`a=candidate:1 1 UDP 2130706431 ${ip} ${port} typ host`, `a=candidate:1 2 UDP 2130706430 ${ip} ${port + 1} typ host`);
  for (const c of codecs) {
    lines.push(`a=rtpmap:${PT[c][0]} ${PT[c][1]}`);
  }
  lines.push('a=rtpmap:101 telephone-event/8000', 'a=fmtp:101 0-15', 'a=ptime:20', `a=${o.direction ?? 'sendrecv'}`);
  if (!o.plainRtp) {
    lines.push(`a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:${keyOf(`${seed}c`, 40)}`);
  }
  return join(lines);
}

/** What the SBC sends toward the carrier: plain RTP. */
export function sbcToCarrierSdp(seed: string, ip: string, o: { codecs?: Codec[]; direction?: string } = {}): string {
  const codecs = o.codecs ?? ['PCMA', 'PCMU'];
  const port = 8000 + (Number(digitsOf(`${seed}r`, 4)) % 2000) * 2;
  const lines = ['v=0', `o=SBC ${digitsOf(`${seed}o2`, 9)} ${digitsOf(`${seed}v2`, 9)} IN IP4 ${ip}`, 's=Phone-Call', `c=IN IP4 ${ip}`, 't=0 0'];
  lines.push(`m=audio ${port} RTP/AVP ${codecs.map((c) => PT[c][0]).join(' ')} 101`);
  for (const c of codecs) {
    lines.push(`a=rtpmap:${PT[c][0]} ${PT[c][1]}`);
  }
  lines.push('a=rtpmap:101 telephone-event/8000', 'a=fmtp:101 0-15', 'a=ptime:20', `a=${o.direction ?? 'sendrecv'}`);
  return join(lines);
}

export const CARRIER_MEDIA_IP = '203.0.113.20';

/** The carrier's offer or answer. */
export function carrierSdp(seed: string, o: { codecs?: Codec[] } = {}): string {
  const codecs = o.codecs ?? ['PCMA', 'PCMU'];
  const port = 20000 + (Number(digitsOf(`${seed}c`, 4)) % 5000) * 2;
  const lines = ['v=0', `o=- ${digitsOf(`${seed}x`, 8)} ${digitsOf(`${seed}y`, 8)} IN IP4 ${CARRIER_MEDIA_IP}`, 's=-', `c=IN IP4 ${CARRIER_MEDIA_IP}`, 't=0 0'];
  lines.push(`m=audio ${port} RTP/AVP ${codecs.map((c) => PT[c][0]).join(' ')} 101`);
  for (const c of codecs) {
    lines.push(`a=rtpmap:${PT[c][0]} ${PT[c][1]}`);
  }
  lines.push('a=rtpmap:101 telephone-event/8000', 'a=fmtp:101 0-15', 'a=ptime:20', 'a=sendrecv');
  return join(lines);
}
