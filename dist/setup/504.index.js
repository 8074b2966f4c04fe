export const id = 504;
export const ids = [504];
export const modules = {

/***/ 8123:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   t$: () => (/* binding */ ArchivePolicy)
/* harmony export */ });
/* unused harmony exports DEFAULT_LIMITS, nameProblem, components, symlinkTarget */
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3916);
/* harmony import */ var _verify_module_file_path_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(694);
/**
 * What may come out of an archive. Pure logic: the tar and zip extractors describe each
 * member's header to an {@link ArchivePolicy} *before* any of its bytes reach the disk,
 * and the policy either refuses it (throws UnsafeArchiveError), skips it (name mapping),
 * or returns the checked, normalised member the extractor is allowed to write.
 *
 * The policy keeps a map of every path seen so far, so it can refuse members that would be
 * written through an earlier symlink, hardlinks to things that are not earlier regular
 * files, and names that collide on case-insensitive file systems (macOS, Windows). With
 * `moduleFileNames` it also holds names to the rules of Go module zips: valid module file
 * paths, and no two equal under Go's case folding.
 */


/** A Go toolchain is ~12k files and ~500 MB unpacked; these leave ample room and stop bombs. */
const DEFAULT_LIMITS = Object.freeze({
    maxEntries: 200_000,
    maxEntrySize: 1024 ** 3,
    maxTotalSize: 4 * 1024 ** 3,
});
/** How `name` collides with `found` when the names differ, for a refusal message. */
function howCollides(found, name) {
    if (found.node.name === name)
        return '';
    return found.how === 'file-system'
        ? ' on case-insensitive file systems'
        : " under Go's case folding";
}
/** Stateful checker for one archive; feed it members in archive order. */
class ArchivePolicy {
    options;
    limits;
    prefix;
    /** Every path seen, by its case-insensitive file system key (foldKey). */
    nodes = new Map();
    /** With moduleFileNames: every path seen again, by Go's case-folding key. */
    goNodes = new Map();
    entries = 0;
    total = 0;
    constructor(options = {}) {
        this.options = options;
        this.limits = { ...DEFAULT_LIMITS, ...definedOnly(options.limits) };
        if (options.requiredPrefix !== undefined) {
            const problem = nameProblem(options.requiredPrefix);
            if (problem)
                throw new Error(`invalid requiredPrefix ${JSON.stringify(options.requiredPrefix)}: ${problem}`);
            this.prefix = components(options.requiredPrefix);
            if (this.prefix.length === 0)
                throw new Error('requiredPrefix must name a directory');
        }
    }
    /** Bytes of file data admitted so far. */
    get totalSize() {
        return this.total;
    }
    /**
     * Checks one member. Returns what to write, or undefined when the name mapping skips it.
     * Throws UnsafeArchiveError when the member must not be extracted (the whole archive then
     * has to be refused: later members may depend on this one).
     */
    admit(header) {
        const refuse = (reason) => {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UnsafeArchiveError */ .td(header.name, reason);
        };
        this.entries += 1;
        if (this.entries > this.limits.maxEntries)
            refuse(`archive has more than ${this.limits.maxEntries} members`);
        const rawName = this.withoutMemberPrefix(header.name, refuse);
        const rawProblem = nameProblem(rawName);
        if (rawProblem)
            refuse(rawProblem);
        switch (header.type) {
            case 'character-device':
            case 'block-device':
                refuse('device files are not allowed');
                break;
            case 'fifo':
            case 'socket':
                refuse(`${header.type} members are not allowed`);
                break;
            case 'symlink':
                if (this.options.allowSymlinks === false)
                    refuse('symbolic links are not allowed');
                break;
            case 'hardlink':
                if (this.options.allowHardlinks === false)
                    refuse('hard links are not allowed');
                break;
            default:
                break;
        }
        if (header.mode !== undefined && (header.mode & 0o7000) !== 0) {
            refuse(`setuid, setgid or sticky bit set (mode ${(header.mode & 0o7777).toString(8)})`);
        }
        if (!Number.isSafeInteger(header.size) || header.size < 0)
            refuse(`invalid size ${header.size}`);
        if (header.type === 'file') {
            if (header.size > this.limits.maxEntrySize) {
                refuse(`size ${header.size} exceeds the limit of ${this.limits.maxEntrySize} bytes per file`);
            }
            // Skipped members count too: their bytes still have to be decompressed.
            this.total += header.size;
            if (this.total > this.limits.maxTotalSize) {
                refuse(`unpacked size exceeds the limit of ${this.limits.maxTotalSize} bytes`);
            }
        }
        else if (header.size !== 0) {
            refuse(`${header.type} member carries ${header.size} bytes of data`);
        }
        const archiveParts = components(rawName);
        if (archiveParts.length === 0) {
            // "./" – the destination directory itself.
            if (header.type === 'directory')
                return undefined;
            refuse('member has an empty name');
        }
        const archiveName = archiveParts.join('/');
        const mapped = this.mapName(archiveParts, header.type === 'directory', refuse);
        if (mapped === undefined)
            return undefined;
        const parts = components(mapped);
        const name = parts.join('/');
        if (this.options.moduleFileNames) {
            const problem = (0,_verify_module_file_path_js__WEBPACK_IMPORTED_MODULE_1__/* .filePathProblem */ .tX)(name);
            if (problem)
                refuse(`not a valid Go module file path: ${problem}`);
        }
        this.checkAncestors(parts, refuse);
        const found = this.lookup(name);
        if (found) {
            const { node } = found;
            // A directory may repeat; in a module zip only under exactly the same name.
            const repeatedDirectory = node.type === 'directory' &&
                header.type === 'directory' &&
                (node.name === name || !this.options.moduleFileNames);
            if (!repeatedDirectory) {
                const earlier = `${node.type} ${JSON.stringify(node.name)}`;
                refuse(`collides with earlier ${earlier}${howCollides(found, name)}`);
            }
        }
        const admitted = {
            archiveName,
            name,
            type: header.type,
            size: header.size,
            executable: false,
        };
        if (header.type === 'file') {
            const modeX = header.mode !== undefined && (header.mode & 0o111) !== 0;
            admitted.executable = modeX || (this.options.isExecutable?.(name) ?? false);
        }
        else if (header.type === 'symlink') {
            admitted.linkTarget = symlinkTarget(header.linkTarget, parts.length - 1, refuse);
        }
        else if (header.type === 'hardlink') {
            admitted.linkTarget = this.hardlinkTarget(header.linkTarget, refuse);
        }
        this.remember({ name, type: admitted.type });
        return admitted;
    }
    /** The earlier path `name` collides with, and under which folding. */
    lookup(name) {
        const node = this.nodes.get(foldKey(name));
        if (node)
            return { node, how: 'file-system' };
        if (this.options.moduleFileNames) {
            const goNode = this.goNodes.get((0,_verify_module_file_path_js__WEBPACK_IMPORTED_MODULE_1__/* .foldKey */ .pU)(name));
            if (goNode)
                return { node: goNode, how: 'go' };
        }
        return undefined;
    }
    remember(node) {
        this.nodes.set(foldKey(node.name), node);
        if (this.options.moduleFileNames)
            this.goNodes.set((0,_verify_module_file_path_js__WEBPACK_IMPORTED_MODULE_1__/* .foldKey */ .pU)(node.name), node);
    }
    /** Applies requiredPrefix/stripPrefix/rename; undefined = skip. */
    mapName(parts, isDir, refuse) {
        let mapped = parts;
        if (this.prefix) {
            const prefix = this.prefix;
            const under = prefix.every((p, i) => parts[i] === p);
            if (!under || (parts.length === prefix.length && !isDir)) {
                refuse(`outside the required top-level directory ${JSON.stringify(prefix.join('/'))}`);
            }
            if (this.options.stripPrefix) {
                mapped = parts.slice(prefix.length);
                if (mapped.length === 0)
                    return undefined;
            }
        }
        let name = mapped.join('/');
        if (this.options.rename) {
            const renamed = this.options.rename(name);
            if (renamed === null)
                return undefined;
            const problem = nameProblem(renamed);
            if (problem)
                refuse(`renamed to ${JSON.stringify(renamed)}: ${problem}`);
            if (components(renamed).length === 0)
                refuse(`renamed to an empty name`);
            name = renamed;
        }
        return name;
    }
    /** Every ancestor must be a directory: never write through a symlink, file or hardlink. */
    checkAncestors(parts, refuse) {
        for (let i = 1; i < parts.length; i++) {
            const ancestor = parts.slice(0, i).join('/');
            const found = this.lookup(ancestor);
            if (found === undefined) {
                this.remember({ name: ancestor, type: 'directory' });
                continue;
            }
            const { node } = found;
            if (node.type !== 'directory') {
                refuse(`path passes through earlier ${node.type} ${JSON.stringify(node.name)}`);
            }
            else if (node.name !== ancestor && this.options.moduleFileNames) {
                refuse(`directory ${JSON.stringify(ancestor)} collides with earlier directory ` +
                    `${JSON.stringify(node.name)}${howCollides(found, ancestor)}`);
            }
        }
    }
    /** `name` without `memberPrefix` ('.' for the prefix itself); refuses names outside it. */
    withoutMemberPrefix(name, refuse) {
        const prefix = this.options.memberPrefix?.replace(/\/+$/, '');
        if (prefix === undefined)
            return name;
        if (name === prefix || name === `${prefix}/`)
            return '.';
        if (name.startsWith(`${prefix}/`))
            return name.slice(prefix.length + 1);
        return refuse(`outside ${JSON.stringify(prefix)}, the directory the archive was made from`);
    }
    hardlinkTarget(given, refuse) {
        if (given === undefined || given === '')
            return refuse('hard link without a target');
        const target = this.withoutMemberPrefix(given, (reason) => refuse(`hard link target ${JSON.stringify(given)} is ${reason}`));
        const problem = nameProblem(target);
        if (problem)
            refuse(`hard link target ${JSON.stringify(target)}: ${problem}`);
        const parts = components(target);
        let mapped;
        try {
            mapped = parts.length === 0 ? undefined : this.mapName(parts, false, refuse);
        }
        catch {
            mapped = undefined;
        }
        const node = mapped === undefined ? undefined : this.lookup(components(mapped).join('/'))?.node;
        if (!node || node.type !== 'file') {
            refuse(`hard link target ${JSON.stringify(target)} is not an earlier regular file of the archive`);
        }
        return node.name;
    }
}
/** Why a raw name (member or prefix) is unsafe on some platform, or undefined when fine. */
function nameProblem(name) {
    if (name.length === 0)
        return 'empty name';
    if (name.includes('\0'))
        return 'NUL byte in name';
    if (hasControlCharacter(name))
        return 'control character in name';
    if (name.includes('\ufffd'))
        return 'name is not valid UTF-8';
    if (name.includes('\\'))
        return 'backslash in name (a path separator on Windows)';
    if (name.startsWith('/'))
        return 'absolute path';
    if (/^[A-Za-z]:/.test(name))
        return 'absolute path (drive letter)';
    for (const part of name.split('/')) {
        if (part === '..')
            return "'..' component";
        // A colon names a drive or an alternate data stream on Windows.
        if (part.includes(':'))
            return 'colon in name';
    }
    return undefined;
}
/** Name components without empty and `.` parts: "./go//bin/" → ["go", "bin"]. */
function components(name) {
    return name.split('/').filter((p) => p !== '' && p !== '.');
}
/**
 * Checks a symlink target and returns it in normal form. The target must be relative and
 * may only climb (`..`) at its start, and not above the root from the link's directory
 * (`depth` components deep). Since no member may pass through a symlink and ancestors are
 * always real directories, such a target cannot leave the root even through other links:
 * the climb crosses real directories only, and the descent never climbs again.
 * Targets like `d/..` are refused although they look harmless: if `d` is itself a link,
 * the kernel resolves `..` from where `d` points.
 */
