export const id = 106;
export const ids = [106];
export const modules = {

/***/ 2106:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  installReleaseArchive: () => (/* binding */ installReleaseArchive)
});

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: external "node:stream"
var external_node_stream_ = __webpack_require__(7075);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(2174);
// EXTERNAL MODULE: ./src/fetch/http.ts + 4 modules
var http = __webpack_require__(3075);
;// CONCATENATED MODULE: ./src/verify/digest.ts



/**
 * A pass-through stream that computes the SHA-256 of the bytes flowing through it. Chunks
 * are handed on unchanged (no copy), so it can sit in a download → gunzip → untar pipeline
 * and the archive is hashed without a second pass.
 */
class Sha256Tap extends (/* unused pure expression or super */ null && (Transform)) {
    #hash = createHash('sha256');
    #hex;
    #bytes = 0;
    _transform(chunk, _encoding, callback) {
        this.#hash.update(chunk);
        this.#bytes += chunk.length;
        callback(null, chunk);
    }
    _flush(callback) {
        this.#hex = this.#hash.digest('hex');
        callback();
    }
    /** Bytes seen so far. */
    get bytes() {
        return this.#bytes;
    }
    /** The lowercase hex digest; only once every byte has passed (the stream ended). */
    hex() {
        if (this.#hex === undefined) {
            throw new Error('sha256Tap: hex() called before the stream ended');
        }
        return this.#hex;
    }
}
function sha256Tap() {
    return new Sha256Tap();
}
const SHA256_HEX = /^[0-9a-f]{64}$/;
/**
 * Throws a VerificationError unless `actual` equals `expected` (hex, case-insensitive).
 * An expected value that is not a SHA-256 at all fails too: nothing to check against is a
 * failure, never a pass.
 */
function expectDigest(actual, expected, what, where) {
    const want = expected.trim().toLowerCase();
    const got = actual.toLowerCase();
    if (!SHA256_HEX.test(want)) {
        throw new errors/* VerificationError */.mk(what, `a SHA-256 to compare with (the source gave ${JSON.stringify(expected)})`, got, where);
    }
    if (got !== want) {
        throw new errors/* VerificationError */.mk(what, want, got, where);
    }
}

// EXTERNAL MODULE: ../main/node_modules/openpgp/dist/node/openpgp.mjs
var openpgp = __webpack_require__(5554);
;// CONCATENATED MODULE: ./src/verify/signature.ts
/**
 * Detached OpenPGP signatures over large archives, checked while the bytes stream.
 *
 * openpgp.js hashes a Uint8Array twice (itself, then again inside WebCrypto's RSA verify,
 * after concatenating a copy of the data): 0.8–1.0 s for 100 MB here. Its streaming mode
 * hashes natively but needs a web stream whose tee the caller must drain, and costs more
 * with small chunks (0.2–0.3 s at 1 MiB, 0.4–0.6 s at 64 KiB). So the digest is computed
 * with Node's hash as chunks pass (0.21 s for SHA-512 of 100 MB, whatever the chunk size),
 * synchronously and without buffering, and openpgp only checks the signature over that
 * digest: key lookup, the key's validity when it signed, algorithm policy and the
 * public-key operation all stay openpgp's.
 */




