export const id = 322;
export const ids = [322];
export const modules = {

/***/ 6322:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  LocalCacheBackend: () => (/* binding */ LocalCacheBackend)
});

// UNUSED EXPORTS: entryId

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
// EXTERNAL MODULE: ./src/log-text.ts
var log_text = __webpack_require__(7991);
;// CONCATENATED MODULE: ./src/log.ts
/**
 * The library reports progress through this interface instead of @actions/core, so the same
 * code serves the action (workflow commands), the CLI (stderr) and library users (anything).
 */

/**
 * A logger that writes plain lines to a stream; used by the CLI and tests. The CLI may run
 * in a workflow step, where its output is a runner's log: a line the runner would act on
 * is fenced (see log-text.ts).
 */
function streamLogger(write, opts = {}) {
    const line = (m) => write(startsCommand(m) ? fenced(m) : m);
    return {
        info: (m) => line(m),
        warning: (m) => line(`warning: ${m}`),
        debug: (m) => {
            if (opts.debug)
                line(`debug: ${m}`);
        },
        group: async (name, fn) => {
            line(`== ${name}`);
            return fn();
        },
    };
}
/** A logger that drops everything. */
const silentLogger = {
    info: () => undefined,
    warning: () => undefined,
    debug: () => undefined,
    group: (_name, fn) => fn(),
};

// EXTERNAL MODULE: ./src/archive/remove-tree.ts
var remove_tree = __webpack_require__(8123);
// EXTERNAL MODULE: ./src/cache/archive.ts
var cache_archive = __webpack_require__(5470);
;// CONCATENATED MODULE: ./src/cache/local-store.ts
/**
 * A cache store in a directory of the machine, for self-hosted runners: entries survive
 * between jobs on disk instead of travelling to the GitHub cache service and back.
 *
 * Layout under the store directory:
 *
 *   v1/<sha256(key)>/archive      the entry: a tar + zstd (or gzip) archive, see archive.ts
 *   v1/<sha256(key)>/entry.json   {"key": …, "bytes": …, "created": <ms since the epoch>}
 *   v1/.tmp-<random>/             a save in progress
 *   v1/.trash-<random>/           an evicted entry being deleted
 *
 * Keys can be long and hold any character, so an entry is named by the SHA-256 of its key;
 * entry.json holds the key itself for prefix matching. When an entry was last used is the
 * mtime of its `archive`, set when it is saved and whenever a restore picks it: a timestamp
 * update is atomic and needs no rewrite of entry.json.
 *
 * Several jobs on one machine share the store without a lock, because every step that
 * others can see is a single atomic file-system operation:
 * - a save writes the archive and entry.json into its own `.tmp-` directory and publishes
 *   it with one rename to `v1/<id>`. The rename fails when `v1/<id>` exists, so of two jobs
 *   saving the same key one publishes and the other reports 'exists' and removes its copy;
 * - eviction renames `v1/<id>` to a `.trash-` name first and deletes it afterwards, so no
 *   job ever sees half an entry;
 * - a restore opens the archive once and reads that descriptor. If the entry is evicted
 *   meanwhile the open descriptor keeps the data readable on POSIX (on Windows the rename
 *   fails and the evicting job skips the entry); if it vanished before the open, the
 *   restore reports 'failed' with that reason and leaves the destination untouched.
 *
 * Size: after each save, least-recently-used entries are evicted until the archives total
 * at most `maxBytes`; the entry just saved is never evicted, and an entry larger than
 * `maxBytes` on its own is not kept. Jobs evicting at the same time may together remove
 * a little more than needed, never less.
 *
 * Entries are private to the user that saved them (their directories are 0700): a store
 * serves the jobs of one runner user.
 *
 * Faults (corrupt or vanished entry, full disk, permissions) come back as 'failed' outcomes
 * with a reason; restore and save never throw for them.
 */






