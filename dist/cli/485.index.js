export const id = 485;
export const ids = [485,69];
export const modules = {

/***/ 7485:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  installFromProxy: () => (/* binding */ installFromProxy),
  listToolchainVersions: () => (/* binding */ listToolchainVersions),
  lookUpToolchain: () => (/* binding */ lookUpToolchain),
  sumdbClient: () => (/* binding */ sumdbClient)
});

// UNUSED EXPORTS: httpFetcher

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: external "node:stream"
var external_node_stream_ = __webpack_require__(7075);
// EXTERNAL MODULE: external "node:stream/promises"
var external_node_stream_promises_ = __webpack_require__(6466);
// EXTERNAL MODULE: external "node:url"
var external_node_url_ = __webpack_require__(3136);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
;// CONCATENATED MODULE: ./src/fetch/goproxy.ts
/**
 * The Go module proxy protocol as far as this project needs it: GOPROXY list parsing with
 * Go's fallback rules, module path escaping, URL building, and a small GET that walks the
 * list. HTTP goes through an injected `Fetcher`, so callers can swap the transport.
 */



const DEFAULT_GOPROXY = 'https://proxy.golang.org,direct';
/**
 * Parses GOPROXY as the go command does. An empty value means the default. "direct" and
 * "off" end the list (anything after them is ignored, as in Go). An entry without a scheme
 * gets "https://".
 */
function parseGoproxy(value) {
    let rest = value === undefined || value.trim() === '' ? DEFAULT_GOPROXY : value;
    const list = [];
    while (rest !== '') {
        const i = rest.search(/[,|]/);
        const raw = (i < 0 ? rest : rest.slice(0, i)).trim();
        const fallBackOnError = i >= 0 && rest[i] === '|';
        rest = i < 0 ? '' : rest.slice(i + 1);
        if (raw === '')
            continue;
        if (raw === 'off') {
            list.push({ kind: 'off' });
            break;
        }
        if (raw === 'direct') {
            list.push({ kind: 'direct' });
            break;
        }
        let url = raw;
        if (!url.includes(':/')) {
            if (!/[.:/]/.test(url)) {
                throw new errors/* InputError */.dz(`GOPROXY entry ${JSON.stringify(raw)} is not a URL, "direct" or "off"`);
            }
            url = `https://${url}`;
        }
        let parsed;
        try {
            parsed = new URL(url);
        }
        catch {
            throw new errors/* InputError */.dz(`GOPROXY entry ${JSON.stringify(raw)} is not a valid URL`);
        }
        if (!['http:', 'https:', 'file:'].includes(parsed.protocol)) {
            throw new errors/* InputError */.dz(`GOPROXY entry ${JSON.stringify(raw)}: unsupported scheme ${parsed.protocol} (use https, http or file)`);
        }
        list.push({ kind: 'url', url: url.replace(/\/+$/, ''), fallBackOnError });
    }
    if (list.length === 0) {
        throw new errors/* InputError */.dz(`GOPROXY ${JSON.stringify(value)} contains no entries`);
    }
    return list;
}
/** Module paths and versions on the wire: each uppercase letter becomes "!" + lowercase. */
function escapeString(s, what) {
    // eslint-disable-next-line no-control-regex
    if (s === '' || /[!\u0000-\u0020\u007f-\uffff"'`\\]/.test(s)) {
        throw new errors/* InputError */.dz(`invalid ${what} ${JSON.stringify(s)}`);
    }
    return s.replace(/[A-Z]/g, (c) => `!${c.toLowerCase()}`);
}
/** Escapes a module path for proxy and checksum database URLs (`github.com/!burnt!sushi/toml`). */
function escapeModulePath(modulePath) {
    const parts = modulePath.split('/');
    if (modulePath.startsWith('/') ||
        modulePath.endsWith('/') ||
        parts.some((p) => p === '' || p === '.' || p === '..')) {
        throw new errors/* InputError */.dz(`invalid module path ${JSON.stringify(modulePath)}`);
    }
    return escapeString(modulePath, 'module path');
}
/** Escapes a module version (`v1.0.0-RC1` → `v1.0.0-!r!c1`). */
function escapeVersion(version) {
    if (version.includes('/') || version === '.' || version === '..') {
        throw new errors/* InputError */.dz(`invalid module version ${JSON.stringify(version)}`);
    }
    return escapeString(version, 'module version');
}
/** Proxy-relative paths of the module protocol. */
const proxyPaths = {
    list: (mod) => `${escapeModulePath(mod)}/@v/list`,
    info: (mod, v) => `${escapeModulePath(mod)}/@v/${escapeVersion(v)}.info`,
    mod: (mod, v) => `${escapeModulePath(mod)}/@v/${escapeVersion(v)}.mod`,
    zip: (mod, v) => `${escapeModulePath(mod)}/@v/${escapeVersion(v)}.zip`,
    latest: (mod) => `${escapeModulePath(mod)}/@latest`,
};
/** Joins a proxy base URL and a relative path. */
function proxyUrl(base, path) {
    return `${base.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
}
const DEFAULT_TIMEOUT_MS = 30_000;
/** A short reason for a failed fetch: the system error code, or "timed out". */
function describeFetchFailure(err) {
    // Checked by name: the DOMException of an aborted fetch may come from another realm.
    const e = err;
    if (e?.name === 'TimeoutError' || e?.name === 'AbortError')
        return 'timed out';
    return e?.cause?.code ?? e?.cause?.message ?? e?.message ?? String(err);
}
/**
 * A Fetcher on Node's global fetch (and file:// URLs, for GOPROXY=file:///…): follows
 * redirects, gives up after `timeoutMs` for the whole exchange, never throws on HTTP status.
 */
function nodeFetcher(options = {}) {
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    return async (url) => {
        if (url.startsWith('file:')) {
            try {
                return { status: 200, body: await (0,promises_.readFile)((0,external_node_url_.fileURLToPath)(url)) };
            }
            catch (err) {
                const code = err.code;
                if (code === 'ENOENT' || code === 'ENOTDIR')
                    return { status: 404, body: Buffer.alloc(0) };
                throw new errors/* NetworkError */.Dr(`cannot read ${url}: ${String(code)}`, url, false, undefined, {
                    cause: err,
                });
            }
        }
        try {
            const res = await fetch(url, { redirect: 'follow', signal: AbortSignal.timeout(timeoutMs) });
            return { status: res.status, body: Buffer.from(await res.arrayBuffer()) };
        }
        catch (err) {
            throw new errors/* NetworkError */.Dr(`cannot fetch ${url}: ${describeFetchFailure(err)}`, url, true, undefined, {
                cause: err,
            });
        }
    };
}
/**
 * GETs a proxy-relative path (e.g. `golang.org/toolchain/@v/list`) walking the GOPROXY list
 * with Go's rules: after a `,` only 404/410 fall through to the next entry, after a `|` any
 * failure does. "direct" cannot serve our downloads (it means fetching from version control)
 * and "off" forbids the download.
 */
async function proxyGet(list, path, fetcher = nodeFetcher()) {
    const failures = [];
    let last;
    for (const entry of list) {
        if (entry.kind === 'off') {
            throw new errors/* InputError */.dz(`GOPROXY=off: module downloads are disabled, cannot fetch ${path}${tried(failures)}`);
        }
        if (entry.kind === 'direct') {
            throw new errors/* InputError */.dz(`GOPROXY reached "direct", which fetches from version control and cannot serve ${path}; ` +
                `set GOPROXY to a module proxy (e.g. https://proxy.golang.org)${tried(failures)}`);
        }
        const url = proxyUrl(entry.url, path);
        let fallThrough;
        try {
            const res = await fetcher(url);
            if (res.status === 200)
                return { url, body: res.body };
            const detail = res.body.subarray(0, 200).toString('utf8').trim();
            last = new errors/* NetworkError */.Dr(`${url}: HTTP ${res.status}${detail ? ` (${detail})` : ''}`, url, res.status >= 500 || res.status === 429, res.status);
            fallThrough = entry.fallBackOnError || res.status === 404 || res.status === 410;
        }
        catch (err) {
            if (!(err instanceof errors/* NetworkError */.Dr))
                throw err;
            last = err;
            fallThrough = entry.fallBackOnError;
        }
        failures.push(last.message);
        if (!fallThrough)
            break;
    }
    if (last === undefined)
        throw new errors/* InputError */.dz(`GOPROXY list is empty, cannot fetch ${path}`);
    if (failures.length === 1)
        throw last;
    throw new errors/* NetworkError */.Dr(`cannot fetch ${path} from any GOPROXY entry: ${failures.join('; ')}`, last.url, last.retryable, last.status, { cause: last });
}
function tried(failures) {
    return failures.length === 0 ? '' : ` (tried before: ${failures.join('; ')})`;
}

