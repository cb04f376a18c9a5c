/**
 * The counters ingest reports. The service implements this with prom-client; tests use
 * `MemoryIngestMetrics`. Label values are short fixed words (see each method), never free text.
 */
export interface IngestMetrics {
  /** complete lines (files) or syslog messages (listener) read; source = 'file' | 'udp' | 'tcp' */
  linesRead(source: string, n: number): void;
  recordsFramed(n: number): void;
  /** input skipped: 'line-too-long', 'framer', 'no-format', 'syslog-no-pri', 'syslog-binary', … */
  skipped(reason: string, n: number): void;
  /** input lost on purpose: 'queue-full' (UDP while the sink is behind), 'sender-limit', … */
  dropped(reason: string, n: number): void;
  bytesRead(n: number): void;
  /** 'sink', 'offset-store', 'permission', 'vanished', 'read', 'watch', 'socket', … */
  errors(kind: string): void;
}

/** Counts everything it is told, by label: for tests and for the CLI's summary. */
export class MemoryIngestMetrics implements IngestMetrics {
  readonly lines = new Map<string, number>();
  readonly skips = new Map<string, number>();
  readonly drops = new Map<string, number>();
  readonly errorKinds = new Map<string, number>();
  records = 0;
  bytes = 0;

  linesRead(source: string, n: number): void {
    add(this.lines, source, n);
  }
  recordsFramed(n: number): void {
    this.records += n;
  }
  skipped(reason: string, n: number): void {
    add(this.skips, reason, n);
  }
  dropped(reason: string, n: number): void {
    add(this.drops, reason, n);
  }
  bytesRead(n: number): void {
    this.bytes += n;
  }
  errors(kind: string): void {
    add(this.errorKinds, kind, 1);
  }
  /** a label's count, 0 when never counted */
  count(map: 'lines' | 'skips' | 'drops' | 'errorKinds', label: string): number {
    return this[map].get(label) ?? 0;
  }
}

function add(map: Map<string, number>, key: string, n: number): void {
  map.set(key, (map.get(key) ?? 0) + n);
}
