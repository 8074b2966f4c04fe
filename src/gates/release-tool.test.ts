import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { lstat, mkdir, mkdtemp, readdir, symlink, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import {
  startGolangciReleaseServer,
  startStaticcheckReleaseServer,
  type GolangciReleaseServer,
  type ReleaseTamper,
  type StaticcheckReleaseServer,
} from '../../test-support/golangci-release-server.mjs';
import { NetworkError, VerificationError } from '../errors.js';
import { golangciAsset } from './golangci-release.js';
import { provenReleaseTool } from './release-tool.js';
import { staticcheckAsset } from './staticcheck-release.js';
import { installGateTool, keepDir, type ToolJob } from './tools.js';

const VERSION = 'v2.15.0';
const LINUX_ASSET = 'golangci-lint-2.15.0-linux-amd64.tar.gz';
const CHECKSUMS = 'golangci-lint-2.15.0-checksums.txt';
const SCRIPT = "#!/bin/sh\necho 'golangci-lint has version 2.15.0'\n";
const SC_SCRIPT = "#!/bin/sh\necho 'staticcheck 2026.2.2 (v0.8.2)'\n";
const WINDOWS_BINARY = Buffer.from('MZ stand-in for golangci-lint.exe');
const FAST = { retries: 3, backoffMs: 1 };

let base: string;
let server: GolangciReleaseServer;
let sc: StaticcheckReleaseServer;
const extra: { close(): Promise<void> }[] = [];
let counter = 0;

beforeAll(async () => {
  base = await mkdtemp(path.join(os.tmpdir(), 'sgv-release-tool-'));
  server = await startGolangciReleaseServer({
    version: VERSION,
    binaries: { 'linux-amd64': Buffer.from(SCRIPT), 'windows-amd64': WINDOWS_BINARY },
  });
  sc = await startStaticcheckReleaseServer({
    release: '2026.2.2',
    binaries: { 'linux-amd64': Buffer.from(SC_SCRIPT) },
  });
});

afterAll(async () => {
  await Promise.all([server, sc, ...extra].map((s) => s.close()));
  await rm(base, { recursive: true, force: true });
});

/** A fresh keep directory and run directory per call. */
async function dirs(): Promise<{ keepDir: string; runDir: string }> {
  counter += 1;
  const runDir = path.join(base, `run-${counter}`);
  await mkdir(runDir, { recursive: true });
  return { keepDir: path.join(base, `keep-${counter}`, 'linux-amd64'), runDir };
}

async function tampered(tamper: ReleaseTamper): Promise<GolangciReleaseServer> {
  const s = await startGolangciReleaseServer({
    version: VERSION,
    binaries: { 'linux-amd64': Buffer.from(SCRIPT) },
    tamper,
  });
  extra.push(s);
  return s;
}

async function failure(promise: Promise<unknown>): Promise<Error> {
  const outcome = await promise.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(outcome).toBeInstanceOf(Error);
  return outcome as Error;
}

const linux = (url = server.url) =>
  golangciAsset({ version: VERSION, os: 'linux', arch: 'amd64' }, url);

describe('provenReleaseTool', () => {
  it('downloads, proves and keeps the archive, and runs the binary from this run', async () => {
    const d = await dirs();
    const got = await provenReleaseTool({ asset: linux(), ...d, http: FAST });
    expect(got.archive).toBe('downloaded');
    expect(got.sha256).toBe(server.archives.get(LINUX_ASSET)!.sha256);
    expect(got.checksumsUrl).toBe(`${server.url}/${VERSION}/${CHECKSUMS}`);
    expect(got.path.startsWith(d.runDir + path.sep)).toBe(true);
    expect(await readdir(d.keepDir)).toEqual([LINUX_ASSET]);
    expect(await readFile(path.join(d.keepDir, LINUX_ASSET))).toEqual(
      server.archives.get(LINUX_ASSET)!.data,
    );
    const { stdout } = await promisify(execFile)(got.path, ['--version']);
    expect(stdout).toBe('golangci-lint has version 2.15.0\n');
  });

  it('proves a kept archive again against the checksums fetched now, without downloading it', async () => {
    const d = await dirs();
    await provenReleaseTool({ asset: linux(), ...d, http: FAST });
    const archives = server.countFor(LINUX_ASSET);
    const sums = server.countFor(CHECKSUMS);
    const again = await provenReleaseTool({ asset: linux(), ...d, http: FAST });
    expect(again.archive).toBe('kept');
    expect(server.countFor(LINUX_ASSET)).toBe(archives);
    expect(server.countFor(CHECKSUMS)).toBe(sums + 1);
  });

  it('a kept archive another job swapped (record and all) is downloaded again, never run', async () => {
    const d = await dirs();
    await provenReleaseTool({ asset: linux(), ...d, http: FAST });
    // A hostile job plants its own archive with the same name, and a record for good measure.
    const { create } = await import('tar');
    const evil = path.join(base, `evil-${counter}`);
    const top = 'golangci-lint-2.15.0-linux-amd64';
    await mkdir(path.join(evil, top), { recursive: true });
    await writeFile(path.join(evil, top, 'golangci-lint'), '#!/bin/sh\necho owned\n', {
      mode: 0o755,
    });
    await create({ gzip: true, cwd: evil, file: path.join(d.keepDir, LINUX_ASSET) }, [top]);
    await writeFile(path.join(d.keepDir, '.verified.json'), '{"sha256":"whatever"}');

    const again = await provenReleaseTool({ asset: linux(), ...d, http: FAST });
    expect(again.archive).toBe('replaced');
    const { stdout } = await promisify(execFile)(again.path, ['--version']);
    expect(stdout).toBe('golangci-lint has version 2.15.0\n');
    expect(await readFile(path.join(d.keepDir, LINUX_ASSET))).toEqual(
      server.archives.get(LINUX_ASSET)!.data,
    );
  });

  it('a kept archive that is a link or a FIFO is not read, and is replaced', async () => {
    for (const plant of ['symlink', 'fifo'] as const) {
      const d = await dirs();
      await mkdir(d.keepDir, { recursive: true });
      const kept = path.join(d.keepDir, LINUX_ASSET);
      if (plant === 'symlink') await symlink('/dev/zero', kept);
      else await promisify(execFile)('mkfifo', [kept]);
      const got = await provenReleaseTool({ asset: linux(), ...d, http: FAST });
      // Not a regular file: as good as absent.
      expect(got.archive).toBe('downloaded');
      expect((await lstat(kept)).isFile()).toBe(true);
    }
  });

  it('extracts golangci-lint.exe from the Windows zip', async () => {
    const d = await dirs();
    const got = await provenReleaseTool({
      asset: golangciAsset({ version: VERSION, os: 'windows', arch: 'amd64' }, server.url),
      ...d,
      http: FAST,
    });
    expect(path.basename(got.path)).toBe('golangci-lint.exe');
    expect(await readFile(got.path)).toEqual(WINDOWS_BINARY);
  });

  it('refuses an archive whose hash is not the listed one, keeping and running nothing', async () => {
    const bad = await tampered({ wrongHash: ['linux-amd64'] });
    const d = await dirs();
    const err = await failure(provenReleaseTool({ asset: linux(bad.url), ...d, http: FAST }));
    expect(err).toBeInstanceOf(VerificationError);
    expect(err.message).toContain(`SHA-256 of ${LINUX_ASSET} does not match`);
    expect(await readdir(d.keepDir).catch(() => [])).toEqual([]);
    expect(await readdir(d.runDir).catch(() => [])).toEqual([]);
  });

  it.each<[string, ReleaseTamper]>([
    ['only inside longer names', { substringOnly: ['linux-amd64'] }],
    ['only on its .sbom.json line', { sbomOnly: ['linux-amd64'] }],
  ])('refuses an asset the checksums file names %s, downloading nothing', async (_c, tamper) => {
    const bad = await tampered(tamper);
    const d = await dirs();
    const err = await failure(provenReleaseTool({ asset: linux(bad.url), ...d, http: FAST }));
    expect(err).toBeInstanceOf(VerificationError);
    expect(err.message).toContain(`the checksums entry for ${LINUX_ASSET}`);
    expect(bad.countFor(LINUX_ASSET)).toBe(0);
  });

  it('retries a failing or cut-off archive download from the start', async () => {
    const flaky = await tampered({ failFor: { [LINUX_ASSET]: 1 }, cutFor: { [LINUX_ASSET]: 1 } });
    const d = await dirs();
    const retried: string[] = [];
    const got = await provenReleaseTool({
      asset: linux(flaky.url),
      ...d,
      http: { ...FAST, onRetry: (err) => retried.push(err.message) },
    });
    expect(retried).toHaveLength(2);
    expect(retried[0]).toContain('HTTP 500');
    expect(flaky.countFor(LINUX_ASSET)).toBe(3);
    expect(got.archive).toBe('downloaded');
  });

  it('fails, without a kept archive to fall back on, when the checksums cannot be fetched', async () => {
    const d = await dirs();
    await provenReleaseTool({ asset: linux(), ...d, http: FAST });
    const down = await tampered({ failFirst: 100 });
    const err = await failure(
      provenReleaseTool({ asset: linux(down.url), ...d, http: { retries: 1, backoffMs: 1 } }),
    );
    expect(err).toBeInstanceOf(NetworkError);
    expect(err.message).toContain('HTTP 500');
  });

  it('says the version may not exist when its checksums file is a 404', async () => {
    const d = await dirs();
    const err = await failure(
      provenReleaseTool({
        asset: golangciAsset({ version: 'v2.99.0', os: 'linux', arch: 'amd64' }, server.url),
        ...d,
        http: FAST,
      }),
    );
    expect(err.message).toBe(
      `golangci-lint v2.99.0 has no checksums file at ` +
        `${server.url}/v2.99.0/golangci-lint-2.99.0-checksums.txt (HTTP 404): that version may ` +
        `not exist; see https://github.com/golangci/golangci-lint/releases`,
    );
  });

  it('refuses an archive without the binary', async () => {
    const empty = await tampered({ omitBinary: ['linux-amd64'] });
    const d = await dirs();
    const err = await failure(provenReleaseTool({ asset: linux(empty.url), ...d, http: FAST }));
    expect(err.message).toBe(
      `${LINUX_ASSET}: golangci-lint-2.15.0-linux-amd64/golangci-lint is missing; the archive's ` +
        `layout is not the one golangci-lint releases have, so nothing was installed`,
    );
  });

  it('concurrent runs sharing one keep directory all run the proven binary', async () => {
    const d = await dirs();
    const runs = await Promise.all(
      [1, 2, 3].map(async (i) => {
        const runDir = path.join(base, `concurrent-${counter}-${i}`);
        await mkdir(runDir, { recursive: true });
        return provenReleaseTool({ asset: linux(), keepDir: d.keepDir, runDir, http: FAST });
      }),
    );
    for (const r of runs) expect(await readFile(r.path, 'utf8')).toBe(SCRIPT);
    expect(await readdir(d.keepDir)).toEqual([LINUX_ASSET]);
  });
});

describe('staticcheck release archives', () => {
  it('takes staticcheck/staticcheck from the archive its .sha256 names', async () => {
    const d = await dirs();
    const asset = staticcheckAsset('2026.2.2', 'linux', 'amd64', sc.url);
    expect(asset.checksumsUrl).toBe(`${sc.url}/2026.2.2/staticcheck_linux_amd64.tar.gz.sha256`);
    const got = await provenReleaseTool({ asset, ...d, http: FAST });
    const { stdout } = await promisify(execFile)(got.path, ['-version']);
    expect(stdout).toBe('staticcheck 2026.2.2 (v0.8.2)\n');
  });

  it('refuses a staticcheck archive whose .sha256 names other bytes', async () => {
    const bad = await startStaticcheckReleaseServer({
      release: '2026.2.2',
      binaries: { 'linux-amd64': Buffer.from(SC_SCRIPT) },
      tamper: { wrongHash: ['linux-amd64'] },
    });
    extra.push(bad);
    const d = await dirs();
    const err = await failure(
      provenReleaseTool({
        asset: staticcheckAsset('2026.2.2', 'linux', 'amd64', bad.url),
        ...d,
        http: FAST,
      }),
    );
    expect(err).toBeInstanceOf(VerificationError);
    expect(err.message).toContain('SHA-256 of staticcheck_linux_amd64.tar.gz does not match');
  });

  it('names ARM archives by ARM version and refuses names that are not releases', () => {
    expect(staticcheckAsset('2025.1.1', 'linux', 'arm', 'https://m').asset).toBe(
      'staticcheck_linux_armv6l.tar.gz',
    );
    expect(staticcheckAsset('2025.1.1', 'windows', 'amd64', 'https://m').binary).toBe(
      'staticcheck.exe',
    );
    expect(() => staticcheckAsset('v0.6.1', 'linux', 'amd64')).toThrow(/not a release name/);
  });
});

describe('installGateTool', () => {
  const go = { go: 'go', version: 'go1.26.11', os: 'linux', arch: 'amd64' };
  function job(root: string, runDir: string): ToolJob {
    return { go, root, runDir, env: {}, http: FAST };
  }

  it('maps a staticcheck module version to its release and says what was proven', async () => {
    const d = await dirs();
    const t = await installGateTool(job(base, d.runDir), 'staticcheck', 'v0.8.2', 'binary', sc.url);
    expect(t.verifiedBy).toContain('release archive staticcheck_linux_amd64.tar.gz with SHA-256');
    expect(t.verifiedBy).toContain(`${sc.url}/2026.2.2/staticcheck_linux_amd64.tar.gz.sha256`);
    expect(t.cached).toBe(false);
    const again = await installGateTool(
      job(base, d.runDir),
      'staticcheck',
      'v0.8.2',
      'binary',
      sc.url,
    );
    expect(again.cached).toBe(true);
    expect(again.verifiedBy).toBe(t.verifiedBy);
  });

  it('refuses a staticcheck module version without a known release name in binary mode', async () => {
    const d = await dirs();
    await expect(
      installGateTool(job(base, d.runDir), 'staticcheck', 'v0.3.0', 'binary', sc.url),
    ).rejects.toThrow(/no release name known here.*staticcheck-install-mode: goinstall/);
  });

  it('keys kept archives by their source', () => {
    const dflt = 'https://github.com/golangci/golangci-lint/releases/download';
    expect(keepDir('/tc', 'golangci-lint', 'v2.15.0', 'linux', 'amd64', dflt, dflt)).toBe(
      path.join('/tc', 'golangci-lint', '2.15.0', 'linux-amd64'),
    );
    const mirror = keepDir(
      '/tc',
      'golangci-lint',
      'v2.15.0',
      'linux',
      'amd64',
      'https://m/x',
      dflt,
    );
    expect(mirror).toMatch(/2\.15\.0-src-[0-9a-f]{12}/);
    expect(
      keepDir('/tc', 'golangci-lint', 'v2.15.0', 'linux', 'amd64', 'https://m/y', dflt),
    ).not.toBe(mirror);
  });
});
