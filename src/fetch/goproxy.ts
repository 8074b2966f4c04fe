/**
 * The Go module proxy protocol as far as this project needs it: GOPROXY list parsing with
 * Go's fallback rules, module path escaping, URL building, and a small GET that walks the
 * list. HTTP goes through an injected `Fetcher`, so callers can swap the transport.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { InputError, NetworkError } from '../errors.js';

/** What a fetch returns: the status and the whole body. Network failures throw NetworkError. */
export interface FetchResult {
  readonly status: number;
  readonly body: Buffer;
}

export type Fetcher = (url: string) => Promise<FetchResult>;

export const DEFAULT_GOPROXY = 'https://proxy.golang.org,direct';

/** One entry of a GOPROXY list. */
export type ProxyEntry =
  | {
      readonly kind: 'url';
      readonly url: string;
      /** `|` after the entry: any failure falls through; `,`: only 404 and 410 do. */
      readonly fallBackOnError: boolean;
    }
  | { readonly kind: 'direct' }
  | { readonly kind: 'off' };

/**
 * Parses GOPROXY as the go command does. An empty value means the default. "direct" and
 * "off" end the list (anything after them is ignored, as in Go). An entry without a scheme
 * gets "https://".
 */
export function parseGoproxy(value: string | undefined): ProxyEntry[] {
  let rest = value === undefined || value.trim() === '' ? DEFAULT_GOPROXY : value;
  const list: ProxyEntry[] = [];
  while (rest !== '') {
    const i = rest.search(/[,|]/);
    const raw = (i < 0 ? rest : rest.slice(0, i)).trim();
    const fallBackOnError = i >= 0 && rest[i] === '|';
    rest = i < 0 ? '' : rest.slice(i + 1);
    if (raw === '') continue;
    if (raw === 'off') {
      list.push({ kind: 'off' });
      break;
    }
    if (raw === 'direct') {
      list.push({ kind: 'direct' });
      break;
    }
    let url = raw;
    if (!url.includes(':/')) {
      if (!/[.:/]/.test(url)) {
        throw new InputError(
          `GOPROXY entry ${JSON.stringify(raw)} is not a URL, "direct" or "off"`,
        );
      }
      url = `https://${url}`;
    }
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new InputError(`GOPROXY entry ${JSON.stringify(raw)} is not a valid URL`);
    }
    if (!['http:', 'https:', 'file:'].includes(parsed.protocol)) {
      throw new InputError(
        `GOPROXY entry ${JSON.stringify(raw)}: unsupported scheme ${parsed.protocol} (use https, http or file)`,
      );
    }
    list.push({ kind: 'url', url: url.replace(/\/+$/, ''), fallBackOnError });
  }
  if (list.length === 0) {
    throw new InputError(`GOPROXY ${JSON.stringify(value)} contains no entries`);
  }
  return list;
}

