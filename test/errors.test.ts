import {
  BadJobError,
  ConfigError,
  ErrorCode,
  isSipsleuthError,
  QueueUnavailableError,
  SipsleuthError,
  SlackDeliveryError,
  StoreUnavailableError,
  TeamsDeliveryError,
  UsageError,
} from '../src/errors';

describe('coded errors', () => {
  const cause = new Error('ECONNREFUSED');
  const cases: Array<[SipsleuthError, ErrorCode, string]> = [
    [new ConfigError(['SIPSLEUTH_HTTP_PORT: must be a port']), ErrorCode.Config, 'ConfigError'],
    [new UsageError('no such command'), ErrorCode.Usage, 'UsageError'],
    [new StoreUnavailableError('Redis away', cause), ErrorCode.StoreUnavailable, 'StoreUnavailableError'],
    [new QueueUnavailableError('Redis away', cause), ErrorCode.QueueUnavailable, 'QueueUnavailableError'],
    [new SlackDeliveryError('chat.postMessage failed', cause), ErrorCode.SlackDelivery, 'SlackDeliveryError'],
    [new TeamsDeliveryError('sendActivity failed', cause), ErrorCode.TeamsDelivery, 'TeamsDeliveryError'],
    [new BadJobError('not a batch', 'job 7'), ErrorCode.BadJob, 'BadJobError'],
  ];

  it.each(cases)('%s carries its code, its name and the code in its message', (err, code, name) => {
    expect(err.code).toBe(code);
    expect(err.name).toBe(name);
    expect(err.message.startsWith(`[${code}] `)).toBe(true);
    expect(isSipsleuthError(err)).toBe(true);
    expect(err).toBeInstanceOf(Error);
  });

  it('every code has exactly one class', () => {
    expect(new Set(cases.map((c) => c[1]))).toEqual(new Set(Object.values(ErrorCode)));
  });

  it('keeps the cause and where it happened', () => {
    const e = new StoreUnavailableError('Redis away', cause);
    expect(e.cause).toBe(cause);
    expect(e.where).toBe('store');
    expect(new BadJobError('x', 'job 7').where).toBe('job 7');
    expect(new ConfigError(['a: b', 'c: d']).problems).toEqual(['a: b', 'c: d']);
  });

  it('plain errors are not taken for coded ones', () => {
    expect(isSipsleuthError(new Error('[sipsleuth_usage] looks coded'))).toBe(false);
  });
});
