/** The `code` of a Node system error (`ENOENT`, `EACCES`, …), if it has one. */
export function errCode(e: unknown): string | undefined {
  return typeof e === 'object' && e !== null && 'code' in e && typeof e.code === 'string' ? e.code : undefined;
}

/** An error's message for a log line. */
export function errText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
