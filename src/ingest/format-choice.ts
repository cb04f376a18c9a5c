import type { FormatModule } from '../formats/reader';
import type { FormatName } from '../formats/record';

/** The two registry functions ingest uses (src/formats/index.ts provides them). */
export interface FormatRegistry {
  getFormat(name: string): FormatModule | null;
  detectFormat(lines: readonly string[]): { format: FormatName; score: number } | null;
}

export interface FormatChoiceOptions {
  /** 'auto' or a format name */
  format: string;
  /** lines (or datagrams) looked at before deciding */
  sampleLines: number;
  /** …or this many bytes of them, whichever comes first */
  sampleBytes: number;
}

export type FormatDecision<T> =
  /** still collecting a sample: the items are held */
  | { kind: 'pending' }
  /** decided: feed `replay` (the held items, in order) to the format's framer */
  | { kind: 'chosen'; module: FormatModule; replay: T[] }
  /** the sample is in no known format: `rejected` are to be counted as skipped; keep offering */
  | { kind: 'none'; rejected: T[] };

/**
 * Picks the format of one input (a file, or one syslog sender) from its first lines: forced, or
 * detected on a sample. Until it is decided the lines are held here (bounded by the sample size).
 */
export class FormatChooser<T extends { text: string }> {
  private sample: T[] = [];
  private sampleBytes = 0;
  private readonly forced: FormatModule | null;

  constructor(
    private readonly registry: FormatRegistry,
    private readonly opts: FormatChoiceOptions,
  ) {
    this.forced = opts.format === 'auto' ? null : registry.getFormat(opts.format);
  }

  /** a format name that is neither 'auto' nor known: a configuration mistake */
  static isValid(registry: FormatRegistry, format: string): boolean {
    return format === 'auto' || registry.getFormat(format) !== null;
  }

  offer(item: T): FormatDecision<T> {
    if (this.forced) {
      return { kind: 'chosen', module: this.forced, replay: [item] };
    }
    this.sample.push(item);
    this.sampleBytes += item.text.length;
    if (this.sample.length >= this.opts.sampleLines || this.sampleBytes >= this.opts.sampleBytes) {
      return this.decide();
    }
    return { kind: 'pending' };
  }

  /** the input went quiet: decide on what is held (pending when nothing is) */
  decideNow(): FormatDecision<T> {
    return this.sample.length === 0 ? { kind: 'pending' } : this.decide();
  }

  holding(): number {
    return this.sample.length;
  }

  private decide(): FormatDecision<T> {
    const held = this.sample;
    this.sample = [];
    this.sampleBytes = 0;
    const found = this.registry.detectFormat(held.map((h) => h.text));
    const module = found && found.score > 0 ? this.registry.getFormat(found.format) : null;
    return module ? { kind: 'chosen', module, replay: held } : { kind: 'none', rejected: held };
  }
}
