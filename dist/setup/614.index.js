export const id = 614;
export const ids = [614];
export const modules = {

/***/ 5614:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   installFromProxy: () => (/* binding */ installFromProxy)
/* harmony export */ });
/* unused harmony exports lookUpWhileDownloading, unpackVerified */
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var node_url__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(3136);
/* harmony import */ var node_url__WEBPACK_IMPORTED_MODULE_3___default = /*#__PURE__*/__webpack_require__.n(node_url__WEBPACK_IMPORTED_MODULE_3__);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(3916);
/* harmony import */ var _fetch_goproxy_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(6382);
/* harmony import */ var _fetch_http_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(7782);
/* harmony import */ var _verify_sumdb_dirhash_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(4428);
/* harmony import */ var _archive_extract_zip_js__WEBPACK_IMPORTED_MODULE_8__ = __webpack_require__(4050);
/* harmony import */ var _archive_hashed_bytes_js__WEBPACK_IMPORTED_MODULE_9__ = __webpack_require__(4099);
/* harmony import */ var _versions_toolchain_module_js__WEBPACK_IMPORTED_MODULE_10__ = __webpack_require__(3003);
/* harmony import */ var _verify_sumdb_access_js__WEBPACK_IMPORTED_MODULE_11__ = __webpack_require__(3567);
/* harmony import */ var _log_text_js__WEBPACK_IMPORTED_MODULE_12__ = __webpack_require__(3529);
/**
 * A Go toolchain from a module proxy, the way GOTOOLCHAIN gets one: the
 * `golang.org/toolchain@v0.0.1-<tag>.<goos>-<goarch>` zip, accepted only when its `h1:` equals
 * the one the Go checksum database holds (signed tree note + inclusion proof, see SumdbClient).
 *
 * The database is asked while the zip downloads; an unknown version, a forged proof or an
 * unreachable database aborts the download, and there is no fallback to unverified bytes. The zip is kept
 * in memory (hashing its SHA-256 on the way, for the record), then unpacked once from that
 * memory, never from a file another process could change: the per-file SHA-256 values the
 * extractor computes while writing give the `h1:` without a second pass. Nothing here decides whether the result is kept: the caller unpacks into a
 * temporary directory and throws it away when this rejects.
 */













/** Largest module zip accepted (toolchains are 20–110 MB). */
const MAX_ZIP_BYTES = 1024 ** 3;
/**
 * A Fetcher that reads a zip into memory (SHA-256 and size on the way) instead of
 * returning it: proxyGet then applies GOPROXY's fallback rules to the download. A body cut
 * off midway is retried here; HTTP statuses go back to proxyGet.
 */
function zipDownloader(http, logger, saved) {
    const save = async (source, url) => {
        const body = await (0,_archive_hashed_bytes_js__WEBPACK_IMPORTED_MODULE_9__/* .readHashed */ .S)(source, {
            maxBytes: MAX_ZIP_BYTES,
            tooLarge: () => new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .NetworkError */ .Dr(`${url} is larger than ${MAX_ZIP_BYTES} bytes`, url, false),
        });
        saved({ url, ...body });
    };
    return async (url) => {
        if (url.startsWith('file:')) {
            try {
                await save((0,node_fs__WEBPACK_IMPORTED_MODULE_0__.createReadStream)((0,node_url__WEBPACK_IMPORTED_MODULE_3__.fileURLToPath)(url)), url);
            }
            catch (err) {
                const code = err.code;
                if (code === 'ENOENT' || code === 'ENOTDIR')
                    return { status: 404, body: Buffer.alloc(0) };
                throw err;
            }
            return { status: 200, body: Buffer.alloc(0) };
        }
        try {
            await (0,_fetch_http_js__WEBPACK_IMPORTED_MODULE_6__/* .withRetries */ .LH)(async () => {
                const opened = await (0,_fetch_http_js__WEBPACK_IMPORTED_MODULE_6__/* .openStream */ .fv)(url, { ...http, retries: 0 });
                await save(opened.body, opened.url);
            }, {
                ...http,
                onRetry: (err, n, ms) => logger.warning(`download of ${url} failed (${err.message}); retry ${n} in ${Math.round(ms / 1000)} s`),
            });
        }
        catch (err) {
            if (err instanceof _fetch_http_js__WEBPACK_IMPORTED_MODULE_6__.HttpStatusError)
                return { status: err.status ?? 0, body: Buffer.alloc(0) };
            throw err;
        }
        return { status: 200, body: Buffer.alloc(0) };
    };
}
/**
 * Downloads Go `tag` for `os`/`arch` from the module proxies in `goproxy`, proves it is the
 * toolchain the checksum database vouches for, and unpacks it as a GOROOT into `destDir`.
 * Rejects with VerificationError when the zip is not the one in the database (naming the
 * expected and found `h1:` and the URL), NetworkError when the database or every proxy is
 * unreachable, InputError for unusable settings; `destDir` must then be deleted.
 */
