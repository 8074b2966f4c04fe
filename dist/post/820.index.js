export const id = 820;
export const ids = [820];
export const modules = {

/***/ 8820:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  HttpStatusError: () => (/* reexport */ HttpStatusError),
  mJ: () => (/* binding */ defaultUserAgent),
  fetchBytes: () => (/* binding */ fetchBytes),
  fv: () => (/* binding */ openStream),
  LH: () => (/* reexport */ withRetries)
});

// UNUSED EXPORTS: MissingFileError, fetchText, hopHeaders, isFileUrl, packageVersion

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:http"
var external_node_http_ = __webpack_require__(7067);
// EXTERNAL MODULE: external "node:https"
var external_node_https_ = __webpack_require__(4708);
// EXTERNAL MODULE: external "node:url"
var external_node_url_ = __webpack_require__(3136);
// EXTERNAL MODULE: ./node_modules/@actions/http-client/lib/index.js + 1 modules
var lib = __webpack_require__(4942);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
;// CONCATENATED MODULE: ./src/fetch/auth.ts
/**
 * Which requests may carry the GitHub token. The token is only ever sent over https to
 * GitHub itself (github.com, its API, its content hosts, or the GitHub Enterprise server the
 * workflow runs on); a mirror, a Go proxy or go.dev never sees it.
 */
const GITHUB_HOSTS = new Set(['github.com', 'api.github.com']);
const GITHUB_CONTENT_SUFFIX = '.githubusercontent.com';
/** Hosts (`host[:port]`, as URL.host gives them) of GITHUB_SERVER_URL and GITHUB_API_URL. */
function enterpriseHosts(env) {
    const hosts = [];
    for (const name of ['GITHUB_SERVER_URL', 'GITHUB_API_URL']) {
        const value = env[name];
        if (!value)
            continue;
        try {
            const url = new URL(value);
            if (url.protocol === 'https:')
                hosts.push(url.host);
        }
        catch {
            // A malformed variable names no host.
        }
    }
    return hosts;
}
/** True when `url` is an https URL on a GitHub host. */
function isGitHubUrl(url, env) {
    let parsed;
    try {
        parsed = new URL(url);
    }
    catch {
        return false;
    }
    if (parsed.protocol !== 'https:')
        return false;
    if (parsed.username || parsed.password)
        return false;
    // URL.host drops the default port, so "github.com:443" compares equal and any other port does not.
    const host = parsed.host;
    if (GITHUB_HOSTS.has(host))
        return true;
    if (parsed.port === '' && host.endsWith(GITHUB_CONTENT_SUFFIX))
        return true;
    return enterpriseHosts(env).includes(host);
}
/**
 * The Authorization header for `url`: `{ authorization: 'Bearer …' }` when a token is given
 * and the URL is GitHub's over https, `{}` otherwise.
 */
function authorizationFor(url, token, env) {
    if (!token || !isGitHubUrl(url, env))
        return {};
    return { authorization: `Bearer ${token}` };
}

// EXTERNAL MODULE: external "node:perf_hooks"
var external_node_perf_hooks_ = __webpack_require__(643);
// EXTERNAL MODULE: external "node:stream"
var external_node_stream_ = __webpack_require__(7075);
;// CONCATENATED MODULE: ./src/fetch/body.ts



/**
 * Wraps a response body so that the failures a download can suffer arrive as retryable
 * NetworkErrors on the stream the consumer reads:
 * - the connection closes early ("cut off after M of N bytes"),
 * - no bytes arrive for `stallMs` while the consumer is ready for more ("stalled").
 * Chunks pass through unchanged. Time the consumer spends not reading (backpressure, e.g. a
 * slow disk under tar) does not count as a stall.
 */