function symlinkTarget(target, depth, refuse) {
    if (target === undefined || target === '')
        return refuse('symbolic link without a target');
    const quoted = JSON.stringify(target);
    if (target.includes('\0'))
        refuse(`symlink target ${quoted} contains a NUL byte`);
    if (hasControlCharacter(target))
        refuse(`symlink target ${quoted} contains a control character`);
    if (target.includes('\\'))
        refuse(`symlink target ${quoted} contains a backslash`);
    if (target.startsWith('/') || /^[A-Za-z]:/.test(target))
        refuse(`symlink target ${quoted} is absolute`);
    if (target.includes(':'))
        refuse(`symlink target ${quoted} contains a colon`);
    const parts = components(target);
    let ups = 0;
    while (parts[ups] === '..')
        ups += 1;
    if (parts.slice(ups).includes('..'))
        refuse(`symlink target ${quoted} is not in normal form ('..' after a name)`);
    if (ups > depth)
        refuse(`symlink target ${quoted} escapes the destination directory`);
    return parts.length === 0 ? '.' : parts.join('/');
}
/** C0 controls and DEL (NUL is reported separately). */
function hasControlCharacter(text) {
    for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        if ((c > 0 && c < 0x20) || c === 0x7f)
            return true;
    }
    return false;
}
/** Key under which two names collide on case-insensitive, normalising file systems. */
function foldKey(name) {
    return name.normalize('NFC').toLowerCase();
}
function definedOnly(value) {
    if (!value)
        return {};
    return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined));
}


