/**
 * The final failure response to the initial INVITE, read through the B2BUA (see origin.ts):
 * category from the status, the Q.850 cause and Microsoft's code; owner from who generated it.
 *
 *   Teams → SBC 486, Reason Q.850;cause=34            busy, user
 *   carrier → SBC 403, SBC → Teams 403                forbidden, carrier (passed through)
 *   SBC → Teams 403, no carrier leg, session key      forbidden, sbc (refused by itself)
 *   Teams → SBC 403, Reason text "…;No viable path"   forbidden, teams (510559)
 *   SBC → Teams 500, the other leg not in the log     server-error, unknown (origin unseen)
 */
import type { CallFacts, MsgRef } from '../facts';
import type { Category, Owner } from '../verdict';
import type { Finding, EvidenceItem } from './rule';
import { ev, text } from './rule';
import { locateFailure } from '../origin';
import { infoOf } from '../message-info';
import { classifyFailure, REQUEST_FAULT } from '../classify';
import { msCodeFromPhrase, msCodeMeaning } from '../ms-code-rules';
import { actorName, calleeName, codeText, nextCheckFor, ownerOf } from '../wording';
import { gapNote } from './gaps';
import { clock } from '../evidence';

const USER_CATEGORIES: ReadonlySet<Category> = new Set(['busy', 'no-answer', 'declined']);

function summaryFor(category: Category, who: string, callee: string, code: string, status: number): string {
  switch (category) {
    case 'busy':
      return `The ${callee} was busy (${code}).`;
    case 'no-answer':
      return `The ${callee} did not answer (${code}).`;
    case 'declined':
      return `The ${callee} declined the call (${code}).`;
    case 'callee-unavailable':
      return `The ${callee} could not be reached (${code}).`;
    case 'not-found':
      return `${who} said the called number does not exist or is not reachable as dialled (${code}).`;
    case 'forbidden':
      return `${who} refused the call (${code}).`;
    case 'auth-failure':
      return `${who} asked for credentials and the call was not authenticated (${code}).`;
    case 'codec-mismatch':
      return `${who} found no acceptable media in the offer (${code}).`;
    case 'no-response':
      return `${who} timed out waiting for an answer (${code}).`;
    case 'trunk-unavailable':
      return `${who} reported the trunk or service unavailable (${code}).`;
    case 'server-error':
      return `${who} failed with a server error (${code}).`;
    case 'tls-failure':
      return `${who} could not deliver the call over TLS (${code}).`;
    case 'media-failure':
      return `${who} could not set up the media (${code}).`;
    default:
      return REQUEST_FAULT.has(status) ? `${who} rejected the request as wrong or unsupported (${code}).` : `${who} rejected the call (${code}).`;
  }
}

/** Owner of a refused request: whoever sent the INVITE the peer refused. */
function requestSenderOwner(f: CallFacts, deciding: MsgRef): Owner {
  const leg = f.legs[deciding.leg];
  const inv = leg.lastInvite;
  if (!inv || inv.sender === null) {
    return 'unknown';
  }
  return inv.sender === 'sbc' ? 'sbc' : ownerOf(leg.peer);
}