function monitorBody(res, url, size, stallMs) {
    let bytes = 0;
    let idleSince = external_node_perf_hooks_.performance.now();
    let settled = false;
    const cutOff = (cause) => new errors/* NetworkError */.Dr(size === undefined
        ? `download cut off after ${bytes} bytes (${url})`
        : `download cut off after ${bytes} of ${size} bytes (${url})`, url, true, undefined, { cause });
    const monitor = new external_node_stream_.Transform({
        transform(chunk, _enc, callback) {
            bytes += chunk.length;
            idleSince = external_node_perf_hooks_.performance.now();
            callback(null, chunk);
        },
        flush(callback) {
            settled = true;
            clearInterval(timer);
            callback(size !== undefined && bytes < size ? cutOff() : null);
        },
        destroy(err, callback) {
            settled = true;
            clearInterval(timer);
            if (!res.destroyed)
                res.destroy();
            callback(err);
        },
    });
    const stalled = () => new errors/* NetworkError */.Dr(`download stalled: no data for ${formatSeconds(stallMs)} after ${bytes} bytes (${url})`, url, true);
    // Checked a few times per period rather than re-armed per chunk: cheap at 10k chunks.
    const timer = setInterval(() => {
        const now = external_node_perf_hooks_.performance.now();
        const consumerFull = monitor.readableLength >= monitor.readableHighWaterMark || monitor.writableLength > 0;
        if (consumerFull) {
            idleSince = now;
        }
        else if (now - idleSince >= stallMs) {
            monitor.destroy(stalled());
        }
    }, Math.max(10, Math.floor(stallMs / 5)));
    timer.unref();
    res.on('error', (err) => {
        if (!settled)
            monitor.destroy(cutOff(err));
    });
    // A connection closed before the body was complete may not emit 'error'.
    res.on('close', () => {
        if (!settled && !res.complete)
            monitor.destroy(cutOff());
    });
    res.pipe(monitor);
    return monitor;
}
function formatSeconds(ms) {
    const s = ms / 1000;
    return `${Number.isInteger(s) ? s : s.toFixed(1)} s`;
}

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
;// CONCATENATED MODULE: ./src/fetch/file-url.ts
/**
 * `file:` URLs for the fetch layer: a go.dev layout or module proxy on disk (an air-gapped
 * bundle) is read through the same calls as one served over HTTP, so size limits, hashing
 * and signature checks apply unchanged. Only a URL the caller gave may be a file: a server's
 * redirect never leads to the local disk (http.ts refuses that scheme there).
 */




/** The file a `file:` URL names does not exist: a bundle that lacks it, or a wrong base URL. */
class MissingFileError extends errors/* NetworkError */.Dr {
    path;
    name = 'MissingFileError';
    constructor(path, url) {
        super(`no such file: ${path}`, url, false);
        this.path = path;
    }
}
function isFileUrl(url) {
    return /^file:/i.test(url);
}
function localPath(url) {
    try {
        return (0,external_node_url_.fileURLToPath)(url);
    }
    catch (err) {
        throw new errors/* NetworkError */.Dr(`not a local file URL: ${JSON.stringify(url)}`, url, false, undefined, {
            cause: err,
        });
    }
}
/**
 * Opens a regular file for streaming; its size is the one of the file opened, so a reader
 * can refuse one that is too large before reading it. Never retryable: a file that is not
 * there will not appear.
 */
async function openFileUrl(url) {
    const file = localPath(url);
    let handle;
    try {
        handle = await (0,promises_.open)(file, 'r');
    }
    catch (err) {
        const code = err.code;
        if (code === 'ENOENT' || code === 'ENOTDIR')
            throw new MissingFileError(file, url);
        throw new errors/* NetworkError */.Dr(`cannot read ${file}: ${String(code ?? err)}`, url, false, undefined, {
            cause: err,
        });
    }
    try {
        const stat = await handle.stat();
        if (!stat.isFile()) {
            throw new errors/* NetworkError */.Dr(`cannot read ${file}: not a regular file`, url, false);
        }
        // The stream owns the handle from here on and closes it when done or destroyed.
        const body = (0,external_node_fs_.createReadStream)('', { fd: handle, highWaterMark: 256 * 1024 });
        return { body, size: stat.size, url };
    }
    catch (err) {
        await handle.close();
        throw err;
    }
}

// EXTERNAL MODULE: external "node:timers/promises"
var external_node_timers_promises_ = __webpack_require__(8500);
;// CONCATENATED MODULE: ./src/fetch/retry.ts


/** A NetworkError for an HTTP status, with the server's Retry-After when it sent one. */
class HttpStatusError extends errors/* NetworkError */.Dr {
    retryAfterMs;
    constructor(message, url, retryable, status, 
    /** From a Retry-After header, in milliseconds. */
    retryAfterMs) {
        super(message, url, retryable, status);
        this.retryAfterMs = retryAfterMs;
    }
}
/**
 * Runs `fn` until it succeeds, retrying only NetworkErrors that say `retryable`. Anything
 * else (a 404, a verification failure, a bug) is thrown at once, and so is the signal's
 * reason once it aborts. `attempt` counts from 1.
 */
