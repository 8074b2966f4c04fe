/**
 * The Go caches in the action: restore in the setup step, right after Go is installed and
 * before any go command of the job runs; trim and save in the post step. Cache trouble of
 * any kind is a warning: these functions never throw.
 */
import * as core from '@actions/core';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CacheBackend } from '../cache/backend.js';
import { goCacheDirs, hostedWindowsCacheEnv } from '../go/cache-dirs.js';
import { githubCacheAvailable } from '../cache/github-service.js';
import { SETUP_CACHE_ENV, shouldSave, type CacheInputs } from '../cache/cache-inputs.js';
import {
  isEmptyDir,
  planGoCaches,
  restoreGoCaches,
  saveGoCaches,
  type EntryReport,
  type RestoredState,
} from '../cache/go-caches.js';
import { removeTree } from '../archive/remove-tree.js';
import { ModCacheRemovalError } from '../cache/modcache-removal-error.js';
import type { ModCacheProof } from '../cache/verify-modcache.js';
import { formatBytes } from '../markdown.js';
import { inert } from '../log-text.js';
import { renderCacheSummary } from './cache-summary.js';
import type { InstalledGo } from '../install/setup-go.js';
import { actionsLogger } from './logger.js';
import { STATE } from './state.js';

interface CacheState {
  readonly inputs: CacheInputs;
  readonly restored: RestoredState;
}

/**
 * The backend the inputs ask for, or undefined (with a warning) when it cannot be used.
 * Loaded on demand: @actions/cache and the Azure SDK are most of the bundle, and a job
 * with caching off should not pay for loading them.
 */