/** openpgp hash ids accepted for data signatures, with Node's names for them. */
const NODE_HASHES = new Map([
    [openpgp/* enums */.vP.hash.sha224, 'sha224'],
    [openpgp/* enums */.vP.hash.sha256, 'sha256'],
    [openpgp/* enums */.vP.hash.sha384, 'sha384'],
    [openpgp/* enums */.vP.hash.sha512, 'sha512'],
    [openpgp/* enums */.vP.hash.sha3_256, 'sha3-256'],
    [openpgp/* enums */.vP.hash.sha3_512, 'sha3-512'],
]);
/** RFC 9580 §5.2.3: the salt of a v6 signature has a fixed size per hash algorithm. */
const V6_SALT_LENGTH = new Map([
    [openpgp/* enums */.vP.hash.sha224, 16],
    [openpgp/* enums */.vP.hash.sha256, 16],
    [openpgp/* enums */.vP.hash.sha384, 24],
    [openpgp/* enums */.vP.hash.sha512, 32],
    [openpgp/* enums */.vP.hash.sha3_256, 16],
    [openpgp/* enums */.vP.hash.sha3_512, 32],
]);
const MAX_CANDIDATES = 4;
async function signatureStreamTap(subject) {
    const fail = (found) => failure(subject, found);
    const signature = await parseSignature(subject.signature, fail);
    const packets = signature.packets.filterByTag(openpgp/* enums */.vP.packet.signature);
    if (packets.length === 0) {
        throw fail('no signature in the signature file');
    }
    const candidates = [];
    const strangers = [];
    for (const packet of packets) {
        const issuer = findIssuer(subject.keys, packet);
        if (!issuer) {
            strangers.push(issuerName(packet));
            continue;
        }
        checkPacketShape(packet, issuer.signer, fail);
        const hash = (0,external_node_crypto_.createHash)(NODE_HASHES.get(packet.hashAlgorithm));
        if (packet.version === 6)
            hash.update(packet.salt);
        candidates.push({ packet, ...issuer, hash });
    }
    // Each candidate hashes every byte: a hostile file listing many signatures must not
    // multiply the cost of the download.
    if (candidates.length > MAX_CANDIDATES) {
        throw fail(`${candidates.length} signatures by bundle keys in one file (at most ${MAX_CANDIDATES} are checked)`);
    }
    if (candidates.length === 0) {
        throw fail(`a signature by ${strangers.join(', ')}, which is not in the key bundle (${subject.keys.summary.source})`);
    }
    let bytes = 0;
    let failed;
    let result;
    const tap = {
        update(chunk) {
            if (failed || result)
                return;
            bytes += chunk.length;
            for (const c of candidates)
                c.hash.update(chunk);
        },
        transform() {
            return new external_node_stream_.Transform({
                transform(chunk, _enc, callback) {
                    tap.update(chunk);
                    callback(null, chunk);
                },
                destroy(err, callback) {
                    if (err)
                        tap.fail(err);
                    callback(err);
                },
            });
        },
        get bytes() {
            return bytes;
        },
        finish() {
            if (failed)
                return Promise.reject(failed.err);
            result ??= settle(subject, candidates);
            return result;
        },
        fail(err) {
            if (!result)
                failed ??= { err };
        },
    };
    return tap;
}
/** Verifies a detached signature over bytes in memory or a web stream. */
async function verifyDetachedSignature(opts) {
    const tap = await signatureStreamTap(opts);
    if (opts.data instanceof Uint8Array) {
        tap.update(opts.data);
    }
    else {
        const reader = opts.data.getReader();
        for (;;) {
            const { done, value } = await reader.read();
            if (done)
                break;
            tap.update(value);
        }
    }
    return tap.finish();
}
async function settle(subject, candidates) {
    const problems = [];
    for (const c of candidates) {
        const { packet } = c;
        const by = `${fingerprintOf(c.signer)} made ${packet.created?.toISOString() ?? 'at an unknown time'}`;
        c.hash.update(packet.signatureData);
        c.hash.update(hashTrailer(packet.version, packet.signatureData.length));
        const digest = new Uint8Array(c.hash.digest());
        // The packet carries the digest's first two bytes: a mismatch means other data was signed.
        if (digest[0] !== packet.signedHashValue[0] || digest[1] !== packet.signedHashValue[1]) {
            problems.push(`a signature by ${by} over different bytes (the file was altered or replaced)`);
            continue;
        }
        packet.hashed = digest;
        try {
            const outcome = await (0,openpgp/* verify */.MX)({
                message: await (0,openpgp/* createMessage */.oH)({ binary: new Uint8Array(0) }),
                signature: new openpgp/* Signature */.to(packetList(packet)),
                verificationKeys: [c.primary],
                format: 'binary',
            });
            // openpgp checks that the signing key was valid at the signature's creation time
            // (expired subkeys still verify old signatures) and that the signature is not dated
            // in the future; `date` is left at "now" for the latter.
            const first = outcome.signatures[0];
            if (!first)
                throw new Error('openpgp returned no verification result');
            await first.verified;
        }
        catch (err) {
            problems.push(`a signature by ${by} that does not verify: ${err.message}`);
            continue;
        }
        const expires = await c.signer.getExpirationTime().catch(() => null);
        return {
            primaryFingerprint: fingerprintOf(c.primary),
            signingKeyFingerprint: fingerprintOf(c.signer),
            created: packet.created,
            hashAlgorithm: openpgp/* enums */.vP.read(openpgp/* enums */.vP.hash, packet.hashAlgorithm).toUpperCase(),
            signerExpires: expires instanceof Date ? expires : null,
        };
    }
    throw failure(subject, problems.join('; '));
}
async function parseSignature(input, fail) {
    let armored;
    if (typeof input === 'string') {
        armored = input;
    }
    else if (looksArmored(input)) {
        armored = Buffer.from(input.buffer, input.byteOffset, input.byteLength).toString('utf8');
    }
    try {
        return armored !== undefined
            ? await (0,openpgp/* readSignature */.Bc)({ armoredSignature: armored })
            : await (0,openpgp/* readSignature */.Bc)({ binarySignature: input });
    }
    catch (err) {
        throw fail(`an unreadable signature file (${err.message})`);
    }
}
function looksArmored(bytes) {
    const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, 64))
        .toString('latin1')
        .trimStart();
    return head.startsWith('-----BEGIN PGP');
}
function findIssuer(bundle, packet) {
    // A wildcard issuer (all zeros) would match every key; such a signature names no signer.
    if (/^0+$/.test(packet.issuerKeyID.toHex()))
        return undefined;
    for (const primary of bundle.keys) {
        const signer = primary.getKeys(packet.issuerKeyID)[0];
        if (signer)
            return { primary, signer };
    }
    return undefined;
}
function checkPacketShape(packet, signer, fail) {
    const by = fingerprintOf(signer);
    if (packet.signatureType !== openpgp/* enums */.vP.signature.binary) {
        const type = (packet.signatureType ?? 0xff).toString(16).padStart(2, '0');
        throw fail(`a signature of type 0x${type} by ${by}, not a signature over binary data (0x00)`);
    }
    const algo = packet.hashAlgorithm;
    if (algo === null || !NODE_HASHES.has(algo)) {
        const name = algo === null ? 'unknown' : openpgp/* enums */.vP.read(openpgp/* enums */.vP.hash, algo).toUpperCase();
        throw fail(`a signature by ${by} using hash algorithm ${name}, which is not accepted`);
    }
    if (packet.version !== 4 && packet.version !== 6) {
        throw fail(`a version ${packet.version} signature by ${by}, which is not supported`);
    }
    if (packet.version === 6 && packet.salt?.length !== V6_SALT_LENGTH.get(algo)) {
        throw fail(`a v6 signature by ${by} with a salt of the wrong length`);
    }
    if (!packet.signatureData || !packet.signedHashValue || packet.signedHashValue.length < 2) {
        throw fail(`an incomplete signature packet by ${by}`);
    }
}
/** RFC 9580 §5.2.4: v4 and v6 signatures hash `version, 0xFF, 4-octet length of the hashed part`. */
function hashTrailer(version, hashedLength) {
    const trailer = Buffer.alloc(6);
    trailer[0] = version;
    trailer[1] = 0xff;
    trailer.writeUInt32BE(hashedLength, 2);
    return trailer;
}
function packetList(packet) {
    const list = new openpgp/* PacketList */.fR();
    list.push(packet);
    return list;
}
function issuerName(packet) {
    const fpr = packet.issuerFingerprint;
    if (fpr && fpr.length > 0)
        return Buffer.from(fpr).toString('hex').toUpperCase();
    const id = packet.issuerKeyID.toHex();
    return /^0+$/.test(id) ? 'an unnamed key' : `key ID ${id.toUpperCase()}`;
}
function fingerprintOf(key) {
    return key.getFingerprint().toUpperCase();
}
function failure(subject, found) {
    const primaries = subject.keys.summary.keys.map((k) => k.fingerprint).join(' or ');
    return new errors/* VerificationError */.mk(`OpenPGP signature of ${subject.artifact}`, `a valid signature by ${primaries} or one of its signing subkeys (keys: ${subject.keys.summary.source})`, found, subject.where);
}