async function installFromProxy(opts) {
    const version = (0,_versions_toolchain_module_js__WEBPACK_IMPORTED_MODULE_10__/* .toolchainModuleVersion */ .AL)(opts.tag, opts.os, opts.arch);
    const module = `${_versions_toolchain_module_js__WEBPACK_IMPORTED_MODULE_10__/* .TOOLCHAIN_MODULE */ .xc}@${version}`;
    const list = (0,_verify_sumdb_access_js__WEBPACK_IMPORTED_MODULE_11__/* .proxyList */ .bm)(opts.goproxy);
    const client = opts.sumdb ?? (0,_verify_sumdb_access_js__WEBPACK_IMPORTED_MODULE_11__/* .sumdbClient */ .jN)(list, opts);
    const destDir = node_path__WEBPACK_IMPORTED_MODULE_2__.resolve(opts.destDir);
    await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.mkdir)(node_path__WEBPACK_IMPORTED_MODULE_2__.dirname(destDir), { recursive: true });
    const { record, downloaded } = await lookUpWhileDownloading(client, version, list, opts);
    const { tree, members } = await unpackVerified(downloaded, destDir, version, record);
    opts.logger.info(`${module}: ${tree.files} files match ${record.h1}`);
    return {
        artifact: {
            name: `${version}.zip`,
            module: _versions_toolchain_module_js__WEBPACK_IMPORTED_MODULE_10__/* .TOOLCHAIN_MODULE */ .xc,
            version,
            url: downloaded.url,
            size: downloaded.size,
            sha256: downloaded.sha256,
        },
        tree,
        sumdb: {
            database: client.settings.name,
            url: record.databaseUrl,
            treeSize: record.treeSize,
            rootHash: record.rootHash,
            recordId: record.recordId,
            h1: record.h1,
            treeNote: record.treeNote,
        },
        lookup: record,
        members,
    };
}
/**
 * Asks the checksum database and downloads the zip at the same time: the proof is a few
 * small requests whose latency would otherwise come before the whole download. When the
 * database fails (unknown version, forged note, unreachable), the download is aborted and
 * the database's error is the one reported; nothing is unpacked before both succeed.
 */
async function lookUpWhileDownloading(client, version, list, opts) {
    const module = `${_versions_toolchain_module_js__WEBPACK_IMPORTED_MODULE_10__/* .TOOLCHAIN_MODULE */ .xc}@${version}`;
    const abort = new AbortController();
    const lookup = (0,_verify_sumdb_access_js__WEBPACK_IMPORTED_MODULE_11__/* .lookUpToolchain */ .Uw)(client, version).then((record) => {
        opts.logger.info(`checksum database ${client.settings.name}: ${module} ${record.h1} ` +
            `(record ${record.recordId}, proven in tree ${record.treeSize})`);
        return record;
    }, (err) => {
        abort.abort(err);
        throw err;
    });
    const download = (async () => {
        let zip;
        const http = { ...opts.http, signal: abort.signal };
        const fetcher = zipDownloader(http, opts.logger, (z) => (zip = z));
        await (0,_fetch_goproxy_js__WEBPACK_IMPORTED_MODULE_5__/* .proxyGet */ .he)(list, _fetch_goproxy_js__WEBPACK_IMPORTED_MODULE_5__/* .proxyPaths */ .vR.zip(_versions_toolchain_module_js__WEBPACK_IMPORTED_MODULE_10__/* .TOOLCHAIN_MODULE */ .xc, version), fetcher);
        if (zip === undefined)
            throw new Error(`${module}: the zip download reported no file`);
        opts.logger.info(`downloaded ${(0,_log_text_js__WEBPACK_IMPORTED_MODULE_12__/* .inert */ .tJ)(zip.url)} (${zip.size} bytes)`);
        return zip;
    })();
    // Both settle before returning: nothing is still downloading when this rejects.
    const [looked, fetched] = await Promise.allSettled([lookup, download]);
    if (looked.status === 'rejected')
        throw looked.reason;
    if (fetched.status === 'rejected')
        throw fetched.reason;
    return { record: looked.value, downloaded: fetched.value };
}
/**
 * Unpacks the zip into `destDir`, hashing every file as it is written, and compares the
 * resulting `h1:` with the database's. The names hashed are the zip's own (with the module
 * prefix and `_go.mod`), exactly what the database's hash covers.
 */
