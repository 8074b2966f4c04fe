/**
 * Platform rehearsal for the six GitHub-hosted runner platforms, on the built dist/: each
 * runner's RUNNER_OS × RUNNER_ARCH picks its toolchain, which the setup bundle installs with
 * go-download-source: proxy into a fresh tool cache. The proxy list is the go command's
 * module cache (file://, where `go mod download` left the zips after checking them) in front
 * of the machine's real GOPROXY, which answers for the real checksum database. The installed
 * tree is checked, and the linux/arm64 and windows/amd64 toolchains are run under
 * qemu-aarch64 and wine (npm test installs both). Where one cannot run, or this machine's
 * proxy does not serve a platform's toolchain, the check is recorded as not run.
 */
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, existsSync, openSync, readFileSync, readSync, rmSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { executableFormat, HEADER_BYTES } from '../../src/archive/executable-format.js';
import { toolchainModuleVersion } from '../../src/versions/toolchain-module.js';
import { archiveExtension, indexArchName, runnerPlatform } from '../../src/platform.js';
import { testCacheDir } from '../../test-support/cache.mjs';
import { node24 } from '../../test-support/node24.mjs';
import { notRun } from '../../test-support/not-run.mjs';
import { newJob, runStep, type Job } from '../../test-support/runner.mjs';
import { findWine, missingTool, onPath, wineCanRunHere } from '../../test-support/system-tools.mjs';
import { goProxy, toolchainModuleZip } from '../../test-support/toolchain.mjs';
import { runUnderWine, wineZPath } from '../../test-support/wine.mjs';

jest.setTimeout(300_000);

/** One release for all six, so a warm test cache holds every zip. */
const VERSION = '1.25.14';

interface RunnerPlatform {
  runner: string;
  runnerOs: string;
  runnerArch: string;
  goos: string;
  goarch: string;
  /** The file go.dev publishes for this platform. */
  archive: string;
  /** The tool cache's arch directory (actions/setup-go's names). */
  cacheArch: string;
  /** Header family of its executables, as the library names it. */
  format: 'elf' | 'mach-o' | 'pe';
  /** What `file` says about bin/go. */
  file: RegExp;
}

const RUNNERS: RunnerPlatform[] = [
  {
    runner: 'ubuntu-24.04',
    runnerOs: 'Linux',
    runnerArch: 'X64',
    goos: 'linux',
    goarch: 'amd64',
    archive: `go${VERSION}.linux-amd64.tar.gz`,
    cacheArch: 'x64',
    format: 'elf',
    file: /^ELF 64-bit LSB executable, x86-64/,
  },
  {
    runner: 'ubuntu-24.04-arm',
    runnerOs: 'Linux',
    runnerArch: 'ARM64',
    goos: 'linux',
    goarch: 'arm64',
    archive: `go${VERSION}.linux-arm64.tar.gz`,
    cacheArch: 'arm64',
    format: 'elf',
    file: /^ELF 64-bit LSB executable, ARM aarch64/,
  },
  {
    runner: 'macos-15-intel',
    runnerOs: 'macOS',
    runnerArch: 'X64',
    goos: 'darwin',
    goarch: 'amd64',
    archive: `go${VERSION}.darwin-amd64.tar.gz`,
    cacheArch: 'x64',
    format: 'mach-o',
    file: /^Mach-O 64-bit x86_64 executable/,
  },
  {
    runner: 'macos-latest',
    runnerOs: 'macOS',
    runnerArch: 'ARM64',
    goos: 'darwin',
    goarch: 'arm64',
    archive: `go${VERSION}.darwin-arm64.tar.gz`,
    cacheArch: 'arm64',
    format: 'mach-o',
    file: /^Mach-O 64-bit arm64 executable/,
  },
  {
    runner: 'windows-latest',
    runnerOs: 'Windows',
    runnerArch: 'X64',
    goos: 'windows',
    goarch: 'amd64',
    archive: `go${VERSION}.windows-amd64.zip`,
    cacheArch: 'x64',
    format: 'pe',
    file: /^PE32\+ executable .*x86-64/,
  },
  {
    runner: 'windows-11-arm',
    runnerOs: 'Windows',
    runnerArch: 'ARM64',
    goos: 'windows',
    goarch: 'arm64',
    archive: `go${VERSION}.windows-arm64.zip`,
    cacheArch: 'arm64',
    format: 'pe',
    file: /^PE32\+ executable .*Aarch64/,
  },
];

type Download = { zip: string; sum: string } | { error: string; kind: 'unserved' | 'missing' };

/**
 * The zip through `go mod download`, which checks it against the checksum database; or why
 * the machine's module proxy does not serve it. Asked while the tests are collected, so a
 * platform the proxy lacks gets a test that says so rather than one that cannot run.
 */