/** Module paths and versions on the wire: each uppercase letter becomes "!" + lowercase. */
function escapeString(s: string, what: string): string {
  // eslint-disable-next-line no-control-regex
  if (s === '' || /[!\u0000-\u0020\u007f-\uffff"'`\\]/.test(s)) {
    throw new InputError(`invalid ${what} ${JSON.stringify(s)}`);
  }
  return s.replace(/[A-Z]/g, (c) => `!${c.toLowerCase()}`);
}

/** Escapes a module path for proxy and checksum database URLs (`github.com/!burnt!sushi/toml`). */
export function escapeModulePath(modulePath: string): string {
  const parts = modulePath.split('/');
  if (
    modulePath.startsWith('/') ||
    modulePath.endsWith('/') ||
    parts.some((p) => p === '' || p === '.' || p === '..')
  ) {
    throw new InputError(`invalid module path ${JSON.stringify(modulePath)}`);
  }
  return escapeString(modulePath, 'module path');
}

/** Escapes a module version (`v1.0.0-RC1` → `v1.0.0-!r!c1`). */
export function escapeVersion(version: string): string {
  if (version.includes('/') || version === '.' || version === '..') {
    throw new InputError(`invalid module version ${JSON.stringify(version)}`);
  }
  return escapeString(version, 'module version');
}

/** Proxy-relative paths of the module protocol. */
export const proxyPaths = {
  list: (mod: string): string => `${escapeModulePath(mod)}/@v/list`,
  info: (mod: string, v: string): string => `${escapeModulePath(mod)}/@v/${escapeVersion(v)}.info`,
  mod: (mod: string, v: string): string => `${escapeModulePath(mod)}/@v/${escapeVersion(v)}.mod`,
  zip: (mod: string, v: string): string => `${escapeModulePath(mod)}/@v/${escapeVersion(v)}.zip`,
  latest: (mod: string): string => `${escapeModulePath(mod)}/@latest`,
};

/** Joins a proxy base URL and a relative path. */
export function proxyUrl(base: string, path: string): string {
  return `${base.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
}

const DEFAULT_TIMEOUT_MS = 30_000;

/** A short reason for a failed fetch: the system error code, or "timed out". */
function describeFetchFailure(err: unknown): string {
  // Checked by name: the DOMException of an aborted fetch may come from another realm.
  const e = err as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError') return 'timed out';
  return e?.cause?.code ?? e?.cause?.message ?? e?.message ?? String(err);
}

/**
 * A Fetcher on Node's global fetch (and file:// URLs, for GOPROXY=file:///…): follows
 * redirects, gives up after `timeoutMs` for the whole exchange, never throws on HTTP status.
 */
export function nodeFetcher(options: { timeoutMs?: number } = {}): Fetcher {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  return async (url) => {
    if (url.startsWith('file:')) {
      try {
        return { status: 200, body: await readFile(fileURLToPath(url)) };
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code === 'ENOENT' || code === 'ENOTDIR') return { status: 404, body: Buffer.alloc(0) };
        throw new NetworkError(`cannot read ${url}: ${String(code)}`, url, false, undefined, {
          cause: err,
        });
      }
    }
    try {
      const res = await fetch(url, { redirect: 'follow', signal: AbortSignal.timeout(timeoutMs) });
      return { status: res.status, body: Buffer.from(await res.arrayBuffer()) };
    } catch (err) {
      throw new NetworkError(
        `cannot fetch ${url}: ${describeFetchFailure(err)}`,
        url,
        true,
        undefined,
        {
          cause: err,
        },
      );
    }
  };
}

/** The outcome of a successful proxyGet: the body and the URL that produced it. */
export interface ProxyResponse {
  readonly url: string;
  readonly body: Buffer;
}

/**
 * GETs a proxy-relative path (e.g. `golang.org/toolchain/@v/list`) walking the GOPROXY list
 * with Go's rules: after a `,` only 404/410 fall through to the next entry, after a `|` any
 * failure does. "direct" cannot serve our downloads (it means fetching from version control)
 * and "off" forbids the download.
 */
export async function proxyGet(
  list: readonly ProxyEntry[],
  path: string,
  fetcher: Fetcher = nodeFetcher(),
): Promise<ProxyResponse> {
  const failures: string[] = [];
  let last: NetworkError | undefined;
  for (const entry of list) {
    if (entry.kind === 'off') {
      throw new InputError(
        `GOPROXY=off: module downloads are disabled, cannot fetch ${path}${tried(failures)}`,
      );
    }
    if (entry.kind === 'direct') {
      throw new InputError(
        `GOPROXY reached "direct", which fetches from version control and cannot serve ${path}; ` +
          `set GOPROXY to a module proxy (e.g. https://proxy.golang.org)${tried(failures)}`,
      );
    }
    const url = proxyUrl(entry.url, path);
    let fallThrough: boolean;
    try {
      const res = await fetcher(url);
      if (res.status === 200) return { url, body: res.body };
      const detail = res.body.subarray(0, 200).toString('utf8').trim();
      last = new NetworkError(
        `${url}: HTTP ${res.status}${detail ? ` (${detail})` : ''}`,
        url,
        res.status >= 500 || res.status === 429,
        res.status,
      );
      fallThrough = entry.fallBackOnError || res.status === 404 || res.status === 410;
    } catch (err) {
      if (!(err instanceof NetworkError)) throw err;
      last = err;
      fallThrough = entry.fallBackOnError;
    }
    failures.push(last.message);
    if (!fallThrough) break;
  }
  if (last === undefined) throw new InputError(`GOPROXY list is empty, cannot fetch ${path}`);
  if (failures.length === 1) throw last;
  throw new NetworkError(
    `cannot fetch ${path} from any GOPROXY entry: ${failures.join('; ')}`,
    last.url,
    last.retryable,
    last.status,
    { cause: last },
  );
}

function tried(failures: readonly string[]): string {
  return failures.length === 0 ? '' : ` (tried before: ${failures.join('; ')})`;
}
