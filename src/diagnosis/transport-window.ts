/**
 * Recent transport failures (TLS handshake errors, refused connections) per device, kept so a call
 * can be diagnosed with the ones that happened around it. Bounded: the newest `perDevice` events of
 * each of the newest `maxDevices` devices.
 *
 * An event belongs to a call when it was carried in the call's own records (same session key), or
 * when it happened within ±`marginMs` of the call's span (start … end) on the same device, or
 * toward the same peer host as one of the call's legs. Events without a time only match by session
 * key: without times nothing ties them to one call rather than another. Pure.
 */
import type { Call } from '../calls/call';
import type { ReaderItem, TransportEvent } from '../formats/record';
import type { TransportError } from './facts';
import { splitHostPort } from '../sip/addresses';

export interface TransportWindowOptions {
  /** events kept per device (default 1024) */
  perDevice?: number;
  /** devices kept (default 1024) */
  maxDevices?: number;
  /** how far before the call's start and after its end an event still counts (default 30 s) */
  marginMs?: number;
  /** events handed to one call at most (default 20) */
  maxPerCall?: number;
}

function hostOf(remote: string | undefined): string | undefined {
  return remote === undefined ? undefined : splitHostPort(remote).host.toLowerCase();
}

export class TransportWindow {
  private readonly byDevice = new Map<string, TransportEvent[]>();
  private readonly perDevice: number;
  private readonly maxDevices: number;
  private readonly marginMs: number;
  private readonly maxPerCall: number;
  private count = 0;

  constructor(o: TransportWindowOptions = {}) {
    this.perDevice = o.perDevice ?? 1024;
    this.maxDevices = o.maxDevices ?? 1024;
    this.marginMs = o.marginMs ?? 30_000;
    this.maxPerCall = o.maxPerCall ?? 20;
  }

  /** events held now */
  size(): number {
    return this.count;
  }

  add(e: TransportEvent): void {
    let list = this.byDevice.get(e.device);
    if (!list) {
      list = [];
      this.byDevice.set(e.device, list);
      if (this.byDevice.size > this.maxDevices) {
        const [oldest, dropped] = this.byDevice.entries().next().value as [string, TransportEvent[]];
        this.count -= dropped.length;
        this.byDevice.delete(oldest);
      }
    }
    list.push(e);
    this.count++;
    if (list.length > this.perDevice) {
      // drop the oldest quarter at once: amortised O(1) per event
      const drop = list.length - Math.floor((this.perDevice * 3) / 4);
      list.splice(0, drop);
      this.count -= drop;
    }
  }

  /** The events that belong to `call`, oldest first, as diagnose takes them. */
  near(call: Call): TransportError[] {
    if (this.count === 0) {
      return [];
    }
    const key = call.sessionKey;
    const from = call.start === null ? null : call.start - this.marginMs;
    const to = call.start === null ? null : (call.end ?? call.start) + this.marginMs;
    let legHosts: Set<string> | null = null;
    const out: TransportError[] = [];
    for (const [device, list] of this.byDevice) {
      const sameDevice = device === call.device;
      for (const e of list) {
        let hit = key !== undefined && key !== '' && e.sessionKey === key;
        if (!hit && from !== null && to !== null && e.time !== null && e.time >= from && e.time <= to) {
          if (sameDevice) {
            hit = true;
          } else {
            legHosts ??= new Set(call.legs.map((l) => hostOf(l.remote)).filter((h): h is string => h !== undefined));
            const h = hostOf(e.remote);
            hit = h !== undefined && legHosts.has(h);
          }
        }
        if (hit) {
          out.push(toError(e));
          if (out.length >= this.maxPerCall) {
            return out;
          }
        }
      }
    }
    return out;
  }
}

/**
 * The transport failures among one key's assembled items (the service rebuilds a call from its
 * SID's records: the failures logged inside them come out of the assembler with the messages).
 */
export function transportErrorsOf(items: readonly ReaderItem[]): TransportError[] {
  const out: TransportError[] = [];
  for (const i of items) {
    if (i.type === 'transport') {
      out.push(toError(i.event));
    }
  }
  return out;
}

function toError(e: TransportEvent): TransportError {
  const out: TransportError = { time: e.time, text: e.text, where: e.where };
  if (e.remote !== undefined) {
    out.remote = e.remote;
  }
  if (e.sessionKey !== undefined) {
    out.sessionKey = e.sessionKey;
  }
  return out;
}
