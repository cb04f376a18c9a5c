/** A progress bar on stderr, only when stderr is a terminal and the input is large. */
export class Progress {
  private total = 0;
  private done = 0;
  private lastDraw = 0;
  private readonly enabled: boolean;
  private readonly minBytes: number;
  private readonly out: NodeJS.WriteStream;

  constructor(out: NodeJS.WriteStream = process.stderr, minBytes = 20 * 1024 * 1024) {
    this.out = out;
    this.enabled = Boolean(out.isTTY);
    this.minBytes = minBytes;
  }

  addTotal(bytes: number): void {
    this.total += bytes;
  }

  advance(bytes: number): void {
    this.done += bytes;
    if (!this.enabled || this.total < this.minBytes) {
      return;
    }
    const now = Date.now();
    if (now - this.lastDraw < 200) {
      return;
    }
    this.lastDraw = now;
    const frac = Math.min(1, this.done / this.total);
    const width = 30;
    const full = Math.round(frac * width);
    const mb = (n: number): string => (n / 1048576).toFixed(0);
    this.out.write(
      `\r[${'#'.repeat(full)}${'.'.repeat(width - full)}] ${(frac * 100).toFixed(0).padStart(3)}% ${mb(this.done)}/${mb(this.total)} MB`,
    );
  }

  finish(): void {
    if (this.enabled && this.total >= this.minBytes) {
      this.out.write('\r\x1b[K');
    }
  }
}
