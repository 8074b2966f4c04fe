export const id = 474;
export const ids = [474];
export const modules = {

/***/ 5624:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  w: () => (/* binding */ extractZipBytes)
});

// UNUSED EXPORTS: extractZip

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
// EXTERNAL MODULE: external "node:stream/promises"
var external_node_stream_promises_ = __webpack_require__(6466);
// EXTERNAL MODULE: external "node:zlib"
var external_node_zlib_ = __webpack_require__(8522);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(2174);
// EXTERNAL MODULE: ./src/archive/archive-policy.ts
var archive_policy = __webpack_require__(7389);
// EXTERNAL MODULE: ./src/archive/extract-result.ts
var extract_result = __webpack_require__(6543);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
// EXTERNAL MODULE: external "node:worker_threads"
var external_node_worker_threads_ = __webpack_require__(5919);
;// CONCATENATED MODULE: ./src/archive/zip-file-writer.ts
/**
 * Inflates, hashes and writes many small zip entries from a zip held in memory, on two
 * threads. A toolchain zip is ~10k files; unpacking it is CPU (inflate, SHA-256) plus one
 * open/write/close per file, and Node's thread-pool file API costs more per file than the
 * work itself (measured 3.7 s against 2.3 s, go1.22.5 on tmpfs). So the work is done with
 * synchronous calls, split between this thread and one worker thread that shares the zip's
 * memory: about half the wall time on a runner's two or more cores.
 *
 * The extractor has already put every entry through the archive policy, found its data and
 * created its directory; a job here only says which bytes become which file.
 */


/** Below this many files a second thread costs more to start than it saves. */
const WORKER_MIN_FILES = 512;
/**
 * Runs every job and returns the SHA-256 of each (null where not asked), or the first
 * failure. Uses a worker thread for part of the jobs when the zip lives in shared memory,
 * there are enough jobs, and the machine has a second core.
 */
async function writeZipFiles(zip, jobs) {
    const shared = zip.buffer instanceof SharedArrayBuffer;
    if (!shared || jobs.length < WORKER_MIN_FILES || (0,external_node_os_.availableParallelism)() < 2) {
        return writeFilesSync(zip, jobs);
    }
    const [mine, theirs] = splitByBytes(jobs);
    const worker = startWorker(zip, theirs.map((i) => jobs[i]));
    const local = writeFilesSync(zip, mine.map((i) => jobs[i]));
    if (!local.ok) {
        // Stop the worker before the caller removes the directory it is writing into.
        await worker.stop();
        return { ...local, index: mine[local.index] };
    }
    const remote = await worker.result;
    if (!remote.ok)
        return { ...remote, index: theirs[remote.index] };
    const sha256 = new Array(jobs.length);
    mine.forEach((job, i) => (sha256[job] = local.sha256[i]));
    theirs.forEach((job, i) => (sha256[job] = remote.sha256[i]));
    return { ok: true, sha256 };
}
/** Splits job indexes in two halves of about equal compressed bytes. */
function splitByBytes(jobs) {
    const halves = [[], []];
    const bytes = [0, 0];
    jobs.forEach((job, i) => {
        const side = bytes[0] <= bytes[1] ? 0 : 1;
        halves[side].push(i);
        bytes[side] += job.end - job.start + 512; // + a per-file cost for the open and close
    });
    return halves;
}
function startWorker(zip, jobs) {
    // An eval'd worker: the same function, no separate file to find next to a bundle.
    const source = `const { parentPort, workerData } = process.getBuiltinModule('node:worker_threads');\n` +
        `const writeFilesSync = ${writeFilesSync.toString()};\n` +
        `parentPort.postMessage(writeFilesSync(Buffer.from(workerData.zip, workerData.offset, workerData.length), workerData.jobs));\n`;
    const worker = new external_node_worker_threads_.Worker(source, {
        eval: true,
        workerData: { zip: zip.buffer, offset: zip.byteOffset, length: zip.length, jobs },
    });
    const result = new Promise((resolve, reject) => {
        worker.once('message', (outcome) => resolve(outcome));
        worker.once('error', reject);
        worker.once('exit', (code) => reject(new Error(`the zip writer thread exited (code ${code}) before it finished`)));
    });
    const settled = result.finally(() => void worker.terminate());
    // Not awaited when this thread failed first and stopped the worker: never unhandled.
    settled.catch(() => undefined);
    return {
        result: settled,
        stop: async () => void (await worker.terminate()),
    };
}
/**
 * The work of one thread. It is sent to the worker as source text, so it must stand alone:
 * no imports, no outer names, only Node built-ins fetched here.
 */
