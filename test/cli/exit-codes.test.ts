/**
 * The command line's exit codes and messages on bad input (design §2: 0 ok, 1 bad input or nothing
 * readable, 2 usage), run in-process through runCli with stdout and stderr captured.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCli } from '../../src/cli/main';
import { captureOutput } from '../support/capture-output';

const FIXTURE = path.join(__dirname, '../fixtures/audiocodes/ask-seven-calls.rsyslog.log');
let dir: string;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sipsleuth-cli-codes-'));
  fs.writeFileSync(path.join(dir, 'binary.dat'), Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 97) % 256)));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function cli(...words: string[]): Promise<{ code: number; out: string; err: string }> {
  const { result, out, err } = await captureOutput(() => runCli(['node', 'sipsleuth', ...words]));
  return { code: result, out, err };
}

describe('usage errors exit 2, also inside a command', () => {
  test.each([
    [['analyze', '--format', 'nope', 'x.log'], "argument 'nope' is invalid"],
    [['analyze', '--year', '12', 'x.log'], 'must be a year like 2026'],
    [['analyze', '--tz', 'Mars/Olympus', 'x.log'], 'must be a time zone name'],
    [['why'], "missing required argument 'ref'"],
    [['explain', 'a', 'b'], 'too many arguments'],
    [['bogus'], "unknown command 'bogus'"],
  ])('%j', async (words, said) => {
    const r = await cli(...words);
    expect(r.code).toBe(2);
    expect(r.err).toContain(said);
    expect(r.err).toContain('run sipsleuth --help');
  });

  test('--help exits 0', async () => {
    const r = await cli('analyze', '--help');
    expect(r.code).toBe(0);
    expect(r.out).toContain('--format');
  });
});

describe('explain on input it cannot read', () => {
  test('a folder: exit 1, said so (no stack trace)', async () => {
    const r = await cli('explain', dir);
    expect(r.code).toBe(1);
    expect(r.err).toBe(`sipsleuth: ${dir}: is a folder, not a file\n`);
  });

  test('a missing file: exit 1, said so', async () => {
    const missing = path.join(dir, 'missing.sip');
    const r = await cli('explain', missing);
    expect(r.code).toBe(1);
    expect(r.err).toBe(`sipsleuth: ${missing}: no such file\n`);
  });

  test('binary data: exit 1, not a SIP message', async () => {
    const r = await cli('explain', path.join(dir, 'binary.dat'));
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^sipsleuth: this is not a SIP message: /);
    expect(r.out).toBe('');
  });
});

describe('why with files it cannot read', () => {
  test('a missing file is named on stderr, not passed over as "no call matches"', async () => {
    const missing = path.join(dir, 'nope.log');
    const r = await cli('why', 'x', missing);
    expect(r.code).toBe(1);
    expect(r.err).toBe(`sipsleuth: ${missing}: no such file\n`);
    expect(r.out).toContain('No call matches "x"');
  });

  test('one readable file and one missing: the call is explained, the missing one named', async () => {
    const missing = path.join(dir, 'gone.log');
    const r = await cli('why', 'a1b2c3:1:1001', missing, FIXTURE);
    expect(r.code).toBe(0);
    expect(r.err).toBe(`sipsleuth: ${missing}: no such file\n`);
    expect(r.out).toContain('+49305550101');
  });

  test('ask from a folder names it on stderr', async () => {
    const r = await cli('ask', 'status', dir);
    expect(r.err).toBe(`sipsleuth: ${dir}: is a folder, not a file\n`);
  });
});

describe("without files, when the service's Redis does not answer", () => {
  const saved = process.env.REDIS_URL;
  beforeAll(() => {
    process.env.REDIS_URL = 'redis://:s3cret@127.0.0.1:1';
  });
  afterAll(() => {
    if (saved === undefined) {
      delete process.env.REDIS_URL;
    } else {
      process.env.REDIS_URL = saved;
    }
  });

  test('why: exit 1, says so with the password masked and what to do instead', async () => {
    const r = await cli('why', '+49305550101');
    expect(r.code).toBe(1);
    expect(r.err).toBe(
      "sipsleuth: cannot reach the service's Redis at redis://***@127.0.0.1:1: give log files after the reference, or start the service\n",
    );
  });

  test('digest --print: exit 1, the same without the hint', async () => {
    const r = await cli('digest', '--print', '--date', '2026-11-23');
    expect(r.code).toBe(1);
    expect(r.err).toBe("sipsleuth: cannot reach the service's Redis at redis://***@127.0.0.1:1\n");
  });
});
