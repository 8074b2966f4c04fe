export const id = 439;
export const ids = [439];
export const modules = {

/***/ 5439:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   installFromProxy: () => (/* binding */ installFromProxy)
/* harmony export */ });
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(1455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_3___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_3__);
/* harmony import */ var node_stream__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(7075);
/* harmony import */ var node_stream__WEBPACK_IMPORTED_MODULE_4___default = /*#__PURE__*/__webpack_require__.n(node_stream__WEBPACK_IMPORTED_MODULE_4__);
/* harmony import */ var node_stream_promises__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(6466);
/* harmony import */ var node_stream_promises__WEBPACK_IMPORTED_MODULE_5___default = /*#__PURE__*/__webpack_require__.n(node_stream_promises__WEBPACK_IMPORTED_MODULE_5__);
/* harmony import */ var node_url__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(3136);
/* harmony import */ var node_url__WEBPACK_IMPORTED_MODULE_6___default = /*#__PURE__*/__webpack_require__.n(node_url__WEBPACK_IMPORTED_MODULE_6__);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(2174);
/* harmony import */ var _fetch_goproxy_js__WEBPACK_IMPORTED_MODULE_8__ = __webpack_require__(2980);
/* harmony import */ var _fetch_http_js__WEBPACK_IMPORTED_MODULE_9__ = __webpack_require__(3075);
/* harmony import */ var _verify_sumdb_dirhash_js__WEBPACK_IMPORTED_MODULE_10__ = __webpack_require__(4838);
/* harmony import */ var _extract_zip_js__WEBPACK_IMPORTED_MODULE_11__ = __webpack_require__(8880);
/* harmony import */ var _versions_toolchain_module_js__WEBPACK_IMPORTED_MODULE_12__ = __webpack_require__(1357);
/* harmony import */ var _sumdb_access_js__WEBPACK_IMPORTED_MODULE_13__ = __webpack_require__(3871);
/**
 * A Go toolchain from a module proxy, the way GOTOOLCHAIN gets one: the
 * `golang.org/toolchain@v0.0.1-<tag>.<goos>-<goarch>` zip, accepted only when its `h1:` equals
 * the one the Go checksum database holds (signed tree note + inclusion proof, see SumdbClient).
 *
 * The database is asked while the zip downloads; an unknown version, a forged proof or an
 * unreachable database aborts the download, and there is no fallback to unverified bytes. The zip is saved
 * beside the destination (hashing its SHA-256 on the way, for the record), then unpacked once:
 * the per-file SHA-256 values the extractor computes while writing give the `h1:` without a
 * second pass. Nothing here decides whether the result is kept: the caller unpacks into a
 * temporary directory and throws it away when this rejects.
 */














/** Largest module zip accepted (toolchains are 20–110 MB). */
const MAX_ZIP_BYTES = 1024 ** 3;
/**
 * A Fetcher that streams a zip into `file` (SHA-256 and size on the way) instead of
 * returning it: proxyGet then applies GOPROXY's fallback rules to the download. A body cut
 * off midway is retried here; HTTP statuses go back to proxyGet.
 */
