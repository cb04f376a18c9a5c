import type { Redis } from 'ioredis';
import { StoreUnavailableError } from '../errors';
import type { FileState, OffsetStore } from './offset-store';

/**
 * File offsets in Redis: one hash `<prefix>:ingest:offsets`, field = file path, value = the
 * FileState as JSON. One HSET per committed batch; a missing or unreadable entry reads as null
 * (the file is then read from its start, which is safe because records are idempotent downstream).
 */
export class RedisOffsetStore implements OffsetStore {
  private readonly key: string;
  constructor(
    private readonly redis: Redis,
    opts: { prefix: string },
  ) {
    this.key = `${opts.prefix}:ingest:offsets`;
  }

  async get(path: string): Promise<FileState | null> {
    let raw: string | null;
    try {
      raw = await this.redis.hget(this.key, path);
    } catch (e) {
      throw new StoreUnavailableError(`cannot read the offset of ${path}`, e);
    }
    return raw === null ? null : decodeFileState(raw);
  }

  async set(path: string, state: FileState): Promise<void> {
    const value = JSON.stringify({
      inode: state.inode,
      fingerprint: state.fingerprint,
      offset: state.offset,
      line: state.line,
    });
    try {
      await this.redis.hset(this.key, path, value);
    } catch (e) {
      throw new StoreUnavailableError(`cannot store the offset of ${path}`, e);
    }
  }
}

/** A stored FileState, or null when the value is not one (written by something else). */
export function decodeFileState(raw: string): FileState | null {
  let v: unknown;
  try {
    v = JSON.parse(raw);
  } catch {
    return null;
  }
  if (typeof v !== 'object' || v === null) {
    return null;
  }
  const o = v as Record<string, unknown>;
  if (
    typeof o.inode !== 'string' ||
    typeof o.fingerprint !== 'string' ||
    !isCount(o.offset) ||
    !isCount(o.line) ||
    o.line < 1
  ) {
    return null;
  }
  return { inode: o.inode, fingerprint: o.fingerprint, offset: o.offset, line: o.line };
}

function isCount(n: unknown): n is number {
  return typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;
}
