/**
 * Where the tailer stopped in each file. Stored only after the records before `offset` are
 * safely queued, so a restart resumes exactly there.
 */
export interface FileState {
  /** inode number of the file (as a decimal string: inode numbers can exceed 2^53) */
  inode: string;
  /** fingerprint of the file's head, see `fingerprint.ts` */
  fingerprint: string;
  /** byte offset of the first line not yet part of a queued record */
  offset: number;
  /** 1-based line number at `offset` */
  line: number;
}

export interface OffsetStore {
  get(path: string): Promise<FileState | null>;
  set(path: string, state: FileState): Promise<void>;
}

/** Offsets kept in memory: for one-shot runs and tests that do not test persistence. */
export class MemoryOffsetStore implements OffsetStore {
  private readonly states = new Map<string, FileState>();
  get(path: string): Promise<FileState | null> {
    const s = this.states.get(path);
    return Promise.resolve(s ? { ...s } : null);
  }
  set(path: string, state: FileState): Promise<void> {
    this.states.set(path, { ...state });
    return Promise.resolve();
  }
}
