/**
 * golangci-lint from its GitHub release: the archive for one platform, checked against the
 * release's checksums file before it is opened, with only the binary extracted into a
 * tool-cache directory. The checksums file comes from the same release as the archive, so
 * this proves the bytes are the ones the release lists (no corrupt or swapped download).
 *
 * Layout of one install (published by renaming a finished sibling directory into place):
 *
 *   <toolDir>/golangci-lint[.exe]
 *   <toolDir>/.verified.json        what was verified; written before the rename
 */
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { chmod, lstat, mkdir, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { InputError, NetworkError, VerificationError } from '../errors.js';
import { fetchText, openStream, withRetries, type RequestOptions } from '../fetch/http.js';
import type { ArchivePolicyOptions } from '../install/archive-policy.js';
import type { ExtractResult } from '../install/extract-result.js';
import { extractTarGz } from '../install/extract-tar.js';
import { extractZip } from '../install/extract-zip.js';
import { expectDigest, sha256Tap } from '../verify/digest.js';

export const GOLANGCI_RELEASES_URL = 'https://github.com/golangci/golangci-lint/releases/download';

/** The record in an install directory; its presence says the install finished. */
export const INSTALL_RECORD = '.verified.json';

export interface GolangciRelease {
  /** The release tag, e.g. `v2.15.0`. */
  readonly version: string;
  /** GOOS, e.g. `linux`, `darwin`, `windows`. */
  readonly os: string;
  /** GOARCH, e.g. `amd64`, or a release's own name such as `armv7`; `arm` picks `armv6`. */
  readonly arch: string;
}

export interface InstallGolangciOptions {
  readonly release: GolangciRelease;
  /** Where releases are downloaded from. Default {@link GOLANGCI_RELEASES_URL}. */
  readonly baseUrl?: string;
  /** The directory of this tool, version, OS and arch; the binary ends up directly in it. */
  readonly toolDir: string;
  /** GitHub token (raises rate limits; sent to GitHub hosts only). */
  readonly token?: string;
  /** Retries, timeouts, abort signal, user agent. */
  readonly http?: RequestOptions;
}

export interface InstalledTool {
  /** The binary. */
  readonly path: string;
  /** SHA-256 of the release archive it came from. */
  readonly sha256: string;
  /** Where the archive was downloaded from. */
  readonly url: string;
  /** True when an install already there (earlier, or by a concurrent job) was used. */
  readonly cached: boolean;
}

/** What {@link INSTALL_RECORD} holds. */
interface InstallRecord {
  tool: 'golangci-lint';
  version: string;
  os: string;
  arch: string;
  asset: string;
  url: string;
  sha256: string;
  checksumsUrl: string;
  binary: string;
  binarySha256: string;
}

const VERSION = /^v(\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?)$/;
const PLATFORM_PART = /^[a-z0-9]+$/;
const SHA256_HEX = /^[0-9a-fA-F]{64}$/;
const MAX_CHECKSUMS_BYTES = 1024 * 1024;

/** `2.15.0` for `v2.15.0`; InputError for anything that is not a release tag. */
function plainVersion(version: string): string {
  const m = VERSION.exec(version);
  if (!m) {
    throw new InputError(
      `golangci-lint version ${JSON.stringify(version)} is not a release tag like v2.15.0`,
    );
  }
  return m[1]!;
}

/** The `<os>-<arch>` part of release file names. */
function platformName(r: GolangciRelease): string {
  for (const [what, value] of [
    ['OS', r.os],
    ['architecture', r.arch],
  ] as const) {
    if (!PLATFORM_PART.test(value)) {
      throw new InputError(
        `golangci-lint release ${what} ${JSON.stringify(value)} is not a Go name like linux or amd64`,
      );
    }
  }
  // GOARCH has no ARM version; the armv6 build runs on both ARMv6 and ARMv7.
  return `${r.os}-${r.arch === 'arm' ? 'armv6' : r.arch}`;
}

/** `golangci-lint` or, on Windows, `golangci-lint.exe`. */
export function binaryName(os: string): string {
  return os === 'windows' ? 'golangci-lint.exe' : 'golangci-lint';
}

/** The archive's top directory, `golangci-lint-2.15.0-linux-amd64`. */
function topDirectory(r: GolangciRelease): string {
  return `golangci-lint-${plainVersion(r.version)}-${platformName(r)}`;
}

/** `golangci-lint-2.15.0-linux-amd64.tar.gz`, or `.zip` for Windows. */
export function assetName(r: GolangciRelease): string {
  return `${topDirectory(r)}.${r.os === 'windows' ? 'zip' : 'tar.gz'}`;
}

/** `golangci-lint-2.15.0-checksums.txt`. */
export function checksumsName(version: string): string {
  return `golangci-lint-${plainVersion(version)}-checksums.txt`;
}

/**
 * The lowercase SHA-256 a `sha256sum`-style file (`<hex>  <name>`, or `<hex> *<name>`) gives
 * for exactly `fileName`. Other names never match, however much of `fileName` they contain
 * (`<asset>.sbom.json`, `x-<asset>`). Throws a VerificationError when there is no such line,
 * when its hash is not a SHA-256, or when two lines give different hashes.
 */
export function checksumFor(
  checksumsTxt: string,
  fileName: string,
  where = 'the checksums file',
): string {
  const what = `the checksums entry for ${fileName}`;
  const expected = `one line "<sha256>  ${fileName}"`;
  let found: string | undefined;
  const lines = checksumsTxt.split('\n');
  for (const [i, line] of lines.entries()) {
    const m = /^\s*(\S+)\s+\*?(.*?)\s*$/.exec(line);
    if (!m || m[2] !== fileName) continue;
    const hash = m[1]!;
    if (!SHA256_HEX.test(hash)) {
      throw new VerificationError(
        what,
        expected,
        `${JSON.stringify(hash)} on line ${i + 1}`,
        where,
      );
    }
    const lower = hash.toLowerCase();
    if (found !== undefined && found !== lower) {
      throw new VerificationError(
        what,
        expected,
        `lines with different hashes (${found} and ${lower}, the second on line ${i + 1})`,
        where,
      );
    }
    found = lower;
  }
  if (found === undefined) {
    throw new VerificationError(
      what,
      expected,
      'no such line (the release may not publish this file)',
      where,
    );
  }
  return found;
}

/**
 * Installs golangci-lint into `toolDir`, or finds it there. An existing install is used
 * only with its record, and only while its binary still has the hash recorded; anything
 * else there is replaced. The archive is hashed as it downloads and checked against the
 * checksums file before anything is extracted; on any failure nothing new is left behind.
 */
export async function installGolangciRelease(opts: InstallGolangciOptions): Promise<InstalledTool> {
  const { release } = opts;
  const asset = assetName(release);
  const toolDir = path.resolve(opts.toolDir);
  const existing = await readInstall(toolDir, release);
  if (existing) return existing;

  const http: RequestOptions = { ...opts.http, ...(opts.token ? { token: opts.token } : {}) };
  const base = `${(opts.baseUrl ?? GOLANGCI_RELEASES_URL).replace(/\/+$/, '')}/${release.version}`;
  const checksumsUrl = `${base}/${checksumsName(release.version)}`;
  const url = `${base}/${asset}`;

  const checksums = await fetchText(checksumsUrl, { ...http, maxBytes: MAX_CHECKSUMS_BYTES }).catch(
    (err: unknown) => {
      throw notPublished(
        err,
        checksumsUrl,
        `golangci-lint ${release.version} has no checksums file`,
        'version',
      );
    },
  );
  const expected = checksumFor(checksums, asset, checksumsUrl);

  const parent = path.dirname(toolDir);
  await mkdir(parent, { recursive: true });
  // Beside toolDir, so the final rename stays on one file system.
  const stage = await mkdtemp(path.join(parent, `.tmp-${path.basename(toolDir)}-`));
  try {
    const archive = path.join(stage, asset);
    const sha256 = await download(url, archive, http).catch((err: unknown) => {
      throw notPublished(
        err,
        url,
        `golangci-lint ${release.version} has no archive for ${release.os}-${release.arch}`,
        'version or platform',
      );
    });
    expectDigest(sha256, expected, `SHA-256 of ${asset}`, url);

    const tree = path.join(stage, 'tool');
    const bin = binaryName(release.os);
    const binarySha256 = await extractBinary(archive, tree, release, http.signal);
    await chmod(path.join(tree, bin), 0o755);
    const record: InstallRecord = {
      tool: 'golangci-lint',
      version: release.version,
      os: release.os,
      arch: release.arch,
      asset,
      url,
      sha256,
      checksumsUrl,
      binary: bin,
      binarySha256,
    };
    await writeFile(path.join(tree, INSTALL_RECORD), `${JSON.stringify(record, null, 2)}\n`);
    const theirs = await publish(tree, toolDir, release);
    return theirs ?? { path: path.join(toolDir, bin), sha256, url, cached: false };
  } finally {
    await rm(stage, { recursive: true, force: true });
  }
}

/**
 * Streams `url` into `file`, returning the SHA-256 of the bytes. A body cut off midway
 * cannot be resumed, so the whole download is one retried attempt.
 */
async function download(url: string, file: string, http: RequestOptions): Promise<string> {
  return withRetries(async () => {
    const opened = await openStream(url, { ...http, retries: 0 });
    const tap = sha256Tap();
    const out = createWriteStream(file);
    if (http.signal) await pipeline(opened.body, tap, out, { signal: http.signal });
    else await pipeline(opened.body, tap, out);
    return tap.hex();
  }, http);
}

/**
 * Extracts `<top>/golangci-lint[.exe]` alone into `dest`, refusing anything unsafe on the
 * way (the policy sees every member, written or not), and returns the binary's SHA-256.
 */
async function extractBinary(
  archive: string,
  dest: string,
  release: GolangciRelease,
  signal: AbortSignal | undefined,
): Promise<string> {
  const top = topDirectory(release);
  const bin = binaryName(release.os);
  const policy: ArchivePolicyOptions = {
    requiredPrefix: top,
    stripPrefix: true,
    rename: (name) => (name === bin ? name : null),
  };
  const options = { ...policy, hashFiles: true, ...(signal ? { signal } : {}) };
  const result: ExtractResult = archive.endsWith('.zip')
    ? await extractZip(archive, dest, options)
    : await extractTarGz(createReadStream(archive), dest, options);
  const info = await lstat(path.join(dest, bin)).catch(() => undefined);
  const hash = result.hashes?.get(bin);
  if (!info?.isFile() || hash === undefined) {
    const what = info ? 'is not a regular file' : 'is missing';
    throw new Error(
      `${path.basename(archive)}: ${top}/${bin} ${what}; the archive's layout is not the one ` +
        `golangci-lint releases have, so nothing was installed`,
    );
  }
  return hash;
}

/**
 * Renames the finished `tree` to `toolDir`. Returns undefined when this call published, or
 * the install another job published first. Whatever else is at toolDir (a crash leftover,
 * a binary that no longer matches its record) is replaced.
 */
async function publish(
  tree: string,
  toolDir: string,
  release: GolangciRelease,
): Promise<InstalledTool | undefined> {
  for (let attempt = 1; ; attempt++) {
    try {
      await rename(tree, toolDir);
      return undefined;
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      // ENOTEMPTY/EEXIST: toolDir is there; EPERM/EACCES/EBUSY also on Windows for that or a
      // scanner holding a new file open.
      if (!['ENOTEMPTY', 'EEXIST', 'EPERM', 'EACCES', 'EBUSY'].includes(code ?? '')) throw err;
      const theirs = await readInstall(toolDir, release);
      if (theirs) return theirs;
      if (attempt >= 5) {
        throw new Error(
          `could not move the verified golangci-lint into ${toolDir} (${code}): ` +
            `remove that directory and try again`,
          { cause: err },
        );
      }
      await rm(toolDir, { recursive: true, force: true });
      await new Promise((resolve) => setTimeout(resolve, 50 * attempt));
    }
  }
}

/** The install at `toolDir` if its record is whole, for this release, and its binary intact. */
async function readInstall(
  toolDir: string,
  release: GolangciRelease,
): Promise<InstalledTool | undefined> {
  let record: Partial<InstallRecord>;
  try {
    record = JSON.parse(
      await readFile(path.join(toolDir, INSTALL_RECORD), 'utf8'),
    ) as Partial<InstallRecord>;
  } catch {
    return undefined; // absent, or torn: reinstall
  }
  const bin = binaryName(release.os);
  const matches =
    record.tool === 'golangci-lint' &&
    record.version === release.version &&
    record.os === release.os &&
    record.arch === release.arch &&
    record.binary === bin &&
    typeof record.url === 'string' &&
    typeof record.sha256 === 'string' &&
    SHA256_HEX.test(record.sha256) &&
    typeof record.binarySha256 === 'string';
  if (!matches) return undefined;
  const binPath = path.join(toolDir, bin);
  const info = await lstat(binPath).catch(() => undefined);
  if (!info?.isFile()) return undefined;
  // Cheap next to a download, and a cache entry changed since it was verified is not used.
  if ((await hashFile(binPath)) !== record.binarySha256) return undefined;
  return { path: binPath, sha256: record.sha256!, url: record.url!, cached: true };
}

async function hashFile(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** A 404 gets a message saying what is probably wrong; other errors pass unchanged. */
function notPublished(err: unknown, url: string, what: string, suspect: string): unknown {
  if (!(err instanceof NetworkError) || err.status !== 404) return err;
  return new NetworkError(
    `${what} at ${url} (HTTP 404): that ${suspect} may not exist; see ` +
      `https://github.com/golangci/golangci-lint/releases`,
    url,
    false,
    404,
    { cause: err },
  );
}
