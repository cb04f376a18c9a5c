/**
 * The SipMessage the parser hands out. What the call builder needs of every message (start line,
 * Call-ID, CSeq, body) is read when the message is parsed; `from`, `to` and `via` are parsed from
 * their header values when first read (the tags and the top Via branch alone can be read without
 * that: `tagOf`, `topViaBranch`); the full `headers` list is read from the message text the first
 * time someone asks for it, once.
 *
 * Before that, single headers can be read from the text without building the list
 * (`ParsedSipMessage.headerValues`, used by `getHeader`/`getHeaders`).
 *
 * `headers`, `from`, `to` and `via` are accessors of the class, not own fields: defining them on
 * each message (Object.defineProperty, four per message) cost about as much as the rest of the
 * parse. `JSON.stringify` writes them like any other field, in the order of a plain parsed message
 * (`toJSON`); spreading and `Object.keys` see the other fields only.
 */
import type { NameAddr, SipHeader, SipMessage, Via } from './sip-message';
import { readHeaderList, readHeaderValues } from './header-lines';
import { nameAddrTag, nameAddrUser, parseNameAddr } from './name-addr';
import { firstViaHop, parseVia } from './via';

const NO_VALUES: readonly string[] = [];

/** From and To as written (header values): parsed into NameAddr when first read. */
export interface AddressValues {
  from: string | undefined;
  to: string | undefined;
}

export interface ParsedFields {
  kind: 'request' | 'response';
  method: string;
  requestUri?: string;
  status?: number;
  reasonPhrase?: string;
  body: string;
  truncated: boolean;
  callId: string;
  cseq: { seq: number; method: string } | null;
  /** the Via header values as written: parsed into `via` when first read */
  viaValues: readonly string[];
}

const NOT_READ = Symbol('not read');

export class ParsedSipMessage implements SipMessage {
  declare kind: 'request' | 'response';
  declare method: string;
  declare body: string;
  declare truncated: boolean;
  declare callId: string;
  declare cseq: { seq: number; method: string } | null;
  declare requestUri?: string;
  declare status?: number;
  declare reasonPhrase?: string;

  // scalar fields rather than small arrays: every object a message keeps while its call is open
  // is copied by the garbage collector

  /** the message text and where its header lines start */
  #text: string;
  #headStart: number;
  #headers: SipHeader[] | null = null;
  /** From and To: as written (a string) until parsed; null: none */
  #from: string | NameAddr | null;
  #to: string | NameAddr | null;
  /** the From and To tags read alone (the builder asks several times per message) */
  #fromTag: string | undefined | typeof NOT_READ = NOT_READ;
  #toTag: string | undefined | typeof NOT_READ = NOT_READ;
  /** the Via values as written (one string, or several, NO_VALUES for none) until parsed into hops */
  #via: string | readonly string[] | Via[];
  #topBranch: string | undefined | typeof NOT_READ = NOT_READ;
  /** some field read from the text was replaced: the text no longer tells what the message says */
  #edited = false;

  get headers(): SipHeader[] {
    if (this.#headers === null) {
      this.#headers = readHeaderList(this.#text, this.#headStart);
      // the text is no longer needed for the headers; the body keeps its own slice
      this.#text = '';
    }
    return this.#headers;
  }

  set headers(v: SipHeader[]) {
    this.#headers = v;
    this.#text = '';
  }

  get from(): NameAddr | null {
    return this.#address(0);
  }

  set from(v: NameAddr | null) {
    this.#setAddress(0, v);
  }

  get to(): NameAddr | null {
    return this.#address(1);
  }

  set to(v: NameAddr | null) {
    this.#setAddress(1, v);
  }