// EXTERNAL MODULE: ./src/versions/toolchain-module.ts
var toolchain_module = __webpack_require__(1357);
// EXTERNAL MODULE: ./src/archive/extract-tar.ts + 1 modules
var extract_tar = __webpack_require__(1793);
// EXTERNAL MODULE: ./src/archive/extract-zip.ts + 2 modules
var extract_zip = __webpack_require__(5624);
// EXTERNAL MODULE: ./src/archive/hashed-bytes.ts
var hashed_bytes = __webpack_require__(1413);
;// CONCATENATED MODULE: ./src/install/release-archive.ts
/**
 * Download → verify → extract of one release archive, in a single streaming pass: the
 * bytes are hashed (SHA-256, and the signature's digest) on their way to gunzip and tar, so
 * verification costs no extra read. A .zip needs random access: it is read into memory
 * (hashed on the way) and unpacked from there, never from a file. Nothing here decides whether the result is kept: the
 * caller extracts into a temporary directory and throws it away when this rejects.
 */












/** Largest .zip accepted (go.dev's Windows zips are ~75 MB). */
const MAX_ZIP_BYTES = 1024 ** 3;
/** Downloads `source`, verifies it and extracts its `go/` tree into `destDir` (must be empty). */
async function installReleaseArchive(source, destDir, opts) {
    const isZip = source.name.endsWith('.zip');
    if (!isZip && !source.name.endsWith('.tar.gz')) {
        throw new Error(`${source.name}: only .tar.gz and .zip archives can be installed`);
    }
    const signature = isZip ? undefined : await fetchSignature(source, opts);
    const attempt = async (n) => {
        if (n > 1)
            await emptyDir(destDir);
        const tap = signature
            ? await signatureStreamTap({ ...signature.subject, keys: opts.keys })
            : undefined;
        return isZip ? zipAttempt(source, destDir, opts) : tarAttempt(source, destDir, opts, tap);
    };
    const { sha256, size, extracted, check } = await (0,http/* withRetries */.LH)(attempt, {
        ...opts.http,
        onRetry: (err, n, ms) => opts.logger.warning(`download of ${source.name} failed (${err.message}); retry ${n} in ${Math.round(ms / 1000)} s`),
    });
    expectDigest(sha256, source.sha256, `SHA-256 of ${source.name}`, source.url);
    const signatureRecord = check && signature
        ? {
            status: 'verified',
            url: signature.url,
            primaryFingerprint: check.primaryFingerprint,
            signingKeyFingerprint: check.signingKeyFingerprint,
            created: check.created.toISOString(),
            hashAlgorithm: check.hashAlgorithm,
            ...(check.signerExpires ? { signerExpires: check.signerExpires.toISOString() } : {}),
        }
        : {
            status: 'not-published',
            reason: 'go.dev publishes no OpenPGP signature for .zip archives',
        };
    const hashes = extracted.hashes ?? new Map();
    const executables = {};
    for (const [name, hash] of hashes) {
        if ((0,toolchain_module/* isToolchainExecutable */.iM)(name))
            executables[name] = hash;
    }
    return {
        artifact: {
            name: source.name,
            url: source.url,
            size,
            sha256,
            sha256Source: source.sha256Source,
            signature: signatureRecord,
        },
        tree: { files: extracted.files, bytes: extracted.bytes, executables },
        fileHashes: hashes,
    };
}
/**
 * A go.dev archive is unpacked as the tree the toolchain module holds: the `go/` tree less
 * the top-level `api/ doc/ misc/ test/`, which no proof that can be repeated covers (the
 * module leaves them out); no links (release archives have none); names a module zip can
 * hold. Every file is hashed as it is written, for the tree proof.
 */