function download(p: RunnerPlatform): Download {
  try {
    const { zip, sum } = toolchainModuleZip(VERSION, p.goos, p.goarch);
    return { zip, sum };
  } catch (err) {
    const e = err as { stdout?: string; message: string };
    let error = e.message;
    try {
      error = (JSON.parse(e.stdout ?? '') as { Error?: string }).Error ?? error;
    } catch {
      // not the go command's JSON: keep the message
    }
    // A proxy's 403, 404 or 410 says for certain that it does not serve the module; anything
    // else (a network error) is this machine's to fix, and fails the run.
    const kind = /\b(403|404|410)\b/.test(error) ? 'unserved' : 'missing';
    return { error: error.split('\n').join(' '), kind };
  }
}

const downloads = new Map(RUNNERS.map((p) => [p.runner, download(p)]));

let node: string;
let goproxy: string;
const jobs: Job[] = [];
const installed = new Map<string, { goRoot: string; goBin: string }>();

beforeAll(() => {
  node = node24();
  const modCache = pathToFileURL(path.join(testCacheDir('gomodcache'), 'cache', 'download')).href;
  goproxy = `${modCache},${goProxy()}`;
});

afterAll(() => {
  // Six toolchains of some 250 MB each: nothing is left in the temporary directory.
  for (const job of jobs) rmSync(job.root, { recursive: true, force: true });
});

function fileType(p: string): string {
  const r = spawnSync('file', ['-b', p], { encoding: 'utf8' });
  if (r.error) throw new Error(`cannot run file(1) (apt-get install file): ${r.error.message}`);
  return r.stdout.trim();
}

function header(p: string): Buffer {
  const fd = openSync(p, 'r');
  try {
    const buf = Buffer.alloc(HEADER_BYTES);
    return buf.subarray(0, readSync(fd, buf, 0, HEADER_BYTES, 0));
  } finally {
    closeSync(fd);
  }
}

function installStep(p: RunnerPlatform) {
  const job = newJob();
  jobs.push(job);
  const step = runStep(job, {
    bundle: 'dist/setup/index.js',
    node,
    inputs: {
      'go-version': VERSION,
      'go-download-source': 'proxy',
      goproxy,
      'health-check': 'quick',
      cache: 'false',
    },
    env: { RUNNER_OS: p.runnerOs, RUNNER_ARCH: p.runnerArch },
  });
  return { job, step };
}

describe.each(RUNNERS)('$runner ($runnerOs $runnerArch)', (p) => {
  const exe = p.goos === 'windows' ? '.exe' : '';
  const modVersion = `v0.0.1-go${VERSION}.${p.goos}-${p.goarch}`;
  const got = downloads.get(p.runner)!;

  it(`maps to ${p.goos}/${p.goarch}, ${p.archive} and ${modVersion}`, () => {
    const platform = runnerPlatform({ RUNNER_OS: p.runnerOs, RUNNER_ARCH: p.runnerArch });
    expect(platform).toEqual({ os: p.goos, arch: p.goarch });
    const ext = archiveExtension(platform.os);
    expect(`go${VERSION}.${platform.os}-${indexArchName(platform.arch)}.${ext}`).toBe(p.archive);
    expect(toolchainModuleVersion(`go${VERSION}`, platform.os, platform.arch)).toBe(modVersion);
  });

  if ('error' in got) {
    it('installs that toolchain through the module proxy', () => {
      notRun(`this machine's GOPROXY does not serve ${modVersion}: ${got.error}`, got.kind);
    });

    it(`is refused cleanly: this machine's GOPROXY does not serve ${modVersion}`, async () => {
      // Not a claim about the public proxy (the Go release process publishes a toolchain
      // module for every release target): this machine's proxy answered with an error.
      const { job, step } = installStep(p);
      const r = await step;
      expect(r.code).toBe(1);
      expect(r.errors.join('\n')).toContain(
        `Go go${VERSION} has no archive for ${p.goos}/${p.goarch}; it is available for`,
      );
      expect(existsSync(path.join(job.toolCache, 'go', VERSION, p.cacheArch))).toBe(false);
    });
    return;
  }

  it('installs that toolchain through the module proxy, and the tree is that platform’s', async () => {
    const { job, step } = installStep(p);
    const r = await step;
    expect(r.errors).toEqual([]);
    expect(r.code).toBe(0);
    const goRoot = path.join(job.toolCache, 'go', VERSION, p.cacheArch);
    expect(r.outputs['go-version']).toBe(VERSION);
    expect(r.outputs['go-root']).toBe(goRoot);
    expect(r.outputs['toolchain-cache-hit']).toBe('false');
    expect(existsSync(`${goRoot}.complete`)).toBe(true);

    // The record: the database proved the same h1: the go command checked on download.
    const record = JSON.parse(r.outputs['verification']!);
    expect(record.source).toBe('proxy');
    expect(record.go).toEqual({
      version: VERSION,
      tag: `go${VERSION}`,
      os: p.goos,
      arch: p.goarch,
    });
    expect(record.checksumDatabase).toMatchObject({
      database: 'sum.golang.org',
      module: `golang.org/toolchain@${modVersion}`,
      h1: got.sum,
    });
    expect(record.artifacts[0].url).toMatch(/^file:/);

    // The tree.
    expect(readFileSync(path.join(goRoot, 'VERSION'), 'utf8').split('\n')[0]).toBe(`go${VERSION}`);
    const toolDir = path.join(goRoot, 'pkg', 'tool', `${p.goos}_${p.goarch}`);
    for (const tool of ['asm', 'compile', 'cover', 'link', 'vet']) {
      expect(existsSync(path.join(toolDir, tool + exe))).toBe(true);
    }
    expect(existsSync(path.join(goRoot, 'src', 'runtime', 'proc.go'))).toBe(true);
    for (const bin of ['go', 'gofmt']) {
      const file = path.join(goRoot, 'bin', bin + exe);
      expect(statSync(file).mode & 0o111).not.toBe(0);
      expect(executableFormat(header(file))).toEqual({ format: p.format, arch: p.goarch });
      // What the record says was installed is what is on disk.
      const sha256 = createHash('sha256').update(readFileSync(file)).digest('hex');
      expect(record.tree.executables[`bin/${bin}${exe}`]).toBe(sha256);
    }
    const goBin = path.join(goRoot, 'bin', `go${exe}`);
    expect(fileType(goBin)).toMatch(p.file);
    installed.set(`${p.goos}/${p.goarch}`, { goRoot, goBin });
  });
});

