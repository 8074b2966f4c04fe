/**
 * go.dev as a source of releases: where its index and files are, and which SHA-256 values
 * can be trusted from where. A mirror (`go-download-base-url`) serves the same layout, but
 * its index is only as good as the mirror: for a .tar.gz the signature by a pinned key makes
 * that safe; for a .zip (no signature exists) the SHA-256 must come from go.dev itself.
 * A mirror may be a plain file server or a directory (`file:`): both hold a static
 * `index.json`, the `?mode=json&include=all` document for what they serve.
 */
import { sep } from 'node:path';
import { InputError, NetworkError } from '../errors.js';
import { fetchText, isFileUrl, MissingFileError, type RequestOptions } from '../fetch/http.js';
import { parseReleaseIndex, type Release, type ReleaseFile } from '../versions/index.js';
import type { ArchiveSource } from './release-archive.js';

export const GO_DEV_INDEX_URL = 'https://go.dev/dl/?mode=json&include=all';
export const GO_DEV_DOWNLOAD_BASE = 'https://dl.google.com/go';

export interface ReleaseSource {
  /** go.dev itself, or a mirror that is trusted only as far as signatures reach. */
  readonly kind: 'go.dev' | 'mirror';
  readonly indexUrl: string;
  readonly downloadBase: string;
  /**
   * A static copy of the index (`index.json`, as `mirror --source go.dev` writes), read when
   * an http(s) mirror ignores `?mode=json` (404, or a page that is not a JSON array).
   */
  readonly staticIndexUrl?: string;
}

/** The static release index a go.dev layout on disk or on a plain file server holds. */
export const STATIC_INDEX = 'index.json';

export function releaseSource(downloadBaseUrl: string | undefined): ReleaseSource {
  if (!downloadBaseUrl) {
    return { kind: 'go.dev', indexUrl: GO_DEV_INDEX_URL, downloadBase: GO_DEV_DOWNLOAD_BASE };
  }
  const base = downloadBaseUrl.replace(/\/+$/, '');
  const staticIndexUrl = `${base}/${STATIC_INDEX}`;
  // A directory has no query string: a layout on disk holds its index as a file.
  if (isFileUrl(base)) return { kind: 'mirror', indexUrl: staticIndexUrl, downloadBase: base };
  return {
    kind: 'mirror',
    indexUrl: `${base}/?mode=json&include=all`,
    downloadBase: base,
    staticIndexUrl,
  };
}

const MAX_INDEX_BYTES = 32 * 1024 * 1024;

/** The answer is a JSON array (what go.dev's index is), not a directory page or an error. */
function isJsonArray(text: string): boolean {
  try {
    return Array.isArray(JSON.parse(text));
  } catch {
    return false;
  }
}

const notFound = (err: unknown): boolean =>
  err instanceof MissingFileError || (err instanceof NetworkError && err.status === 404);

export async function fetchReleaseIndex(
  source: ReleaseSource,
  http: RequestOptions,
): Promise<Release[]> {
  const opts = { ...http, maxBytes: MAX_INDEX_BYTES };
  let text: string;
  try {
    text = await fetchText(source.indexUrl, opts);
  } catch (err) {
    if (source.staticIndexUrl === undefined || !notFound(err)) throw inLayout(err, source);
    return fetchStaticIndex(source.staticIndexUrl, `HTTP 404 at ${source.indexUrl}`, opts);
  }
  if (source.staticIndexUrl !== undefined && !isJsonArray(text)) {
    return fetchStaticIndex(source.staticIndexUrl, `no JSON list at ${source.indexUrl}`, opts);
  }
  return parseReleaseIndex(text, source.indexUrl);
}

/** The mirror does not answer `?mode=json`: its static `index.json`, or an error naming both. */
async function fetchStaticIndex(
  url: string,
  why: string,
  opts: RequestOptions & { maxBytes: number },
): Promise<Release[]> {
  let text: string;
  try {
    text = await fetchText(url, opts);
  } catch (err) {
    if (!notFound(err)) throw err;
    throw new InputError(
      `the mirror serves no release index: ${why}, and no ${STATIC_INDEX} at ${url} ` +
        `(${(err as Error).message})`,
    );
  }
  return parseReleaseIndex(text, url);
}

/**
 * A file missing from a go.dev layout on disk, said as such: which file, and which layout
 * (`go-download-base-url`) it was looked for in. Other errors pass unchanged.
 */
export function inLayout(err: unknown, source: ReleaseSource): unknown {
  if (!(err instanceof MissingFileError) || !isFileUrl(source.downloadBase)) return err;
  const name = err.path.slice(err.path.lastIndexOf(sep) + 1);
  return new InputError(
    `the go.dev layout ${source.downloadBase} (go-download-base-url) has no ${name}: ` +
      `${err.path} does not exist. Is the URL the bundle's dl/ directory, and does the bundle hold that release?`,
    { cause: err },
  );
}

/**
 * Where to download `file` from and what it must hash to. For a mirror's .zip the SHA-256
 * is looked up in go.dev's own index (`official`), since nothing else vouches for it.
 */
export async function archiveSourceFor(
  file: ReleaseFile,
  source: ReleaseSource,
  official: () => Promise<Release[]>,
  /** The checksum database will prove the unpacked tree, so the mirror's SHA-256 may be used. */
  sumdbVouches = false,
): Promise<ArchiveSource> {
  const url = `${source.downloadBase}/${encodeURIComponent(file.filename)}`;
  const isZip = file.filename.endsWith('.zip');
  if (source.kind === 'mirror' && isZip && !sumdbVouches) {
    let releases: Release[];
    try {
      releases = await official();
    } catch (err) {
      throw new InputError(
        `${file.filename} comes from a mirror and go.dev publishes no signature for .zip archives, ` +
          `so its SHA-256 must come from go.dev's own index (${GO_DEV_INDEX_URL}), which could not ` +
          `be read: ${(err as Error).message}`,
      );
    }
    const trusted = releases.flatMap((r) => r.files).find((f) => f.filename === file.filename);
    if (!trusted?.sha256) {
      throw new InputError(
        `go.dev's index has no SHA-256 for ${file.filename}; refusing the mirror's copy`,
      );
    }
    return { name: file.filename, url, sha256: trusted.sha256, sha256Source: GO_DEV_INDEX_URL };
  }
  if (!file.sha256) {
    throw new InputError(
      `the release index at ${source.indexUrl} gives no SHA-256 for ${file.filename}; it cannot be verified`,
    );
  }
  return {
    name: file.filename,
    url,
    sha256: file.sha256,
    sha256Source: source.indexUrl,
    ...(isZip ? {} : { signatureUrl: `${url}.asc` }),
  };
}
