/** `sipsleuth explain [file|-]`: one raw SIP message broken down line by line. */
import fs from 'node:fs';
import { errCode } from '../../ingest/fs-errors';
import { explainSip, renderExplanation } from '../../sip/explain';

type ReadResult = { ok: true; text: string } | { ok: false; why: string };

function readMessage(file: string): ReadResult {
  try {
    return { ok: true, text: fs.readFileSync(file === '-' ? 0 : file, 'utf8') };
  } catch (e) {
    const code = errCode(e);
    if (code === 'ENOENT') {
      return { ok: false, why: 'no such file' };
    }
    if (code === 'EISDIR') {
      return { ok: false, why: 'is a folder, not a file' };
    }
    if (code !== undefined) {
      return { ok: false, why: `cannot read: ${(e as Error).message}` };
    }
    throw e;
  }
}

/** Prints the explanation; returns the exit code (0 ok, 1 unreadable or not a SIP message). */
export function runExplain(file: string): number {
  const read = readMessage(file);
  if (!read.ok) {
    process.stderr.write(`sipsleuth: ${file}: ${read.why}\n`);
    return 1;
  }
  const e = explainSip(read.text);
  if (!e.ok) {
    process.stderr.write(`sipsleuth: this is not a SIP message: ${e.why}\n`);
    return 1;
  }
  process.stdout.write(`${renderExplanation(e)}\n`);
  return 0;
}
