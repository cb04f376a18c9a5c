/**
 * Every error sipsleuth throws on purpose. Decide with `instanceof` or `.code`, never by reading
 * the message. The code is repeated in the message because BullMQ keeps only `err.message`.
 */
export enum ErrorCode {
  Config = 'sipsleuth_config',
  Usage = 'sipsleuth_usage',
  StoreUnavailable = 'sipsleuth_store_unavailable',
  QueueUnavailable = 'sipsleuth_queue_unavailable',
  SlackDelivery = 'sipsleuth_slack_delivery',
  TeamsDelivery = 'sipsleuth_teams_delivery',
  BadJob = 'sipsleuth_bad_job',
}

export class SipsleuthError extends Error {
  readonly code: ErrorCode;
  /** where it happened: a file:line, a queue, a component */
  readonly where?: string;
  constructor(code: ErrorCode, message: string, opts: { where?: string; cause?: unknown } = {}) {
    super(`[${code}] ${message}`, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = new.target.name;
    this.code = code;
    this.where = opts.where;
  }
}

export class ConfigError extends SipsleuthError {
  /** one line per mistake */
  readonly problems: string[];
  constructor(problems: string[]) {
    super(ErrorCode.Config, `invalid configuration:\n${problems.join('\n')}`, { where: 'config' });
    this.problems = problems;
  }
}

export class UsageError extends SipsleuthError {
  constructor(message: string) {
    super(ErrorCode.Usage, message, { where: 'cli' });
  }
}

export class StoreUnavailableError extends SipsleuthError {
  constructor(message: string, cause?: unknown) {
    super(ErrorCode.StoreUnavailable, message, { where: 'store', cause });
  }
}

export class QueueUnavailableError extends SipsleuthError {
  constructor(message: string, cause?: unknown) {
    super(ErrorCode.QueueUnavailable, message, { where: 'queue', cause });
  }
}

export class SlackDeliveryError extends SipsleuthError {
  constructor(message: string, cause?: unknown) {
    super(ErrorCode.SlackDelivery, message, { where: 'slack', cause });
  }
}

export class TeamsDeliveryError extends SipsleuthError {
  constructor(message: string, cause?: unknown) {
    super(ErrorCode.TeamsDelivery, message, { where: 'teams', cause });
  }
}

export class BadJobError extends SipsleuthError {
  constructor(message: string, where: string) {
    super(ErrorCode.BadJob, message, { where });
  }
}

export function isSipsleuthError(e: unknown): e is SipsleuthError {
  return e instanceof SipsleuthError;
}
