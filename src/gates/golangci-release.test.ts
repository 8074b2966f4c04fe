import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import {
  startGolangciReleaseServer,
  type GolangciReleaseServer,
  type ReleaseTamper,
} from '../../test-support/golangci-release-server.mjs';
import { InputError, NetworkError, VerificationError } from '../errors.js';
import {
  assetName,
  checksumFor,
  checksumsName,
  INSTALL_RECORD,
  installGolangciRelease,
  type GolangciRelease,
} from './golangci-release.js';

const VERSION = 'v2.15.0';
const LINUX: GolangciRelease = { version: VERSION, os: 'linux', arch: 'amd64' };
const WINDOWS: GolangciRelease = { version: VERSION, os: 'windows', arch: 'amd64' };
const LINUX_ASSET = 'golangci-lint-2.15.0-linux-amd64.tar.gz';
const CHECKSUMS = 'golangci-lint-2.15.0-checksums.txt';
const SCRIPT = "#!/bin/sh\necho 'golangci-lint has version 2.15.0'\n";
const WINDOWS_BINARY = Buffer.from('MZ stand-in for golangci-lint.exe');
const FAST = { retries: 3, backoffMs: 1 };

const H = (c: string) => c.repeat(64);

describe('assetName and checksumsName', () => {
  it.each([
    [LINUX, 'golangci-lint-2.15.0-linux-amd64.tar.gz'],
    [{ version: VERSION, os: 'darwin', arch: 'arm64' }, 'golangci-lint-2.15.0-darwin-arm64.tar.gz'],
    [WINDOWS, 'golangci-lint-2.15.0-windows-amd64.zip'],
    [{ version: VERSION, os: 'linux', arch: '386' }, 'golangci-lint-2.15.0-linux-386.tar.gz'],
    [{ version: VERSION, os: 'linux', arch: 'arm' }, 'golangci-lint-2.15.0-linux-armv6.tar.gz'],
    [{ version: VERSION, os: 'linux', arch: 'armv7' }, 'golangci-lint-2.15.0-linux-armv7.tar.gz'],
    [
      { version: 'v2.0.0-rc.1', os: 'freebsd', arch: 'amd64' },
      'golangci-lint-2.0.0-rc.1-freebsd-amd64.tar.gz',
    ],
  ])('%j → %s', (release, name) => {
    expect(assetName(release)).toBe(name);
  });

  it.each(['2.15.0', 'v2.15', 'latest', 'v2.15.0/../x', ' v2.15.0', ''])(
    'refuses version %j',
    (version) => {
      expect(() => assetName({ ...LINUX, version })).toThrow(InputError);
      expect(() => checksumsName(version)).toThrow(/not a release tag like v2\.15\.0/);
    },
  );

  it.each([
    { os: 'linux/../x', arch: 'amd64' },
    { os: 'Linux', arch: 'amd64' },
    { os: 'linux', arch: '' },
    { os: 'linux', arch: 'amd64.tar.gz' },
  ])('refuses platform %j', (platform) => {
    expect(() => assetName({ version: VERSION, ...platform })).toThrow(InputError);
  });

  it('names the checksums file after the plain version', () => {
    expect(checksumsName(VERSION)).toBe(CHECKSUMS);
  });
});

