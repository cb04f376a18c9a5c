/**
 * The format registry: every reader by its name, detection, and the composed LogReader.
 */
import type { FormatModule } from './reader';
import type { FormatName } from './record';
import { FORMAT_NAMES } from './record';
import { asteriskFormat } from './asterisk';
import { audiocodesFormat } from './audiocodes';
import { ciscoFormat } from './cisco';
import { freeswitchFormat } from './freeswitch';
import { oracleFormat } from './oracle';
import { plainSipFormat } from './plain-sip';
import { ribbonFormat } from './ribbon';

export const FORMATS: Record<FormatName, FormatModule> = {
  audiocodes: audiocodesFormat,
  ribbon: ribbonFormat,
  oracle: oracleFormat,
  cisco: ciscoFormat,
  asterisk: asteriskFormat,
  freeswitch: freeswitchFormat,
  sip: plainSipFormat,
};

/** The module for a `--format` name (case-insensitive), or null for an unknown name. */
export function getFormat(name: string): FormatModule | null {
  const n = name.trim().toLowerCase();
  return (FORMAT_NAMES as readonly string[]).includes(n) ? FORMATS[n as FormatName] : null;
}

export { detectFormat, MIN_DETECT_SCORE } from './detect';
export { createLogReader } from './log-reader';
export type { LogReaderLimits } from './log-reader';
