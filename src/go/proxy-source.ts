/**
 * A Go toolchain from a module proxy, the way GOTOOLCHAIN gets one: the
 * `golang.org/toolchain@v0.0.1-<tag>.<goos>-<goarch>` zip, accepted only when its `h1:` equals
 * the one the Go checksum database holds (signed tree note + inclusion proof, see SumdbClient).
 *
 * The database is asked while the zip downloads; an unknown version, a forged proof or an
 * unreachable database aborts the download, and there is no fallback to unverified bytes. The zip is kept
 * in memory (hashing its SHA-256 on the way, for the record), then unpacked once from that
 * memory, never from a file another process could change: the per-file SHA-256 values the
 * extractor computes while writing give the `h1:` without a second pass. Nothing here decides whether the result is kept: the caller unpacks into a
 * temporary directory and throws it away when this rejects.
 */
import { createReadStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import * as path from 'node:path';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { InputError, NetworkError, UnsafeArchiveError, VerificationError } from '../errors.js';
import { proxyGet, proxyPaths, type Fetcher, type ProxyEntry } from '../fetch/goproxy.js';
import { HttpStatusError, openStream, withRetries, type RequestOptions } from '../fetch/http.js';
import type { Logger } from '../log.js';
import { SumdbClient, type SumdbLookup } from '../verify/sumdb/client.js';
import { DirHash } from '../verify/sumdb/dirhash.js';
import type { ExtractResult, TreeRecord } from '../archive/extract-result.js';
import { extractZipBytes } from '../archive/extract-zip.js';
import { readHashed, type HashedBytes } from '../archive/hashed-bytes.js';
import {
  isToolchainExecutable,
  moduleZipMapping,
  TOOLCHAIN_MODULE,
  toolchainModuleVersion,
} from '../versions/toolchain-module.js';
import { lookUpToolchain, proxyList, sumdbClient } from '../verify/sumdb-access.js';
import { inert } from '../log-text.js';

/** Largest module zip accepted (toolchains are 20–110 MB). */
const MAX_ZIP_BYTES = 1024 ** 3;
export interface ProxyInstallOptions {
  /** GOPROXY setting (`https://proxy.golang.org,direct`) or a parsed list. */
  readonly goproxy: string | readonly ProxyEntry[];
  /** The Go tag, e.g. `go1.22.5`. */
  readonly tag: string;
  /** GOOS and GOARCH of the toolchain. */
  readonly os: string;
  readonly arch: string;
  /** Where the GOROOT is unpacked; must be empty or missing. */
  readonly destDir: string;
  /** The checksum database client; made from `gosumdb`, `sumdbStateDir` and `goproxy` when absent. */
  readonly sumdb?: SumdbClient;
  /** GOSUMDB setting (default sum.golang.org). */
  readonly gosumdb?: string;
  /** Keeps the last verified tree head between runs, so a forked log is noticed. */
  readonly sumdbStateDir?: string;
  readonly http: RequestOptions;
  readonly logger: Logger;
}

/** The module zip that was downloaded. */
export interface ModuleArtifactRecord {
  /** `v0.0.1-go1.22.5.linux-amd64.zip` */
  readonly name: string;
  readonly module: string;
  readonly version: string;
  /** The proxy URL that served the zip. */
  readonly url: string;
  readonly size: number;
  /** SHA-256 of the zip file as downloaded (recorded, not checked: the `h1:` is). */
  readonly sha256: string;
}

/** What the checksum database vouched for. */
export interface SumdbRecord {
  /** The database's name, e.g. `sum.golang.org`. */
  readonly database: string;
  /** Where it was reached (a proxy's `/sumdb/<name>` or the database itself). */
  readonly url: string;
  readonly treeSize: number;
  /** Root hash (base64) of the signed tree the record was proven to be in. */
  readonly rootHash: string;
  readonly recordId: number;
  /** The module zip's hash, equal to the one computed from the unpacked files. */
  readonly h1: string;
  /** The signed tree note, so the proof can be re-checked later. */
  readonly treeNote: string;
}

export interface VerifiedModule {
  readonly artifact: ModuleArtifactRecord;
  readonly tree: TreeRecord;
  readonly sumdb: SumdbRecord;
  /** The database's answer as verified (kept beside the entry so reuse can re-check it offline). */
  readonly lookup: SumdbLookup;
  /** Module member name (`bin/go`, `src/_go.mod`) → SHA-256 of every file unpacked. */
  readonly members: ReadonlyMap<string, string>;
}

/** A module zip read into memory, and where it came from. */
export interface SavedZip extends HashedBytes {
  readonly url: string;
}

/**
 * A Fetcher that reads a zip into memory (SHA-256 and size on the way) instead of
 * returning it: proxyGet then applies GOPROXY's fallback rules to the download. A body cut
 * off midway is retried here; HTTP statuses go back to proxyGet.
 */
function zipDownloader(
  http: RequestOptions,
  logger: Logger,
  saved: (zip: SavedZip) => void,
): Fetcher {
  const save = async (source: Readable, url: string): Promise<void> => {
    const body = await readHashed(source, {
      maxBytes: MAX_ZIP_BYTES,
      tooLarge: () => new NetworkError(`${url} is larger than ${MAX_ZIP_BYTES} bytes`, url, false),
    });
    saved({ url, ...body });
  };
  return async (url) => {
    if (url.startsWith('file:')) {
      try {
        await save(createReadStream(fileURLToPath(url)), url);
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code === 'ENOENT' || code === 'ENOTDIR') return { status: 404, body: Buffer.alloc(0) };
        throw err;
      }
      return { status: 200, body: Buffer.alloc(0) };
    }
    try {
      await withRetries(
        async () => {
          const opened = await openStream(url, { ...http, retries: 0 });
          await save(opened.body, opened.url);
        },
        {
          ...http,
          onRetry: (err, n, ms) =>
            logger.warning(
              `download of ${url} failed (${err.message}); retry ${n} in ${Math.round(ms / 1000)} s`,
            ),
        },
      );
    } catch (err) {
      if (err instanceof HttpStatusError) return { status: err.status ?? 0, body: Buffer.alloc(0) };
      throw err;
    }
    return { status: 200, body: Buffer.alloc(0) };
  };
}