// EXTERNAL MODULE: ./src/fetch/http.ts + 5 modules
var fetch_http = __webpack_require__(6225);
;// CONCATENATED MODULE: ./src/verify/sumdb/note.ts
/**
 * Signed notes as the Go checksum database publishes them (the format of
 * golang.org/x/mod/sumdb/note), verifier keys, and the tree note inside them.
 *
 * A note is UTF-8 text ending in "\n", a blank line, then one or more signature lines
 * `— <name> <base64(keyhash4 ‖ signature)>\n`. The signed bytes are the text with its final
 * newline. Pure functions: values in, values out.
 */


/** Algorithm byte that precedes the raw Ed25519 public key in a verifier key. */
const ALG_ED25519 = 0x01;
const SIG_PREFIX = '\u2014 '; // em dash + space
const MAX_SIGNATURES = 100;
/** The verifier key of the public Go checksum database. */
const SUM_GOLANG_ORG_KEY = 'sum.golang.org+033de0ae+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8';
/** Names are non-empty UTF-8 without spaces and without '+' (it separates the key fields). */
function isValidName(name) {
    return name !== '' && !/[\s+]/u.test(name);
}
/** The key hash binds a key to its name, so a key cannot be reused under another name. */
function keyHash(name, keyData) {
    const digest = (0,external_node_crypto_.createHash)('sha256').update(name).update('\n').update(keyData).digest();
    return digest.readUInt32BE(0);
}
function ed25519PublicKey(raw) {
    return (0,external_node_crypto_.createPublicKey)({
        key: { kty: 'OKP', crv: 'Ed25519', x: raw.toString('base64url') },
        format: 'jwk',
    });
}
/** Strict standard base64 (with padding), as Go's base64.StdEncoding accepts it. */
function decodeBase64Strict(s) {
    if (s.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(s))
        return undefined;
    const data = Buffer.from(s, 'base64');
    // Reject non-canonical encodings (stray bits in the last character).
    return data.toString('base64') === s ? data : undefined;
}
function makeVerifier(name, hash, publicKey, text) {
    const key = ed25519PublicKey(publicKey);
    return {
        name,
        keyHash: hash,
        publicKey,
        text,
        verify(message, signature) {
            if (signature.length !== 64)
                return false;
            try {
                return (0,external_node_crypto_.verify)(null, message, key, signature);
            }
            catch {
                return false;
            }
        },
    };
}
/**
 * Parses a verifier key such as `sum.golang.org+033de0ae+Ac4zctda0e5…` and checks that its
 * key hash matches its name and key. Throws InputError: keys come from settings (GOSUMDB).
 */
function parseVerifierKey(vkey) {
    const first = vkey.indexOf('+');
    const second = first < 0 ? -1 : vkey.indexOf('+', first + 1);
    if (first < 0 || second < 0) {
        throw new errors/* InputError */.dz(`malformed verifier key ${JSON.stringify(vkey)}: expected <name>+<8 hex digits>+<base64 key>`);
    }
    const name = vkey.slice(0, first);
    const hashHex = vkey.slice(first + 1, second);
    const keyB64 = vkey.slice(second + 1);
    if (!isValidName(name)) {
        throw new errors/* InputError */.dz(`malformed verifier key ${JSON.stringify(vkey)}: invalid name`);
    }
    if (!/^[0-9a-fA-F]{8}$/.test(hashHex)) {
        throw new errors/* InputError */.dz(`malformed verifier key ${JSON.stringify(vkey)}: key hash must be 8 hex digits`);
    }
    const keyData = decodeBase64Strict(keyB64);
    if (keyData === undefined || keyData.length === 0) {
        throw new errors/* InputError */.dz(`malformed verifier key ${JSON.stringify(vkey)}: key is not base64`);
    }
    const claimed = parseInt(hashHex, 16);
    const actual = keyHash(name, keyData);
    if (claimed !== actual) {
        throw new errors/* InputError */.dz(`verifier key ${JSON.stringify(vkey)} is inconsistent: its key hash is ${hashHex} but its name and key hash to ${hex8(actual)}`);
    }
    if (keyData[0] !== ALG_ED25519) {
        throw new errors/* InputError */.dz(`verifier key ${JSON.stringify(vkey)} uses unknown algorithm ${keyData[0]} (only 1, Ed25519, is known)`);
    }
    const publicKey = keyData.subarray(1);
    if (publicKey.length !== 32) {
        throw new errors/* InputError */.dz(`verifier key ${JSON.stringify(vkey)}: Ed25519 key must be 32 bytes, got ${publicKey.length}`);
    }
    return makeVerifier(name, claimed, Buffer.from(publicKey), vkey);
}
/** Formats the verifier key string for a name and raw 32-byte Ed25519 public key. */
function formatVerifierKey(name, publicKey) {
    if (!isValidName(name))
        throw new InputError(`invalid key name ${JSON.stringify(name)}`);
    if (publicKey.length !== 32)
        throw new InputError('an Ed25519 public key is 32 bytes');
    const keyData = Buffer.concat([Buffer.from([ALG_ED25519]), publicKey]);
    return `${name}+${hex8(keyHash(name, keyData))}+${keyData.toString('base64')}`;
}
function hex8(n) {
    return n.toString(16).padStart(8, '0');
}
function malformed(found, where) {
    return new errors/* VerificationError */.mk('signed note format', 'UTF-8 text ending in a newline, a blank line, then lines "\u2014 <name> <base64 signature>"', found, where);
}
/**
 * Checks a signed note. At least one signature must be by one of `verifiers` and every
 * signature by a known verifier must be valid; signatures by unknown keys are ignored.
 * `where` names the source of the note in errors.
 */
function openNote(message, verifiers, where = 'signed note') {
    const bytes = typeof message === 'string' ? Buffer.from(message, 'utf8') : Buffer.from(message);
    let decoded;
    try {
        decoded = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
    }
    catch {
        throw malformed('bytes that are not valid UTF-8', where);
    }
    // eslint-disable-next-line no-control-regex
    if (/[\u0000-\u0009\u000b-\u001f]/.test(decoded)) {
        throw malformed('a control character', where);
    }
    const split = decoded.lastIndexOf('\n\n');
    if (split < 0)
        throw malformed('no blank line before the signatures', where);
    const text = decoded.slice(0, split + 1);
    const sigBlock = decoded.slice(split + 2);
    if (sigBlock === '' || !sigBlock.endsWith('\n')) {
        throw malformed('no signature lines ending in a newline', where);
    }
    const signed = Buffer.from(text, 'utf8');
    const signatures = [];
    const unverified = [];
    const seen = new Set();
    const lines = sigBlock.slice(0, -1).split('\n');
    if (lines.length > MAX_SIGNATURES)
        throw malformed(`${lines.length} signature lines`, where);
    for (const line of lines) {
        if (!line.startsWith(SIG_PREFIX)) {
            throw malformed(`signature line ${JSON.stringify(line)} without the "\u2014 " prefix`, where);
        }
        const rest = line.slice(SIG_PREFIX.length);
        const space = rest.indexOf(' ');
        const name = space < 0 ? rest : rest.slice(0, space);
        const b64 = space < 0 ? '' : rest.slice(space + 1);
        const raw = decodeBase64Strict(b64);
        if (!isValidName(name) || b64 === '' || raw === undefined || raw.length < 5) {
            throw malformed(`malformed signature line ${JSON.stringify(line)}`, where);
        }
        const hash = raw.readUInt32BE(0);
        const sig = raw.subarray(4);
        const verifier = verifiers.find((v) => v.name === name && v.keyHash === hash);
        const id = `${name}+${hex8(hash)}`;
        if (verifier === undefined) {
            unverified.push({ name, keyHash: hash, base64: b64 });
            continue;
        }
        if (seen.has(id))
            continue;
        seen.add(id);
        if (!verifier.verify(signed, sig)) {
            throw new errors/* VerificationError */.mk(`Ed25519 signature by ${id} on the note`, `a valid signature by ${verifier.text}`, 'an invalid signature', where);
        }
        signatures.push({ name, keyHash: hash, base64: b64 });
    }
    if (signatures.length === 0) {
        const keys = verifiers.map((v) => `${v.name}+${hex8(v.keyHash)}`).join(', ');
        const by = unverified.map((s) => `${s.name}+${hex8(s.keyHash)}`).join(', ');
        throw new errors/* VerificationError */.mk('signers of the note', `a signature by ${keys || '(no keys given)'}`, `signatures only by ${by || 'nobody'}`, where);
    }
    return { text, signatures, unverified };
}
/** Signs a note text (must end in "\n") with an Ed25519 private key; for tests and tools. */
function signNote(text, signer) {
    if (!text.endsWith('\n'))
        throw new InputError('note text must end with a newline');
    const keyData = Buffer.concat([Buffer.from([ALG_ED25519]), signer.publicKey]);
    const hash = Buffer.alloc(4);
    hash.writeUInt32BE(keyHash(signer.name, keyData));
    const sig = cryptoSign(null, Buffer.from(text, 'utf8'), signer.privateKey);
    return `${text}\n${SIG_PREFIX}${signer.name} ${Buffer.concat([hash, sig]).toString('base64')}\n`;
}
const TREE_PREFIX = 'go.sum database tree\n';
/**
 * Parses the text of a checksum database tree note: `go.sum database tree\n<N>\n<root>\n`
 * (extra lines after the hash are allowed, for forward compatibility, as in Go).
 */
