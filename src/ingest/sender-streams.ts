import type { FormatModule, Framer, FramerItem } from '../formats/reader';
import type { LineMeta, ReaderOptions, Skip } from '../formats/record';
import type { Logger } from '../log/logger';
import { FormatChooser, type FormatDecision, type FormatRegistry } from './format-choice';
import type { IngestMetrics } from './ingest-metrics';
import { KeyedWarnings } from './rate-limited-log';
import { givesUpUnfinished, reportUnfinished } from './unfinished-record';

/**
 * One framer per syslog sender (and transport): the sender's address is the SBC's identity, and
 * its format is forced or detected from its first datagrams. Bounded: at most `maxSenders`
 * streams; the one quiet the longest is ended to make room.
 */
export interface SenderStreamOptions {
  format: string;
  reader: ReaderOptions;
  /** datagrams looked at before deciding a format */
  sampleLines: number;
  maxSenders: number;
}

export interface SenderStream {
  key: string;
  /** LineMeta.source of this sender's datagrams */
  source: string;
  /** datagrams seen (LineMeta.line of the last one) */
  count: number;
  chooser: FormatChooser<Held>;
  framer: Framer | null;
  /**
   * what the framer is fed: the whole message, header included (AudioCodes `<133>[S=…`, Ribbon
   * `<147> 1 …`, CUBE `<189>…`: their framers expect it), or only the text after the syslog
   * header, for a format recognised only without it (a file-style log forwarded by syslog)
   */
  payload: 'message' | 'body';
  dirty: boolean;
  lastSeen: number;
  warnedNoFormat: boolean;
}

interface Held {
  text: string;
  /** the message without its syslog header (and RFC 3164 TAG) */
  alt: string;
  meta: LineMeta;
}

export interface StreamOutput {
  items: FramerItem[];
  /** datagrams in no known format */
  unknown: Skip[];
}

export class SenderStreams {
  private readonly streams = new Map<string, SenderStream>();
  /** records handed on unfinished: said at most once a minute per sender */
  private readonly warnings = new KeyedWarnings(60_000, 1_000);

  constructor(
    private readonly opts: SenderStreamOptions,
    private readonly deps: { registry: FormatRegistry; logger: Logger; metrics: IngestMetrics },
  ) {}

  /** the stream of a sender, created on first sight; `out` receives what evicting another produced */
  stream(key: string, source: string, now: number, out: StreamOutput): SenderStream {
    let s = this.streams.get(key);
    if (s) {
      // keep the map in least-recently-seen order
      this.streams.delete(key);
    } else {
      if (this.streams.size >= this.opts.maxSenders) {
        const oldest = this.streams.values().next().value;
        if (oldest) {
          this.endStream(oldest, out);
          this.streams.delete(oldest.key);
        }
      }
      s = {
        key,
        source,
        count: 0,
        chooser: new FormatChooser<Held>(
          this.deps.registry,
          { format: this.opts.format, sampleLines: this.opts.sampleLines, sampleBytes: 1024 * 1024 },
          (module, items, alt) => this.trial(module, items, alt),
        ),
        framer: null,
        payload: 'message',
        dirty: false,
        lastSeen: now,
        warnedNoFormat: false,
      };
    }
    s.lastSeen = now;
    this.streams.set(key, s);
    return s;
  }

  /** one syslog message: `bodyStart` is where the text after its syslog header (and TAG) begins */
  push(s: SenderStream, text: string, bodyStart: number, meta: LineMeta, out: StreamOutput): void {
    if (s.framer) {
      out.items.push(...s.framer.push(s.payload === 'message' ? text : text.slice(bodyStart), meta));
      s.dirty = true;
      return;
    }
    this.decided(s, s.chooser.offer({ text, alt: text.slice(bodyStart), meta }), out);
  }

  /**
   * Streams quiet for `idleMs`: decide a pending format, hand on an open record. A record its
   * framer says is unfinished by its format's own rules (`Framer.holdsUnfinished`: no closing
   * dashes, Content-Length not met) is held until the sender has been quiet for `unfinishedMs`:
   * a sender that pauses in the middle of a record (a file forwarded line by line) keeps it whole.
   */
  flushIdle(now: number, idleMs: number, out: StreamOutput, unfinishedMs = idleMs): void {
    for (const s of this.streams.values()) {
      const quietFor = now - s.lastSeen;
      if (quietFor < idleMs) {
        continue;
      }
      if (!s.framer && s.chooser.holding() > 0) {
        this.decided(s, s.chooser.decideNow(), out);
      }
      if (s.framer && s.dirty && s.framer.holdsUnfinished?.() === true) {
        if (!givesUpUnfinished(quietFor, unfinishedMs)) {
          continue;
        }
        // handed on as it is (the framer marks it truncated): counted and said as the tailer does
        reportUnfinished({ metrics: this.deps.metrics, warnings: this.warnings, logger: this.deps.logger }, s.source, now, quietFor);
      }
      if (s.framer && s.dirty) {
        out.items.push(...s.framer.end());
        s.dirty = false;
      }
    }
  }

  endAll(out: StreamOutput): void {
    for (const s of this.streams.values()) {
      this.endStream(s, out);
    }
    this.streams.clear();
  }

  senders(): number {
    return this.streams.size;
  }

  private endStream(s: SenderStream, out: StreamOutput): void {
    if (!s.framer && s.chooser.holding() > 0) {
      this.decided(s, s.chooser.decideNow(), out);
    }
    if (s.framer && s.dirty) {
      out.items.push(...s.framer.end());
      s.dirty = false;
    }
  }

  /** how well `module` reads the held sample (records minus skips), with or without the header */
  private trial(module: FormatModule, items: readonly Held[], alt: boolean): number {
    const framer = module.createFramer(this.opts.reader);
    let score = 0;
    const count = (out: FramerItem[]): void => {
      for (const i of out) {
        score += i.type === 'record' ? 1 : i.type === 'gap' ? 0 : -1;
      }
    };
    for (const h of items) {
      count(framer.push(alt ? h.alt : h.text, h.meta));
    }
    count(framer.end());
    return score;
  }

  private useFormat(s: SenderStream, module: FormatModule, payload: SenderStream['payload'], replay: Held[], out: StreamOutput): void {
    const framer = module.createFramer(this.opts.reader);
    s.framer = framer;
    s.payload = payload;
    s.dirty = true;
    this.deps.logger.info(
      { sender: s.key, format: module.name, payload },
      `syslog from ${s.key} is read as ${module.name}${payload === 'body' ? ' (after the syslog header)' : ''}`,
    );
    for (const h of replay) {
      out.items.push(...framer.push(payload === 'message' ? h.text : h.alt, h.meta));
    }
  }

  private decided(s: SenderStream, d: FormatDecision<Held>, out: StreamOutput): void {
    if (d.kind === 'pending') {
      return;
    }
    if (d.kind === 'chosen') {
      this.useFormat(s, d.module, d.alt ? 'body' : 'message', d.replay, out);
      return;
    }
    for (const h of d.rejected) {
      out.unknown.push({ where: `${h.meta.source}:${h.meta.line}`, why: 'syslog message in no known log format' });
    }
    if (!s.warnedNoFormat) {
      s.warnedNoFormat = true;
      this.deps.metrics.errors('no-format');
      this.deps.logger.warn(
        { sender: s.key, messages: d.rejected.length },
        `cannot tell the log format of syslog from ${s.key}: skipping its messages until one is recognised (or force the format)`,
      );
    }
  }
}
