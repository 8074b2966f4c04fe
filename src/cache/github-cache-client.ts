/**
 * Looks up an entry in the GitHub Actions cache service, and nothing else: where its archive
 * can be downloaded and which key matched. Saving stays with @actions/cache; restoring is
 * ours (actions-cache-entry.ts), so the archive never meets `tar -P`.
 *
 * Two protocols, picked by the rule of @actions/cache (github-service.ts):
 * - v2, Twirp JSON: POST {ACTIONS_RESULTS_URL origin}/twirp/github.actions.results.api.v1.
 *   CacheService/GetCacheEntryDownloadURL with `{key, restore_keys, version}`, answered by
 *   `{ok, signed_download_url, matched_key}` (ok false: no entry).
 * - v1 (GitHub Enterprise Server): GET {ACTIONS_CACHE_URL}_apis/artifactcache/cache?keys=…
 *   &version=…, answered by `{archiveLocation, cacheKey}`, or 204 when nothing matches.
 * Both take ACTIONS_RUNTIME_TOKEN as a bearer token. A rate limit (429) is not retried, as
 * @actions/cache does not; nor is a service that cannot be reached (connection refused or
 * reset); 5xx answers and bodies that are not JSON are, five attempts in all over about
 * 25 s (as @actions/cache's).
 *
 * Download URLs carry a signature in their query: it is cut out of every message here.
 */
import * as http from 'node:http';
import * as https from 'node:https';
import { getProxyUrl, HttpClient } from '@actions/http-client';
import { NetworkError } from '../errors.js';
import {
  defaultUserAgent,
  fetchBytes,
  HttpStatusError,
  withRetries,
  type RetryOptions,
} from '../fetch/http.js';
import { cacheServiceVersion } from './github-service.js';

const TWIRP_METHOD = 'github.actions.results.api.v1.CacheService/GetCacheEntryDownloadURL';
const V1_ACCEPT = 'application/json;api-version=6.0-preview.1';
const RETRIES = 4;
const BACKOFF_MS = 3_000;
const MAX_BACKOFF_MS = 10_000;
const REQUEST_TIMEOUT_MS = 30_000;
const MAX_REPLY_BYTES = 1024 * 1024;
/** Connection failures @actions/cache gives up on at once (its NetworkError codes). */
const UNREACHABLE = new Set([
  'ECONNRESET',
  'ENOTFOUND',
  'ETIMEDOUT',
  'ECONNREFUSED',
  'EHOSTUNREACH',
]);

export interface CacheLookup {
  readonly key: string;
  readonly restoreKeys: readonly string[];
  readonly version: string;
}

export interface FoundEntry {
  /** Where the archive is downloaded from (signed; never log it whole). */
  readonly url: string;
  readonly matchedKey: string;
}

export interface CacheEndpoint {
  readonly protocol: 'v1' | 'v2';
  readonly baseUrl: string;
  readonly token: string;
}

export interface LookupOptions {
  readonly signal?: AbortSignal;
  /** Waits between attempts; tests pass a fast one. */
  readonly sleep?: (ms: number) => Promise<void>;
  readonly onRetry?: RetryOptions['onRetry'];
}

/** The service to ask, from the environment as @actions/cache reads it; undefined if none. */
export function cacheEndpoint(
  env: Readonly<Record<string, string | undefined>>,
): CacheEndpoint | undefined {
  const token = env['ACTIONS_RUNTIME_TOKEN'];
  if (!token) return undefined;
  const protocol = cacheServiceVersion(env);
  const baseUrl =
    protocol === 'v2'
      ? env['ACTIONS_RESULTS_URL']
      : env['ACTIONS_CACHE_URL'] || env['ACTIONS_RESULTS_URL'];
  return baseUrl ? { protocol, baseUrl, token } : undefined;
}

/** The v2 request: URL and JSON body (proto field names, empty lists left out). */
export function twirpLookupRequest(
  baseUrl: string,
  lookup: CacheLookup,
): { url: string; body: string } {
  const body: Record<string, unknown> = { key: lookup.key };
  if (lookup.restoreKeys.length > 0) body['restore_keys'] = [...lookup.restoreKeys];
  body['version'] = lookup.version;
  return { url: new URL(`/twirp/${TWIRP_METHOD}`, baseUrl).href, body: JSON.stringify(body) };
}

/** The v1 request URL: every key, comma-separated, exact key first. */
export function v1LookupUrl(baseUrl: string, lookup: CacheLookup): string {
  const keys = [lookup.key, ...lookup.restoreKeys].join(',');
  return `${baseUrl}_apis/artifactcache/cache?keys=${encodeURIComponent(keys)}&version=${lookup.version}`;
}

/** A v2 answer: the entry, or undefined when `ok` is false. */
export function parseTwirpLookup(reply: unknown): FoundEntry | undefined {
  const r = asObject(reply);
  if (r['ok'] !== true) return undefined;
  const url = r['signed_download_url'] ?? r['signedDownloadUrl'];
  const matchedKey = r['matched_key'] ?? r['matchedKey'];
  return checkedEntry(url, matchedKey);
}

/** A v1 answer (the body of a 200): the entry. */
export function parseV1Lookup(reply: unknown): FoundEntry {
  const r = asObject(reply);
  return checkedEntry(r['archiveLocation'], r['cacheKey']);
}

