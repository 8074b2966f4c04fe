export const id = 924;
export const ids = [924];
export const modules = {

/***/ 6413:
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
// EXTERNAL MODULE: ./src/verify/module-file-path.ts
var module_file_path = __webpack_require__(694);
;// CONCATENATED MODULE: ./src/archive/archive-policy.ts
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
            throw new errors/* UnsafeArchiveError */.td(header.name, reason);
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
            const problem = (0,module_file_path/* filePathProblem */.tX)(name);
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
            const goNode = this.goNodes.get((0,module_file_path/* foldKey */.pU)(name));
            if (goNode)
                return { node: goNode, how: 'go' };
        }
        return undefined;
    }
    remember(node) {
        this.nodes.set(foldKey(node.name), node);
        if (this.options.moduleFileNames)
            this.goNodes.set((0,module_file_path/* foldKey */.pU)(node.name), node);
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

;// CONCATENATED MODULE: ./src/archive/extract-result.ts
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
        this.policy = new ArchivePolicy(options);
        this.tally = new ResultTally(options);
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


/***/ }),

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
/* harmony import */ var _archive_extract_tar_js__WEBPACK_IMPORTED_MODULE_11__ = __webpack_require__(6413);
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
