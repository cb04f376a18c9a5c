/**
 * One Direct Routing call per category of design §4, plus look-alikes that are not failures, each
 * with the verdict a voice engineer gives after reading the trace of both legs:
 *
 *   inbound   carrier → SBC → Teams user      outbound  Teams user → SBC → carrier
 *
 * Formats whose logs cannot show the deciding evidence (no session key to prove the SBC answered
 * by itself, no TLS error lines) say so in `byFormat`, with the verdict the evidence then allows.
 */
import { CallBuild, DEFAULT_PARAMS, type CallParams } from './call-build';
import { answer, hangUp, refuse, refuseBySbc, ring, setUp } from './flow-steps';
import type { FormatExpect, Scenario } from './scenario-types';
import { carrierSdp, sbcToCarrierSdp, sbcToTeamsSdp, teamsSdp } from './sdp';
import type { FormatName } from '../../../src/formats/record';

export type ScenarioBuilder = (p: CallParams) => Scenario;

/** formats with no vendor session key: legs are joined by time and number */
export const NO_SESSION_KEY: readonly FormatName[] = ['oracle', 'asterisk', 'freeswitch', 'sip'];

function forFormats(formats: readonly FormatName[], e: FormatExpect): Partial<Record<FormatName, FormatExpect>> {
  const out: Partial<Record<FormatName, FormatExpect>> = {};
  for (const f of formats) {
    out[f] = e;
  }
  return out;
}

const completedInbound: ScenarioBuilder = (p) => {
  const c = new CallBuild(p, 'inbound');
  const t = setUp(c);
  const r = ring(c, t + 700);
  answer(c, r + 5200);
  hangUp(c, r + 95_000, 'teams', c.teamsReason(16, 'CallEndReasonLocalUserInitiated'));
  return c.done({
    name: 'completed-inbound',
    title: 'PSTN caller reaches the Teams user, they talk 90 s, the Teams user hangs up',
    expect: { outcome: 'answered', category: 'completed', owner: 'user', finalStatus: 200 },
  });
};

const completedOutbound: ScenarioBuilder = (p) => {
  const c = new CallBuild(p, 'outbound');
  const t = setUp(c);
  const r = ring(c, t + 1900);
  answer(c, r + 8000);
  hangUp(c, r + 130_000, 'carrier', 'Q.850;cause=16');
  return c.done({
    name: 'completed-outbound',
    title: 'Teams user calls a PSTN number, early media, answered, the far end hangs up after 2 min',
    expect: { outcome: 'answered', category: 'completed', owner: 'user', finalStatus: 200 },
  });
};