/***/ }),

/***/ 57:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   K: () => (/* binding */ ResultTally)
/* harmony export */ });
/** Counts members and collects hashes as an extractor admits them. */
class ResultTally {
    options;
    result;
    hashing;
    byName = new Map();
    constructor(options) {
        this.options = options;
        this.hashing = options.hashFiles === true || options.onFile !== undefined;
        this.result = { files: 0, directories: 0, symlinks: 0, hardlinks: 0, skipped: 0, bytes: 0 };
        if (options.hashFiles)
            this.result.hashes = new Map();
    }
    /** Whether this member's bytes are to be hashed. */
    shouldHash(member) {
        return this.hashing && (this.options.hashOnly?.(member.name) ?? true);
    }
    skipped() {
        this.result.skipped += 1;
    }
    /** Records a directory, symlink or hardlink (a hardlink repeats its target's hash). */
    linkOrDirectory(member) {
        if (member.type === 'directory')
            this.result.directories += 1;
        else if (member.type === 'symlink')
            this.result.symlinks += 1;
        else if (member.type === 'hardlink') {
            this.result.hardlinks += 1;
            const target = member.linkTarget === undefined ? undefined : this.byName.get(member.linkTarget);
            if (target !== undefined)
                this.emit(member, target.size, target.sha256);
        }
    }
    /** Records a regular file once all its bytes are written; sha256 is set when hashing. */
    file(member, size, sha256) {
        this.result.files += 1;
        this.result.bytes += size;
        if (sha256 !== undefined)
            this.emit(member, size, sha256);
    }
    emit(member, size, sha256) {
        this.byName.set(member.name, { size, sha256 });
        this.result.hashes?.set(member.name, sha256);
        this.options.onFile?.({ name: member.name, archiveName: member.archiveName, size, sha256 });
    }
}


