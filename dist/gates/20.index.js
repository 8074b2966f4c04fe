export const id = 20;
export const ids = [20];
export const modules = {

/***/ 7020:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  verifyModCache: () => (/* binding */ verifyModCache)
});

// UNUSED EXPORTS: pathsToRemove

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:perf_hooks"
var external_node_perf_hooks_ = __webpack_require__(643);
// EXTERNAL MODULE: ./src/archive/remove-tree.ts
var remove_tree = __webpack_require__(185);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: external "node:stream/promises"
var external_node_stream_promises_ = __webpack_require__(6466);
// EXTERNAL MODULE: ./node_modules/yauzl/index.js
var node_modules_yauzl = __webpack_require__(663);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
;// CONCATENATED MODULE: ./src/verify/sumdb/dirhash.ts
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
            throw new errors/* InputError */.dz(`dirhash: file name ${JSON.stringify(String(name))} contains a newline`);
        }
        const hex = typeof sha256 === 'string' ? sha256.toLowerCase() : Buffer.from(sha256).toString('hex');
        if (!/^[0-9a-f]{64}$/.test(hex)) {
            throw new errors/* InputError */.dz(`dirhash: ${JSON.stringify(String(sha256))} is not a SHA-256 digest`);
        }
        const key = nameBytes.toString('latin1'); // one char per byte: a lossless map key
        if (this.files.has(key)) {
            // Two files under one name would hash differently from what extraction leaves on disk.
            throw new errors/* InputError */.dz(`dirhash: file name ${JSON.stringify(nameBytes.toString())} appears twice`);
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
        const summary = (0,external_node_crypto_.createHash)('sha256');
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

;// CONCATENATED MODULE: ./src/platform.ts
/**
 * Platforms named the way Go names them (GOOS/GOARCH), and the mappings from the names that
 * Node, GitHub runners, users and the go.dev release index use instead.
 */


/** `linux/amd64`, as Go prints a platform. */
function formatPlatform(platform) {
    return `${platform.os}/${platform.arch}`;
}
const NODE_OS_TO_GOOS = {
    win32: 'windows',
    darwin: 'darwin',
    linux: 'linux',
    freebsd: 'freebsd',
    openbsd: 'openbsd',
    netbsd: 'netbsd',
    aix: 'aix',
    android: 'android',
    // Node says "sunos" for both Solaris and illumos; Go's Solaris build runs on both.
    sunos: 'solaris',
};
const NODE_ARCH_TO_GOARCH = {
    x64: 'amd64',
    ia32: '386',
    arm: 'arm',
    arm64: 'arm64',
    s390x: 's390x',
    loong64: 'loong64',
    riscv64: 'riscv64',
    mips: 'mips',
    mipsel: 'mipsle',
    mips64el: 'mips64le',
    ppc: 'ppc',
};
/** Maps Node's names for a platform to Go's. Names Go does not know are passed through, so
 * resolution later fails with a message listing the platforms that do exist. */
function goPlatformOf(nodePlatform, nodeArch, littleEndian = true) {
    const os = NODE_OS_TO_GOOS[nodePlatform] ?? nodePlatform;
    let arch = NODE_ARCH_TO_GOARCH[nodeArch] ?? nodeArch;
    // Node reports "ppc64" for both byte orders; Linux on POWER is little-endian, AIX is not.
    if (nodeArch === 'ppc64')
        arch = littleEndian ? 'ppc64le' : 'ppc64';
    return { os, arch };
}
/** The platform this process runs on. */
function hostPlatform() {
    return goPlatformOf(process.platform, process.arch, endianness() === 'LE');
}
// Runner names (x64, X86, ARM64, ...) and Go names, lower-cased, to the GOARCH they mean.
const ARCHITECTURE_NAMES = {
    x64: 'amd64',
    amd64: 'amd64',
    x86: '386',
    '386': '386',
    arm64: 'arm64',
    aarch64: 'arm64',
    arm: 'arm',
    armv6l: 'arm',
    ppc64le: 'ppc64le',
    ppc64: 'ppc64',
    s390x: 's390x',
    riscv64: 'riscv64',
    loong64: 'loong64',
};
/** Parses an `architecture` input: runner names (`x64`, `X64`, `arm64`, `x86`, `arm`, in any
 * case) or Go names (`amd64`, `386`, `arm`, `armv6l`, `ppc64le`, ...). Returns a GOARCH. */
function parseArchitecture(input) {
    const name = input.trim().toLowerCase();
    const arch = Object.hasOwn(ARCHITECTURE_NAMES, name) ? ARCHITECTURE_NAMES[name] : undefined;
    if (arch === undefined) {
        const shown = JSON.stringify(input.length > 40 ? `${input.slice(0, 40)}…` : input);
        throw new InputError(`invalid architecture ${shown}: expected a runner name (x64, x86, arm64, arm) ` +
            `or a Go name (amd64, 386, arm64, arm, armv6l, ppc64le, ppc64, s390x, riscv64, loong64)`);
    }
    return arch;
}
const RUNNER_OS_TO_GOOS = {
    Linux: 'linux',
    macOS: 'darwin',
    Windows: 'windows',
};
const RUNNER_ARCH_TO_GOARCH = {
    X64: 'amd64',
    ARM64: 'arm64',
    X86: '386',
    ARM: 'arm',
};
/** The platform of a GitHub runner from `RUNNER_OS`/`RUNNER_ARCH`; each part falls back to the
 * host's when the variable is missing or holds a value GitHub does not document. */
function runnerPlatform(env) {
    const host = hostPlatform();
    const runnerOs = env['RUNNER_OS'];
    const runnerArch = env['RUNNER_ARCH'];
    const os = runnerOs !== undefined && Object.hasOwn(RUNNER_OS_TO_GOOS, runnerOs)
        ? RUNNER_OS_TO_GOOS[runnerOs]
        : undefined;
    const arch = runnerArch !== undefined && Object.hasOwn(RUNNER_ARCH_TO_GOARCH, runnerArch)
        ? RUNNER_ARCH_TO_GOARCH[runnerArch]
        : undefined;
    return { os: os ?? host.os, arch: arch ?? host.arch };
}
/** The arch name go.dev's release index and file names use for a GOARCH (`arm` → `armv6l`). */
function indexArchName(arch) {
    return arch === 'arm' ? 'armv6l' : arch;
}
/** The GOARCH an arch name of the go.dev index stands for (`armv6l` and the one-off `arm6` →
 * `arm`); the inverse of {@link indexArchName}. */
function platform_goArchFromIndex(indexArch) {
    return indexArch === 'armv6l' || indexArch === 'arm6' ? 'arm' : indexArch;
}
/** The extension of the Go binary archive for an OS: `zip` on Windows, `tar.gz` elsewhere. */
function archiveExtension(os) {
    return os === 'windows' ? 'zip' : 'tar.gz';
}

// EXTERNAL MODULE: ./src/versions/go-version.ts
var go_version = __webpack_require__(2946);
;// CONCATENATED MODULE: ./src/versions/toolchain-module.ts
/**
 * The Go toolchain as a module (`golang.org/toolchain`, what GOTOOLCHAIN downloads) and its
 * relation to a go.dev archive. Pure: names and hashes only.
 *
 * The Go release tooling (cmd/distpack for Go ≥ 1.21, golang.org/x/build's dl2mod for the
 * older releases it converted) builds the module zip from the binary distribution:
 * - only regular files (no directory entries, no links);
 * - the go.dev tree minus the top-level `api/`, `doc/`, `misc/`, `test/` (and `.github/`,
 *   which distpack already leaves out of the archives themselves); everything else stays:
 *   `pkg/include`, `pkg/tool/<goos>_<goarch>`, `lib/time/zoneinfo.zip`, `lib/wasm`, `go.env`…
 *   (which tools sit in `pkg/tool` is decided before the archive is made, so the archive
 *   and the module agree on it);
 * - every file named `go.mod`, at any depth, renamed `_go.mod` (a module may not contain
 *   other modules);
 * - names prefixed `golang.org/toolchain@v0.0.1-<tag>.<goos>-<goarch>/`.
 */



const TOOLCHAIN_MODULE = 'golang.org/toolchain';
/** Every toolchain version is this pseudo-version followed by `-<tag>.<goos>-<goarch>`. */
const TOOLCHAIN_MODULE_VERSION_PREFIX = 'v0.0.1';
/** The go.mod hash of every toolchain version (its go.mod is `module golang.org/toolchain\n`). */
const TOOLCHAIN_GO_MOD_H1 = 'h1:8wlg68NqwW7eMnI1aABk/C2pDYXj8mrMY4TyRfiLeS0=';
/** Top-level directories of a go.dev tree that the module leaves out. */
const MODULE_OMITTED_DIRS = (/* unused pure expression or super */ null && (['.github', 'api', 'doc', 'misc', 'test']));
// GOOS and GOARCH values are lower-case letters and digits (`linux`, `amd64`, `ppc64le`, `386`).
const PLATFORM_WORD = /^[a-z0-9]+$/;
/**
 * The module version of a toolchain: `toolchainModuleVersion('go1.22.5', 'linux', 'amd64')`
 * → `v0.0.1-go1.22.5.linux-amd64`. The arch is a GOARCH; the go.dev index's `armv6l` is
 * accepted and written as `arm`, as the module names it.
 */
function toolchainModuleVersion(tag, os, arch) {
    if (toSemver(tag) === undefined) {
        throw new InputError(`${JSON.stringify(tag)} is not a Go release tag (like go1.22.5)`);
    }
    const goarch = goArchFromIndex(arch);
    if (!PLATFORM_WORD.test(os) || !PLATFORM_WORD.test(goarch)) {
        throw new InputError(`invalid platform ${JSON.stringify(`${os}/${arch}`)} for a toolchain`);
    }
    return `${TOOLCHAIN_MODULE_VERSION_PREFIX}-${tag}.${os}-${goarch}`;
}
/** Takes a module version apart; anything that is not a toolchain version → undefined. */
function parseToolchainModuleVersion(version) {
    const head = `${TOOLCHAIN_MODULE_VERSION_PREFIX}-`;
    if (!version.startsWith(head))
        return undefined;
    const rest = version.slice(head.length);
    // The tag has dots of its own (go1.22.5): the platform is the part after the last one.
    const dot = rest.lastIndexOf('.');
    if (dot < 0)
        return undefined;
    const tag = rest.slice(0, dot);
    const [os, arch, ...extra] = rest.slice(dot + 1).split('-');
    if (toSemver(tag) === undefined || os === undefined || arch === undefined || extra.length > 0) {
        return undefined;
    }
    if (!PLATFORM_WORD.test(os) || !PLATFORM_WORD.test(arch))
        return undefined;
    return { version, tag, os, arch };
}
/** The directory every entry of the module zip lies under, e.g. `golang.org/toolchain@v0.0.1-go1.22.5.linux-amd64`. */
function toolchain_module_toolchainZipRoot(moduleVersion) {
    return `${TOOLCHAIN_MODULE}@${moduleVersion}`;
}
function baseName(name) {
    return name.slice(name.lastIndexOf('/') + 1);
}
/**
 * The name a GOROOT-relative file of a go.dev tree has inside the module (without the
 * `golang.org/toolchain@…/` prefix), or null when the module leaves it out.
 */
function toolchain_module_moduleMemberName(gorootName) {
    const top = gorootName.split('/', 1)[0] ?? '';
    if (gorootName.includes('/') && MODULE_OMITTED_DIRS.includes(top))
        return null;
    if (baseName(gorootName) === 'go.mod')
        return `${gorootName.slice(0, -'go.mod'.length)}_go.mod`;
    return gorootName;
}
/**
 * The GOROOT-relative name a module member is written under (the prefix already stripped):
 * `_go.mod` goes back to `go.mod`, at any depth, so the tree is laid out like a go.dev one.
 */
function toolchain_module_gorootMemberName(moduleName) {
    if (baseName(moduleName) === '_go.mod')
        return `${moduleName.slice(0, -'_go.mod'.length)}go.mod`;
    return moduleName;
}
/**
 * Which files of an unpacked toolchain must be executable. Module zips made before Go 1.21
 * store no modes, so this is decided by name, as the go command does after it unpacks a
 * toolchain: `bin/`, `pkg/tool/`, and the `go_<goos>_<goarch>_exec` wrappers under `lib/`.
 */
function isModuleExecutable(gorootName) {
    if (gorootName.startsWith('bin/') || gorootName.startsWith('pkg/tool/'))
        return true;
    return gorootName.startsWith('lib/') && /^go_[^_]+_[^_]+_exec$/.test(baseName(gorootName));
}
/** The executables of a GOROOT (bin/, pkg/tool/), listed by SHA-256 in records. */
function isToolchainExecutable(gorootName) {
    return gorootName.startsWith('bin/') || gorootName.startsWith('pkg/tool/');
}
/**
 * Extraction options (see ArchivePolicyOptions) that unpack a toolchain module zip into a
 * GOROOT: every entry must lie under the module's root directory, which is stripped; go.mod
 * files get their name back; executables are marked. Links are refused: the module format
 * has none, and the `h1:` check covers regular files only.
 */
function moduleZipMapping(moduleVersion) {
    return {
        requiredPrefix: toolchain_module_toolchainZipRoot(moduleVersion),
        stripPrefix: true,
        rename: toolchain_module_gorootMemberName,
        isExecutable: isModuleExecutable,
        allowSymlinks: false,
        allowHardlinks: false,
        moduleFileNames: true,
    };
}

// EXTERNAL MODULE: ./src/verify/module-file-path.ts
var module_file_path = __webpack_require__(694);
;// CONCATENATED MODULE: ./src/verify/tree-proof/tree-shape.ts
/**
 * A Go tree on disk seen as the toolchain module it must equal. Pure: names and hashes in,
 * names, hashes and differences out.
 *
 * The module-equivalent tree of a GOROOT is every regular file except those under the
 * top-level `api/ doc/ misc/ test/` (and `.github/`), with every `go.mod` named `_go.mod`
 * and the module root `golang.org/toolchain@<version>/` in front. Its `h1:` is what the
 * checksum database holds for the module, so a tree proof is one comparison of hashes.
 *
 * The manifest kept beside a tool-cache entry is the exact text the `h1:` hashes (one line
 * `<sha256>  <name>` per file, names in byte order): its SHA-256 *is* the `h1:`, so a manifest
 * whose hash equals a proven `h1:` is the published file list, whoever wrote it. It serves to
 * name what differs; a decision never rests on it.
 */



/** Splits GOROOT-relative file hashes into module members and omitted files. */
function moduleShape(files) {
    const members = new Map();
    const omitted = [];
    const nameProblems = [];
    const folds = new FoldCollisions();
    for (const [name, sha256] of files) {
        const member = moduleMemberName(name);
        if (member === null) {
            omitted.push(name);
            continue;
        }
        const problem = filePathProblem(member);
        if (problem !== undefined)
            nameProblems.push(`${name}: ${problem}`);
        const earlier = folds.add(member);
        if (earlier !== undefined) {
            nameProblems.push(`${name}: equal to ${gorootMemberName(earlier)} under case folding`);
        }
        members.set(member, sha256);
    }
    omitted.sort();
    nameProblems.sort();
    return { members, omitted, nameProblems };
}
/**
 * Module member names in the order the `h1:` hashes them: bytewise, as Go sorts strings.
 * JavaScript compares UTF-16 units, which agrees with UTF-8 byte order unless a name holds
 * characters from U+D800 up (surrogate pairs sort before U+E000–U+FFFF): only then are
 * names compared as bytes.
 */
function sortedNames(members) {
    const names = [...members.keys()];
    if (names.every((n) => !/[\ud800-\uffff]/.test(n)))
        return names.sort();
    return names
        .map((n) => ({ n, b: Buffer.from(n, 'utf8') }))
        .sort((x, y) => Buffer.compare(x.b, y.b))
        .map((x) => x.n);
}
/** The text the `h1:` of the module is the SHA-256 of: `<sha256>  <root>/<member>\n` per file. */
function formatManifest(members, moduleVersion) {
    const root = toolchainZipRoot(moduleVersion);
    const lines = sortedNames(members).map((name) => `${members.get(name)}  ${root}/${name}\n`);
    return lines.join('');
}
/** The `h1:` of a manifest text (of the files it lists). */
function manifestH1(manifest) {
    return `h1:${createHash('sha256').update(manifest).digest('base64')}`;
}
/** The `h1:` of the module-equivalent tree with these members. */
function membersH1(members, moduleVersion) {
    return manifestH1(formatManifest(members, moduleVersion));
}
/**
 * Reads a manifest back into members. Returns undefined for text that is not a manifest of
 * this module version: a manifest is only ever trusted after its `h1:` matched a proven one.
 */
function parseManifest(text, moduleVersion) {
    const prefix = `${toolchainZipRoot(moduleVersion)}/`;
    const members = new Map();
    if (text !== '' && !text.endsWith('\n'))
        return undefined;
    for (const line of text.split('\n').slice(0, -1)) {
        const m = /^([0-9a-f]{64}) {2}(.+)$/.exec(line);
        if (!m || !m[2].startsWith(prefix))
            return undefined;
        members.set(m[2].slice(prefix.length), m[1]);
    }
    return members;
}
/** Compares members found on disk with the published members. */
function diffMembers(found, published) {
    const changed = [];
    const added = [];
    const missing = [];
    for (const [name, sha] of found) {
        const want = published.get(name);
        if (want === undefined)
            added.push(gorootMemberName(name));
        else if (want !== sha)
            changed.push(gorootMemberName(name));
    }
    for (const name of published.keys()) {
        if (!found.has(name))
            missing.push(gorootMemberName(name));
    }
    return { changed: changed.sort(), added: added.sort(), missing: missing.sort() };
}
/** `2 changed (go.env, src/fmt/print.go), 1 added (src/fmt/zz.go)`, with at most `limit` names each. */
function describeDifference(diff, limit = 10) {
    const part = (label, names) => {
        if (names.length === 0)
            return undefined;
        const shown = names.slice(0, limit).join(', ');
        const more = names.length > limit ? `, and ${names.length - limit} more` : '';
        return `${names.length} ${label} (${shown}${more})`;
    };
    const parts = [
        part('changed', diff.changed),
        part('added', diff.added),
        part('missing', diff.missing),
    ].filter((p) => p !== undefined);
    return parts.length === 0 ? 'no file differs' : parts.join(', ');
}

;// CONCATENATED MODULE: ./src/cache/modcache-decide.ts
/**
 * Which parts of a module cache are proven by the go.sum lines and which must go. Pure:
 * what was found on disk (with hashes) and what go.sum expects in, verdicts out.
 *
 * A version's zip, its extracted directory and its `.ziphash` stand or fall together: the go
 * command trusts a directory, and a zip it would extract, on the word of the `.ziphash`
 * beside them, so one failing part means the version is removed whole (and `.info` with it)
 * and downloaded again through the checksum database. A go.mod file is judged on its own.
 * Directories and zips that no go.sum line covers cannot be proven and are removed too;
 * go.mod files without a line are kept (the go command hashes every go.mod it reads).
 */


/** The `h1:` of a directory's files as Go's dirhash.HashDir names them (`<prefix>/<name>`). */
function dirH1(files, prefix) {
    const hash = new DirHash();
    for (const [name, sha256] of files)
        hash.add(`${prefix}/${name}`, sha256);
    return hash.sum();
}
/** The `h1:` of a go.mod file from its SHA-256. */
function goModH1(sha256) {
    return new DirHash().add('go.mod', sha256).sum();
}
function diffFiles(found, published) {
    const changed = [];
    const added = [];
    const missing = [];
    for (const [name, sha] of found) {
        const want = published.get(name);
        if (want === undefined)
            added.push(name);
        else if (want !== sha)
            changed.push(name);
    }
    for (const name of published.keys())
        if (!found.has(name))
            missing.push(name);
    return { changed: changed.sort(), added: added.sort(), missing: missing.sort() };
}
/** Why a directory does not hash to `h1`, naming files when a proven zip lists them. */
function dirFailure(dir, h1, prefix, zip) {
    if (dir.problems.length > 0) {
        const shown = dir.problems.slice(0, 5).join(', ');
        const more = dir.problems.length > 5 ? `, and ${dir.problems.length - 5} more` : '';
        return `directory holds ${shown}${more}`;
    }
    let hash;
    try {
        hash = dirH1(dir.files, prefix);
    }
    catch (err) {
        return `directory: ${err.message}`;
    }
    if (hash === h1)
        return '';
    if (zip !== undefined && 'h1' in zip && zip.h1 === h1) {
        return `directory: ${describeDifference(diffFiles(dir.files, zip.members), 5)}`;
    }
    return 'directory differs from go.sum';
}
function contentVerdict(found, expected) {
    if (expected === undefined || expected.zip.size === 0)
        return { kind: 'uncovered' };
    if (expected.zip.size > 1)
        return { kind: 'failed', reason: 'the go.sum files disagree' };
    const [h1] = expected.zip;
    const reasons = [];
    const { zip, dir, zipHash } = found;
    if (zip !== undefined) {
        if ('problem' in zip)
            reasons.push(`zip: ${zip.problem}`);
        else if (zip.h1 !== h1)
            reasons.push('zip differs from go.sum');
    }
    if (dir !== undefined) {
        const why = dirFailure(dir, h1, `${expected.module}@${expected.version}`, zip);
        if (why !== '')
            reasons.push(why);
    }
    if (zipHash !== undefined) {
        if ('problem' in zipHash)
            reasons.push(`.ziphash: ${zipHash.problem}`);
        else if (zipHash.text !== h1)
            reasons.push('.ziphash differs from go.sum');
    }
    if (reasons.length > 0)
        return { kind: 'failed', reason: reasons.join('; ') };
    return { kind: 'proven', dir: dir !== undefined, zip: zip !== undefined };
}
function modVerdict(mod, expected) {
    if ('problem' in mod)
        return { kind: 'failed', reason: `go.mod: ${mod.problem}` };
    if (expected.mod.size > 1)
        return { kind: 'failed', reason: 'the go.sum files disagree on go.mod' };
    const [h1] = expected.mod;
    return goModH1(mod.sha256) === h1
        ? { kind: 'proven' }
        : { kind: 'failed', reason: 'go.mod differs from go.sum' };
}
/** The verdict on every version the cache holds something of. */
function judgeVersions(found, expected) {
    const verdicts = [];
    for (const key of [...found.keys()].sort()) {
        const f = found.get(key);
        const e = expected.get(key);
        const hasContent = f.dir !== undefined || f.zip !== undefined || f.zipHash !== undefined;
        const verdict = { key };
        if (e !== undefined)
            verdict.expected = e;
        if (hasContent)
            verdict.content = contentVerdict(f, e);
        if (f.mod !== undefined && e !== undefined && e.mod.size > 0)
            verdict.mod = modVerdict(f.mod, e);
        verdicts.push(verdict);
    }
    return verdicts;
}

;// CONCATENATED MODULE: ./src/cache/modcache-removal-error.ts
/**
 * Thrown when part of a module cache that failed its proof could not be removed: the setup
 * step fails rather than let the go command use it. Its own module, so the caller can tell
 * it apart without loading the proof's code.
 */
class ModCacheRemovalError extends Error {
}

// EXTERNAL MODULE: external "node:worker_threads"
var external_node_worker_threads_ = __webpack_require__(5919);
;// CONCATENATED MODULE: ./src/verify/tree-proof/hash-worker-source.ts
/**
 * The code hash-tree.ts runs on its worker threads, as source text: the library is bundled
 * into one file, so workers are created from a string rather than a module path.
 */
/**
 * The per-file work, as CommonJS source: the workers run it (they are created from a string
 * because the library is bundled into one file), and the main thread compiles the same text
 * for trees too small to start a worker for, so there is one implementation.
 *
 * `createBatchHasher(root, bufferSize, stop)` returns `hashBatch(names)`, which gives
 * `{ hex, bytes, problems }`: `hex[i]` is the digest of `names[i]` or '' when that file is
 * a problem, listed in `problems` as `{ index, kind, detail }`. `stop` (an Int32Array on a
 * SharedArrayBuffer, or null) is checked before each file and each read: when it is set the
 * batch ends by throwing STOPPED, after the open file is closed.
 */
const HASHER_SOURCE = `
'use strict';
const STOPPED = { stopped: true };
function createBatchHasher(root, bufferSize, stop) {
  const fs = require('node:fs');
  const crypto = require('node:crypto');
  const path = require('node:path');
  const k = fs.constants;
  // O_NOFOLLOW: a symbolic link swapped in after readdir fails with ELOOP, never followed.
  // O_NONBLOCK: a FIFO swapped in opens at once (and fstat refuses it) instead of blocking.
  const flags =
    process.platform === 'win32' ? k.O_RDONLY : k.O_RDONLY | k.O_NOFOLLOW | k.O_NONBLOCK;
  const buffer = Buffer.allocUnsafe(bufferSize);
  const oneShot = typeof crypto.hash === 'function' ? crypto.hash : null;
  let size = 0;

  function checkStop() {
    if (stop !== null && Atomics.load(stop, 0) !== 0) throw STOPPED;
  }
  function describe(st) {
    if (st.isDirectory()) return 'a directory';
    if (st.isSymbolicLink()) return 'a symbolic link';
    if (st.isBlockDevice() || st.isCharacterDevice()) return 'a device';
    if (st.isFIFO()) return 'a FIFO';
    if (st.isSocket()) return 'a socket';
    return 'not a regular file';
  }
  function failure(e) {
    const code = e.code;
    if (code === 'ELOOP' || code === 'EMLINK') {
      return { kind: 'symlink', detail: 'replaced by a symbolic link during the walk (' + code + ')' };
    }
    if (code === 'ENOENT') return { kind: 'unreadable', detail: 'vanished during the walk (ENOENT)' };
    return { kind: 'unreadable', detail: String(e.message) };
  }
  // The digest of one file (and its length in size), or a problem.
  function hashOne(name) {
    let fd;
    try {
      fd = fs.openSync(path.join(root, name), flags);
    } catch (e) {
      if (e === null || typeof e !== 'object' || typeof e.code !== 'string') throw e;
      return failure(e);
    }
    try {
      const st = fs.fstatSync(fd);
      if (!st.isFile()) {
        return { kind: 'other', detail: 'became ' + describe(st) + ' during the walk' };
      }
      if (st.nlink > 1) return { kind: 'hardlink', detail: st.nlink + ' links' };
      const len = buffer.length;
      let n = fs.readSync(fd, buffer, 0, len, 0);
      if (n < len && n >= st.size) {
        // The whole file in one read (a short read at its size is the end of the file).
        size = n;
        const data = buffer.subarray(0, n);
        return oneShot !== null
          ? oneShot('sha256', data, 'hex')
          : crypto.createHash('sha256').update(data).digest('hex');
      }
      const hash = crypto.createHash('sha256');
      let total = 0;
      while (n > 0) {
        hash.update(buffer.subarray(0, n));
        total += n;
        if (n < len && total >= st.size) break;
        checkStop();
        n = fs.readSync(fd, buffer, 0, len, total);
      }
      size = total;
      return hash.digest('hex');
    } catch (e) {
      if (e === null || typeof e !== 'object' || typeof e.code !== 'string') throw e;
      return failure(e);
    } finally {
      try {
        fs.closeSync(fd);
      } catch {
        // Nothing to do: the descriptor is gone either way.
      }
    }
  }

  return function hashBatch(names) {
    const hex = new Array(names.length);
    const problems = [];
    let bytes = 0;
    for (let i = 0; i < names.length; i++) {
      checkStop();
      const r = hashOne(names[i]);
      if (typeof r === 'string') {
        hex[i] = r;
        bytes += size;
      } else {
        hex[i] = '';
        problems.push({ index: i, kind: r.kind, detail: r.detail });
      }
    }
    return { hex: hex, bytes: bytes, problems: problems };
  };
}
`;
const WORKER_SOURCE = (/* unused pure expression or super */ null && (`${HASHER_SOURCE}
const { parentPort } = require('node:worker_threads');
// The first message says what to hash: a worker can be started before the tree is known.
let hashBatch;
parentPort.on('message', (m) => {
  if (m.init) {
    hashBatch = createBatchHasher(m.init.root, m.init.bufferSize, m.init.stop);
    return;
  }
  if (m.stop) {
    parentPort.close();
    return;
  }
  let r;
  try {
    r = hashBatch(m.names);
  } catch (e) {
    if (e !== STOPPED) throw e;
    parentPort.close();
    return;
  }
  r.id = m.id;
  parentPort.postMessage(r);
});
`));

;// CONCATENATED MODULE: ./src/cache/modcache-worker-source.ts
/**
 * The code the module cache's hash workers run, as CommonJS source (the library is bundled
 * into one file, so workers are created from a string): the tree hasher's per-file work
 * (HASHER_SOURCE, for extracted directories and go.mod files) and a module zip hasher.
 *
 * The zip hasher reads the zip once into memory, opened like every other file (O_NOFOLLOW,
 * fstat on the descriptor: a regular file of one link), and hashes each member as Go's
 * dirhash.HashZip does: names and sizes from the central directory, the body found through
 * the local header, stored or deflated, the CRC-32 checked. It is deliberately strict, so
 * it can never read a zip differently from Go's archive/zip: the central directory must end
 * where the end record begins, nothing may come before the first local header's offset base
 * (no prepended data), and zip64, encryption and other methods are refused. Module zips the
 * proxy serves are all of that kind; one that is not is reported, and removed by the caller.
 * Limits are the module zip's own (golang.org/x/mod/zip): 500 MiB unpacked.
 */

const ZIP_HASHER_SOURCE = `
function createZipHasher(stop) {
  const fs = require('node:fs');
  const crypto = require('node:crypto');
  const zlib = require('node:zlib');
  const k = fs.constants;
  const flags =
    process.platform === 'win32' ? k.O_RDONLY : k.O_RDONLY | k.O_NOFOLLOW | k.O_NONBLOCK;
  const MAX = 500 * 1024 * 1024;
  const crc32 = typeof zlib.crc32 === 'function' ? zlib.crc32 : null;
  const sha = typeof crypto.hash === 'function'
    ? (d) => crypto.hash('sha256', d, 'hex')
    : (d) => crypto.createHash('sha256').update(d).digest('hex');
  function bad(why) {
    const e = new Error(why);
    e.notZip = true;
    throw e;
  }
  function readWhole(file) {
    let fd;
    try {
      fd = fs.openSync(file, flags);
    } catch (e) {
      if (e.code === 'ELOOP' || e.code === 'EMLINK') bad('a symbolic link');
      bad('unreadable (' + e.code + ')');
    }
    try {
      const st = fs.fstatSync(fd);
      if (!st.isFile()) bad('not a regular file');
      if (st.nlink > 1) bad(st.nlink + ' links');
      if (st.size > MAX) bad('larger than a module zip can be');
      const buf = Buffer.allocUnsafe(st.size);
      let got = 0;
      while (got < buf.length) {
        if (stop !== null && Atomics.load(stop, 0) !== 0) throw STOPPED;
        const n = fs.readSync(fd, buf, got, buf.length - got, got);
        if (n === 0) bad('shorter than its size');
        got += n;
      }
      return buf;
    } finally {
      fs.closeSync(fd);
    }
  }
  // The end-of-central-directory record, searched from the end as archive/zip does.
  function directoryEnd(buf) {
    const low = Math.max(0, buf.length - 22 - 65535);
    for (let i = buf.length - 22; i >= low; i--) {
      if (buf.readUInt32LE(i) === 0x06054b50 && i + 22 + buf.readUInt16LE(i + 20) <= buf.length) {
        return i;
      }
    }
    bad('no end of central directory');
  }
  function body(buf, c, end) {
    const local = c.offset;
    if (local + 30 > end || buf.readUInt32LE(local) !== 0x04034b50) bad('bad local header');
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    if (start + c.csize > buf.length) bad('member runs past the end');
    const raw = buf.subarray(start, start + c.csize);
    let data;
    if (c.method === 0) {
      data = raw;
    } else if (c.method === 8) {
      try {
        data = zlib.inflateRawSync(raw, { maxOutputLength: Math.max(1, c.usize + 1) });
      } catch (e) {
        bad('bad deflate data (' + (e.code || e.message) + ')');
      }
    } else {
      bad('compression method ' + c.method);
    }
    if (data.length !== c.usize) bad('member size differs from the directory');
    if (crc32 !== null && c.crc !== 0 && crc32(data) !== c.crc) bad('CRC-32 mismatch');
    return data;
  }
  function hashZipBuffer(buf) {
    const end = directoryEnd(buf);
    const records = buf.readUInt16LE(end + 10);
    const size = buf.readUInt32LE(end + 12);
    const offset = buf.readUInt32LE(end + 16);
    if (records === 0xffff || size === 0xffffffff || offset === 0xffffffff) bad('zip64');
    if (offset + size !== end) bad('central directory does not end at its end record');
    const names = [];
    const hex = [];
    const seen = new Set();
    let p = offset;
    let total = 0;
    for (let r = 0; r < records; r++) {
      if (p + 46 > end || buf.readUInt32LE(p) !== 0x02014b50) bad('bad central directory');
      const flagBits = buf.readUInt16LE(p + 8);
      const c = {
        method: buf.readUInt16LE(p + 10),
        crc: buf.readUInt32LE(p + 16),
        csize: buf.readUInt32LE(p + 20),
        usize: buf.readUInt32LE(p + 24),
        offset: buf.readUInt32LE(p + 42),
      };
      const nameLen = buf.readUInt16LE(p + 28);
      const next = p + 46 + nameLen + buf.readUInt16LE(p + 30) + buf.readUInt16LE(p + 32);
      if (next > end) bad('bad central directory');
      if ((flagBits & 1) !== 0) bad('encrypted member');
      if (c.csize === 0xffffffff || c.usize === 0xffffffff || c.offset === 0xffffffff) bad('zip64');
      total += c.usize;
      if (total > MAX) bad('more than 500 MiB unpacked');
      const name = buf.toString('latin1', p + 46, p + 46 + nameLen);
      if (name.includes('\\n')) bad('a member name holds a newline');
      if (seen.has(name)) bad('two members named ' + JSON.stringify(name));
      seen.add(name);
      if (stop !== null && Atomics.load(stop, 0) !== 0) throw STOPPED;
      names.push(name);
      hex.push(sha(body(buf, c, end)));
      p = next;
    }
    if (p !== end) bad('central directory does not end at its end record');
    // Names are byte strings (latin1: one char per byte), so string order is byte order.
    const order = names.map((_, i) => i).sort((a, b) => (names[a] < names[b] ? -1 : 1));
    const summary = crypto.createHash('sha256');
    for (const i of order) {
      summary.update(hex[i] + '  ');
      summary.update(names[i], 'latin1');
      summary.update('\\n');
    }
    return { h1: 'h1:' + summary.digest('base64'), names, hex, bytes: total };
  }
  return function hashZip(file) {
    try {
      const r = hashZipBuffer(readWhole(file));
      // Member names for the caller as UTF-8 text (they only name files in messages).
      r.names = r.names.map((n) => Buffer.from(n, 'latin1').toString('utf8'));
      return r;
    } catch (e) {
      if (e === STOPPED || !e.notZip) throw e;
      return { problem: e.message };
    }
  };
}
`;
/**
 * Messages: `{ init: { root, bufferSize, stop } }`, then `{ id, files: names }` (answered
 * like the tree hasher's batches) or `{ id, zip: path }` (answered `{ id, zip: result }`),
 * and `{ stop: true }`.
 */
const MODCACHE_WORKER_SOURCE = `${HASHER_SOURCE}
${ZIP_HASHER_SOURCE}
const { parentPort } = require('node:worker_threads');
let hashBatch;
let hashZip;
parentPort.on('message', (m) => {
  if (m.init) {
    hashBatch = createBatchHasher(m.init.root, m.init.bufferSize, m.init.stop);
    hashZip = createZipHasher(m.init.stop);
    return;
  }
  if (m.stop) {
    parentPort.close();
    return;
  }
  let r;
  try {
    r = m.zip !== undefined ? { zip: hashZip(m.zip) } : hashBatch(m.files);
  } catch (e) {
    if (e !== STOPPED) throw e;
    parentPort.close();
    return;
  }
  r.id = m.id;
  parentPort.postMessage(r);
});
`;

;// CONCATENATED MODULE: ./src/cache/modcache-hash-pool.ts
/**
 * Worker threads that hash a module cache: batches of files (extracted directories, go.mod
 * files) and whole module zips, from one queue, so zips and directories are hashed at the
 * same time and no thread waits while another has work. Each thread reads every file once
 * with one reused buffer (a zip is read whole, then its members inflated in memory).
 */



/** Tasks posted to one worker ahead of its answers, so it never waits for the main thread. */
const IN_FLIGHT = 2;
const READ_BUFFER = 1024 * 1024;
function defaultHashThreads() {
    return Math.min((0,external_node_os_.availableParallelism)(), 4);
}
class ModCacheHashPool {
    root;
    threads;
    slots = [];
    queue = [];
    open = new Map();
    stop = new Int32Array(new SharedArrayBuffer(4));
    nextId = 0;
    closing = false;
    failure;
    rejecters = new Set();
    /** `root`: the directory file names are relative to; zips are named by absolute path. */
    constructor(root, threads = defaultHashThreads()) {
        this.root = root;
        this.threads = threads;
    }
    hashFiles(names) {
        return this.submit({ files: names });
    }
    async hashZip(file) {
        return (await this.submit({ zip: file })).zip;
    }
    /** Stops every worker and waits for it to exit. */
    async close() {
        this.closing = true;
        Atomics.store(this.stop, 0, 1);
        for (const slot of this.slots)
            slot.worker.postMessage({ stop: true });
        await Promise.all(this.slots.map((s) => s.exited));
    }
    submit(task) {
        if (this.failure !== undefined)
            return Promise.reject(this.failure);
        if (this.slots.length === 0)
            this.spawn();
        return new Promise((resolve, reject) => {
            const id = this.nextId++;
            const pending = {
                message: { ...task, id },
                resolve: (r) => {
                    this.rejecters.delete(reject);
                    resolve(r);
                },
            };
            this.rejecters.add(reject);
            this.queue.push(pending);
            this.dispatch();
        });
    }
    spawn() {
        for (let i = 0; i < Math.max(1, this.threads); i++) {
            // CommonJS source: not the parent's flags (`--input-type=module` would make it ESM).
            const worker = new external_node_worker_threads_.Worker(MODCACHE_WORKER_SOURCE, { eval: true, execArgv: [] });
            const exited = new Promise((resolve) => worker.once('exit', () => resolve()));
            worker.postMessage({ init: { root: this.root, bufferSize: READ_BUFFER, stop: this.stop } });
            const slot = { worker, inFlight: 0, exited };
            worker.on('message', (r) => this.onResult(slot, r));
            worker.on('error', (e) => this.fail(e));
            worker.on('messageerror', (e) => this.fail(e));
            worker.once('exit', (code) => {
                if (!this.closing)
                    this.fail(new Error(`a module cache hash worker exited (code ${code})`));
            });
            this.slots.push(slot);
        }
    }
    dispatch() {
        while (this.queue.length > 0 && this.failure === undefined) {
            let best;
            for (const s of this.slots)
                if (best === undefined || s.inFlight < best.inFlight)
                    best = s;
            if (best === undefined || best.inFlight >= IN_FLIGHT)
                return;
            const pending = this.queue.shift();
            best.inFlight++;
            this.open.set(pending.message.id, pending);
            best.worker.postMessage(pending.message);
        }
    }
    onResult(slot, r) {
        slot.inFlight--;
        const pending = this.open.get(r.id);
        this.open.delete(r.id);
        pending?.resolve(r);
        this.dispatch();
    }
    fail(e) {
        if (this.failure !== undefined)
            return;
        this.failure = e instanceof Error ? e : new Error(String(e));
        for (const reject of this.rejecters)
            reject(this.failure);
        this.rejecters.clear();
    }
}

;// CONCATENATED MODULE: ./src/cache/modcache-scan.ts




const BATCH = 256;
const NOT_READ = { problem: 'not read: no go.sum line covers it' };
const WALK_CONCURRENCY = 8;
const PART = /^(.+)\.(zip|ziphash|mod|info)$/;
const NOFOLLOW = process.platform === 'win32' ? external_node_fs_.constants.O_RDONLY : external_node_fs_.constants.O_RDONLY | external_node_fs_.constants.O_NOFOLLOW;
function kindOf(entry) {
    if (entry.isSymbolicLink())
        return 'a symbolic link';
    if (entry.isFIFO())
        return 'a FIFO';
    if (entry.isSocket())
        return 'a socket';
    if (entry.isBlockDevice() || entry.isCharacterDevice())
        return 'a device';
    return 'not a regular file';
}
/** Reads directories below `start` several at once; `visit` says which to descend into. */
async function walk(start, visit) {
    const dirs = [start];
    const running = new Set();
    while (dirs.length > 0 || running.size > 0) {
        while (dirs.length > 0 && running.size < WALK_CONCURRENCY) {
            const dir = dirs.pop();
            const p = (0,promises_.readdir)(dir, { withFileTypes: true })
                .catch((e) => {
                if (e.code === 'ENOENT' && dir === start)
                    return [];
                throw new Error(`cannot read ${dir}: ${e.message}`, { cause: e });
            })
                .then((entries) => {
                for (const sub of visit(dir, entries))
                    dirs.push(sub);
            })
                .finally(() => running.delete(p));
            running.add(p);
        }
        if (running.size > 0)
            await Promise.race(running);
    }
}
async function readZipHash(file) {
    try {
        const handle = await (0,promises_.open)(file, NOFOLLOW);
        try {
            const st = await handle.stat();
            if (!st.isFile() || st.nlink > 1 || st.size > 1024)
                return { problem: 'not a small regular file' };
            return { text: await handle.readFile('utf8') };
        }
        finally {
            await handle.close();
        }
    }
    catch (e) {
        return { problem: `unreadable (${e.code ?? 'error'})` };
    }
}
/** A zip member's name without its `<module>@<version>/` prefix (the version has no `/`). */
function memberName(name) {
    const slash = name.indexOf('/', name.indexOf('@'));
    return slash < 0 ? name : name.slice(slash + 1);
}
/** `cache` and `cache/download` must be real directories: a link would be followed. */
async function linkedCacheDirs(root) {
    const found = [];
    for (const dir of [external_node_path_.join(root, 'cache'), external_node_path_.join(root, 'cache', 'download')]) {
        const st = await (0,promises_.lstat)(dir).catch(() => undefined);
        if (st === undefined)
            break;
        if (!st.isDirectory()) {
            found.push(dir);
            break;
        }
    }
    return found;
}
class Scan {
    root;
    pool;
    wanted;
    found = new Map();
    paths = new Map();
    strays = [];
    bytes = 0;
    work = [];
    zips = [];
    pending = [];
    constructor(root, pool, wanted) {
        this.root = root;
        this.pool = pool;
        this.wanted = wanted;
    }
    version(key) {
        let v = this.found.get(key);
        if (v === undefined)
            this.found.set(key, (v = {}));
        return v;
    }
    where(key) {
        let p = this.paths.get(key);
        if (p === undefined)
            this.paths.set(key, (p = {}));
        return p;
    }
    /** Queues a file (root-relative) for hashing; `apply` gets its digest or problem. */
    hashFile(name, apply) {
        this.pending.push({ name, apply });
        if (this.pending.length >= BATCH)
            this.flush();
    }
    flush() {
        const batch = this.pending;
        if (batch.length === 0)
            return;
        this.pending = [];
        const names = batch.map((b) => b.name);
        this.work.push(this.pool.hashFiles(names).then((r) => {
            this.bytes += r.bytes;
            const problems = new Map(r.problems.map((p) => [p.index, `${p.kind}`]));
            batch.forEach((b, i) => b.apply(r.hex[i] ? { sha256: r.hex[i] } : { problem: problems.get(i) }));
        }));
    }
    /** `cache/download`: zips, `.ziphash` and go.mod files by version. */
    async walkDownloads() {
        const base = external_node_path_.join(this.root, 'cache', 'download');
        await walk(base, (dir, entries) => {
            const rel = external_node_path_.relative(base, dir).split(external_node_path_.sep).join('/');
            const sub = [];
            for (const e of entries) {
                const full = external_node_path_.join(dir, e.name);
                if (external_node_path_.basename(dir) === '@v' && rel !== '@v')
                    this.versionPart(rel, e, full);
                else if (e.isDirectory() && !(rel === '' && e.name === 'sumdb'))
                    sub.push(full);
                else if (!e.isFile() && !e.isDirectory())
                    this.strays.push(full);
            }
            return sub;
        });
        const sized = await Promise.all(this.zips.map(async (z) => ({ ...z, size: (await (0,promises_.lstat)(z.file)).size })));
        for (const z of sized.sort((a, b) => b.size - a.size)) {
            this.work.push(this.pool.hashZip(z.file).then((r) => {
                if ('problem' in r)
                    return void (this.version(z.key).zip = r);
                this.bytes += z.size;
                const members = new Map();
                r.names.forEach((n, i) => members.set(memberName(n), r.hex[i]));
                this.version(z.key).zip = { h1: r.h1, members };
            }));
        }
    }
    /** One entry of `<module>/@v/`. */
    versionPart(rel, e, full) {
        const m = PART.exec(e.name);
        if (m === null) {
            if (!e.isFile() && !e.isDirectory())
                this.strays.push(full);
            return;
        }
        const key = `${rel.slice(0, -'/@v'.length)}@${m[1]}`;
        const part = m[2];
        const where = this.where(key);
        if (part === 'info') {
            where.info = full;
            if (!e.isFile())
                this.strays.push(full);
            return;
        }
        const v = this.version(key);
        const problem = e.isFile() ? undefined : { problem: kindOf(e) };
        // Parts no line covers are found but not read: they are removed or kept unread.
        const skip = part === 'mod' ? !this.wanted.mod(key) : !this.wanted.zip(key);
        if (part === 'zip') {
            where.zip = full;
            if (problem || skip)
                v.zip = problem ?? NOT_READ;
            else
                this.zips.push({ key, file: full });
        }
        else if (part === 'ziphash') {
            where.zipHash = full;
            if (problem || skip)
                v.zipHash = problem ?? NOT_READ;
            else
                this.work.push(readZipHash(full).then((r) => void (v.zipHash = r)));
        }
        else {
            where.mod = full;
            if (problem || skip)
                v.mod = problem ?? NOT_READ;
            else
                this.hashFile(external_node_path_.relative(this.root, full).split(external_node_path_.sep).join('/'), (h) => (v.mod = h));
        }
    }
    /** The module tree: every `<path>@<version>` directory, file by file. */
    async walkModules() {
        const cache = external_node_path_.join(this.root, 'cache');
        await walk(this.root, (dir, entries) => {
            const sub = [];
            for (const e of entries) {
                const full = external_node_path_.join(dir, e.name);
                if (e.isDirectory() && full === cache)
                    continue;
                if (e.isDirectory() && e.name.includes('@'))
                    this.work.push(this.walkVersionDir(full));
                else if (e.isDirectory())
                    sub.push(full);
                else if (!e.isFile())
                    this.strays.push(full);
            }
            return sub;
        });
    }
    async walkVersionDir(top) {
        const key = external_node_path_.relative(this.root, top).split(external_node_path_.sep).join('/');
        this.where(key).dir = top;
        const files = new Map();
        const problems = [];
        const dir = { files, problems };
        this.version(key).dir = dir;
        if (!this.wanted.zip(key))
            return;
        await walk(top, (d, entries) => {
            const sub = [];
            for (const e of entries) {
                const full = external_node_path_.join(d, e.name);
                const name = external_node_path_.relative(top, full).split(external_node_path_.sep).join('/');
                if (e.isDirectory())
                    sub.push(full);
                else if (!e.isFile())
                    problems.push(`${name}: ${kindOf(e)}`);
                else {
                    this.hashFile(`${key}/${name}`, (h) => {
                        if ('sha256' in h)
                            files.set(name, h.sha256);
                        else
                            problems.push(`${name}: ${h.problem}`);
                    });
                }
            }
            return sub;
        });
    }
    /** Waits for every hash, including those queued while waiting. */
    async settle() {
        for (let done = 0; done < this.work.length || this.pending.length > 0;) {
            this.flush();
            const batch = this.work.slice(done);
            done = this.work.length;
            await Promise.all(batch);
        }
    }
}
/**
 * Finds everything the module cache at `root` holds for the go command, and hashes the
 * parts that `wanted` has lines for.
 */
async function scanModCache(root, wanted, threads) {
    const pool = new ModCacheHashPool(root, threads);
    const scan = new Scan(root, pool, wanted);
    try {
        const linked = await linkedCacheDirs(root);
        scan.strays.push(...linked);
        if (linked.length === 0)
            await scan.walkDownloads();
        await scan.walkModules();
        await scan.settle();
        for (const dir of scan.found.values())
            dir.dir?.problems?.sort();
        return { found: scan.found, paths: scan.paths, strays: scan.strays.sort(), bytes: scan.bytes };
    }
    finally {
        await pool.close();
    }
}

;// CONCATENATED MODULE: ./src/cache/modcache-sums.ts
/**
 * What a workspace's go.sum files say a module cache must hold. Pure: text in, expectations
 * out. Each `<module> <version> h1:…` line is the hash of that version's zip and of its
 * extracted directory; each `<module> <version>/go.mod h1:…` line the hash of its go.mod.
 *
 * Paths in the cache are derived from these lines, so a line whose module path or version
 * could name anything outside the cache (`..`, absolute, odd characters) is ignored, never
 * turned into a path: the go command would refuse such a line too.
 */
/** A module path element: the characters Go allows, no leading or trailing dot. */
const ELEMENT = /^[A-Za-z0-9_~-](?:[A-Za-z0-9._~-]*[A-Za-z0-9_~-])?$/;
/** A (semantic or pseudo-) version as it appears in go.sum: no `/`, no `..`. */
const VERSION = /^v[0-9A-Za-z+-]+(?:\.[0-9A-Za-z+-]+)*$/;
/** `h1:` and the base64 of a SHA-256. */
const H1 = /^h1:[A-Za-z0-9+/]{43}=$/;
/** Whether a module path is safe to turn into a cache path (a subset of Go's CheckPath). */
function isModulePath(module) {
    return module.length <= 1024 && module.split('/').every((e) => ELEMENT.test(e));
}
function isVersion(version) {
    return version.length <= 256 && VERSION.test(version);
}
/**
 * Go's case-escaping of module paths and versions in the cache (module.EscapePath): each
 * upper-case letter becomes `!` and its lower-case form, so the cache works on
 * case-insensitive file systems.
 */
function escapeCase(text) {
    return text.replace(/[A-Z]/g, (c) => `!${c.toLowerCase()}`);
}
/** The cache's name for a version: `<escaped path>@<escaped version>`. */
function versionKey(module, version) {
    return `${escapeCase(module)}@${escapeCase(version)}`;
}
/** The lines of a go.sum text that name a checkable hash; `ignored` counts the rest. */
function parseGoSum(text) {
    const lines = [];
    let ignored = 0;
    for (const raw of text.split('\n')) {
        const fields = raw.trim().split(/\s+/);
        if (fields.length === 1 && fields[0] === '')
            continue;
        const [module, rawVersion, h1] = fields;
        if (fields.length !== 3 || !H1.test(h1)) {
            ignored++;
            continue;
        }
        const kind = rawVersion.endsWith('/go.mod') ? 'mod' : 'zip';
        const version = kind === 'mod' ? rawVersion.slice(0, -'/go.mod'.length) : rawVersion;
        if (!isModulePath(module) || !isVersion(version)) {
            ignored++;
            continue;
        }
        lines.push({ module: module, version, kind, h1: h1 });
    }
    return { lines, ignored };
}
/** Every version the lines name, by cache key. */
function expectedVersions(lines) {
    const byKey = new Map();
    for (const line of lines) {
        const key = versionKey(line.module, line.version);
        let entry = byKey.get(key);
        if (entry === undefined) {
            entry = { module: line.module, version: line.version, zip: new Set(), mod: new Set() };
            byKey.set(key, entry);
        }
        entry[line.kind].add(line.h1);
    }
    return byKey;
}

;// CONCATENATED MODULE: ./src/cache/verify-modcache.ts
/**
 * Proves a module cache against a workspace's go.sum files, as `go mod verify` would and
 * more: the go command trusts an extracted module directory, and a zip it would extract,
 * on the word of the `.ziphash` beside them, so a cache entry another job wrote could hold
 * a genuine `.ziphash` and changed sources. Here every directory and every zip is hashed
 * and compared with the go.sum line itself, every go.mod file with its `/go.mod` line, and
 * whatever fails or is not covered by any line is removed, so the go command downloads it
 * again through the checksum database.
 *
 * Kept without a proof: `cache/download/sumdb` (the go command checks tiles itself),
 * `cache/vcs`, `list` and lock files, `.info` files of versions that were not removed, and
 * go.mod files no line covers (the go command hashes every go.mod it reads).
 */







async function readSums(files) {
    const lines = [];
    for (const file of files)
        lines.push(...parseGoSum(await (0,promises_.readFile)(file, 'utf8')).lines);
    return lines;
}
/** The paths to remove for a verdict: the whole version, or its go.mod. */
function pathsToRemove(verdict, where) {
    const out = [];
    const c = verdict.content;
    if (c !== undefined && c.kind !== 'proven') {
        out.push(...[where.dir, where.zip, where.zipHash].filter((p) => !!p));
        if (c.kind === 'failed' && where.info)
            out.push(where.info);
    }
    if (verdict.mod?.kind === 'failed') {
        out.push(...[where.mod, where.info].filter((p) => !!p && !out.includes(p)));
    }
    return out;
}
async function remove(file) {
    try {
        await (0,remove_tree/* removeTree */.d)(file);
    }
    catch (err) {
        // A file in a directory made read-only: removeTree only opens up directories below it.
        await (0,promises_.rm)(file, { force: true }).catch(() => undefined);
        throw new ModCacheRemovalError(`cannot remove ${file}, which failed its proof: ${err.message}`, { cause: err });
    }
}
/** Hashes the module cache against the go.sum files and removes what is not proven. */
async function verifyModCache(options) {
    const started = external_node_perf_hooks_.performance.now();
    const expected = expectedVersions(await readSums(options.goSumFiles));
    const scan = await scanModCache(options.modCache, {
        zip: (key) => (expected.get(key)?.zip.size ?? 0) > 0,
        mod: (key) => (expected.get(key)?.mod.size ?? 0) > 0,
    }, options.threads);
    const verdicts = judgeVersions(scan.found, expected);
    const failed = [];
    const uncovered = [];
    let proven = 0;
    let provenDirs = 0;
    let provenZips = 0;
    let provenMods = 0;
    const doomed = [...new Set(scan.strays)];
    for (const v of verdicts) {
        const name = v.expected ? `${v.expected.module} ${v.expected.version}` : undefined;
        const c = v.content;
        if (c?.kind === 'proven') {
            proven++;
            if (c.dir)
                provenDirs++;
            if (c.zip)
                provenZips++;
        }
        else if (c?.kind === 'uncovered') {
            uncovered.push(v.key);
        }
        const reasons = [
            c?.kind === 'failed' ? c.reason : '',
            v.mod?.kind === 'failed' ? v.mod.reason : '',
        ].filter((r) => r !== '');
        if (reasons.length > 0)
            failed.push({ key: v.key, ...(name ? { name } : {}), reason: reasons.join('; ') });
        if (v.mod?.kind === 'proven')
            provenMods++;
        doomed.push(...pathsToRemove(v, scan.paths.get(v.key) ?? {}));
    }
    if (options.remove !== false)
        for (const file of doomed)
            await remove(file);
    return {
        goSumFiles: options.goSumFiles.length,
        proven,
        provenDirs,
        provenZips,
        provenMods,
        failed,
        uncovered,
        strays: [...new Set(scan.strays)],
        bytes: scan.bytes,
        seconds: Math.round(external_node_perf_hooks_.performance.now() - started) / 1000,
    };
}


/***/ })

};
