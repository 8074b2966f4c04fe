export const id = 878;
export const ids = [878];
export const modules = {

/***/ 5878:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   GitHubCacheBackend: () => (/* binding */ GitHubCacheBackend)
/* harmony export */ });
/* unused harmony export CACHE_TIMEOUT_ENV */
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8161);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_os__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var _actions_cache__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(9312);
/* harmony import */ var _archive_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(951);
/**
 * The GitHub Actions cache service as a CacheBackend, through @actions/cache.
 *
 * @actions/cache reports almost every failure only by writing workflow commands through
 * @actions/core (`::warning::Failed to restore: …`) and returning "nothing restored" or -1.
 * To tell a miss from a broken service, and an entry another job saved from a failed
 * reservation, this module listens to what @actions/core writes to stdout while a call runs
 * (see listenToCore): its warnings become the outcome's reason instead of annotations, its
 * debug and progress lines go to our Logger, and `::add-mask::` passes through untouched.
 *
 * Timeouts: @actions/cache puts no time limit on its calls to the cache service, so every
 * call races an overall deadline (SETUP_GO_VERIFIED_CACHE_TIMEOUT seconds, default 600). A
 * call that misses it cannot be cancelled: it is abandoned and runs on in the background, and
 * if an abandoned restore unpacks files after all, that is logged as a warning. Downloads get
 * per-segment limits as well (DOWNLOAD_OPTIONS).
 *
 * Paths: @actions/cache stores `dir` relative to GITHUB_WORKSPACE (the working directory when
 * that is unset) and unpacks it relative to it again, and hashes the path into the entry's
 * version. Save and restore must name the same absolute directory with the same workspace, as
 * jobs of one repository on one runner image do.
 */






const CACHE_TIMEOUT_ENV = 'SETUP_GO_VERIFIED_CACHE_TIMEOUT';
const DEFAULT_TIMEOUT_S = 600;
const MAX_TIMEOUT_S = 6 * 3600;
/**
 * Download limits for the Azure SDK path @actions/cache takes for *.blob.core.windows.net:
 * 30 s per request try (its default) and 2 minutes per 128 MB segment instead of its 10
 * minutes, so a stalled download fails well inside the overall deadline.
 * SEGMENT_DOWNLOAD_TIMEOUT_MINS in the environment still overrides the segment limit.
 */
