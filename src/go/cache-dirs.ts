/**
 * Where the go command keeps its module cache (GOMODCACHE) and build cache (GOCACHE) for a
 * job, asked of the installed go itself so GOPATH, GOENV files and platform defaults are all
 * taken into account. `go env` reads settings only; it writes into neither directory.
 */
import { existsSync } from 'node:fs';
import { goEnv } from './go-command.js';

export interface GoCacheDirs {
  readonly modCache: string;
  readonly buildCache: string;
}

/** Asks `goBinary env -json GOMODCACHE GOCACHE` in the job's environment. */
export async function goCacheDirs(
  goBinary: string,
  env: Readonly<Record<string, string | undefined>>,
): Promise<GoCacheDirs> {
  const vars = await goEnv(goBinary, ['GOMODCACHE', 'GOCACHE'], { env });
  const modCache = vars['GOMODCACHE'] ?? '';
  const buildCache = vars['GOCACHE'] ?? '';
  if (modCache === '') throw new Error(`${goBinary} env reports no GOMODCACHE`);
  // GOCACHE=off is a choice: the build cache is then not cached either.
  return { modCache, buildCache: buildCache === 'off' ? '' : buildCache };
}

/**
 * On GitHub-hosted Windows runners, writing thousands of small files to C: is several
 * times slower than to D:, the runner's local temporary disk (the reason cache restores
 * there take minutes); the caches go on D: unless the job chose their places itself. Returns the variables
 * to export (none elsewhere).
 */
export function hostedWindowsCacheEnv(
  env: Readonly<Record<string, string | undefined>>,
  driveExists: (root: string) => boolean = existsSync,
): Record<string, string> {
  if (env['RUNNER_OS'] !== 'Windows' || env['RUNNER_ENVIRONMENT'] !== 'github-hosted') return {};
  if (!driveExists('D:\\')) return {};
  const vars: Record<string, string> = {};
  if (!env['GOMODCACHE']) vars['GOMODCACHE'] = 'D:\\go\\pkg\\mod';
  if (!env['GOCACHE']) vars['GOCACHE'] = 'D:\\go\\cache';
  return vars;
}