function parseTreeNote(text, where = 'tree note') {
    const bad = (found) => new errors/* VerificationError */.mk('checksum database tree note', '"go.sum database tree", the decimal tree size and the base64 root hash, one per line', found, where);
    if (!text.startsWith(TREE_PREFIX)) {
        throw bad(`a note starting ${JSON.stringify(text.slice(0, 40))}`);
    }
    const lines = text.split('\n');
    if (lines.length < 4)
        throw bad('fewer than three lines');
    const sizeText = lines[1] ?? '';
    const hashText = lines[2] ?? '';
    if (!/^(0|[1-9][0-9]*)$/.test(sizeText))
        throw bad(`tree size ${JSON.stringify(sizeText)}`);
    const size = Number(sizeText);
    if (!Number.isSafeInteger(size))
        throw bad(`tree size ${sizeText}, too large`);
    const hash = decodeBase64Strict(hashText);
    if (hash === undefined || hash.length !== 32)
        throw bad(`root hash ${JSON.stringify(hashText)}`);
    return { size, hash };
}
/** Formats the text of a tree note (the part that gets signed). */
function formatTreeNote(tree) {
    return `${TREE_PREFIX}${tree.size}\n${tree.hash.toString('base64')}\n`;
}

;// CONCATENATED MODULE: ./src/verify/sumdb/tlog.ts
/**
 * Transparency-log arithmetic for the Go checksum database (the scheme of
 * golang.org/x/mod/sumdb/tlog): RFC 6962 Merkle hashing, the dense "stored hash index"
 * numbering of tree nodes, tiles of height 8 that publish those hashes, and record
 * (inclusion) and tree (consistency) proofs.
 *
 * Everything here is pure except that proofs read hashes through an injected reader.
 * Numbers are JS numbers: tree sizes and stored indexes stay far below 2^53, and no 32-bit
 * bit operators are used on them.
 */


const HASH_SIZE = 32;
/** Tile height used by sum.golang.org. */
const TILE_HEIGHT = 8;
/** Hash of the empty tree: SHA-256 of nothing. */
const EMPTY_TREE_HASH = (0,external_node_crypto_.createHash)('sha256').digest();
/** Leaf hash of a record: SHA-256(0x00 ‖ record). */
function recordHash(record) {
    return (0,external_node_crypto_.createHash)('sha256')
        .update(Buffer.from([0]))
        .update(record)
        .digest();
}
/** Interior node hash: SHA-256(0x01 ‖ left ‖ right). */
function nodeHash(left, right) {
    return (0,external_node_crypto_.createHash)('sha256')
        .update(Buffer.from([1]))
        .update(left)
        .update(right)
        .digest();
}
function assertIndex(n, what) {
    if (!Number.isSafeInteger(n) || n < 0)
        throw new RangeError(`tlog: invalid ${what} ${n}`);
}
/** Largest power of two strictly less than n (n ≥ 2), and its log2. */
function maxPow2(n) {
    let level = 0;
    while (2 ** (level + 1) < n)
        level++;
    return { k: 2 ** level, level };
}
function trailingOnes(n) {
    let count = 0;
    while (n % 2 === 1) {
        count++;
        n = (n - 1) / 2;
    }
    return count;
}
/**
 * Maps the node (level, n) — the n-th hash at that level — to its position in the dense
 * storage order, where each record's leaf hash is followed by the hashes of the subtrees
 * that record completes.
 */
function storedHashIndex(level, n) {
    assertIndex(level, 'level');
    assertIndex(n, 'node number');
    // Level L's n-th hash is stored right after level L-1's (2n+1)-th hash.
    for (let l = level; l > 0; l--)
        n = 2 * n + 1;
    // Level 0's n-th hash is stored at n + n/2 + n/4 + … .
    let i = 0;
    for (; n > 0; n = Math.floor(n / 2))
        i += n;
    return i + level;
}
/** Inverse of storedHashIndex. */
function splitStoredHashIndex(index) {
    assertIndex(index, 'stored hash index');
    // storedHashIndex(0, n) < 2n, so the record is in [index/2, index/2 + log2(index)].
    let n = Math.floor(index / 2);
    let indexN = storedHashIndex(0, n);
    for (;;) {
        // Record n+1 is stored after record n and the (trailing ones of n) subtrees it completes.
        const next = indexN + 1 + trailingOnes(n);
        if (next > index)
            break;
        n++;
        indexN = next;
    }
    const level = index - indexN;
    return { level, n: Math.floor(n / 2 ** level) };
}
/** Number of stored hashes a log of n records has. */
function storedHashCount(n) {
    assertIndex(n, 'tree size');
    if (n === 0)
        return 0;
    return storedHashIndex(0, n - 1) + 1 + trailingOnes(n - 1);
}
/**
 * Stored indexes of the maximal complete subtrees that make up records [lo, hi), left to
 * right: the hashes needed to compute that range's hash.
 */
function subTreeIndex(lo, hi, need) {
    while (lo < hi) {
        const { k, level } = maxPow2(hi - lo + 1);
        need.push(storedHashIndex(level, lo / k));
        lo += k;
    }
}
/** A cursor over hashes read for a list of indexes, consumed in the order they were listed. */
class HashCursor {
    hashes;
    pos = 0;
    constructor(hashes) {
        this.hashes = hashes;
    }
    next() {
        const h = this.hashes[this.pos++];
        if (h === undefined)
            throw new RangeError('tlog: ran out of hashes');
        return h;
    }
    get done() {
        return this.pos === this.hashes.length;
    }
}
/** Hash of records [lo, hi) from the hashes that subTreeIndex(lo, hi) listed. */
function subTreeHash(lo, hi, hashes) {
    const parts = [];
    while (lo < hi) {
        parts.push(hashes.next());
        lo += maxPow2(hi - lo + 1).k;
    }
    let h = parts[parts.length - 1];
    if (h === undefined)
        throw new RangeError('tlog: empty subtree');
    for (let i = parts.length - 2; i >= 0; i--)
        h = nodeHash(parts[i], h);
    return h;
}
/** Reads exactly the hashes asked for, or fails. */
async function readAll(reader, indexes) {
    const hashes = indexes.length === 0 ? [] : await reader(indexes);
    if (hashes.length !== indexes.length) {
        throw new RangeError(`tlog: reader returned ${hashes.length} hashes for ${indexes.length}`);
    }
    return new HashCursor(hashes);
}
/** Root hash of the tree of size n, from the stored hashes the reader supplies. */
async function treeHash(n, reader) {
    assertIndex(n, 'tree size');
    if (n === 0)
        return EMPTY_TREE_HASH;
    const need = [];
    subTreeIndex(0, n, need);
    return subTreeHash(0, n, await readAll(reader, need));
}
function leafProofIndex(lo, hi, n, need) {
    if (lo + 1 === hi)
        return;
    const { k } = maxPow2(hi - lo);
    if (n < lo + k) {
        leafProofIndex(lo, lo + k, n, need);
        subTreeIndex(lo + k, hi, need);
    }
    else {
        subTreeIndex(lo, lo + k, need);
        leafProofIndex(lo + k, hi, n, need);
    }
}
function leafProof(lo, hi, n, hashes) {
    if (lo + 1 === hi)
        return [];
    const { k } = maxPow2(hi - lo);
    // Hashes were listed in tree order, so read them back in the same order.
    if (n < lo + k) {
        const p = leafProof(lo, lo + k, n, hashes);
        return [...p, subTreeHash(lo + k, hi, hashes)];
    }
    const sibling = subTreeHash(lo, lo + k, hashes);
    return [...leafProof(lo + k, hi, n, hashes), sibling];
}
function checkTreeArgs(t, n, what) {
    assertIndex(t, 'tree size');
    assertIndex(n, what);
}
/** The proof that the tree of size t contains record n. */
async function proveRecord(t, n, reader) {
    checkTreeArgs(t, n, 'record number');
    if (n >= t)
        throw new RangeError(`tlog: record ${n} is not in a tree of size ${t}`);
    const need = [];
    leafProofIndex(0, t, n, need);
    const cursor = await readAll(reader, need);
    const proof = leafProof(0, t, n, cursor);
    if (!cursor.done)
        throw new RangeError('tlog: bad index math in proveRecord');
    return proof;
}
/**
 * Runs an inclusion proof: the root hash of the tree of size t implied by record n having
 * leaf hash `leaf`. Undefined when the proof has the wrong shape for (t, n).
 */
