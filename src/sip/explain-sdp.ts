/**
 * SDP explained line by line, with the Direct Routing media checks:
 *
 *   c=IN IP4 10.160.21.20                 → ⚠ private address toward a public peer
 *   m=audio 7028 RTP/AVP 8 18 0 101       → audio, plain RTP, PCMA, G729, PCMU, DTMF; ⚠ no SRTP toward Teams
 *   a=crypto:1 AES_CM_128_HMAC_SHA1_80 …  → SRTP key (SDES), the suite Teams requires
 */
import type { ExplainedSdpLine } from './explain-types';
import type { ExplainContext } from './explain-context';
import { describeHost } from './explain-context';
import { analyzeSdp, type SdpCodec, type SdpSummary } from './sdp';
import { isPrivateIp } from './addresses';
import { CODECS, SDP_ATTRIBUTES, SDP_FIELDS, TEAMS_CODECS, TEAMS_CRYPTO_SUITE } from './sdp-terms';

function codecText(c: SdpCodec): string {
  const d = CODECS[c.name.toLowerCase()];
  return `${c.pt} ${c.name}${c.rate ? `/${c.rate}` : ''}${d ? ` (${d})` : ''}`;
}

function protoText(proto: string): string {
  switch (proto.toUpperCase()) {
    case 'RTP/AVP':
      return 'plain RTP, not encrypted';
    case 'RTP/SAVP':
      return 'SRTP, keys in a=crypto (SDES)';
    case 'RTP/SAVPF':
      return 'SRTP with RTCP feedback';
    case 'UDP/TLS/RTP/SAVPF':
      return 'SRTP keyed by DTLS (WebRTC)';
    case 'RTP/AVPF':
      return 'plain RTP with RTCP feedback';
    default:
      return 'transport not in sipsleuth\'s catalogue';
  }
}

interface SdpChecks {
  senderChecks: boolean;
  toTeams: boolean;
}

function explainLine(line: string, summary: SdpSummary | null, mediaIndex: number, checks: SdpChecks): ExplainedSdpLine {
  const eq = line.indexOf('=');
  if (eq !== 1) {
    return { text: line, field: '', known: false, meaning: 'Not an SDP line (expected x=…).', warnings: [] };
  }
  const field = line[0];
  const value = line.slice(2).trim();
  const warnings: string[] = [];
  const base = SDP_FIELDS[field];
  if (!base) {
    return { text: line, field, known: false, meaning: 'Not an SDP field sipsleuth knows.', warnings };
  }
  let meaning = base.meaning;
  const media = mediaIndex >= 0 ? summary?.media[mediaIndex] : undefined;
  switch (field) {
    case 'o': {
      const addr = value.split(/\s+/)[5];
      if (addr) {
        const d = describeHost(addr);
        meaning += ` Address ${addr}${d ? ` (${d})` : ''}.`;
        if (checks.senderChecks && isPrivateIp(addr)) {
          warnings.push(`private origin address ${addr} toward a public peer (harmless alone, but shows the SDP was not NAT-translated)`);
        }
      }
      break;
    }
    case 'c': {
      const addr = value.split(/\s+/)[2];
      if (addr) {
        const d = describeHost(addr);
        meaning += ` Media goes to ${addr}${d ? ` (${d})` : ''}.`;
        if (addr === '0.0.0.0') {
          meaning += ' 0.0.0.0 = hold (old style).';
          if (checks.toTeams) {
            warnings.push('c=0.0.0.0 toward Teams: not supported, Teams answers 488 (531052); use a=inactive for hold');
          }
        } else if (checks.senderChecks && isPrivateIp(addr)) {
          warnings.push(`private media address ${addr} toward a public peer: media cannot reach it (NAT); expect one-way or no audio`);
        }
      }
      break;
    }
    case 'm': {
      if (media) {
        meaning = `Media stream: ${media.type} to port ${media.port}${media.port === 0 ? ' (0 = stream refused or disabled)' : ''}, ${media.proto} (${protoText(media.proto)}). Payloads: ${media.codecs.map(codecText).join('; ') || 'none'}.`;
        if (checks.toTeams && media.type === 'audio' && media.port !== 0) {
          mediaWarnings(media, warnings);
        }
      }
      break;
    }
    case 'a': {
      const colon = value.indexOf(':');
      const name = (colon === -1 ? value : value.slice(0, colon)).toLowerCase();
      const arg = colon === -1 ? '' : value.slice(colon + 1);
      const term = SDP_ATTRIBUTES[name];
      if (!term) {
        return { text: line, field, attribute: name, known: false, meaning: `Attribute "${name}" is not in sipsleuth's catalogue.`, warnings };
      }
      meaning = term.meaning + attributeDetail(name, arg, media);
      if (checks.toTeams && (name === 'sendonly' || name === 'recvonly')) {
        warnings.push(`a=${name} toward Teams: Teams understands only a=inactive for hold`);
      }
      return { text: line, field, attribute: name, known: true, meaning, warnings };
    }
    default:
      break;
  }
  return { text: line, field, known: true, meaning, warnings };
}

