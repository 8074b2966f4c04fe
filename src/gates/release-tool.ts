/**
 * A gate tool from a release archive, proven in this job every time it is used.
 *
 * The archive is kept in the tool cache, but a kept file is only a candidate: each job
 * fetches the release's checksum line now (from the release host, over HTTPS), hashes the
 * kept archive's bytes against it, and takes the binary out of those same bytes into a
 * directory of this job. A kept archive that no longer matches is downloaded again. Nothing
 * beside the archive (no record, no extracted binary) is trusted, so a job that swaps the
 * archive, its record or a binary changes nothing but the time the next job takes.
 *
 * Layout: `<keepDir>/<asset>`, written by rename so a reader never sees half a file.
 */
import { createHash, randomBytes } from 'node:crypto';
import { chmod, lstat, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import { NetworkError } from '../errors.js';
import { fetchBytes, fetchText, type RequestOptions } from '../fetch/http.js';
import type { ArchivePolicyOptions } from '../archive/archive-policy.js';
import { extractTarGz } from '../archive/extract-tar.js';
import { extractZipBytes } from '../archive/extract-zip.js';
import { expectDigest } from '../verify/digest.js';
import { checksumFor } from './checksum-line.js';

/** Where one release file of one tool, version and platform comes from. */
export interface ReleaseAsset {
  /** `golangci-lint`, `staticcheck`: for messages. */
  readonly tool: string;
  /** The release as its project names it (`v2.15.0`, `2025.1.1`). */
  readonly release: string;
  /** The archive's file name. */
  readonly asset: string;
  readonly archiveUrl: string;
  /** The file that lists the archive's SHA-256 (`sha256sum` format). */
  readonly checksumsUrl: string;
  /** The archive's top directory; only `<top>/<binary>` is extracted. */
  readonly top: string;
  readonly binary: string;
  /** Where to send users whose version or platform does not exist. */
  readonly releasesPage: string;
}

export interface ProvenReleaseTool {
  /** The binary, in this job's directory. */
  readonly path: string;
  /** SHA-256 of the archive, equal to the checksum line fetched in this job. */
  readonly sha256: string;
  readonly checksumsUrl: string;
  /** kept: the tool cache's archive proved; downloaded: it was absent; replaced: it differed. */
  readonly archive: 'kept' | 'downloaded' | 'replaced';
}

const MAX_CHECKSUMS_BYTES = 1024 * 1024;
const MAX_ARCHIVE_BYTES = 512 * 1024 * 1024;

function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * Proves and extracts one release tool: the checksum line is fetched now, the kept archive
 * (or a fresh download) must hash to it, and the binary comes out of the hashed bytes into
 * `runDir` (a directory this job created).
 */
export async function provenReleaseTool(opts: {
  asset: ReleaseAsset;
  keepDir: string;
  runDir: string;
  http?: RequestOptions;
}): Promise<ProvenReleaseTool> {
  const { asset, http = {} } = opts;
  const checksums = await fetchText(asset.checksumsUrl, {
    ...http,
    maxBytes: MAX_CHECKSUMS_BYTES,
  }).catch((err: unknown) => {
    throw notPublished(err, asset, asset.checksumsUrl, 'has no checksums file', 'version');
  });
  const expected = checksumFor(checksums, asset.asset, asset.checksumsUrl);

  const keptFile = path.join(opts.keepDir, asset.asset);
  const kept = await readRegularFile(keptFile);
  let bytes: Buffer;
  let archive: ProvenReleaseTool['archive'];
  if (kept && sha256(kept) === expected) {
    bytes = kept;
    archive = 'kept';
  } else {
    bytes = await fetchBytes(asset.archiveUrl, { ...http, maxBytes: MAX_ARCHIVE_BYTES }).catch(
      (err: unknown) => {
        throw notPublished(
          err,
          asset,
          asset.archiveUrl,
          `has no archive ${asset.asset}`,
          'version or platform',
        );
      },
    );
    expectDigest(sha256(bytes), expected, `SHA-256 of ${asset.asset}`, asset.archiveUrl);
    archive = kept ? 'replaced' : 'downloaded';
    await keep(keptFile, bytes);
  }
  const binary = await extractBinary(bytes, asset, opts.runDir, http.signal);
  return { path: binary, sha256: expected, checksumsUrl: asset.checksumsUrl, archive };
}

/** A regular file's bytes, or undefined when it is absent, too big or anything else. */
async function readRegularFile(file: string): Promise<Buffer | undefined> {
  const info = await lstat(file).catch(() => undefined);
  if (!info?.isFile() || info.size > MAX_ARCHIVE_BYTES) return undefined;
  return readFile(file).catch(() => undefined);
}

/** Writes the proven archive for later jobs (which prove it again); a failure only costs time. */
async function keep(file: string, bytes: Buffer): Promise<void> {
  const tmp = `${file}.tmp-${randomBytes(6).toString('hex')}`;
  try {
    await mkdir(path.dirname(file), { recursive: true });
    await rm(file, { recursive: true, force: true });
    await writeFile(tmp, bytes, { flag: 'wx' });
    await rename(tmp, file);
  } catch {
    await rm(tmp, { force: true }).catch(() => undefined);
  }
}

/** Extracts `<top>/<binary>` alone from the hashed bytes; every other member is still checked. */
async function extractBinary(
  bytes: Buffer,
  asset: ReleaseAsset,
  runDir: string,
  signal: AbortSignal | undefined,
): Promise<string> {
  const dest = path.join(runDir, `${asset.tool}-${randomBytes(4).toString('hex')}`);
  await mkdir(dest, { recursive: true });
  const policy: ArchivePolicyOptions = {
    requiredPrefix: asset.top,
    stripPrefix: true,
    rename: (name) => (name === asset.binary ? name : null),
  };
  const options = { ...policy, ...(signal ? { signal } : {}) };
  if (asset.asset.endsWith('.zip')) {
    await extractZipBytes(bytes, dest, options, asset.asset);
  } else {
    await extractTarGz(Readable.from([bytes]), dest, options);
  }
  const bin = path.join(dest, asset.binary);
  const info = await lstat(bin).catch(() => undefined);
  if (!info?.isFile()) {
    throw new Error(
      `${asset.asset}: ${asset.top}/${asset.binary} ${info ? 'is not a regular file' : 'is missing'}; ` +
        `the archive's layout is not the one ${asset.tool} releases have, so nothing was installed`,
    );
  }
  await chmod(bin, 0o755);
  return bin;
}

/** A 404 gets a message saying what is probably wrong; other errors pass unchanged. */
function notPublished(
  err: unknown,
  asset: ReleaseAsset,
  url: string,
  what: string,
  suspect: string,
): unknown {
  if (!(err instanceof NetworkError) || err.status !== 404) return err;
  return new NetworkError(
    `${asset.tool} ${asset.release} ${what} at ${url} (HTTP 404): that ${suspect} may not ` +
      `exist; see ${asset.releasesPage}`,
    url,
    false,
    404,
    { cause: err },
  );
}