/***/ }),

/***/ 8504:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  Ce: () => (/* binding */ extractTarGz),
  v1: () => (/* binding */ platformTar)
});

// UNUSED EXPORTS: tarExtractArgs

// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(1421);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
// EXTERNAL MODULE: external "node:stream"
var external_node_stream_ = __webpack_require__(7075);
// EXTERNAL MODULE: external "node:stream/promises"
var promises_ = __webpack_require__(6466);
// EXTERNAL MODULE: external "node:zlib"
var external_node_zlib_ = __webpack_require__(8522);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: ./node_modules/tar/dist/esm/index.min.js
var index_min = __webpack_require__(8697);
// EXTERNAL MODULE: ./src/archive/archive-policy.ts
var archive_policy = __webpack_require__(8123);
// EXTERNAL MODULE: ./src/archive/extract-result.ts
var extract_result = __webpack_require__(57);
;// CONCATENATED MODULE: ./src/archive/tar-gate.ts
/**
 * The gate between an untrusted tar stream and the platform `tar` that writes the files.
 *
 * `push()` takes decompressed tar bytes and returns the bytes the child `tar` may receive.
 * Each 512-byte header is decoded with node-tar's `Header` (and pax records with its `Pax`),
 * checked by the {@link ArchivePolicy}, and then **re-encoded** from the checked values;
 * file data passes through unchanged (slices of the input, no copy).
 *
 * Why re-encode instead of forwarding the original header bytes: forwarding is only safe
 * if node-tar and GNU tar/bsdtar read every header the same way, and they do not (GNU tar
 * honours `GNU.sparse.name`, extracts unknown type flags as regular files, resynchronises
 * after a bad checksum by scanning for the next valid header inside file data, and ends an
 * archive at a lone zero block; bsdtar honours SCHILY/LIBARCHIVE keys). A re-encoded stream
 * contains only plain ustar headers (plus a pax `path`/`linkpath` record when a name does
 * not fit) carrying values we checked, so the child cannot see a member the policy did not
 * admit, whatever trick the original header played.
 *
 * Framing is our own and strict: a member is framed by the size we validated, the archive
 * ends at the first zero block (like GNU tar), anything but zeros after it is refused, and
 * input that ends before that block is a truncated archive.
 */





