/**
 * Restoring and saving the two Go caches, GOMODCACHE and GOCACHE, through a CacheBackend.
 * The setup step restores (before any go command can write into the directories), the post
 * step trims the build cache and saves. Nothing here fails the job: every fault becomes a
 * report with a reason, which the caller logs as a warning, and the job goes on with an
 * empty cache — never a half-restored one (the backends guarantee that).
 */
import { readdir } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import type { Logger } from '../log.js';
import { formatBytes } from '../markdown.js';
import type { CacheBackend } from './backend.js';
import { ageBuildCache, trimBuildCache } from './build-cache-trim.js';
import type { GoCacheDirs } from '../go/cache-dirs.js';
import type { CacheInputs } from './cache-inputs.js';
import { hashDependencyFiles } from './dependency-hash.js';
import { buildCacheKeys, modCacheKey } from './keys.js';

export type GoCacheKind = 'mod' | 'build';

/** One cache directory and the keys it is restored and saved under. */
export interface PlannedEntry {
  readonly kind: GoCacheKind;
  readonly dir: string;
  readonly key: string;
  readonly restoreKeys: readonly string[];
}

export type EntryResult = 'hit' | 'partial' | 'miss' | 'failed' | 'skipped' | 'saved' | 'exists';

/** What happened to one entry, for the log, the outputs and the step summary. */
export interface EntryReport {
  readonly kind: GoCacheKind;
  readonly key: string;
  readonly dir: string;
  readonly result: EntryResult;
  readonly matchedKey?: string;
  readonly bytes?: number;
  readonly seconds: number;
  /** Why it failed or was skipped. */
  readonly reason?: string;
}

/** What the post step needs from the setup step. */
export interface RestoredState {
  readonly jobStart: number;
  readonly entries: readonly (PlannedEntry & { readonly restored: EntryResult })[];
}

export const CACHE_NAMES: Readonly<Record<GoCacheKind, string>> = {
  mod: 'GOMODCACHE',
  build: 'GOCACHE',
};

/** Whether `dir` is missing or has nothing in it. */
export async function isEmptyDir(dir: string): Promise<boolean> {
  try {
    return (await readdir(dir)).length === 0;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return true;
    throw err;
  }
}

type EntryBase = Pick<EntryReport, 'kind' | 'key' | 'dir'>;

/**
 * Runs `work` for each entry, timing it; a throw becomes a 'failed' report. Every report is
 * logged as it is made.
 */
async function forEachEntry<E extends PlannedEntry>(
  entries: readonly E[],
  logger: Logger,
  work: (entry: E, base: EntryBase, elapsed: () => number) => Promise<EntryReport>,
): Promise<EntryReport[]> {
  const reports: EntryReport[] = [];
  for (const entry of entries) {
    const started = performance.now();
    const elapsed = () => Math.round(performance.now() - started) / 1000;
    const base: EntryBase = { kind: entry.kind, key: entry.key, dir: entry.dir };
    let report: EntryReport;
    try {
      report = await work(entry, base, elapsed);
    } catch (err) {
      report = { ...base, result: 'failed', reason: (err as Error).message, seconds: elapsed() };
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
export async function restoreGoCaches(
  plan: readonly PlannedEntry[],
  backend: CacheBackend,
  logger: Logger,
  jobStart = Date.now(),
): Promise<{ reports: EntryReport[]; state: RestoredState }> {
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
    if (outcome.kind === 'miss') return { ...base, result: 'miss', seconds: elapsed() };
    if (entry.kind === 'build') await ageBuildCache(entry.dir, jobStart);
    return {
      ...base,
      result: outcome.kind,
      matchedKey: outcome.matchedKey,
      ...(outcome.bytes === undefined ? {} : { bytes: outcome.bytes }),
      seconds: elapsed(),
    };
  });
  const state: RestoredState = {
    jobStart,
    entries: plan.map((entry, i) => ({ ...entry, restored: reports[i]!.result })),
  };
  return { reports, state };
}

/**
 * Saves each entry that missed: GOMODCACHE only when its exact key was not restored (the
 * key is a hash of the go.sum files, so a hit means the same modules), GOCACHE after
 * trimming what the job did not use (its key is unique to the run, so it is always new).
 */
export async function saveGoCaches(
  state: RestoredState,
  backend: CacheBackend,
  logger: Logger,
): Promise<EntryReport[]> {
  return forEachEntry(state.entries, logger, async (entry, base, elapsed) => {
    if (entry.restored === 'hit') {
      return { ...base, result: 'skipped', reason: 'restored from this key', seconds: 0 };
    }
    if (await isEmptyDir(entry.dir)) {
      return { ...base, result: 'skipped', reason: `${entry.dir} is empty`, seconds: 0 };
    }
    if (entry.kind === 'build') {
      const trim = await trimBuildCache(entry.dir, state.jobStart);
      logger.info(
        `GOCACHE: removed ${trim.removed} entries (${formatBytes(trim.removedBytes)}) the job did not use, kept ${trim.kept}`,
      );
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

function logReport(report: EntryReport, logger: Logger): void {
  const name = CACHE_NAMES[report.kind];
  const size = report.bytes === undefined ? '' : `, ${formatBytes(report.bytes)}`;
  const took = `${report.seconds.toFixed(1)} s`;
  switch (report.result) {
    case 'failed':
      logger.warning(`${name} cache ${report.key}: ${report.reason}; the job goes on without it`);
      return;
    case 'skipped':
      logger.info(`${name} cache ${report.key}: skipped (${report.reason})`);
      return;
    case 'partial':
      logger.info(
        `${name} cache: restored ${report.matchedKey} for ${report.key} (${took}${size})`,
      );
      return;
    default:
      logger.info(`${name} cache ${report.key}: ${report.result} (${took}${size})`);
  }
}

export interface PlanInput {
  /** From parseCacheInputs. */
  readonly inputs: Pick<CacheInputs, 'cache' | 'cacheBuild' | 'dependencyPath' | 'keySuffix'>;
  readonly dirs: GoCacheDirs;
  /** Target platform (Go names) and version (`1.22.5`) of the toolchain. */
  readonly os: string;
  readonly arch: string;
  readonly goVersion: string;
  readonly workspace: string;
  /** Different for every run, for build cache keys: `<run id>-<attempt>`. */
  readonly unique: string;
}

/** The entries to restore and later save, and notes for the log about what was left out. */
export async function planGoCaches(
  input: PlanInput,
): Promise<{ entries: PlannedEntry[]; notes: string[]; dependencyFiles: readonly string[] }> {
  const { inputs, dirs } = input;
  const notes: string[] = [];
  if (!inputs.cache) return { entries: [], notes, dependencyFiles: [] };
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
  const entries: PlannedEntry[] = [];
  if (deps.files.length === 0) {
    notes.push(
      `no go.sum or go.work.sum in ${input.workspace}: no dependencies to cache (set cache-dependency-path if they live elsewhere)`,
    );
  } else {
    entries.push({ kind: 'mod', dir: dirs.modCache, key: modCacheKey(parts), restoreKeys: [] });
  }
  if (inputs.cacheBuild && dirs.buildCache !== '') {
    const build = buildCacheKeys({ ...parts, unique: input.unique });
    entries.push({ kind: 'build', dir: dirs.buildCache, ...build });
  } else if (inputs.cacheBuild) {
    notes.push('GOCACHE is off: the build cache is not cached');
  }
  return { entries, notes, dependencyFiles: deps.files };
}