const LAYOUT = 'v1';
const ARCHIVE = 'archive';
const META = 'entry.json';
const ID = /^[0-9a-f]{64}$/;
/** Leftovers of jobs that died: a save older than this is not coming back. */
const STALE_TEMP_MS = 24 * 3_600_000;
const STALE_TRASH_MS = 3_600_000;
/** The name an entry's directory gets: keys may hold any character and be of any length. */
function entryId(key) {
    return (0,external_node_crypto_.createHash)('sha256').update(key, 'utf8').digest('hex');
}
class LocalCacheBackend {
    name = 'local';
    /** `<dir>/v1`, where the entries live. */
    entriesDir;
    maxBytes;
    now;
    logger;
    archive;
    constructor(options) {
        if (!Number.isSafeInteger(options.maxBytes) || options.maxBytes <= 0)
            throw new RangeError(`maxBytes must be a positive integer, got ${options.maxBytes}`);
        this.entriesDir = external_node_path_default().join(external_node_path_default().resolve(options.dir), LAYOUT);
        this.maxBytes = options.maxBytes;
        this.now = options.now ?? Date.now;
        this.logger = options.logger ?? silentLogger;
        this.archive = options.archive ?? {};
    }
    async restore(request) {
        let chosen;
        try {
            chosen = await this.find(request);
        }
        catch (err) {
            return {
                kind: 'failed',
                reason: `reading the local cache at ${this.entriesDir}: ${local_store_text(err)}`,
            };
        }
        if (chosen === undefined)
            return { kind: 'miss' };
        const { entry, kind } = chosen;
        const entryDir = external_node_path_default().join(this.entriesDir, entry.id);
        const archive = external_node_path_default().join(entryDir, ARCHIVE);
        // Marked as used before the (long) unpack, so a job evicting meanwhile sees it as fresh.
        await this.touch(archive);
        try {
            const result = await (0,cache_archive/* extractArchive */.Qh)(archive, request.dir, this.archive);
            this.logger.debug(`local cache: restored ${JSON.stringify(entry.key)} (${result.bytes} bytes)`);
            return { kind, matchedKey: entry.key, bytes: result.bytes };
        }
        catch (err) {
            const vanished = err.code === 'ENOENT' && !(await exists(archive));
            const reason = vanished
                ? `the entry for key ${JSON.stringify(entry.key)} was removed (evicted by another job?) before it could be read`
                : `restoring key ${JSON.stringify(entry.key)} from ${entryDir} failed: ${local_store_text(err)}`;
            return { kind: 'failed', reason };
        }
    }
    async save(request) {
        const quoted = JSON.stringify(request.key);
        const id = entryId(request.key);
        const target = external_node_path_default().join(this.entriesDir, id);
        let tmp;
        try {
            const source = await (0,promises_.stat)(request.dir).catch(() => undefined);
            if (!source?.isDirectory())
                return {
                    kind: 'failed',
                    reason: `nothing to save for key ${quoted}: ${request.dir} is not a directory`,
                };
            if (await exists(target))
                return { kind: 'exists' };
            await (0,promises_.mkdir)(this.entriesDir, { recursive: true });
            await this.removeLeftovers();
            tmp = await (0,promises_.mkdtemp)(external_node_path_default().join(this.entriesDir, '.tmp-'));
            const archive = external_node_path_default().join(tmp, ARCHIVE);
            const { bytes } = await (0,cache_archive/* createArchive */.tU)(request.dir, archive, this.archive);
            if (bytes > this.maxBytes)
                return {
                    kind: 'failed',
                    reason: `the entry for key ${quoted} is ${bytes} bytes, more than the local cache may hold ` +
                        `(${this.maxBytes} bytes); it was not kept`,
                };
            const now = this.now();
            await (0,promises_.writeFile)(external_node_path_default().join(tmp, META), JSON.stringify({ key: request.key, bytes, created: now }));
            await (0,promises_.utimes)(archive, now / 1000, now / 1000);
            try {
                await (0,promises_.rename)(tmp, target);
                tmp = undefined;
            }
            catch (err) {
                if (await isTaken(err, target))
                    return { kind: 'exists' };
                throw err;
            }
            this.logger.debug(`local cache: saved ${quoted} (${bytes} bytes)`);
            await this.evict(id);
            return { kind: 'saved', bytes };
        }
        catch (err) {
            return {
                kind: 'failed',
                reason: `saving key ${quoted} to ${this.entriesDir} failed: ${local_store_text(err)}`,
            };
        }
        finally {
            if (tmp !== undefined)
                await (0,remove_tree/* removeTree */.d)(tmp).catch(() => undefined);
        }
    }
    /** Every entry in the store, damaged ones included (with `key` undefined). */
    async list() {
        let names;
        try {
            names = await (0,promises_.readdir)(this.entriesDir);
        }
        catch (err) {
            if (err.code === 'ENOENT')
                return [];
            throw err;
        }
        const entries = await Promise.all(names.filter((n) => ID.test(n)).map((n) => this.read(n)));
        return entries.filter((e) => e !== undefined);
    }
    /** The exact key, else the newest entry matching the first restore key that matches any. */
    async find(request) {
        const exact = await this.read(entryId(request.key));
        if (exact !== undefined && exact.key === request.key)
            return { entry: { ...exact, key: exact.key }, kind: 'hit' };
        if (request.restoreKeys.length === 0)
            return undefined;
        const all = (await this.list()).filter((e) => e.key !== undefined);
        for (const prefix of request.restoreKeys) {
            const matches = all.filter((e) => e.key.startsWith(prefix));
            if (matches.length === 0)
                continue;
            const newest = matches.reduce((a, b) => (newer(b, a) ? b : a));
            return { entry: newest, kind: 'partial' };
        }
        return undefined;
    }
    /** One entry, or undefined when it does not exist (or vanished while being read). */
    async read(id) {
        const dir = external_node_path_default().join(this.entriesDir, id);
        const [archive, meta] = await Promise.all([
            (0,promises_.stat)(external_node_path_default().join(dir, ARCHIVE)).catch(() => undefined),
            (0,promises_.readFile)(external_node_path_default().join(dir, META), 'utf8').then((text) => ({ text }), (err) => (err.code === 'ENOENT' ? { text: undefined } : undefined)),
        ]);
        // Unreadable (another user's entry?): neither ours to use nor to judge damaged.
        if (meta === undefined)
            return undefined;
        const parsed = parseMeta(meta.text);
        if (archive === undefined) {
            if (parsed !== undefined)
                return undefined; // a complete entry that was just evicted
            const info = await (0,promises_.lstat)(dir).catch(() => undefined);
            if (!info?.isDirectory())
                return undefined;
            return { id, key: undefined, bytes: 0, created: info.mtimeMs, lastUsed: 0 };
        }
        return {
            id,
            key: parsed?.key,
            bytes: archive.size,
            created: parsed?.created ?? archive.mtimeMs,
            // Damaged entries go first.
            lastUsed: parsed === undefined ? 0 : archive.mtimeMs,
        };
    }
    async touch(archive) {
        const now = this.now() / 1000;
        // Best effort: failing to record the use must not fail the restore.
        await (0,promises_.utimes)(archive, now, now).catch(() => undefined);
    }
    /** Removes least-recently-used entries, never `keep`, until the store fits. */
    async evict(keep) {
        let entries;
        try {
            entries = await this.list();
        }
        catch (err) {
            this.logger.warning(`local cache: could not list ${this.entriesDir} to evict: ${local_store_text(err)}`);
            return;
        }
        let total = entries.reduce((sum, e) => sum + e.bytes, 0);
        const candidates = entries
            .filter((e) => e.id !== keep)
            .sort((a, b) => a.lastUsed - b.lastUsed || a.created - b.created);
        for (const entry of candidates) {
            if (total <= this.maxBytes)
                break;
            const trash = external_node_path_default().join(this.entriesDir, `.trash-${(0,external_node_crypto_.randomBytes)(6).toString('hex')}`);
            try {
                await (0,promises_.rename)(external_node_path_default().join(this.entriesDir, entry.id), trash);
            }
            catch (err) {
                // Gone already: another job evicted it. Anything else (Windows: in use): skip it.
                if (err.code === 'ENOENT')
                    total -= entry.bytes;
                else
                    this.logger.debug(`local cache: could not evict ${entry.id}: ${local_store_text(err)}`);
                continue;
            }
            total -= entry.bytes;
            this.logger.info(`local cache: evicted ${entry.key === undefined ? `damaged entry ${entry.id}` : JSON.stringify(entry.key)} ` +
                `(${entry.bytes} bytes, last used ${new Date(entry.lastUsed).toISOString()})`);
            await (0,remove_tree/* removeTree */.d)(trash).catch((err) => this.logger.warning(`local cache: could not delete ${trash}: ${local_store_text(err)}`));
        }
    }
    /** Temporary and trash directories that jobs which died left behind. */
    async removeLeftovers() {
        const names = await (0,promises_.readdir)(this.entriesDir).catch(() => []);
        const wallClock = Date.now(); // compared with file-system times, not the injected clock
        for (const name of names) {
            const limit = name.startsWith('.tmp-')
                ? STALE_TEMP_MS
                : name.startsWith('.trash-')
                    ? STALE_TRASH_MS
                    : undefined;
            if (limit === undefined)
                continue;
            const full = external_node_path_default().join(this.entriesDir, name);
            const info = await (0,promises_.lstat)(full).catch(() => undefined);
            if (info !== undefined && wallClock - info.mtimeMs > limit)
                await (0,remove_tree/* removeTree */.d)(full).catch(() => undefined);
        }
    }
}
function parseMeta(text) {
    if (text === undefined)
        return undefined;
    try {
        const value = JSON.parse(text);
        if (typeof value.key !== 'string' || typeof value.created !== 'number')
            return undefined;
        return { key: value.key, created: value.created };
    }
    catch {
        return undefined;
    }
}
/** Newest first: created, then last used, then key for a stable order. */
function newer(a, b) {
    if (a.created !== b.created)
        return a.created > b.created;
    if (a.lastUsed !== b.lastUsed)
        return a.lastUsed > b.lastUsed;
    return (a.key ?? '') > (b.key ?? '');
}
async function exists(p) {
    return (0,promises_.lstat)(p).then(() => true, () => false);
}
/** Whether a failed publish means another job published the same key first. */
async function isTaken(err, target) {
    const code = err.code;
    if (code === 'EEXIST' || code === 'ENOTEMPTY')
        return true;
    // Windows refuses to rename onto an existing directory with EPERM.
    return code === 'EPERM' && (await exists(target));
}
function local_store_text(err) {
    const code = err?.code;
    const message = err?.message;
    const said = typeof message === 'string' ? message : String(err);
    return code === 'ENOSPC' && !said.startsWith('disk full') ? `disk full: ${said}` : said;
}


/***/ })

};
