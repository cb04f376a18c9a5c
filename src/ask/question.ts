/**
 * What a person asked, read from free text (case, punctuation and number formats tolerated):
 *
 *   why did call <ref> fail | why <ref> | what happened to <ref> | <bare Call-ID, SID or number>
 *   ladder <ref> | raw <ref> | raw sip <ref>
 *   calls from|to|with <number> [today|yesterday|last hour|since 09:00|this week]
 *   failed calls [on <sbc>] [today|…]
 *   status [of|on <sbc>] | how are the trunks
 *   top failures [today|this week]
 *   explain <pasted SIP message>
 *   help
 *
 * A `<ref>` is a Call-ID, an SBC session id (SID/GUID) or a phone number (`+49 30 555-0101`,
 * `0305550101`, last digits). Pure.
 */
import { classifyRef } from '../store/ref';
import { cleanQuestionText } from './question-text';
import { takeTimeSpec, type TimeSpec } from './time-range';

export type Question =
  | { kind: 'why'; ref: string }
  | { kind: 'ladder'; ref: string }
  | { kind: 'raw'; ref: string }
  | { kind: 'calls'; side: 'from' | 'to' | 'any'; number: string; when: TimeSpec | null }
  | { kind: 'failed'; sbc: string | null; when: TimeSpec | null }
  | { kind: 'status'; sbc?: string }
  | { kind: 'top'; when: TimeSpec }
  | { kind: 'explain'; sip: string }
  | { kind: 'help' }
  | { kind: 'unknown'; text: string };

export type QuestionKind = Question['kind'];

const FILLER = new Set(['the', 'a', 'call', 'calls', 'with', 'id', 'callid', 'call-id', 'number', 'sid', 'session', 'please', 'my', 'this', 'that', 'of', 'for', 'to', 'from']);
const WHY_VERBS = new Set(['did', 'does', 'do', 'was', 'is', 'has', 'had']);
const FAIL_WORDS = new Set(['fail', 'failed', 'fails', 'drop', 'dropped', 'break', 'broke', 'end', 'ended', 'go', 'wrong', 'happen', 'happened', 'not', 'connect', "didn't", 'work', 'ring']);
const STATUS_PHRASES = [
  'status',
  'health',
  'trunk status',
  'trunks',
  'sbc status',
  'how are the trunks',
  'how are trunks',
  'how are the sbcs',
  'how is the sbc',
  'how are things',
  'are the trunks up',
  'is teams up',
];

