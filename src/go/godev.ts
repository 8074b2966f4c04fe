/**
 * go.dev as a source of releases: where its index and files are, and which SHA-256 values
 * can be trusted from where. A mirror (`go-download-base-url`) serves the same layout, but
 * its index is only as good as the mirror: for a .tar.gz the signature by a pinned key makes
 * that safe; for a .zip (no signature exists) the SHA-256 must come from go.dev itself.
 */
import { InputError } from '../errors.js';
import { fetchText, type RequestOptions } from '../fetch/http.js';
import { parseReleaseIndex, type Release, type ReleaseFile } from '../versions/index.js';
import type { ArchiveSource } from './release-archive.js';

export const GO_DEV_INDEX_URL = 'https://go.dev/dl/?mode=json&include=all';
export const GO_DEV_DOWNLOAD_BASE = 'https://dl.google.com/go';

export interface ReleaseSource {
  /** go.dev itself, or a mirror that is trusted only as far as signatures reach. */
  readonly kind: 'go.dev' | 'mirror';
  readonly indexUrl: string;
  readonly downloadBase: string;
}

export function releaseSource(downloadBaseUrl: string | undefined): ReleaseSource {
  if (!downloadBaseUrl) {
    return { kind: 'go.dev', indexUrl: GO_DEV_INDEX_URL, downloadBase: GO_DEV_DOWNLOAD_BASE };
  }
  const base = downloadBaseUrl.replace(/\/+$/, '');
  return { kind: 'mirror', indexUrl: `${base}/?mode=json&include=all`, downloadBase: base };
}

export async function fetchReleaseIndex(
  source: ReleaseSource,
  http: RequestOptions,
): Promise<Release[]> {
  const text = await fetchText(source.indexUrl, { ...http, maxBytes: 32 * 1024 * 1024 });
  return parseReleaseIndex(text, source.indexUrl);
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