/**
 * Downloads Go `tag` for `os`/`arch` from the module proxies in `goproxy`, proves it is the
 * toolchain the checksum database vouches for, and unpacks it as a GOROOT into `destDir`.
 * Rejects with VerificationError when the zip is not the one in the database (naming the
 * expected and found `h1:` and the URL), NetworkError when the database or every proxy is
 * unreachable, InputError for unusable settings; `destDir` must then be deleted.
 */
export async function installFromProxy(opts: ProxyInstallOptions): Promise<VerifiedModule> {
  const version = toolchainModuleVersion(opts.tag, opts.os, opts.arch);
  const module = `${TOOLCHAIN_MODULE}@${version}`;
  const list = proxyList(opts.goproxy);
  const client = opts.sumdb ?? sumdbClient(list, opts);

  const destDir = path.resolve(opts.destDir);
  await mkdir(path.dirname(destDir), { recursive: true });
  const { record, downloaded } = await lookUpWhileDownloading(client, version, list, opts);
  const { tree, members } = await unpackVerified(downloaded, destDir, version, record);
  opts.logger.info(`${module}: ${tree.files} files match ${record.h1}`);
  return {
    artifact: {
      name: `${version}.zip`,
      module: TOOLCHAIN_MODULE,
      version,
      url: downloaded.url,
      size: downloaded.size,
      sha256: downloaded.sha256,
    },
    tree,
    sumdb: {
      database: client.settings.name,
      url: record.databaseUrl,
      treeSize: record.treeSize,
      rootHash: record.rootHash,
      recordId: record.recordId,
      h1: record.h1,
      treeNote: record.treeNote,
    },
    lookup: record,
    members,
  };
}

/**
 * Asks the checksum database and downloads the zip at the same time: the proof is a few
 * small requests whose latency would otherwise come before the whole download. When the
 * database fails (unknown version, forged note, unreachable), the download is aborted and
 * the database's error is the one reported; nothing is unpacked before both succeed.
 */
