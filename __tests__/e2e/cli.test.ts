/**
 * The CLI as users run it: the bundled dist/cli through bin/setup-go-verified.js, outside
 * GitHub (shell exports to eval) and inside it (--github writes the runner's files).
 */
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startDownloadServer, type DownloadServer } from '../../test-support/dl-server.mjs';
import { node24 } from '../../test-support/node24.mjs';
import { createSigningKey, signedRelease } from '../../test-support/release-fixture.mjs';
import { newJob, parseEnvFile, repoRoot } from '../../test-support/runner.mjs';
import { goDevTree } from '../../test-support/image-tree.mjs';
import { goProxy, toolchainModuleZip, toolchainTarGz } from '../../test-support/toolchain.mjs';
import { startToolchainProxy, type ToolchainProxy } from '../../test-support/toolchain-proxy.mjs';

jest.setTimeout(300_000);

const VERSION = '1.22.5';
const cli = path.join(repoRoot, 'bin', 'setup-go-verified.js');
let server: DownloadServer;
let keys: string;

beforeAll(async () => {
  const release = await signedRelease({
    archive: toolchainTarGz(VERSION),
    version: VERSION,
    key: await createSigningKey(),
  });
  keys = path.join(mkdtempSync(path.join(os.tmpdir(), 'sgv-cli-')), 'keys.asc');
  writeFileSync(keys, release.publicKey);
  server = await startDownloadServer({ index: release.index, files: release.files });
});

afterAll(() => server.close());

/** Runs the CLI asynchronously: the loopback server lives in this process and must keep serving. */
function runCli(
  args: string[],
  env: NodeJS.ProcessEnv = {},
  cwd = repoRoot,
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const clean = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !/^(GITHUB_|RUNNER_|INPUT_)/.test(k)),
  );
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cli, ...args], { env: { ...clean, ...env }, cwd });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

describe('setup-go-verified CLI', () => {
  it('install prints exports that put the verified go first on PATH', async () => {
    const toolCache = mkdtempSync(path.join(os.tmpdir(), 'sgv-cli-cache-'));
    const r = await runCli([
      'install',
      '--go-version',
      '1.22',
      '--go-download-base-url',
      server.baseUrl,
      '--signing-keys',
      keys,
      '--tool-cache',
      toolCache,
      '--health-check',
      'quick',
    ]);
    expect(r.stderr).toContain('OpenPGP signature by');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(`export GOTOOLCHAIN='local'`);
    const out = execFileSync('sh', ['-c', `${r.stdout}\ngo version`], { encoding: 'utf8' });
    expect(out).toBe(`go version go${VERSION} linux/amd64\n`);

    const json = await runCli([
      'install',
      '--go-version',
      VERSION,
      '--tool-cache',
      toolCache,
      '--json',
      '--health-check',
      'off',
    ]);
    expect(json.status).toBe(0);
    const result = JSON.parse(json.stdout);
    expect(result.cacheHit).toBe(true);
    // A reuse states what this run proved, not what the record beside the entry says.
    expect(result.verification.artifacts).toEqual([]);
    expect(result.verification.proof).toMatchObject({
      how: 'reused',
      anchor: 'checksum-database',
    });
  });

  it('install --github writes the runner files like the action', async () => {
    const job = newJob();
    const r = await runCli(
      [
        'install',
        '--go-version',
        VERSION,
        '--go-download-base-url',
        server.baseUrl,
        '--signing-keys',
        keys,
        '--tool-cache',
        job.toolCache,
        '--github',
        '--health-check',
        'quick',
      ],
      { ...job.files },
    );
    expect(r.status).toBe(0);
    expect(readFileSync(job.files.GITHUB_PATH, 'utf8')).toContain(
      path.join(job.toolCache, 'go', VERSION, 'x64', 'bin'),
    );
    expect(parseEnvFile(readFileSync(job.files.GITHUB_OUTPUT, 'utf8'))['go-version']).toBe(VERSION);
  });

  it('install fails with exit 1 and a clear message on a bad version, 2 on a bad flag', async () => {
    const bad = await runCli(['install', '--go-version', 'one.two', '--tool-cache', os.tmpdir()]);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('one.two');
    const usage = await runCli(['install', '--no-such-flag']);
    expect(usage.status).toBe(2);
    expect(usage.stderr).toContain('Usage: setup-go-verified');
  });

  it('doctor explains a go that shadows the one the project needs', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'sgv-doctor-'));
    const fake = path.join(dir, 'go');
    writeFileSync(fake, '#!/bin/sh\necho "go version go1.19 linux/amd64"\n', { mode: 0o755 });
    writeFileSync(path.join(dir, 'go.mod'), 'module example.com/m\n\ngo 1.22\n');
    const r = await runCli(
      ['doctor', '--go-version-file', 'go.mod'],
      { PATH: `${dir}:${process.env['PATH']}` },
      dir,
    );
    expect(r.status).toBe(1);
    expect(r.stdout).toContain(fake);
    expect(r.stdout).toMatch(/1\.22/);
  });

  it('coverage merges legs made with different tags and enforces a threshold', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'sgv-cli-coverage-'));
    cpSync(path.join(repoRoot, '__tests__', 'e2e', 'fixtures', 'tagged-module'), dir, {
      recursive: true,
    });
    const goEnv = { GOTOOLCHAIN: 'local', GOFLAGS: '-mod=mod' };
    for (const tag of ['alpha', 'beta']) {
      execFileSync(
        'go',
        ['test', `-tags=${tag}`, '-covermode=atomic', `-coverprofile=${tag}.out`, '.'],
        {
          cwd: dir,
          env: { ...process.env, ...goEnv },
        },
      );
    }
    const args = [
      'coverage',
      '--mode',
      'report',
      '--profile',
      'alpha.out',
      '--profile',
      'beta.out',
    ];
    const ok = await runCli([...args, '--threshold-total', '71.4'], goEnv, dir);
    expect(ok.stderr).not.toContain('setup-go-verified:');
    expect(ok.status).toBe(0);
    expect(ok.stdout).toContain('coverage: 71.4% of statements (5 of 7)');
    expect(readFileSync(path.join(dir, 'coverage', 'lcov.info'), 'utf8')).toContain('SF:beta.go');
    const below = await runCli([...args, '--threshold-total', '71.5'], goEnv, dir);
    expect(below.status).toBe(1);
    expect(below.stdout).toContain('total >= 71.5%: not met');
  });

  it('runs on Node 24 too', () => {
    const r = spawnSync(node24(), [cli, '--version'], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toBe(
      JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')).version,
    );
  });
});