async function unpackVerified(zip, destDir, version, record) {
    const module = `${_versions_toolchain_module_js__WEBPACK_IMPORTED_MODULE_10__/* .TOOLCHAIN_MODULE */ .xc}@${version}`;
    const prefix = `${module}/`;
    const members = new Map();
    const url = zip.url;
    const expected = `${record.h1} (checksum database ${record.databaseUrl}, record ${record.recordId}, tree ${record.treeSize})`;
    const what = `h1 of ${module}`;
    const dirhash = new _verify_sumdb_dirhash_js__WEBPACK_IMPORTED_MODULE_7__/* .DirHash */ ._0();
    const executables = {};
    let result;
    try {
        result = await (0,_archive_extract_zip_js__WEBPACK_IMPORTED_MODULE_8__/* .extractZipBytes */ .w)(zip.bytes, destDir, {
            ...(0,_versions_toolchain_module_js__WEBPACK_IMPORTED_MODULE_10__/* .moduleZipMapping */ .qf)(version),
            onFile: (f) => {
                dirhash.add(f.archiveName, f.sha256);
                members.set(f.archiveName.slice(prefix.length), f.sha256);
                if ((0,_versions_toolchain_module_js__WEBPACK_IMPORTED_MODULE_10__/* .isToolchainExecutable */ .iM)(f.name))
                    executables[f.name] = f.sha256;
            },
        });
    }
    catch (err) {
        // A published zip unpacks cleanly: one that does not is not the database's zip. Other
        // failures (disk full, permissions) are this machine's and keep their own error.
        const message = err.message ?? String(err);
        if (err instanceof _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .UnsafeArchiveError */ .td ||
            err instanceof _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .InputError */ .dz ||
            /^corrupt zip/.test(message)) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .VerificationError */ .mk(what, expected, `a zip that cannot be unpacked: ${message}`, url);
        }
        throw err;
    }
    // The database hashed every entry; the sum above covers regular files only, so any other
    // entry (a directory, including the module root) makes this another zip.
    const others = result.directories + result.skipped + result.symlinks + result.hardlinks;
    if (others > 0) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .VerificationError */ .mk(what, expected, `a zip with ${others} entries that are not regular files (a published toolchain zip has none)`, url);
    }
    // Every file must be in the sum, or a file could land on disk unchecked.
    if (dirhash.size !== result.files) {
        throw new Error(`${module}: ${result.files} files unpacked but ${dirhash.size} hashed`);
    }
    const found = dirhash.sum();
    if (found !== record.h1)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .VerificationError */ .mk(what, expected, found, url);
    return { tree: { files: result.files, bytes: result.bytes, executables }, members };
}


/***/ }),

