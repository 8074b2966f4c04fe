export const id = 201;
export const ids = [201];
export const modules = {

/***/ 201:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  cacheSaveScript: () => (/* binding */ cacheSaveScript),
  exportCacheChoice: () => (/* binding */ exportCacheChoice),
  makeBackend: () => (/* binding */ makeBackend),
  restoreCaches: () => (/* binding */ restoreCaches),
  saveCaches: () => (/* binding */ saveCaches)
});

// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 14 modules
var core = __webpack_require__(6288);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
// EXTERNAL MODULE: external "node:url"
var external_node_url_ = __webpack_require__(3136);
// EXTERNAL MODULE: ./src/go/go-command.ts
var go_command = __webpack_require__(5634);
;// CONCATENATED MODULE: ./src/go/cache-dirs.ts
/**
 * Where the go command keeps its module cache (GOMODCACHE) and build cache (GOCACHE) for a
 * job, asked of the installed go itself so GOPATH, GOENV files and platform defaults are all
 * taken into account. `go env` reads settings only; it writes into neither directory.
 */


/** Asks `goBinary env -json GOMODCACHE GOCACHE` in the job's environment. */
async function goCacheDirs(goBinary, env) {
    const vars = await (0,go_command/* goEnv */.Aq)(goBinary, ['GOMODCACHE', 'GOCACHE'], { env });
    const modCache = vars['GOMODCACHE'] ?? '';
    const buildCache = vars['GOCACHE'] ?? '';
    if (modCache === '')
        throw new Error(`${goBinary} env reports no GOMODCACHE`);
    // GOCACHE=off is a choice: the build cache is then not cached either.
    return { modCache, buildCache: buildCache === 'off' ? '' : buildCache };
}
/**
 * On GitHub-hosted Windows runners, writing thousands of small files to C: is several
 * times slower than to D:, the runner's local temporary disk (the reason cache restores
 * there take minutes); the caches go on D: unless the job chose their places itself. Returns the variables
 * to export (none elsewhere).
 */
function hostedWindowsCacheEnv(env, driveExists = external_node_fs_.existsSync) {
    if (env['RUNNER_OS'] !== 'Windows' || env['RUNNER_ENVIRONMENT'] !== 'github-hosted')
        return {};
    if (!driveExists('D:\\'))
        return {};
    const vars = {};
    if (!env['GOMODCACHE'])
        vars['GOMODCACHE'] = 'D:\\go\\pkg\\mod';
    if (!env['GOCACHE'])
        vars['GOCACHE'] = 'D:\\go\\cache';
    return vars;
}

// EXTERNAL MODULE: ./src/cache/github-service.ts
var github_service = __webpack_require__(3365);
// EXTERNAL MODULE: ./src/cache/cache-inputs.ts
var cache_inputs = __webpack_require__(4892);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:perf_hooks"
var external_node_perf_hooks_ = __webpack_require__(643);
// EXTERNAL MODULE: ./src/markdown.ts
var markdown = __webpack_require__(3758);
;// CONCATENATED MODULE: ./src/cache/build-cache-trim.ts
/**
 * Keeps a saved GOCACHE to what the job used, so the build cache does not grow run after
 * run. It relies on how the go command marks use: when it reads a cache entry whose mtime
 * is more than an hour old, it sets the mtime to now (entries touched within the hour are
 * left alone, to save writes). So, right after a restore, every entry is dated two hours
 * before the job started; entries the job reads or writes get a fresh mtime; before the
 * save, entries still dated before the job started were not used and are removed.
 */


