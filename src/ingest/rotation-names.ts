import path from 'node:path';

/**
 * The name a rotated file had before rotation, from the usual logrotate/rsyslog suffixes:
 *
 *   sbc.log.1  sbc.log-20261125  sbc.log.2026-11-25  sbc.log_3  →  sbc.log
 *
 * null when the name has no such suffix. Compressed rotations are never tailed anyway.
 */
const SUFFIX = /^(.+?)(?:[.\-_]\d{1,3}|[.\-_]\d{8}(?:\d{2,6})?|[.\-_]\d{4}-\d{2}-\d{2}(?:[T_-]\d{2}[:-]?\d{2}(?:[:-]?\d{2})?)?)$/;

export function rotationBase(file: string): string | null {
  const name = path.basename(file);
  const m = SUFFIX.exec(name);
  return m ? path.join(path.dirname(file), m[1]) : null;
}

/** True when `name` could be a rotation of `base` (same folder, base name plus a suffix). */
export function isRotationOf(file: string, base: string): boolean {
  return rotationBase(file) === base;
}
