export const id = 924;
export const ids = [924];
export const modules = {

/***/ 1823:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   DG: () => (/* binding */ fault),
/* harmony export */   bD: () => (/* binding */ messageOf),
/* harmony export */   di: () => (/* binding */ ArchiveError),
/* harmony export */   oH: () => (/* binding */ diskFullHint)
/* harmony export */ });
/**
 * Errors of cache archives: what failed, the Node error code behind it, and a plain word when
 * the disk is full (tar and zstd bury it in their messages).
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


/***/ }),

/***/ 9924:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Hs: () => (/* binding */ sniffCompression),
/* harmony export */   Qh: () => (/* binding */ extractArchive),
/* harmony export */   tU: () => (/* binding */ createArchive)
/* harmony export */ });
/* unused harmony export symlinkEscape */
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1421);
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_child_process__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(1455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_3___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_3__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_4___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_4__);
/* harmony import */ var node_stream__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(7075);
/* harmony import */ var node_stream__WEBPACK_IMPORTED_MODULE_5___default = /*#__PURE__*/__webpack_require__.n(node_stream__WEBPACK_IMPORTED_MODULE_5__);
/* harmony import */ var node_stream_promises__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(6466);
/* harmony import */ var node_stream_promises__WEBPACK_IMPORTED_MODULE_6___default = /*#__PURE__*/__webpack_require__.n(node_stream_promises__WEBPACK_IMPORTED_MODULE_6__);
/* harmony import */ var node_zlib__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(8522);
/* harmony import */ var node_zlib__WEBPACK_IMPORTED_MODULE_7___default = /*#__PURE__*/__webpack_require__.n(node_zlib__WEBPACK_IMPORTED_MODULE_7__);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_8__ = __webpack_require__(3916);
/* harmony import */ var _archive_error_js__WEBPACK_IMPORTED_MODULE_9__ = __webpack_require__(1823);
/* harmony import */ var _place_tree_js__WEBPACK_IMPORTED_MODULE_10__ = __webpack_require__(766);
/* harmony import */ var _archive_extract_tar_js__WEBPACK_IMPORTED_MODULE_11__ = __webpack_require__(3848);
/* harmony import */ var _process_js__WEBPACK_IMPORTED_MODULE_12__ = __webpack_require__(4006);
/* harmony import */ var _archive_remove_tree_js__WEBPACK_IMPORTED_MODULE_13__ = __webpack_require__(185);
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
    const isAbsolute = windows ? node_path__WEBPACK_IMPORTED_MODULE_4___default().win32.isAbsolute(target) : node_path__WEBPACK_IMPORTED_MODULE_4___default().posix.isAbsolute(target);
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
    const src = node_path__WEBPACK_IMPORTED_MODULE_4___default().resolve(dir);
    const target = node_path__WEBPACK_IMPORTED_MODULE_4___default().resolve(file);
    const info = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_3__.stat)(src).catch((err) => {
        throw (0,_archive_error_js__WEBPACK_IMPORTED_MODULE_9__/* .fault */ .DG)(`cannot archive ${src}`, err);
    });
    if (!info.isDirectory())
        throw new _archive_error_js__WEBPACK_IMPORTED_MODULE_9__/* .ArchiveError */ .di(`cannot archive ${src}: not a directory`);
    const env = tarEnv(opts.env);
    const tar = opts.tar ?? (0,_archive_extract_tar_js__WEBPACK_IMPORTED_MODULE_11__/* .platformTar */ .v1)(process.platform, env);
    const compression = chooseCompression(opts, env);
    const tmp = node_path__WEBPACK_IMPORTED_MODULE_4___default().join(node_path__WEBPACK_IMPORTED_MODULE_4___default().dirname(target), `.${node_path__WEBPACK_IMPORTED_MODULE_4___default().basename(target)}.tmp-${(0,node_crypto__WEBPACK_IMPORTED_MODULE_1__.randomBytes)(6).toString('hex')}`);
    const args = ['-c', '-C', src, ...createFlags(tar)];
    const zstd = `zstd -T0 -${opts.zstdLevel ?? DEFAULT_ZSTD_LEVEL}`;
    const child = spawnProgram(tar.command, compression === 'zstd'
        ? [...args, '-f', tmp, `--use-compress-program=${zstd}`, '.']
        : [...args, '-f', '-', '.'], compression === 'zstd' ? {} : { stdout: 'pipe' }, env);
    const written = compression === 'gzip' && child.process.stdout
        ? (0,node_stream_promises__WEBPACK_IMPORTED_MODULE_6__.pipeline)(child.process.stdout, (0,node_zlib__WEBPACK_IMPORTED_MODULE_7__.createGzip)({ level: GZIP_LEVEL, chunkSize: 256 * 1024 }), (0,node_fs__WEBPACK_IMPORTED_MODULE_2__.createWriteStream)(tmp))
        : Promise.resolve();
    // The tree is checked while tar reads it, so the check costs no time.
    const inspected = inspectTree(src, (name, reason) => {
        throw new _archive_error_js__WEBPACK_IMPORTED_MODULE_9__/* .ArchiveError */ .di(`cannot archive ${src}: ${JSON.stringify(name)}: ${reason}`);
    });
    try {
        const [files] = await Promise.all([
            inspected,
            written,
            child.exit.then((exit) => {
                if (!exit.ok)
                    throw new _archive_error_js__WEBPACK_IMPORTED_MODULE_9__/* .ArchiveError */ .di(`packing ${src} failed: ${exit.message}`);
            }),
        ]);
        const bytes = (await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_3__.stat)(tmp)).size;
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_3__.rename)(tmp, target);
        return { bytes, files, compression };
    }
    catch (err) {
        child.process.kill('SIGKILL');
        // Let every part stop before the temporary file goes.
        await Promise.allSettled([child.exit, written, inspected]);
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_3__.rm)(tmp, { force: true });
        if (err instanceof _archive_error_js__WEBPACK_IMPORTED_MODULE_9__/* .ArchiveError */ .di)
            throw (0,_archive_error_js__WEBPACK_IMPORTED_MODULE_9__/* .diskFullHint */ .oH)(err);
        throw (0,_archive_error_js__WEBPACK_IMPORTED_MODULE_9__/* .fault */ .DG)(`packing ${src} into ${target} failed`, err);
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
    const dest = node_path__WEBPACK_IMPORTED_MODULE_4___default().resolve(dir);
    await (0,_place_tree_js__WEBPACK_IMPORTED_MODULE_10__/* .requireEmptyOrMissing */ .U)(dest);
    const handle = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_3__.open)(file, 'r').catch((err) => {
        throw (0,_archive_error_js__WEBPACK_IMPORTED_MODULE_9__/* .fault */ .DG)(`cannot open archive ${file}`, err);
    });
    let tmp;
    try {
        const head = Buffer.alloc(4);
        const { bytesRead } = await handle.read(head, 0, head.length, 0);
        const compression = sniffCompression(head.subarray(0, bytesRead));
        if (compression === undefined)
            throw new _archive_error_js__WEBPACK_IMPORTED_MODULE_9__/* .ArchiveError */ .di(`${file} is not a cache archive (neither zstd nor gzip data)`);
        const env = tarEnv(opts.env);
        if (compression === 'zstd' && !hasZstd(env))
            throw new _archive_error_js__WEBPACK_IMPORTED_MODULE_9__/* .ArchiveError */ .di(`${file} is zstd-compressed, but no zstd program is on PATH: install zstd`);
        const bytes = (await handle.stat()).size;
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_3__.mkdir)(node_path__WEBPACK_IMPORTED_MODULE_4___default().dirname(dest), { recursive: true });
        tmp = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_3__.mkdtemp)(node_path__WEBPACK_IMPORTED_MODULE_4___default().join(node_path__WEBPACK_IMPORTED_MODULE_4___default().dirname(dest), `.${node_path__WEBPACK_IMPORTED_MODULE_4___default().basename(dest)}.tmp-`));
        const tar = opts.tar ?? (0,_archive_extract_tar_js__WEBPACK_IMPORTED_MODULE_11__/* .platformTar */ .v1)(process.platform, env);
        const args = ['-x', '-f', '-', '-C', tmp, '--no-same-owner', '--no-same-permissions'];
        if (compression === 'zstd') {
            // zstd reads our descriptor (the positioned read above left its offset at 0) and
            // writes straight into tar: measured faster than tar running zstd itself, which adds
            // a process copying the archive into zstd.
            const zstd = spawnProgram('zstd', ['-d', '-c', '-q'], { stdin: handle.fd, stdout: 'pipe' }, env);
            const between = zstd.process.stdout;
            if (!between)
                throw new _archive_error_js__WEBPACK_IMPORTED_MODULE_9__/* .ArchiveError */ .di('could not open the output of zstd');
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
                throw new _archive_error_js__WEBPACK_IMPORTED_MODULE_9__/* .ArchiveError */ .di(`could not open stdin of ${tar.command}`);
            const input = (0,node_fs__WEBPACK_IMPORTED_MODULE_2__.createReadStream)('', { fd: handle.fd, start: 0, autoClose: false });
            // Gunzip reads to the end even when tar stops early, so the CRC is always checked.
            const fed = (0,node_stream_promises__WEBPACK_IMPORTED_MODULE_6__.pipeline)(input, (0,node_zlib__WEBPACK_IMPORTED_MODULE_7__.createGunzip)({ chunkSize: 256 * 1024 }), feed(stdin)).then(() => undefined, (err) => {
                child.process.kill('SIGKILL');
                return err;
            });
            const [exit, gunzipErr] = await Promise.all([child.exit, fed]);
            if (gunzipErr !== undefined) {
                const code = gunzipErr?.code;
                if (typeof code === 'string' && code.startsWith('Z_'))
                    throw new _archive_error_js__WEBPACK_IMPORTED_MODULE_9__/* .ArchiveError */ .di(`${file} is corrupt or truncated: gzip data: ${(0,_archive_error_js__WEBPACK_IMPORTED_MODULE_9__/* .messageOf */ .bD)(gunzipErr)}`);
                throw (0,_archive_error_js__WEBPACK_IMPORTED_MODULE_9__/* .fault */ .DG)(`reading ${file} failed`, gunzipErr);
            }
            if (!exit.ok)
                throw brokenArchive(file, exit.message);
            refuseStrippedNames(exit.stderr);
        }
        const files = await inspectTree(tmp, (name, reason) => {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_8__/* .UnsafeArchiveError */ .td(name, reason);
        });
        await (0,_place_tree_js__WEBPACK_IMPORTED_MODULE_10__/* .moveIntoPlace */ .h)(tmp, dest);
        tmp = undefined;
        return { bytes, files, compression };
    }
    catch (err) {
        if (err instanceof _archive_error_js__WEBPACK_IMPORTED_MODULE_9__/* .ArchiveError */ .di || err instanceof _errors_js__WEBPACK_IMPORTED_MODULE_8__/* .UnsafeArchiveError */ .td)
            throw (0,_archive_error_js__WEBPACK_IMPORTED_MODULE_9__/* .diskFullHint */ .oH)(err);
        throw (0,_archive_error_js__WEBPACK_IMPORTED_MODULE_9__/* .fault */ .DG)(`extracting ${file} into ${dest} failed`, err);
    }
    finally {
        await handle.close().catch(() => undefined);
        if (tmp !== undefined)
            await (0,_archive_remove_tree_js__WEBPACK_IMPORTED_MODULE_13__/* .removeTree */ .d)(tmp).catch(() => undefined);
    }
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
    return (0,_process_js__WEBPACK_IMPORTED_MODULE_12__/* .which */ .K)('zstd', searchPath, windows ? 'windows' : process.platform) !== undefined;
}
function chooseCompression(opts, env) {
    const wanted = opts.compression ?? 'auto';
    if (wanted === 'gzip')
        return 'gzip';
    if (hasZstd(env))
        return 'zstd';
    if (wanted === 'zstd')
        throw new _archive_error_js__WEBPACK_IMPORTED_MODULE_9__/* .ArchiveError */ .di('zstd compression asked for, but no zstd program is on PATH');
    return 'gzip';
}
function spawnProgram(command, args, stdio, env) {
    const child = (0,node_child_process__WEBPACK_IMPORTED_MODULE_0__.spawn)(command, args, {
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
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_8__/* .UnsafeArchiveError */ .td('(absolute name)', `absolute member name: ${line.trim()}`);
}
/**
 * Walks a tree (without following symlinks), checks every member, and returns how many
 * are not directories. `refuse` throws.
 */
async function inspectTree(root, refuse) {
    const windows = process.platform === 'win32';
    let files = 0;
    const visit = async (rel, depth) => {
        const entries = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_3__.readdir)(node_path__WEBPACK_IMPORTED_MODULE_4___default().join(root, rel), { withFileTypes: true });
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
            const reason = symlinkEscape(depth, await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_3__.readlink)(node_path__WEBPACK_IMPORTED_MODULE_4___default().join(root, name)), windows);
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
    return new node_stream__WEBPACK_IMPORTED_MODULE_5__.Writable({
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
    return new _archive_error_js__WEBPACK_IMPORTED_MODULE_9__/* .ArchiveError */ .di(`${file} ${verdict}: ${what}`);
}


/***/ }),

/***/ 766:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   U: () => (/* binding */ requireEmptyOrMissing),
/* harmony export */   h: () => (/* binding */ moveIntoPlace)
/* harmony export */ });
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _archive_error_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1823);
/**
 * Putting a restored tree in place: only into a missing or empty directory, and only by a
 * rename, so a reader never sees half a tree and nothing written meanwhile is overwritten.
 */


