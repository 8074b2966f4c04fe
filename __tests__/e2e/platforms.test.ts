/**
 * Platform rehearsal for the six GitHub-hosted runner platforms, on the built dist/: each
 * runner's RUNNER_OS × RUNNER_ARCH picks the matching toolchain, which is installed through
 * the Go module proxy path (zips from the test cache on a loopback proxy, the real checksum
 * database behind it) into a fresh tool cache; then the tree is checked, and the linux/arm64
 * and windows/amd64 toolchains are run under qemu-aarch64 and wine.
 */
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runnerPlatform } from '../../src/platform.js';
import { node24 } from '../../test-support/node24.mjs';
import { newJob, runStep, type Job } from '../../test-support/runner.mjs';
import { goProxy, toolchainModuleZip } from '../../test-support/toolchain.mjs';
import { startToolchainProxy, type ToolchainProxy } from '../../test-support/toolchain-proxy.mjs';

jest.setTimeout(900_000);

const VERSION = '1.25.14';

interface RunnerPlatform {
  runner: string;
  runnerOs: string;
  runnerArch: string;
  goos: string;
  goarch: string;
  /** The tool cache's arch directory (actions/setup-go's names). */
  cacheArch: string;
  /** What `file` says about bin/go. */
  file: RegExp;
  /**
   * Whether the module proxy has this toolchain. It publishes no windows/arm64 toolchain
   * modules (`go list -m -versions golang.org/toolchain` lists none; asking for one answers
   * 403 "not available"), so a windows-11-arm job must use the default go.dev source.
   */
  onProxy: boolean;
}

const RUNNERS: RunnerPlatform[] = [
  {
    runner: 'ubuntu-24.04',
    runnerOs: 'Linux',
    runnerArch: 'X64',
    goos: 'linux',
    goarch: 'amd64',
    cacheArch: 'x64',
    file: /^ELF 64-bit LSB executable, x86-64/,
    onProxy: true,
  },
  {
    runner: 'ubuntu-24.04-arm',
    runnerOs: 'Linux',
    runnerArch: 'ARM64',
    goos: 'linux',
    goarch: 'arm64',
    cacheArch: 'arm64',
    file: /^ELF 64-bit LSB executable, ARM aarch64/,
    onProxy: true,
  },
  {
    runner: 'macos-15-intel',
    runnerOs: 'macOS',
    runnerArch: 'X64',
    goos: 'darwin',
    goarch: 'amd64',
    cacheArch: 'x64',
    file: /^Mach-O 64-bit x86_64 executable/,
    onProxy: true,
  },
  {
    runner: 'macos-latest',
    runnerOs: 'macOS',
    runnerArch: 'ARM64',
    goos: 'darwin',
    goarch: 'arm64',
    cacheArch: 'arm64',
    file: /^Mach-O 64-bit arm64 executable/,
    onProxy: true,
  },
  {
    runner: 'windows-latest',
    runnerOs: 'Windows',
    runnerArch: 'X64',
    goos: 'windows',
    goarch: 'amd64',
    cacheArch: 'x64',
    file: /^PE32\+ executable .*x86-64/,
    onProxy: true,
  },
  {
    runner: 'windows-11-arm',
    runnerOs: 'Windows',
    runnerArch: 'ARM64',
    goos: 'windows',
    goarch: 'arm64',
    cacheArch: 'arm64',
    file: /^PE32\+ executable .*Aarch64/,
    onProxy: false,
  },
];

let node: string;
let proxy: ToolchainProxy;
const installed = new Map<string, string>();

beforeAll(async () => {
  node = node24();
  const zips = new Map<string, string>();
  for (const p of RUNNERS.filter((r) => r.onProxy)) {
    // Downloaded once into the test cache by `go mod download`, which checks the database.
    const { zip, version } = toolchainModuleZip(VERSION, p.goos, p.goarch);
    zips.set(version, zip);
  }
  proxy = await startToolchainProxy(zips, goProxy().split(/[,|]/)[0]!);
}, 1_800_000);

afterAll(() => proxy?.close());

function fileType(p: string): string {
  return spawnSync('file', ['-b', p], { encoding: 'utf8' }).stdout.trim();
}