const holdResume: ScenarioBuilder = (p) => {
  const c = new CallBuild(p, 'outbound');
  const s = p.seed;
  const t = setUp(c);
  const r = ring(c, t + 1500);
  const a = answer(c, r + 6000);
  // the Teams user puts the call on hold (a=inactive), the SBC relays it as sendonly
  const h = a + 20_000;
  c.in('teams', h, c.teams.request('peer', 'INVITE', { sdp: teamsSdp(`${s}:hold`, { codecs: ['PCMA'], direction: 'inactive' }) }));
  c.out('teams', h + 3, c.teams.response('sbc', 100, 'Trying'));
  c.out('carrier', h + 10, c.carrier.request('sbc', 'INVITE', { sdp: sbcToCarrierSdp(`${s}:hold2`, p.sbc.ip, { codecs: ['PCMA'], direction: 'sendonly' }) }));
  c.in('carrier', h + 80, c.carrier.response('peer', 200, 'OK', { sdp: carrierSdp(`${s}:hold3`, { codecs: ['PCMA'] }).replace('a=sendrecv', 'a=recvonly') }));
  c.out('carrier', h + 83, c.carrier.request('sbc', 'ACK'));
  c.out('teams', h + 88, c.teams.response('sbc', 200, 'OK', { sdp: sbcToTeamsSdp(`${s}:hold4`, p.sbc.ip, { codecs: ['PCMA'], direction: 'inactive' }) }));
  c.in('teams', h + 150, c.teams.request('peer', 'ACK'));
  // resume
  const u = h + 35_000;
  c.in('teams', u, c.teams.request('peer', 'INVITE', { sdp: teamsSdp(`${s}:resume`, { codecs: ['PCMA'] }) }));
  c.out('teams', u + 3, c.teams.response('sbc', 100, 'Trying'));
  c.out('carrier', u + 10, c.carrier.request('sbc', 'INVITE', { sdp: sbcToCarrierSdp(`${s}:resume2`, p.sbc.ip, { codecs: ['PCMA'] }) }));
  c.in('carrier', u + 75, c.carrier.response('peer', 200, 'OK', { sdp: carrierSdp(`${s}:resume3`, { codecs: ['PCMA'] }) }));
  c.out('carrier', u + 78, c.carrier.request('sbc', 'ACK'));
  c.out('teams', u + 84, c.teams.response('sbc', 200, 'OK', { sdp: sbcToTeamsSdp(`${s}:resume4`, p.sbc.ip, { codecs: ['PCMA'] }) }));
  c.in('teams', u + 140, c.teams.request('peer', 'ACK'));
  hangUp(c, u + 60_000, 'teams', c.teamsReason(16, 'CallEndReasonLocalUserInitiated'));
  return c.done({
    name: 'hold-resume',
    title: 'answered outbound call put on hold (a=inactive / sendonly) and resumed: not a failure',
    expect: { outcome: 'answered', category: 'completed', owner: 'user', finalStatus: 200 },
  });
};

const reinviteGlare491: ScenarioBuilder = (p) => {
  const c = new CallBuild(p, 'inbound');
  const s = p.seed;
  const t = setUp(c);
  const r = ring(c, t + 800);
  const a = answer(c, r + 4000);
  // the SBC and Teams send a re-INVITE at the same moment (glare): Teams answers the SBC's with 491
  const g = a + 30_000;
  c.out('teams', g, c.teams.request('sbc', 'INVITE', { sdp: sbcToTeamsSdp(`${s}:re1`, p.sbc.ip, { codecs: ['PCMA'] }) }));
  c.in('teams', g + 2, c.teams.request('peer', 'INVITE', { sdp: teamsSdp(`${s}:re2`, { codecs: ['PCMA'] }) }));
  c.in('teams', g + 60, c.teams.response('peer', 491, 'Request Pending'));
  c.out('teams', g + 63, c.teams.request('sbc', 'ACK'));
  c.out('teams', g + 65, c.teams.response('sbc', 200, 'OK', { sdp: sbcToTeamsSdp(`${s}:re3`, p.sbc.ip, { codecs: ['PCMA'] }) }));
  c.in('teams', g + 130, c.teams.request('peer', 'ACK'));
  hangUp(c, g + 40_000, 'carrier', 'Q.850;cause=16');
  return c.done({
    name: 'reinvite-491',
    title: 'answered inbound call; a re-INVITE glare answered 491 Request Pending; ends normally: not a failure',
    expect: { outcome: 'answered', category: 'completed', owner: 'user', finalStatus: 200 },
  });
};

const callerCancelled: ScenarioBuilder = (p) => {
  const c = new CallBuild(p, 'inbound');
  const t = setUp(c);
  const r = ring(c, t + 700);
  const x = r + 11_000;
  c.in('carrier', x, c.carrier.request('peer', 'CANCEL', { reason: 'Q.850;cause=16' }));
  c.out('carrier', x + 3, c.carrier.response('sbc', 200, 'OK', { method: 'CANCEL' }));
  c.out('teams', x + 6, c.teams.request('sbc', 'CANCEL', { reason: 'Q.850;cause=16' }));
  c.in('teams', x + 70, c.teams.response('peer', 200, 'OK', { method: 'CANCEL' }));
  c.in('teams', x + 72, c.teams.response('peer', 487, 'Request Terminated'));
  c.out('teams', x + 75, c.teams.request('sbc', 'ACK', { ackFailure: true }));
  c.out('carrier', x + 80, c.carrier.response('sbc', 487, 'Request Terminated'));
  c.in('carrier', x + 120, c.carrier.request('peer', 'ACK', { ackFailure: true }));
  return c.done({
    name: 'caller-cancelled',
    title: 'PSTN caller hangs up while the Teams user is ringing (CANCEL, 487)',
    expect: { outcome: 'cancelled', category: 'caller-cancelled', owner: 'user', finalStatus: 487 },
  });
};