  /** From (0) or To (1), parsed from the value as written when first read. */
  #address(i: 0 | 1): NameAddr | null {
    const value = i === 0 ? this.#from : this.#to;
    if (typeof value !== 'string') {
      return value;
    }
    const parsed = parseNameAddr(value);
    this.#setParsed(i, parsed);
    return parsed;
  }

  #setAddress(i: 0 | 1, v: NameAddr | null): void {
    this.#setParsed(i, v);
    this.#edited = true;
  }

  #setParsed(i: 0 | 1, v: NameAddr | null): void {
    if (i === 0) {
      this.#from = v;
    } else {
      this.#to = v;
    }
  }

  get via(): Via[] {
    const values = ParsedSipMessage.#viaValues(this);
    if (values === null) {
      return this.#via as Via[];
    }
    const via: Via[] = [];
    for (const v of values) {
      for (const hop of parseVia(v)) {
        via.push(hop);
      }
    }
    this.#via = via;
    return via;
  }

  set via(v: Via[]) {
    this.#via = v;
    this.#edited = true;
  }

  /**
   * The message as plain data, as JSON.stringify writes it: every field in the order of a plain
   * parsed message (`headers` after `method`; `from`, `to`, `via` after `cseq`), then any other
   * own field.
   */
  toJSON(): Record<string, unknown> {
    const o: Record<string, unknown> = {};
    const own = this as unknown as Record<string, unknown>;
    for (const k of Object.keys(this)) {
      o[k] = own[k];
      if (k === 'method') {
        o.headers = this.headers;
      } else if (k === 'cseq') {
        o.from = this.from;
        o.to = this.to;
        o.via = this.via;
      }
    }
    return o;
  }

  /** The From (`which` 'from') or To tag, as `msg.from?.tag`, without parsing the rest of the address. */
  static tagOf(msg: ParsedSipMessage, which: 'from' | 'to'): string | undefined {
    const from = which === 'from';
    const value = from ? msg.#from : msg.#to;
    if (typeof value !== 'string') {
      return value?.tag;
    }
    let tag = from ? msg.#fromTag : msg.#toTag;
    if (tag === NOT_READ) {
      tag = nameAddrTag(value);
      if (from) {
        msg.#fromTag = tag;
      } else {
        msg.#toTag = tag;
      }
    }
    return tag;
  }

  /** The From (`which` 'from') or To user, as `msg.from?.user`, without keeping a parsed address. */
  static userOf(msg: ParsedSipMessage, which: 'from' | 'to'): string | undefined {
    const value = which === 'from' ? msg.#from : msg.#to;
    return typeof value === 'string' ? nameAddrUser(value) : value?.user;
  }

  /** The branch of the top Via hop, as `msg.via[0]?.branch`, without parsing the other hops. */
  static topViaBranch(msg: ParsedSipMessage): string | undefined {
    const values = ParsedSipMessage.#viaValues(msg);
    if (values === null) {
      const via = msg.#via as Via[];
      return via.length > 0 ? via[0].branch : undefined;
    }
    let branch = msg.#topBranch;
    if (branch === NOT_READ) {
      branch = firstViaHop(values)?.branch;
      msg.#topBranch = branch;
    }
    return branch;
  }

  /** The Via values as written while the hops are not parsed yet; null when they are. */
  static #viaValues(msg: ParsedSipMessage): readonly string[] | null {
    const via = msg.#via;
    if (typeof via === 'string') {
      return [via];
    }
    return via === NO_VALUES || (via.length > 0 && typeof via[0] === 'string') ? (via as readonly string[]) : null;
  }

  /**
   * The values of the headers named `names` (canonical names), one list per name, read from the
   * text while the header list is not built yet; null when it is (then read `headers`).
   */
  static headerValues(msg: ParsedSipMessage, names: readonly string[], firstOnly: boolean): string[][] | null {
    return msg.#headers === null ? readHeaderValues(msg.#text, msg.#headStart, names, firstOnly) : null;
  }

  /**
   * Makes `msg` hold `prev`'s objects for the fields both say the same (Call-ID, From, To, one Via
   * value as written, CSeq), with the tags and top branch already read from them: the messages of
   * a dialog repeat these, and each one kept per message is one more object the garbage collector
   * copies while the call is open. Only values as written are shared (never parsed ones, which a
   * reader may change); what each message says is unchanged.
   */
  static shareWith(msg: ParsedSipMessage, prev: ParsedSipMessage): void {
    if (msg.callId === prev.callId) {
      msg.callId = prev.callId;
    }
    const from = prev.#from;
    if (typeof from === 'string' && msg.#from === from) {
      msg.#from = from;
      if (prev.#fromTag !== NOT_READ) {
        msg.#fromTag = prev.#fromTag;
      }
    }
    const to = prev.#to;
    if (typeof to === 'string' && msg.#to === to) {
      msg.#to = to;
      if (prev.#toTag !== NOT_READ) {
        msg.#toTag = prev.#toTag;
      }
    }
    const via = prev.#via;
    if (typeof via === 'string' && msg.#via === via) {
      msg.#via = via;
      if (prev.#topBranch !== NOT_READ) {
        msg.#topBranch = prev.#topBranch;
      }
    }
    const cseq = prev.cseq;
    if (cseq !== null && msg.cseq !== null && msg.cseq.seq === cseq.seq && msg.cseq.method === cseq.method) {
      msg.cseq = cseq;
    }
  }

  /**
   * False when the message text (start line, headers and body) has no match of `re`: a cheap test
   * before reading headers or From/To for a word. True when the text is gone (the header list was
   * built) or From/To were replaced.
   */
  static textMayMatch(msg: ParsedSipMessage, re: RegExp): boolean {
    return msg.#headers !== null || msg.#edited || re.test(msg.#text);
  }

  constructor(f: ParsedFields, text: string, headStart: number, addresses: AddressValues) {
    this.#text = text;
    this.#headStart = headStart;
    this.#from = addresses.from ?? null;
    this.#to = addresses.to ?? null;
    const via = f.viaValues;
    this.#via = via.length === 1 ? via[0] : via.length === 0 ? NO_VALUES : via;
    // same field order as a plain parsed message (without the accessors: see toJSON)
    this.kind = f.kind;
    this.method = f.method;
    this.body = f.body;
    this.truncated = f.truncated;
    this.callId = f.callId;
    this.cseq = f.cseq;
    if (f.requestUri !== undefined) {
      this.requestUri = f.requestUri;
    }
    if (f.status !== undefined) {
      this.status = f.status;
      this.reasonPhrase = f.reasonPhrase ?? '';
    }
  }
}