function zipDownloader(file, http, logger, saved) {
    const save = async (source, url) => {
        const sha = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256');
        let size = 0;
        const hasher = new node_stream__WEBPACK_IMPORTED_MODULE_4__.Transform({
            transform(chunk, _enc, cb) {
                size += chunk.length;
                if (size > MAX_ZIP_BYTES) {
                    cb(new _errors_js__WEBPACK_IMPORTED_MODULE_7__/* .NetworkError */ .Dr(`${url} is larger than ${MAX_ZIP_BYTES} bytes`, url, false));
                    return;
                }
                sha.update(chunk);
                cb(null, chunk);
            },
        });
        await (0,node_stream_promises__WEBPACK_IMPORTED_MODULE_5__.pipeline)(source, hasher, (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.createWriteStream)(file));
        saved({ url, size, sha256: sha.digest('hex') });
    };
    return async (url) => {
        if (url.startsWith('file:')) {
            try {
                await save((0,node_fs__WEBPACK_IMPORTED_MODULE_1__.createReadStream)((0,node_url__WEBPACK_IMPORTED_MODULE_6__.fileURLToPath)(url)), url);
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
            await (0,_fetch_http_js__WEBPACK_IMPORTED_MODULE_9__/* .withRetries */ .LH)(async () => {
                const opened = await (0,_fetch_http_js__WEBPACK_IMPORTED_MODULE_9__/* .openStream */ .fv)(url, { ...http, retries: 0 });
                await save(opened.body, opened.url);
            }, {
                ...http,
                onRetry: (err, n, ms) => logger.warning(`download of ${url} failed (${err.message}); retry ${n} in ${Math.round(ms / 1000)} s`),
            });
        }
        catch (err) {
            if (err instanceof _fetch_http_js__WEBPACK_IMPORTED_MODULE_9__.HttpStatusError)
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
    const version = (0,_versions_toolchain_module_js__WEBPACK_IMPORTED_MODULE_12__/* .toolchainModuleVersion */ .AL)(opts.tag, opts.os, opts.arch);
    const module = `${_versions_toolchain_module_js__WEBPACK_IMPORTED_MODULE_12__/* .TOOLCHAIN_MODULE */ .xc}@${version}`;
    const list = (0,_sumdb_access_js__WEBPACK_IMPORTED_MODULE_13__/* .proxyList */ .bm)(opts.goproxy);
    const client = opts.sumdb ?? (0,_sumdb_access_js__WEBPACK_IMPORTED_MODULE_13__/* .sumdbClient */ .jN)(list, opts);
    const destDir = node_path__WEBPACK_IMPORTED_MODULE_3__.resolve(opts.destDir);
    await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.mkdir)(node_path__WEBPACK_IMPORTED_MODULE_3__.dirname(destDir), { recursive: true });
    const file = node_path__WEBPACK_IMPORTED_MODULE_3__.join(node_path__WEBPACK_IMPORTED_MODULE_3__.dirname(destDir), `.download-${(0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.randomBytes)(6).toString('hex')}.zip`);
    try {
        const { record, downloaded } = await lookUpWhileDownloading(client, version, list, file, opts);
        const { tree, members } = await unpackVerified(file, destDir, version, record, downloaded.url);
        opts.logger.info(`${module}: ${tree.files} files match ${record.h1}`);
        return {
            artifact: {
                name: `${version}.zip`,
                module: _versions_toolchain_module_js__WEBPACK_IMPORTED_MODULE_12__/* .TOOLCHAIN_MODULE */ .xc,
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
    finally {
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.rm)(file, { force: true });
    }
}
/**
 * Asks the checksum database and downloads the zip at the same time: the proof is a few
 * small requests whose latency would otherwise come before the whole download. When the
 * database fails (unknown version, forged note, unreachable), the download is aborted and
 * the database's error is the one reported; nothing is unpacked before both succeed.
 */
async function lookUpWhileDownloading(client, version, list, file, opts) {
    const module = `${_versions_toolchain_module_js__WEBPACK_IMPORTED_MODULE_12__/* .TOOLCHAIN_MODULE */ .xc}@${version}`;
    const abort = new AbortController();
    const lookup = (0,_sumdb_access_js__WEBPACK_IMPORTED_MODULE_13__/* .lookUpToolchain */ .Uw)(client, version).then((record) => {
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
        const fetcher = zipDownloader(file, http, opts.logger, (z) => (zip = z));
        await (0,_fetch_goproxy_js__WEBPACK_IMPORTED_MODULE_8__/* .proxyGet */ .he)(list, _fetch_goproxy_js__WEBPACK_IMPORTED_MODULE_8__/* .proxyPaths */ .vR.zip(_versions_toolchain_module_js__WEBPACK_IMPORTED_MODULE_12__/* .TOOLCHAIN_MODULE */ .xc, version), fetcher);
        if (zip === undefined)
            throw new Error(`${module}: the zip download reported no file`);
        opts.logger.info(`downloaded ${zip.url} (${zip.size} bytes)`);
        return zip;
    })();
    // Both settle before returning, so no download is still writing `file` when it is removed.
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
async function unpackVerified(file, destDir, version, record, url) {
    const module = `${_versions_toolchain_module_js__WEBPACK_IMPORTED_MODULE_12__/* .TOOLCHAIN_MODULE */ .xc}@${version}`;
    const prefix = `${module}/`;
    const members = new Map();
    const expected = `${record.h1} (checksum database ${record.databaseUrl}, record ${record.recordId}, tree ${record.treeSize})`;
    const what = `h1 of ${module}`;
    const dirhash = new _verify_sumdb_dirhash_js__WEBPACK_IMPORTED_MODULE_10__/* .DirHash */ ._0();
    const executables = {};
    let result;
    try {
        result = await (0,_extract_zip_js__WEBPACK_IMPORTED_MODULE_11__/* .extractZip */ .J)(file, destDir, {
            ...(0,_versions_toolchain_module_js__WEBPACK_IMPORTED_MODULE_12__/* .moduleZipMapping */ .qf)(version),
            onFile: (f) => {
                dirhash.add(f.archiveName, f.sha256);
                members.set(f.archiveName.slice(prefix.length), f.sha256);
                if ((0,_versions_toolchain_module_js__WEBPACK_IMPORTED_MODULE_12__/* .isToolchainExecutable */ .iM)(f.name))
                    executables[f.name] = f.sha256;
            },
        });
    }
    catch (err) {
        // A published zip unpacks cleanly: one that does not is not the database's zip. Other
        // failures (disk full, permissions) are this machine's and keep their own error.
        const message = err.message ?? String(err);
        if (err instanceof _errors_js__WEBPACK_IMPORTED_MODULE_7__/* .UnsafeArchiveError */ .td ||
            err instanceof _errors_js__WEBPACK_IMPORTED_MODULE_7__/* .InputError */ .dz ||
            /^corrupt zip/.test(message)) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_7__/* .VerificationError */ .mk(what, expected, `a zip that cannot be unpacked: ${message}`, url);
        }
        throw err;
    }
    // The database hashed every entry; the sum above covers regular files only, so any other
    // entry (a directory, including the module root) makes this another zip.
    const others = result.directories + result.skipped + result.symlinks + result.hardlinks;
    if (others > 0) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_7__/* .VerificationError */ .mk(what, expected, `a zip with ${others} entries that are not regular files (a published toolchain zip has none)`, url);
    }
    // Every file must be in the sum, or a file could land on disk unchecked.
    if (dirhash.size !== result.files) {
        throw new Error(`${module}: ${result.files} files unpacked but ${dirhash.size} hashed`);
    }
    const found = dirhash.sum();
    if (found !== record.h1)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_7__/* .VerificationError */ .mk(what, expected, found, url);
    return { tree: { files: result.files, bytes: result.bytes, executables }, members };
}


/***/ })

};