describe.each(RUNNERS)('$runner ($runnerOs $runnerArch)', (p) => {
  let job: Job;

  it(`maps to ${p.goos}/${p.goarch}`, () => {
    expect(runnerPlatform({ RUNNER_OS: p.runnerOs, RUNNER_ARCH: p.runnerArch })).toEqual({
      os: p.goos,
      arch: p.goarch,
    });
  });

  it(`${p.onProxy ? 'installs' : 'cannot install'} that toolchain through the module proxy`, async () => {
    job = newJob();
    const r = await runStep(job, {
      bundle: 'dist/setup/index.js',
      node,
      inputs: {
        'go-version': VERSION,
        'go-download-source': 'proxy',
        goproxy: proxy.url,
        'health-check': 'quick',
        cache: 'false',
      },
      env: { RUNNER_OS: p.runnerOs, RUNNER_ARCH: p.runnerArch },
    });
    if (!p.onProxy) {
      // Refused with the module named, and nothing left half-installed.
      expect(r.code).toBe(1);
      expect(r.errors.join('\n')).toContain(
        `Go go${VERSION} has no archive for ${p.goos}/${p.goarch}; it is available for`,
      );
      expect(existsSync(path.join(job.toolCache, 'go', VERSION, p.cacheArch))).toBe(false);
      return;
    }
    expect(r.errors).toEqual([]);
    expect(r.code).toBe(0);
    const record = JSON.parse(r.outputs['verification']!);
    expect(record.go).toMatchObject({ tag: `go${VERSION}`, os: p.goos, arch: p.goarch });
    expect(record.checksumDatabase.module).toBe(
      `golang.org/toolchain@v0.0.1-go${VERSION}.${p.goos}-${p.goarch}`,
    );
    const goRoot = path.join(job.toolCache, 'go', VERSION, p.cacheArch);
    expect(r.outputs['go-root']).toBe(goRoot);
    const exe = p.goos === 'windows' ? '.exe' : '';
    expect(readFileSync(path.join(goRoot, 'VERSION'), 'utf8').split('\n')[0]).toBe(`go${VERSION}`);
    const toolDir = path.join(goRoot, 'pkg', 'tool', `${p.goos}_${p.goarch}`);
    for (const tool of ['compile', 'link', 'vet', 'cover']) {
      expect(existsSync(path.join(toolDir, tool + exe))).toBe(true);
    }
    const goBin = path.join(goRoot, 'bin', `go${exe}`);
    expect(statSync(goBin).mode & 0o111).not.toBe(0);
    expect(fileType(goBin)).toMatch(p.file);
    expect(
      existsSync(path.join(job.toolCache, 'go', `${VERSION}`, `${p.cacheArch}.complete`)),
    ).toBe(true);
    installed.set(`${p.goos}/${p.goarch}`, goBin);
  });
});

describe('running foreign toolchains', () => {
  it('runs the linux/arm64 go under qemu-aarch64', () => {
    const goBin = installed.get('linux/arm64');
    expect(goBin).toBeDefined();
    const qemu = spawnSync('qemu-aarch64', [goBin!, 'version'], {
      encoding: 'utf8',
      timeout: 120_000,
    });
    if (qemu.error) {
      throw new Error(
        `qemu-aarch64 is not installed (apt-get install qemu-user; .ci/run installs it): ${qemu.error.message}`,
      );
    }
    expect(qemu.stdout.trim()).toBe(`go version go${VERSION} linux/arm64`);
  });

  it('runs the windows/amd64 go.exe under wine where wine runs', () => {
    const goBin = installed.get('windows/amd64');
    expect(goBin).toBeDefined();
    // Debian's wine64 package puts the loader in /usr/lib/wine without a PATH entry.
    const wine = ['wine64', 'wine', '/usr/lib/wine/wine64'].find(
      (w) => spawnSync(w, ['--version']).status === 0,
    );
    if (!wine) {
      console.log(
        'wine is not installed here: the windows/amd64 go.exe was checked by its header only',
      );
      return;
    }
    const r = spawnSync(wine, [goBin!, 'version'], {
      encoding: 'utf8',
      timeout: 300_000,
      env: {
        ...process.env,
        WINEDEBUG: '-all',
        WINEPREFIX: mkdtempSync(path.join(os.tmpdir(), 'wine-prefix-')),
      },
    });
    if (/bcryptprimitives\.dll not found/.test(r.stderr)) {
      // Go 1.24+ takes its random numbers from ProcessPrng in bcryptprimitives.dll, which
      // Wine gained in 9.0; Debian 12 ships 8.0. The PE loaded and the Go runtime began
      // (its own stack trace says so): evidence of a real amd64 Windows program, not a run.
      console.log(
        `${wine} has no bcryptprimitives.dll (Wine < 9): go.exe started but cannot finish here`,
      );
      expect(r.stderr).toContain('runtime/os_windows.go');
      expect(r.stderr).toContain('runtime/asm_amd64.s');
      return;
    }
    expect(r.stdout.trim()).toBe(`go version go${VERSION} windows/amd64`);
  });
});
