import { z } from 'zod';

/** A comma-separated list in one environment variable. */
export const csv = z
  .string()
  .optional()
  .transform((s) =>
    (s ?? '')
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean),
  );

export const port = z.coerce
  .number<string>()
  .int('must be a whole number')
  .min(1, 'must be a port from 1 to 65535')
  .max(65535, 'must be a port from 1 to 65535');

export const optionalPort = z
  .string()
  .optional()
  .transform((s) => (s === undefined || s.trim() === '' ? undefined : s))
  .pipe(port.optional());

export const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no', ''])
  .optional()
  .transform((s) => s === 'true' || s === '1' || s === 'yes');

export const emptyToUndefined = z
  .string()
  .optional()
  .transform((s) => (s === undefined || s.trim() === '' ? undefined : s.trim()));