async function withRetries(fn, opts = {}) {
    const retries = opts.retries ?? 3;
    const { signal } = opts;
    const sleep = opts.sleep ?? ((ms) => (0,external_node_timers_promises_.setTimeout)(ms, undefined, { signal }));
    for (let attempt = 1;; attempt++) {
        signal?.throwIfAborted();
        try {
            return await fn(attempt);
        }
        catch (err) {
            if (signal?.aborted)
                throw signal.reason;
            if (!(err instanceof errors/* NetworkError */.Dr) || !err.retryable || attempt > retries)
                throw err;
            const wait = backoffDelay(attempt, err, opts);
            opts.onRetry?.(err, attempt, wait);
            await sleep(wait).catch((sleepErr) => {
                throw signal?.aborted ? signal.reason : sleepErr; // the reason, not a bare AbortError
            });
        }
    }
}
/**
 * Exponential backoff with "equal jitter": half the step is fixed, half random, so clients
 * that failed together do not retry together. A server's Retry-After wins when longer.
 */
function backoffDelay(attempt, err, opts = {}) {
    const base = opts.backoffMs ?? 1000;
    const cap = opts.maxBackoffMs ?? 30_000;
    const random = opts.random ?? Math.random;
    const step = Math.min(cap, base * 2 ** (attempt - 1));
    const jittered = step / 2 + random() * (step / 2);
    const retryAfter = err instanceof HttpStatusError ? (err.retryAfterMs ?? 0) : 0;
    return Math.round(Math.min(cap, Math.max(jittered, retryAfter)));
}
/** Retry-After is either seconds or an HTTP date. */
function parseRetryAfter(value, now = Date.now()) {
    if (!value)
        return undefined;
    const trimmed = value.trim();
    if (/^\d+$/.test(trimmed))
        return Number(trimmed) * 1000;
    const when = Date.parse(trimmed);
    return Number.isNaN(when) ? undefined : Math.max(0, when - now);
}

;// CONCATENATED MODULE: ./src/fetch/http.ts
/**
 * Network I/O: small documents in memory, large downloads as streams. Redirects, retries,
 * timeouts and token scoping are done here; proxy routing (HTTPS_PROXY, HTTP_PROXY,
 * NO_PROXY, read from process.env) is @actions/http-client's. TLS uses Node's defaults, so
 * NODE_EXTRA_CA_CERTS applies and certificate checks are never turned off. A `file:` URL (a
 * bundle on disk) goes through the same calls, with the same size limits (file-url.ts).
 */












const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const DEFAULT_MAX_BYTES = 64 * 1024 * 1024;
/**
 * Opens a GET response body for streaming. Failures before the body starts (connection
 * errors, 5xx, 429, timeouts) are retried here; a body that fails midway cannot be, since
 * its bytes were consumed: wrap the whole attempt in withRetries.
 */