function writeFilesSync(zip, jobs) {
    const zlib = process.getBuiltinModule('node:zlib');
    const fs = process.getBuiltinModule('node:fs');
    const crypto = process.getBuiltinModule('node:crypto');
    const sha256 = [];
    for (let index = 0; index < jobs.length; index++) {
        const job = jobs[index];
        const stored = zip.subarray(job.start, job.end);
        let bytes;
        if (job.method === 0) {
            bytes = stored;
        }
        else {
            try {
                bytes = zlib.inflateRawSync(stored, { maxOutputLength: Math.max(job.size, 1) });
            }
            catch (err) {
                const tooLarge = err.code === 'ERR_BUFFER_TOO_LARGE';
                return {
                    ok: false,
                    index,
                    kind: tooLarge ? 'larger-than-declared' : 'corrupt',
                    message: err.message,
                };
            }
        }
        if (bytes.length !== job.size) {
            return { ok: false, index, kind: 'size-mismatch', message: `got ${bytes.length} bytes` };
        }
        try {
            fs.writeFileSync(job.path, bytes, { flag: 'wx', mode: job.mode });
        }
        catch (err) {
            return { ok: false, index, kind: 'io', message: err.message };
        }
        sha256.push(job.hash ? crypto.createHash('sha256').update(bytes).digest('hex') : null);
    }
    return { ok: true, sha256 };
}

// EXTERNAL MODULE: ../main/node_modules/yauzl/index.js
var yauzl = __webpack_require__(4695);
;// CONCATENATED MODULE: ./src/archive/zip-open.ts
/**
 * Opening a zip with yauzl and reading it entry by entry, as promises. A zip comes from
 * memory (the bytes a download hashed, see hashed-bytes.ts) or from a file; a file small
 * enough is read into shared memory first (see extract-zip.ts).
 */


const OPTIONS = {
    lazyEntries: true,
    autoClose: false,
    decodeStrings: false,
    validateEntrySizes: true,
    strictFileNames: true,
};
/**
 * Opens a zip; `bytes` holds it when it is in memory (given, or a file up to `inMemoryMax`
 * read whole).
 */
async function openZip(source, inMemoryMax) {
    let bytes;
    if ('bytes' in source)
        bytes = source.bytes;
    else {
        const size = (await (0,promises_.stat)(source.path)).size;
        if (size <= inMemoryMax)
            bytes = await readShared(source.path, size);
    }
    return new Promise((resolve, reject) => {
        const done = (err, zip) => err ? reject(describeZipError(source.label, err)) : resolve({ zip, bytes });
        if (bytes)
            yauzl.fromBuffer(bytes, OPTIONS, done);
        else
            yauzl.open(source.path, OPTIONS, done);
    });
}
/** Reads a file into shared memory, so a worker thread can read the same bytes. */
async function readShared(file, size) {
    const bytes = Buffer.from(new SharedArrayBuffer(size));
    const handle = await (0,promises_.open)(file, 'r');
    try {
        let at = 0;
        while (at < size) {
            const { bytesRead } = await handle.read(bytes, at, size - at, at);
            if (bytesRead === 0)
                throw new Error(`${file} shrank while it was read`);
            at += bytesRead;
        }
    }
    finally {
        await handle.close();
    }
    return bytes;
}
/** The next entry of a lazyEntries zip, or undefined at the end. */
function nextEntry(zip, zipPath) {
    return new Promise((resolve, reject) => {
        const cleanup = () => {
            zip.off('entry', onEntry);
            zip.off('end', onEnd);
            zip.off('error', onError);
        };
        const onEntry = (entry) => {
            cleanup();
            resolve(entry);
        };
        const onEnd = () => {
            cleanup();
            resolve(undefined);
        };
        const onError = (err) => {
            cleanup();
            reject(describeZipError(zipPath, err));
        };
        zip.on('entry', onEntry);
        zip.on('end', onEnd);
        zip.on('error', onError);
        zip.readEntry();
    });
}
function openEntry(zip, entry, options = {}) {
    return new Promise((resolve, reject) => {
        zip.openReadStream(entry, options, (err, stream) => err ? reject(describeZipError(entry.fileNameRaw.toString('latin1'), err)) : resolve(stream));
    });
}
function describeZipError(what, err) {
    return new Error(`corrupt zip (${what}): ${err.message}`, { cause: err });
}