const completedElsewhere: ScenarioBuilder = (p) => {
  const c = new CallBuild(p, 'inbound');
  const t = setUp(c);
  const r = ring(c, t + 700);
  const x = r + 6000;
  const reason = 'SIP;cause=200;text="Call completed elsewhere"';
  c.in('carrier', x, c.carrier.request('peer', 'CANCEL', { reason }));
  c.out('carrier', x + 3, c.carrier.response('sbc', 200, 'OK', { method: 'CANCEL' }));
  c.out('teams', x + 6, c.teams.request('sbc', 'CANCEL', { reason }));
  c.in('teams', x + 66, c.teams.response('peer', 200, 'OK', { method: 'CANCEL' }));
  c.in('teams', x + 68, c.teams.response('peer', 487, 'Request Terminated'));
  c.out('teams', x + 71, c.teams.request('sbc', 'ACK', { ackFailure: true }));
  c.out('carrier', x + 76, c.carrier.response('sbc', 487, 'Request Terminated'));
  c.in('carrier', x + 115, c.carrier.request('peer', 'ACK', { ackFailure: true }));
  return c.done({
    name: 'completed-elsewhere',
    title: 'hunt group call answered on another phone: CANCEL with Reason SIP;cause=200 "Call completed elsewhere"',
    expect: { outcome: 'cancelled', category: 'completed-elsewhere', owner: 'user', finalStatus: 487 },
  });
};

const busy: ScenarioBuilder = (p) => {
  const c = new CallBuild(p, 'inbound');
  const t = setUp(c);
  refuse(
    c,
    t + 1300,
    { status: 486, phrase: 'Busy Here', reason: c.teamsReason(34, 'Callee is busy') },
    { status: 486, phrase: 'Busy Here', reason: 'Q.850;cause=17' },
  );
  return c.done({
    name: 'busy',
    title: 'Teams user is in another call (busy on busy): 486 with Q.850 cause 34 from Teams, 17 to the carrier',
    expect: { outcome: 'failed', category: 'busy', owner: 'user', finalStatus: 486 },
  });
};

const noAnswer: ScenarioBuilder = (p) => {
  const c = new CallBuild(p, 'outbound');
  const t = setUp(c);
  const r = ring(c, t + 2100);
  refuse(c, r + 60_000, { status: 480, phrase: 'Temporarily Unavailable', reason: 'Q.850;cause=19' });
  return c.done({
    name: 'no-answer',
    title: 'Teams user calls a mobile that rings for 60 s and is not answered (480, Q.850 cause 19)',
    expect: { outcome: 'failed', category: 'no-answer', owner: 'user', finalStatus: 480 },
  });
};

const declined: ScenarioBuilder = (p) => {
  const c = new CallBuild(p, 'inbound');
  const t = setUp(c);
  const r = ring(c, t + 700);
  refuse(c, r + 4200, { status: 603, phrase: 'Decline', reason: c.teamsReason(21, 'CallEndReasonCallDeclined') }, { status: 603, phrase: 'Decline', reason: 'Q.850;cause=21' });
  return c.done({
    name: 'declined',
    title: 'the Teams user presses Decline while it rings (603, Q.850 cause 21)',
    expect: { outcome: 'failed', category: 'declined', owner: 'user', finalStatus: 603 },
  });
};

