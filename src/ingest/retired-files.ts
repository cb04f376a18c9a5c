/**
 * Files the tailer finished (rotated away or deleted) with where it stopped, by inode, so that a
 * rotated file that shows up again under a watched name is not read twice. Bounded.
 */
export interface RetiredFile {
  fingerprint: string;
  offset: number;
  line: number;
}

export class RetiredFiles {
  private readonly byInode = new Map<string, RetiredFile>();
  constructor(private readonly max = 1000) {}

  add(inode: string, file: RetiredFile): void {
    this.byInode.delete(inode);
    this.byInode.set(inode, file);
    if (this.byInode.size > this.max) {
      const oldest = this.byInode.keys().next().value;
      if (oldest !== undefined) {
        this.byInode.delete(oldest);
      }
    }
  }

  get(inode: string): RetiredFile | undefined {
    return this.byInode.get(inode);
  }
}