;// CONCATENATED MODULE: ./src/archive/extract-zip.ts
/**
 * Hostile-input-safe extraction of a .zip (go.dev Windows archives, module-proxy toolchain
 * zips, golangci-lint Windows archives) with yauzl, written from Node.
 *
 * Every entry goes through the {@link ArchivePolicy} before anything is written. Sizes are
 * bounded twice: the declared (central directory) sizes are checked against the limits
 * before reading, and yauzl's `validateEntrySizes` fails an entry whose data inflates to
 * more (or fewer) bytes than declared, so a zip bomb cannot lie its way past the limits.
 * Names are decoded here, not by yauzl: UTF-8 when the entry's UTF-8 flag is set, plain
 * ASCII otherwise (any other byte is refused rather than guessed as CP437); the Info-ZIP
 * unicode-path extra field is ignored, so one name is checked and the same name written.
 *
 * Files are created with O_EXCL (never through or over an existing path) and mode 0o644,
 * or 0o755 when the stored unix mode has an x bit or `isExecutable` says so (module zips
 * store no modes); the umask applies, as it does for tar. Modification times are not
 * restored. On failure the destination is left partly filled: extract into a fresh
 * temporary directory and remove it on error.
 */











/** Files written at the same time when entries are streamed from a zip on disk. */
const PARALLEL_WRITES = 8;
/**
 * Zips up to this size are read into memory first (a toolchain zip is ~75 MB): thousands
 * of small positioned reads through the thread pool cost more than one sequential read.
 */
const IN_MEMORY_ZIP = 512 * 1024 * 1024;
/**
 * From an in-memory zip, entries up to this size are collected and written in one batch by
 * writeZipFiles (synchronous writes on two threads, see there).
 */
const SYNC_FILE = 64 * 1024 * 1024;
/** From a zip on disk, entries up to this size are read whole and inflated in one call. */
const SMALL_FILE = 1024 * 1024;
/** A symlink entry's data is its target; PATH_MAX is 4096 on Linux. */
const MAX_SYMLINK_TARGET = 4096;
/**
 * Extracts `zipPath` into `destDir` (created if missing; must be empty). Rejects with
 * UnsafeArchiveError for a refused entry and with an Error for a corrupt zip. For a zip
 * whose hash was checked, use {@link extractZipBytes}: a file can change after its hash.
 */
async function extractZip(zipPath, destDir, options = {}) {
    return extractFrom({ label: zipPath, path: zipPath }, destDir, options);
}
/**
 * Extracts the zip in `bytes` (a download hashed in memory, see readHashed) into `destDir`,
 * as {@link extractZip} does: the bytes unpacked are the bytes that were hashed. A Buffer
 * in a SharedArrayBuffer lets a second thread write files; any Buffer works. `label` names
 * the zip in errors.
 */
