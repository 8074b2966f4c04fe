/**
 * go-download-source: proxy, end to end on the built dist/: the golang.org/toolchain module
 * from the machine's real Go module proxy, proven against the real Go checksum database;
 * toolchains for other platforms through a loopback proxy; and a loopback proxy that
 * tampers with the zip or with the database's answers (passed through from the real one).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { node24 } from '../../test-support/node24.mjs';
import { applyJobEnv, newJob, runStep } from '../../test-support/runner.mjs';
import { goProxy, toolchainModuleZip } from '../../test-support/toolchain.mjs';
import {
  startToolchainProxy,
  type Tamper,
  type ToolchainProxy,
} from '../../test-support/toolchain-proxy.mjs';

jest.setTimeout(300_000);

const VERSION = '1.22.5';
const MODULE_VERSION = `v0.0.1-go${VERSION}.linux-amd64`;
/** The toolchain used for the other platforms (the machine's proxy has all of them). */
const OTHER_VERSION = '1.25.14';

const PLATFORMS: [string, string, string, string, string, string][] = [
  // [GOOS, GOARCH, RUNNER_OS, architecture input, tool-cache arch, executable format]
  ['linux', 'arm64', 'Linux', 'arm64', 'arm64', 'ELF arm64'],
  ['darwin', 'arm64', 'macOS', 'arm64', 'arm64', 'Mach-O arm64'],
  ['windows', 'amd64', 'Windows', 'x64', 'x64', 'PE amd64'],
];

let node: string;
let realProxy: string;
let loopback: ToolchainProxy;
const sums = new Map<string, string>();

beforeAll(async () => {
  node = node24();
  realProxy = goProxy().split(/[,|]/)[0]!;
  const zips = new Map<string, string>();
  for (const [goos, goarch] of [['linux', 'amd64'], ...PLATFORMS]) {
    const v = goos === 'linux' && goarch === 'amd64' ? VERSION : OTHER_VERSION;
    // `go mod download` checks these against the checksum database itself: `sum` is Go's own.
    const { zip, sum, version } = toolchainModuleZip(v, goos, goarch);
    zips.set(version, zip);
    sums.set(version, sum);
  }
  loopback = await startToolchainProxy(zips, realProxy);
});

afterAll(() => loopback.close());

beforeEach(() => {
  loopback.tamper = 'none';
});

function proxyInstall(job: ReturnType<typeof newJob>, inputs: Record<string, string> = {}) {
  return runStep(job, {
    bundle: 'dist/setup/index.js',
    node,
    inputs: {
      'go-version': VERSION,
      'go-download-source': 'proxy',
      goproxy: loopback.url,
      'health-check': 'quick',
      ...inputs,
    },
  });
}

/** Nothing of the version is left in the tool cache but its lock file. */
function expectNothingInstalled(job: ReturnType<typeof newJob>, version = VERSION) {
  const dir = path.join(job.toolCache, 'go', version);
  const left = existsSync(dir) ? readdirSync(dir).filter((n) => !n.endsWith('.lock')) : [];
  expect(left).toEqual([]);
}

