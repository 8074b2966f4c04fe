import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { type CliIo, runCli, USAGE } from './cli.js';

interface Captured {
  code: number;
  stdout: string;
  stderr: string;
}

let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'cli-'));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

/** Runs the CLI with an in-memory io: a home and tool cache in a temp dir, this PATH. */
async function cli(
  argv: string[],
  env: Record<string, string | undefined> = {},
): Promise<Captured> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    env: { PATH: process.env['PATH'], HOME: tmp, RUNNER_TOOL_CACHE: path.join(tmp, 'tc'), ...env },
    cwd: tmp,
  };
  const code = await runCli(argv, io, '9.8.7');
  return { code, stdout, stderr };
}

describe('runCli mirror', () => {
  it.each([
    [['mirror'], /needs --out DIR or --check DIR/],
    [['mirror', '--out', 'b'], /at least one --go-version/],
    [['mirror', '--out', 'b', '--go-version', '1.22', '--source', 'dl'], /proxy or go\.dev/],
    [
      ['mirror', '--out', 'b', '--go-version', '1.22', '--go-download-base-url', 'http://m/dl'],
      /go with --source go\.dev/,
    ],
    [
      [
        'mirror',
        '--out',
        'b',
        '--go-version',
        '1.22',
        '--source',
        'go.dev',
        '--go-download-base-url',
        'ftp://m/dl',
      ],
      /go-download-base-url must be http\(s\) or file:, not ftp:/,
    ],
    [['mirror', '--out', 'b', '--go-version', '1.22', '--platform', 'linux'], /OS\/ARCH/],
    [['mirror', '--check', 'b', '--out', 'c'], /--check takes no --out/],
  ])('%j is a usage error', async (argv, message) => {
    const r = await cli(argv);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });

  it('mirror --check of a directory without a bundle exits 1', async () => {
    const r = await cli(['mirror', '--check', tmp]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/manifest\.json: /);
  });
});

describe('runCli', () => {
  it.each([['--help'], ['-h'], ['help']])('%s prints the usage and exits 0', async (flag) => {
    expect(await cli([flag])).toEqual({ code: 0, stdout: USAGE, stderr: '' });
  });

  it('--version prints the version', async () => {
    expect(await cli(['--version'])).toEqual({ code: 0, stdout: '9.8.7\n', stderr: '' });
  });

  it('exits 2 with the usage when no command is given', async () => {
    const r = await cli([]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe(USAGE);
  });

  it('exits 2 on an unknown command', async () => {
    const r = await cli(['instal']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`setup-go-verified: unknown command "instal"\n\n${USAGE}`);
  });

  it.each([
    [['install', '--go-verison', '1.22']],
    [['install', '--go-version', '1.22', 'extra']],
    [['doctor', '--go-version', '1.22']],
    [['doctor', '--bogus']],
  ])('exits 2 on a flag or argument the command does not take: %j', async (argv) => {
    const r = await cli(argv);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.startsWith('setup-go-verified: ')).toBe(true);
    expect(r.stderr.endsWith(USAGE)).toBe(true);
  });

  it('names the unknown flag', async () => {
    expect((await cli(['install', '--go-verison', '1.22'])).stderr).toContain("'--go-verison'");
  });

  it('exits 2 on --shell fish', async () => {
    const r = await cli(['install', '--go-version', '1.22.5', '--shell', 'fish']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--shell must be sh or pwsh, not fish');
  });

  it('exits 2 on --github outside the runner', async () => {
    const r = await cli(['install', '--go-version', '1.22.5', '--github'], { GITHUB_PATH: '' });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--github needs the runner environment');
  });

  it('install --help prints the usage', async () => {
    expect(await cli(['install', '--help'])).toEqual({ code: 0, stdout: USAGE, stderr: '' });
  });

  it('exits 1 with the message on an invalid go-version, before any download', async () => {
    const r = await cli(['install', '--go-version', 'abc']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(
      /^setup-go-verified: invalid go-version "abc": expected a Go version/m,
    );
    expect(await readdir(tmp)).toEqual([]);
  });

  it.each([
    [['--health-check', 'sometimes'], 'health-check'],
    [['--check-latest', '--go-download-base-url', 'ftp://mirror.example'], 'go-download-base-url'],
  ])('exits 1 naming the input on %j', async (flags, name) => {
    const r = await cli(['install', '--go-version', '1.22.5', ...flags]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(name);
  });

  it('doctor --json prints parseable findings for this machine', async () => {
    const r = await cli(['doctor', '--json']);
    const report = JSON.parse(r.stdout) as { ok: boolean; findings: unknown[] };
    expect(Array.isArray(report.findings)).toBe(true);
    expect(typeof report.ok).toBe('boolean');
    expect(r.code).toBe(report.ok ? 0 : 1);
  });

  // doctor --json copies the whole environment into `facts.env`, so a token in the job's
  // environment ends up on stdout (and in any log or artifact that keeps it).
  it('doctor --json does not print secrets from the environment', async () => {
    const secret = 'ghp_notARealTokenButShapedLikeOne0123456789';
    const r = await cli(['doctor', '--json'], { GITHUB_TOKEN: secret });
    expect(r.stdout).not.toContain(secret);
  });
});