function recordProofRoot(proof, t, n, leaf) {
    checkTreeArgs(t, n, 'record number');
    if (n >= t)
        return undefined;
    const run = (p, lo, hi) => {
        if (lo + 1 === hi)
            return p.length === 0 ? Buffer.from(leaf) : undefined;
        const last = p[p.length - 1];
        if (last === undefined)
            return undefined;
        const { k } = maxPow2(hi - lo);
        const rest = p.slice(0, -1);
        if (n < lo + k) {
            const h = run(rest, lo, lo + k);
            return h && nodeHash(h, last);
        }
        const h = run(rest, lo + k, hi);
        return h && nodeHash(last, h);
    };
    return run(proof, 0, t);
}
/** Whether `proof` shows that the tree of size t with root `root` has leaf `leaf` at n. */
function checkRecord(proof, t, root, n, leaf) {
    const computed = recordProofRoot(proof, t, n, leaf);
    return computed !== undefined && computed.equals(root);
}
function treeProofIndex(lo, hi, n, need) {
    if (n === hi) {
        if (lo !== 0)
            subTreeIndex(lo, hi, need);
        return;
    }
    const { k } = maxPow2(hi - lo);
    if (n <= lo + k) {
        treeProofIndex(lo, lo + k, n, need);
        subTreeIndex(lo + k, hi, need);
    }
    else {
        subTreeIndex(lo, lo + k, need);
        treeProofIndex(lo + k, hi, n, need);
    }
}
function treeProof(lo, hi, n, hashes) {
    if (n === hi)
        return lo === 0 ? [] : [subTreeHash(lo, hi, hashes)];
    const { k } = maxPow2(hi - lo);
    if (n <= lo + k) {
        const p = treeProof(lo, lo + k, n, hashes);
        return [...p, subTreeHash(lo + k, hi, hashes)];
    }
    const sibling = subTreeHash(lo, lo + k, hashes);
    return [...treeProof(lo + k, hi, n, hashes), sibling];
}
/** The proof that the tree of size t contains the tree of size n (1 ≤ n ≤ t) as a prefix. */
async function proveTree(t, n, reader) {
    checkTreeArgs(t, n, 'older tree size');
    if (n < 1 || n > t)
        throw new RangeError(`tlog: cannot prove tree ${n} within tree ${t}`);
    const need = [];
    treeProofIndex(0, t, n, need);
    const cursor = await readAll(reader, need);
    const proof = treeProof(0, t, n, cursor);
    if (!cursor.done)
        throw new RangeError('tlog: bad index math in proveTree');
    return proof;
}
/**
 * Runs a consistency proof: the roots of the older tree (size n) and the newer tree (size t)
 * it implies, given the older root. Undefined when the proof has the wrong shape.
 * Comparing both with the signed roots tells bad data (newer root differs) from a fork
 * (newer root matches, older does not).
 */
function treeProofRoots(proof, t, n, olderRoot) {
    checkTreeArgs(t, n, 'older tree size');
    if (n < 1 || n > t)
        return undefined;
    const run = (p, lo, hi) => {
        if (n === hi) {
            if (lo === 0) {
                return p.length === 0
                    ? { older: Buffer.from(olderRoot), newer: Buffer.from(olderRoot) }
                    : undefined;
            }
            const only = p[0];
            return p.length === 1 && only
                ? { older: Buffer.from(only), newer: Buffer.from(only) }
                : undefined;
        }
        const last = p[p.length - 1];
        if (last === undefined)
            return undefined;
        const { k } = maxPow2(hi - lo);
        const rest = p.slice(0, -1);
        if (n <= lo + k) {
            const r = run(rest, lo, lo + k);
            return r && { older: r.older, newer: nodeHash(r.newer, last) };
        }
        const r = run(rest, lo + k, hi);
        return r && { older: nodeHash(last, r.older), newer: nodeHash(last, r.newer) };
    };
    return run(proof, 0, t);
}
/** Whether `proof` shows the tree (t, newRoot) extends the tree (n, oldRoot). */
function checkTree(proof, t, newRoot, n, oldRoot) {
    const r = treeProofRoots(proof, t, n, oldRoot);
    return r !== undefined && r.newer.equals(newRoot) && r.older.equals(oldRoot);
}
/**
 * The tile path `tile/<h>/<l>/<n>[.p/<w>]`, n written in three-digit groups with all but
 * the last prefixed by "x" (1234067 → x001/x234/067) to keep directories small.
 */
function tilePath(tile) {
    let n = tile.n;
    let digits = String(n % 1000).padStart(3, '0');
    while (n >= 1000) {
        n = Math.floor(n / 1000);
        digits = `x${String(n % 1000).padStart(3, '0')}/${digits}`;
    }
    const partial = tile.w === 2 ** tile.h ? '' : `.p/${tile.w}`;
    const level = tile.l === -1 ? 'data' : String(tile.l);
    return `tile/${tile.h}/${level}/${digits}${partial}`;
}
/** Parses a tile path; undefined when it is not in canonical form. */
function parseTilePath(path) {
    const m = /^tile\/([0-9]+)\/(data|[0-9]+)\/((?:x[0-9]{3}\/)*[0-9]{3})(?:\.p\/([0-9]+))?$/.exec(path);
    if (!m)
        return undefined;
    const h = Number(m[1]);
    const l = m[2] === 'data' ? -1 : Number(m[2]);
    if (h < 1 || h > 30 || l > 63)
        return undefined;
    let n = 0;
    for (const part of (m[3] ?? '').split('/'))
        n = n * 1000 + Number(part.replace(/^x/, ''));
    const w = m[4] === undefined ? 2 ** h : Number(m[4]);
    if (!(w >= 1 && w <= 2 ** h))
        return undefined;
    const tile = { h, l, n, w };
    return tilePath(tile) === path ? tile : undefined;
}
/**
 * The narrowest tile of height h holding the hash at a stored index, and where in that tile
 * the 2^k hashes whose subtree hash it is start and end (in hashes).
 */
function tileForIndex(h, index) {
    const { level, n } = splitStoredHashIndex(index);
    const l = Math.floor(level / h);
    const k = level - l * h; // level inside the tile
    const tileN = Math.floor((n * 2 ** k) / 2 ** h);
    const within = n - tileN * 2 ** (h - k); // node number at level k inside the tile
    const start = within * 2 ** k;
    const end = (within + 1) * 2 ** k;
    return { tile: { h, l, n: tileN, w: end }, start, end };
}
/**
 * The tile the log of size `treeSize` publishes that holds a stored index: full when the
 * tree has filled it, otherwise the partial tile of exactly the width the tree implies (the
 * server publishes that width for this tree size, whatever width the index itself needs).
 */