describe('setup-go-verified verify and doctor prove a GOROOT', () => {
  // Module zips from the test cache; the checksum database is the real one behind GOPROXY.
  let loopback: ToolchainProxy;
  let proxy: string;
  beforeAll(async () => {
    const { zip, version } = toolchainModuleZip(VERSION);
    loopback = await startToolchainProxy(new Map([[version, zip]]), goProxy().split(/[,|]/)[0]!);
    proxy = loopback.url;
  });
  afterAll(() => loopback.close());

  function copyTree(): string {
    const dir = path.join(mkdtempSync(path.join(os.tmpdir(), 'sgv-verify-')), 'go');
    cpSync(goDevTree(VERSION), dir, { recursive: true, verbatimSymlinks: true });
    return dir;
  }

  it('proves a go.dev-shaped GOROOT file by file and says what no proof covers', async () => {
    const dir = copyTree();
    const r = await runCli(['verify', dir, '--goproxy', proxy]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(
      `${dir}: Go go${VERSION} linux/amd64, as golang.org/toolchain@v0.0.1-go${VERSION}.linux-amd64`,
    );
    expect(r.stdout).toMatch(
      /checksum database sum\.golang\.org: h1:\S+ \(record \d+, signed tree \d+\)/,
    );
    expect(r.stdout).toContain('OK: every file is the one the Go team published.');
    expect(r.stdout).toContain('not covered by any proof: 4 files under api/ doc/ misc/ test/');
    const json = JSON.parse((await runCli(['verify', dir, '--goproxy', proxy, '--json'])).stdout);
    expect(json.ok).toBe(true);
    expect(json.found).toBe(json.expected);
  });

  it('names a changed go.env, an added file and a link, and exits 1', async () => {
    const dir = copyTree();
    writeFileSync(path.join(dir, 'go.env'), 'GOTOOLCHAIN=local\n');
    writeFileSync(path.join(dir, 'src', 'fmt', 'zz.go'), 'package fmt\n');
    execFileSync('ln', [
      '-s',
      '../../misc/wasm/wasm_exec.js',
      path.join(dir, 'src', 'fmt', 'zz_link.go'),
    ]);
    const r = await runCli(['verify', dir, '--goproxy', proxy]);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('DIFFERS from the published toolchain:');
    expect(r.stdout).toContain('  changed: go.env');
    expect(r.stdout).toContain('  added: src/fmt/zz.go');
    expect(r.stdout).toContain('  added: src/fmt/zz_link.go');
    expect(r.stdout).toMatch(/src\/fmt\/zz_link\.go: symlink/);
  });

  it('doctor proves the go first on PATH and names what differs from the published one', async () => {
    const dir = copyTree();
    writeFileSync(path.join(dir, 'go.env'), 'GOTOOLCHAIN=local\n');
    const env = { PATH: `${path.join(dir, 'bin')}:${process.env['PATH']}`, GOPROXY: proxy };
    const r = await runCli(['doctor', '--json'], env);
    expect(r.status).toBe(1);
    const report = JSON.parse(r.stdout);
    const proof = report.findings.find((f: { check: string }) => f.check === 'published toolchain');
    expect(proof).toMatchObject({ layer: 'binary', ok: false, severity: 'error' });
    expect(proof.detail).toContain(
      `${dir} is not the go${VERSION} the Go team published: 1 changed (go.env)`,
    );
    const good = await runCli(['doctor', '--json'], {
      ...env,
      PATH: `${path.join(copyTree(), 'bin')}:${process.env['PATH']}`,
    });
    const fine = JSON.parse(good.stdout).findings.find(
      (f: { check: string }) => f.check === 'published toolchain',
    );
    expect(fine).toMatchObject({ ok: true, severity: 'info' });
    expect(fine.detail).toMatch(/every file hashes to h1:/);
  });

  it('says what is wrong with a directory that is not a GOROOT, and with bad flags', async () => {
    const empty = mkdtempSync(path.join(os.tmpdir(), 'sgv-verify-empty-'));
    const r = await runCli(['verify', empty, '--goproxy', proxy]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/has no VERSION file: is it a Go installation/);
    const usage = await runCli(['verify', empty, '--os', 'linux']);
    expect(usage.status).toBe(2);
    expect(usage.stderr).toMatch(/give --os and --arch together/);
  });
});
