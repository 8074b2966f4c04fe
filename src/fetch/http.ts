/**
 * Network I/O: small documents in memory, large downloads as streams. Redirects, retries,
 * timeouts and token scoping are done here; proxy routing (HTTPS_PROXY, HTTP_PROXY,
 * NO_PROXY, read from process.env) is @actions/http-client's. TLS uses Node's defaults, so
 * NODE_EXTRA_CA_CERTS applies and certificate checks are never turned off. A `file:` URL (a
 * bundle on disk) goes through the same calls, with the same size limits (file-url.ts).
 */
import { readFileSync } from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { getProxyUrl, HttpClient } from '@actions/http-client';
import { NetworkError } from '../errors.js';
import { authorizationFor } from './auth.js';
import { formatSeconds, monitorBody } from './body.js';
import { isFileUrl, openFileUrl } from './file-url.js';
import { HttpStatusError, parseRetryAfter, withRetries, type RetryOptions } from './retry.js';

export { withRetries, HttpStatusError, type RetryOptions } from './retry.js';
export { isFileUrl, MissingFileError } from './file-url.js';

export interface RequestOptions extends RetryOptions {
  /** GitHub token: sent only to GitHub hosts over https, never after leaving the first host. */
  token?: string;
  /** For GITHUB_SERVER_URL / GITHUB_API_URL. Default process.env. */
  env?: NodeJS.ProcessEnv;
  /** Extra request headers. An `authorization` here follows the token's rule of staying on the first host. */
  headers?: Record<string, string>;
  /** Connection plus response headers. Default 30 000 ms. */
  timeoutMs?: number;
  /** No body bytes for this long while the consumer waits: the body fails. Default 60 000 ms. */
  stallTimeoutMs?: number;
  /** Default 10. */
  maxRedirects?: number;
  /** Default `setup-go-verified/<version>`. */
  userAgent?: string;
}

export interface FetchOptions extends RequestOptions {
  /** Largest body accepted. Default 64 MiB. */
  maxBytes?: number;
}

export interface OpenedStream {
  /** The body; fails with a retryable NetworkError when cut off or stalled. */
  body: Readable;
  /** Content-Length, when the server sent one. */
  size?: number;
  /** The URL that answered, after redirects. */
  url: string;
}

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const DEFAULT_MAX_BYTES = 64 * 1024 * 1024;

/**
 * Opens a GET response body for streaming. Failures before the body starts (connection
 * errors, 5xx, 429, timeouts) are retried here; a body that fails midway cannot be, since
 * its bytes were consumed: wrap the whole attempt in withRetries.
 */
export async function openStream(url: string, opts: RequestOptions = {}): Promise<OpenedStream> {
  return withRetries(() => openOnce(url, opts), opts);
}

/** A small document (index, .sha256, .asc), read whole, retried as a whole. */
export async function fetchBytes(url: string, opts: FetchOptions = {}): Promise<Buffer> {
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES;
  return withRetries(async () => {
    const opened = await openOnce(url, opts);
    if (opened.size !== undefined && opened.size > maxBytes) {
      opened.body.destroy();
      throw tooLarge(opened.url, maxBytes);
    }
    const chunks: Buffer[] = [];
    let total = 0;
    for await (const chunk of opened.body as AsyncIterable<Buffer>) {
      total += chunk.length;
      if (total > maxBytes) {
        opened.body.destroy();
        throw tooLarge(opened.url, maxBytes);
      }
      chunks.push(chunk);
    }
    return Buffer.concat(chunks, total);
  }, opts);
}

export async function fetchText(url: string, opts: FetchOptions = {}): Promise<string> {
  return (await fetchBytes(url, opts)).toString('utf8');
}

function tooLarge(url: string, maxBytes: number): NetworkError {
  return new NetworkError(`${url} is larger than the ${maxBytes} bytes allowed`, url, false);
}

/**
 * One attempt: follows redirects, returns the body of the first 2xx answer. A `file:` URL
 * given by the caller is read from disk; no redirect may lead there.
 */
async function openOnce(url: string, opts: RequestOptions): Promise<OpenedStream> {
  if (isFileUrl(url)) return openFileUrl(url);
  const maxRedirects = opts.maxRedirects ?? 10;
  const chain = [parseUrl(url)];

  for (let redirects = 0; ; redirects++) {
    const current = chain[chain.length - 1]!;
    const headers = hopHeaders(chain, opts);
    const res = await requestHeaders(current, headers, opts.timeoutMs ?? 30_000, opts.signal);
    const status = res.statusCode ?? 0;

    if (REDIRECT_STATUSES.has(status)) {
      res.resume();
      const location = res.headers.location;
      if (!location) {
        throw new NetworkError(
          `GET ${current.href}: HTTP ${status} without a Location`,
          current.href,
          false,
          status,
        );
      }
      if (redirects >= maxRedirects) {
        throw new NetworkError(
          `GET ${url}: more than ${maxRedirects} redirects`,
          url,
          false,
          status,
        );
      }
      const next = parseUrl(location, current);
      if (current.protocol === 'https:' && next.protocol !== 'https:') {
        throw new NetworkError(
          `GET ${current.href}: refusing a redirect from https to ${next.href}`,
          current.href,
          false,
          status,
        );
      }
      chain.push(next);
      continue;
    }

    if (status < 200 || status >= 300) {
      res.resume();
      const retryable = status === 408 || status === 429 || status >= 500;
      throw new HttpStatusError(
        `GET ${current.href}: HTTP ${status}${res.statusMessage ? ` ${res.statusMessage}` : ''}`,
        current.href,
        retryable,
        status,
        retryable ? parseRetryAfter(res.headers['retry-after']) : undefined,
      );
    }

    const size = contentLength(res);
    const body = monitorBody(res, current.href, size, opts.stallTimeoutMs ?? 60_000);
    return { body, size, url: current.href };
  }
}