/***/ 4428:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   _0: () => (/* binding */ DirHash)
/* harmony export */ });
/* unused harmony exports sha256Hex, hashFiles, hashGoMod, hashZip, hashZipEntries, hashZipBuffer, hashZipStream */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(1455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(8161);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_3___default = /*#__PURE__*/__webpack_require__.n(node_os__WEBPACK_IMPORTED_MODULE_3__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_4___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_4__);
/* harmony import */ var node_stream_promises__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(6466);
/* harmony import */ var node_stream_promises__WEBPACK_IMPORTED_MODULE_5___default = /*#__PURE__*/__webpack_require__.n(node_stream_promises__WEBPACK_IMPORTED_MODULE_5__);
/* harmony import */ var yauzl__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(663);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(3916);
/**
 * The `h1:` hash the Go checksum database records for module zips and go.mod files (the
 * scheme of golang.org/x/mod/sumdb/dirhash Hash1): SHA-256 over the lines
 * `"<hex sha256 of file>  <name>\n"`, one per file, names sorted bytewise, base64-encoded.
 *
 * DirHash takes per-file digests, so callers can hash files while they stream (during
 * extraction) and compare the result once at the end.
 */








/** Accumulates per-file SHA-256 digests and produces the `h1:` hash. */
class DirHash {
    files = new Map();
    /**
     * Adds a file. `name` is the full name as hashed (for a module zip, the zip entry name,
     * e.g. `golang.org/toolchain@v0.0.1-go1.22.5.linux-amd64/bin/go`); raw bytes are accepted
     * for names that are not valid UTF-8. `sha256` is the file's digest, hex or raw.
     */
    add(name, sha256) {
        const nameBytes = typeof name === 'string' ? Buffer.from(name, 'utf8') : Buffer.from(name);
        if (nameBytes.includes(0x0a)) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_7__/* .InputError */ .dz(`dirhash: file name ${JSON.stringify(String(name))} contains a newline`);
        }
        const hex = typeof sha256 === 'string' ? sha256.toLowerCase() : Buffer.from(sha256).toString('hex');
        if (!/^[0-9a-f]{64}$/.test(hex)) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_7__/* .InputError */ .dz(`dirhash: ${JSON.stringify(String(sha256))} is not a SHA-256 digest`);
        }
        const key = nameBytes.toString('latin1'); // one char per byte: a lossless map key
        if (this.files.has(key)) {
            // Two files under one name would hash differently from what extraction leaves on disk.
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_7__/* .InputError */ .dz(`dirhash: file name ${JSON.stringify(nameBytes.toString())} appears twice`);
        }
        this.files.set(key, { name: nameBytes, sha256: hex });
        return this;
    }
    get size() {
        return this.files.size;
    }
    /** The `h1:` hash of the files added so far. */
    sum() {
        // Go sorts names as byte strings; JS string order (UTF-16 units) differs above U+FFFF.
        const entries = [...this.files.values()].sort((a, b) => Buffer.compare(a.name, b.name));
        const summary = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256');
        for (const { name, sha256 } of entries) {
            summary.update(`${sha256}  `);
            summary.update(name);
            summary.update('\n');
        }
        return `h1:${summary.digest('base64')}`;
    }
}
function sha256Hex(data) {
    return createHash('sha256').update(data).digest('hex');
}
/** `h1:` of in-memory files: name → content. */
function hashFiles(files) {
    const dh = new DirHash();
    for (const [name, content] of files)
        dh.add(name, sha256Hex(content));
    return dh.sum();
}
/** The `h1:` of a go.mod file as go.sum records it (`<module> <version>/go.mod h1:…`). */
function hashGoMod(content) {
    return new DirHash().add('go.mod', sha256Hex(content)).sum();
}
/** Hashes the entries of an open zip (names as raw bytes, as Go's archive/zip reads them). */
async function hashZipFile(zip, where, onEntry) {
    const dh = new DirHash();
    try {
        for (;;) {
            const entry = await new Promise((resolve, reject) => {
                const onEntry = (e) => {
                    zip.off('end', onEnd).off('error', reject);
                    resolve(e);
                };
                const onEnd = () => {
                    zip.off('entry', onEntry).off('error', reject);
                    resolve(undefined);
                };
                zip.once('entry', onEntry).once('end', onEnd).once('error', reject);
                zip.readEntry();
            });
            if (entry === undefined)
                break;
            if (entry.isEncrypted()) {
                throw new VerificationError('module zip entry', 'unencrypted', `encrypted entry ${entry.fileNameRaw.toString()}`, where);
            }
            const hash = createHash('sha256');
            await pipeline(await zip.openReadStreamPromise(entry), hash);
            const digest = hash.digest();
            dh.add(entry.fileNameRaw, digest);
            onEntry?.(entry.fileNameRaw, digest.toString('hex'));
        }
    }
    finally {
        zip.close();
    }
    return dh.sum();
}
/** The `h1:` hash of a module zip file on disk (every entry, by its full name). */
async function hashZip(path) {
    // decodeStrings: false keeps names as the raw bytes Go hashes (no CP437 decoding).
    const zip = await yauzl.openPromise(path, { decodeStrings: false, validateEntrySizes: true });
    return hashZipFile(zip, path);
}
/** The `h1:` of a module zip on disk and the SHA-256 of each entry, by its full name. */
async function hashZipEntries(path) {
    const zip = await yauzl.openPromise(path, { decodeStrings: false, validateEntrySizes: true });
    const entries = new Map();
    const h1 = await hashZipFile(zip, path, (name, sha) => entries.set(name.toString('utf8'), sha));
    return { h1, entries };
}
/** The `h1:` hash of a module zip held in memory. */
async function hashZipBuffer(data, where = 'zip in memory') {
    const zip = await yauzl.fromBufferPromise(data, {
        decodeStrings: false,
        validateEntrySizes: true,
    });
    return hashZipFile(zip, where);
}
/**
 * The `h1:` hash of a module zip arriving as a stream. A zip's directory is at its end, so
 * the bytes are spooled to `keepAt` (left there for extraction) or to a temporary file that
 * is removed afterwards.
 */
async function hashZipStream(source, keepAt) {
    if (keepAt !== undefined) {
        await pipeline(source, createWriteStream(keepAt));
        return hashZip(keepAt);
    }
    const dir = await mkdtemp(join(tmpdir(), 'dirhash-'));
    try {
        const file = join(dir, 'module.zip');
        await pipeline(source, createWriteStream(file));
        return await hashZip(file);
    }
    finally {
        await rm(dir, { recursive: true, force: true });
    }
}


/***/ })

};
