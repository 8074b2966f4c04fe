/**
 * Download → verify → extract of one release archive, in a single streaming pass: the
 * bytes are hashed (SHA-256, and the signature's digest) on their way to gunzip and tar, so
 * verification costs no extra read. A .zip needs random access: it is read into memory
 * (hashed on the way) and unpacked from there, never from a file. Nothing here decides whether the result is kept: the
 * caller extracts into a temporary directory and throws it away when this rejects.
 */
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import * as path from 'node:path';
import { PassThrough, type Readable } from 'node:stream';
import { NetworkError, VerificationError } from '../errors.js';
import { fetchBytes, openStream, withRetries, type RequestOptions } from '../fetch/http.js';
import type { Logger } from '../log.js';
import type { TreeRecord } from '../archive/extract-result.js';
import { expectDigest } from '../verify/digest.js';
import type { KeyBundle } from '../verify/keys.js';
import { signatureStreamTap, type SignatureTap } from '../verify/signature.js';
import { isToolchainExecutable, MODULE_OMITTED_DIRS } from '../versions/toolchain-module.js';
import type { ExtractResult } from '../archive/extract-result.js';
import { extractTarGz } from '../archive/extract-tar.js';
import { extractZipBytes } from '../archive/extract-zip.js';
import { readHashed } from '../archive/hashed-bytes.js';

/** How an archive's OpenPGP signature was checked (part of the verification record). */
export type SignatureRecord =
  | {
      readonly status: 'verified';
      readonly url: string;
      readonly primaryFingerprint: string;
      readonly signingKeyFingerprint: string;
      /** When the signature was made (ISO 8601). */
      readonly created: string;
      readonly hashAlgorithm: string;
      /** When the signing key expires or expired (ISO 8601); absent when it never does. */
      readonly signerExpires?: string;
    }
  | {
      /** go.dev publishes no .asc for .zip, .msi and .pkg files. */
      readonly status: 'not-published';
      readonly reason: string;
    };

export interface ArtifactRecord {
  readonly name: string;
  readonly url: string;
  readonly size: number;
  readonly sha256: string;
  /** Where the expected SHA-256 came from (the index URL). */
  readonly sha256Source: string;
  readonly signature: SignatureRecord;
}

/** Largest .zip accepted (go.dev's Windows zips are ~75 MB). */
const MAX_ZIP_BYTES = 1024 ** 3;

export interface ArchiveSource {
  /** File name, e.g. go1.22.5.linux-amd64.tar.gz. */
  readonly name: string;
  readonly url: string;
  /** The SHA-256 the bytes must have, and where that value came from. */
  readonly sha256: string;
  readonly sha256Source: string;
  /** The detached signature's URL; required for .tar.gz, absent for .zip (none is published). */
  readonly signatureUrl?: string;
}

export interface VerifiedArchive {
  readonly artifact: ArtifactRecord;
  readonly tree: TreeRecord;
  /** GOROOT-relative name → SHA-256 of every file written. */
  readonly fileHashes: ReadonlyMap<string, string>;
}

export interface ArchiveOptions {
  readonly keys: KeyBundle;
  readonly http: RequestOptions;
  readonly logger: Logger;
}

/** Downloads `source`, verifies it and extracts its `go/` tree into `destDir` (must be empty). */
export async function installReleaseArchive(
  source: ArchiveSource,
  destDir: string,
  opts: ArchiveOptions,
): Promise<VerifiedArchive> {
  const isZip = source.name.endsWith('.zip');
  if (!isZip && !source.name.endsWith('.tar.gz')) {
    throw new Error(`${source.name}: only .tar.gz and .zip archives can be installed`);
  }
  const signature = isZip ? undefined : await fetchSignature(source, opts);

  const attempt = async (n: number) => {
    if (n > 1) await emptyDir(destDir);
    const tap = signature
      ? await signatureStreamTap({ ...signature.subject, keys: opts.keys })
      : undefined;
    return isZip ? zipAttempt(source, destDir, opts) : tarAttempt(source, destDir, opts, tap!);
  };
  const { sha256, size, extracted, check } = await withRetries(attempt, {
    ...opts.http,
    onRetry: (err, n, ms) =>
      opts.logger.warning(
        `download of ${source.name} failed (${err.message}); retry ${n} in ${Math.round(ms / 1000)} s`,
      ),
  });

  expectDigest(sha256, source.sha256, `SHA-256 of ${source.name}`, source.url);
  const signatureRecord: SignatureRecord =
    check && signature
      ? {
          status: 'verified',
          url: signature.url,
          primaryFingerprint: check.primaryFingerprint,
          signingKeyFingerprint: check.signingKeyFingerprint,
          created: check.created.toISOString(),
          hashAlgorithm: check.hashAlgorithm,
          ...(check.signerExpires ? { signerExpires: check.signerExpires.toISOString() } : {}),
        }
      : {
          status: 'not-published',
          reason: 'go.dev publishes no OpenPGP signature for .zip archives',
        };

  const hashes = extracted.hashes ?? new Map<string, string>();
  const executables: Record<string, string> = {};
  for (const [name, hash] of hashes) {
    if (isToolchainExecutable(name)) executables[name] = hash;
  }
  return {
    artifact: {
      name: source.name,
      url: source.url,
      size,
      sha256,
      sha256Source: source.sha256Source,
      signature: signatureRecord,
    },
    tree: { files: extracted.files, bytes: extracted.bytes, executables },
    fileHashes: hashes,
  };
}