/**
 * Request headers for the last URL of a redirect chain. Credentials (the token, or a
 * caller's own authorization header) go to the first host only: once the chain has left it
 * they are gone for good, even to another GitHub host (signed download URLs refuse them).
 */
export function hopHeaders(
  chain: readonly URL[],
  opts: RequestOptions = {},
): Record<string, string> {
  const current = chain[chain.length - 1];
  if (!current) throw new Error('hopHeaders: empty redirect chain');
  const { authorization: callerAuth, ...callerHeaders } = lowercaseKeys(opts.headers ?? {});
  const firstHost = chain[0]!.host;
  const stayed = chain.every((u) => u.host === firstHost);
  return {
    'user-agent': opts.userAgent ?? defaultUserAgent(),
    accept: '*/*',
    ...callerHeaders,
    ...(stayed && callerAuth ? { authorization: callerAuth } : {}),
    ...(stayed ? authorizationFor(current, opts.token, opts.env ?? process.env) : {}),
  };
}

function parseUrl(value: string, base?: URL): URL {
  let url: URL;
  try {
    url = new URL(value, base);
  } catch {
    throw new NetworkError(`not a URL: ${JSON.stringify(value)}`, value, false);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new NetworkError(
      `unsupported URL scheme ${url.protocol} in ${url.href}`,
      url.href,
      false,
    );
  }
  return url;
}

function contentLength(res: http.IncomingMessage): number | undefined {
  const raw = res.headers['content-length'];
  if (raw === undefined || !/^\d+$/.test(raw)) return undefined;
  return Number(raw);
}

function lowercaseKeys(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
}

/** Sends the request; resolves once response headers arrive. */
function requestHeaders(
  url: URL,
  headers: Record<string, string>,
  timeoutMs: number,
  signal: AbortSignal | undefined,
): Promise<http.IncomingMessage> {
  return new Promise((resolve, reject) => {
    const client = url.protocol === 'https:' ? https : http;
    // An abort destroys the request and, later, the response body it returned.
    const options = { method: 'GET', headers, agent: agentFor(url), ...(signal ? { signal } : {}) };
    const req = client.request(url, options, (res) => {
      clearTimeout(timer);
      resolve(res);
    });
    const timer = setTimeout(() => {
      req.destroy(
        new NetworkError(
          `GET ${url.href}: no response within ${formatSeconds(timeoutMs)}`,
          url.href,
          true,
        ),
      );
    }, timeoutMs);
    req.on('error', (err) => {
      clearTimeout(timer);
      reject(asNetworkError(err, url));
    });
    req.end();
  });
}

/**
 * The proxy agent @actions/http-client picks for this URL (tunnel over CONNECT), or
 * undefined for Node's default agent. It bypasses the proxy for NO_PROXY hosts and,
 * always, for loopback hosts (localhost, 127.*, [::1]).
 */
function agentFor(url: URL): http.Agent | undefined {
  if (!getProxyUrl(url.href)) return undefined;
  // A client per request: http-client caches one agent per client, whatever the scheme.
  return new HttpClient(defaultUserAgent()).getAgent(url.href);
}

const NOT_RETRYABLE_CODES = new Set(['ENOTFOUND', 'ERR_INVALID_URL', 'ERR_INVALID_PROTOCOL']);

function asNetworkError(err: Error, url: URL): NetworkError {
  if (err instanceof NetworkError) return err;
  const code = (err as NodeJS.ErrnoException).code ?? '';
  if (/CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS/.test(code)) {
    return new NetworkError(
      `GET ${url.href}: TLS certificate not trusted (${err.message}); behind a TLS-inspecting proxy, ` +
        `point NODE_EXTRA_CA_CERTS at its CA certificate`,
      url.href,
      false,
      undefined,
      { cause: err },
    );
  }
  const why = code === 'ENOTFOUND' ? `cannot resolve host ${url.hostname}` : err.message;
  return new NetworkError(
    `GET ${url.href}: ${why}`,
    url.href,
    !NOT_RETRYABLE_CODES.has(code),
    undefined,
    {
      cause: err,
    },
  );
}

let userAgent: string | undefined;

/** `setup-go-verified/<version>`, the version read once from the package's package.json. */
export function defaultUserAgent(): string {
  userAgent ??= `setup-go-verified/${packageVersion()}`;
  return userAgent;
}

/**
 * The version in package.json two directories up (src/fetch, lib/fetch and dist/<entry> all
 * sit there). `base` is a parameter so ncc does not copy package.json into the bundle.
 */
export function packageVersion(base: string | URL = import.meta.url): string {
  try {
    const pkg = JSON.parse(
      readFileSync(fileURLToPath(new URL('../../package.json', base)), 'utf8'),
    ) as {
      name?: unknown;
      version?: unknown;
    };
    return pkg.name === 'setup-go-verified' && typeof pkg.version === 'string'
      ? pkg.version
      : 'unknown';
  } catch {
    return 'unknown';
  }
}