const calleeUnavailable: ScenarioBuilder = (p) => {
  const c = new CallBuild(p, 'inbound');
  const t = setUp(c);
  refuse(
    c,
    t + 380,
    { status: 480, phrase: 'Temporarily Unavailable', reason: c.teamsReason(31, 'No callee endpoints were found.') },
    { status: 480, phrase: 'Temporarily Unavailable', reason: 'Q.850;cause=20' },
  );
  return c.done({
    name: 'callee-unavailable',
    title: 'Teams user signed in nowhere: 480 "No callee endpoints were found." without ringing',
    expect: { outcome: 'failed', category: 'callee-unavailable', owner: 'user', finalStatus: 480 },
  });
};

const notFound: ScenarioBuilder = (p) => {
  const c = new CallBuild(p, 'outbound');
  const t = setUp(c);
  refuse(c, t + 420, { status: 404, phrase: 'Not Found', reason: 'Q.850;cause=1' });
  return c.done({
    name: 'not-found',
    title: 'Teams user dials a number that does not exist: the carrier answers 404 (Q.850 cause 1)',
    expect: { outcome: 'failed', category: 'not-found', owner: 'carrier', finalStatus: 404 },
    sip: { owner: 'unknown' },
  });
};

const forbiddenSbc: ScenarioBuilder = (p) => {
  const c = new CallBuild(p, 'outbound');
  c.in('teams', 0, c.teams.request('peer', 'INVITE', { sdp: teamsSdp(`${p.seed}:offer`) }));
  c.out('teams', 3, c.teams.response('sbc', 100, 'Trying'));
  refuseBySbc(c, 9, { status: 403, phrase: 'Forbidden' });
  return c.done({
    name: 'forbidden-sbc',
    title: 'the SBC refuses the Teams call by itself (no route / classification): 403 and no carrier leg',
    expect: { outcome: 'failed', category: 'forbidden', owner: 'sbc', finalStatus: 403 },
    byFormat: forFormats(NO_SESSION_KEY, {
      expect: { owner: 'unknown' },
      why: 'without a session key a carrier leg could exist unjoined, so the log cannot prove the SBC answered by itself',
    }),
  });
};

const forbiddenCarrier: ScenarioBuilder = (p) => {
  const c = new CallBuild(p, 'outbound');
  const t = setUp(c);
  refuse(c, t + 300, { status: 403, phrase: 'Forbidden' });
  return c.done({
    name: 'forbidden-carrier',
    title: 'the carrier refuses the call (destination barred on the trunk): 403 passed on to Teams',
    expect: { outcome: 'failed', category: 'forbidden', owner: 'carrier', finalStatus: 403 },
    sip: { owner: 'unknown' },
  });
};

const forbiddenTeams: ScenarioBuilder = (p) => {
  const c = new CallBuild(p, 'inbound');
  const t = setUp(c);
  refuse(
    c,
    t + 260,
    { status: 403, phrase: 'Forbidden', reason: c.teamsReason(63, 'Current call site state prevents fork to this entity.') },
    { status: 403, phrase: 'Forbidden', reason: 'Q.850;cause=63' },
  );
  return c.done({
    name: 'forbidden-teams',
    title: 'Teams refuses the inbound call by Location-Based Routing policy (403, 10500 phrase in Reason)',
    expect: { outcome: 'failed', category: 'forbidden', owner: 'teams', finalStatus: 403 },
  });
};

