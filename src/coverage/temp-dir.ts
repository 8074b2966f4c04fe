/**
 * The coverage step's scratch directory (raw profiles, GOCOVERDIR conversions, downloaded
 * legs). The shared temporary directory is writable by every job and user of the machine,
 * so a name anyone can predict (the pid) could be made beforehand as a link to somewhere
 * else, or filled with a profile; mkdtemp makes a fresh directory only this user can enter.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import * as path from 'node:path';

export const COVERAGE_TEMP_PREFIX = 'setup-go-verified-coverage-';

/** Runs `fn` with a new private directory under `base`, removed afterwards. */
export async function withCoverageTempDir<T>(
  base: string,
  fn: (dir: string) => Promise<T>,
): Promise<T> {
  const dir = await mkdtemp(path.join(base, COVERAGE_TEMP_PREFIX));
  try {
    return await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