async function extractZipBytes(bytes, destDir, options = {}, label = 'zip') {
    return extractFrom({ label, bytes }, destDir, options);
}
async function extractFrom(source, destDir, options) {
    const zipPath = source.label;
    const dest = external_node_path_default().resolve(destDir);
    await (0,promises_.mkdir)(dest, { recursive: true });
    if ((await (0,promises_.readdir)(dest)).length > 0)
        throw new Error(`extraction directory ${dest} is not empty`);
    options.signal?.throwIfAborted();
    const policy = new archive_policy/* ArchivePolicy */.t$(options);
    const tally = new extract_result/* ResultTally */.K(options);
    const { zip, bytes: zipBytes } = await openZip(source, IN_MEMORY_ZIP);
    const writer = new DirectoryWriter(dest);
    const batch = [];
    const inFlight = new Set();
    let writeError;
    const track = (work) => {
        const done = work.then(() => void inFlight.delete(done), (err) => {
            inFlight.delete(done);
            writeError ??= err;
        });
        inFlight.add(done);
    };
    try {
        if (zip.entryCount > policy.limits.maxEntries) {
            throw new errors/* UnsafeArchiveError */.td(zipPath, `zip has ${zip.entryCount} entries, more than ${policy.limits.maxEntries}`);
        }
        for (let entry = await nextEntry(zip, zipPath); entry; entry = await nextEntry(zip, zipPath)) {
            options.signal?.throwIfAborted();
            if (writeError !== undefined)
                throw writeError;
            const header = describeEntry(entry);
            if (header.type === 'symlink') {
                header.linkTarget = await readSymlinkTarget(zip, entry, header.name);
                header.size = 0;
            }
            const member = policy.admit(header);
            if (!member) {
                tally.skipped();
                continue;
            }
            if (member.type === 'directory') {
                await writer.directory(member.name);
                tally.linkOrDirectory(member);
            }
            else if (member.type === 'symlink') {
                await writer.symlink(member);
                tally.linkOrDirectory(member);
            }
            else {
                const hashing = tally.shouldHash(member);
                if (zipBytes && member.size <= SYNC_FILE) {
                    // Written below, all at once; the data's place is checked now.
                    const data = storedData(zipBytes, entry, member);
                    writer.parentSync(member.name);
                    batch.push({ member, job: writer.job(member, entry, data, hashing) });
                    continue;
                }
                while (inFlight.size >= PARALLEL_WRITES)
                    await Promise.race(inFlight);
                const work = member.size <= SMALL_FILE
                    ? readSmallEntry(zip, entry, member).then((bytes) => writer.smallFile(member, bytes, hashing))
                    : openEntry(zip, entry).then((data) => writer.file(member, data, hashing));
                track(work.then((sha256) => tally.file(member, member.size, sha256)));
            }
        }
        await Promise.all(inFlight);
        if (writeError !== undefined)
            throw writeError;
        if (zipBytes && batch.length > 0)
            await writeBatch(zipBytes, batch, tally);
        return tally.result;
    }
    catch (err) {
        await Promise.all(inFlight);
        throw err;
    }
    finally {
        zip.close();
    }
}
/** Turns a central-directory record into a member header for the policy. */
function describeEntry(entry) {
    const name = decodeName(entry);
    if ((entry.generalPurposeBitFlag & 0x1) !== 0)
        throw new errors/* UnsafeArchiveError */.td(name, 'encrypted entries are not supported');
    if (entry.compressionMethod !== 0 && entry.compressionMethod !== 8) {
        throw new errors/* UnsafeArchiveError */.td(name, `unsupported compression method ${entry.compressionMethod}`);
    }
    const header = { name, type: 'file', size: entry.uncompressedSize };
    const slash = name.endsWith('/');
    // High byte of "version made by": 3 = Unix, 19 = OS X; their high 16 attribute bits are st_mode.
    const host = entry.versionMadeBy >> 8;
    const unixMode = host === 3 || host === 19 ? entry.externalFileAttributes >>> 16 : 0;
    if (unixMode !== 0) {
        header.mode = unixMode & 0o7777;
        const kind = UNIX_TYPES.get(unixMode & 0o170000);
        if (kind === undefined)
            throw new errors/* UnsafeArchiveError */.td(name, `unknown unix file type ${(unixMode & 0o170000).toString(8)}`);
        header.type = kind === 'file' && slash ? 'directory' : kind;
        if (slash && header.type !== 'directory') {
            throw new errors/* UnsafeArchiveError */.td(name, `name ends with '/' but the entry is a ${header.type}`);
        }
    }
    else if (slash || (entry.externalFileAttributes & 0x10) !== 0) {
        // MS-DOS attribute 0x10: directory.
        header.type = 'directory';
    }
    return header;
}
const UNIX_TYPES = new Map([
    [0, 'file'],
    [0o100000, 'file'],
    [0o040000, 'directory'],
    [0o120000, 'symlink'],
    [0o020000, 'character-device'],
    [0o060000, 'block-device'],
    [0o010000, 'fifo'],
    [0o140000, 'socket'],
]);
function decodeName(entry) {
    const raw = entry.fileNameRaw;
    const utf8Flag = (entry.generalPurposeBitFlag & 0x800) !== 0;
    if (!utf8Flag && raw.some((b) => b >= 0x80)) {
        throw new errors/* UnsafeArchiveError */.td(raw.toString('latin1'), 'non-ASCII name without the UTF-8 flag (legacy code page)');
    }
    try {
        return new TextDecoder('utf-8', { fatal: true }).decode(raw);
    }
    catch {
        throw new errors/* UnsafeArchiveError */.td(raw.toString('latin1'), 'name is not valid UTF-8');
    }
}
async function readSymlinkTarget(zip, entry, name) {
    if (entry.uncompressedSize > MAX_SYMLINK_TARGET) {
        throw new errors/* UnsafeArchiveError */.td(name, `symlink target of ${entry.uncompressedSize} bytes`);
    }
    const chunks = [];
    for await (const chunk of await openEntry(zip, entry))
        chunks.push(chunk);
    try {
        return new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks));
    }
    catch {
        throw new errors/* UnsafeArchiveError */.td(name, 'symlink target is not valid UTF-8');
    }
}
/** Writes the batched files (on two threads when worthwhile) and records them. */
async function writeBatch(zipBytes, batch, tally) {
    const outcome = await writeZipFiles(
    // Offsets in the jobs are relative to the zip's memory, wherever the Buffer starts in it.
    Buffer.from(zipBytes.buffer, 0, zipBytes.byteOffset + zipBytes.length), batch.map((b) => b.job));
    if (!outcome.ok) {
        const { member } = batch[outcome.index];
        switch (outcome.kind) {
            case 'larger-than-declared':
                throw new errors/* UnsafeArchiveError */.td(member.archiveName, `data inflates to more than the declared size ${member.size}`);
            case 'size-mismatch':
                throw new errors/* UnsafeArchiveError */.td(member.archiveName, `data does not match the declared size ${member.size}: ${outcome.message}`);
            case 'corrupt':
                throw new Error(`corrupt zip entry ${JSON.stringify(member.archiveName)}: ${outcome.message}`);
            case 'io':
                throw new Error(`cannot write ${JSON.stringify(member.name)}: ${outcome.message}`);
        }
    }
    batch.forEach(({ member }, i) => tally.file(member, member.size, outcome.sha256[i] ?? undefined));
}
/** Reads a small entry's stored (compressed) bytes through yauzl and inflates them. */
async function readSmallEntry(zip, entry, member) {
    const chunks = [];
    for await (const chunk of await openEntry(zip, entry, { decodeFileData: false }))
        chunks.push(chunk);
    return inflateEntry(member, entry, Buffer.concat(chunks));
}
/**
 * An entry's stored bytes in an in-memory zip, found through its local file header the way
 * yauzl's openReadStream finds them (the header's own name and sizes are not trusted: the
 * central directory's were the ones the policy checked).
 */