const forbidden560403: ScenarioBuilder = (p) => {
  const c = new CallBuild(p, 'inbound');
  const t = setUp(c);
  // the Teams user forwards to a mobile; Teams' forward leg to the SBC was refused by the SBC side,
  // and Teams ends the original call with 403 carrying Microsoft's code for it (rule of 560)
  const diag = 'MS-DIAGNOSTICS: 560403;reason="Forbidden; Call rejected";source="sip-du-a-euwe.pstnhub.microsoft.com"';
  refuse(
    c,
    t + 2600,
    { status: 403, phrase: 'Forbidden', reason: c.teamsReason(21, 'Call rejected'), extra: [diag] },
    { status: 403, phrase: 'Forbidden', reason: 'Q.850;cause=21' },
  );
  return c.done({
    name: 'forbidden-560403',
    title: 'the call is forwarded by Teams to PSTN and the SBC side refuses the forward leg: Teams answers 403 with Microsoft 560403',
    expect: { outcome: 'failed', category: 'forbidden', owner: 'sbc', finalStatus: 403 },
    sip: { owner: 'sbc' },
  });
};

const authFailure: ScenarioBuilder = (p) => {
  const c = new CallBuild(p, 'outbound');
  const s = p.seed;
  const t = setUp(c);
  const realm = 'Digest realm="voice.carrier.example", nonce="a7f3c9e1b2d44f0c", algorithm=MD5, qop="auth"';
  c.in('carrier', t + 40, c.carrier.response('peer', 407, 'Proxy Authentication Required', { extra: [`Proxy-Authenticate: ${realm}`] }));
  c.out('carrier', t + 43, c.carrier.request('sbc', 'ACK', { ackFailure: true }));
  const auth =
    'Proxy-Authorization: Digest username="contoso-trunk1", realm="voice.carrier.example", nonce="a7f3c9e1b2d44f0c", ' +
    `uri="sip:${p.pstn}@203.0.113.10:5060", response="3f1e0c4b9a1d2e7f8c6b5a4d3e2f1a0b", algorithm=MD5, qop=auth, nc=00000001, cnonce="9b8c7d6e"`;
  c.out('carrier', t + 50, c.carrier.request('sbc', 'INVITE', { sdp: sbcToCarrierSdp(`${s}:offer2`, p.sbc.ip), extra: [auth] }));
  c.in('carrier', t + 110, c.carrier.response('peer', 100, 'Trying'));
  refuse(c, t + 160, { status: 403, phrase: 'Forbidden', extra: ['Warning: 399 203.0.113.10 "Authentication failed"'] });
  return c.done({
    name: 'auth-failure',
    title: 'the carrier challenges (407), the SBC answers with its trunk credentials, the carrier refuses them (403)',
    expect: { outcome: 'failed', category: 'auth-failure', owner: 'sbc', finalStatus: 403 },
    // the Teams leg alone shows only the 403 the SBC passed on
    sip: { category: 'forbidden', owner: 'unknown' },
  });
};

const codecMismatch: ScenarioBuilder = (p) => {
  const c = new CallBuild(p, 'outbound');
  const t = setUp(c, { calleeOffer: sbcToCarrierSdp(`${p.seed}:offer2`, p.sbc.ip, { codecs: ['G722'] }) });
  refuse(c, t + 90, { status: 488, phrase: 'Not Acceptable Here', extra: ['Warning: 304 203.0.113.10 "Media type not available"'] });
  return c.done({
    name: 'codec-mismatch',
    title: 'the SBC offers the carrier only G.722 (coder group misconfigured); the carrier answers 488',
    expect: { outcome: 'failed', category: 'codec-mismatch', owner: 'sbc', finalStatus: 488 },
  });
};

const noResponse: ScenarioBuilder = (p) => {
  const c = new CallBuild(p, 'outbound');
  setUp(c, { calleeTrying: false });
  // UDP INVITE to the carrier retransmitted at T1 doubling; nothing comes back
  for (const at of [535, 1535, 3535, 7535]) {
    c.out('carrier', at, c.carrier.request('sbc', 'INVITE', { retransmit: true }));
  }
  refuseBySbc(c, 8040, { status: 408, phrase: 'Request Timeout' });
  return c.done({
    name: 'no-response',
    title: 'the carrier never answers the SBC\'s INVITE (5 copies over 8 s); the SBC answers Teams 408',
    expect: { outcome: 'failed', category: 'no-response', owner: 'carrier', finalStatus: 408 },
    sip: { owner: 'unknown' },
  });
};

