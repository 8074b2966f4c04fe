export const id = 282;
export const ids = [282,820];
export const modules = {

/***/ 8282:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  GitHubCacheBackend: () => (/* binding */ GitHubCacheBackend)
});

// UNUSED EXPORTS: CACHE_TIMEOUT_ENV, githubCacheAvailable

// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
// EXTERNAL MODULE: ./src/log-text.ts
var log_text = __webpack_require__(3529);
// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(1421);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:stream"
var external_node_stream_ = __webpack_require__(7075);
// EXTERNAL MODULE: external "node:stream/promises"
var external_node_stream_promises_ = __webpack_require__(6466);
// EXTERNAL MODULE: external "node:zlib"
var external_node_zlib_ = __webpack_require__(8522);
// EXTERNAL MODULE: ./src/fetch/http.ts + 4 modules
var http = __webpack_require__(8820);
// EXTERNAL MODULE: ./src/archive/extract-tar.ts + 3 modules
var extract_tar = __webpack_require__(6413);
// EXTERNAL MODULE: ./src/process.ts
var src_process = __webpack_require__(4006);
// EXTERNAL MODULE: ./src/archive/remove-tree.ts
var remove_tree = __webpack_require__(185);
// EXTERNAL MODULE: ./src/cache/archive-error.ts
var archive_error = __webpack_require__(1823);
// EXTERNAL MODULE: ./src/cache/archive.ts
var archive = __webpack_require__(9924);
// EXTERNAL MODULE: ./src/cache/place-tree.ts
var place_tree = __webpack_require__(766);
;// CONCATENATED MODULE: ./src/cache/actions-cache-entry.ts
/**
 * Restores one entry @actions/cache saved, with this project's own extractor instead of
 * @actions/cache's `tar -P` (which writes absolute and `..` member names wherever they point).
 *
 * The archive is downloaded into a fresh temporary directory, decompressed (zstd: a
 * `zstd -d --long=30` child when a zstd program is on PATH, else zlib's decoder where Node
 * has one (Node 24); gzip: zlib) and every
 * tar header goes through the TarGate (src/archive/tar-gate.ts): a member must lie under
 * exactly the prefix the entry was saved with (`../../go/pkg/mod` for GOMODCACHE seen from
 * the workspace), which is stripped; absolute names, `..` after the prefix, symlinks leaving
 * the tree, hard links to anything but an earlier file of the tree, devices, FIFOs and
 * setuid bits are refused, and the whole entry with them. Only re-encoded headers of
 * admitted members reach the `tar` child, which writes into a fresh directory beside the
 * target; that directory is renamed onto the target only when everything passed. Modes are
 * the TarGate's canonical ones (0644/0755, less the umask); mtimes are kept to the second.
 *
 * An AbortSignal stops the download and the extraction, and once it has fired the staging
 * directory is removed instead of renamed: nothing reaches the target after a deadline.
 */















/** Cache entries are up to 10 GB compressed; these stop only absurd archives. */
const ENTRY_LIMITS = Object.freeze({
    maxEntries: 5_000_000,
    maxEntrySize: 16 * 1024 ** 3,
    maxTotalSize: 128 * 1024 ** 3,
});
/**
 * Downloads the archive at `url` (into a temporary directory under `tempRoot`, removed
 * afterwards) and unpacks it into `dir` (see {@link unpackActionsArchive}).
 */
async function restoreActionsEntry(url, dir, tempRoot, opts) {
    await (0,place_tree/* requireEmptyOrMissing */.U)(external_node_path_.resolve(dir));
    await (0,promises_.mkdir)(tempRoot, { recursive: true });
    const downloads = await (0,promises_.mkdtemp)(external_node_path_.join(tempRoot, 'setup-go-verified-cache-'));
    try {
        const file = external_node_path_.join(downloads, 'entry');
        const bytes = await download(url, file, opts.signal);
        opts.signal?.throwIfAborted();
        const { files, compression } = await unpackActionsArchive(file, dir, opts);
        return { bytes, files, compression };
    }
    finally {
        await (0,promises_.rm)(downloads, { recursive: true, force: true });
    }
}
/** Downloads `url` into `file`, retrying a failed attempt from the start. */
async function download(url, file, signal) {
    const opts = { ...(signal ? { signal } : {}), timeoutMs: 30_000, stallTimeoutMs: 60_000 };
    return (0,http/* withRetries */.LH)(async () => {
        const opened = await (0,http/* openStream */.fv)(url, { ...opts, retries: 0 });
        await (0,external_node_stream_promises_.pipeline)(opened.body, (0,external_node_fs_.createWriteStream)(file), signal ? { signal } : {});
        return (await (0,promises_.stat)(file)).size;
    }, { ...opts, retries: 3 });
}
/**
 * Unpacks an @actions/cache archive into `dir` (missing or empty), all or nothing. Rejects
 * with UnsafeArchiveError for a refused member, with the signal's reason once it fired, and
 * with ArchiveError or a stream error otherwise; `dir` is then as it was.
 */