function storedData(zipBytes, entry, member) {
    const at = entry.relativeOffsetOfLocalHeader;
    const corrupt = (why) => new Error(`corrupt zip entry ${JSON.stringify(member.archiveName)}: ${why}`);
    if (at + 30 > zipBytes.length || zipBytes.readUInt32LE(at) !== 0x04034b50) {
        throw corrupt(`no local file header at offset ${at}`);
    }
    const start = at + 30 + zipBytes.readUInt16LE(at + 26) + zipBytes.readUInt16LE(at + 28);
    const end = start + entry.compressedSize;
    if (end > zipBytes.length)
        throw corrupt('data runs past the end of the zip');
    return zipBytes.subarray(start, end);
}
/**
 * Inflates an entry's stored bytes. Bounded like yauzl's validateEntrySizes: inflating stops
 * past the declared size, and any other length is refused.
 */
function inflateEntry(member, entry, raw) {
    let bytes;
    if (entry.compressionMethod === 0) {
        bytes = raw;
    }
    else {
        try {
            bytes = (0,external_node_zlib_.inflateRawSync)(raw, { maxOutputLength: Math.max(member.size, 1) });
        }
        catch (err) {
            if (err.code === 'ERR_BUFFER_TOO_LARGE') {
                throw new errors/* UnsafeArchiveError */.td(member.archiveName, `data inflates to more than the declared size ${member.size}`);
            }
            throw new Error(`corrupt zip entry ${JSON.stringify(member.archiveName)}: ${err.message}`, { cause: err });
        }
    }
    if (bytes.length !== member.size) {
        throw new errors/* UnsafeArchiveError */.td(member.archiveName, `data does not match the declared size ${member.size}: got ${bytes.length} bytes`);
    }
    return bytes;
}
/** Writes admitted members under one root, creating parent directories once. */
class DirectoryWriter {
    root;
    made = new Set(['']);
    constructor(root) {
        this.root = root;
    }
    async directory(name) {
        if (this.made.has(name))
            return;
        await (0,promises_.mkdir)(this.full(name), { recursive: true, mode: 0o755 });
        this.made.add(name);
    }
    async symlink(member) {
        await this.parent(member.name);
        await (0,promises_.symlink)(member.linkTarget ?? '', this.full(member.name));
    }
    /** Creates a member's parent directory now (the batch writer only creates files). */
    parentSync(name) {
        const slash = name.lastIndexOf('/');
        const parent = slash < 0 ? '' : name.slice(0, slash);
        if (this.made.has(parent))
            return;
        (0,external_node_fs_.mkdirSync)(this.full(parent), { recursive: true, mode: 0o755 });
        this.made.add(parent);
    }
    /** The batch job that writes `member` from its stored bytes `data` (a view into the zip). */
    job(member, entry, data, hashing) {
        return {
            path: this.full(member.name),
            start: data.byteOffset,
            end: data.byteOffset + data.length,
            method: entry.compressionMethod === 0 ? 0 : 8,
            size: member.size,
            mode: member.executable ? 0o755 : 0o644,
            hash: hashing,
        };
    }
    /** Writes a file already in memory; returns its SHA-256 when hashing. */
    async smallFile(member, bytes, hashing) {
        await this.parent(member.name);
        await (0,promises_.writeFile)(this.full(member.name), bytes, {
            flag: 'wx',
            mode: member.executable ? 0o755 : 0o644,
        });
        return hashing ? (0,external_node_crypto_.createHash)('sha256').update(bytes).digest('hex') : undefined;
    }
    /** Streams the file to disk and returns the SHA-256 of its bytes when hashing. */
    async file(member, data, hashing) {
        await this.parent(member.name);
        const out = (0,external_node_fs_.createWriteStream)(this.full(member.name), {
            flags: 'wx',
            mode: member.executable ? 0o755 : 0o644,
        });
        let dataError;
        data.once('error', (err) => (dataError = err));
        const hash = hashing ? (0,external_node_crypto_.createHash)('sha256') : undefined;
        try {
            if (!hash) {
                await (0,external_node_stream_promises_.pipeline)(data, out);
                return undefined;
            }
            await (0,external_node_stream_promises_.pipeline)(data, async function* (source) {
                for await (const chunk of source) {
                    hash.update(chunk);
                    yield chunk;
                }
            }, out);
            return hash.digest('hex');
        }
        catch (err) {
            if (err !== dataError)
                throw err;
            const message = err.message;
            // yauzl's validateEntrySizes: the data inflates to other than the declared size.
            if (/bytes in the stream/.test(message)) {
                throw new errors/* UnsafeArchiveError */.td(member.archiveName, `data does not match the declared size ${member.size}: ${message}`);
            }
            throw new Error(`corrupt zip entry ${JSON.stringify(member.archiveName)}: ${message}`, {
                cause: err,
            });
        }
    }
    async parent(name) {
        const slash = name.lastIndexOf('/');
        await this.directory(slash < 0 ? '' : name.slice(0, slash));
    }
    full(name) {
        return external_node_path_default().join(this.root, ...name.split('/'));
    }
}


