/** Reading back JSON this service stored in Redis. */

/** The parsed value, or null when there is none or it is not valid JSON (callers count or skip it). */
export function parseJsonOrNull<T>(raw: string | null | undefined): T | null {
  if (!raw) {
    return null;
  }
  try {
    return JSON.parse(raw) as T;
  } catch {
    return null;
  }
}