async function unpackActionsArchive(file, dir, opts) {
    const dest = external_node_path_.resolve(dir);
    await (0,place_tree/* requireEmptyOrMissing */.U)(dest);
    const compression = await archiveCompression(file);
    await (0,promises_.mkdir)(external_node_path_.dirname(dest), { recursive: true });
    let staging = await (0,promises_.mkdtemp)(external_node_path_.join(external_node_path_.dirname(dest), `.${external_node_path_.basename(dest)}.tmp-`));
    const source = decompressed(file, compression, opts);
    try {
        const result = await (0,extract_tar/* extractTarGz */.Ce)(source.input, staging, {
            memberPrefix: opts.memberPrefix,
            limits: ENTRY_LIMITS,
            decompress: source.decompress,
            ...(opts.signal ? { signal: opts.signal } : {}),
        }).catch(async (err) => {
            throw await source.explain(err, file);
        });
        const late = await source.explain(undefined, file);
        if (late !== undefined)
            throw late;
        // The deadline may have passed while tar finished: then the tree never goes into place.
        opts.signal?.throwIfAborted();
        await (0,place_tree/* moveIntoPlace */.h)(staging, dest);
        staging = undefined;
        return { files: result.files + result.symlinks + result.hardlinks, compression };
    }
    finally {
        source.stop();
        if (staging !== undefined)
            await (0,remove_tree/* removeTree */.d)(staging).catch(() => undefined);
    }
}
async function archiveCompression(file) {
    const handle = await (0,promises_.open)(file, 'r');
    try {
        const head = Buffer.alloc(4);
        const { bytesRead } = await handle.read(head, 0, head.length, 0);
        const compression = (0,archive/* sniffCompression */.Hs)(head.subarray(0, bytesRead));
        if (compression === undefined)
            throw new archive_error/* ArchiveError */.di('the cache entry is not a cache archive (neither zstd nor gzip data)');
        return compression;
    }
    finally {
        await handle.close();
    }
}
/** The tar stream inside `file`: zlib where it can, else a zstd child reading the file. */
function decompressed(file, compression, opts) {
    const nodeZstd = external_node_zlib_.createZstdDecompress;
    const chunkSize = 256 * 1024;
    const env = opts.env ?? process.env;
    const program = opts.zstdProgram ?? hasZstdProgram(env);
    if (compression === 'zstd' && !program && !nodeZstd)
        throw new archive_error/* ArchiveError */.di('the cache entry is zstd-compressed, but no zstd program is on PATH');
    if (compression === 'gzip' || !program) {
        const decompress = compression === 'gzip'
            ? () => external_node_zlib_.createGunzip({ chunkSize })
            : () => nodeZstd({ chunkSize, params: { [zlibConstant('ZSTD_d_windowLogMax')]: 30 } });
        return {
            input: (0,external_node_fs_.createReadStream)(file),
            decompress,
            explain: (err) => {
                if (err === undefined)
                    return Promise.resolve(undefined);
                const code = err?.code;
                return Promise.resolve(typeof code === 'string' && /^(Z_|ZSTD_|ERR_ZSTD)/.test(code)
                    ? new archive_error/* ArchiveError */.di(`the cache entry is corrupt or truncated: ${messageOf(err)}`)
                    : err);
            },
            stop: () => undefined,
        };
    }
    return zstdChild(file, env);
}
function hasZstdProgram(env) {
    const os = process.platform === 'win32' ? 'windows' : process.platform;
    return (0,src_process/* which */.K)('zstd', env['PATH'] ?? env['Path'] ?? '', os) !== undefined;
}
function zstdChild(file, env) {
    const child = (0,external_node_child_process_.spawn)('zstd', ['-d', '--long=30', '-c', '-q', file], {
        stdio: ['ignore', 'pipe', 'pipe'],
        env,
        windowsHide: true,
    });
    let stderr = '';
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (t) => (stderr = (stderr + t).slice(-4096)));
    const exit = new Promise((resolve) => {
        child.once('error', (e) => resolve(`could not run zstd: ${e.message}`));
        child.once('close', (code, signal) => resolve(code === 0 ? undefined : `zstd ${code ?? signal}: ${stderr.trim() || 'no message'}`));
    });
    if (!child.stdout)
        throw new archive_error/* ArchiveError */.di('could not read the output of zstd');
    return {
        input: child.stdout,
        decompress: () => new external_node_stream_.PassThrough(),
        async explain(err) {
            // A refused member or the deadline is the story; else zstd's complaint comes first.
            if (err instanceof errors/* UnsafeArchiveError */.td || isAbort(err))
                return err;
            const failed = await exit;
            // zstd's broken pipe only echoes tar or the gate stopping first.
            if (failed !== undefined && !(err !== undefined && /Broken pipe|SIGPIPE/i.test(failed)))
                return new archive_error/* ArchiveError */.di(`the cache entry is corrupt or truncated: ${failed}`);
            return err;
        },
        stop: () => {
            if (child.exitCode === null && child.signalCode === null)
                child.kill('SIGKILL');
        },
    };
}
function zlibConstant(name) {
    const value = external_node_zlib_.constants[name];
    if (value === undefined)
        throw new Error(`zlib has no constant ${name}`);
    return value;
}
function isAbort(err) {
    return err?.name === 'AbortError';
}
function messageOf(err) {
    const message = err?.message;
    return typeof message === 'string' ? message : String(err);
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
;// CONCATENATED MODULE: ./src/cache/actions-cache-version.ts
/**
 * How @actions/cache names and lays out an entry, so this project can find and unpack the
 * entries its saveCache wrote without running its restore (which unpacks with `tar -P`).
 *
 * - The version: SHA-256 of the path patterns given to saveCache, the compression method,
 *   `windows-only` on Windows (unless cross-OS archives were asked for) and a salt, joined
 *   by `|` (cacheUtils.getCacheVersion). A lookup only finds entries of the same version.
 * - The compression method: `zstd-without-long` when a `zstd` program answers
 *   `zstd --quiet --version` with any output, else `gzip` (cacheUtils.getCompressionMethod,
 *   @actions/cache 6; its restore tries no other method).
 * - Member names: tar runs with `-P -C $GITHUB_WORKSPACE` (the working directory when that
 *   is unset) and the paths relative to it, so a directory outside the workspace is stored
 *   as e.g. `../../go/pkg/mod/...` (tar.ts, cacheUtils.resolvePaths).
 */




const VERSION_SALT = '1.0';
/** The version @actions/cache files an entry under for these path patterns. */
function actionsCacheVersion(paths, compression, { platform = process.platform, crossOs = false } = {}) {
    const components = [...paths, compression];
    if (platform === 'win32' && !crossOs)
        components.push('windows-only');
    components.push(VERSION_SALT);
    return (0,external_node_crypto_.createHash)('sha256').update(components.join('|')).digest('hex');
}
/**
 * The name prefix of every member of an entry saved from `dir` with this workspace: the
 * relative path with `/` separators, `.` for the workspace itself. (On Windows, a directory
 * on another drive has no relative path: path.relative gives it absolute, as tar stores it.)
 */
function actionsMemberPrefix(workspace, dir, pathApi = external_node_path_) {
    const relative = pathApi.relative(workspace, dir);
    if (relative === '')
        return '.';
    return pathApi.sep === '\\' ? relative.replace(/\\/g, '/') : relative;
}
/** The working directory @actions/cache packs and unpacks relative to. */
function actionsWorkspace(env) {
    return env['GITHUB_WORKSPACE'] ?? process.cwd();
}
/**
 * The compression @actions/cache would choose on this machine, with `env`'s PATH. Asked
 * once per PATH: the answer does not change during a job.
 */
function actionsCompression(env) {
    const searchPath = env['PATH'] ?? env['Path'] ?? '';
    let answer = compressionByPath.get(searchPath);
    if (answer === undefined) {
        answer = probeZstd(searchPath);
        compressionByPath.set(searchPath, answer);
    }
    return answer;
}
const compressionByPath = new Map();
function probeZstd(searchPath) {
    const platform = process.platform === 'win32' ? 'windows' : process.platform;
    const zstd = (0,src_process/* which */.K)('zstd', searchPath, platform);
    if (zstd === undefined)
        return Promise.resolve('gzip');
    return new Promise((resolve) => {
        (0,external_node_child_process_.execFile)(zstd, ['--quiet', '--version'], { timeout: 10_000, windowsHide: true }, (_err, stdout, stderr) => {
            // Like @actions/exec with ignoreReturnCode: any output at all means zstd.
            resolve(`${stdout}${stderr}`.trim() === '' ? 'gzip' : 'zstd-without-long');
        });
    });
}

// EXTERNAL MODULE: external "node:http"
var external_node_http_ = __webpack_require__(7067);
// EXTERNAL MODULE: external "node:https"
var external_node_https_ = __webpack_require__(4708);
// EXTERNAL MODULE: ./node_modules/@actions/http-client/lib/index.js + 1 modules
var lib = __webpack_require__(4942);
// EXTERNAL MODULE: ./src/cache/github-service.ts
var github_service = __webpack_require__(3365);
;// CONCATENATED MODULE: ./src/cache/github-cache-client.ts
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
/** The service to ask, from the environment as @actions/cache reads it; undefined if none. */
function cacheEndpoint(env) {
    const token = env['ACTIONS_RUNTIME_TOKEN'];
    if (!token)
        return undefined;
    const protocol = (0,github_service/* cacheServiceVersion */.y)(env);
    const baseUrl = protocol === 'v2'
        ? env['ACTIONS_RESULTS_URL']
        : env['ACTIONS_CACHE_URL'] || env['ACTIONS_RESULTS_URL'];
    return baseUrl ? { protocol, baseUrl, token } : undefined;
}
/** The v2 request: URL and JSON body (proto field names, empty lists left out). */
function twirpLookupRequest(baseUrl, lookup) {
    const body = { key: lookup.key };
    if (lookup.restoreKeys.length > 0)
        body['restore_keys'] = [...lookup.restoreKeys];
    body['version'] = lookup.version;
    return { url: new URL(`/twirp/${TWIRP_METHOD}`, baseUrl).href, body: JSON.stringify(body) };
}
/** The v1 request URL: every key, comma-separated, exact key first. */
function v1LookupUrl(baseUrl, lookup) {
    const keys = [lookup.key, ...lookup.restoreKeys].join(',');
    return `${baseUrl}_apis/artifactcache/cache?keys=${encodeURIComponent(keys)}&version=${lookup.version}`;
}
/** A v2 answer: the entry, or undefined when `ok` is false. */
function parseTwirpLookup(reply) {
    const r = asObject(reply);
    if (r['ok'] !== true)
        return undefined;
    const url = r['signed_download_url'] ?? r['signedDownloadUrl'];
    const matchedKey = r['matched_key'] ?? r['matchedKey'];
    return checkedEntry(url, matchedKey);
}
/** A v1 answer (the body of a 200): the entry. */
function parseV1Lookup(reply) {
    const r = asObject(reply);
    return checkedEntry(r['archiveLocation'], r['cacheKey']);
}
/** Asks the service for the entry of `lookup`; undefined when there is none. */
async function lookupEntry(endpoint, lookup, opts = {}) {
    const retry = { retries: RETRIES, backoffMs: BACKOFF_MS, maxBackoffMs: MAX_BACKOFF_MS, ...opts };
    if (endpoint.protocol === 'v1') {
        const text = await (0,http.fetchBytes)(v1LookupUrl(endpoint.baseUrl, lookup), {
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
    const reply = await (0,http/* withRetries */.LH)((attempt) => {
        attempts = attempt;
        return postJson(url, body, endpoint.token, opts.signal);
    }, retry).catch((err) => {
        if (attempts > 1 && err instanceof Error && !opts.signal?.aborted)
            err.message = `after ${attempts} attempts: ${err.message}`;
        throw err;
    });
    return parseTwirpLookup(reply);
}
/** Cuts the query (a signature) out of every URL in `text`. */
function redactUrls(text) {
    // The query ends at a blank, a quote or bracket, or punctuation before one of them.
    return text.replace(/(https?:\/\/[^\s?#]*)\?[^\s#)"']*?(?=[:.,;]?(?:[\s)"']|$))/g, '$1?…');
}
function checkedEntry(url, matchedKey) {
    if (typeof url !== 'string' || !/^https?:\/\//i.test(url)) {
        throw new Error('the cache service found an entry but gave no download URL for it');
    }
    if (typeof matchedKey !== 'string' || matchedKey === '') {
        throw new Error('the cache service found an entry but did not say which key matched');
    }
    return { url, matchedKey };
}
function asObject(value) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        throw new Error('the cache service answered with something other than a JSON object');
    }
    return value;
}
function parseJson(text, who) {
    try {
        return JSON.parse(text);
    }
    catch {
        const start = JSON.stringify(text.slice(0, 60));
        throw new errors/* NetworkError */.Dr(`${who} answered with a body that is not JSON: ${start}`, '', true);
    }
}
/** One Twirp call: POST the JSON body, return the parsed JSON answer of a 2xx. */
async function postJson(url, body, token, signal) {
    const target = new URL(url);
    const { status, statusMessage, text, retryAfter } = await post(target, body, token, signal);
    if (status >= 200 && status < 300)
        return parseJson(text, 'the cache service');
    let detail = '';
    try {
        const r = asObject(JSON.parse(text));
        if (typeof r['msg'] === 'string')
            detail = `${String(r['code'] ?? 'error')}: ${r['msg']}`;
    }
    catch {
        // no Twirp error body; the status says enough
    }
    const what = status === 429 ? ' (rate limited)' : '';
    const retryable = [500, 502, 503, 504].includes(status);
    throw new http.HttpStatusError(`the cache service answered (${status}) ${statusMessage}${what}${detail ? ` ${detail}` : ''}`, url, retryable, status, retryAfter);
}
function post(url, body, token, signal) {
    return new Promise((resolve, reject) => {
        const client = url.protocol === 'https:' ? external_node_https_ : external_node_http_;
        const headers = {
            'content-type': 'application/json',
            'content-length': String(Buffer.byteLength(body)),
            authorization: `Bearer ${token}`,
            'user-agent': (0,http/* defaultUserAgent */.mJ)(),
        };
        // The proxy agent of @actions/http-client, as for every other request of the project.
        const agent = (0,lib/* getProxyUrl */.s_)(url.href)
            ? new lib/* HttpClient */.Qq((0,http/* defaultUserAgent */.mJ)()).getAgent(url.href)
            : undefined;
        const req = client.request(url, { method: 'POST', headers, agent, signal }, (res) => {
            const chunks = [];
            let size = 0;
            res.on('data', (chunk) => {
                size += chunk.length;
                if (size > MAX_REPLY_BYTES)
                    req.destroy(fault(url, 'the answer is too large', false));
                else
                    chunks.push(chunk);
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
        const timer = setTimeout(() => req.destroy(fault(url, `no answer within ${REQUEST_TIMEOUT_MS / 1000} s`, true)), REQUEST_TIMEOUT_MS);
        req.on('error', (err) => {
            clearTimeout(timer);
            // Like @actions/cache: a service that cannot be reached is not asked again.
            const unreachable = UNREACHABLE.has(err.code ?? '');
            reject(err instanceof errors/* NetworkError */.Dr ? err : fault(url, err.message, !unreachable, err));
        });
        req.end(body);
    });
}
function fault(url, message, retryable, cause) {
    const code = cause?.code;
    const why = code && !message.includes(code) ? `${message} (${code})` : message;
    return new errors/* NetworkError */.Dr(`POST ${url.href}: ${why}`, url.href, retryable, undefined, { cause });
}

;// CONCATENATED MODULE: ./src/cache/save-process.ts
/**
 * One @actions/cache saveCache call in a child process (src/actions/cache-save.ts, bundled as
 * dist/cache-save/index.js), and what it said.
 *
 * @actions/cache reports almost every failure of a save only by writing workflow commands
 * through @actions/core (`::warning::Failed to save: …`) and returning -1. In a child, those
 * lines arrive on its stdout, and nothing in this process is patched to see them: plain
 * lines, `::debug::` lines and the warnings and errors of cache failures go into a
 * Transcript (the outcome's reason, our Logger); every other line (`::add-mask::` above all)
 * is handed to `stdout` unchanged, as @actions/cache wrote it. The call's result comes over
 * an IPC channel.
 *
 * A save still running at its deadline is stopped: SIGTERM to the child (and, off Windows,
 * to its process group, so a tar or zstd it started ends too), SIGKILL after a grace. The
 * call returns only once the child has exited.
 */


/** After SIGTERM at the deadline, how long the child has before SIGKILL. */
const KILL_GRACE_MS = 5_000;
/** Warnings and errors @actions/cache writes for failures it swallows (cache.js, uploadUtils.js). */
const CACHE_PROBLEM = /^(Failed to (restore|save): |Cache reservation failed: |uploadCacheArchiveSDK: |You've hit a rate limit)/;
/** How much of the child's stderr a failure quotes. */
const STDERR_TAIL = 2_000;
/** Runs saveCache([dir], key) in a child until it ends or, at the deadline, stops it. */
function saveInChild(dir, key, opts) {
    const transcript = new Transcript(opts.logger);
    const env = {};
    for (const [name, value] of Object.entries(opts.env))
        if (value !== undefined)
            env[name] = value;
    const group = process.platform !== 'win32';
    const child = (0,external_node_child_process_.spawn)(process.execPath, [opts.script, JSON.stringify({ dir, key })], {
        env,
        stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
        // Its own process group, so the deadline can stop what it started as well.
        detached: group,
        windowsHide: true,
    });
    opts.logger.debug(`@actions/cache: saving ${(0,log_text/* inert */.tJ)(key)} in process ${child.pid ?? '?'}`);
    const out = new LineSplitter((line, ending) => {
        const taken = coreLine(line);
        // A last piece without a line ending is not a whole line of @actions/core's.
        if (taken && ending !== '')
            transcript.add(taken);
        else
            opts.stdout(line + ending);
    });
    let stderr = '';
    const err = new LineSplitter((line) => {
        stderr = (stderr + line + '\n').slice(-STDERR_TAIL);
        opts.logger.debug(`@actions/cache (stderr): ${line}`);
    });
    child.stdout?.setEncoding('utf8').on('data', (d) => out.push(d));
    child.stderr?.setEncoding('utf8').on('data', (d) => err.push(d));
    let message;
    child.on('message', (m) => (message ??= m));
    const signal = (name) => {
        try {
            if (group && child.pid !== undefined)
                process.kill(-child.pid, name);
            else
                child.kill(name);
        }
        catch {
            // Already gone.
        }
    };
    let timedOut = false;
    let grace;
    const timer = setTimeout(() => {
        // The result is in: the process is only exiting.
        if (message !== undefined)
            return;
        timedOut = true;
        signal('SIGTERM');
        grace = setTimeout(() => signal('SIGKILL'), KILL_GRACE_MS);
    }, opts.timeoutMs);
    return new Promise((resolve) => {
        let spawnError;
        child.on('error', (e) => {
            spawnError ??= e;
            // Not started at all: there will be no 'close'.
            if (child.pid === undefined) {
                clearTimeout(timer);
                resolve({ state: 'threw', error: e, transcript });
            }
        });
        // 'close': exited, and its stdout and stderr read to the end.
        child.on('close', (code, sig) => {
            clearTimeout(timer);
            clearTimeout(grace);
            out.end();
            err.end();
            if (timedOut)
                return resolve({ state: 'timeout', transcript });
            if (message?.state === 'done')
                return resolve({ ...message, transcript });
            if (message?.state === 'threw') {
                return resolve({ state: 'threw', error: new Error(message.error), transcript });
            }
            const how = spawnError
                ? spawnError.message
                : `the save process ${sig ? `was ended by ${sig}` : `exited with code ${code}`}`;
            const tail = stderr.trim() === '' ? '' : `: ${(0,log_text/* inert */.tJ)(oneLine(stderr))}`;
            resolve({ state: 'threw', error: new Error(`${how}${tail}`), transcript });
        });
    });
}
/** Cuts a text stream into lines, keeping each line's ending ('\n' or '\r\n'). */
class LineSplitter {
    sink;
    rest = '';
    constructor(sink) {
        this.sink = sink;
    }
    push(text) {
        this.rest += text;
        let nl;
        while ((nl = this.rest.indexOf('\n')) >= 0) {
            const raw = this.rest.slice(0, nl);
            this.rest = this.rest.slice(nl + 1);
            const crlf = raw.endsWith('\r');
            this.sink(crlf ? raw.slice(0, -1) : raw, crlf ? '\r\n' : '\n');
        }
    }
    /** A last line without an ending. */
    end() {
        if (this.rest !== '')
            this.sink(this.rest, '');
        this.rest = '';
    }
}
function oneLine(text) {
    return text.replace(/\s*\n\s*/g, ' ').trim();
}
/** What one @actions/cache call said; also forwards it to the Logger as it arrives. */
class Transcript {
    logger;
    lines = [];
    constructor(logger) {
        this.logger = logger;
    }
    add(line) {
        this.lines.push(line);
        // Warnings come back in the outcome's reason; here they are detail.
        const detail = line.kind !== 'info' || /^(\[command\]|Failed to )/.test(line.text);
        if (detail)
            this.logger.debug(`@actions/cache: ${line.text}`);
        else
            this.logger.info(line.text);
    }
    find(kind, pattern) {
        return this.lines.find((l) => l.kind === kind && pattern.test(l.text))?.text;
    }
    /** The warnings and errors of failures @actions/cache swallowed, without repeats. */
    problems() {
        const texts = this.lines
            .filter((l) => l.kind === 'warning' || l.kind === 'error')
            .map((l) => oneLine(l.text.replace(/^Failed to (restore|save): /, '')));
        return [...new Set(texts)];
    }
    /** Why CreateCacheEntry failed; @actions/cache reports it only in a debug line. */
    reservationFailure() {
        const text = this.find('debug', /^Failed to reserve cache: /);
        return text && oneLine(text.replace(/^Failed to reserve cache: (Error: )?/, ''));
    }
    /** "File Size: 12345678", written before an upload. */
    savedBytes() {
        const m = /^File Size: (\d+)$/.exec(this.find('debug', /^File Size: \d+$/) ?? '');
        return m ? Number(m[1]) : undefined;
    }
    /** "; last: <retry notice>" when the service was being retried, else "". */
    lastRetry() {
        const retries = this.lines.filter((l) => l.kind === 'info' && /^Attempt \d+ of \d+ /.test(l.text));
        const last = retries[retries.length - 1];
        return last ? `; last: ${last.text}` : '';
    }
}
/** The line @actions/core wrote, if it is one to take from the child's stdout. */
function coreLine(text) {
    if (!text.startsWith('::'))
        return { kind: 'info', text };
    const m = /^::([A-Za-z-]+)(?: [^:]*)?::(.*)$/s.exec(text);
    if (!m)
        return undefined;
    const command = m[1];
    const message = unescapeCommandData(m[2] ?? '');
    if (command === 'debug')
        return { kind: 'debug', text: message };
    if ((command === 'warning' || command === 'error') && CACHE_PROBLEM.test(message)) {
        return { kind: command, text: message };
    }
    return undefined;
}
/** Reverses @actions/core's escaping of command data (%, CR, LF). */
function unescapeCommandData(s) {
    return s.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%');
}

;// CONCATENATED MODULE: ./src/cache/github-backend.ts
/**
 * The GitHub Actions cache service as a CacheBackend: saving through @actions/cache, so
 * entries stay what actions/cache writes and reads; restoring through our own client and
 * extractor (github-cache-client.ts, actions-cache-entry.ts), never @actions/cache's
 * restoreCache, which unpacks with `tar -P` and so writes absolute and `..` member names of
 * an entry anyone with the key could have saved wherever they point.
 *
 * @actions/cache reports almost every failure of a save only by writing workflow commands
 * through @actions/core (`::warning::Failed to save: …`) and returning -1. To tell an entry
 * another job saved from a failed reservation, each save runs saveCache in a child process
 * (save-process.ts) whose stdout is read line by line: its warnings become the outcome's
 * reason instead of annotations, its debug and progress lines go to our Logger, and
 * `::add-mask::` and every other line pass to the `stdout` option unchanged. Nothing in this
 * process is patched.
 *
 * Timeouts: every call races an overall deadline (SETUP_GO_VERIFIED_CACHE_TIMEOUT seconds,
 * default 600). A restore is aborted there: its lookup and download stop, and its unpacked
 * tree, if any, is removed rather than moved into place, so nothing reaches the directory
 * after the deadline. A save is stopped there: its process (and, off Windows, whatever it
 * started) is ended with SIGTERM, then SIGKILL after a grace, and save() returns once it
 * has exited, so no upload goes on behind the job.
 *
 * Environment: only the `env` given to the constructor is read, for the timeout, for the
 * restore (service URL, token, cache mode, RUNNER_TEMP, GITHUB_WORKSPACE) and as the whole
 * environment of the save process, where @actions/cache reads the same variables.
 *
 * Paths: @actions/cache stores `dir` relative to GITHUB_WORKSPACE (the working directory when
 * that is unset) and hashes the path into the entry's version; the restore accepts exactly
 * that relative prefix (actions-cache-version.ts). Save and restore must name the same
 * absolute directory with the same workspace, as jobs of one repository on one runner image
 * do.
 */










const CACHE_TIMEOUT_ENV = 'SETUP_GO_VERIFIED_CACHE_TIMEOUT';
const DEFAULT_TIMEOUT_S = 600;
const MAX_TIMEOUT_S = 6 * 3600;
/** After a restore is aborted at its deadline, how long to wait for it to clean up. */
const ABORT_GRACE_MS = 15_000;
/** Why a restore was aborted. */
class DeadlineError extends Error {
    name = 'DeadlineError';
}
class GitHubCacheBackend {
    name = 'github';
    logger;
    env;
    saveScript;
    stdout;
    timeoutMs;
    /** Restores not yet settled, including ones aborted at the deadline and still cleaning up. */
    running = new Set();
    constructor({ logger, env, saveScript, stdout }) {
        this.logger = logger;
        this.env = env;
        this.saveScript = saveScript;
        this.stdout = stdout;
        this.timeoutMs = readTimeoutMs(env, logger);
    }
    async restore(request) {
        try {
            return await this.restoreInto(request);
        }
        catch (err) {
            return {
                kind: 'failed',
                reason: `restoring ${request.key} into ${request.dir} failed: ${github_backend_messageOf(err)}`,
            };
        }
    }
    async save(request) {
        try {
            return await this.saveFrom(request);
        }
        catch (err) {
            return {
                kind: 'failed',
                reason: `saving ${request.dir} as ${request.key} failed: ${github_backend_messageOf(err)}`,
            };
        }
    }
    /**
     * Resolves once no restore started here is running, including restores aborted at the
     * deadline that did not settle within their grace (cap the wait). A save never outlives
     * save().
     */
    async idle() {
        while (this.running.size > 0)
            await Promise.allSettled([...this.running]);
    }
    async restoreInto({ dir: given, key, restoreKeys, }) {
        const dir = external_node_path_.resolve(given);
        checkPath(dir);
        const before = await listDir(dir);
        if (before !== undefined && before.length > 0) {
            return failed(`${dir} already has files; not restoring over them`);
        }
        // The same variables the save process gets, so the restore finds what saveCache saved.
        const env = this.env;
        const mode = (env['ACTIONS_CACHE_MODE'] ?? '').trim().toLowerCase();
        if (mode === 'none' || mode === 'write-only') {
            this.logger.info(`Cache restore skipped: the cache-mode ${(0,log_text/* inert */.tJ)(mode)} does not permit reads`);
            return { kind: 'miss' };
        }
        const endpoint = cacheEndpoint(env);
        if (!endpoint)
            return failed('the GitHub cache service is not available to this job');
        const version = actionsCacheVersion([dir], await actionsCompression(env));
        const memberPrefix = actionsMemberPrefix(actionsWorkspace(env), dir);
        const controller = new AbortController();
        const { signal } = controller;
        let found;
        let lastRetry = '';
        const work = async () => {
            found = await lookupEntry(endpoint, { key, restoreKeys, version }, {
                signal,
                onRetry: (err, attempt) => (lastRetry = `; last: attempt ${attempt} failed: ${err.message}`),
            });
            if (!found)
                return undefined;
            this.logger.info(`Cache hit for ${(0,log_text/* inert */.tJ)(found.matchedKey)}; downloading`);
            const tempRoot = env['RUNNER_TEMP'] || (0,external_node_os_.tmpdir)();
            return restoreActionsEntry(found.url, dir, tempRoot, { memberPrefix, signal, env });
        };
        const result = await this.withDeadline(work, controller);
        const matched = found === undefined ? '' : ` (matched ${(0,log_text/* inert */.tJ)(found.matchedKey)})`;
        if (result.state === 'timeout') {
            return failed(`the GitHub cache service did not finish restoring ${key}${matched} within ` +
                `${this.timeoutMs / 1000} s, so the restore was stopped and nothing was unpacked ` +
                `into ${dir}${redactUrls(lastRetry)} (${CACHE_TIMEOUT_ENV} sets the limit in seconds)`);
        }
        if (result.state === 'threw') {
            const err = result.error;
            if (err instanceof errors/* UnsafeArchiveError */.td) {
                return failed(`refused the cache entry${matched}: member ${(0,log_text/* inert */.tJ)(JSON.stringify(err.member))}: ` +
                    `${(0,log_text/* inert */.tJ)(err.reason)}; nothing was unpacked into ${dir}`);
            }
            return failed(`restoring ${key}${matched} failed: ${(0,log_text/* inert */.tJ)(redactUrls(github_backend_messageOf(err)))}`);
        }
        const restored = result.value;
        if (restored === undefined || found === undefined)
            return { kind: 'miss' };
        const after = await listDir(dir);
        if (after === undefined || after.length === 0) {
            return failed(`the cache entry${matched} holds nothing under ${(0,log_text/* inert */.tJ)(memberPrefix)}`);
        }
        this.logger.info(`Restored ${(0,log_text/* inert */.tJ)(found.matchedKey)}: ${restored.files} files from ` +
            `${restored.bytes} B (${restored.compression})`);
        return {
            kind: found.matchedKey === key ? 'hit' : 'partial',
            matchedKey: found.matchedKey,
            bytes: restored.bytes,
        };
    }
    /**
     * Runs a restore until it ends or, at the deadline, aborts it. An aborted restore stops
     * its download and removes what it unpacked (see restoreActionsEntry); one that does not
     * settle within ABORT_GRACE_MS after that is left running, and can no longer write.
     */
    async withDeadline(work, controller) {
        const late = Promise.resolve()
            .then(work)
            .then((value) => ({ state: 'done', value }), (error) => ({ state: 'threw', error }));
        this.running.add(late);
        void late.finally(() => this.running.delete(late));
        let grace;
        const abandoned = new Promise((resolve) => {
            controller.signal.addEventListener('abort', () => {
                grace = setTimeout(() => resolve({ state: 'timeout' }), ABORT_GRACE_MS);
            });
        });
        const timer = setTimeout(() => controller.abort(new DeadlineError(`no answer within ${this.timeoutMs / 1000} s`)), this.timeoutMs);
        try {
            const first = await Promise.race([late, abandoned]);
            // A restore that finished its rename before the deadline fired is a restore.
            if (controller.signal.aborted && first.state !== 'done')
                return { state: 'timeout' };
            return first;
        }
        finally {
            clearTimeout(timer);
            clearTimeout(grace);
        }
    }
    async saveFrom({ dir: given, key }) {
        const dir = external_node_path_.resolve(given);
        checkPath(dir);
        const entries = await listDir(dir);
        if (entries === undefined || entries.length === 0) {
            return failed(`${dir} is empty or missing; there is nothing to save as ${key}`);
        }
        const call = await saveInChild(dir, key, {
            script: this.saveScript,
            env: this.env,
            timeoutMs: this.timeoutMs,
            logger: this.logger,
            stdout: this.stdout,
        });
        const { transcript } = call;
        if (call.state === 'timeout') {
            return failed(`the GitHub cache service did not finish saving ${key} within ` +
                `${this.timeoutMs / 1000} s, so the save was stopped and its process ended` +
                transcript.lastRetry() +
                ` (${CACHE_TIMEOUT_ENV} sets the limit in seconds)`);
        }
        if (call.state === 'threw')
            return failed(`saving ${key} failed: ${github_backend_messageOf(call.error)}`);
        if (call.value !== -1) {
            const bytes = transcript.savedBytes();
            return { kind: 'saved', ...(bytes !== undefined ? { bytes } : {}) };
        }
        // -1: @actions/cache gave up and said why only in its output.
        const reservation = transcript.reservationFailure();
        if (reservation !== undefined && /\(409\)|already exists/i.test(reservation)) {
            return { kind: 'exists' };
        }
        if (reservation !== undefined) {
            return failed(`the GitHub cache service did not reserve ${key}: ${reservation}`);
        }
        const problems = transcript.problems();
        if (problems.length > 0) {
            if (problems.some((p) => /already exists/i.test(p)))
                return { kind: 'exists' };
            return failed(`saving ${key} to the GitHub cache service failed: ${problems.join('; ')}`);
        }
        // The v1 service (GHES) reports a taken key only as this info line.
        if (transcript.find('info', /^Failed to save: Unable to reserve cache /) !== undefined) {
            return { kind: 'exists' };
        }
        const skipped = transcript.find('info', /^Cache save skipped: /);
        if (skipped !== undefined)
            return failed(skipped);
        return failed(`@actions/cache did not save ${key} and gave no reason; look for its warnings in the log`);
    }
}
function failed(reason) {
    return { kind: 'failed', reason };
}
function github_backend_messageOf(err) {
    return err instanceof Error ? err.message : String(err);
}
function readTimeoutMs(env, logger) {
    const raw = env[CACHE_TIMEOUT_ENV]?.trim();
    if (!raw)
        return DEFAULT_TIMEOUT_S * 1000;
    const seconds = Number(raw);
    if (!Number.isFinite(seconds) || seconds <= 0 || seconds > MAX_TIMEOUT_S) {
        logger.warning(`${CACHE_TIMEOUT_ENV} must be a number of seconds above 0 and at most ${MAX_TIMEOUT_S}, ` +
            `not ${JSON.stringify(raw)}; using ${DEFAULT_TIMEOUT_S}`);
        return DEFAULT_TIMEOUT_S * 1000;
    }
    return Math.round(seconds * 1000);
}
/** @actions/cache takes paths as glob patterns; a literal directory must not look like one. */
function checkPath(dir) {
    if (/[*?[\]]/.test(dir)) {
        throw new Error(`${dir} contains glob characters (* ? [ ]), which @actions/cache would expand; ` +
            'use a directory without them');
    }
}
/** The names in `dir`, or undefined when it does not exist. */
async function listDir(dir) {
    try {
        return await (0,promises_.readdir)(dir);
    }
    catch (err) {
        if (err.code === 'ENOENT')
            return undefined;
        if (err.code === 'ENOTDIR') {
            throw new Error(`${dir} exists and is not a directory`, { cause: err });
        }
        throw err;
    }
}


/***/ }),

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