/** Why a runner's toolchain was not installed, when this machine's proxy did not serve it. */
function unserved(runner: string): string | undefined {
  const got = downloads.get(runner)!;
  return 'error' in got
    ? `this machine's GOPROXY does not serve its toolchain: ${got.error}`
    : undefined;
}

/** Records that a runner's toolchain could not be had, as the proxy's answer classes it. */
function notServed(runner: string): void {
  const got = downloads.get(runner)!;
  if ('error' in got) notRun(unserved(runner)!, got.kind);
}

describe('running foreign toolchains', () => {
  it('runs the linux/arm64 go under qemu-aarch64', () => {
    if (unserved('ubuntu-24.04-arm')) return notServed('ubuntu-24.04-arm');
    const linuxArm64 = installed.get('linux/arm64');
    expect(linuxArm64).toBeDefined();
    const { goRoot, goBin } = linuxArm64!;
    const qemu = (args: string[]) =>
      spawnSync('qemu-aarch64', [goBin, ...args], {
        encoding: 'utf8',
        timeout: 120_000,
        env: { ...process.env, GOTOOLCHAIN: 'local', GOROOT: '', GOFLAGS: '' },
      });
    if (!onPath('qemu-aarch64')) return notRun(missingTool('qemu-aarch64'));
    const version = qemu(['version']);
    expect(version.error).toBeUndefined();
    expect(version.stderr).toBe('');
    expect(version.stdout).toBe(`go version go${VERSION} linux/arm64\n`);
    // It finds its own tree from where it was installed.
    const env = qemu(['env', 'GOROOT', 'GOOS', 'GOARCH']);
    expect(env.stdout.split('\n').slice(0, 3)).toEqual([goRoot, 'linux', 'arm64']);
  });

  it('runs the windows/amd64 go.exe under wine', () => {
    if (unserved('windows-latest')) return notServed('windows-latest');
    const windowsAmd64 = installed.get('windows/amd64');
    expect(windowsAmd64).toBeDefined();
    const { goRoot, goBin } = windowsAmd64!;
    if (!wineCanRunHere() || !findWine()) return notRun(missingTool('wine'));
    const version = runUnderWine(goBin, ['version']);
    if (version.bcryptShim) {
      // Wine before 9.0 has no bcryptprimitives.dll: the PE loaded and the Go runtime began
      // (its own stack trace says so), then stopped for want of ProcessPrng. The prefix now
      // has the forwarder of test-support/wine.mjs, and the same go.exe ran again.
      expect(version.first?.stderr).toContain('runtime/os_windows.go');
    }
    expect(version.error).toBeUndefined();
    expect(version.stdout).toBe(`go version go${VERSION} windows/amd64\n`);
    // It finds its own tree from where it was installed.
    const env = runUnderWine(goBin, ['env', 'GOROOT', 'GOOS', 'GOARCH']);
    expect(env.stdout.split(/\r?\n/).slice(0, 3)).toEqual([wineZPath(goRoot), 'windows', 'amd64']);
  });
});
