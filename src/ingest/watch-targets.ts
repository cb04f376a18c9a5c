import { stat } from 'node:fs/promises';
import path from 'node:path';
import picomatch from 'picomatch';
import { glob } from 'tinyglobby';

/**
 * What `SIPSLEUTH_WATCH` names: files, folders and globs. chokidar 4 does not expand globs, so each
 * target says which folder to watch (`root`), how deep, and which files under it are ours.
 *
 *   /var/log/sbc/mediant.log     a file (it may not exist yet): watch its folder, match the path
 *   /var/log/sbc/                a folder: every file below it, except compressed rotations
 *   /var/log/sbc/*.log           a glob: watch the glob's static base, match the pattern
 */
export interface WatchTarget {
  spec: string;
  kind: 'file' | 'folder' | 'glob';
  /** the folder to watch */
  root: string;
  /** how many folder levels below `root` can hold matches (undefined = any) */
  depth: number | undefined;
  matches(file: string): boolean;
}

/** rotated copies that are compressed: never tailed when a whole folder is watched */
const COMPRESSED = /\.(gz|bz2|xz|zst|zip|lz4|7z)$/i;

export async function parseWatchSpec(spec: string, cwd: string): Promise<WatchTarget> {
  const scan = picomatch.scan(spec);
  if (scan.isGlob) {
    const abs = path.resolve(cwd, spec);
    const absScan = picomatch.scan(abs);
    const root = absScan.base || path.parse(abs).root;
    const isMatch = picomatch(abs, { dot: true });
    const depth = absScan.glob.includes('**') ? undefined : absScan.glob.split('/').length - 1;
    return { spec, kind: 'glob', root, depth, matches: (f) => isMatch(f) };
  }
  const abs = path.resolve(cwd, spec);
  let isDir = spec.endsWith('/');
  if (!isDir) {
    try {
      isDir = (await stat(abs)).isDirectory();
    } catch {
      isDir = false; // not there yet: a file to wait for
    }
  }
  if (isDir) {
    const prefix = abs.endsWith(path.sep) ? abs : abs + path.sep;
    return {
      spec,
      kind: 'folder',
      root: abs,
      depth: undefined,
      matches: (f) => f.startsWith(prefix) && !COMPRESSED.test(f),
    };
  }
  return { spec, kind: 'file', root: path.dirname(abs), depth: 0, matches: (f) => f === abs };
}

/** The files that match a target right now (absolute paths). */
export async function expandTarget(t: WatchTarget): Promise<string[]> {
  if (t.kind === 'file') {
    try {
      const file = path.join(t.root, path.basename(t.spec));
      const abs = t.matches(file) ? file : null;
      return abs && (await stat(abs)).isFile() ? [abs] : [];
    } catch {
      return [];
    }
  }
  const found = await glob('**/*', {
    cwd: t.root,
    absolute: true,
    onlyFiles: true,
    dot: true,
    followSymbolicLinks: true,
    deep: t.depth === undefined ? Infinity : t.depth + 1,
  });
  return found.map((f) => path.normalize(f)).filter((f) => t.matches(f));
}