/** The first line of `$GOROOT/VERSION` must be the resolved tag, whatever else was checked. */
export async function checkVersionFile(dir: string, tag: string, where: string): Promise<void> {
  const text = await readFile(path.join(dir, 'VERSION'), 'utf8').catch(() => undefined);
  const first = text?.split('\n', 1)[0]?.trim();
  if (first !== tag) {
    throw new VerificationError(
      'first line of $GOROOT/VERSION',
      tag,
      first === undefined ? 'no VERSION file' : JSON.stringify(first),
      where,
    );
  }
}

interface AttemptResult {
  sha256: string;
  size: number;
  extracted: ExtractResult;
  check?: Awaited<ReturnType<SignatureTap['finish']>>;
}

/**
 * A go.dev archive is unpacked as the tree the toolchain module holds: the `go/` tree less
 * the top-level `api/ doc/ misc/ test/`, which no proof that can be repeated covers (the
 * module leaves them out); no links (release archives have none); names a module zip can
 * hold. Every file is hashed as it is written, for the tree proof.
 */
function treeOptions() {
  return {
    requiredPrefix: 'go/',
    stripPrefix: true,
    hashFiles: true,
    // Directories too: `api/` itself is not created. (A top-level *file* named `api` would be
    // dropped although the module keeps it; the tree proof then fails, the safe way round.)
    rename: (name: string) => (MODULE_OMITTED_DIRS.includes(name.split('/', 1)[0]!) ? null : name),
    allowSymlinks: false,
    allowHardlinks: false,
    moduleFileNames: true,
  };
}

/** One streaming pass: HTTP body → SHA-256 + signature digest → gunzip → tar. */
async function tarAttempt(
  source: ArchiveSource,
  destDir: string,
  opts: ArchiveOptions,
  tap: SignatureTap,
): Promise<AttemptResult> {
  const opened = await openStream(source.url, opts.http);
  const body = opened.body;
  const sha = createHash('sha256');
  let size = 0;
  // A 'data' listener sees every chunk exactly once, whoever consumes the stream, so the
  // digests stay exact even if extraction stops early and the rest is drained below.
  body.on('data', (chunk: Buffer) => {
    sha.update(chunk);
    tap.update(chunk);
    size += chunk.length;
  });
  const toTar = new PassThrough({ highWaterMark: 1024 * 1024 });
  // pipe() does not carry errors: a cut-off or stalled body must fail the extraction too.
  body.once('error', (err) => {
    tap.fail(err);
    toTar.destroy(err);
  });
  body.pipe(toTar);
  let extracted: ExtractResult;
  try {
    extracted = await extractTarGz(toTar, destDir, treeOptions());
    await drained(body);
  } catch (err) {
    if (err instanceof NetworkError) throw err;
    // A tampered archive usually breaks gzip or tar before its hash can be compared; read
    // the rest so the failure names the cause (bytes that are not the published ones).
    body.unpipe(toTar);
    const complete = await drained(body).then(
      () => true,
      () => false,
    );
    if (complete)
      expectDigest(sha.digest('hex'), source.sha256, `SHA-256 of ${source.name}`, source.url);
    throw err;
  }
  const check = await tap.finish();
  return { sha256: sha.digest('hex'), size, extracted, check };
}

/**
 * Zips need random access: the body is read into memory (hashing it), checked, and unpacked
 * from that memory, so the bytes unpacked are the bytes whose SHA-256 matched (a file on
 * disk could be changed in between).
 */
async function zipAttempt(
  source: ArchiveSource,
  destDir: string,
  opts: ArchiveOptions,
): Promise<AttemptResult> {
  const opened = await openStream(source.url, opts.http);
  const body = await readHashed(opened.body, {
    maxBytes: MAX_ZIP_BYTES,
    tooLarge: () =>
      new NetworkError(`${source.url} is larger than ${MAX_ZIP_BYTES} bytes`, source.url, false),
  });
  // Check before unpacking: an unverified zip is never opened.
  expectDigest(body.sha256, source.sha256, `SHA-256 of ${source.name}`, source.url);
  const extracted = await extractZipBytes(body.bytes, destDir, treeOptions(), source.name);
  return { sha256: body.sha256, size: body.size, extracted };
}

interface FetchedSignature {
  url: string;
  subject: { signature: Uint8Array; artifact: string; where: string };
}

async function fetchSignature(
  source: ArchiveSource,
  opts: ArchiveOptions,
): Promise<FetchedSignature> {
  const url = source.signatureUrl ?? `${source.url}.asc`;
  try {
    const bytes = await fetchBytes(url, { ...opts.http, maxBytes: 64 * 1024 });
    return { url, subject: { signature: bytes, artifact: source.name, where: url } };
  } catch (err) {
    if (err instanceof NetworkError && !err.retryable) {
      throw new VerificationError(
        `OpenPGP signature of ${source.name}`,
        `a detached signature at ${url}`,
        `none (${err.status ? `HTTP ${err.status}` : err.message})`,
        url,
      );
    }
    throw err;
  }
}

async function drained(body: Readable): Promise<void> {
  if (body.readableEnded || body.destroyed) return;
  await new Promise<void>((resolve, reject) => {
    body.once('end', resolve);
    body.once('error', reject);
    body.resume();
  });
}

async function emptyDir(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  for (const name of await readdir(dir))
    await rm(path.join(dir, name), { recursive: true, force: true });
}