/** Asks the service for the entry of `lookup`; undefined when there is none. */
export async function lookupEntry(
  endpoint: CacheEndpoint,
  lookup: CacheLookup,
  opts: LookupOptions = {},
): Promise<FoundEntry | undefined> {
  const retry = { retries: RETRIES, backoffMs: BACKOFF_MS, maxBackoffMs: MAX_BACKOFF_MS, ...opts };
  if (endpoint.protocol === 'v1') {
    const text = await fetchBytes(v1LookupUrl(endpoint.baseUrl, lookup), {
      ...retry,
      headers: { accept: V1_ACCEPT, authorization: `Bearer ${endpoint.token}` },
      maxBytes: MAX_REPLY_BYTES,
      timeoutMs: REQUEST_TIMEOUT_MS,
    }).then((b) => b.toString('utf8'));
    // 204: nothing matched (fetchBytes hands back its empty body).
    return text.trim() === '' ? undefined : parseV1Lookup(parseJson(text, 'the cache service'));
  }
  const { url, body } = twirpLookupRequest(endpoint.baseUrl, lookup);
  let attempts = 0;
  const reply = await withRetries((attempt) => {
    attempts = attempt;
    return postJson(url, body, endpoint.token, opts.signal);
  }, retry).catch((err: unknown) => {
    if (attempts > 1 && err instanceof Error && !opts.signal?.aborted)
      err.message = `after ${attempts} attempts: ${err.message}`;
    throw err;
  });
  return parseTwirpLookup(reply);
}

/** Cuts the query (a signature) out of every URL in `text`. */
export function redactUrls(text: string): string {
  // The query ends at a blank, a quote or bracket, or punctuation before one of them.
  return text.replace(/(https?:\/\/[^\s?#]*)\?[^\s#)"']*?(?=[:.,;]?(?:[\s)"']|$))/g, '$1?…');
}

function checkedEntry(url: unknown, matchedKey: unknown): FoundEntry {
  if (typeof url !== 'string' || !/^https?:\/\//i.test(url)) {
    throw new Error('the cache service found an entry but gave no download URL for it');
  }
  if (typeof matchedKey !== 'string' || matchedKey === '') {
    throw new Error('the cache service found an entry but did not say which key matched');
  }
  return { url, matchedKey };
}

function asObject(value: unknown): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Error('the cache service answered with something other than a JSON object');
  }
  return value as Record<string, unknown>;
}

function parseJson(text: string, who: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    const start = JSON.stringify(text.slice(0, 60));
    throw new NetworkError(`${who} answered with a body that is not JSON: ${start}`, '', true);
  }
}

/** One Twirp call: POST the JSON body, return the parsed JSON answer of a 2xx. */
async function postJson(
  url: string,
  body: string,
  token: string,
  signal: AbortSignal | undefined,
): Promise<unknown> {
  const target = new URL(url);
  const { status, statusMessage, text, retryAfter } = await post(target, body, token, signal);
  if (status >= 200 && status < 300) return parseJson(text, 'the cache service');
  let detail = '';
  try {
    const r = asObject(JSON.parse(text));
    if (typeof r['msg'] === 'string') detail = `${String(r['code'] ?? 'error')}: ${r['msg']}`;
  } catch {
    // no Twirp error body; the status says enough
  }
  const what = status === 429 ? ' (rate limited)' : '';
  const retryable = [500, 502, 503, 504].includes(status);
  throw new HttpStatusError(
    `the cache service answered (${status}) ${statusMessage}${what}${detail ? ` ${detail}` : ''}`,
    url,
    retryable,
    status,
    retryAfter,
  );
}

interface Reply {
  status: number;
  statusMessage: string;
  text: string;
  retryAfter?: number;
}

function post(
  url: URL,
  body: string,
  token: string,
  signal: AbortSignal | undefined,
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const client = url.protocol === 'https:' ? https : http;
    const headers = {
      'content-type': 'application/json',
      'content-length': String(Buffer.byteLength(body)),
      authorization: `Bearer ${token}`,
      'user-agent': defaultUserAgent(),
    };
    // The proxy agent of @actions/http-client, as for every other request of the project.
    const agent = getProxyUrl(url.href)
      ? new HttpClient(defaultUserAgent()).getAgent(url.href)
      : undefined;
    const req = client.request(url, { method: 'POST', headers, agent, signal }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_REPLY_BYTES) req.destroy(fault(url, 'the answer is too large', false));
        else chunks.push(chunk);
      });
      res.on('error', (err) => reject(fault(url, err.message, true)));
      res.on('end', () => {
        clearTimeout(timer);
        const seconds = Number(res.headers['retry-after']);
        resolve({
          status: res.statusCode ?? 0,
          statusMessage: res.statusMessage ?? '',
          text: Buffer.concat(chunks).toString('utf8'),
          ...(seconds > 0 ? { retryAfter: seconds * 1000 } : {}),
        });
      });
    });
    const timer = setTimeout(
      () => req.destroy(fault(url, `no answer within ${REQUEST_TIMEOUT_MS / 1000} s`, true)),
      REQUEST_TIMEOUT_MS,
    );
    req.on('error', (err) => {
      clearTimeout(timer);
      // Like @actions/cache: a service that cannot be reached is not asked again.
      const unreachable = UNREACHABLE.has((err as NodeJS.ErrnoException).code ?? '');
      reject(err instanceof NetworkError ? err : fault(url, err.message, !unreachable, err));
    });
    req.end(body);
  });
}

function fault(url: URL, message: string, retryable: boolean, cause?: unknown): NetworkError {
  const code = (cause as NodeJS.ErrnoException | undefined)?.code;
  const why = code && !message.includes(code) ? `${message} (${code})` : message;
  return new NetworkError(`POST ${url.href}: ${why}`, url.href, retryable, undefined, { cause });
}
