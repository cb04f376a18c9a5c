import pino from 'pino';

/** The logger every long-lived part is handed. pino's signature: (object, message). */
export interface Logger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
  child(bindings: Record<string, unknown>): Logger;
}

/** JSON logs on stderr (stdout stays for command output). */
export function createLogger(level = 'info'): Logger {
  return pino({ level, base: { app: 'sipsleuth' } }, pino.destination(2));
}

/** A logger that keeps what it was told: for tests. */
export class MemoryLogger implements Logger {
  readonly lines: Array<{ level: string; msg?: string } & Record<string, unknown>>;
  private readonly bindings: Record<string, unknown>;
  constructor(lines: MemoryLogger['lines'] = [], bindings: Record<string, unknown> = {}) {
    this.lines = lines;
    this.bindings = bindings;
  }
  private push(level: string, obj: object, msg?: string): void {
    this.lines.push({ ...this.bindings, ...obj, level, msg });
  }
  debug(obj: object, msg?: string): void {
    this.push('debug', obj, msg);
  }
  info(obj: object, msg?: string): void {
    this.push('info', obj, msg);
  }
  warn(obj: object, msg?: string): void {
    this.push('warn', obj, msg);
  }
  error(obj: object, msg?: string): void {
    this.push('error', obj, msg);
  }
  child(bindings: Record<string, unknown>): Logger {
    return new MemoryLogger(this.lines, { ...this.bindings, ...bindings });
  }
}
