export const id = 610;
export const ids = [610];
export const modules = {

/***/ 7610:
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
;// CONCATENATED MODULE: ./src/log.ts
/** A logger that writes plain lines to a stream; used by the CLI and tests. */
function streamLogger(write, opts = {}) {
    return {
        info: (m) => write(m),
        warning: (m) => write(`warning: ${m}`),
        debug: (m) => {
            if (opts.debug)
                write(`debug: ${m}`);
        },
        group: async (name, fn) => {
            write(`== ${name}`);
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
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
// EXTERNAL MODULE: ./src/install/extract-tar.ts + 1 modules
var extract_tar = __webpack_require__(3435);
// EXTERNAL MODULE: ./src/process.ts
var src_process = __webpack_require__(4006);
;// CONCATENATED MODULE: ./src/cache/archive.ts
/**
 * Cache entry archives: the contents of a directory as a tar stream, compressed.
 *
 * Format. A plain pax tar (`tar --posix`, member names relative to the directory: `./…`)
 * compressed with zstd, or with gzip when no `zstd` program is on PATH. Nothing is added
 * around the stream, so `zstd -d < f | tar -x` (or `tar -xzf f`) reads an entry by hand;
 * {@link extractArchive} tells the two apart by their magic numbers, so a file name needs
 * no particular suffix. Owners are stored as numbers only; modes and mtimes (with their
 * sub-second part, which pax keeps) are stored because GOCACHE trimming reads mtimes and
 * the module cache is read-only on purpose. GNU tar also sorts members by name and names
 * pax headers without a process id, so the same tree gives the same tar stream.
 *
 * The platform `tar` writes and reads the files (GNU tar on Linux, bsdtar elsewhere) and
 * `zstd` (de)compresses: tar runs `zstd` itself when packing (`--use-compress-program`);
 * when unpacking, `zstd -d` reads the archive and writes straight into tar's stdin. The
 * bytes never pass through Node, and both directions run at the speed of the shell's
 * `tar | zstd` (bench/cache-archive.mjs). The gzip fallback (de)compresses in Node (zlib),
 * as Windows has no gzip program.
 *
 * Extraction is all or nothing: into a fresh directory beside the destination, renamed into
 * place only when tar (and zstd) exit 0 and the tree passes the checks below; otherwise the
 * temporary directory is removed and the destination is as it was.
 *
 * What extraction allows, and why:
 * - Names: tar refuses members with `..`; a member with an absolute name is refused here
 *   (GNU tar and bsdtar would strip the leading `/` and write it below the destination).
 * - Links: symlinks must stay inside the tree: a relative target whose leading `..`s do
 *   not climb above the top directory, with no `..` after a name (a name may itself be a
 *   symlink, so `a/../x` is not necessarily `x`). Absolute targets are refused. Hard links
 *   are resolved below the destination by tar itself. An archive with a refused link is
 *   refused as a whole; {@link createArchive} refuses to pack such a tree in the first place.
 * - Other types (devices, FIFOs, sockets) are refused.
 * - Owners are never restored (`--no-same-owner`, which matters when running as root).
 * - Modes are restored as stored, less the umask and the setuid, setgid and sticky bits
 *   (`--no-same-permissions`). Read-only files and directories (Go's module cache: 0444
 *   files in 0555 directories) stay read-only, as Go made them and as Go expects; such a
 *   tree is removed with `go clean -modcache` or {@link removeTree}, which makes
 *   directories writable first.
 *
 * Portability: the flags used are accepted by GNU tar and by bsdtar (Windows' System32
 * tar.exe, macOS), except two GNU-only ones for reproducibility, which are left out for
 * bsdtar. Only GNU tar is exercised by the tests.
 */











/** An archive could not be written or read; `code` is the Node error code behind it, if any. */
class ArchiveError extends Error {
    code;
    name = 'ArchiveError';
    constructor(message, code, options) {
        super(message, options);
        this.code = code;
    }
}
const ZSTD_MAGIC = Buffer.from([0x28, 0xb5, 0x2f, 0xfd]);
const GZIP_MAGIC = Buffer.from([0x1f, 0x8b]);
const DEFAULT_ZSTD_LEVEL = 1;
const GZIP_LEVEL = 1;
/** The compression of an archive from its first bytes; undefined when it is neither. */
function sniffCompression(head) {
    const starts = (magic) => head.length >= magic.length && magic.every((byte, i) => head[i] === byte);
    if (starts(ZSTD_MAGIC))
        return 'zstd';
    if (starts(GZIP_MAGIC))
        return 'gzip';
    return undefined;
}
/**
 * Why a symlink must not be kept, or undefined when it stays inside the tree.
 * `depth` is how many directories below the top the link sits (0: in the top directory).
 */
function symlinkEscape(depth, target, windows) {
    const isAbsolute = windows ? external_node_path_default().win32.isAbsolute(target) : external_node_path_default().posix.isAbsolute(target);
    if (isAbsolute || (windows && /^[A-Za-z]:/.test(target)))
        return `symlink target ${JSON.stringify(target)} is absolute`;
    const parts = target.split(windows ? /[\\/]+/ : /\/+/).filter((p) => p !== '' && p !== '.');
    let ups = 0;
    let sawName = false;
    for (const part of parts) {
        if (part !== '..')
            sawName = true;
        else if (sawName)
            return `symlink target ${JSON.stringify(target)} has '..' after a name`;
        else
            ups += 1;
    }
    if (ups > depth)
        return `symlink target ${JSON.stringify(target)} points outside the directory`;
    return undefined;
}
/**
 * Packs the contents of `dir` into `file` (written beside it under a temporary name, renamed
 * at the end, so `file` is either the complete archive or untouched). Rejects with an
 * {@link ArchiveError} when `dir` is not a directory, holds a symlink pointing outside it or
 * a device, FIFO or socket, or when tar or the compressor fails (a file vanished or changed
 * while read, disk full, …).
 */
async function createArchive(dir, file, opts = {}) {
    const src = external_node_path_default().resolve(dir);
    const target = external_node_path_default().resolve(file);
    const info = await (0,promises_.stat)(src).catch((err) => {
        throw fault(`cannot archive ${src}`, err);
    });
    if (!info.isDirectory())
        throw new ArchiveError(`cannot archive ${src}: not a directory`);
    const env = tarEnv(opts.env);
    const tar = opts.tar ?? (0,extract_tar/* platformTar */.v1)(process.platform, env);
    const compression = chooseCompression(opts, env);
    const tmp = external_node_path_default().join(external_node_path_default().dirname(target), `.${external_node_path_default().basename(target)}.tmp-${(0,external_node_crypto_.randomBytes)(6).toString('hex')}`);
    const args = ['-c', '-C', src, ...createFlags(tar)];
    const zstd = `zstd -T0 -${opts.zstdLevel ?? DEFAULT_ZSTD_LEVEL}`;
    const child = spawnProgram(tar.command, compression === 'zstd'
        ? [...args, '-f', tmp, `--use-compress-program=${zstd}`, '.']
        : [...args, '-f', '-', '.'], compression === 'zstd' ? {} : { stdout: 'pipe' }, env);
    const written = compression === 'gzip' && child.process.stdout
        ? (0,external_node_stream_promises_.pipeline)(child.process.stdout, (0,external_node_zlib_.createGzip)({ level: GZIP_LEVEL, chunkSize: 256 * 1024 }), (0,external_node_fs_.createWriteStream)(tmp))
        : Promise.resolve();
    // The tree is checked while tar reads it, so the check costs no time.
    const inspected = inspectTree(src, (name, reason) => {
        throw new ArchiveError(`cannot archive ${src}: ${JSON.stringify(name)}: ${reason}`);
    });
    try {
        const [files] = await Promise.all([
            inspected,
            written,
            child.exit.then((exit) => {
                if (!exit.ok)
                    throw new ArchiveError(`packing ${src} failed: ${exit.message}`);
            }),
        ]);
        const bytes = (await (0,promises_.stat)(tmp)).size;
        await (0,promises_.rename)(tmp, target);
        return { bytes, files, compression };
    }
    catch (err) {
        child.process.kill('SIGKILL');
        // Let every part stop before the temporary file goes.
        await Promise.allSettled([child.exit, written, inspected]);
        await (0,promises_.rm)(tmp, { force: true });
        if (err instanceof ArchiveError)
            throw diskFullHint(err);
        throw fault(`packing ${src} into ${target} failed`, err);
    }
}
/**
 * Unpacks `file` into `dir`, which must be missing or an empty directory. All or nothing:
 * the tree appears at `dir` complete or not at all, and on any failure (corrupt or
 * truncated archive, disk full, refused member) `dir` is left as it was and the error says
 * what happened. Rejects with {@link UnsafeArchiveError} for a refused member and with
 * {@link ArchiveError} otherwise (`code` 'ENOENT' when `file` does not exist).
 *
 * The archive is opened once and tar reads that descriptor, so the file may be unlinked
 * meanwhile (another job evicting it) without harm.
 */
async function extractArchive(file, dir, opts = {}) {
    const dest = external_node_path_default().resolve(dir);
    await requireEmptyOrMissing(dest);
    const handle = await (0,promises_.open)(file, 'r').catch((err) => {
        throw fault(`cannot open archive ${file}`, err);
    });
    let tmp;
    try {
        const head = Buffer.alloc(4);
        const { bytesRead } = await handle.read(head, 0, head.length, 0);
        const compression = sniffCompression(head.subarray(0, bytesRead));
        if (compression === undefined)
            throw new ArchiveError(`${file} is not a cache archive (neither zstd nor gzip data)`);
        const env = tarEnv(opts.env);
        if (compression === 'zstd' && !hasZstd(env))
            throw new ArchiveError(`${file} is zstd-compressed, but no zstd program is on PATH: install zstd`);
        const bytes = (await handle.stat()).size;
        await (0,promises_.mkdir)(external_node_path_default().dirname(dest), { recursive: true });
        tmp = await (0,promises_.mkdtemp)(external_node_path_default().join(external_node_path_default().dirname(dest), `.${external_node_path_default().basename(dest)}.tmp-`));
        const tar = opts.tar ?? (0,extract_tar/* platformTar */.v1)(process.platform, env);
        const args = ['-x', '-f', '-', '-C', tmp, '--no-same-owner', '--no-same-permissions'];
        if (compression === 'zstd') {
            // zstd reads our descriptor (the positioned read above left its offset at 0) and
            // writes straight into tar: measured faster than tar running zstd itself, which adds
            // a process copying the archive into zstd.
            const zstd = spawnProgram('zstd', ['-d', '-c', '-q'], { stdin: handle.fd, stdout: 'pipe' }, env);
            const between = zstd.process.stdout;
            if (!between)
                throw new ArchiveError('could not open the output of zstd');
            const child = spawnProgram(tar.command, args, { stdin: between }, env);
            // Same tick as the spawns: Node has not read from the pipe, and now never will.
            between.destroy();
            const [unzstd, exit] = await Promise.all([zstd.exit, child.exit]);
            // zstd's broken pipe only echoes tar stopping; otherwise zstd's complaint comes first.
            const echo = /Broken pipe|SIGPIPE/i.test(unzstd.message);
            if (!unzstd.ok && !(echo && !exit.ok))
                throw brokenArchive(file, exit.ok ? unzstd.message : `${unzstd.message}; ${exit.message}`);
            if (!exit.ok)
                throw brokenArchive(file, exit.message);
            refuseStrippedNames(exit.stderr);
        }
        else {
            const child = spawnProgram(tar.command, args, { stdin: 'pipe' }, env);
            const stdin = child.process.stdin;
            if (!stdin)
                throw new ArchiveError(`could not open stdin of ${tar.command}`);
            const input = (0,external_node_fs_.createReadStream)('', { fd: handle.fd, start: 0, autoClose: false });
            // Gunzip reads to the end even when tar stops early, so the CRC is always checked.
            const fed = (0,external_node_stream_promises_.pipeline)(input, (0,external_node_zlib_.createGunzip)({ chunkSize: 256 * 1024 }), feed(stdin)).then(() => undefined, (err) => {
                child.process.kill('SIGKILL');
                return err;
            });
            const [exit, gunzipErr] = await Promise.all([child.exit, fed]);
            if (gunzipErr !== undefined) {
                const code = gunzipErr?.code;
                if (typeof code === 'string' && code.startsWith('Z_'))
                    throw new ArchiveError(`${file} is corrupt or truncated: gzip data: ${messageOf(gunzipErr)}`);
                throw fault(`reading ${file} failed`, gunzipErr);
            }
            if (!exit.ok)
                throw brokenArchive(file, exit.message);
            refuseStrippedNames(exit.stderr);
        }
        const files = await inspectTree(tmp, (name, reason) => {
            throw new errors/* UnsafeArchiveError */.td(name, reason);
        });
        await moveIntoPlace(tmp, dest);
        tmp = undefined;
        return { bytes, files, compression };
    }
    catch (err) {
        if (err instanceof ArchiveError || err instanceof errors/* UnsafeArchiveError */.td)
            throw diskFullHint(err);
        throw fault(`extracting ${file} into ${dest} failed`, err);
    }
    finally {
        await handle.close().catch(() => undefined);
        if (tmp !== undefined)
            await removeTree(tmp).catch(() => undefined);
    }
}
/**
 * Removes a tree, including read-only directories (whose entries cannot be unlinked until
 * the directory is writable again). A missing tree is not an error.
 */
async function removeTree(dir) {
    try {
        await (0,promises_.rm)(dir, { recursive: true, force: true });
        return;
    }
    catch (err) {
        const code = err.code;
        if (code !== 'EACCES' && code !== 'EPERM')
            throw err;
    }
    await makeDirectoriesWritable(dir);
    await (0,promises_.rm)(dir, { recursive: true, force: true });
}
async function makeDirectoriesWritable(dir) {
    const info = await (0,promises_.lstat)(dir).catch(() => undefined);
    if (!info?.isDirectory())
        return;
    await (0,promises_.chmod)(dir, (info.mode & 0o7777) | 0o700);
    const entries = await (0,promises_.readdir)(dir, { withFileTypes: true });
    for (const entry of entries)
        if (entry.isDirectory())
            await makeDirectoriesWritable(external_node_path_default().join(dir, entry.name));
}
// ---------------------------------------------------------------------------------------
/** GNU-only flags: members sorted by name, pax header names without the process id. */
function createFlags(tar) {
    const common = ['--numeric-owner'];
    if (tar.flavor === 'bsd')
        return [...common, '--format=pax'];
    return [...common, '--posix', '--sort=name', '--pax-option=exthdr.name=%d/PaxHeaders/%f'];
}
/**
 * tar runs in the C locale: its messages (checked below) are then in English, and pax
 * names are stored and restored byte for byte (GNU tar converts them to and from the
 * locale's character set otherwise, which differs between the saving and restoring job).
 */
function tarEnv(env) {
    return { ...(env ?? process.env), LC_ALL: 'C' };
}
function hasZstd(env) {
    const windows = process.platform === 'win32';
    const searchPath = env['PATH'] ?? env['Path'] ?? '';
    return (0,src_process/* which */.K)('zstd', searchPath, windows ? 'windows' : process.platform) !== undefined;
}
function chooseCompression(opts, env) {
    const wanted = opts.compression ?? 'auto';
    if (wanted === 'gzip')
        return 'gzip';
    if (hasZstd(env))
        return 'zstd';
    if (wanted === 'zstd')
        throw new ArchiveError('zstd compression asked for, but no zstd program is on PATH');
    return 'gzip';
}
function spawnProgram(command, args, stdio, env) {
    const child = (0,external_node_child_process_.spawn)(command, args, {
        stdio: [stdio.stdin ?? 'ignore', stdio.stdout ?? 'ignore', 'pipe'],
        env,
        windowsHide: true,
    });
    let stderr = '';
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (text) => {
        stderr = (stderr + text).slice(-16 * 1024); // the last lines say why tar stopped
    });
    const exit = new Promise((resolve) => {
        child.once('error', (error) => resolve({ ok: false, message: `could not run ${command}: ${error.message}`, stderr }));
        child.once('close', (code, signal) => {
            const how = code !== null ? `exit code ${code}` : `signal ${signal}`;
            const said = stderr.trim().split('\n').slice(-6).join('; ');
            resolve({
                ok: code === 0,
                message: `${command} ${how}: ${said || 'no message'}`,
                stderr,
            });
        });
    });
    return { process: child, exit };
}
/** GNU tar and bsdtar strip a leading `/` from names and links, and only warn. */
function refuseStrippedNames(stderr) {
    const line = stderr.split('\n').find((l) => /Removing leading/i.test(l));
    if (line)
        throw new errors/* UnsafeArchiveError */.td('(absolute name)', `absolute member name: ${line.trim()}`);
}
async function requireEmptyOrMissing(dest) {
    let info;
    try {
        info = await (0,promises_.lstat)(dest);
    }
    catch (err) {
        if (err.code === 'ENOENT')
            return;
        throw fault(`cannot restore into ${dest}`, err);
    }
    if (!info.isDirectory())
        throw new ArchiveError(`cannot restore into ${dest}: it exists and is not a directory`);
    const names = await (0,promises_.readdir)(dest);
    if (names.length > 0)
        throw new ArchiveError(`cannot restore into ${dest}: the directory is not empty (${names.length} entries); ` +
            'restore into an empty or missing directory', 'ENOTEMPTY');
}
/** Renames the finished tree onto `dest`, which is missing or an empty directory. */
async function moveIntoPlace(tmp, dest) {
    try {
        await (0,promises_.rename)(tmp, dest); // POSIX replaces an empty directory atomically
        return;
    }
    catch (err) {
        const code = err.code;
        if (code === 'ENOTEMPTY' || code === 'EEXIST')
            throw notEmptyAnyMore(dest);
        if (code !== 'EPERM' && code !== 'EACCES')
            throw err;
    }
    // Windows does not rename onto an existing directory: remove the empty one first.
    try {
        await (0,promises_.rmdir)(dest);
    }
    catch (err) {
        if (err.code === 'ENOTEMPTY')
            throw notEmptyAnyMore(dest);
        throw err;
    }
    await (0,promises_.rename)(tmp, dest);
}
function notEmptyAnyMore(dest) {
    return new ArchiveError(`cannot restore into ${dest}: something was written into it during the restore`, 'ENOTEMPTY');
}
/**
 * Walks a tree (without following symlinks), checks every member, and returns how many
 * are not directories. `refuse` throws.
 */
async function inspectTree(root, refuse) {
    const windows = process.platform === 'win32';
    let files = 0;
    const visit = async (rel, depth) => {
        const entries = await (0,promises_.readdir)(external_node_path_default().join(root, rel), { withFileTypes: true });
        const below = [];
        for (const entry of entries) {
            const name = rel === '' ? entry.name : `${rel}/${entry.name}`;
            if (entry.isDirectory()) {
                below.push(visit(name, depth + 1));
                continue;
            }
            files += 1;
            if (entry.isFile())
                continue;
            if (!entry.isSymbolicLink())
                refuse(name, 'not a regular file, directory or symlink');
            const reason = symlinkEscape(depth, await (0,promises_.readlink)(external_node_path_default().join(root, name)), windows);
            if (reason !== undefined)
                refuse(name, reason);
        }
        await Promise.all(below);
    };
    await visit('', 0);
    return files;
}
/**
 * A sink that writes into a child's stdin while the child reads it, and discards the rest
 * once the child has closed it (tar stops reading at its end-of-archive blocks).
 */
function feed(stdin) {
    let open = true;
    const closed = () => (open = false);
    stdin.on('error', closed);
    stdin.on('close', closed);
    return new external_node_stream_.Writable({
        highWaterMark: 4 * 1024 * 1024,
        write(chunk, _encoding, callback) {
            if (!open || stdin.write(chunk)) {
                callback();
                return;
            }
            const resume = () => {
                stdin.off('drain', resume);
                stdin.off('close', resume);
                callback();
            };
            stdin.on('drain', resume);
            stdin.on('close', resume);
        },
        final(callback) {
            if (open)
                stdin.end();
            callback();
        },
    });
}
function brokenArchive(file, what) {
    const damaged = /premature end|Unexpected EOF|corrupt|Decoding error|unsupported format|unexpected end|incorrect header|invalid|checksum/i;
    const verdict = damaged.test(what) ? 'is corrupt or truncated' : 'could not be unpacked';
    return new ArchiveError(`${file} ${verdict}: ${what}`);
}
function fault(context, err) {
    const code = err?.code;
    const message = messageOf(err);
    return diskFullHint(new ArchiveError(`${context}: ${message}`, typeof code === 'string' ? code : undefined, {
        cause: err,
    }));
}
/** An error's message; errors from another realm (jest's VM) fail `instanceof Error`. */
function messageOf(err) {
    const message = err?.message;
    return typeof message === 'string' ? message : String(err);
}
/** Disk-full failures arrive as tar or zstd messages; say so plainly. */
function diskFullHint(err) {
    if (/No space left on device|ENOSPC/.test(err.message) && !err.message.startsWith('disk full'))
        err.message = `disk full: ${err.message}`;
    return err;
}

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
            const result = await extractArchive(archive, request.dir, this.archive);
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
            const { bytes } = await createArchive(request.dir, archive, this.archive);
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
                await removeTree(tmp).catch(() => undefined);
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
            await removeTree(trash).catch((err) => this.logger.warning(`local cache: could not delete ${trash}: ${local_store_text(err)}`));
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
                await removeTree(full).catch(() => undefined);
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
