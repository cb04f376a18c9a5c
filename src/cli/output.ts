/** Buffered writing to stdout that respects backpressure, so huge outputs stream in bounded memory. */
export class Output {
  private buf: string[] = [];
  private size = 0;
  private readonly out: NodeJS.WritableStream;

  constructor(out: NodeJS.WritableStream = process.stdout) {
    this.out = out;
  }

  write(s: string): void {
    this.buf.push(s);
    this.size += s.length;
  }

  /** true when enough is buffered that the caller should `flush()` before reading more */
  get full(): boolean {
    return this.size > 256 * 1024;
  }

  async flush(): Promise<void> {
    if (this.size === 0) {
      return;
    }
    const text = this.buf.join('');
    this.buf = [];
    this.size = 0;
    if (!this.out.write(text)) {
      await new Promise<void>((resolve) => this.out.once('drain', () => resolve()));
    }
  }
}