const trunkUnavailable: ScenarioBuilder = (p) => {
  const c = new CallBuild(p, 'outbound');
  const t = setUp(c);
  refuse(c, t + 60, { status: 503, phrase: 'Service Unavailable', reason: 'Q.850;cause=34', extra: ['Retry-After: 120'] });
  return c.done({
    name: 'trunk-unavailable',
    title: 'the carrier trunk is out of channels: 503 with Retry-After and Q.850 cause 34',
    expect: { outcome: 'failed', category: 'trunk-unavailable', owner: 'carrier', finalStatus: 503 },
    sip: { owner: 'unknown' },
  });
};

const serverError: ScenarioBuilder = (p) => {
  const c = new CallBuild(p, 'outbound');
  const t = setUp(c);
  refuse(c, t + 210, { status: 500, phrase: 'Server Internal Error' });
  return c.done({
    name: 'server-error',
    title: 'the carrier fails internally: 500 Server Internal Error passed on to Teams',
    expect: { outcome: 'failed', category: 'server-error', owner: 'carrier', finalStatus: 500 },
    sip: { owner: 'unknown' },
  });
};

const tlsFailure: ScenarioBuilder = (p) => {
  const c = new CallBuild(p, 'inbound');
  const s = p.seed;
  c.in('carrier', 0, c.carrier.request('peer', 'INVITE', { sdp: carrierSdp(`${s}:offer`) }));
  c.out('carrier', 4, c.carrier.response('sbc', 100, 'Trying'));
  c.note({ atMs: 40, leg: 'teams', remote: `${p.proxy.ip}:5061`, text: `TLS handshake with ${p.proxy.ip}:5061 failed: certificate verify failed (certificate has expired), closing connection` });
  c.note({ atMs: 260, leg: 'teams', remote: '52.114.7.24:5061', text: 'TLS handshake with 52.114.7.24:5061 failed: certificate verify failed (certificate has expired), closing connection' });
  refuseBySbc(c, 480, { status: 503, phrase: 'Service Unavailable' });
  const noTls: FormatExpect = {
    expect: { category: 'trunk-unavailable', owner: 'sbc' },
    why: "this vendor's SIP trace carries no TLS error line: only the SBC's own 503 to the carrier is visible",
  };
  const noTlsNoKey: FormatExpect = {
    expect: { category: 'trunk-unavailable', owner: 'unknown' },
    why: "no TLS error line in this format, and without a session key the log cannot prove the SBC answered by itself",
  };
  return c.done({
    name: 'tls-failure',
    title: "inbound call; the SBC's TLS connection to the Teams proxies fails (expired certificate); 503 to the carrier",
    expect: { outcome: 'failed', category: 'tls-failure', owner: 'sbc', finalStatus: 503, direction: 'unknown' },
    byFormat: { ribbon: noTls, cisco: noTls, ...forFormats(NO_SESSION_KEY, noTlsNoKey) },
  });
};

const ackTimeout: ScenarioBuilder = (p) => {
  const c = new CallBuild(p, 'inbound');
  const t = setUp(c);
  const r = ring(c, t + 700);
  const a = r + 3800;
  answer(c, a, { ackCallee: false });
  // Teams retransmits its 200 OK; the SBC never sends the ACK
  for (const d of [500, 1500, 3500]) {
    c.in('teams', a + d, c.teams.response('peer', 200, 'OK', { sdp: teamsSdp(`${p.seed}:answer`, { codecs: ['PCMA'] }) }));
  }
  hangUp(c, a + 4100, 'teams', c.teamsReason(102, 'ACK not received for call acceptance in allotted time'), 'Q.850;cause=102');
  return c.done({
    name: 'ack-timeout',
    title: "the Teams user answers but the SBC never ACKs Teams' 200 OK; Teams drops the call after 4 s",
    expect: { outcome: 'answered', category: 'ack-timeout', owner: 'sbc', finalStatus: 200 },
    sip: { owner: 'unknown' },
  });
};