/** Lower case words without surrounding punctuation (`+` and digits kept). */
function wordsOf(s: string): string[] {
  return s
    .toLowerCase()
    .split(/\s+/)
    .map((w) => w.replace(/^[,;:!?"'`*_(]+|[,;:!?"'`*_)]+$/g, '').replace(/\.+$/, ''))
    .filter((w) => w !== '');
}

/** Is this text a call reference on its own (a number, or an id-like token with a digit)? */
export function looksLikeRef(text: string): boolean {
  const t = text.trim();
  if (t === '') {
    return false;
  }
  const r = classifyRef(t);
  if (r.kind === 'number') {
    return true;
  }
  return !/\s/.test(r.value) && r.value.length >= 6 && /\d/.test(r.value);
}

/** The reference in words left after the question words were taken away, or null. */
function refOf(words: string[]): string | null {
  let ws = words.filter((w) => !FILLER.has(w));
  while (ws.length > 0 && FAIL_WORDS.has(ws[ws.length - 1])) {
    ws = ws.slice(0, -1);
  }
  while (ws.length > 0 && (WHY_VERBS.has(ws[0]) || FILLER.has(ws[0]))) {
    ws = ws.slice(1);
  }
  const text = ws.join(' ');
  return looksLikeRef(text) ? text : null;
}

/** The original spelling of a reference (Call-IDs are case-sensitive in SIP, stores are not). */
function originalRef(clean: string, lowerRef: string): string {
  const i = clean.toLowerCase().indexOf(lowerRef);
  return i >= 0 ? clean.slice(i, i + lowerRef.length) : lowerRef;
}

function unknown(text: string): Question {
  return { kind: 'unknown', text };
}

function parseCalls(words: string[], clean: string): Question | null {
  // calls from|to|with|for <number> [when]
  const i = words.findIndex((w) => w === 'from' || w === 'to' || w === 'with' || w === 'for' || w === 'of');
  if (i < 0) {
    return null;
  }
  const side = words[i] === 'from' ? 'from' : words[i] === 'to' ? 'to' : 'any';
  const { rest, when } = takeTimeSpec(words.slice(i + 1));
  const number = rest.join(' ');
  if (!looksLikeRef(number) || classifyRef(number).kind !== 'number') {
    return unknown(clean);
  }
  return { kind: 'calls', side, number, when };
}

const ON_WORDS = new Set(['on', 'at', 'via', 'through', 'of', 'for']);

/** `on <sbc>` anywhere in the words: the SBC name and the words without it. */
function takeSbc(words: string[]): { rest: string[]; sbc: string | null } {
  const on = words.findIndex((w) => ON_WORDS.has(w));
  if (on < 0) {
    return { rest: words, sbc: null };
  }
  let i = on + 1;
  while (words[i] === 'the' || words[i] === 'sbc') {
    i += 1;
  }
  const name = words[i];
  if (name === undefined) {
    return { rest: words.slice(0, on), sbc: null };
  }
  return { rest: [...words.slice(0, on), ...words.slice(i + 1)], sbc: name };
}

function parseFailed(words: string[]): Question {
  // failed calls [on <sbc>] [when], in either order
  const { rest, sbc } = takeSbc(words);
  const { when } = takeTimeSpec(rest);
  return { kind: 'failed', sbc, when };
}

/** Reads a question. Never throws; anything it does not understand is `unknown`. */
export function parseQuestion(text: string): Question {
  const clean = cleanQuestionText(text);
  const firstLineEnd = clean.indexOf('\n');
  const head = firstLineEnd >= 0 ? clean.slice(0, firstLineEnd) : clean;
  const headWords = wordsOf(head);
  const first = headWords[0] ?? '';

  if (first === 'explain' || first === 'decode') {
    return { kind: 'explain', sip: clean.slice(clean.toLowerCase().indexOf(first) + first.length).trim() };
  }
  const words = wordsOf(clean.replace(/\n/g, ' '));
  const joined = words.join(' ');
  if (words.length === 0) {
    return { kind: 'help' };
  }
  if (joined === 'help' || joined === '?' || joined === 'commands' || joined === 'what can you do' || first === 'help') {
    return { kind: 'help' };
  }
  if (STATUS_PHRASES.includes(joined)) {
    return { kind: 'status' };
  }
  if ((first === 'status' || first === 'health') && words.length > 1) {
    const { sbc } = takeSbc(words.slice(1));
    const name = sbc ?? (words.length === 2 ? words[1] : null);
    return name ? { kind: 'status', sbc: name } : unknown(clean);
  }
  if (first === 'top' || joined.startsWith('most common failure') || joined.startsWith('what failed most')) {
    const { when } = takeTimeSpec(words);
    return { kind: 'top', when: when ?? { kind: 'today' } };
  }
  if (first === 'ladder' || first === 'flow' || (first === 'show' && words[1] === 'ladder')) {
    const ref = refOf(words.slice(first === 'show' ? 2 : 1).filter((w) => w !== 'for'));
    return ref ? { kind: 'ladder', ref: originalRef(clean, ref) } : unknown(clean);
  }
  if (first === 'raw' || (first === 'show' && words[1] === 'raw')) {
    const ref = refOf(words.slice(first === 'show' ? 2 : 1).filter((w) => w !== 'sip' && w !== 'messages' && w !== 'for'));
    return ref ? { kind: 'raw', ref: originalRef(clean, ref) } : unknown(clean);
  }
  if (first === 'failed' || first === 'failures' || (first === 'show' && (words[1] === 'failed' || words[1] === 'failures'))) {
    return parseFailed(words.slice(1));
  }
  if (first === 'calls' || (first === 'show' && words[1] === 'calls') || (first === 'list' && words[1] === 'calls')) {
    return parseCalls(words.slice(first === 'calls' ? 1 : 2), clean) ?? unknown(clean);
  }
  if (first === 'why' || (first === 'what' && words[1] === 'happened')) {
    const ref = refOf(words.slice(first === 'why' ? 1 : 2));
    return ref ? { kind: 'why', ref: originalRef(clean, ref) } : unknown(clean);
  }
  if (looksLikeRef(clean)) {
    return { kind: 'why', ref: clean.trim() };
  }
  return unknown(clean);
}