const BLOCK = 512;
const ZEROS = Buffer.alloc(2 * BLOCK);
/** pax and GNU long-name records are metadata: a path is at most a few KiB. */
const MAX_META_SIZE = 1024 * 1024;
/** Zero padding after the end-of-archive block (tar pads to its record size, ≤ 1 MiB in practice). */
const MAX_TRAILER = 16 * 1024 * 1024;
/** Largest mtime a 12-byte octal field holds. */
const MAX_OCTAL_TIME = 0o77777777777;
class TarGate {
    policy;
    tally;
    state = { kind: 'header' };
    /** Bytes of a header block that straddles two chunks. */
    partial = Buffer.alloc(0);
    extended;
    global;
    offset = 0;
    constructor(options = {}) {
        this.policy = new archive_policy/* ArchivePolicy */.t$(options);
        this.tally = new extract_result/* ResultTally */.K(options);
    }
    /**
     * Consumes the next decompressed bytes. Returns the bytes that may be passed on; throws
     * UnsafeArchiveError on a refused member, before any of its bytes were returned.
     */
    push(chunk) {
        const out = [];
        let pos = 0;
        while (pos < chunk.length) {
            const state = this.state;
            const available = chunk.length - pos;
            switch (state.kind) {
                case 'header': {
                    let block;
                    if (this.partial.length === 0 && available >= BLOCK) {
                        block = chunk.subarray(pos, pos + BLOCK);
                        pos += BLOCK;
                    }
                    else {
                        const take = Math.min(BLOCK - this.partial.length, available);
                        this.partial = Buffer.concat([this.partial, chunk.subarray(pos, pos + take)]);
                        pos += take;
                        if (this.partial.length < BLOCK)
                            continue;
                        block = this.partial;
                        this.partial = Buffer.alloc(0);
                    }
                    this.header(block, out);
                    this.offset += BLOCK;
                    break;
                }
                case 'meta': {
                    const take = Math.min(available, state.remaining + state.padding);
                    const data = Math.min(take, state.remaining);
                    if (data > 0)
                        state.chunks.push(Buffer.from(chunk.subarray(pos, pos + data)));
                    state.remaining -= data;
                    state.padding -= take - data;
                    pos += take;
                    this.offset += take;
                    if (state.remaining === 0 && state.padding === 0)
                        this.metaDone(state);
                    break;
                }
                case 'body': {
                    const take = Math.min(available, state.remaining + state.padding);
                    const data = Math.min(take, state.remaining);
                    if (data > 0 && state.member) {
                        const slice = chunk.subarray(pos, pos + data);
                        state.hash?.update(slice);
                        out.push(slice);
                    }
                    state.remaining -= data;
                    state.padding -= take - data;
                    pos += take;
                    this.offset += take;
                    if (state.remaining === 0 && state.padding === 0)
                        this.bodyDone(state, out);
                    break;
                }
                case 'trailer': {
                    const rest = chunk.subarray(pos);
                    if (rest.some((b) => b !== 0)) {
                        throw new errors/* UnsafeArchiveError */.td('(end of archive)', `data after the end-of-archive block at offset ${this.offset}`);
                    }
                    state.seen += rest.length;
                    if (state.seen > MAX_TRAILER) {
                        throw new errors/* UnsafeArchiveError */.td('(end of archive)', `more than ${MAX_TRAILER} bytes of padding after the end`);
                    }
                    pos = chunk.length;
                    break;
                }
            }
        }
        return out;
    }
    /** End of input: returns the end-of-archive blocks for the child, or throws when truncated. */
    end() {
        const state = this.state;
        if (state.kind === 'trailer')
            return [ZEROS];
        if (state.kind === 'body' || state.kind === 'meta') {
            throw new Error(`truncated tar archive: input ends inside member ${JSON.stringify(state.name)} (${state.remaining} bytes missing)`);
        }
        throw new Error(`truncated tar archive: input ends at offset ${this.offset + this.partial.length} without an end-of-archive block`);
    }
    result() {
        return this.tally.result;
    }
    header(block, out) {
        if (isZero(block)) {
            if (this.extended)
                throw new errors/* UnsafeArchiveError */.td('(end of archive)', 'extended header without a member');
            this.state = { kind: 'trailer', seen: 0 };
            return;
        }
        const header = new index_min/* Header */.Y9(block, 0, this.extended, this.global);
        const name = header.path ?? '';
        if (!header.cksumValid) {
            throw new errors/* UnsafeArchiveError */.td(name, `bad header checksum at offset ${this.offset} (corrupt or not a tar archive)`);
        }
        const typeKey = header.typeKey;
        const size = header.size;
        if (size === undefined || !Number.isSafeInteger(size) || size < 0) {
            throw new errors/* UnsafeArchiveError */.td(name, 'invalid size field');
        }
        switch (typeKey) {
            case 'x':
            case 'g':
            case 'L':
            case 'K':
                if (size > MAX_META_SIZE)
                    throw new errors/* UnsafeArchiveError */.td(name, `metadata record of ${size} bytes`);
                this.state = {
                    kind: 'meta',
                    type: typeKey,
                    name,
                    remaining: size,
                    padding: pad(size),
                    chunks: [],
                };
                if (size === 0)
                    this.metaDone(this.state);
                return;
            default:
                break;
        }
        const type = memberType(typeKey);
        if (type === undefined) {
            throw new errors/* UnsafeArchiveError */.td(name, `unsupported member type ${JSON.stringify(typeKey === 'Unsupported' ? String.fromCharCode(block[156] ?? 0) : typeKey)}`);
        }
        // node-tar zeroes the size of directories; a directory carrying data is not well formed.
        if (type === 'directory' && storesData(block)) {
            throw new errors/* UnsafeArchiveError */.td(name, 'directory member carries data');
        }
        const mode = header.mode;
        if (mode === undefined || !Number.isSafeInteger(mode) || mode < 0) {
            throw new errors/* UnsafeArchiveError */.td(name, 'invalid mode field');
        }
        this.extended = undefined;
        const member = this.policy.admit({
            name,
            type,
            size,
            mode,
            linkTarget: type === 'symlink' || type === 'hardlink' ? header.linkpath : undefined,
        });
        if (!member) {
            this.tally.skipped();
        }
        else {
            out.push(...encodeMember(member, header.mtime));
        }
        if (type !== 'file') {
            if (member)
                this.tally.linkOrDirectory(member);
            this.state = { kind: 'header' };
            return;
        }
        const hash = member && this.tally.shouldHash(member) ? (0,external_node_crypto_.createHash)('sha256') : undefined;
        const body = {
            kind: 'body',
            name,
            member,
            size,
            remaining: size,
            padding: pad(size),
            hash,
        };
        this.state = body;
        if (size === 0)
            this.bodyDone(body, out);
    }
    metaDone(state) {
        const data = Buffer.concat(state.chunks);
        this.state = { kind: 'header' };
        if (state.type === 'L' || state.type === 'K') {
            const value = data.toString('utf8').replace(/\0[^]*$/, '');
            const key = state.type === 'L' ? 'path' : 'linkpath';
            this.extended = { ...this.extended, [key]: value };
            return;
        }
        const text = data.toString('utf8');
        // Sparse files store a map, not their contents; a GNU.sparse.name even renames the member.
        if (/(^|\n)\d+ GNU\.sparse\./.test(text)) {
            throw new errors/* UnsafeArchiveError */.td(state.name, 'sparse files (GNU.sparse pax records) are not supported');
        }
        const pax = index_min/* Pax */.un.parse(text, undefined, state.type === 'g');
        const values = {};
        if (pax.path !== undefined)
            values.path = pax.path;
        if (pax.linkpath !== undefined)
            values.linkpath = pax.linkpath;
        if (pax.size !== undefined)
            values.size = pax.size;
        if (pax.mtime !== undefined)
            values.mtime = pax.mtime;
        if (state.type === 'g') {
            if (values.path !== undefined || values.linkpath !== undefined || values.size !== undefined) {
                throw new errors/* UnsafeArchiveError */.td(state.name, 'global pax header sets path, linkpath or size');
            }
            this.global = { ...this.global, ...values };
        }
        else {
            this.extended = { ...this.extended, ...values };
        }
    }
    bodyDone(state, out) {
        this.state = { kind: 'header' };
        if (!state.member)
            return;
        const padding = pad(state.size);
        if (padding > 0)
            out.push(ZEROS.subarray(0, padding));
        this.tally.file(state.member, state.size, state.hash?.digest('hex'));
    }
}
function memberType(typeKey) {
    switch (typeKey) {
        case '0':
        case '':
        case '7':
            return 'file';
        case '1':
            return 'hardlink';
        case '2':
            return 'symlink';
        case '3':
            return 'character-device';
        case '4':
            return 'block-device';
        case '5':
            return 'directory';
        case '6':
            return 'fifo';
        default:
            return undefined;
    }
}
const TYPE_NAMES = {
    file: 'File',
    directory: 'Directory',
    symlink: 'SymbolicLink',
    hardlink: 'Link',
};
/** A plain ustar header (and a pax record when a name does not fit) from checked values only. */
function encodeMember(member, mtime) {
    // An unparsable pax mtime gives an Invalid Date: fall back to 0 rather than write NaN.
    const ms = mtime?.getTime();
    const seconds = ms !== undefined && Number.isFinite(ms) ? Math.floor(ms / 1000) : 0;
    const time = new Date(Math.min(Math.max(seconds, 0), MAX_OCTAL_TIME) * 1000);
    const path = member.type === 'directory' ? `${member.name}/` : member.name;
    const header = new index_min/* Header */.Y9({
        path,
        // Canonical permissions: the child applies the umask; no owner, no special bits.
        mode: member.type === 'file'
            ? member.executable
                ? 0o755
                : 0o644
            : member.type === 'directory'
                ? 0o755
                : 0o777,
        uid: 0,
        gid: 0,
        uname: '',
        gname: '',
        size: member.type === 'file' ? member.size : 0,
        mtime: time,
        type: TYPE_NAMES[member.type],
        linkpath: member.linkTarget,
    });
    const needPax = header.encode();
    const block = header.block;
    if (!block)
        throw new Error('node-tar did not encode a header');
    if (!needPax)
        return [block];
    // The pax block's own numeric fields are left empty by node-tar unless given; GNU tar
    // reads an empty mtime as -1 and warns, so fill them.
    return [
        new index_min/* Pax */.un({ path, linkpath: member.linkTarget, mtime: time, uid: 0, gid: 0 }).encode(),
        block,
    ];
}
function pad(size) {
    return (BLOCK - (size % BLOCK)) % BLOCK;
}
function isZero(block) {
    return ZEROS.subarray(0, BLOCK).equals(block);
}
/** Whether the size field as stored is non-zero (node-tar reports 0 for every directory). */
function storesData(block) {
    const field = block.subarray(124, 136);
    // base-256: any bit set besides the marker means a non-zero (or negative) size.
    if ((field[0] ?? 0) & 0x80)
        return field.some((b, i) => (i === 0 ? b !== 0x80 : b !== 0));
    return /[1-7]/.test(field.toString('latin1').replace(/\0[^]*$/, ''));
}

