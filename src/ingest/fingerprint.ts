import { createHash } from 'node:crypto';
import type { FileHandle } from 'node:fs/promises';

/**
 * A file's identity beyond its inode: a hash of its head. Written as `<n>:<sha1 hex>` where n is
 * how many head bytes were hashed (up to 1 KB), so a file that was shorter than 1 KB when it was
 * fingerprinted can still be recognised after it grew: compare the same n bytes.
 */
export const FINGERPRINT_BYTES = 1024;

export function fingerprintOf(head: Buffer): string {
  const n = Math.min(head.length, FINGERPRINT_BYTES);
  return `${n}:${createHash('sha1').update(head.subarray(0, n)).digest('hex')}`;
}

/** How many bytes a fingerprint covers, or null when it is not one of ours. */
export function fingerprintLength(fp: string): number | null {
  const colon = fp.indexOf(':');
  if (colon <= 0) {
    return null;
  }
  const n = Number(fp.slice(0, colon));
  return Number.isSafeInteger(n) && n >= 0 && n <= FINGERPRINT_BYTES ? n : null;
}

/** Reads up to `n` bytes from the start of an open file. */
export async function readHead(fh: FileHandle, n: number): Promise<Buffer> {
  const buf = Buffer.alloc(n);
  let got = 0;
  while (got < n) {
    const { bytesRead } = await fh.read(buf, got, n - got, got);
    if (bytesRead === 0) {
      break;
    }
    got += bytesRead;
  }
  return buf.subarray(0, got);
}

/**
 * True when the open file still starts with the bytes that `fp` was taken from. A file now
 * shorter than the fingerprinted head is not the same file (it was truncated or replaced).
 */
export async function headMatches(fh: FileHandle, fp: string): Promise<boolean> {
  const n = fingerprintLength(fp);
  if (n === null) {
    return false;
  }
  const head = await readHead(fh, n);
  return head.length === n && fingerprintOf(head) === fp;
}