export async function lookUpWhileDownloading(
  client: SumdbClient,
  version: string,
  list: readonly ProxyEntry[],
  opts: Pick<ProxyInstallOptions, 'http' | 'logger'>,
): Promise<{ record: SumdbLookup; downloaded: SavedZip }> {
  const module = `${TOOLCHAIN_MODULE}@${version}`;
  const abort = new AbortController();
  const lookup = lookUpToolchain(client, version).then(
    (record) => {
      opts.logger.info(
        `checksum database ${client.settings.name}: ${module} ${record.h1} ` +
          `(record ${record.recordId}, proven in tree ${record.treeSize})`,
      );
      return record;
    },
    (err: unknown) => {
      abort.abort(err);
      throw err;
    },
  );
  const download = (async () => {
    let zip: SavedZip | undefined;
    const http = { ...opts.http, signal: abort.signal };
    const fetcher = zipDownloader(http, opts.logger, (z) => (zip = z));
    await proxyGet(list, proxyPaths.zip(TOOLCHAIN_MODULE, version), fetcher);
    if (zip === undefined) throw new Error(`${module}: the zip download reported no file`);
    opts.logger.info(`downloaded ${inert(zip.url)} (${zip.size} bytes)`);
    return zip;
  })();
  // Both settle before returning: nothing is still downloading when this rejects.
  const [looked, fetched] = await Promise.allSettled([lookup, download]);
  if (looked.status === 'rejected') throw looked.reason;
  if (fetched.status === 'rejected') throw fetched.reason;
  return { record: looked.value, downloaded: fetched.value };
}

/**
 * Unpacks the zip into `destDir`, hashing every file as it is written, and compares the
 * resulting `h1:` with the database's. The names hashed are the zip's own (with the module
 * prefix and `_go.mod`), exactly what the database's hash covers.
 */
export async function unpackVerified(
  zip: SavedZip,
  destDir: string,
  version: string,
  record: SumdbLookup,
): Promise<{ tree: TreeRecord; members: Map<string, string> }> {
  const module = `${TOOLCHAIN_MODULE}@${version}`;
  const prefix = `${module}/`;
  const members = new Map<string, string>();
  const url = zip.url;
  const expected = `${record.h1} (checksum database ${record.databaseUrl}, record ${record.recordId}, tree ${record.treeSize})`;
  const what = `h1 of ${module}`;
  const dirhash = new DirHash();
  const executables: Record<string, string> = {};
  let result: ExtractResult;
  try {
    result = await extractZipBytes(zip.bytes, destDir, {
      ...moduleZipMapping(version),
      onFile: (f) => {
        dirhash.add(f.archiveName, f.sha256);
        members.set(f.archiveName.slice(prefix.length), f.sha256);
        if (isToolchainExecutable(f.name)) executables[f.name] = f.sha256;
      },
    });
  } catch (err) {
    // A published zip unpacks cleanly: one that does not is not the database's zip. Other
    // failures (disk full, permissions) are this machine's and keep their own error.
    const message = (err as Error).message ?? String(err);
    if (
      err instanceof UnsafeArchiveError ||
      err instanceof InputError ||
      /^corrupt zip/.test(message)
    ) {
      throw new VerificationError(what, expected, `a zip that cannot be unpacked: ${message}`, url);
    }
    throw err;
  }
  // The database hashed every entry; the sum above covers regular files only, so any other
  // entry (a directory, including the module root) makes this another zip.
  const others = result.directories + result.skipped + result.symlinks + result.hardlinks;
  if (others > 0) {
    throw new VerificationError(
      what,
      expected,
      `a zip with ${others} entries that are not regular files (a published toolchain zip has none)`,
      url,
    );
  }
  // Every file must be in the sum, or a file could land on disk unchecked.
  if (dirhash.size !== result.files) {
    throw new Error(`${module}: ${result.files} files unpacked but ${dirhash.size} hashed`);
  }
  const found = dirhash.sum();
  if (found !== record.h1) throw new VerificationError(what, expected, found, url);
  return { tree: { files: result.files, bytes: result.bytes, executables }, members };
}