async function openStream(url, opts = {}) {
    return withRetries(() => openOnce(url, opts), opts);
}
/** A small document (index, .sha256, .asc), read whole, retried as a whole. */
async function fetchBytes(url, opts = {}) {
    const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES;
    return withRetries(async () => {
        const opened = await openOnce(url, opts);
        if (opened.size !== undefined && opened.size > maxBytes) {
            opened.body.destroy();
            throw tooLarge(opened.url, maxBytes);
        }
        const chunks = [];
        let total = 0;
        for await (const chunk of opened.body) {
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
async function fetchText(url, opts = {}) {
    return (await fetchBytes(url, opts)).toString('utf8');
}
function tooLarge(url, maxBytes) {
    return new errors/* NetworkError */.Dr(`${url} is larger than the ${maxBytes} bytes allowed`, url, false);
}
/**
 * One attempt: follows redirects, returns the body of the first 2xx answer. A `file:` URL
 * given by the caller is read from disk; no redirect may lead there.
 */
async function openOnce(url, opts) {
    if (isFileUrl(url))
        return openFileUrl(url);
    const maxRedirects = opts.maxRedirects ?? 10;
    const chain = [parseUrl(url)];
    for (let redirects = 0;; redirects++) {
        const current = chain[chain.length - 1];
        const headers = hopHeaders(chain, opts);
        const res = await requestHeaders(current, headers, opts.timeoutMs ?? 30_000, opts.signal);
        const status = res.statusCode ?? 0;
        if (REDIRECT_STATUSES.has(status)) {
            res.resume();
            const location = res.headers.location;
            if (!location) {
                throw new errors/* NetworkError */.Dr(`GET ${current.href}: HTTP ${status} without a Location`, current.href, false, status);
            }
            if (redirects >= maxRedirects) {
                throw new errors/* NetworkError */.Dr(`GET ${url}: more than ${maxRedirects} redirects`, url, false, status);
            }
            const next = parseUrl(location, current);
            if (current.protocol === 'https:' && next.protocol !== 'https:') {
                throw new errors/* NetworkError */.Dr(`GET ${current.href}: refusing a redirect from https to ${next.href}`, current.href, false, status);
            }
            chain.push(next);
            continue;
        }
        if (status < 200 || status >= 300) {
            res.resume();
            const retryable = status === 408 || status === 429 || status >= 500;
            throw new HttpStatusError(`GET ${current.href}: HTTP ${status}${res.statusMessage ? ` ${res.statusMessage}` : ''}`, current.href, retryable, status, retryable ? parseRetryAfter(res.headers['retry-after']) : undefined);
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
function hopHeaders(chain, opts = {}) {
    const current = chain[chain.length - 1];
    if (!current)
        throw new Error('hopHeaders: empty redirect chain');
    const { authorization: callerAuth, ...callerHeaders } = lowercaseKeys(opts.headers ?? {});
    const firstHost = chain[0].host;
    const stayed = chain.every((u) => u.host === firstHost);
    return {
        'user-agent': opts.userAgent ?? defaultUserAgent(),
        accept: '*/*',
        ...callerHeaders,
        ...(stayed && callerAuth ? { authorization: callerAuth } : {}),
        ...(stayed ? authorizationFor(current, opts.token, opts.env ?? process.env) : {}),
    };
}
function parseUrl(value, base) {
    let url;
    try {
        url = new URL(value, base);
    }
    catch {
        throw new errors/* NetworkError */.Dr(`not a URL: ${JSON.stringify(value)}`, value, false);
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
        throw new errors/* NetworkError */.Dr(`unsupported URL scheme ${url.protocol} in ${url.href}`, url.href, false);
    }
    return url;
}
function contentLength(res) {
    const raw = res.headers['content-length'];
    if (raw === undefined || !/^\d+$/.test(raw))
        return undefined;
    return Number(raw);
}
function lowercaseKeys(headers) {
    return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
}
/** Sends the request; resolves once response headers arrive. */
function requestHeaders(url, headers, timeoutMs, signal) {
    return new Promise((resolve, reject) => {
        const client = url.protocol === 'https:' ? external_node_https_ : external_node_http_;
        // An abort destroys the request and, later, the response body it returned.
        const options = { method: 'GET', headers, agent: agentFor(url), ...(signal ? { signal } : {}) };
        const req = client.request(url, options, (res) => {
            clearTimeout(timer);
            resolve(res);
        });
        const timer = setTimeout(() => {
            req.destroy(new errors/* NetworkError */.Dr(`GET ${url.href}: no response within ${formatSeconds(timeoutMs)}`, url.href, true));
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
function agentFor(url) {
    if (!(0,lib/* getProxyUrl */.s_)(url.href))
        return undefined;
    // A client per request: http-client caches one agent per client, whatever the scheme.
    return new lib/* HttpClient */.Qq(defaultUserAgent()).getAgent(url.href);
}
const NOT_RETRYABLE_CODES = new Set(['ENOTFOUND', 'ERR_INVALID_URL', 'ERR_INVALID_PROTOCOL']);
function asNetworkError(err, url) {
    if (err instanceof errors/* NetworkError */.Dr)
        return err;
    const code = err.code ?? '';
    if (/CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS/.test(code)) {
        return new errors/* NetworkError */.Dr(`GET ${url.href}: TLS certificate not trusted (${err.message}); behind a TLS-inspecting proxy, ` +
            `point NODE_EXTRA_CA_CERTS at its CA certificate`, url.href, false, undefined, { cause: err });
    }
    const why = code === 'ENOTFOUND' ? `cannot resolve host ${url.hostname}` : err.message;
    return new errors/* NetworkError */.Dr(`GET ${url.href}: ${why}`, url.href, !NOT_RETRYABLE_CODES.has(code), undefined, {
        cause: err,
    });
}
let userAgent;
/** `setup-go-verified/<version>`, the version read once from the package's package.json. */
function defaultUserAgent() {
    userAgent ??= `setup-go-verified/${packageVersion()}`;
    return userAgent;
}
/**
 * The version in package.json two directories up (src/fetch, lib/fetch and dist/<entry> all
 * sit there). `base` is a parameter so ncc does not copy package.json into the bundle.
 */
function packageVersion(base = import.meta.url) {
    try {
        const pkg = JSON.parse((0,external_node_fs_.readFileSync)((0,external_node_url_.fileURLToPath)(new URL('../../package.json', base)), 'utf8'));
        return pkg.name === 'setup-go-verified' && typeof pkg.version === 'string'
            ? pkg.version
            : 'unknown';
    }
    catch {
        return 'unknown';
    }
}


/***/ })

};
