/**
 * How a StoredCall is written into the `data` field of `P:call:<id>` (src/store/redis-store.ts).
 *
 *   "S2" + JSON of the StoredCall with every CallMessage's `sip` left out   (written now)
 *   JSON of the whole StoredCall                                            (older data, still read)
 *
 * When longer than `compressAbove` it is compressed: written now as "BR" + Brotli (quality 0),
 * older values gzipped (level 1, recognised by the gzip magic) are still read. Brotli at quality
 * 0 takes half the CPU of gzip level 1 on these values (15 kB of slim JSON a call: 38 µs against
 * 77 µs) for a value 3 % larger (3.5 kB). The parsed SIP of a message is ~3× its raw text as JSON
 * and is what made a stored call ~34 kB; it is rebuilt on read with `parseSip(raw)` — the call
 * builder made it from exactly that text — so a read gives back the same StoredCall. Reads are
 * rare (why, ladder, ask, late records); writes are one per call.
 */
import { brotliCompressSync, brotliDecompressSync, constants as zlibConstants, gunzipSync } from 'node:zlib';
import type { Call, CallMessage, Leg } from '../calls/call';
import { parseSip } from '../sip/parser';
import type { StoredCall } from './call-store';

const SLIM_MARK = 'S2';
const GZIP_MAGIC_0 = 0x1f;
const GZIP_MAGIC_1 = 0x8b;
/** "BR": the rest of the value is Brotli (no JSON, slim mark or gzip value starts so) */
const BROTLI_MARK = Buffer.from('BR', 'latin1');
export const STORED_CALL_BROTLI_QUALITY = 0;

type SlimMessage = Omit<CallMessage, 'sip'>;
type SlimLeg = Omit<Leg, 'messages'> & { messages: SlimMessage[] };
type SlimCall = Omit<Call, 'legs'> & { legs: SlimLeg[] };
type SlimStoredCall = Omit<StoredCall, 'call'> & { call: SlimCall };

/** The outcome of reading a stored value back: expected failures are values (the store counts them). */
export type DecodeResult = { ok: true; stored: StoredCall } | { ok: false; why: string };

function slimMessage(m: CallMessage): SlimMessage {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  const { sip, ...rest } = m;
  return rest;
}

function slim(stored: StoredCall): SlimStoredCall {
  const legs: SlimLeg[] = stored.call.legs.map((leg) => ({ ...leg, messages: leg.messages.map(slimMessage) }));
  return { ...stored, call: { ...stored.call, legs } };
}

/** The value to store: slim JSON, Brotli-compressed when longer than `compressAbove` characters. */
export function encodeStoredCall(stored: StoredCall, compressAbove: number): string | Buffer {
  const text = SLIM_MARK + JSON.stringify(slim(stored));
  if (text.length <= compressAbove) {
    return text;
  }
  const packed = brotliCompressSync(text, {
    params: {
      [zlibConstants.BROTLI_PARAM_QUALITY]: STORED_CALL_BROTLI_QUALITY,
      [zlibConstants.BROTLI_PARAM_SIZE_HINT]: text.length,
    },
  });
  return Buffer.concat([BROTLI_MARK, packed], BROTLI_MARK.length + packed.length);
}

function isBrotli(raw: Buffer): boolean {
  return raw.length > 1 && raw[0] === BROTLI_MARK[0] && raw[1] === BROTLI_MARK[1];
}

function isGzip(raw: Buffer): boolean {
  return raw.length > 1 && raw[0] === GZIP_MAGIC_0 && raw[1] === GZIP_MAGIC_1;
}

function fatten(s: SlimStoredCall): DecodeResult {
  const legs: Leg[] = [];
  for (const leg of s.call.legs) {
    const messages: CallMessage[] = [];
    for (const m of leg.messages) {
      const parsed = parseSip(m.raw);
      if (!parsed.ok) {
        return { ok: false, why: `a stored SIP message no longer parses: ${parsed.why}` };
      }
      messages.push({ sip: parsed.message, ...m });
    }
    legs.push({ ...leg, messages });
  }
  return { ok: true, stored: { ...s, call: { ...s.call, legs } } };
}

/** Reads back what encodeStoredCall (or the older gzipped or full-JSON forms) wrote. */
export function decodeStoredCall(raw: Buffer): DecodeResult {
  let text: string;
  try {
    if (isBrotli(raw)) {
      text = brotliDecompressSync(raw.subarray(BROTLI_MARK.length)).toString('utf8');
    } else {
      text = isGzip(raw) ? gunzipSync(raw).toString('utf8') : raw.toString('utf8');
    }
  } catch (err) {
    const what = isBrotli(raw) ? 'Brotli' : 'gzip';
    return { ok: false, why: `not ${what}: ${err instanceof Error ? err.message : String(err)}` };
  }
  const isSlim = text.startsWith(SLIM_MARK);
  let value: unknown;
  try {
    value = JSON.parse(isSlim ? text.slice(SLIM_MARK.length) : text);
  } catch {
    return { ok: false, why: 'not JSON' };
  }
  if (typeof value !== 'object' || value === null || !('call' in value) || !('report' in value)) {
    return { ok: false, why: 'not a stored call' };
  }
  return isSlim ? fatten(value as SlimStoredCall) : { ok: true, stored: value as StoredCall };
}