/** How far back restored entries are dated: beyond the go command's one-hour refresh window. */
const AGE_BEFORE_START_MS = 2 * 60 * 60 * 1000;
/** Entry files live in 256 subdirectories named by two hex digits (`00` … `ff`). */
const SHARD = /^[0-9a-f]{2}$/;
async function shards(goCache) {
    const names = await (0,promises_.readdir)(goCache).catch((err) => {
        if (err.code === 'ENOENT')
            return [];
        throw err;
    });
    return names.filter((n) => SHARD.test(n)).map((n) => external_node_path_.join(goCache, n));
}
/** Dates every entry of a freshly restored GOCACHE to before `jobStart`; returns the count. */
async function ageBuildCache(goCache, jobStart) {
    const when = new Date(jobStart - AGE_BEFORE_START_MS);
    let count = 0;
    for (const shard of await shards(goCache)) {
        const files = await (0,promises_.readdir)(shard);
        await Promise.all(files.map(async (f) => {
            await (0,promises_.utimes)(external_node_path_.join(shard, f), when, when);
            count += 1;
        }));
    }
    return count;
}
/** Removes the entries not used since `jobStart` (see the module comment). */
async function trimBuildCache(goCache, jobStart) {
    let kept = 0;
    let removed = 0;
    let removedBytes = 0;
    for (const shard of await shards(goCache)) {
        const files = await (0,promises_.readdir)(shard);
        await Promise.all(files.map(async (f) => {
            const file = external_node_path_.join(shard, f);
            const info = await (0,promises_.stat)(file).catch(() => undefined);
            if (!info)
                return;
            // Halfway between the aged date and the start: immune to coarse file-system clocks.
            if (info.mtimeMs >= jobStart - AGE_BEFORE_START_MS / 2) {
                kept += 1;
                return;
            }
            await (0,promises_.rm)(file, { force: true });
            removed += 1;
            removedBytes += info.size;
        }));
    }
    return { kept, removed, removedBytes };
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: ./node_modules/@actions/glob/lib/glob.js + 17 modules
var glob = __webpack_require__(4427);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
// EXTERNAL MODULE: ./src/inputs.ts
var inputs = __webpack_require__(8422);
;// CONCATENATED MODULE: ./src/cache/dependency-hash.ts
/**
 * The digest of a workspace's dependency files (go.sum, go.work.sum, or what
 * `cache-dependency-path` names), the part of the cache keys that says which modules the
 * cache holds.
 *
 * The digest covers each file's workspace-relative path and its content, in sorted order and
 * length-prefixed, so moving a go.sum to another module changes it and no two file sets give
 * the same input to SHA-256.
 *
 * When nothing matches:
 * - the default patterns give the digest of the empty set and no files: a module without
 *   dependencies has no go.sum, and the caller decides to skip the module cache;
 * - patterns the user wrote are an InputError: a typo must not quietly key the cache by nothing.
 */






/** Names the default looks for. */
const DEFAULT_FILES = new Set(['go.sum', 'go.work.sum']);
/** Directories the default does not enter: never a module's own dependency list. */
const SKIPPED_DIRS = new Set(['.git', 'node_modules', 'vendor']);
/** Bumped when the digest's input format changes, so old keys are not reused by mistake. */
const FORMAT = 'setup-go-verified dependency files v1\n';
async function hashDependencyFiles(options) {
    const workspace = external_node_path_default().resolve(options.workspace);
    const patterns = typeof options.patterns === 'string'
        ? (0,inputs/* patternListInput */.zC)(options.patterns)
        : options.patterns.map((p) => p.trim()).filter((p) => p !== '');
    const absolute = patterns.length === 0
        ? await findDefaultFiles(workspace)
        : await globFiles(workspace, patterns);
    const byName = new Map();
    for (const file of absolute)
        byName.set(displayName(workspace, file), file);
    if (patterns.length > 0 && byName.size === 0) {
        throw new errors/* InputError */.dz(`cache-dependency-path ${patterns.map((p) => `'${p}'`).join(', ')} matched no files ` +
            `in ${workspace}; patterns are relative to the workspace (or absolute), or leave the ` +
            'input empty to use every go.sum and go.work.sum');
    }
    // Code-unit order, not locale order: the digest must not depend on the runner's locale.
    const files = [...byName.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    const digest = (0,external_node_crypto_.createHash)('sha256').update(FORMAT);
    for (const name of files) {
        const file = byName.get(name);
        let content;
        try {
            content = await (0,promises_.readFile)(file);
        }
        catch (err) {
            throw new Error(`cannot read dependency file ${file}: ${err.message}`, {
                cause: err,
            });
        }
        const nameBytes = Buffer.from(name, 'utf8');
        digest.update(`${nameBytes.length}:`).update(nameBytes);
        digest.update(`${content.length}:`).update(content);
    }
    return { hash: digest.digest('hex'), files };
}
/**
 * Every go.sum and go.work.sum under `workspace` (the patterns `**\/go.sum` and
 * `**\/go.work.sum`), pruning SKIPPED_DIRS. A walk of our own rather than @actions/glob with
 * negated patterns: the globber still descends into excluded directories, and a node_modules
 * of tens of thousands of files costs it seconds on every run.
 */
async function findDefaultFiles(workspace) {
    const found = [];
    const pending = [workspace];
    for (let dir = pending.pop(); dir !== undefined; dir = pending.pop()) {
        const entries = await (0,promises_.readdir)(dir, { withFileTypes: true }).catch((err) => {
            throw new Error(`cannot list ${dir} while looking for go.sum files: ${err.message}`, {
                cause: err,
            });
        });
        for (const entry of entries) {
            const full = external_node_path_default().join(dir, entry.name);
            // Symbolic links to directories are not followed (as followSymbolicLinks: false).
            if (entry.isDirectory()) {
                if (!SKIPPED_DIRS.has(entry.name))
                    pending.push(full);
            }
            else if (DEFAULT_FILES.has(entry.name) && (await isFile(full))) {
                found.push(full);
            }
        }
    }
    return found;
}
async function globFiles(workspace, patterns) {
    const rooted = patterns.map((p) => rootPattern(workspace, p));
    let matches;
    try {
        const globber = await (0,glob/* create */.v)(rooted.join('\n'), {
            followSymbolicLinks: false,
            matchDirectories: false,
        });
        matches = await globber.glob();
    }
    catch (err) {
        throw new errors/* InputError */.dz(`cache-dependency-path ${patterns.map((p) => `'${p}'`).join(', ')} is not usable: ` +
            err.message, { cause: err });
    }
    // The globber reports links without following them; keep those that lead to a file.
    const files = [];
    for (const match of matches)
        if (await isFile(match))
            files.push(match);
    return files;
}
/** An absolute pattern for the globber, which would resolve relative ones against the cwd. */
function rootPattern(workspace, pattern) {
    const negated = /^(!\s*)*/.exec(pattern)[0];
    const bang = (negated.match(/!/g)?.length ?? 0) % 2 === 1 ? '!' : '';
    const rest = pattern.slice(negated.length);
    // `~/...` is expanded by the globber itself.
    if (rest === '~' || rest.startsWith('~/') || rest.startsWith(`~${(external_node_path_default()).sep}`)) {
        return `${bang}${rest}`;
    }
    // normalize/join also resolve `.` and `..` segments, which the globber rejects.
    const full = external_node_path_default().isAbsolute(rest)
        ? external_node_path_default().normalize(rest)
        : external_node_path_default().join(escapeGlob(workspace), rest);
    return `${bang}${full}`;
}
/** A literal path as a glob: its glob characters escaped. */
function escapeGlob(literal) {
    const s = (external_node_path_default()).sep === '\\' ? literal : literal.replace(/\\/g, '\\\\');
    return s.replace(/\[/g, '[[]').replace(/\?/g, '[?]').replace(/\*/g, '[*]');
}
/** Workspace-relative when inside it, absolute otherwise; `/`-separated either way. */
function displayName(workspace, file) {
    const rel = external_node_path_default().relative(workspace, file);
    const outside = rel === '..' || rel.startsWith(`..${(external_node_path_default()).sep}`) || external_node_path_default().isAbsolute(rel);
    const inside = rel !== '' && !outside;
    return (inside ? rel : file).split((external_node_path_default()).sep).join('/');
}
/** A regular file, or a link to one. */
async function isFile(file) {
    try {
        return (await (0,promises_.stat)(file)).isFile();
    }
    catch {
        return false;
    }
}

// EXTERNAL MODULE: ./src/cache/keys.ts
var keys = __webpack_require__(1452);
;// CONCATENATED MODULE: ./src/cache/go-caches.ts
/**
 * Restoring and saving the two Go caches, GOMODCACHE and GOCACHE, through a CacheBackend.
 * The setup step restores (before any go command can write into the directories), the post
 * step trims the build cache and saves. Nothing here fails the job: every fault becomes a
 * report with a reason, which the caller logs as a warning, and the job goes on with an
 * empty cache — never a half-restored one (the backends guarantee that).
 */






const CACHE_NAMES = {
    mod: 'GOMODCACHE',
    build: 'GOCACHE',
};
/** Whether `dir` is missing or has nothing in it. */
async function isEmptyDir(dir) {
    try {
        return (await (0,promises_.readdir)(dir)).length === 0;
    }
    catch (err) {
        if (err.code === 'ENOENT')
            return true;
        throw err;
    }
}
/**
 * Runs `work` for each entry, timing it; a throw becomes a 'failed' report. Every report is
 * logged as it is made.
 */
async function forEachEntry(entries, logger, work) {
    const reports = [];
    for (const entry of entries) {
        const started = external_node_perf_hooks_.performance.now();
        const elapsed = () => Math.round(external_node_perf_hooks_.performance.now() - started) / 1000;
        const base = { kind: entry.kind, key: entry.key, dir: entry.dir };
        let report;
        try {
            report = await work(entry, base, elapsed);
        }
        catch (err) {
            report = { ...base, result: 'failed', reason: err.message, seconds: elapsed() };
        }
        logReport(report, logger);
        reports.push(report);
    }
    return reports;
}
/**
 * Restores each planned entry into its directory. A directory that already has files (a
 * self-hosted runner that keeps them) is left alone: restoring over it is what makes tar
 * fail with "File exists", and the files there are as good as a cache.
 */
async function restoreGoCaches(plan, backend, logger, jobStart = Date.now()) {
    const reports = await forEachEntry(plan, logger, async (entry, base, elapsed) => {
        if (!(await isEmptyDir(entry.dir))) {
            return {
                ...base,
                result: 'skipped',
                seconds: elapsed(),
                reason: `${entry.dir} already has files; using them instead of restoring over them`,
            };
        }
        const outcome = await backend.restore(entry);
        if (outcome.kind === 'failed') {
            return { ...base, result: 'failed', reason: outcome.reason, seconds: elapsed() };
        }
        if (outcome.kind === 'miss')
            return { ...base, result: 'miss', seconds: elapsed() };
        if (entry.kind === 'build')
            await ageBuildCache(entry.dir, jobStart);
        return {
            ...base,
            result: outcome.kind,
            matchedKey: outcome.matchedKey,
            ...(outcome.bytes === undefined ? {} : { bytes: outcome.bytes }),
            seconds: elapsed(),
        };
    });
    const state = {
        jobStart,
        entries: plan.map((entry, i) => ({ ...entry, restored: reports[i].result })),
    };
    return { reports, state };
}
/**
 * Saves each entry that missed: GOMODCACHE only when its exact key was not restored (the
 * key is a hash of the go.sum files, so a hit means the same modules), GOCACHE after
 * trimming what the job did not use (its key is unique to the run, so it is always new).
 */
async function saveGoCaches(state, backend, logger) {
    return forEachEntry(state.entries, logger, async (entry, base, elapsed) => {
        if (entry.restored === 'hit') {
            return { ...base, result: 'skipped', reason: 'restored from this key', seconds: 0 };
        }
        if (await isEmptyDir(entry.dir)) {
            return { ...base, result: 'skipped', reason: `${entry.dir} is empty`, seconds: 0 };
        }
        if (entry.kind === 'build') {
            const trim = await trimBuildCache(entry.dir, state.jobStart);
            logger.info(`GOCACHE: removed ${trim.removed} entries (${(0,markdown/* formatBytes */.z)(trim.removedBytes)}) the job did not use, kept ${trim.kept}`);
        }
        const outcome = await backend.save(entry);
        if (outcome.kind === 'failed') {
            return { ...base, result: 'failed', reason: outcome.reason, seconds: elapsed() };
        }
        return {
            ...base,
            result: outcome.kind,
            ...(outcome.kind === 'saved' && outcome.bytes !== undefined ? { bytes: outcome.bytes } : {}),
            seconds: elapsed(),
        };
    });
}
function logReport(report, logger) {
    const name = CACHE_NAMES[report.kind];
    const size = report.bytes === undefined ? '' : `, ${(0,markdown/* formatBytes */.z)(report.bytes)}`;
    const took = `${report.seconds.toFixed(1)} s`;
    switch (report.result) {
        case 'failed':
            logger.warning(`${name} cache ${report.key}: ${report.reason}; the job goes on without it`);
            return;
        case 'skipped':
            logger.info(`${name} cache ${report.key}: skipped (${report.reason})`);
            return;
        case 'partial':
            logger.info(`${name} cache: restored ${report.matchedKey} for ${report.key} (${took}${size})`);
            return;
        default:
            logger.info(`${name} cache ${report.key}: ${report.result} (${took}${size})`);
    }
}
/** The entries to restore and later save, and notes for the log about what was left out. */
async function planGoCaches(input) {
    const { inputs, dirs } = input;
    const notes = [];
    if (!inputs.cache)
        return { entries: [], notes, dependencyFiles: [] };
    const deps = await hashDependencyFiles({
        workspace: input.workspace,
        patterns: inputs.dependencyPath,
    });
    const parts = {
        os: input.os,
        arch: input.arch,
        goVersion: input.goVersion,
        depsHash: deps.hash,
        ...(inputs.keySuffix ? { suffix: inputs.keySuffix } : {}),
    };
    const entries = [];
    if (deps.files.length === 0) {
        notes.push(`no go.sum or go.work.sum in ${input.workspace}: no dependencies to cache (set cache-dependency-path if they live elsewhere)`);
    }
    else {
        entries.push({ kind: 'mod', dir: dirs.modCache, key: (0,keys/* modCacheKey */.G3)(parts), restoreKeys: [] });
    }
    if (inputs.cacheBuild && dirs.buildCache !== '') {
        const build = (0,keys/* buildCacheKeys */.tt)({ ...parts, unique: input.unique });
        entries.push({ kind: 'build', dir: dirs.buildCache, ...build });
    }
    else if (inputs.cacheBuild) {
        notes.push('GOCACHE is off: the build cache is not cached');
    }
    return { entries, notes, dependencyFiles: deps.files };
}

// EXTERNAL MODULE: ./src/archive/remove-tree.ts
var remove_tree = __webpack_require__(185);
// EXTERNAL MODULE: ./src/cache/modcache-removal-error.ts
var modcache_removal_error = __webpack_require__(2452);
// EXTERNAL MODULE: ./src/log-text.ts
var log_text = __webpack_require__(3529);
;// CONCATENATED MODULE: ./src/actions/cache-summary.ts
/** Renders the step summary table for the Go caches: one row per entry. */


const RESULT_TEXT = {
    hit: '✅ hit',
    partial: '◐ partial',
    miss: '○ miss',
    failed: '⚠️ failed',
    skipped: '– skipped',
    saved: '✅ saved',
    exists: '✅ already saved',
};
function renderCacheSummary(phase, backend, reports, notes = [], proof) {
    const lines = [`### Go caches: ${phase} (${backend})`, ''];
    if (reports.length > 0) {
        lines.push('| cache | key | result | size | time |', '|---|---|---|---:|---:|');
        for (const r of reports) {
            const key = r.matchedKey && r.matchedKey !== r.key
                ? `\`${(0,markdown/* tableCell */.x)(r.key)}\` (from \`${(0,markdown/* tableCell */.x)(r.matchedKey)}\`)`
                : `\`${(0,markdown/* tableCell */.x)(r.key)}\``;
            const result = r.reason
                ? `${RESULT_TEXT[r.result]}: ${(0,markdown/* tableCell */.x)(r.reason)}`
                : RESULT_TEXT[r.result];
            const size = r.bytes === undefined ? '' : (0,markdown/* formatBytes */.z)(r.bytes);
            lines.push(`| ${CACHE_NAMES[r.kind]} | ${key} | ${result} | ${size} | ${r.seconds.toFixed(1)} s |`);
        }
    }
    if (proof !== undefined)
        lines.push('', `- ${modCacheProofLine(proof)}`);
    const build = reports.find((r) => r.kind === 'build');
    if (phase === 'restore' && (build?.result === 'hit' || build?.result === 'partial')) {
        lines.push('', `- ${BUILD_CACHE_TRUST[backend === 'local' ? 'local' : 'github']}`);
    }
    for (const note of notes)
        lines.push('', `- ${note}`);
    return lines.join('\n') + '\n';
}
/**
 * What a restored GOCACHE rests on. Build outputs have no published hashes to check them
 * against, so this entry is trusted as whoever could write it.
 */
const BUILD_CACHE_TRUST = {
    github: 'GOCACHE: not proven (build outputs have no published hashes); it rests on the cache ' +
        "service's scopes: a pull request reads its base branch's entries and writes only its own. " +
        '`cache-save: default-branch` leaves only default-branch runs as writers.',
    local: 'GOCACHE: not proven (build outputs have no published hashes); with the local backend it ' +
        'rests on every job that can write the cache directory on this runner.',
};
function plural(n, one, many = `${one}s`) {
    return `${n} ${n === 1 ? one : many}`;
}
/** What the module cache's proof was: what it proved, what it removed and why. */
function modCacheProofLine(proof) {
    const sums = plural(proof.goSumFiles, 'go.sum file');
    const parts = [
        `${proof.failed.length + proof.uncovered.length + proof.strays.length === 0 ? '✅' : '⚠️'} ` +
            `GOMODCACHE proof: ${plural(proof.proven, 'module version')} proven against ${sums} ` +
            `(${plural(proof.provenZips, 'zip')}, ${plural(proof.provenDirs, 'directory', 'directories')}, ` +
            `${plural(proof.provenMods, 'go.mod file')}; ${(0,markdown/* formatBytes */.z)(proof.bytes)} in ${proof.seconds.toFixed(1)} s)`,
    ];
    const removed = [];
    if (proof.failed.length > 0) {
        const shown = proof.failed
            .slice(0, 5)
            .map((f) => `\`${code(f.name ?? f.key)}\`: ${(0,markdown/* tableCell */.x)(f.reason)}`)
            .join('; ');
        const more = proof.failed.length > 5 ? `; and ${proof.failed.length - 5} more` : '';
        removed.push(`${plural(proof.failed.length, 'version')} that failed (${shown}${more})`);
    }
    if (proof.uncovered.length > 0) {
        removed.push(`${proof.uncovered.length} not covered by any go.sum line, so unprovable`);
    }
    if (proof.strays.length > 0)
        removed.push(plural(proof.strays.length, 'link or special file', 'links or special files'));
    if (removed.length > 0)
        parts.push(`removed, to be downloaded again: ${removed.join(', ')}`);
    return parts.join('; ');
}
function code(text) {
    return (0,markdown/* tableCell */.x)(text).replace(/`/g, "'");
}

// EXTERNAL MODULE: ./src/actions/logger.ts
var logger = __webpack_require__(4167);
// EXTERNAL MODULE: ./src/actions/state.ts
var actions_state = __webpack_require__(3902);
;// CONCATENATED MODULE: ./src/actions/caches.ts
/**
 * The Go caches in the action: restore in the setup step, right after Go is installed and
 * before any go command of the job runs; trim and save in the post step. Cache trouble of
 * any kind is a warning: these functions never throw.
 */















/**
 * The backend the inputs ask for, or undefined (with a warning) when it cannot be used.
 * Loaded on demand: @actions/cache and the Azure SDK are most of the bundle, and a job
 * with caching off should not pay for loading them.
 */
async function makeBackend(inputs, env) {
    if (inputs.backend === 'local') {
        const { LocalCacheBackend } = await Promise.all(/* import() */[__webpack_require__.e(924), __webpack_require__.e(878)]).then(__webpack_require__.bind(__webpack_require__, 8878));
        return new LocalCacheBackend({
            dir: inputs.dir,
            maxBytes: inputs.maxSize,
            logger: logger/* actionsLogger */.M,
        });
    }
    if (!(0,github_service/* githubCacheAvailable */.F)(env)) {
        core/* warning */.$e('the GitHub cache service is not available to this job (no ACTIONS_RESULTS_URL or ' +
            'ACTIONS_CACHE_URL); Go caches are off. On a self-hosted runner use cache-backend: local');
        return undefined;
    }
    const { GitHubCacheBackend } = await Promise.all(/* import() */[__webpack_require__.e(924), __webpack_require__.e(282)]).then(__webpack_require__.bind(__webpack_require__, 8282));
    return new GitHubCacheBackend({
        logger: logger/* actionsLogger */.M,
        env,
        saveScript: cacheSaveScript(),
        stdout: (text) => void process.stdout.write(text),
    });
}
/**
 * The script the GitHub backend saves in (cache-save.ts). Bundled, this module is in
 * dist/<entry>/ (index.js or a chunk beside it) and the script is dist/cache-save/index.js;
 * built by tsc, it is lib/actions/cache-save.js beside this one. `base` is a parameter so
 * that ncc sees no static path to copy into the bundle.
 */
function cacheSaveScript(base = import.meta.url) {
    const bundled = (0,external_node_url_.fileURLToPath)(new URL('../cache-save/index.js', base));
    return (0,external_node_fs_.existsSync)(bundled) ? bundled : (0,external_node_url_.fileURLToPath)(new URL('./cache-save.js', base));
}
function setEntryOutputs(prefix, report) {
    const exact = report?.result === 'hit';
    const value = exact ? 'true' : report?.result === 'partial' ? 'partial' : 'false';
    core/* setOutput */.uH(`${prefix}hit`, prefix === 'cache-' ? String(exact) : value);
    core/* setOutput */.uH(`${prefix}key`, report?.key ?? '');
    core/* setOutput */.uH(`${prefix}matched-key`, report?.matchedKey ?? '');
}
/** Tells later steps of the job (the gates action) which cache backend this step uses. */
function exportCacheChoice(inputs) {
    if (!inputs.cache)
        return;
    core/* exportVariable */.dN(cache_inputs/* SETUP_CACHE_ENV */.TW.backend, inputs.backend);
    if (inputs.dir !== undefined)
        core/* exportVariable */.dN(cache_inputs/* SETUP_CACHE_ENV */.TW.dir, inputs.dir);
}
/** Restores GOMODCACHE and GOCACHE for the installed Go; sets the cache outputs. */
async function restoreCaches(result, inputs, env) {
    setEntryOutputs('cache-', undefined);
    setEntryOutputs('build-cache-', undefined);
    try {
        if (!inputs.cache)
            return {};
        if (result.platform.os !== result.host.os || result.platform.arch !== result.host.arch) {
            core/* info */.pq(`Go caches: not used for a toolchain that does not run here`);
            return {};
        }
        const backend = await makeBackend(inputs, env);
        if (!backend)
            return {};
        const placed = hostedWindowsCacheEnv(env);
        for (const [name, value] of Object.entries(placed))
            core/* exportVariable */.dN(name, value);
        const jobEnv = { ...env, ...result.environment.variables, ...placed };
        const goBinary = external_node_path_.join(result.goRoot, 'bin', result.host.os === 'windows' ? 'go.exe' : 'go');
        const dirs = await goCacheDirs(goBinary, jobEnv);
        const workspace = env['GITHUB_WORKSPACE'] || process.cwd();
        const plan = await planGoCaches({
            inputs,
            dirs,
            os: result.platform.os,
            arch: result.platform.arch,
            goVersion: result.version,
            workspace,
            unique: `${env['GITHUB_RUN_ID'] || Date.now()}-${env['GITHUB_RUN_ATTEMPT'] || '1'}-${env['GITHUB_JOB'] || 'job'}`.replace(/[^A-Za-z0-9._-]+/g, '_'),
        });
        for (const note of plan.notes)
            core/* info */.pq((0,log_text/* inert */.tJ)(note));
        if (plan.dependencyFiles.length > 0) {
            core/* info */.pq(`Module cache key covers ${plan.dependencyFiles.map(log_text/* inert */.tJ).join(', ')}`);
        }
        const { reports, state } = await core/* group */.Os('Restoring Go caches', () => restoreGoCaches(plan.entries, backend, logger/* actionsLogger */.M));
        const proof = await proveModCache(dirs.modCache, plan.dependencyFiles, workspace);
        setEntryOutputs('cache-', reports.find((r) => r.kind === 'mod'));
        setEntryOutputs('build-cache-', reports.find((r) => r.kind === 'build'));
        const saved = { inputs, restored: state };
        core/* saveState */.LZ(actions_state/* STATE */.c.caches, JSON.stringify(saved));
        await core/* summary */.z
            .addRaw(renderCacheSummary('restore', backend.name, reports, plan.notes, proof))
            .write();
        return placed;
    }
    catch (err) {
        // A module cache that failed its proof and is still there must not be used: no job.
        if (err instanceof modcache_removal_error/* ModCacheRemovalError */.z)
            throw err;
        core/* warning */.$e(`Go caches: ${err.message}; the job goes on without them`);
        return {};
    }
}
/**
 * Proves a non-empty GOMODCACHE, restored or found (a self-hosted runner's), against the
 * go.sum files the key hashed, and removes what fails or no line covers. A proof that cannot
 * be made at all empties the module cache: nothing in it is used unproven.
 */
async function proveModCache(modCache, dependencyFiles, workspace) {
    if (modCache === '' || (await isEmptyDir(modCache)))
        return undefined;
    const { verifyModCache } = await __webpack_require__.e(/* import() */ 677).then(__webpack_require__.bind(__webpack_require__, 1677));
    const goSumFiles = dependencyFiles.map((f) => external_node_path_.resolve(workspace, f));
    let proof;
    try {
        proof = await core/* group */.Os('Proving the module cache', () => verifyModCache({ modCache, goSumFiles }));
    }
    catch (err) {
        if (err instanceof modcache_removal_error/* ModCacheRemovalError */.z)
            throw err;
        core/* warning */.$e(`GOMODCACHE could not be proven (${err.message}); it is emptied, and the go ` +
            'command downloads what the job needs through the checksum database');
        await (0,remove_tree/* removeTree */.d)(modCache).catch((e) => {
            throw new modcache_removal_error/* ModCacheRemovalError */.z(`cannot empty ${modCache}: ${e.message}`, { cause: e });
        });
        return undefined;
    }
    core/* info */.pq((0,log_text/* inert */.tJ)(proofInfo(proof)));
    const warning = proofWarning(proof);
    if (warning !== undefined)
        core/* warning */.$e(warning);
    return proof;
}
function proofInfo(p) {
    return (`GOMODCACHE: ${p.proven} module versions proven against ${p.goSumFiles} go.sum files ` +
        `(${p.provenZips} zips, ${p.provenDirs} directories, ${p.provenMods} go.mod files, ` +
        `${(0,markdown/* formatBytes */.z)(p.bytes)}) in ${p.seconds.toFixed(1)} s`);
}
/** One warning naming everything removed, or undefined when nothing was. */
function proofWarning(p) {
    const parts = [];
    const list = (names) => {
        const shown = names.slice(0, 10).map(log_text/* inert */.tJ).join(', ');
        return names.length > 10 ? `${shown}, and ${names.length - 10} more` : shown;
    };
    if (p.failed.length > 0) {
        parts.push(`${p.failed.length} failed their proof and were removed: ` +
            list(p.failed.map((f) => `${f.name ?? f.key} (${f.reason})`)));
    }
    if (p.uncovered.length > 0) {
        parts.push(`${p.uncovered.length} not covered by any go.sum line were removed: ${list(p.uncovered)}`);
    }
    if (p.strays.length > 0) {
        parts.push(`${p.strays.length} links or special files were removed: ${list(p.strays)}`);
    }
    if (parts.length === 0)
        return undefined;
    return (`GOMODCACHE: ${parts.join('; ')}. The go command downloads them again through the ` +
        'checksum database');
}
/** The repository's default branch, from the event payload (absent for some events). */
function defaultBranch(env) {
    const file = env['GITHUB_EVENT_PATH'];
    if (!file)
        return undefined;
    try {
        const event = JSON.parse((0,external_node_fs_.readFileSync)(file, 'utf8'));
        const branch = event.repository?.default_branch;
        return typeof branch === 'string' ? branch : undefined;
    }
    catch {
        return undefined;
    }
}
/** Saves what the setup step restored or missed, under the cache-save policy. */
async function saveCaches(env) {
    try {
        const raw = core/* getState */.Gu(actions_state/* STATE */.c.caches);
        if (!raw)
            return;
        const { inputs, restored } = JSON.parse(raw);
        const decision = (0,cache_inputs/* shouldSave */.Rh)(inputs.save, {
            ref: env['GITHUB_REF'],
            defaultBranch: defaultBranch(env),
        });
        if (!decision.save) {
            (decision.uncertain ? core/* warning */.$e : core/* info */.pq)(`Go caches not saved: ${(0,log_text/* inert */.tJ)(decision.reason)}`);
            return;
        }
        const backend = await makeBackend(inputs, env);
        if (!backend)
            return;
        const reports = await core/* group */.Os('Saving Go caches', () => saveGoCaches(restored, backend, logger/* actionsLogger */.M));
        await core/* summary */.z.addRaw(renderCacheSummary('save', backend.name, reports)).write();
    }
    catch (err) {
        core/* warning */.$e(`Go caches: ${err.message}; nothing saved`);
    }
}


/***/ }),

/***/ 185:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   d: () => (/* binding */ removeTree)
/* harmony export */ });
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/**
 * Removing a tree that may hold read-only directories, as unpacked Go modules and toolchains do.
 */


/**
 * Removes a tree, including read-only directories (whose entries cannot be unlinked until
 * the directory is writable again). A missing tree is not an error.
 */
async function removeTree(dir) {
    try {
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.rm)(dir, { recursive: true, force: true });
        return;
    }
    catch (err) {
        const code = err.code;
        if (code !== 'EACCES' && code !== 'EPERM')
            throw err;
    }
    await makeDirectoriesWritable(dir);
    await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.rm)(dir, { recursive: true, force: true });
}
async function makeDirectoriesWritable(dir) {
    const info = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.lstat)(dir).catch(() => undefined);
    if (!info?.isDirectory())
        return;
    await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.chmod)(dir, (info.mode & 0o7777) | 0o700);
    const entries = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.readdir)(dir, { withFileTypes: true });
    for (const entry of entries)
        if (entry.isDirectory())
            await makeDirectoriesWritable(node_path__WEBPACK_IMPORTED_MODULE_1___default().join(dir, entry.name));
}


/***/ }),

/***/ 3365:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   F: () => (/* binding */ githubCacheAvailable),
/* harmony export */   y: () => (/* binding */ cacheServiceVersion)
/* harmony export */ });
/**
 * Whether a job can reach the GitHub cache service, and which protocol it speaks, decided
 * from the environment alone so the check does not load @actions/cache and the Azure SDK
 * (most of the bundle).
 */
/**
 * Whether @actions/cache has a cache service to talk to, by the rule of its
 * isFeatureAvailable() read from `env`: the v2 service (ACTIONS_CACHE_SERVICE_V2, not on GHES)
 * needs ACTIONS_RESULTS_URL, the v1 service ACTIONS_CACHE_URL; both need
 * ACTIONS_RUNTIME_TOKEN. The runner sets them for actions; `run:` steps do not see them.
 */
function githubCacheAvailable(env) {
    if (!env['ACTIONS_RUNTIME_TOKEN'])
        return false;
    const v2 = cacheServiceVersion(env) === 'v2';
    return Boolean(v2 ? env['ACTIONS_RESULTS_URL'] : env['ACTIONS_CACHE_URL']);
}
/** The protocol @actions/cache speaks: v2 when ACTIONS_CACHE_SERVICE_V2 is set, never on GHES. */
function cacheServiceVersion(env) {
    return Boolean(env['ACTIONS_CACHE_SERVICE_V2']) && !isGhes(env['GITHUB_SERVER_URL'])
        ? 'v2'
        : 'v1';
}
/** GitHub Enterprise Server, where @actions/cache only speaks the v1 protocol. */
function isGhes(serverUrl) {
    let host;
    try {
        host = new URL(serverUrl || 'https://github.com').hostname.toLowerCase();
    }
    catch {
        return false;
    }
    return host !== 'github.com' && !host.endsWith('.ghe.com') && !host.endsWith('.localhost');
}


/***/ }),

/***/ 2452:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   z: () => (/* binding */ ModCacheRemovalError)
/* harmony export */ });
/**
 * Thrown when part of a module cache that failed its proof could not be removed: the setup
 * step fails rather than let the go command use it. Its own module, so the caller can tell
 * it apart without loading the proof's code.
 */
class ModCacheRemovalError extends Error {
}


/***/ })

};