/** Rejects unless `dest` is missing or an empty directory. */
async function requireEmptyOrMissing(dest) {
    let info;
    try {
        info = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.lstat)(dest);
    }
    catch (err) {
        if (err.code === 'ENOENT')
            return;
        throw (0,_archive_error_js__WEBPACK_IMPORTED_MODULE_1__/* .fault */ .DG)(`cannot restore into ${dest}`, err);
    }
    if (!info.isDirectory())
        throw new _archive_error_js__WEBPACK_IMPORTED_MODULE_1__/* .ArchiveError */ .di(`cannot restore into ${dest}: it exists and is not a directory`);
    const names = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.readdir)(dest);
    if (names.length > 0)
        throw new _archive_error_js__WEBPACK_IMPORTED_MODULE_1__/* .ArchiveError */ .di(`cannot restore into ${dest}: the directory is not empty (${names.length} entries); ` +
            'restore into an empty or missing directory', 'ENOTEMPTY');
}
/** Renames the finished tree onto `dest`, which is missing or an empty directory. */
async function moveIntoPlace(tmp, dest) {
    try {
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.rename)(tmp, dest); // POSIX replaces an empty directory atomically
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
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.rmdir)(dest);
    }
    catch (err) {
        if (err.code === 'ENOTEMPTY')
            throw notEmptyAnyMore(dest);
        throw err;
    }
    await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.rename)(tmp, dest);
}
function notEmptyAnyMore(dest) {
    return new _archive_error_js__WEBPACK_IMPORTED_MODULE_1__/* .ArchiveError */ .di(`cannot restore into ${dest}: something was written into it during the restore`, 'ENOTEMPTY');
}


/***/ })

};