;// CONCATENATED MODULE: ./src/archive/extract-tar.ts
/**
 * Streaming, hostile-input-safe extraction of a .tar.gz.
 *
 * Gunzip runs in Node, every header goes through the {@link TarGate} (policy check, then
 * re-encoding), and the platform `tar` does the file writing from its stdin. Writing files
 * from Node (node-tar's Unpack) measured 1.6× slower than the shell; a `tar -xf -` child
 * keeps the install at shell speed, and the gate keeps it safe: the child only ever receives
 * headers built from admitted members, so a refused member never reaches the disk.
 *
 * On failure the destination is left partly filled: extract into a fresh temporary
 * directory and remove it on error (the tool cache does).
 */








/**
 * The platform's tar: GNU tar on Linux, bsdtar (libarchive) on macOS and the BSDs.
 * On Windows, `System32\tar.exe` is bsdtar too; it is named by full path because Git for
 * Windows puts an MSYS GNU tar earlier on PATH, which takes `C:\dir` for a remote
 * `host:path`. Note for Windows: bsdtar needs the symlink privilege (or developer mode) to
 * create symlinks, and the go.dev Windows archives are zips anyway (see extract-zip.ts).
 */
function platformTar(platform = process.platform, env) {
    if (platform === 'win32') {
        const systemRoot = env['SystemRoot'] ?? env['windir'] ?? 'C:\\Windows';
        return { command: external_node_path_default().win32.join(systemRoot, 'System32', 'tar.exe'), flavor: 'bsd' };
    }
    return { command: 'tar', flavor: platform === 'linux' ? 'gnu' : 'bsd' };
}
/**
 * Arguments for extracting stdin into `destDir`. Both flavours accept the same flags:
 * `--no-same-owner` matters when running as root (the default there is to restore the
 * archive's owners), `--no-same-permissions` applies the umask and drops special bits
 * (root's default is to restore modes exactly). The gate already writes canonical modes
 * (0644/0755) and owner 0, so these are a second line of defence. bsdtar detects the
 * format itself and, like GNU tar, refuses `..` and absolute names by default.
 */