function treeOptions() {
    return {
        requiredPrefix: 'go/',
        stripPrefix: true,
        hashFiles: true,
        // Directories too: `api/` itself is not created. (A top-level *file* named `api` would be
        // dropped although the module keeps it; the tree proof then fails, the safe way round.)
        rename: (name) => (toolchain_module/* MODULE_OMITTED_DIRS */.l2.includes(name.split('/', 1)[0]) ? null : name),
        allowSymlinks: false,
        allowHardlinks: false,
        moduleFileNames: true,
    };
}
/** One streaming pass: HTTP body → SHA-256 + signature digest → gunzip → tar. */
async function tarAttempt(source, destDir, opts, tap) {
    const opened = await (0,http/* openStream */.fv)(source.url, opts.http);
    const body = opened.body;
    const sha = (0,external_node_crypto_.createHash)('sha256');
    let size = 0;
    // A 'data' listener sees every chunk exactly once, whoever consumes the stream, so the
    // digests stay exact even if extraction stops early and the rest is drained below.
    body.on('data', (chunk) => {
        sha.update(chunk);
        tap.update(chunk);
        size += chunk.length;
    });
    const toTar = new external_node_stream_.PassThrough({ highWaterMark: 1024 * 1024 });
    // pipe() does not carry errors: a cut-off or stalled body must fail the extraction too.
    body.once('error', (err) => {
        tap.fail(err);
        toTar.destroy(err);
    });
    body.pipe(toTar);
    let extracted;
    try {
        extracted = await (0,extract_tar/* extractTarGz */.Ce)(toTar, destDir, treeOptions());
        await drained(body);
    }
    catch (err) {
        if (err instanceof errors/* NetworkError */.Dr)
            throw err;
        // A tampered archive usually breaks gzip or tar before its hash can be compared; read
        // the rest so the failure names the cause (bytes that are not the published ones).
        body.unpipe(toTar);
        const complete = await drained(body).then(() => true, () => false);
        if (complete)
            expectDigest(sha.digest('hex'), source.sha256, `SHA-256 of ${source.name}`, source.url);
        throw err;
    }
    const check = await tap.finish();
    return { sha256: sha.digest('hex'), size, extracted, check };
}
/**
 * Zips need random access: the body is read into memory (hashing it), checked, and unpacked
 * from that memory, so the bytes unpacked are the bytes whose SHA-256 matched (a file on
 * disk could be changed in between).
 */
