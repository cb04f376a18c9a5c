/**
 * The SipMessage the parser hands out. Everything the call builder needs (start line, Call-ID,
 * CSeq, From, To, Via, body) is read when the message is parsed; the full `headers` list is read
 * from the message text the first time someone asks for it, once.
 *
 * Before that, single headers can be read from the text without building the list
 * (`ParsedSipMessage.headerValues`, used by `getHeader`/`getHeaders`).
 *
 * `headers` is an own enumerable property (an accessor), so the object still behaves as plain
 * data: `JSON.stringify`, spreading, `Object.keys` and deep equality see it like any other field.
 */
import type { NameAddr, SipHeader, SipMessage, Via } from './sip-message';
import { readHeaderList, readHeaderValues } from './header-lines';

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
  from: NameAddr | null;
  to: NameAddr | null;
  via: Via[];
}

export class ParsedSipMessage implements SipMessage {
  declare kind: 'request' | 'response';
  declare method: string;
  declare headers: SipHeader[];
  declare body: string;
  declare truncated: boolean;
  declare callId: string;
  declare cseq: { seq: number; method: string } | null;
  declare from: NameAddr | null;
  declare to: NameAddr | null;
  declare via: Via[];
  declare requestUri?: string;
  declare status?: number;
  declare reasonPhrase?: string;

  /** the message text and where its header lines start */
  #text: string;
  #headStart: number;
  #headers: SipHeader[] | null = null;

  static readonly #headersProperty: PropertyDescriptor = {
    get(this: ParsedSipMessage): SipHeader[] {
      if (this.#headers === null) {
        this.#headers = readHeaderList(this.#text, this.#headStart);
        // the text is no longer needed for the headers; the body keeps its own slice
        this.#text = '';
      }
      return this.#headers;
    },
    set(this: ParsedSipMessage, v: SipHeader[]): void {
      this.#headers = v;
      this.#text = '';
    },
    enumerable: true,
    configurable: true,
  };

  /**
   * The values of the headers named `names` (canonical names), one list per name, read from the
   * text while the header list is not built yet; null when it is (then read `headers`).
   */
  static headerValues(msg: ParsedSipMessage, names: readonly string[], firstOnly: boolean): string[][] | null {
    return msg.#headers === null ? readHeaderValues(msg.#text, msg.#headStart, names, firstOnly) : null;
  }

  /**
   * False when the message text (start line, headers and body) has no match of `re`: a cheap test
   * before reading headers for a word. True when the text is gone (the header list was built).
   */
  static textMayMatch(msg: ParsedSipMessage, re: RegExp): boolean {
    return msg.#headers !== null || re.test(msg.#text);
  }

  constructor(f: ParsedFields, text: string, headStart: number) {
    this.#text = text;
    this.#headStart = headStart;
    // same field order as a plain parsed message
    this.kind = f.kind;
    this.method = f.method;
    Object.defineProperty(this, 'headers', ParsedSipMessage.#headersProperty);
    this.body = f.body;
    this.truncated = f.truncated;
    this.callId = f.callId;
    this.cseq = f.cseq;
    this.from = f.from;
    this.to = f.to;
    this.via = f.via;
    if (f.requestUri !== undefined) {
      this.requestUri = f.requestUri;
    }
    if (f.status !== undefined) {
      this.status = f.status;
      this.reasonPhrase = f.reasonPhrase ?? '';
    }
  }
}
