/**
 * The module proxy and the checksum database on this project's HTTP stack: a fetcher, the
 * toolchain versions a proxy lists, a database client, and the toolchain lookup. Kept apart
 * from the zip download and extraction so that proving a tool-cache entry (a kept proof
 * checked offline) loads nothing it does not use.
 */
import { InputError, NetworkError, VerificationError } from '../errors.js';
import {
  nodeFetcher,
  parseGoproxy,
  proxyGet,
  proxyPaths,
  type Fetcher,
  type ProxyEntry,
} from '../fetch/goproxy.js';
import type { RequestOptions } from '../fetch/http.js';
import { SumdbClient, type SumdbLookup } from './sumdb/client.js';
import { TOOLCHAIN_MODULE } from '../versions/toolchain-module.js';

/** Largest checksum-database or list answer accepted. */
const MAX_DOCUMENT_BYTES = 16 * 1024 * 1024;

/** How to reach the checksum database. */
export interface SumdbAccessOptions {
  /** GOSUMDB setting (default sum.golang.org). */
  readonly gosumdb?: string;
  /** Keeps the last verified tree head between runs, so a forked log is noticed. */
  readonly sumdbStateDir?: string;
  readonly http: RequestOptions;
}

/**
 * A Fetcher (for proxyGet and SumdbClient) on this project's HTTP stack, so module proxies and
 * the checksum database are reached with the same proxies, CA certificates, retries and
 * timeouts as every other download. `file://` URLs (GOPROXY=file:///…) are read from disk.
 */
export function httpFetcher(http: RequestOptions = {}, maxBytes = MAX_DOCUMENT_BYTES): Fetcher {
  const files = nodeFetcher();
  return async (url) => {
    if (url.startsWith('file:')) return files(url);
    // Loaded on the first request: a reuse proven offline never needs the HTTP stack.
    const { fetchBytes, HttpStatusError } = await import('../fetch/http.js');
    try {
      return {
        status: 200,
        body: await fetchBytes(url, { ...http, maxBytes }),
      };
    } catch (err) {
      if (err instanceof HttpStatusError) return { status: err.status ?? 0, body: Buffer.alloc(0) };
      throw err;
    }
  };
}

export function proxyList(goproxy: string | readonly ProxyEntry[]): readonly ProxyEntry[] {
  const list = typeof goproxy === 'string' ? parseGoproxy(goproxy) : goproxy;
  const first = list[0];
  if (first?.kind !== 'url') {
    throw new InputError(
      `GOPROXY ${first?.kind === 'off' ? '"off" forbids' : '"direct" cannot serve'} toolchain downloads: ` +
        `set GOPROXY to a module proxy (e.g. https://proxy.golang.org)`,
    );
  }
  return list;
}

/** The versions of golang.org/toolchain a proxy lists (`v0.0.1-go1.22.5.linux-amd64`, …). */
export async function listToolchainVersions(
  goproxy: string | readonly ProxyEntry[],
  http: RequestOptions = {},
): Promise<string[]> {
  const { body } = await proxyGet(
    proxyList(goproxy),
    proxyPaths.list(TOOLCHAIN_MODULE),
    httpFetcher(http),
  );
  return body
    .toString('utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');
}

/** A checksum-database client reached through the proxies, on this project's HTTP stack. */
export function sumdbClient(
  goproxy: string | readonly ProxyEntry[],
  opts: SumdbAccessOptions,
): SumdbClient {
  return new SumdbClient({
    goproxy: typeof goproxy === 'string' ? parseGoproxy(goproxy) : goproxy,
    fetcher: httpFetcher(opts.http),
    ...(opts.gosumdb === undefined ? {} : { gosumdb: opts.gosumdb }),
    ...(opts.sumdbStateDir === undefined ? {} : { stateDir: opts.sumdbStateDir }),
  });
}

/** Looks the module version up; a version the database does not know is a verification failure. */
export async function lookUpToolchain(client: SumdbClient, version: string): Promise<SumdbLookup> {
  try {
    return await client.lookup(TOOLCHAIN_MODULE, version);
  } catch (err) {
    if (err instanceof NetworkError && (err.status === 404 || err.status === 410)) {
      throw new VerificationError(
        `checksum database record of ${TOOLCHAIN_MODULE}@${version}`,
        'a record (the Go team publishes one for every toolchain)',
        `none (${err.message})`,
        err.url,
      );
    }
    throw err;
  }
}
