/**
 * SDP (RFC 4566 / 8866) offer/answer summary for diagnosis, parsed with sdp-transform:
 *
 *   v=0
 *   o=- 1760810766 1135981213 IN IP4 10.160.21.20      → origin, privateAddresses
 *   c=IN IP4 10.160.21.20                              → connection (0.0.0.0 = hold)
 *   m=audio 7028 RTP/SAVP 8 18 104 101                 → media: type, port, proto, codecs
 *   a=rtpmap:104 SILK/16000                            → codec names (0/8/9/18/13… named without rtpmap)
 *   a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:…        → crypto suites (SDES-SRTP)
 *   a=ice-lite / a=ice-ufrag / a=candidate:…           → ICE
 *   a=sendonly | recvonly | inactive                   → direction (session- or media-level)
 *
 * Never throws: garbage gives null or a partial summary.
 */
import { parse as parseSdpText } from 'sdp-transform';
import { isPrivateIp } from './addresses';

export type SdpDirection = 'sendrecv' | 'sendonly' | 'recvonly' | 'inactive';

export interface SdpCodec {
  pt: number;
  /** as written (case kept), e.g. `PCMA`, `SILK`, `telephone-event` */
  name: string;
  /** clock rate; undefined when neither rtpmap nor the static table gives it */
  rate?: number;
  channels?: number;
  fmtp?: string;
}

export interface SdpCandidate {
  ip: string;
  port: number;
  type: string;
  transport: string;
  component: number;
}

export interface SdpMediaSummary {
  type: string;
  port: number;
  /** RTP/AVP, RTP/SAVP, UDP/TLS/RTP/SAVPF, … */
  proto: string;
  /** c= of the media, else of the session; null when none */
  connection: string | null;
  /** every payload of the m= line in order, telephone-event and CN included */
  codecs: SdpCodec[];
  /** the telephone-event (RFC 4733 DTMF) payload, when offered */
  telephoneEvent: SdpCodec | null;
  direction: SdpDirection;
  /** SDES crypto suites in order, e.g. AES_CM_128_HMAC_SHA1_80 */
  crypto: string[];
  /** DTLS fingerprint present (UDP/TLS/RTP/SAVPF) */
  dtls: boolean;
  ice: { ufrag?: string; pwd: boolean; candidates: SdpCandidate[] };
  ptime?: number;
  rtcpMux: boolean;
}

export interface SdpSummary {
  origin: { username: string; sessionId: string; version: string; address: string } | null;
  sessionName?: string;
  /** session-level c= address */
  connection: string | null;
  iceLite: boolean;
  media: SdpMediaSummary[];
  /** private addresses (10/8, 172.16/12, 192.168/16, 100.64/10, …) in o= and c=, deduplicated */
  privateAddresses: string[];
  /** private addresses in c= only (those decide where media goes) */
  privateConnectionAddresses: string[];
  /** session-level b= values, e.g. `CT:1500` */
  bandwidth: string[];
}

/** RFC 3551 static payload types that SBCs send without rtpmap. */
const STATIC_PT: Readonly<Record<number, { name: string; rate: number }>> = {
  0: { name: 'PCMU', rate: 8000 },
  3: { name: 'GSM', rate: 8000 },
  4: { name: 'G723', rate: 8000 },
  8: { name: 'PCMA', rate: 8000 },
  9: { name: 'G722', rate: 8000 },
  13: { name: 'CN', rate: 8000 },
  15: { name: 'G728', rate: 8000 },
  18: { name: 'G729', rate: 8000 },
};

function toDirection(d: unknown): SdpDirection | undefined {
  return d === 'sendrecv' || d === 'sendonly' || d === 'recvonly' || d === 'inactive' ? d : undefined;
}

function str(v: unknown): string {
  return v === undefined || v === null ? '' : String(v);
}

function looksLikeSdp(body: string): boolean {
  // an SDP starts with v= (possibly after blank lines) or at least holds an m= line
  const t = body.trimStart();
  return t.startsWith('v=') || /(^|\n)m=/.test(body);
}

type Parsed = ReturnType<typeof parseSdpText>;
type ParsedMedia = Parsed['media'][number];