function tileInTree(h, index, treeSize) {
    const { tile, end } = tileForIndex(h, index);
    const hashesAtLevel = Math.floor(treeSize / 2 ** (h * tile.l));
    const w = Math.min(2 ** h, hashesAtLevel - tile.n * 2 ** h);
    if (w < end) {
        throw new RangeError(`tlog: stored hash ${index} is not in a tree of size ${treeSize}`);
    }
    return { ...tile, w };
}
/** Subtree hash of 2^k consecutive hashes of one tile level. */
function tileSubtreeHash(data, start, end) {
    if (end - start === 1)
        return Buffer.from(data.subarray(start * HASH_SIZE, end * HASH_SIZE));
    const mid = (start + end) / 2;
    return nodeHash(tileSubtreeHash(data, start, mid), tileSubtreeHash(data, mid, end));
}
/** The hash at a stored index, from the data of a tile that holds it (or a wider one). */
function hashFromTile(tile, data, index) {
    if (data.length < tile.w * HASH_SIZE) {
        throw new RangeError(`tlog: ${tilePath(tile)} data is ${data.length} bytes, too short`);
    }
    const { tile: want, start, end } = tileForIndex(tile.h, index);
    if (want.l !== tile.l || want.n !== tile.n || want.w > tile.w) {
        throw new RangeError(`tlog: stored hash ${index} is in ${tilePath(want)}, not ${tilePath(tile)}`);
    }
    return tileSubtreeHash(data, start, end);
}
/**
 * A HashReader over the tiles of the log at size `treeSize`. Tiles are read at most once per
 * reader and in parallel. The hashes are only as good as the tiles: callers check what they
 * compute from them against a signed root (record and tree proofs do exactly that).
 */
function tileHashReader(treeSize, readTile, h = TILE_HEIGHT) {
    const cache = new Map();
    const load = (tile) => {
        const key = tilePath(tile);
        let p = cache.get(key);
        if (p === undefined) {
            p = readTile(tile).then((data) => {
                if (data.length !== tile.w * HASH_SIZE) {
                    throw new errors/* VerificationError */.mk(`size of ${key}`, `${tile.w * HASH_SIZE} bytes`, `${data.length} bytes`, key);
                }
                return data;
            });
            cache.set(key, p);
        }
        return p;
    };
    return async (indexes) => {
        const tiles = indexes.map((index) => tileInTree(h, index, treeSize));
        const data = await Promise.all(tiles.map(load));
        return indexes.map((index, i) => hashFromTile(tiles[i], data[i], index));
    };
}

;// CONCATENATED MODULE: ./src/verify/sumdb/client.ts
/**
 * A Go checksum database client: looks up a module version, checks the signed tree note,
 * proves the record is in the tree with tiles, and keeps the last verified tree head so that
 * a database showing different histories to different clients (a fork) is caught.
 *
 * Effects (HTTP, the state file) sit here; the math is in note.ts and tlog.ts.
 */







/**
 * Parses a GOSUMDB setting as the go command does: empty → sum.golang.org; a known name;
 * a verifier key `name+hash+key`; optionally followed by the database URL.
 */