export async function makeBackend(
  inputs: CacheInputs,
  env: NodeJS.ProcessEnv,
): Promise<CacheBackend | undefined> {
  if (inputs.backend === 'local') {
    const { LocalCacheBackend } = await import('../cache/local-store.js');
    return new LocalCacheBackend({
      dir: inputs.dir!,
      maxBytes: inputs.maxSize,
      logger: actionsLogger,
    });
  }
  if (!githubCacheAvailable(env)) {
    core.warning(
      'the GitHub cache service is not available to this job (no ACTIONS_RESULTS_URL or ' +
        'ACTIONS_CACHE_URL); Go caches are off. On a self-hosted runner use cache-backend: local',
    );
    return undefined;
  }
  const { GitHubCacheBackend } = await import('../cache/github-backend.js');
  return new GitHubCacheBackend({
    logger: actionsLogger,
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
export function cacheSaveScript(base: string | URL = import.meta.url): string {
  const bundled = fileURLToPath(new URL('../cache-save/index.js', base));
  return existsSync(bundled) ? bundled : fileURLToPath(new URL('./cache-save.js', base));
}

function setEntryOutputs(prefix: string, report: EntryReport | undefined): void {
  const exact = report?.result === 'hit';
  const value = exact ? 'true' : report?.result === 'partial' ? 'partial' : 'false';
  core.setOutput(`${prefix}hit`, prefix === 'cache-' ? String(exact) : value);
  core.setOutput(`${prefix}key`, report?.key ?? '');
  core.setOutput(`${prefix}matched-key`, report?.matchedKey ?? '');
}

/** Tells later steps of the job (the gates action) which cache backend this step uses. */
export function exportCacheChoice(inputs: CacheInputs): void {
  if (!inputs.cache) return;
  core.exportVariable(SETUP_CACHE_ENV.backend, inputs.backend);
  if (inputs.dir !== undefined) core.exportVariable(SETUP_CACHE_ENV.dir, inputs.dir);
}

/** Restores GOMODCACHE and GOCACHE for the installed Go; sets the cache outputs. */
export async function restoreCaches(
  result: InstalledGo,
  inputs: CacheInputs,
  env: NodeJS.ProcessEnv,
): Promise<Record<string, string>> {
  setEntryOutputs('cache-', undefined);
  setEntryOutputs('build-cache-', undefined);
  try {
    if (!inputs.cache) return {};
    if (result.platform.os !== result.host.os || result.platform.arch !== result.host.arch) {
      core.info(`Go caches: not used for a toolchain that does not run here`);
      return {};
    }
    const backend = await makeBackend(inputs, env);
    if (!backend) return {};

    const placed = hostedWindowsCacheEnv(env);
    for (const [name, value] of Object.entries(placed)) core.exportVariable(name, value);
    const jobEnv = { ...env, ...result.environment.variables, ...placed };
    const goBinary = path.join(
      result.goRoot,
      'bin',
      result.host.os === 'windows' ? 'go.exe' : 'go',
    );
    const dirs = await goCacheDirs(goBinary, jobEnv);
    const workspace = env['GITHUB_WORKSPACE'] || process.cwd();
    const plan = await planGoCaches({
      inputs,
      dirs,
      os: result.platform.os,
      arch: result.platform.arch,
      goVersion: result.version,
      workspace,
      unique:
        `${env['GITHUB_RUN_ID'] || Date.now()}-${env['GITHUB_RUN_ATTEMPT'] || '1'}-${env['GITHUB_JOB'] || 'job'}`.replace(
          /[^A-Za-z0-9._-]+/g,
          '_',
        ),
    });
    for (const note of plan.notes) core.info(inert(note));
    if (plan.dependencyFiles.length > 0) {
      core.info(`Module cache key covers ${plan.dependencyFiles.map(inert).join(', ')}`);
    }
    const { reports, state } = await core.group('Restoring Go caches', () =>
      restoreGoCaches(plan.entries, backend, actionsLogger),
    );
    const proof = await proveModCache(dirs.modCache, plan.dependencyFiles, workspace);
    setEntryOutputs(
      'cache-',
      reports.find((r) => r.kind === 'mod'),
    );
    setEntryOutputs(
      'build-cache-',
      reports.find((r) => r.kind === 'build'),
    );
    const saved: CacheState = { inputs, restored: state };
    core.saveState(STATE.caches, JSON.stringify(saved));
    await core.summary
      .addRaw(renderCacheSummary('restore', backend.name, reports, plan.notes, proof))
      .write();
    return placed;
  } catch (err) {
    // A module cache that failed its proof and is still there must not be used: no job.
    if (err instanceof ModCacheRemovalError) throw err;
    core.warning(`Go caches: ${(err as Error).message}; the job goes on without them`);
    return {};
  }
}

/**
 * Proves a non-empty GOMODCACHE, restored or found (a self-hosted runner's), against the
 * go.sum files the key hashed, and removes what fails or no line covers. A proof that cannot
 * be made at all empties the module cache: nothing in it is used unproven.
 */
async function proveModCache(
  modCache: string,
  dependencyFiles: readonly string[],
  workspace: string,
): Promise<ModCacheProof | undefined> {
  if (modCache === '' || (await isEmptyDir(modCache))) return undefined;
  const { verifyModCache } = await import('../cache/verify-modcache.js');
  const goSumFiles = dependencyFiles.map((f) => path.resolve(workspace, f));
  let proof: ModCacheProof;
  try {
    proof = await core.group('Proving the module cache', () =>
      verifyModCache({ modCache, goSumFiles }),
    );
  } catch (err) {
    if (err instanceof ModCacheRemovalError) throw err;
    core.warning(
      `GOMODCACHE could not be proven (${(err as Error).message}); it is emptied, and the go ` +
        'command downloads what the job needs through the checksum database',
    );
    await removeTree(modCache).catch((e: Error) => {
      throw new ModCacheRemovalError(`cannot empty ${modCache}: ${e.message}`, { cause: e });
    });
    return undefined;
  }
  core.info(inert(proofInfo(proof)));
  const warning = proofWarning(proof);
  if (warning !== undefined) core.warning(warning);
  return proof;
}

function proofInfo(p: ModCacheProof): string {
  return (
    `GOMODCACHE: ${p.proven} module versions proven against ${p.goSumFiles} go.sum files ` +
    `(${p.provenZips} zips, ${p.provenDirs} directories, ${p.provenMods} go.mod files, ` +
    `${formatBytes(p.bytes)}) in ${p.seconds.toFixed(1)} s`
  );
}

/** One warning naming everything removed, or undefined when nothing was. */
function proofWarning(p: ModCacheProof): string | undefined {
  const parts: string[] = [];
  const list = (names: readonly string[]): string => {
    const shown = names.slice(0, 10).map(inert).join(', ');
    return names.length > 10 ? `${shown}, and ${names.length - 10} more` : shown;
  };
  if (p.failed.length > 0) {
    parts.push(
      `${p.failed.length} failed their proof and were removed: ` +
        list(p.failed.map((f) => `${f.name ?? f.key} (${f.reason})`)),
    );
  }
  if (p.uncovered.length > 0) {
    parts.push(
      `${p.uncovered.length} not covered by any go.sum line were removed: ${list(p.uncovered)}`,
    );
  }
  if (p.strays.length > 0) {
    parts.push(`${p.strays.length} links or special files were removed: ${list(p.strays)}`);
  }
  if (parts.length === 0) return undefined;
  return (
    `GOMODCACHE: ${parts.join('; ')}. The go command downloads them again through the ` +
    'checksum database'
  );
}

/** The repository's default branch, from the event payload (absent for some events). */
function defaultBranch(env: NodeJS.ProcessEnv): string | undefined {
  const file = env['GITHUB_EVENT_PATH'];
  if (!file) return undefined;
  try {
    const event = JSON.parse(readFileSync(file, 'utf8')) as {
      repository?: { default_branch?: unknown };
    };
    const branch = event.repository?.default_branch;
    return typeof branch === 'string' ? branch : undefined;
  } catch {
    return undefined;
  }
}

/** Saves what the setup step restored or missed, under the cache-save policy. */
export async function saveCaches(env: NodeJS.ProcessEnv): Promise<void> {
  try {
    const raw = core.getState(STATE.caches);
    if (!raw) return;
    const { inputs, restored } = JSON.parse(raw) as CacheState;
    const decision = shouldSave(inputs.save, {
      ref: env['GITHUB_REF'],
      defaultBranch: defaultBranch(env),
    });
    if (!decision.save) {
      (decision.uncertain ? core.warning : core.info)(
        `Go caches not saved: ${inert(decision.reason)}`,
      );
      return;
    }
    const backend = await makeBackend(inputs, env);
    if (!backend) return;
    const reports = await core.group('Saving Go caches', () =>
      saveGoCaches(restored, backend, actionsLogger),
    );
    await core.summary.addRaw(renderCacheSummary('save', backend.name, reports)).write();
  } catch (err) {
    core.warning(`Go caches: ${(err as Error).message}; nothing saved`);
  }
}