function tarExtractArgs(tar, destDir) {
    const common = ['-x', '-f', '-', '-C', destDir, '--no-same-owner', '--no-same-permissions'];
    // GNU tar: never touch the modes of existing directories (only destDir itself exists).
    return tar.flavor === 'gnu' ? [...common, '--no-overwrite-dir'] : common;
}
/**
 * Extracts a gzip-compressed tar stream into `destDir` (created if missing; must be empty).
 * Rejects with UnsafeArchiveError for a refused member, with an Error for corrupt gzip data,
 * a truncated archive or a failing `tar`, and with the input's own error if it fails.
 */
async function extractTarGz(input, destDir, options = {}) {
    const dest = external_node_path_default().resolve(destDir);
    try {
        ensureEmptyDir(dest);
    }
    catch (err) {
        input.destroy(); // as the pipeline does on every other failure
        throw err;
    }
    const gate = new TarGate(options);
    const tar = options.tar ?? platformTar(process.platform, options.env ?? {});
    const child = (0,external_node_child_process_.spawn)(tar.command, tarExtractArgs(tar, dest), {
        stdio: ['pipe', 'ignore', 'pipe'],
        windowsHide: true,
    });
    const stdin = child.stdin;
    if (!stdin)
        throw new Error(`could not open stdin of ${tar.command}`);
    // Errors on stdin also reach the pipeline below; this listener only keeps them handled.
    stdin.on('error', () => undefined);
    let stderr = '';
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (text) => {
        // Keep the tail: the last lines say why tar stopped.
        stderr = (stderr + text).slice(-16 * 1024);
    });
    let childGone = false;
    const exited = new Promise((resolve) => {
        child.once('error', (error) => {
            childGone = true;
            resolve({ code: null, signal: null, error });
        });
        child.once('exit', () => (childGone = true));
        child.once('close', (code, signal) => resolve({ code, signal }));
    });
    const tarFailure = (status) => {
        if (status.error)
            return new Error(`could not run ${tar.command}: ${status.error.message}`, {
                cause: status.error,
            });
        const how = status.code !== null ? `exit code ${status.code}` : `signal ${status.signal}`;
        return new Error(`${tar.command} failed (${how}) extracting into ${dest}: ${stderr.trim() || 'no message'}`);
    };
    try {
        const decompress = options.decompress?.() ?? (0,external_node_zlib_.createGunzip)({ chunkSize: 256 * 1024 });
        await (0,promises_.pipeline)(input, decompress, gated(gate), stdin, {
            signal: options.signal,
        });
    }
    catch (err) {
        // EPIPE only comes from writing to a child that stopped reading. A child that exited
        // (or never started) while we were still writing explains the failure better than the
        // stream error it caused; a refused member is reported as such in any case.
        const code = err?.code;
        if (!(err instanceof errors/* UnsafeArchiveError */.td) && (code === 'EPIPE' || childGone)) {
            const status = await exitedWithin(exited, 10_000, () => child.kill('SIGKILL'));
            throw tarFailure(status);
        }
        child.kill('SIGKILL');
        await exited;
        throw describe(err);
    }
    const status = await exited;
    if (status.error || status.code !== 0)
        throw tarFailure(status);
    return gate.result();
}
/** The pipeline stage that turns untrusted tar bytes into admitted-only tar bytes. */
/**
 * The gate as a stream stage. Buffers of a few MiB on both sides let gunzip (on the thread
 * pool) run ahead while tar drains its stdin, instead of the three moving in lock step.
 */