function parseGosumdb(value) {
    const fields = (value ?? '').trim().split(/\s+/).filter(Boolean);
    if (fields.length === 0)
        fields.push('sum.golang.org');
    if (fields[0] === 'off') {
        throw new errors/* InputError */.dz('GOSUMDB=off: the checksum database is disabled, so module downloads cannot be verified');
    }
    if (fields.length > 2) {
        throw new errors/* InputError */.dz(`invalid GOSUMDB ${JSON.stringify(value)}: expected "<name or key> [<url>]"`);
    }
    let key = fields[0];
    let directUrl;
    if (key === 'sum.golang.org')
        key = SUM_GOLANG_ORG_KEY;
    else if (key === 'sum.golang.google.cn') {
        // The mirror for mainland China serves the same log under the same key.
        key = SUM_GOLANG_ORG_KEY;
        directUrl = 'https://sum.golang.google.cn';
    }
    const verifier = parseVerifierKey(key);
    const url = fields[1];
    if (url !== undefined) {
        try {
            const parsed = new URL(url);
            if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')
                throw new Error('scheme');
        }
        catch {
            throw new errors/* InputError */.dz(`invalid GOSUMDB URL ${JSON.stringify(url)}`);
        }
        directUrl = url;
    }
    return {
        name: verifier.name,
        verifier,
        directUrl: (directUrl ?? `https://${verifier.name}`).replace(/\/+$/, ''),
    };
}
/** Raised when two signed trees cannot both be true: the log was forked (or the key stolen). */
class TreeForkError extends errors/* VerificationError */.mk {
    earlier;
    later;
    impliedRoot;
    name = 'TreeForkError';
    constructor(earlier, later, 
    /** The root that the later tree implies for the earlier size, when a proof was run. */
    impliedRoot) {
        super(`root of checksum database tree ${earlier.size}`, `${earlier.root} (verified earlier, ${earlier.source})`, impliedRoot === undefined ? later.root : `${impliedRoot} (implied by tree ${later.size})`, later.source);
        this.earlier = earlier;
        this.later = later;
        this.impliedRoot = impliedRoot;
        this.message =
            'the checksum database presented a tree inconsistent with one verified earlier: possible fork. ' +
                `Earlier: tree ${earlier.size} root ${earlier.root} (${earlier.source}). ` +
                `Now: tree ${later.size} root ${later.root} (${later.source})` +
                (impliedRoot === undefined
                    ? '.'
                    : `, whose consistency proof gives root ${impliedRoot} for tree ${earlier.size}.`) +
                `\nearlier note:\n${earlier.note}\nlater note:\n${later.note}`;
    }
}
function malformedLookup(found, where) {
    return new errors/* VerificationError */.mk('checksum database lookup answer', 'a record id line, the record lines, a blank line and a signed tree note', found, where);
}
/** Parses a lookup answer; the record text must be valid record text as Go defines it. */
function parseLookupResponse(body, where) {
    let text;
    try {
        text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(body);
    }
    catch {
        throw malformedLookup('bytes that are not valid UTF-8', where);
    }
    const nl = text.indexOf('\n');
    const idText = nl < 0 ? text : text.slice(0, nl);
    if (nl < 0 || !/^(0|[1-9][0-9]*)$/.test(idText) || !Number.isSafeInteger(Number(idText))) {
        throw malformedLookup(`first line ${JSON.stringify(idText.slice(0, 40))}`, where);
    }
    const rest = text.slice(nl + 1);
    const blank = rest.indexOf('\n\n');
    if (blank < 0)
        throw malformedLookup('no blank line after the record', where);
    const record = rest.slice(0, blank + 1);
    // eslint-disable-next-line no-control-regex
    if (record === '\n' || /[\u0000-\u0009\u000b-\u001f]/.test(record)) {
        throw malformedLookup('an empty record or control characters in it', where);
    }
    return { id: Number(idText), record, note: rest.slice(blank + 2) };
}
const FULL_TILE_BYTES = 2 ** TILE_HEIGHT * HASH_SIZE;
class SumdbClient {
    settings;
    proxies;
    fetcher;
    stateFile;
    basePromise;
    /** Latest verified head in memory (also the only one without a state directory). */
    latestInMemory;
    constructor(options = {}) {
        this.settings = parseGosumdb(options.gosumdb);
        const goproxy = options.goproxy;
        this.proxies = typeof goproxy === 'object' ? goproxy : parseGoproxy(goproxy);
        this.fetcher = options.fetcher ?? nodeFetcher();
        this.stateFile =
            options.stateDir === undefined
                ? undefined
                : (0,external_node_path_.join)(options.stateDir, encodeURIComponent(this.settings.name), 'latest');
    }
    /**
     * The database base URL: the first proxy that answers 200 on /sumdb/<name>/supported,
     * else the database itself (Go's rules: 404/410, or any failure after "|", move on).
     */
    databaseUrl() {
        this.basePromise ??= this.findBase();
        // A failed probe must not stick: the next call tries again.
        this.basePromise.catch(() => (this.basePromise = undefined));
        return this.basePromise;
    }
    async findBase() {
        const name = this.settings.name;
        for (const entry of this.proxies) {
            if (entry.kind !== 'url')
                break; // "direct" and "off": talk to the database itself
            const base = `${entry.url}/sumdb/${name}`;
            const url = `${base}/supported`;
            let res;
            try {
                res = await this.fetcher(url);
            }
            catch (err) {
                if (!(err instanceof errors/* NetworkError */.Dr))
                    throw err;
                if (entry.fallBackOnError)
                    continue;
                throw new errors/* NetworkError */.Dr(`the checksum database ${name} is unreachable: the module proxy ${entry.url} could not be asked whether it serves it (${err.message})`, url, err.retryable, err.status, { cause: err });
            }
            if (res.status === 200)
                return base;
            if (res.status === 404 || res.status === 410 || entry.fallBackOnError)
                continue;
            throw new errors/* NetworkError */.Dr(`the module proxy ${entry.url} answered HTTP ${res.status} when asked whether it serves the checksum database ${name} (${url})`, url, res.status >= 500 || res.status === 429, res.status);
        }
        return this.settings.directUrl;
    }
    /** GET below the database URL; non-200 answers and network failures become NetworkErrors. */
    async get(path, what) {
        const base = await this.databaseUrl();
        const url = `${base}/${path}`;
        let res;
        try {
            res = await this.fetcher(url);
        }
        catch (err) {
            if (!(err instanceof errors/* NetworkError */.Dr))
                throw err;
            throw new errors/* NetworkError */.Dr(`the checksum database ${this.settings.name} is unreachable at ${base}: ${err.message}`, url, err.retryable, err.status, { cause: err });
        }
        if (res.status !== 200) {
            const detail = res.body.subarray(0, 300).toString('utf8').trim();
            throw new errors/* NetworkError */.Dr(`the checksum database ${this.settings.name} answered HTTP ${res.status} for ${what} (${url})${detail ? `: ${detail}` : ''}`, url, res.status >= 500 || res.status === 429, res.status);
        }
        return { body: res.body, url };
    }
    /**
     * Tiles fetched by this client, by path. A tile path names fixed content in an append-only
     * log, and every use of a tile is checked against a signed root, so sharing them between
     * the consistency check and the inclusion proof is safe; failed fetches are not kept, and
     * the cache is dropped after any verification failure.
     */
    tiles = new Map();
    readTile = (tile) => {
        const key = tilePath(tile);
        let p = this.tiles.get(key);
        if (p === undefined) {
            p = this.fetchTile(tile);
            this.tiles.set(key, p);
            p.catch(() => this.tiles.delete(key));
        }
        return p;
    };
    /** Fetches one tile of the log; a partial tile that is gone is cut from the full one. */
    async fetchTile(tile) {
        const path = tilePath(tile);
        const full = { ...tile, w: 2 ** tile.h };
        if (tile.w === full.w)
            return (await this.get(path, `tile ${path}`)).body;
        try {
            return (await this.get(path, `tile ${path}`)).body;
        }
        catch (err) {
            // Once the log grows past this tree's edge, servers may keep only the full tile;
            // its first w hashes are the partial tile (as Go's client does).
            if (!(err instanceof errors/* NetworkError */.Dr) || err.status === undefined)
                throw err;
            const fullPath = tilePath(full);
            const { body, url } = await this.get(fullPath, `tile ${fullPath}`);
            if (body.length !== FULL_TILE_BYTES) {
                throw new errors/* VerificationError */.mk(`size of ${fullPath}`, `${FULL_TILE_BYTES} bytes`, `${body.length} bytes`, url);
            }
            return body.subarray(0, tile.w * HASH_SIZE);
        }
    }
    verifyTreeNote(note, where) {
        const opened = openNote(note, [this.settings.verifier], where);
        const head = parseTreeNote(opened.text, where);
        return { ...head, note, source: where };
    }
    async loadState() {
        if (this.stateFile === undefined) {
            const t = this.latestInMemory;
            return t && { tree: t, raw: t.note };
        }
        let raw;
        try {
            raw = await (0,promises_.readFile)(this.stateFile, 'utf8');
        }
        catch (err) {
            if (err.code === 'ENOENT')
                return undefined;
            throw err;
        }
        // The file is written atomically, so a bad one was tampered with: refuse, do not reset.
        const tree = this.verifyTreeNote(raw, `state file ${this.stateFile}`);
        return { tree, raw };
    }
    async saveState(tree) {
        this.latestInMemory = tree;
        if (this.stateFile === undefined)
            return;
        await (0,promises_.mkdir)((0,external_node_path_.join)(this.stateFile, '..'), { recursive: true });
        const tmp = `${this.stateFile}.${process.pid}.${(0,external_node_crypto_.randomBytes)(4).toString('hex')}.tmp`;
        try {
            await (0,promises_.writeFile)(tmp, tree.note);
            await (0,promises_.rename)(tmp, this.stateFile);
        }
        catch (err) {
            await (0,promises_.rm)(tmp, { force: true });
            throw err;
        }
    }
    /** Proves that `newer` extends `older`, reading tiles of `newer`. */
    async checkConsistent(older, newer) {
        if (older.size === newer.size) {
            if (!older.hash.equals(newer.hash))
                throw this.forkError(older, newer, undefined);
            return;
        }
        if (older.size === 0)
            return; // the empty tree is a prefix of every tree
        const reader = tileHashReader(newer.size, this.readTile);
        const proof = await proveTree(newer.size, older.size, reader);
        const roots = treeProofRoots(proof, newer.size, older.size, older.hash);
        if (roots === undefined)
            throw new RangeError('tlog: consistency proof of the wrong shape');
        if (!roots.newer.equals(newer.hash)) {
            // The tiles are not the signed tree's: bad data in transit or in a cache, not a fork.
            throw new errors/* VerificationError */.mk(`root of checksum database tree ${newer.size} computed from its tiles`, newer.hash.toString('base64'), roots.newer.toString('base64'), await this.databaseUrl());
        }
        if (!roots.older.equals(older.hash))
            throw this.forkError(older, newer, roots.older);
    }
    forkError(older, newer, implied) {
        const describe = (t) => ({
            size: t.size,
            root: t.hash.toString('base64'),
            note: t.note,
            source: t.source,
        });
        return new TreeForkError(describe(older), describe(newer), implied?.toString('base64'));
    }
    /**
     * Merges a newly seen signed tree with the stored one after checking they agree, and
     * returns the larger of the two (the tree to prove records against).
     */
    async mergeTree(seen) {
        for (let attempt = 0; attempt < 5; attempt++) {
            const stored = await this.loadState();
            if (stored === undefined) {
                await this.saveState(seen);
                return seen;
            }
            const known = stored.tree;
            if (seen.size <= known.size) {
                await this.checkConsistent(seen, known);
                this.latestInMemory = known;
                return known;
            }
            await this.checkConsistent(known, seen);
            // Another process may have moved the state on meanwhile: only replace what we checked.
            const now = await this.loadState();
            if (now?.raw === stored.raw) {
                await this.saveState(seen);
                return seen;
            }
        }
        throw new Error(`the checksum database state ${this.stateFile} keeps changing; try again`);
    }
    /** Fetches, verifies and records the database's latest signed tree head. */
    async latest() {
        const { body, url } = await this.get('latest', 'the latest tree');
        let tree;
        try {
            tree = await this.mergeTree(this.verifyTreeNote(body.toString('utf8'), url));
        }
        catch (err) {
            if (err instanceof errors/* VerificationError */.mk)
                this.tiles.clear();
            throw err;
        }
        return { size: tree.size, rootHash: tree.hash.toString('base64'), note: tree.note };
    }
    /** Looks up a module version and proves its go.sum lines are in the log. */
    async lookup(module, version) {
        const path = `lookup/${escapeModulePath(module)}@${escapeVersion(version)}`;
        const { body, url } = await this.get(path, `${module}@${version}`);
        return this.verifyLookupResponse(body, module, version, url);
    }
    /**
     * Verifies a lookup answer obtained elsewhere (a cache, a record file): signature, tree
     * consistency with what was verified before, inclusion of the record, and its lines.
     */
    async verifyLookupResponse(body, module, version, where) {
        try {
            return await this.verifyAnswer(body, module, version, where);
        }
        catch (err) {
            if (err instanceof errors/* VerificationError */.mk)
                this.tiles.clear(); // refetch on a retry
            throw err;
        }
    }
    async verifyAnswer(body, module, version, where) {
        const answer = parseLookupResponse(body, where);
        const seen = this.verifyTreeNote(answer.note, where);
        const tree = await this.mergeTree(seen);
        if (answer.id >= tree.size) {
            throw new errors/* VerificationError */.mk(`record id of ${module}@${version}`, `less than the tree size ${tree.size}`, String(answer.id), where);
        }
        const reader = tileHashReader(tree.size, this.readTile);
        const [proof, [logLeaf]] = await Promise.all([
            proveRecord(tree.size, answer.id, reader),
            reader([storedHashIndex(0, answer.id)]),
        ]);
        const leaf = recordHash(answer.record);
        const root = recordProofRoot(proof, tree.size, answer.id, leaf);
        if (root === undefined || !root.equals(tree.hash)) {
            // Tell a wrong record from wrong tiles: do the tiles support the signed root by themselves?
            const tileRoot = logLeaf && recordProofRoot(proof, tree.size, answer.id, logLeaf);
            if (logLeaf && tileRoot?.equals(tree.hash)) {
                throw new errors/* VerificationError */.mk(`leaf hash of the record for ${module}@${version} (record ${answer.id})`, `${logLeaf.toString('base64')} (in the log, proven against tree ${tree.size})`, leaf.toString('base64'), where);
            }
            throw new errors/* VerificationError */.mk(`inclusion proof of record ${answer.id} (${module}@${version}) computed from the tiles`, `root ${tree.hash.toString('base64')} of the signed tree ${tree.size}`, `root ${root?.toString('base64') ?? '(malformed proof)'}`, await this.databaseUrl());
        }
        const lines = answer.record.slice(0, -1).split('\n');
        const zipPrefix = `${module} ${version} `;
        const modPrefix = `${module} ${version}/go.mod `;
        const mine = lines.filter((l) => l.startsWith(zipPrefix) || l.startsWith(modPrefix));
        const h1 = hashOf(mine, zipPrefix);
        if (h1 === undefined) {
            throw new errors/* VerificationError */.mk(`checksum database record ${answer.id}`, `a line "${zipPrefix}h1:…"`, JSON.stringify(answer.record), where);
        }
        const goModH1 = hashOf(mine, modPrefix);
        return {
            module,
            version,
            lines: mine,
            h1,
            ...(goModH1 === undefined ? {} : { goModH1 }),
            recordId: answer.id,
            treeSize: tree.size,
            rootHash: tree.hash.toString('base64'),
            treeNote: tree.note,
            databaseUrl: await this.databaseUrl(),
        };
    }
}
function hashOf(lines, prefix) {
    const line = lines.find((l) => l.startsWith(prefix) && l.slice(prefix.length).startsWith('h1:'));
    return line?.slice(prefix.length);
}

