/**
 * What a Microsoft response code means for the verdict (ms-direct-routing.md §1.2–1.3):
 *
 *   560xxx   the SBC (or the PSTN behind it) produced the final response; last 3 digits = SIP code
 *   540xxx   Microsoft refused what the SBC sent (bad request, extension, session timer), 540998 =
 *            Microsoft endpoint draining, 540200 = call completed elsewhere
 *   569xxx   Microsoft could not connect / do TLS to the SBC (certificate, DNS, refused)
 *   549xxx   TLS transport to the SBC not connected, or malformed start line
 *   531xxx   media: SDP, codecs, SRTP, ICE, media connectivity
 *   510xxx   Teams routing / policy / trunk configuration;  511xxx number lookup
 *   10xxx    Teams call controller, policy, bots, recording;  1106 ACK timeout; 500001 failover timer
 *
 * `owner: 'sbc-side'` = the SBC or what is behind it: the caller looks at the carrier leg to decide.
 */
import type { Category, Owner } from './verdict';
import { msCodeEntryFor } from './catalogue';

export interface MsCodeMeaning {
  /** null: keep the category of the SIP status */
  category: Category | null;
  owner: Owner | 'sbc-side';
  /** a short plain explanation */
  note: string;
  /** Microsoft's advice for the code, from the catalogue, when documented */
  action?: string;
}

const SPECIFIC: Record<string, MsCodeMeaning> = {
  '1106': { category: 'ack-timeout', owner: 'sbc', note: "Microsoft never got the ACK for its 200 OK" },
  '500001': { category: 'no-response', owner: 'sbc-side', note: 'the SBC did not answer the INVITE before Microsoft\'s failover timer (10 s) expired' },
  '10037': { category: 'callee-unavailable', owner: 'user', note: 'the Teams user is not signed in on any device' },
  '10140': { category: 'callee-unavailable', owner: 'teams', note: 'the call went to a bot that is not provisioned correctly' },
  '10191': { category: 'callee-unavailable', owner: 'teams', note: 'routing to voicemail is disabled in the calling policy' },
  '10199': { category: 'forbidden', owner: 'teams', note: 'private calling is disabled for the callee in the calling policy' },
  '10202': { category: 'not-found', owner: 'sbc', note: 'the SBC retried a replacement call that no longer exists' },
  '10320': { category: 'trunk-unavailable', owner: 'teams', note: 'the bot did not answer in time' },
  '10321': { category: 'busy', owner: 'user', note: 'the bot was busy' },
  '10500': { category: 'forbidden', owner: 'teams', note: 'Location-Based Routing prevents the call at this site' },
  '10553': { category: 'forbidden', owner: 'teams', note: 'the required compliance-recording bot could not be invited' },
  '510412': { category: 'not-found', owner: 'sbc', note: 'the called number is malformed (Teams cannot build the callee MRI)' },
  '510482': { category: 'server-error', owner: 'teams', note: 'Teams detected a call-forwarding loop' },
  '510532': { category: 'forbidden', owner: 'teams', note: "Teams found no trunk configuration for the SBC's FQDN (gateway not paired to the tenant, or the Contact FQDN is not the tenant's)" },
  '510534': { category: 'forbidden', owner: 'teams', note: "the calling number is blocked by the tenant's inbound call-blocking rules" },
  '510544': { category: 'forbidden', owner: 'teams', note: 'no outbound trunk configuration or emergency routing for this user' },
  '510546': { category: 'forbidden', owner: 'teams', note: 'Location-Based Routing / toll-bypass restriction found no trunk' },
  '510559': { category: 'forbidden', owner: 'teams', note: 'no voice route matches the dialled number' },
  '510560': { category: 'forbidden', owner: 'teams', note: 'the user is not Enterprise Voice enabled' },
  '510562': { category: 'forbidden', owner: 'teams', note: 'the user is not allowed to make PSTN calls' },
  '510563': { category: 'forbidden', owner: 'teams', note: 'the user may only make domestic calls' },
  '531000': { category: 'codec-mismatch', owner: 'sbc', note: "Microsoft could not accept the SBC's SDP (no common codec, SRTP required, or unparseable SDP)" },
  '531004': { category: 'media-failure', owner: 'network', note: 'ICE connectivity checks failed: no media path' },
  '531005': { category: 'media-failure', owner: 'network', note: 'the media path broke' },
  '531027': { category: 'codec-mismatch', owner: 'sbc', note: 'the SDP has no ICE candidates but the trunk uses media bypass (ICE-Lite needed)' },
  '531052': { category: 'codec-mismatch', owner: 'sbc', note: 'the SBC sent c=0.0.0.0 (blackhole media), which Teams does not support; use a=inactive' },
  '540200': { category: 'completed-elsewhere', owner: 'user', note: 'the call was answered elsewhere' },
  '540998': { category: 'trunk-unavailable', owner: 'teams', note: 'the Microsoft SIP endpoint is draining (maintenance); the SBC should re-resolve DNS' },
  '549018': { category: 'unknown', owner: 'sbc', note: "Microsoft could not read the SBC's SIP start line (Invalid Request/Response line)" },
  '569015': { category: 'tls-failure', owner: 'sbc', note: "the SBC's FQDN does not resolve in DNS" },
  '569016': { category: 'tls-failure', owner: 'sbc', note: "the SBC's FQDN has no A/AAAA record" },
  '569018': { category: 'unknown', owner: 'sbc', note: "Microsoft could not read the SBC's SIP start line (Invalid Request/Response line)" },
};

