import { detectFormat, getFormat } from '../formats/index';
import type { FormatRegistry } from './format-choice';

/** The project's format registry (src/formats/index.ts) as ingest uses it. */
export function defaultRegistry(): FormatRegistry {
  return { getFormat, detectFormat };
}