// EXTERNAL MODULE: ./src/verify/sumdb/dirhash.ts
var sumdb_dirhash = __webpack_require__(4428);
// EXTERNAL MODULE: ./src/install/extract-zip.ts + 1 modules
var extract_zip = __webpack_require__(400);
// EXTERNAL MODULE: ./src/install/module-tree.ts
var module_tree = __webpack_require__(6192);
// EXTERNAL MODULE: ./src/install/release-archive.ts + 1 modules
var release_archive = __webpack_require__(1069);
;// CONCATENATED MODULE: ./src/install/proxy-source.ts
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
/** Largest checksum-database or list answer accepted. */
const MAX_DOCUMENT_BYTES = 16 * 1024 * 1024;
/**
 * A Fetcher (for proxyGet and SumdbClient) on this project's HTTP stack, so module proxies and
 * the checksum database are reached with the same proxies, CA certificates, retries and
 * timeouts as every other download. `file://` URLs (GOPROXY=file:///…) are read from disk.
 */
function httpFetcher(http = {}) {
    const files = nodeFetcher();
    return async (url) => {
        if (url.startsWith('file:'))
            return files(url);
        try {
            return {
                status: 200,
                body: await (0,fetch_http/* fetchBytes */.ci)(url, { ...http, maxBytes: MAX_DOCUMENT_BYTES }),
            };
        }
        catch (err) {
            if (err instanceof fetch_http/* HttpStatusError */.F9)
                return { status: err.status ?? 0, body: Buffer.alloc(0) };
            throw err;
        }
    };
}
function proxyList(goproxy) {
    const list = typeof goproxy === 'string' ? parseGoproxy(goproxy) : goproxy;
    const first = list[0];
    if (first?.kind !== 'url') {
        throw new errors/* InputError */.dz(`GOPROXY ${first?.kind === 'off' ? '"off" forbids' : '"direct" cannot serve'} toolchain downloads: ` +
            `set GOPROXY to a module proxy (e.g. https://proxy.golang.org)`);
    }
    return list;
}
/** The versions of golang.org/toolchain a proxy lists (`v0.0.1-go1.22.5.linux-amd64`, …). */
async function listToolchainVersions(goproxy, http = {}) {
    const { body } = await proxyGet(proxyList(goproxy), proxyPaths.list(module_tree/* TOOLCHAIN_MODULE */.xc), httpFetcher(http));
    return body
        .toString('utf8')
        .split('\n')
        .map((l) => l.trim())
        .filter((l) => l !== '');
}
/** A checksum-database client reached through the proxies, on this project's HTTP stack. */
function sumdbClient(goproxy, opts) {
    return new SumdbClient({
        goproxy: typeof goproxy === 'string' ? parseGoproxy(goproxy) : goproxy,
        fetcher: httpFetcher(opts.http),
        ...(opts.gosumdb === undefined ? {} : { gosumdb: opts.gosumdb }),
        ...(opts.sumdbStateDir === undefined ? {} : { stateDir: opts.sumdbStateDir }),
    });
}
/** Looks the module version up; a version the database does not know is a verification failure. */
async function lookUpToolchain(client, version) {
    try {
        return await client.lookup(module_tree/* TOOLCHAIN_MODULE */.xc, version);
    }
    catch (err) {
        if (err instanceof errors/* NetworkError */.Dr && (err.status === 404 || err.status === 410)) {
            throw new errors/* VerificationError */.mk(`checksum database record of ${module_tree/* TOOLCHAIN_MODULE */.xc}@${version}`, 'a record (the Go team publishes one for every toolchain)', `none (${err.message})`, err.url);
        }
        throw err;
    }
}
/**
 * A Fetcher that streams a zip into `file` (SHA-256 and size on the way) instead of
 * returning it: proxyGet then applies GOPROXY's fallback rules to the download. A body cut
 * off midway is retried here; HTTP statuses go back to proxyGet.
 */