const CERT_WORDS = ['certificate', 'cert_', 'sec_e', 'principal name', 'tls negotiation', 'negotiation failed', 'untrusted', 'expired', 'decryption'];
const PATH_WORDS = ['refused', 'did not properly respond', 'connection attempt failed', 'not connected'];

/** The meaning of a Microsoft code, with its phrase to tell variants apart; null for unknown codes. */
function meaningByRules(code: string, phrase: string | null, status: number | undefined): MsCodeMeaning | null {
  const p = (phrase ?? '').toLowerCase();
  if (p.includes('invalid request/response line')) {
    return { category: 'unknown', owner: 'sbc', note: "Microsoft could not read the SBC's SIP start line (Invalid Request/Response line)" };
  }
  const hit = SPECIFIC[code];
  if (hit) {
    return hit;
  }
  if (code.length !== 6) {
    return null;
  }
  const prefix = code.slice(0, 3);
  if (prefix === '560') {
    return { category: null, owner: 'sbc-side', note: `the SBC (or the network behind it) answered ${code.slice(3)}` };
  }
  if (prefix === '540') {
    return { category: null, owner: 'sbc', note: 'Microsoft refused what the SBC sent' };
  }
  if (prefix === '569' || prefix === '549') {
    if (PATH_WORDS.some((w) => p.includes(w)) || code === '549002') {
      return { category: 'tls-failure', owner: 'network', note: 'Microsoft could not reach the SBC over TLS (connection refused, timed out or not connected)' };
    }
    if (CERT_WORDS.some((w) => p.includes(w)) || prefix === '569') {
      return { category: 'tls-failure', owner: 'sbc', note: "the TLS connection from Microsoft to the SBC failed (certificate or TLS set-up on the SBC)" };
    }
    return { category: 'tls-failure', owner: 'network', note: 'Microsoft could not deliver the request over TLS to the SBC' };
  }
  const documented = msCodeEntryFor(code, status, phrase ?? undefined);
  if (documented && documented.owner !== 'unknown') {
    return { category: documented.category, owner: documented.owner, note: documented.meaning.replace(/\.$/, '') };
  }
  if (prefix === '531') {
    return { category: 'media-failure', owner: 'network', note: 'Microsoft reports a media problem' };
  }
  if (prefix === '510') {
    return { category: 'forbidden', owner: 'teams', note: 'Teams routing or policy refused the call' };
  }
  if (prefix === '511') {
    return { category: 'not-found', owner: 'teams', note: 'Teams could not find the user for the number' };
  }
  return null;
}

/**
 * The meaning of a Microsoft code, with its phrase to tell variants apart and the SIP status it
 * came with; null for codes neither the rules nor the catalogue know.
 */
export function msCodeMeaning(code: string, phrase: string | null, status?: number): MsCodeMeaning | null {
  const m = meaningByRules(code, phrase, status);
  if (!m) {
    return null;
  }
  const entry = msCodeEntryFor(code, status, phrase ?? undefined);
  return entry ? { ...m, action: entry.action } : m;
}


/** Microsoft phrases that name their code even when Teams sends only the phrase in Reason text. */
const PHRASES: readonly (readonly [string, string])[] = [
  ['no callee endpoints were found', '10037'],
  ['call completed elsewhere', '540200'],
  ['current call site state prevents fork', '10500'],
  ['private calling disabled', '10199'],
  ['ack not received for call acceptance', '1106'],
  ['gateway (sbc) failover timer expired', '500001'],
  ['no trunk config was found', '510532'],
  ['runtimeapi trunk config not found', '510532'],
  ['blocked calling number', '510534'],
  ['no viable path', '510559'],
  ['not enterprise voice enabled', '510560'],
  ['not allowed to make outbound pstn calls', '510562'],
  ['iceconnectivitychecksfailed', '531004'],
  ['mediaconnectivityfailure', '531005'],
  ['cannotsupportanymedia', '531000'],
  ['srtpencryptionrequired', '531000'],
  ['sdpparsingfailure', '531000'],
  ['tlstransport is not connected', '549002'],
];

/** The Microsoft code a Teams phrase stands for, null when the phrase is not known. */
export function msCodeFromPhrase(phrase: string | null): string | null {
  if (!phrase) {
    return null;
  }
  const p = phrase.toLowerCase();
  for (const [needle, code] of PHRASES) {
    if (p.includes(needle)) {
      return code;
    }
  }
  return null;
}