/***/ }),

/***/ 1413:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   S: () => (/* binding */ readHashed)
/* harmony export */ });
/* unused harmony export sharedCopy */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/**
 * A download kept in memory and hashed on its way in, so what is unpacked is exactly what
 * was hashed. Written to disk and read back, an archive could be changed in between by any
 * process of the job's user (on a self-hosted runner, a hostile job's leftovers), and the
 * unpacked bytes would be ones nobody checked. Memory is this process's alone; archives
 * are small enough (a toolchain zip is ~75 MB, golangci-lint's ~15 MB).
 *
 * Each chunk is hashed as it arrives, then copied once into shared memory (the zip writer's
 * second thread reads the same bytes); chunks are this process's own and never written
 * after the hash has read them.
 */

/** Reads all of `source` into memory, hashing it on the way. */
async function readHashed(source, opts) {
    const sha = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256');
    const chunks = [];
    let size = 0;
    for await (const chunk of source) {
        const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
        size += bytes.length;
        if (size > opts.maxBytes)
            throw opts.tooLarge();
        sha.update(bytes);
        chunks.push(bytes);
    }
    return { bytes: sharedCopy(chunks, size), sha256: sha.digest('hex'), size };
}
/** `chunks` joined in a SharedArrayBuffer. */
function sharedCopy(chunks, size) {
    const out = Buffer.from(new SharedArrayBuffer(size));
    let at = 0;
    for (const c of chunks) {
        out.set(c, at);
        at += c.length;
    }
    return out;
}


/***/ })

};
