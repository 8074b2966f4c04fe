export const id = 241;
export const ids = [241];
export const modules = {

/***/ 9241:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   PINNED_KEYS_FILE: () => (/* binding */ PINNED_KEYS_FILE),
/* harmony export */   PINNED_PRIMARY_FINGERPRINT: () => (/* binding */ PINNED_PRIMARY_FINGERPRINT),
/* harmony export */   defaultSigningKeysPath: () => (/* binding */ defaultSigningKeysPath),
/* harmony export */   loadSigningKeys: () => (/* binding */ loadSigningKeys),
/* harmony export */   readSigningKeys: () => (/* binding */ readSigningKeys),
/* harmony export */   readSigningKeysWithSource: () => (/* binding */ readSigningKeysWithSource),
/* harmony export */   signingFingerprints: () => (/* binding */ signingFingerprints)
/* harmony export */ });
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_url__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3136);
/* harmony import */ var node_url__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_url__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var openpgp__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(174);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(3916);




/** The key bundle that signs the go.dev `.tar.gz` archives, relative to the repository root. */
const PINNED_KEYS_FILE = 'keys/google-linux-packages-signing-key.asc';
/** Primary fingerprint of the Google Linux Packages Signing Authority key. */
const PINNED_PRIMARY_FINGERPRINT = 'EB4C1BFD4F042F6DDDCCEC917721F63BD38B4796';
/**
 * Absolute path of the pinned bundle. Every build of this module sits two directories below
 * the repository (or package) root: src/verify/ under jest, lib/verify/ after tsc, and
 * dist/<entry>/ in an ncc bundle. `base` is a parameter rather than a literal so that ncc's
 * asset relocator cannot see a static path and copy the file into dist/: the bundle must
 * read the one data file that lives in keys/.
 */
function defaultSigningKeysPath(base = import.meta.url) {
    return (0,node_url__WEBPACK_IMPORTED_MODULE_1__.fileURLToPath)(new URL(`../../${PINNED_KEYS_FILE}`, base));
}
const ARMOR_HEADER = '-----BEGIN PGP ';
/**
 * The `signing-keys` input: armored key text, a path to an armored key file, or empty for
 * the pinned bundle. Returns the armored text and where it came from.
 */
async function readSigningKeysWithSource(input) {
    const value = (input ?? '').trim();
    if (value === '') {
        return {
            armored: await readKeyFile(defaultSigningKeysPath()),
            source: `pinned:${PINNED_KEYS_FILE}`,
        };
    }
    if (value.startsWith(ARMOR_HEADER)) {
        return { armored: value, source: 'input:signing-keys' };
    }
    return { armored: await readKeyFile(value), source: value };
}
/** Like readSigningKeysWithSource, the armored text only. */
async function readSigningKeys(input) {
    return (await readSigningKeysWithSource(input)).armored;
}
async function readKeyFile(path) {
    let bytes;
    try {
        bytes = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.readFile)(path);
    }
    catch (err) {
        const code = err.code;
        const why = code === 'ENOENT' ? 'no such file' : err.message;
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .InputError */ .dz(`signing-keys: cannot read ${JSON.stringify(path)} (${why}); give armored public key text ` +
            `(-----BEGIN PGP PUBLIC KEY BLOCK-----) or the path of a file holding it`);
    }
    // A binary keyring (gpg --export without --armor) starts with a packet tag: high bit set.
    if (bytes.length > 0 && (bytes[0] & 0x80) !== 0) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .InputError */ .dz(`signing-keys: ${path} is a binary OpenPGP keyring; export it armored (gpg --armor --export)`);
    }
    return bytes.toString('utf8');
}
/** Parses an armored public key bundle and refuses anything that cannot anchor trust. */
async function loadSigningKeys(armored, source) {
    if (/-----BEGIN PGP PRIVATE KEY BLOCK-----/.test(armored)) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .InputError */ .dz(`signing keys from ${source}: this is a private key block; give the public keys only`);
    }
    let keys;
    try {
        keys = await (0,openpgp__WEBPACK_IMPORTED_MODULE_2__/* .readKeys */ .x4)({ armoredKeys: armored });
    }
    catch (err) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .InputError */ .dz(`signing keys from ${source}: not a readable OpenPGP public key block (${err.message})`);
    }
    if (keys.length === 0) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .InputError */ .dz(`signing keys from ${source}: the key block holds no keys`);
    }
    const publicKeys = [];
    for (const key of keys) {
        if (key.isPrivate()) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .InputError */ .dz(`signing keys from ${source}: key ${fingerprint(key)} is a private key; give the public keys only`);
        }
        publicKeys.push(key);
    }
    const summaries = await Promise.all(publicKeys.map(summarizeKey));
    if (summaries.every((s) => !s.canSign && s.signingSubkeys.length === 0)) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .InputError */ .dz(`signing keys from ${source}: no key in the bundle is allowed to sign data ` +
            `(primary ${summaries.map((s) => s.fingerprint).join(', ')})`);
    }
    return { keys: publicKeys, summary: { source, keys: summaries } };
}
/** Every fingerprint that may sign data, for messages ("a valid signature by …"). */
function signingFingerprints(bundle) {
    return bundle.summary.keys.flatMap((k) => [
        ...(k.canSign ? [k.fingerprint] : []),
        ...k.signingSubkeys.map((s) => s.fingerprint),
    ]);
}
function fingerprint(key) {
    return key.getFingerprint().toUpperCase();
}
function algorithmName(key) {
    const info = key.getAlgorithmInfo();
    return info.bits
        ? `${info.algorithm}/${info.bits}`
        : info.curve
            ? `${info.algorithm}/${info.curve}`
            : info.algorithm;
}
function flagsAllowSigning(flags) {
    return flags != null && flags.length > 0 && (flags[0] & openpgp__WEBPACK_IMPORTED_MODULE_2__/* .enums */ .vP.keyFlags.signData) !== 0;
}
async function summarizeKey(key) {
    // Flags are read, not verified: the summary describes the bundle, while openpgp checks
    // every binding and self-signature when a data signature is verified.
    const signingSubkeys = [];
    for (const sub of key.subkeys) {
        if (!sub.bindingSignatures.some((b) => flagsAllowSigning(b.keyFlags)))
            continue;
        signingSubkeys.push(await summarize(sub));
    }
    return {
        ...(await summarize(key)),
        userIDs: key.users.flatMap((u) => (u.userID ? [u.userID.userID] : [])),
        canSign: key.users.some((u) => u.selfCertifications.some((c) => flagsAllowSigning(c.keyFlags))),
        signingSubkeys,
    };
}
async function summarize(key) {
    const expires = await key.getExpirationTime().catch(() => null);
    return {
        fingerprint: fingerprint(key),
        algorithm: algorithmName(key),
        created: key.getCreationTime().toISOString(),
        expires: expires instanceof Date ? expires.toISOString() : null,
    };
}


/***/ })

};