describe('setup action, go-download-source: proxy', () => {
  it('installs go1.22.5 from the real module proxy, proven by the checksum database, and runs it', async () => {
    const job = newJob();
    const r = await proxyInstall(job, { goproxy: goProxy() });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.outputs['go-version']).toBe(VERSION);
    expect(r.stdout).toContain(
      `Resolved ${VERSION} to go${VERSION} (golang.org/toolchain@${MODULE_VERSION})`,
    );
    const record = JSON.parse(r.outputs['verification']!);
    expect(record.source).toBe('proxy');
    expect(record.checksumDatabase.database).toBe('sum.golang.org');
    expect(record.checksumDatabase.module).toBe(`golang.org/toolchain@${MODULE_VERSION}`);
    expect(record.checksumDatabase.h1).toBe(sums.get(MODULE_VERSION));
    expect(record.checksumDatabase.treeSize).toBeGreaterThan(28_905_453);
    expect(r.summary).toContain('Go checksum database');

    const env = { ...process.env, ...applyJobEnv(job) };
    expect(execFileSync('go', ['version'], { env, encoding: 'utf8' })).toBe(
      `go version go${VERSION} linux/amd64\n`,
    );
    // The last verified tree head is kept so a later run can detect a forked log.
    expect(existsSync(path.join(job.toolCache, 'go', '.sumdb'))).toBe(true);
  });

  it.each(PLATFORMS)(
    'installs the %s-%s toolchain with its tree and h1',
    async (goos, goarch, runnerOs, architecture, cacheArch, format) => {
      const moduleVersion = `v0.0.1-go${OTHER_VERSION}.${goos}-${goarch}`;
      const job = newJob();
      const r = await runStep(job, {
        bundle: 'dist/setup/index.js',
        node,
        inputs: {
          'go-version': OTHER_VERSION,
          'go-download-source': 'proxy',
          goproxy: loopback.url,
          architecture,
          'health-check': 'quick',
        },
        env: { RUNNER_OS: runnerOs },
      });
      expect(r.errors).toEqual([]);
      expect(r.code).toBe(0);
      expect(r.outputs['go-version']).toBe(OTHER_VERSION);
      const record = JSON.parse(r.outputs['verification']!);
      expect(record.go).toMatchObject({ tag: `go${OTHER_VERSION}`, os: goos, arch: goarch });
      expect(record.checksumDatabase.module).toBe(`golang.org/toolchain@${moduleVersion}`);
      expect(record.checksumDatabase.h1).toBe(sums.get(moduleVersion));

      const goRoot = path.join(job.toolCache, 'go', OTHER_VERSION, cacheArch);
      expect(r.outputs['go-root']).toBe(goRoot);
      const exe = goos === 'windows' ? '.exe' : '';
      const tools = [`bin/go${exe}`, `bin/gofmt${exe}`, `pkg/tool/${goos}_${goarch}/compile${exe}`];
      expect(Object.keys(record.tree.executables)).toEqual(expect.arrayContaining(tools));
      for (const tool of tools) {
        const file = path.join(goRoot, ...tool.split('/'));
        expect(statSync(file).mode & 0o111).not.toBe(0);
      }
      // Module zips store go.mod files as _go.mod; the install has them back under their name.
      expect(existsSync(path.join(goRoot, 'src', 'go.mod'))).toBe(true);
      expect(existsSync(path.join(goRoot, 'src', '_go.mod'))).toBe(false);
      // The health check cannot run these binaries here, but reads what they were built for.
      expect(r.stdout).toContain(
        `binary: executable format: ${path.join(goRoot, 'bin', `go${exe}`)}: ${format}`,
      );
    },
  );

  it.each([
    [
      'a zip with one byte changed',
      'zip-byte',
      /^h1 of golang\.org\/toolchain@v0\.0\.1-go1\.22\.5\.linux-amd64 does not match: expected h1:\S+ \(checksum database \S+, record \d+, tree \d+\), found /,
    ],
    [
      'a forged signature on the database note',
      'note-signature',
      /signature by sum\.golang\.org\+033de0ae on the note does not match/,
    ],
    [
      'a tile with one flipped bit',
      'tile-bit',
      /^inclusion proof of record \d+ \(golang\.org\/toolchain@v0\.0\.1-go1\.22\.5\.linux-amd64\) computed from the tiles does not match: expected root \S+ of the signed tree \d+, found root /,
    ],
    [
      'an unreachable checksum database',
      'database-down',
      /checksum database sum\.golang\.org is unreachable/,
    ],
  ] as [string, Tamper, RegExp][])(
    'refuses %s, names it, and installs nothing',
    async (_label, tamper, reason) => {
      loopback.tamper = tamper;
      const job = newJob();
      const r = await proxyInstall(job);
      expect(r.code).toBe(1);
      expect(r.errors.join('\n')).toMatch(reason);
      expectNothingInstalled(job);
      expect(r.addedPath).toEqual([]);
    },
  );

  it('fails clearly when GOPROXY is off', async () => {
    const job = newJob();
    const r = await proxyInstall(job, { goproxy: 'off' });
    expect(r.code).toBe(1);
    expect(r.errors.join('\n')).toMatch(/GOPROXY "off" forbids toolchain downloads/);
  });
});