export function finalResponseRule(f: CallFacts): Finding | null {
  if (f.answered) {
    return null;
  }
  const o = locateFailure(f);
  if (o.kind === 'silent-callee') {
    return null;
  }
  const deciding = o.source ?? o.shown;
  const status = deciding?.m.sip.status;
  if (!deciding || status === undefined || status < 300) {
    return null;
  }
  if (status === 487) {
    // a CANCEL would have been decided by cancel.ts: here none is in the log
    const gap = gapNote(f);
    return {
      outcome: 'cancelled',
      category: 'unknown',
      owner: 'unknown',
      summary: `The INVITE was ended with 487 Request Terminated, but no CANCEL is in the log, so who cancelled it and why is not visible.`,
      nextCheck: 'look for the CANCEL (or the caller side of this call) in the SBC log around this time',
      evidence: [...ev(deciding), ...(gap ? [text(gap)] : [])],
      deciding,
    };
  }
  const info = infoOf(deciding.m);
  const shownInfo = o.shown ? infoOf(o.shown.m) : null;
  const phrase = info.msPhrase ?? shownInfo?.msPhrase ?? null;
  const msCode = info.msCode ?? shownInfo?.msCode ?? msCodeFromPhrase(phrase);
  const ms = msCode === null ? null : msCodeMeaning(msCode, phrase, status);
  const ringing = f.legs[deciding.leg].ringing || (f.caller?.ringing ?? false);
  const cls = classifyFailure(status, info.q850?.cause ?? null, ringing);
  const category: Category = ms?.category ?? cls.category;

  let owner: Owner;
  const notes: EvidenceItem[] = [];
  // a state of the callee (busy, not answering, declined, absent): nothing is broken
  if (USER_CATEGORIES.has(category) || ms?.owner === 'user' || (cls.userState && category === cls.category)) {
    owner = 'user';
  } else if (msCode === '511404') {
    // Teams found no user for the number: in E.164 (+…) the number is not assigned in Teams,
    // otherwise the SBC sent it in the wrong format
    const uriUser = f.legs[deciding.leg].lastInvite?.m.sip.requestUri?.match(/^(?:sips?|tel):([^@;]+)/i)?.[1] ?? '';
    owner = uriUser.startsWith('+') ? 'teams' : 'sbc';
  } else if (ms && ms.owner !== 'sbc-side') {
    owner = ms.owner;
  } else if (ms && ms.owner === 'sbc-side') {
    owner = o.kind === 'passed-through' && o.who === 'carrier' ? 'carrier' : 'sbc';
  } else if (REQUEST_FAULT.has(status)) {
    owner = requestSenderOwner(f, deciding);
  } else {
    owner = ownerOf(o.who);
  }

  // absence-based conclusions do not stand when records of the call were lost
  const gap = gapNote(f);
  if (o.kind === 'sbc-generated' && gap && owner === 'sbc') {
    owner = 'unknown';
  }

  const who = actorName(o.who);
  const code = codeText(deciding, msCode);
  // Teams relaying an answer its code attributes to the SBC side (rule of 560): e.g. the refusal of
  // a leg Teams itself placed through the SBC for a forward, transfer or simultaneous ring
  const relayed560 = ms?.owner === 'sbc-side' && o.who === 'teams';
  let summary = relayed560
    ? `Teams passed on a refusal (${code}) that Microsoft's rule of 560 puts on the SBC side: the SBC, or the carrier behind it, produced it, typically on another leg Teams placed through the SBC (forward, transfer, simultaneous ring).`
    : summaryFor(category, who, calleeName(o.who), code, status);
  if (ms && !relayed560) {
    summary += ` Microsoft: ${ms.note}.`;
  }
  if (o.kind === 'passed-through' && o.shown && o.shown.m.sip.status !== status) {
    summary += ` The SBC passed it on as ${o.shown.m.sip.status}.`;
  } else if (o.kind === 'passed-through') {
    summary += ' The SBC passed it on.';
  } else if (o.kind === 'sbc-generated' && o.why) {
    summary += ' The SBC answered by itself although the other side had answered the call.';
  } else if (o.kind === 'sbc-generated') {
    summary += gap
      ? ' The SBC answered without a leg toward the other side, but records are missing, so it may have tried one.'
      : ' The SBC answered by itself: it never sent the call to the other side.';
  } else if (o.kind === 'unseen' && owner === 'unknown') {
    summary += ` Who generated it is not visible: ${o.why}.`;
  }
  if (gap) {
    notes.push(text(gap));
  }
  if (o.kind === 'unseen' && o.why && owner === 'unknown') {
    notes.push(text(`origin not visible: ${o.why}`));
  }

  // Teams maps busy to Q.850 34 (NICC ND1017); carriers that read 34 as congestion retry the call
  const teamsBusy34 = category === 'busy' && o.who === 'teams' && info.q850?.cause === 34;
  const baseCheck = teamsBusy34
    ? 'nothing to fix for this call; if the carrier retries busy calls (many missed-call notices), rewrite Q.850 cause 34 to 17 on the SBC toward the carrier'
    : relayed560
    ? `find the SBC's other call for this Teams user around ${clock(deciding.m.time)} UTC (the leg Teams placed for the forward or transfer) and see who refused it there`
    : category === 'unknown' && REQUEST_FAULT.has(status) && owner !== 'unknown'
      ? `check the INVITE the ${owner === 'sbc' ? 'SBC' : owner} sent: it was refused with ${`${status} ${deciding.m.sip.reasonPhrase ?? ''}`.trim()} (look at Require/Supported, the body and the Request-URI)`
      : nextCheckFor(category, owner);
  const evidence: EvidenceItem[] = [...ev(deciding)];
  if (o.shown && o.shown !== deciding) {
    evidence.push(...ev(o.shown, 'passed on to the caller'));
  }
  if (o.kind === 'sbc-generated' && o.why) {
    for (const l of f.legs) {
      if (l !== f.caller && l.final) {
        evidence.push(...ev(l.final, 'the other side answered'));
      }
    }
  } else if (o.kind === 'sbc-generated') {
    evidence.push(text('no INVITE was sent to another side for this call'));
  }
  const inv = f.legs[deciding.leg].lastInvite;
  if (inv) {
    evidence.push(...ev(inv));
  }
  evidence.push(...notes);
  return {
    category,
    owner,
    summary,
    nextCheck: ms?.action ? `${baseCheck}; Microsoft's advice for ${msCode}: ${ms.action}` : baseCheck,
    evidence,
    deciding,
    msCode,
  };
}