const mediaFailure: ScenarioBuilder = (p) => {
  const c = new CallBuild(p, 'outbound');
  const t = setUp(c);
  const r = ring(c, t + 1600);
  const a = answer(c, r + 7000);
  hangUp(c, a + 14_000, 'teams', c.teamsReason(41, 'MediaConnectivityFailure'), 'Q.850;cause=41');
  return c.done({
    name: 'media-failure',
    title: 'answered, but no media flows between Teams and the SBC; Teams drops the call after 14 s (MediaConnectivityFailure)',
    expect: { outcome: 'answered', category: 'media-failure', owner: 'network', finalStatus: 200 },
  });
};

const natPrivateAddress: ScenarioBuilder = (p) => {
  const c = new CallBuild(p, 'inbound');
  const t = setUp(c, { calleeOffer: sbcToTeamsSdp(`${p.seed}:offer2`, '10.20.30.40') });
  const r = ring(c, t + 700);
  const a = answer(c, r + 5000);
  hangUp(c, a + 12_000, 'teams', c.teamsReason(41, 'IceConnectivityChecksFailed'), 'Q.850;cause=41');
  return c.done({
    name: 'nat-private-address',
    title: 'the SBC offers Teams its private media address 10.20.30.40 (wrong media realm); the call drops after 12 s',
    expect: { outcome: 'answered', category: 'nat-private-address', owner: 'sbc', finalStatus: 200 },
  });
};

const inProgress: ScenarioBuilder = (p) => {
  const c = new CallBuild(p, 'inbound');
  const t = setUp(c);
  const r = ring(c, t + 700);
  answer(c, r + 3000);
  return c.done({
    name: 'in-progress',
    title: 'answered call still up when the log ends (no BYE yet)',
    expect: { outcome: 'answered', category: 'in-progress', owner: 'unknown', finalStatus: 200 },
  });
};

const unknownBadExtension: ScenarioBuilder = (p) => {
  const c = new CallBuild(p, 'inbound');
  const t = setUp(c, { calleeExtra: ['Require: 100rel'] });
  refuse(
    c,
    t + 30,
    { status: 420, phrase: 'Bad Extension', extra: ['UNSUPPORTED: 100rel'] },
    { status: 500, phrase: 'Server Internal Error', reason: 'Q.850;cause=127' },
  );
  return c.done({
    name: 'unknown-bad-extension',
    title: 'the SBC requires 100rel toward Teams; Teams refuses the INVITE with 420 Bad Extension (no §4 category fits)',
    expect: { outcome: 'failed', category: 'unknown', owner: 'sbc', finalStatus: 420 },
    sip: { owner: 'unknown' },
  });
};

const unknownMidCall: ScenarioBuilder = (p) => {
  const c = new CallBuild(p, 'inbound');
  c.cdrConnectAtMs = -61_000;
  // the log starts after the call was set up: only the hang-up is in it
  c.teams.request('sbc', 'INVITE');
  c.teams.response('peer', 200, 'OK', { sdp: teamsSdp(`${p.seed}:hidden`) });
  c.carrier.request('peer', 'INVITE');
  c.carrier.response('sbc', 200, 'OK');
  hangUp(c, 0, 'teams', c.teamsReason(16, 'CallEndReasonLocalUserInitiated'));
  return c.done({
    name: 'unknown',
    title: 'the log starts in the middle of a call: only its BYE on both legs is in it',
    expect: { outcome: 'failed', category: 'unknown', owner: 'unknown', finalStatus: null, direction: 'unknown' },
    byFormat: {
      audiocodes: {
        expect: { outcome: 'answered', category: 'completed', owner: 'user' },
        why: "the SBC's CALL_END rows (same SID) say the call was connected and cleared normally by BYE",
      },
      ...forFormats(['oracle', 'asterisk', 'freeswitch'], {
        expect: {},
        separateLegs: true,
        why: 'without an INVITE the legs cannot be joined by time and number',
      }),
    },
  });
};