function zipDownloader(file, http, logger, saved) {
    const save = async (source, url) => {
        const sha = (0,external_node_crypto_.createHash)('sha256');
        let size = 0;
        const hasher = new external_node_stream_.Transform({
            transform(chunk, _enc, cb) {
                size += chunk.length;
                if (size > MAX_ZIP_BYTES) {
                    cb(new errors/* NetworkError */.Dr(`${url} is larger than ${MAX_ZIP_BYTES} bytes`, url, false));
                    return;
                }
                sha.update(chunk);
                cb(null, chunk);
            },
        });
        await (0,external_node_stream_promises_.pipeline)(source, hasher, (0,external_node_fs_.createWriteStream)(file));
        saved({ url, size, sha256: sha.digest('hex') });
    };
    return async (url) => {
        if (url.startsWith('file:')) {
            try {
                await save((0,external_node_fs_.createReadStream)((0,external_node_url_.fileURLToPath)(url)), url);
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
            await (0,fetch_http/* withRetries */.LH)(async () => {
                const opened = await (0,fetch_http/* openStream */.fv)(url, { ...http, retries: 0 });
                await save(opened.body, opened.url);
            }, {
                ...http,
                onRetry: (err, n, ms) => logger.warning(`download of ${url} failed (${err.message}); retry ${n} in ${Math.round(ms / 1000)} s`),
            });
        }
        catch (err) {
            if (err instanceof fetch_http/* HttpStatusError */.F9)
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
    const version = (0,module_tree/* toolchainModuleVersion */.AL)(opts.tag, opts.os, opts.arch);
    const module = `${module_tree/* TOOLCHAIN_MODULE */.xc}@${version}`;
    const list = proxyList(opts.goproxy);
    const client = opts.sumdb ?? sumdbClient(list, opts);
    const destDir = external_node_path_.resolve(opts.destDir);
    await (0,promises_.mkdir)(external_node_path_.dirname(destDir), { recursive: true });
    const file = external_node_path_.join(external_node_path_.dirname(destDir), `.download-${(0,external_node_crypto_.randomBytes)(6).toString('hex')}.zip`);
    try {
        const { record, downloaded } = await lookUpWhileDownloading(client, version, list, file, opts);
        const tree = await unpackVerified(file, destDir, version, record, downloaded.url);
        opts.logger.info(`${module}: ${tree.files} files match ${record.h1}`);
        return {
            artifact: {
                name: `${version}.zip`,
                module: module_tree/* TOOLCHAIN_MODULE */.xc,
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
        };
    }
    finally {
        await (0,promises_.rm)(file, { force: true });
    }
}
/**
 * Asks the checksum database and downloads the zip at the same time: the proof is a few
 * small requests whose latency would otherwise come before the whole download. When the
 * database fails (unknown version, forged note, unreachable), the download is aborted and
 * the database's error is the one reported; nothing is unpacked before both succeed.
 */
async function lookUpWhileDownloading(client, version, list, file, opts) {
    const module = `${module_tree/* TOOLCHAIN_MODULE */.xc}@${version}`;
    const abort = new AbortController();
    const lookup = lookUpToolchain(client, version).then((record) => {
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
        await proxyGet(list, proxyPaths.zip(module_tree/* TOOLCHAIN_MODULE */.xc, version), fetcher);
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
    const module = `${module_tree/* TOOLCHAIN_MODULE */.xc}@${version}`;
    const expected = `${record.h1} (checksum database ${record.databaseUrl}, record ${record.recordId}, tree ${record.treeSize})`;
    const what = `h1 of ${module}`;
    const dirhash = new sumdb_dirhash/* DirHash */._0();
    const executables = {};
    let result;
    try {
        result = await (0,extract_zip/* extractZip */.J)(file, destDir, {
            ...(0,module_tree/* moduleZipMapping */.qf)(version),
            onFile: (f) => {
                dirhash.add(f.archiveName, f.sha256);
                if ((0,release_archive.isToolchainExecutable)(f.name))
                    executables[f.name] = f.sha256;
            },
        });
    }
    catch (err) {
        // A published zip unpacks cleanly: one that does not is not the database's zip. Other
        // failures (disk full, permissions) are this machine's and keep their own error.
        const message = err.message ?? String(err);
        if (err instanceof errors/* UnsafeArchiveError */.td ||
            err instanceof errors/* InputError */.dz ||
            /^corrupt zip/.test(message)) {
            throw new errors/* VerificationError */.mk(what, expected, `a zip that cannot be unpacked: ${message}`, url);
        }
        throw err;
    }
    // The database hashed every entry; the sum above covers regular files only, so any other
    // entry (a directory, including the module root) makes this another zip.
    const others = result.directories + result.skipped + result.symlinks + result.hardlinks;
    if (others > 0) {
        throw new errors/* VerificationError */.mk(what, expected, `a zip with ${others} entries that are not regular files (a published toolchain zip has none)`, url);
    }
    // Every file must be in the sum, or a file could land on disk unchecked.
    if (dirhash.size !== result.files) {
        throw new Error(`${module}: ${result.files} files unpacked but ${dirhash.size} hashed`);
    }
    const found = dirhash.sum();
    if (found !== record.h1)
        throw new errors/* VerificationError */.mk(what, expected, found, url);
    return { files: result.files, bytes: result.bytes, executables };
}


/***/ }),

/***/ 1069:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  installReleaseArchive: () => (/* binding */ installReleaseArchive),
  isToolchainExecutable: () => (/* binding */ isToolchainExecutable)
});

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: external "node:stream"
var external_node_stream_ = __webpack_require__(7075);
// EXTERNAL MODULE: external "node:stream/promises"
var external_node_stream_promises_ = __webpack_require__(6466);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
// EXTERNAL MODULE: ./src/fetch/http.ts + 5 modules
var http = __webpack_require__(6225);
// EXTERNAL MODULE: ./src/verify/digest.ts
var digest = __webpack_require__(3909);
// EXTERNAL MODULE: ./node_modules/openpgp/dist/node/openpgp.mjs
var openpgp = __webpack_require__(3074);
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
        return {
            primaryFingerprint: fingerprintOf(c.primary),
            signingKeyFingerprint: fingerprintOf(c.signer),
            created: packet.created,
            hashAlgorithm: openpgp/* enums */.vP.read(openpgp/* enums */.vP.hash, packet.hashAlgorithm).toUpperCase(),
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

// EXTERNAL MODULE: ./src/install/extract-tar.ts + 4 modules
var extract_tar = __webpack_require__(51);
// EXTERNAL MODULE: ./src/install/extract-zip.ts + 1 modules
var extract_zip = __webpack_require__(400);
;// CONCATENATED MODULE: ./src/install/release-archive.ts
/**
 * Download → verify → extract of one release archive, in a single streaming pass: the
 * bytes are hashed (SHA-256, and the signature's digest) on their way to gunzip and tar, so
 * verification costs no extra read. Nothing here decides whether the result is kept: the
 * caller extracts into a temporary directory and throws it away when this rejects.
 */












/** Executables are what a tampered cache entry would most likely swap: hash them for re-checks. */
function isToolchainExecutable(name) {
    return name.startsWith('bin/') || name.startsWith('pkg/tool/');
}
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
    (0,digest/* expectDigest */.w$)(sha256, source.sha256, `SHA-256 of ${source.name}`, source.url);
    const signatureRecord = check && signature
        ? {
            status: 'verified',
            url: signature.url,
            primaryFingerprint: check.primaryFingerprint,
            signingKeyFingerprint: check.signingKeyFingerprint,
            created: check.created.toISOString(),
            hashAlgorithm: check.hashAlgorithm,
        }
        : {
            status: 'not-published',
            reason: 'go.dev publishes no OpenPGP signature for .zip archives',
        };
    const executables = {};
    for (const [name, hash] of extracted.hashes ?? []) {
        if (isToolchainExecutable(name))
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
        ...(opts.hashAllFiles && extracted.hashes ? { fileHashes: extracted.hashes } : {}),
    };
}
function treeOptions(opts) {
    return {
        requiredPrefix: 'go/',
        stripPrefix: true,
        hashFiles: true,
        ...(opts.hashAllFiles ? {} : { hashOnly: isToolchainExecutable }),
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
        extracted = await (0,extract_tar/* extractTarGz */.Ce)(toTar, destDir, treeOptions(opts));
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
            (0,digest/* expectDigest */.w$)(sha.digest('hex'), source.sha256, `SHA-256 of ${source.name}`, source.url);
        throw err;
    }
    const check = await tap.finish();
    return { sha256: sha.digest('hex'), size, extracted, check };
}
/** Zips need random access: stream to a file beside the destination (hashing), then extract. */
async function zipAttempt(source, destDir, opts) {
    const file = external_node_path_.join(external_node_path_.dirname(destDir), `.download-${(0,external_node_crypto_.randomBytes)(6).toString('hex')}.zip`);
    try {
        const opened = await (0,http/* openStream */.fv)(source.url, opts.http);
        const hasher = (0,digest/* sha256Tap */.$g)();
        await (0,external_node_stream_promises_.pipeline)(opened.body, hasher, (0,external_node_fs_.createWriteStream)(file));
        const sha256 = hasher.hex();
        const size = hasher.bytes;
        // Check before unpacking: an unverified zip is never opened.
        (0,digest/* expectDigest */.w$)(sha256, source.sha256, `SHA-256 of ${source.name}`, source.url);
        const extracted = await (0,extract_zip/* extractZip */.J)(file, destDir, treeOptions(opts));
        return { sha256, size, extracted };
    }
    finally {
        await (0,promises_.rm)(file, { force: true });
    }
}
async function fetchSignature(source, opts) {
    const url = source.signatureUrl ?? `${source.url}.asc`;
    try {
        const bytes = await (0,http/* fetchBytes */.ci)(url, { ...opts.http, maxBytes: 64 * 1024 });
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
