/**
 * Keeps a saved GOCACHE to what the job used, so the build cache does not grow run after
 * run. It relies on how the go command marks use: when it reads a cache entry whose mtime
 * is more than an hour old, it sets the mtime to now (entries touched within the hour are
 * left alone, to save writes). So, right after a restore, every entry is dated two hours
 * before the job started; entries the job reads or writes get a fresh mtime; before the
 * save, entries still dated before the job started were not used and are removed.
 */
import { readdir, rm, stat, utimes } from 'node:fs/promises';
import * as path from 'node:path';

/** How far back restored entries are dated: beyond the go command's one-hour refresh window. */
export const AGE_BEFORE_START_MS = 2 * 60 * 60 * 1000;

/** Entry files live in 256 subdirectories named by two hex digits (`00` … `ff`). */
const SHARD = /^[0-9a-f]{2}$/;

export interface TrimResult {
  readonly kept: number;
  readonly removed: number;
  readonly removedBytes: number;
}

async function shards(goCache: string): Promise<string[]> {
  const names = await readdir(goCache).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return [] as string[];
    throw err;
  });
  return names.filter((n) => SHARD.test(n)).map((n) => path.join(goCache, n));
}

/** Dates every entry of a freshly restored GOCACHE to before `jobStart`; returns the count. */
export async function ageBuildCache(goCache: string, jobStart: number): Promise<number> {
  const when = new Date(jobStart - AGE_BEFORE_START_MS);
  let count = 0;
  for (const shard of await shards(goCache)) {
    const files = await readdir(shard);
    await Promise.all(
      files.map(async (f) => {
        await utimes(path.join(shard, f), when, when);
        count += 1;
      }),
    );
  }
  return count;
}

/** Removes the entries not used since `jobStart` (see the module comment). */
export async function trimBuildCache(goCache: string, jobStart: number): Promise<TrimResult> {
  let kept = 0;
  let removed = 0;
  let removedBytes = 0;
  for (const shard of await shards(goCache)) {
    const files = await readdir(shard);
    await Promise.all(
      files.map(async (f) => {
        const file = path.join(shard, f);
        const info = await stat(file).catch(() => undefined);
        if (!info) return;
        // Halfway between the aged date and the start: immune to coarse file-system clocks.
        if (info.mtimeMs >= jobStart - AGE_BEFORE_START_MS / 2) {
          kept += 1;
          return;
        }
        await rm(file, { force: true });
        removed += 1;
        removedBytes += info.size;
      }),
    );
  }
  return { kept, removed, removedBytes };
}
