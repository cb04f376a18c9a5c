/**
 * Words for explaining SDP: fields (RFC 8866 §5), attributes and codecs, each with its source.
 * Unknown attributes are reported as unknown by the caller, never guessed.
 */

export interface Term {
  meaning: string;
  source: string;
}

const RFC = (n: number, s?: string): string => `https://www.rfc-editor.org/rfc/rfc${n}${s ? `#section-${s}` : ''}`;

export const SDP_FIELDS: Readonly<Record<string, Term>> = {
  v: { meaning: 'Protocol version (always 0).', source: RFC(8866, '5.1') },
  o: { meaning: 'Origin: who created this description (user, session id, version, address).', source: RFC(8866, '5.2') },
  s: { meaning: 'Session name.', source: RFC(8866, '5.3') },
  i: { meaning: 'Session or media title.', source: RFC(8866, '5.4') },
  u: { meaning: 'A URI with more information.', source: RFC(8866, '5.5') },
  e: { meaning: 'Contact e-mail address.', source: RFC(8866, '5.6') },
  p: { meaning: 'Contact phone number.', source: RFC(8866, '5.6') },
  c: { meaning: 'Connection: the address where the sender wants to receive media.', source: RFC(8866, '5.7') },
  b: { meaning: 'Bandwidth the sender proposes (CT = conference total, AS = application specific, in kbit/s).', source: RFC(8866, '5.8') },
  t: { meaning: 'Timing: when the session is active (0 0 = unbounded, the usual for calls).', source: RFC(8866, '5.9') },
  r: { meaning: 'Repeat times.', source: RFC(8866, '5.10') },
  z: { meaning: 'Time zone adjustments.', source: RFC(8866, '5.11') },
  k: { meaning: 'Encryption key (obsolete).', source: RFC(8866, '5.12') },
  m: { meaning: 'Media description: media type, the port to send it to, the transport protocol and the payload types offered.', source: RFC(8866, '5.14') },
  a: { meaning: 'Attribute.', source: RFC(8866, '5.13') },
};

export const SDP_ATTRIBUTES: Readonly<Record<string, Term>> = {
  rtpmap: { meaning: 'Maps a payload type number to a codec name and clock rate.', source: RFC(8866, '6.6') },
  fmtp: { meaning: 'Format parameters of a payload type.', source: RFC(8866, '6.15') },
  ptime: { meaning: 'Packet time: milliseconds of audio per RTP packet.', source: RFC(8866, '6.4') },
  maxptime: { meaning: 'The longest packet time the sender accepts (ms).', source: RFC(8866, '6.5') },
  sendrecv: { meaning: 'Media flows both ways (the default).', source: RFC(8866, '6.7.1') },
  sendonly: { meaning: 'The sender will only send media (usually: it puts the call on hold).', source: RFC(8866, '6.7.2') },
  recvonly: { meaning: 'The sender will only receive media (usually: the answer to a hold).', source: RFC(8866, '6.7.3') },
  inactive: { meaning: 'No media either way (hold; the only hold form Teams understands).', source: RFC(8866, '6.7.4') },
  crypto: { meaning: 'An SRTP key offered in the SDP (SDES): tag, crypto suite and key.', source: RFC(4568, '9.1') },
  candidate: { meaning: 'An ICE candidate: an address and port where the sender can receive media.', source: RFC(8839, '5.1') },
  'ice-ufrag': { meaning: 'ICE user name fragment, for the connectivity checks.', source: RFC(8839, '5.4') },
  'ice-pwd': { meaning: 'ICE password, for the connectivity checks.', source: RFC(8839, '5.4') },
  'ice-lite': { meaning: 'The sender runs ICE-Lite: it answers checks but does not send them (Teams media bypass needs it on the SBC).', source: RFC(8839, '5.3') },
  'ice-options': { meaning: 'ICE options the sender supports.', source: RFC(8839, '5.6') },
  'end-of-candidates': { meaning: 'No more ICE candidates will follow.', source: RFC(8840) },
  'remote-candidates': { meaning: 'The candidates the sender chose from the other side (ICE).', source: RFC(8839, '5.2') },
  rtcp: { meaning: 'The port (and address) for RTCP, when not RTP port + 1.', source: RFC(3605) },
  'rtcp-mux': { meaning: 'RTP and RTCP share one port.', source: RFC(5761, '5.1.1') },
  'rtcp-fb': { meaning: 'RTCP feedback messages the sender supports.', source: RFC(4585, '4.2') },
  setup: { meaning: 'Which side opens the DTLS/TCP connection (active, passive, actpass).', source: RFC(4145, '4') },
  fingerprint: { meaning: 'Hash of the DTLS certificate (DTLS-SRTP).', source: RFC(8122, '5') },
  mid: { meaning: 'Media stream identifier (for bundling).', source: RFC(5888, '4') },
  group: { meaning: 'Groups media streams (e.g. BUNDLE).', source: RFC(5888, '5') },
  label: { meaning: 'A label for the media stream.', source: RFC(4574) },
  silencesupp: { meaning: 'Silence suppression settings.', source: RFC(3108) },
};

export const CODECS: Readonly<Record<string, string>> = {
  pcmu: 'G.711 µ-law, 64 kbit/s narrowband',
  pcma: 'G.711 A-law, 64 kbit/s narrowband',
  g722: 'G.722 wideband, 64 kbit/s (clock written as 8000 by convention)',
  g729: 'G.729, 8 kbit/s narrowband',
  silk: 'SILK, Microsoft\'s (Skype) adaptive codec',
  opus: 'Opus, adaptive narrow- to full-band',
  siren: 'Siren (G.722.1 family), wideband',
  g723: 'G.723.1, 5.3/6.3 kbit/s',
  gsm: 'GSM full rate, 13 kbit/s',
  'telephone-event': 'DTMF digits sent as RTP events (RFC 4733)',
  cn: 'Comfort noise (RFC 3389)',
  red: 'Redundant audio data (RFC 2198)',
  'amr-wb': 'AMR wideband (mobile)',
  amr: 'AMR narrowband (mobile)',
  ilbc: 'iLBC, 13.3/15.2 kbit/s',
};

/**
 * Audio codecs Teams accepts from an SBC: SILK, G.711, G.722, G.729 (Microsoft "Plan Direct
 * Routing", ms-direct-routing.md §3.2), and Opus, which the brief lists as well.
 */
export const TEAMS_CODECS: ReadonlySet<string> = new Set(['silk', 'pcmu', 'pcma', 'g722', 'g729', 'opus']);

/** The SRTP suite Teams requires (SDES): ms-direct-routing.md §3.2. */
export const TEAMS_CRYPTO_SUITE = 'AES_CM_128_HMAC_SHA1_80';
