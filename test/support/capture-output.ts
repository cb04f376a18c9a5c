/** Runs `work` with process.stdout and process.stderr captured; returns its result and what it wrote. */
export async function captureOutput<T>(work: () => Promise<T>): Promise<{ result: T; out: string; err: string }> {
  let out = '';
  let err = '';
  const so = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  });
  const se = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    err += String(chunk);
    return true;
  });
  try {
    const result = await work();
    return { result, out, err };
  } finally {
    so.mockRestore();
    se.mockRestore();
  }
}