async function zipAttempt(source, destDir, opts) {
    const opened = await (0,http/* openStream */.fv)(source.url, opts.http);
    const body = await (0,hashed_bytes/* readHashed */.S)(opened.body, {
        maxBytes: MAX_ZIP_BYTES,
        tooLarge: () => new errors/* NetworkError */.Dr(`${source.url} is larger than ${MAX_ZIP_BYTES} bytes`, source.url, false),
    });
    // Check before unpacking: an unverified zip is never opened.
    expectDigest(body.sha256, source.sha256, `SHA-256 of ${source.name}`, source.url);
    const extracted = await (0,extract_zip/* extractZipBytes */.w)(body.bytes, destDir, treeOptions(), source.name);
    return { sha256: body.sha256, size: body.size, extracted };
}
async function fetchSignature(source, opts) {
    const url = source.signatureUrl ?? `${source.url}.asc`;
    try {
        const bytes = await (0,http.fetchBytes)(url, { ...opts.http, maxBytes: 64 * 1024 });
        return { url, subject: { signature: bytes, artifact: source.name, where: url } };
    }
    catch (err) {
        if (err instanceof errors/* NetworkError */.Dr && !err.retryable) {
            throw new errors/* VerificationError */.mk(`OpenPGP signature of ${source.name}`, `a detached signature at ${url}`, `none (${err.status ? `HTTP ${err.status}` : err.message})`, url);
        }
        throw err;
    }
}
async function drained(body) {
    if (body.readableEnded || body.destroyed)
        return;
    await new Promise((resolve, reject) => {
        body.once('end', resolve);
        body.once('error', reject);
        body.resume();
    });
}
async function emptyDir(dir) {
    await (0,promises_.mkdir)(dir, { recursive: true });
    for (const name of await (0,promises_.readdir)(dir))
        await (0,promises_.rm)(external_node_path_.join(dir, name), { recursive: true, force: true });
}


/***/ })

};