function gated(gate) {
    return new external_node_stream_.Transform({
        writableHighWaterMark: 4 * 1024 * 1024,
        readableHighWaterMark: 4 * 1024 * 1024,
        transform(chunk, _encoding, callback) {
            try {
                const pieces = gate.push(chunk);
                // One write per input chunk: a copy is cheaper than many small pipe writes.
                if (pieces.length === 1)
                    callback(null, pieces[0]);
                else if (pieces.length > 1)
                    callback(null, Buffer.concat(pieces));
                else
                    callback();
            }
            catch (err) {
                callback(err);
            }
        },
        flush(callback) {
            try {
                callback(null, Buffer.concat(gate.end()));
            }
            catch (err) {
                callback(err);
            }
        },
    });
}
/**
 * Synchronous on purpose: the input is attached to the pipeline in the same tick as the
 * call, so a caller that hashes the stream with a 'data' listener loses no chunk.
 */
function ensureEmptyDir(dir) {
    (0,external_node_fs_.mkdirSync)(dir, { recursive: true });
    if ((0,external_node_fs_.readdirSync)(dir).length > 0) {
        // An existing tree could hold symlinks the policy never saw.
        throw new Error(`extraction directory ${dir} is not empty`);
    }
}
/** zlib errors get a message that says the compressed data is bad; others pass unchanged. */
function describe(err) {
    const code = err?.code;
    if (typeof code === 'string' && code.startsWith('Z_')) {
        return new Error(`corrupt or truncated gzip stream: ${err.message}`, { cause: err });
    }
    return err;
}
async function exitedWithin(exited, ms, onTimeout) {
    const timer = setTimeout(onTimeout, ms);
    try {
        return await exited;
    }
    finally {
        clearTimeout(timer);
    }
}


/***/ })

};