const notFoundTeams: ScenarioBuilder = (p) => {
  const c = new CallBuild(p, 'inbound');
  const t = setUp(c);
  refuse(
    c,
    t + 310,
    { status: 404, phrase: 'Not Found', reason: c.teamsReason(1, 'Getting user info by number from RuntimeAPI failed') },
    { status: 404, phrase: 'Not Found', reason: 'Q.850;cause=1' },
  );
  return c.done({
    name: 'not-found-teams',
    title: 'the called number is assigned to no Teams user: Teams answers 404 (reverse number lookup failed)',
    expect: { outcome: 'failed', category: 'not-found', owner: 'teams', finalStatus: 404 },
    sip: { owner: 'unknown' },
  });
};

const srtpRequired: ScenarioBuilder = (p) => {
  const c = new CallBuild(p, 'inbound');
  const t = setUp(c, { calleeOffer: sbcToTeamsSdp(`${p.seed}:offer2`, p.sbc.ip, { plainRtp: true }) });
  refuse(
    c,
    t + 120,
    { status: 488, phrase: 'Not Acceptable Here', reason: c.teamsReason(79, 'SrtpEncryptionRequired') },
    { status: 488, phrase: 'Not Acceptable Here', reason: 'Q.850;cause=79' },
  );
  return c.done({
    name: 'codec-srtp-required',
    title: 'the SBC offers Teams plain RTP (no SRTP, media profile missing); Teams refuses with 488 SrtpEncryptionRequired',
    expect: { outcome: 'failed', category: 'codec-mismatch', owner: 'sbc', finalStatus: 488 },
  });
};

const sessionTimerDrop: ScenarioBuilder = (p) => {
  const c = new CallBuild(p, 'inbound');
  const t = setUp(c);
  const r = ring(c, t + 700);
  const a = answer(c, r + 3500);
  // Teams' 200 OK made the SBC the refresher (Session-Expires: 1800;refresher=uac); no refresh came
  hangUp(c, a + 1_800_000, 'teams', c.teamsReason(102, 'Session timer expired'), 'Q.850;cause=102');
  return c.done({
    name: 'session-timer-drop',
    title: 'the SBC, refresher of the session timer, never refreshes: Teams ends the call at Session-Expires (30 min)',
    expect: { outcome: 'answered', category: 'no-response', owner: 'sbc', finalStatus: 200 },
    sip: { owner: 'unknown' },
  });
};

/** every scenario of the matrix, in the order of design §4 */
export const SCENARIOS: readonly ScenarioBuilder[] = [
  completedInbound,
  completedOutbound,
  callerCancelled,
  completedElsewhere,
  busy,
  noAnswer,
  declined,
  calleeUnavailable,
  notFound,
  notFoundTeams,
  forbiddenSbc,
  forbiddenCarrier,
  forbiddenTeams,
  forbidden560403,
  authFailure,
  codecMismatch,
  srtpRequired,
  noResponse,
  sessionTimerDrop,
  trunkUnavailable,
  tlsFailure,
  ackTimeout,
  mediaFailure,
  natPrivateAddress,
  serverError,
  inProgress,
  unknownBadExtension,
  unknownMidCall,
  holdResume,
  reinviteGlare491,
];

export const SCENARIO_BY_NAME: ReadonlyMap<string, ScenarioBuilder> = new Map(SCENARIOS.map((b) => [b(DEFAULT_PARAMS).name, b]));

export function buildScenario(name: string, p: CallParams = DEFAULT_PARAMS): Scenario {
  const b = SCENARIO_BY_NAME.get(name);
  if (!b) {
    throw new Error(`no scenario ${name}`);
  }
  return b(p);
}