const DOWNLOAD_OPTIONS = { timeoutInMs: 30_000, segmentTimeoutInMs: 120_000 };
/** Warnings and errors @actions/cache writes for failures it swallows (cache.js, uploadUtils.js). */
const CACHE_PROBLEM = /^(Failed to (restore|save): |Cache reservation failed: |uploadCacheArchiveSDK: |You've hit a rate limit)/;
class GitHubCacheBackend {
    name = 'github';
    logger;
    timeoutMs;
    /** @actions/cache calls not yet settled, including ones abandoned at the deadline. */
    running = new Set();
    constructor({ logger, env = process.env }) {
        this.logger = logger;
        this.timeoutMs = readTimeoutMs(env, logger);
    }
    async restore(request) {
        try {
            return await this.restoreInto(request);
        }
        catch (err) {
            return {
                kind: 'failed',
                reason: `restoring ${request.key} into ${request.dir} failed: ${messageOf(err)}`,
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
                reason: `saving ${request.dir} as ${request.key} failed: ${messageOf(err)}`,
            };
        }
    }
    /**
     * Resolves once no @actions/cache call started here is running, including calls abandoned
     * at the deadline (those may never end if the service never answers: cap the wait).
     */
    async idle() {
        while (this.running.size > 0)
            await Promise.allSettled([...this.running]);
    }
    async restoreInto({ dir: given, key, restoreKeys, }) {
        const dir = node_path__WEBPACK_IMPORTED_MODULE_2__.resolve(given);
        checkPath(dir);
        const before = await listDir(dir);
        if (before !== undefined && before.length > 0) {
            return failed(`${dir} already has files; not restoring over them`);
        }
        const existed = before !== undefined;
        const call = await this.call(() => (0,_actions_cache__WEBPACK_IMPORTED_MODULE_3__/* .restoreCache */ .P3)([dir], key, [...restoreKeys], DOWNLOAD_OPTIONS, false));
        const { transcript } = call;
        if (call.state === 'timeout') {
            await clearDir(dir, existed);
            void call.late.then((late) => {
                if (late.state === 'done' && typeof late.value === 'string') {
                    this.logger.warning(`the restore of ${key} that was abandoned at the deadline finished after all and ` +
                        `unpacked ${late.value} into ${dir}`);
                }
            });
            return failed(`the GitHub cache service did not finish restoring ${key} within ` +
                `${this.timeoutMs / 1000} s, so the restore was abandoned` +
                transcript.lastRetry() +
                ` (${CACHE_TIMEOUT_ENV} sets the limit in seconds)`);
        }
        if (call.state === 'threw') {
            await clearDir(dir, existed);
            return failed(`restoring ${key} failed: ${messageOf(call.error)}`);
        }
        const matchedKey = call.value;
        if (matchedKey !== undefined) {
            const after = await listDir(dir);
            if (after === undefined || after.length === 0) {
                return failed(`@actions/cache restored ${matchedKey} but nothing arrived in ${dir}: the entry was ` +
                    `saved from another directory or with another GITHUB_WORKSPACE`);
            }
            const bytes = transcript.archiveBytes();
            return {
                kind: matchedKey === key ? 'hit' : 'partial',
                matchedKey,
                ...(bytes !== undefined ? { bytes } : {}),
            };
        }
        // Nothing restored: a miss, or a failure @actions/cache turned into a warning.
        const leftovers = (await listDir(dir)) ?? [];
        await clearDir(dir, existed);
        if (leftovers.length > 0) {
            this.logger.debug(`removed ${leftovers.join(', ')} left in ${dir} by the failed restore`);
        }
        const problems = transcript.problems();
        if (problems.length > 0) {
            return failed(`restoring ${key} from the GitHub cache service failed: ${problems.join('; ')}`);
        }
        if (leftovers.length > 0) {
            return failed(`restoring ${key} stopped part way; removed what it had unpacked in ${dir}`);
        }
        return { kind: 'miss' };
    }
    async saveFrom({ dir: given, key }) {
        const dir = node_path__WEBPACK_IMPORTED_MODULE_2__.resolve(given);
        checkPath(dir);
        const entries = await listDir(dir);
        if (entries === undefined || entries.length === 0) {
            return failed(`${dir} is empty or missing; there is nothing to save as ${key}`);
        }
        const call = await this.call(() => (0,_actions_cache__WEBPACK_IMPORTED_MODULE_3__/* .saveCache */ .Io)([dir], key));
        const { transcript } = call;
        if (call.state === 'timeout') {
            return failed(`the GitHub cache service did not finish saving ${key} within ` +
                `${this.timeoutMs / 1000} s, so the save was abandoned` +
                transcript.lastRetry() +
                ` (${CACHE_TIMEOUT_ENV} sets the limit in seconds)`);
        }
        if (call.state === 'threw')
            return failed(`saving ${key} failed: ${messageOf(call.error)}`);
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
    /** Runs one @actions/cache call against the deadline, collecting what it writes. */
    async call(op) {
        const transcript = new Transcript(this.logger);
        const stopListening = listenToCore((line) => transcript.add(line));
        const late = Promise.resolve()
            .then(op)
            .then((value) => ({ state: 'done', value }), (error) => ({ state: 'threw', error }))
            .finally(stopListening);
        this.running.add(late);
        void late.finally(() => this.running.delete(late));
        let timer;
        const deadline = new Promise((resolve) => {
            timer = setTimeout(() => resolve({ state: 'timeout' }), this.timeoutMs);
        });
        try {
            const first = await Promise.race([late, deadline]);
            return { ...first, transcript, late };
        }
        finally {
            clearTimeout(timer);
        }
    }
}
function failed(reason) {
    return { kind: 'failed', reason };
}
function oneLine(text) {
    return text.replace(/\s*\n\s*/g, ' ').trim();
}
function messageOf(err) {
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
        return await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.readdir)(dir);
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
/** Empties `dir` (or removes it, if it did not exist before), read-only entries included. */
async function clearDir(dir, keepDir) {
    const names = await listDir(dir);
    if (names === undefined)
        return;
    if (!keepDir)
        return (0,_archive_js__WEBPACK_IMPORTED_MODULE_4__/* .removeTree */ .dM)(dir);
    // Go's module cache is read-only (0555 directories): removeTree makes each entry writable.
    const st = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.lstat)(dir);
    if ((st.mode & 0o700) !== 0o700)
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.chmod)(dir, (st.mode & 0o7777) | 0o700);
    await Promise.all(names.map((n) => (0,_archive_js__WEBPACK_IMPORTED_MODULE_4__/* .removeTree */ .dM)(node_path__WEBPACK_IMPORTED_MODULE_2__.join(dir, n))));
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
    /** "Cache Size: ~12 MB (12345678 B)", written after a download. */
    archiveBytes() {
        const m = /\((\d+) B\)/.exec(this.find('info', /^Cache Size: /) ?? '');
        return m ? Number(m[1]) : undefined;
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
const sinks = new Set();
let originalWrite;
let hookedWrite;
let forwarding = 0;
/**
 * Sends what @actions/core writes to stdout to `sink` instead, until the returned function is
 * called: plain lines (core.info), `::debug::`, and `::warning::`/`::error::` lines that
 * report cache failures. Everything else (`::add-mask::`, other warnings, partial writes,
 * whatever the sink itself writes through @actions/core) goes to stdout as before. Lines
 * carry no sender, so calls running at the same time each hear all of them.
 */
function listenToCore(sink) {
    sinks.add(sink);
    if (originalWrite === undefined) {
        const original = process.stdout.write;
        originalWrite = original;
        hookedWrite = function (chunk, ...rest) {
            const line = forwarding === 0 && sinks.size > 0 && typeof chunk === 'string' && chunk.endsWith(node_os__WEBPACK_IMPORTED_MODULE_0__.EOL)
                ? coreLine(chunk.slice(0, -node_os__WEBPACK_IMPORTED_MODULE_0__.EOL.length))
                : undefined;
            if (line === undefined) {
                return original.call(process.stdout, chunk, ...rest);
            }
            forwarding++;
            try {
                for (const s of [...sinks])
                    s(line);
            }
            finally {
                forwarding--;
            }
            const callback = rest.find((r) => typeof r === 'function');
            if (callback)
                process.nextTick(callback);
            return true;
        };
        process.stdout.write = hookedWrite;
    }
    return () => {
        sinks.delete(sink);
        if (sinks.size === 0 && originalWrite !== undefined) {
            // Leave the hook (passing everything through) if someone wrapped stdout after us.
            if (process.stdout.write === hookedWrite)
                process.stdout.write = originalWrite;
            originalWrite = undefined;
            hookedWrite = undefined;
        }
    };
}
/** The line @actions/core wrote, if it is one to take from stdout. */
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


/***/ })

};