function mediaWarnings(media: SdpSummary['media'][number], warnings: string[]): void {
  const audio = media.codecs.filter((c) => !['telephone-event', 'cn', 'red'].includes(c.name.toLowerCase()));
  if (audio.length > 0 && !audio.some((c) => TEAMS_CODECS.has(c.name.toLowerCase()))) {
    warnings.push(`no codec Teams accepts (SILK, G.711, G.722, G.729, Opus) among ${audio.map((c) => c.name).join(', ')}: expect 488 (531000 CannotSupportAnyMedia)`);
  }
  if (media.proto.toUpperCase() === 'RTP/AVP' || (media.crypto.length === 0 && !media.dtls)) {
    warnings.push('plain RTP toward Teams, no SRTP key: Teams requires SRTP and answers 488 (531000 SrtpEncryptionRequired)');
  } else if (media.crypto.length > 0 && !media.crypto.includes(TEAMS_CRYPTO_SUITE)) {
    warnings.push(`no ${TEAMS_CRYPTO_SUITE} among the SRTP suites (${media.crypto.join(', ')}): Teams requires it`);
  }
}

function attributeDetail(name: string, arg: string, media: SdpSummary['media'][number] | undefined): string {
  const parts = arg.trim().split(/\s+/);
  switch (name) {
    case 'rtpmap': {
      const c = media?.codecs.find((x) => String(x.pt) === parts[0]);
      return c ? ` Payload ${codecText(c)}.` : '';
    }
    case 'fmtp': {
      const c = media?.codecs.find((x) => String(x.pt) === parts[0]);
      if (c?.name.toLowerCase() === 'telephone-event') {
        return ` DTMF events ${parts[1] ?? ''} (0-15 = digits 0-9, *, #, A-D; 16 = flash).`;
      }
      return c ? ` For ${c.name}.` : '';
    }
    case 'crypto':
      return ` Suite ${parts[1] ?? '?'}${parts[1] === TEAMS_CRYPTO_SUITE ? ' (the suite Teams requires)' : ''}; key not shown.`;
    case 'candidate': {
      // foundation component transport priority ip port typ type
      const [, component, transport, , ip, port, , type] = parts;
      const d = ip ? describeHost(ip) : '';
      return ` ${type ?? '?'} candidate ${ip ?? '?'}:${port ?? '?'} over ${transport ?? '?'}, component ${component === '2' ? '2 (RTCP)' : '1 (RTP)'}${d ? `, ${d}` : ''}.`;
    }
    case 'ptime':
    case 'maxptime':
      return ` ${arg.trim()} ms.`;
    case 'rtcp':
      return ` Port ${parts[0] ?? '?'}.`;
    default:
      return '';
  }
}

export interface SdpExplanation {
  lines: ExplainedSdpLine[];
  summary: SdpSummary | null;
}

export function explainSdp(body: string, ctx: ExplainContext): SdpExplanation {
  const summary = analyzeSdp(body);
  const checks: SdpChecks = {
    senderChecks: ctx.direction !== 'from-teams' && ctx.publicPeer,
    toTeams: ctx.direction === 'to-teams',
  };
  const lines: ExplainedSdpLine[] = [];
  let mediaIndex = -1;
  for (const raw of body.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line) {
      continue;
    }
    if (line.startsWith('m=')) {
      mediaIndex++;
    }
    lines.push(explainLine(line, summary, mediaIndex, checks));
  }
  return { lines, summary };
}

