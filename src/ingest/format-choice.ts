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
  /**
   * decided: feed `replay` (the held items, in order) to the format's framer; `alt` = the format
   * was recognised on the items' alternative text (see `FormatChooser`), feed that
   */
  | { kind: 'chosen'; module: FormatModule; replay: T[]; alt: boolean }
  /** the sample is in no known format: `rejected` are to be counted as skipped; keep offering */
  | { kind: 'none'; rejected: T[] };

/**
 * Picks the format of one input (a file, or one syslog sender) from its first lines: forced, or
 * detected on a sample. Until it is decided the lines are held here (bounded by the sample size).
 * Items may carry an alternative text (`alt`: a syslog message without its header); detection
 * runs on both and the better score decides which one the framer gets.
 */
export class FormatChooser<T extends { text: string; alt?: string }> {
  private sample: T[] = [];
  private sampleBytes = 0;
  private readonly forced: FormatModule | null;

  constructor(
    private readonly registry: FormatRegistry,
    private readonly opts: FormatChoiceOptions,
    /**
     * when the text and the alternative text are both recognised, how well the format reads the
     * sample each way (e.g. records framed minus skips); the higher wins, the text on a tie
     */
    private readonly judge?: (module: FormatModule, items: readonly T[], alt: boolean) => number,
  ) {
    this.forced = opts.format === 'auto' ? null : registry.getFormat(opts.format);
  }

  /** a format name that is neither 'auto' nor known: a configuration mistake */
  static isValid(registry: FormatRegistry, format: string): boolean {
    return format === 'auto' || registry.getFormat(format) !== null;
  }

  offer(item: T): FormatDecision<T> {
    if (this.forced) {
      return { kind: 'chosen', module: this.forced, replay: [item], alt: false };
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
    const found = this.detect(held.map((h) => h.text));
    // items with an alternative text (a syslog message without its header): try that too
    const alt = held.some((h) => h.alt !== undefined && h.alt !== h.text)
      ? this.detect(held.map((h) => h.alt ?? h.text))
      : null;
    let useAlt = alt !== null && (found === null || alt.score > found.score);
    if (found && alt && this.judge) {
      const a = this.judge(alt.module, held, true);
      const t = this.judge(found.module, held, false);
      useAlt = a > t || (a === t && alt.score > found.score);
    }
    const best = useAlt ? alt : found;
    return best ? { kind: 'chosen', module: best.module, replay: held, alt: useAlt } : { kind: 'none', rejected: held };
  }

  private detect(lines: string[]): { module: FormatModule; score: number } | null {
    const found = this.registry.detectFormat(lines);
    const module = found && found.score > 0 ? this.registry.getFormat(found.format) : null;
    return module && found ? { module, score: found.score } : null;
  }
}