function mediaSummary(m: ParsedMedia, session: Parsed, sessionConn: string | null): SdpMediaSummary {
  const rtp = Array.isArray(m.rtp) ? m.rtp : [];
  const fmtp = Array.isArray(m.fmtp) ? m.fmtp : [];
  const codecs: SdpCodec[] = [];
  const pts = str(m.payloads)
    .split(' ')
    .map((p) => Number.parseInt(p, 10))
    .filter((p) => Number.isFinite(p));
  for (const pt of pts) {
    const map = rtp.find((r) => r.payload === pt);
    const c: SdpCodec = map
      ? { pt, name: str(map.codec), rate: typeof map.rate === 'number' ? map.rate : undefined }
      : { pt, name: STATIC_PT[pt]?.name ?? `unknown-${pt}`, rate: STATIC_PT[pt]?.rate };
    if (c.rate === undefined) {
      delete c.rate;
    }
    if (map?.encoding !== undefined) {
      const ch = Number.parseInt(str(map.encoding), 10);
      if (Number.isFinite(ch)) {
        c.channels = ch;
      }
    }
    const f = fmtp.find((x) => x.payload === pt);
    if (f) {
      c.fmtp = str(f.config);
    }
    codecs.push(c);
  }
  const conn = m.connection?.ip ? str(m.connection.ip) : sessionConn;
  const candidates: SdpCandidate[] = (Array.isArray(m.candidates) ? m.candidates : []).map((c) => ({
    ip: str(c.ip),
    port: Number(c.port) || 0,
    type: str(c.type),
    transport: str(c.transport).toUpperCase(),
    component: Number(c.component) || 0,
  }));
  const out: SdpMediaSummary = {
    type: str(m.type),
    port: Number(m.port) || 0,
    proto: str(m.protocol),
    connection: conn,
    codecs,
    telephoneEvent: codecs.find((c) => c.name.toLowerCase() === 'telephone-event') ?? null,
    direction: toDirection(m.direction) ?? toDirection(session.direction) ?? 'sendrecv',
    crypto: (Array.isArray(m.crypto) ? m.crypto : []).map((c) => str(c.suite)),
    dtls: Boolean(m.fingerprint ?? session.fingerprint),
    ice: { pwd: Boolean(m.icePwd ?? session.icePwd), candidates },
    rtcpMux: m.rtcpMux !== undefined,
  };
  const ufrag = m.iceUfrag ?? session.iceUfrag;
  if (ufrag) {
    out.ice.ufrag = str(ufrag);
  }
  if (typeof m.ptime === 'number') {
    out.ptime = m.ptime;
  }
  return out;
}

/** Summarise an SDP body; null when the body is empty or not SDP. Never throws. */
export function analyzeSdp(body: string): SdpSummary | null {
  if (!body || !looksLikeSdp(body)) {
    return null;
  }
  let s: Parsed;
  try {
    s = parseSdpText(body);
  } catch {
    return null;
  }
  try {
    const sessionConn = s.connection?.ip ? str(s.connection.ip) : null;
    const media = (Array.isArray(s.media) ? s.media : []).map((m) => mediaSummary(m, s, sessionConn));
    const origin = s.origin
      ? {
          username: str(s.origin.username),
          sessionId: str(s.origin.sessionId),
          version: str(s.origin.sessionVersion),
          address: str(s.origin.address),
        }
      : null;
    const connAddrs = [sessionConn, ...media.map((m) => m.connection)].filter((a): a is string => !!a);
    const privateConnectionAddresses = [...new Set(connAddrs.filter(isPrivateIp))];
    const privateAddresses = [
      ...new Set([...(origin?.address ? [origin.address] : []), ...connAddrs].filter(isPrivateIp)),
    ];
    const summary: SdpSummary = {
      origin,
      connection: sessionConn,
      iceLite: s.icelite !== undefined,
      media,
      privateAddresses,
      privateConnectionAddresses,
      bandwidth: (Array.isArray(s.bandwidth) ? s.bandwidth : []).map((b) => `${str(b.type)}:${str(b.limit)}`),
    };
    if (s.name !== undefined) {
      summary.sessionName = str(s.name);
    }
    return summary;
  } catch {
    return null;
  }
}

const NOT_MEDIA_CODECS = new Set(['telephone-event', 'cn', 'comfort-noise', 'red', 'ulpfec', 'rtx']);

function audioCodecs(s: SdpSummary): SdpCodec[] {
  const out: SdpCodec[] = [];
  for (const m of s.media) {
    if (m.type === 'audio' && m.port !== 0) {
      for (const c of m.codecs) {
        if (!NOT_MEDIA_CODECS.has(c.name.toLowerCase())) {
          out.push(c);
        }
      }
    }
  }
  return out;
}

function codecKey(c: SdpCodec): string {
  return `${c.name.toLowerCase()}/${c.rate ?? ''}`;
}

/**
 * The offer's audio codecs that the answer also has (same name and clock rate; telephone-event
 * and CN ignored), in the offer's order.
 */
export function commonCodecs(offer: SdpSummary, answer: SdpSummary): SdpCodec[] {
  const answerKeys = new Set(audioCodecs(answer).map(codecKey));
  const seen = new Set<string>();
  const out: SdpCodec[] = [];
  for (const c of audioCodecs(offer)) {
    const k = codecKey(c);
    if (answerKeys.has(k) && !seen.has(k)) {
      seen.add(k);
      out.push(c);
    }
  }
  return out;
}

/** Audio codecs (no telephone-event/CN) of active audio streams. */
export function audioCodecsOf(s: SdpSummary): SdpCodec[] {
  return audioCodecs(s);
}

/** Does this SDP put the call on hold: audio sendonly/inactive, or `c=0.0.0.0`? */
export function isHold(summary: SdpSummary): boolean {
  const audio = summary.media.filter((m) => m.type === 'audio' && m.port !== 0);
  if (audio.length === 0) {
    return false;
  }
  return audio.every(
    (m) => m.direction === 'sendonly' || m.direction === 'inactive' || m.connection === '0.0.0.0',
  );
}
