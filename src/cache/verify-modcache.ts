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
import { readFile, rm } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import { removeTree } from '../archive/remove-tree.js';
import { judgeVersions, type VersionVerdict } from './modcache-decide.js';
import { ModCacheRemovalError } from './modcache-removal-error.js';
import { scanModCache, type VersionPaths } from './modcache-scan.js';
import { expectedVersions, parseGoSum, type SumLine } from './modcache-sums.js';

export interface ModCacheRemoval {
  /** `<escaped path>@<escaped version>` as in the cache. */
  readonly key: string;
  /** `module version`, when a go.sum line names it. */
  readonly name?: string;
  readonly reason: string;
}

/** What the proof of a module cache found and did. */
export interface ModCacheProof {
  readonly goSumFiles: number;
  /** Versions whose zip and/or directory hashed to their go.sum line. */
  readonly proven: number;
  readonly provenDirs: number;
  readonly provenZips: number;
  readonly provenMods: number;
  /** Versions (or go.mod files) that failed their proof, removed. */
  readonly failed: readonly ModCacheRemoval[];
  /** Directories and zips no go.sum line covers, removed. */
  readonly uncovered: readonly string[];
  /** Links and special files outside any version, removed. */
  readonly strays: readonly string[];
  readonly bytes: number;
  readonly seconds: number;
}

export interface VerifyModCacheOptions {
  /** GOMODCACHE. */
  readonly modCache: string;
  /** Absolute paths of the go.sum and go.work.sum files. */
  readonly goSumFiles: readonly string[];
  readonly threads?: number;
  /** false: only report what would be removed (default true). */
  readonly remove?: boolean;
}

async function readSums(files: readonly string[]): Promise<SumLine[]> {
  const lines: SumLine[] = [];
  for (const file of files) lines.push(...parseGoSum(await readFile(file, 'utf8')).lines);
  return lines;
}

/** The paths to remove for a verdict: the whole version, or its go.mod. */
export function pathsToRemove(verdict: VersionVerdict, where: VersionPaths): string[] {
  const out: string[] = [];
  const c = verdict.content;
  if (c !== undefined && c.kind !== 'proven') {
    out.push(...[where.dir, where.zip, where.zipHash].filter((p): p is string => !!p));
    if (c.kind === 'failed' && where.info) out.push(where.info);
  }
  if (verdict.mod?.kind === 'failed') {
    out.push(...[where.mod, where.info].filter((p): p is string => !!p && !out.includes(p)));
  }
  return out;
}

async function remove(file: string): Promise<void> {
  try {
    await removeTree(file);
  } catch (err) {
    // A file in a directory made read-only: removeTree only opens up directories below it.
    await rm(file, { force: true }).catch(() => undefined);
    throw new ModCacheRemovalError(
      `cannot remove ${file}, which failed its proof: ${(err as Error).message}`,
      { cause: err },
    );
  }
}

/** Hashes the module cache against the go.sum files and removes what is not proven. */
export async function verifyModCache(options: VerifyModCacheOptions): Promise<ModCacheProof> {
  const started = performance.now();
  const expected = expectedVersions(await readSums(options.goSumFiles));
  const scan = await scanModCache(
    options.modCache,
    {
      zip: (key) => (expected.get(key)?.zip.size ?? 0) > 0,
      mod: (key) => (expected.get(key)?.mod.size ?? 0) > 0,
    },
    options.threads,
  );
  const verdicts = judgeVersions(scan.found, expected);

  const failed: ModCacheRemoval[] = [];
  const uncovered: string[] = [];
  let proven = 0;
  let provenDirs = 0;
  let provenZips = 0;
  let provenMods = 0;
  const doomed: string[] = [...new Set(scan.strays)];
  for (const v of verdicts) {
    const name = v.expected ? `${v.expected.module} ${v.expected.version}` : undefined;
    const c = v.content;
    if (c?.kind === 'proven') {
      proven++;
      if (c.dir) provenDirs++;
      if (c.zip) provenZips++;
    } else if (c?.kind === 'uncovered') {
      uncovered.push(v.key);
    }
    const reasons = [
      c?.kind === 'failed' ? c.reason : '',
      v.mod?.kind === 'failed' ? v.mod.reason : '',
    ].filter((r) => r !== '');
    if (reasons.length > 0)
      failed.push({ key: v.key, ...(name ? { name } : {}), reason: reasons.join('; ') });
    if (v.mod?.kind === 'proven') provenMods++;
    doomed.push(...pathsToRemove(v, scan.paths.get(v.key) ?? {}));
  }
  if (options.remove !== false) for (const file of doomed) await remove(file);
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
    seconds: Math.round(performance.now() - started) / 1000,
  };
}