describe('checksumFor', () => {
  const name = LINUX_ASSET;

  it.each<[string, string, string]>([
    ['two-space sha256sum line', `${H('a')}  ${name}\n`, H('a')],
    ['binary-mode marker', `${H('a')} *${name}\n`, H('a')],
    ['uppercase hex is lowercased', `${H('A')}  ${name}\n`, H('a')],
    ['CRLF line ends', `${H('b')}  other.tar.gz\r\n${H('a')}  ${name}\r\n`, H('a')],
    ['no final newline', `${H('a')}  ${name}`, H('a')],
    [
      'longer names first do not match',
      [
        `${H('1')}  ${name}.sbom.json`,
        `${H('2')}  x-${name}`,
        `${H('3')}  golangci-lint-2.15.0-linux-amd64.deb`,
        `${H('a')}  ${name}`,
        `${H('4')}  golangci-lint-2.15.0-source.tar.gz`,
      ].join('\n'),
      H('a'),
    ],
    ['identical duplicate lines', `${H('a')}  ${name}\n${H('a')}  ${name}\n`, H('a')],
  ])('%s', (_case, text, want) => {
    expect(checksumFor(text, name)).toBe(want);
  });

  it.each<[string, string, RegExp]>([
    ['only an sbom line', `${H('1')}  ${name}.sbom.json\n`, /found no such line/],
    ['only as a substring', `${H('1')}  x-${name}\n${H('2')}  ${name}.sbom.json\n`, /no such line/],
    ['only as a prefix of the line name', `${H('1')}  ./${name}\n`, /no such line/],
    ['an empty file', '', /no such line/],
    ['a short hash', `${'a'.repeat(63)}  ${name}\n`, /found "a{63}" on line 1/],
    ['a non-hex hash', `${H('a')}  other\n${'z'.repeat(64)}  ${name}\n`, /on line 2/],
    [
      'conflicting duplicates',
      `${H('a')}  ${name}\n${H('b')}  ${name}\n`,
      /different hashes \(a{64} and b{64}, the second on line 2\)/,
    ],
  ])('refuses %s', (_case, text, message) => {
    let caught: unknown;
    try {
      checksumFor(text, name, 'https://example.test/checksums.txt');
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(VerificationError);
    expect((caught as Error).message).toMatch(message);
    expect((caught as Error).message).toContain(name);
    expect((caught as VerificationError).where).toBe('https://example.test/checksums.txt');
  });
});

describe('installGolangciRelease', () => {
  let base: string;
  let script: string;
  let server: GolangciReleaseServer;
  let counter = 0;
  const extraServers: GolangciReleaseServer[] = [];

  beforeAll(async () => {
    base = await mkdtemp(path.join(os.tmpdir(), 'sgv-golangci-'));
    script = path.join(base, 'golangci-lint.sh');
    await writeFile(script, SCRIPT, { mode: 0o755 });
    server = await startGolangciReleaseServer({
      version: VERSION,
      binaries: { 'linux-amd64': script, 'windows-amd64': WINDOWS_BINARY },
    });
  });

  afterAll(async () => {
    await server.close();
    await Promise.all(extraServers.map((s) => s.close()));
    await rm(base, { recursive: true, force: true });
  });

  /** A fresh `<parent>/<os>-<arch>` per test, in a parent of its own to check for leftovers. */
  async function newToolDir(platform = 'linux-amd64'): Promise<string> {
    counter += 1;
    return path.join(base, `cache-${counter}`, 'golangci-lint', '2.15.0', platform);
  }

  async function tamperedServer(tamper: ReleaseTamper): Promise<GolangciReleaseServer> {
    const s = await startGolangciReleaseServer({
      version: VERSION,
      binaries: { 'linux-amd64': script },
      tamper,
    });
    extraServers.push(s);
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

  /** Nothing under the tool dir's parent: no install, no temporary directory. */
  async function expectNothingLeft(toolDir: string): Promise<void> {
    expect(await readdir(path.dirname(toolDir)).catch(() => [])).toEqual([]);
  }

  it('installs the verified binary, alone with its record, and it runs', async () => {
    const toolDir = await newToolDir();
    const installed = await installGolangciRelease({
      release: LINUX,
      baseUrl: server.url,
      toolDir,
      http: FAST,
    });

    const served = server.archives.get(LINUX_ASSET)!;
    expect(installed).toEqual({
      path: path.join(toolDir, 'golangci-lint'),
      sha256: served.sha256,
      url: `${server.url}/${VERSION}/${LINUX_ASSET}`,
      cached: false,
    });
    expect((await readdir(toolDir)).sort()).toEqual([INSTALL_RECORD, 'golangci-lint']);
    expect(await readdir(path.dirname(toolDir))).toEqual(['linux-amd64']);
    expect((await stat(installed.path)).mode & 0o777).toBe(0o755);

    const record = JSON.parse(await readFile(path.join(toolDir, INSTALL_RECORD), 'utf8'));
    expect(record).toMatchObject({
      version: VERSION,
      asset: LINUX_ASSET,
      sha256: served.sha256,
      checksumsUrl: `${server.url}/${VERSION}/${CHECKSUMS}`,
      binarySha256: createHash('sha256').update(SCRIPT).digest('hex'),
    });
    if (process.platform !== 'win32') {
      const { stdout } = await promisify(execFile)(installed.path, ['--version']);
      expect(stdout).toBe('golangci-lint has version 2.15.0\n');
    }
  });

  it('uses a finished install without touching the network', async () => {
    const toolDir = await newToolDir();
    const first = await installGolangciRelease({
      release: LINUX,
      baseUrl: server.url,
      toolDir,
      http: FAST,
    });
    const requests = server.requests.length;
    const second = await installGolangciRelease({
      release: LINUX,
      baseUrl: server.url,
      toolDir,
      http: FAST,
    });
    expect(server.requests.length).toBe(requests);
    expect(second).toEqual({ ...first, cached: true });
  });

  it('replaces an install whose binary changed since it was verified', async () => {
    const toolDir = await newToolDir();
    const options = { release: LINUX, baseUrl: server.url, toolDir, http: FAST };
    const first = await installGolangciRelease(options);
    await writeFile(first.path, '#!/bin/sh\necho swapped\n');
    const downloads = server.countFor(LINUX_ASSET);

    const again = await installGolangciRelease(options);
    expect(again.cached).toBe(false);
    expect(server.countFor(LINUX_ASSET)).toBe(downloads + 1);
    expect(await readFile(again.path, 'utf8')).toBe(SCRIPT);
    expect(await readdir(path.dirname(toolDir))).toEqual(['linux-amd64']);
  });

  it('reinstalls when the record is missing', async () => {
    const toolDir = await newToolDir();
    const options = { release: LINUX, baseUrl: server.url, toolDir, http: FAST };
    await installGolangciRelease(options);
    await rm(path.join(toolDir, INSTALL_RECORD));
    const again = await installGolangciRelease(options);
    expect(again.cached).toBe(false);
    expect((await readdir(toolDir)).sort()).toEqual([INSTALL_RECORD, 'golangci-lint']);
  });

  it('extracts golangci-lint.exe from the Windows zip', async () => {
    const toolDir = await newToolDir('windows-amd64');
    const installed = await installGolangciRelease({
      release: WINDOWS,
      baseUrl: server.url,
      toolDir,
      http: FAST,
    });
    expect(installed.path).toBe(path.join(toolDir, 'golangci-lint.exe'));
    expect(installed.sha256).toBe(
      server.archives.get('golangci-lint-2.15.0-windows-amd64.zip')!.sha256,
    );
    expect(await readFile(installed.path)).toEqual(WINDOWS_BINARY);
    expect((await readdir(toolDir)).sort()).toEqual([INSTALL_RECORD, 'golangci-lint.exe']);
  });

  it('refuses an archive whose hash is not the listed one and leaves nothing', async () => {
    const bad = await tamperedServer({ wrongHash: ['linux-amd64'] });
    const toolDir = await newToolDir();
    const err = await failure(
      installGolangciRelease({ release: LINUX, baseUrl: bad.url, toolDir, http: FAST }),
    );
    expect(err).toBeInstanceOf(VerificationError);
    expect(err.message).toContain(`SHA-256 of ${LINUX_ASSET} does not match`);
    expect(err.message).toContain(bad.archives.get(LINUX_ASSET)!.sha256);
    expect(bad.countFor(LINUX_ASSET)).toBe(1);
    await expectNothingLeft(toolDir);
  });

  it.each<[string, ReleaseTamper]>([
    ['only inside longer names', { substringOnly: ['linux-amd64'] }],
    ['only on its .sbom.json line', { sbomOnly: ['linux-amd64'] }],
  ])('refuses an asset the checksums file names %s', async (_case, tamper) => {
    const bad = await tamperedServer(tamper);
    expect(bad.checksumsText).toContain(`  ${LINUX_ASSET}.sbom.json\n`);
    const toolDir = await newToolDir();
    const err = await failure(
      installGolangciRelease({ release: LINUX, baseUrl: bad.url, toolDir, http: FAST }),
    );
    expect(err).toBeInstanceOf(VerificationError);
    expect(err.message).toContain(`the checksums entry for ${LINUX_ASSET}`);
    expect(err.message).toContain(`${bad.url}/${VERSION}/${CHECKSUMS}`);
    // Nothing to check against: the archive is not even downloaded.
    expect(bad.countFor(LINUX_ASSET)).toBe(0);
    await expectNothingLeft(toolDir);
  });

  it('retries server errors', async () => {
    const flaky = await tamperedServer({ failFirst: 3 });
    const toolDir = await newToolDir();
    const retried: number[] = [];
    const installed = await installGolangciRelease({
      release: LINUX,
      baseUrl: flaky.url,
      toolDir,
      http: { ...FAST, onRetry: (err) => retried.push(err.status ?? 0) },
    });
    expect(retried).toEqual([500, 500, 500]);
    expect(installed.sha256).toBe(flaky.archives.get(LINUX_ASSET)!.sha256);
    expect(installed.cached).toBe(false);
  });

  it('retries a failing or cut-off archive download from the start', async () => {
    const flaky = await tamperedServer({
      failFor: { [LINUX_ASSET]: 1 },
      cutFor: { [LINUX_ASSET]: 1 },
    });
    const toolDir = await newToolDir();
    const retried: string[] = [];
    const installed = await installGolangciRelease({
      release: LINUX,
      baseUrl: flaky.url,
      toolDir,
      http: { ...FAST, onRetry: (err) => retried.push(err.message) },
    });
    expect(retried).toHaveLength(2);
    expect(retried[0]).toContain('HTTP 500');
    expect(retried[1]).toMatch(/download cut off after \d+ of \d+ bytes/);
    expect(flaky.countFor(LINUX_ASSET)).toBe(3);
    expect(installed.sha256).toBe(flaky.archives.get(LINUX_ASSET)!.sha256);
    expect(await readFile(installed.path, 'utf8')).toBe(SCRIPT);
    expect(await readdir(path.dirname(toolDir))).toEqual(['linux-amd64']);
  });

  it('gives up after the configured retries', async () => {
    const down = await tamperedServer({ failFirst: 100 });
    const toolDir = await newToolDir();
    const err = await failure(
      installGolangciRelease({
        release: LINUX,
        baseUrl: down.url,
        toolDir,
        http: { retries: 2, backoffMs: 1 },
      }),
    );
    expect(err).toBeInstanceOf(NetworkError);
    expect(err.message).toContain('HTTP 500');
    expect(down.requests.length).toBe(3);
    await expectNothingLeft(toolDir);
  });

  it('says the version or platform may not exist when the archive is a 404', async () => {
    const missing = await tamperedServer({ notFound: [LINUX_ASSET] });
    const toolDir = await newToolDir();
    const err = await failure(
      installGolangciRelease({ release: LINUX, baseUrl: missing.url, toolDir, http: FAST }),
    );
    expect(err).toBeInstanceOf(NetworkError);
    expect((err as NetworkError).status).toBe(404);
    expect(err.message).toContain(`${missing.url}/${VERSION}/${LINUX_ASSET} (HTTP 404)`);
    expect(err.message).toContain('has no archive for linux-amd64');
    expect(err.message).toContain('that version or platform may not exist');
    expect(missing.countFor(LINUX_ASSET)).toBe(1); // a 404 is not retried
    await expectNothingLeft(toolDir);
  });

  it('says the version may not exist when its checksums file is a 404', async () => {
    const toolDir = await newToolDir();
    const err = await failure(
      installGolangciRelease({
        release: { ...LINUX, version: 'v2.99.0' },
        baseUrl: server.url,
        toolDir,
        http: FAST,
      }),
    );
    expect(err).toBeInstanceOf(NetworkError);
    expect(err.message).toBe(
      `golangci-lint v2.99.0 has no checksums file at ` +
        `${server.url}/v2.99.0/golangci-lint-2.99.0-checksums.txt (HTTP 404): that version may ` +
        `not exist; see https://github.com/golangci/golangci-lint/releases`,
    );
  });

  it('refuses an archive without the binary', async () => {
    const empty = await tamperedServer({ omitBinary: ['linux-amd64'] });
    const toolDir = await newToolDir();
    const err = await failure(
      installGolangciRelease({ release: LINUX, baseUrl: empty.url, toolDir, http: FAST }),
    );
    expect(err.message).toBe(
      `${LINUX_ASSET}: golangci-lint-2.15.0-linux-amd64/golangci-lint is missing; the archive's ` +
        `layout is not the one golangci-lint releases have, so nothing was installed`,
    );
    await expectNothingLeft(toolDir);
  });

  it('lets concurrent installs into one directory both succeed with one install', async () => {
    const toolDir = await newToolDir();
    const downloads = server.countFor(LINUX_ASSET);
    const options = { release: LINUX, baseUrl: server.url, toolDir, http: FAST };
    const results = await Promise.all([
      installGolangciRelease(options),
      installGolangciRelease(options),
      installGolangciRelease(options),
    ]);

    // All three found no install and downloaded; one published, the others used it.
    expect(server.countFor(LINUX_ASSET)).toBe(downloads + 3);
    expect(results.filter((r) => !r.cached)).toHaveLength(1);
    for (const r of results) {
      expect(r.path).toBe(path.join(toolDir, 'golangci-lint'));
      expect(r.sha256).toBe(server.archives.get(LINUX_ASSET)!.sha256);
    }
    expect(await readdir(path.dirname(toolDir))).toEqual(['linux-amd64']);
    expect((await readdir(toolDir)).sort()).toEqual([INSTALL_RECORD, 'golangci-lint']);
    expect(await readFile(path.join(toolDir, 'golangci-lint'), 'utf8')).toBe(SCRIPT);
  });
});
