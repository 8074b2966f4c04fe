/**
 * How @actions/cache names and lays out an entry, so this project can find and unpack the
 * entries its saveCache wrote without running its restore (which unpacks with `tar -P`).
 *
 * - The version: SHA-256 of the path patterns given to saveCache, the compression method,
 *   `windows-only` on Windows (unless cross-OS archives were asked for) and a salt, joined
 *   by `|` (cacheUtils.getCacheVersion). A lookup only finds entries of the same version.
 * - The compression method: `zstd-without-long` when a `zstd` program answers
 *   `zstd --quiet --version` with any output, else `gzip` (cacheUtils.getCompressionMethod,
 *   @actions/cache 6; its restore tries no other method).
 * - Member names: tar runs with `-P -C $GITHUB_WORKSPACE` (the working directory when that
 *   is unset) and the paths relative to it, so a directory outside the workspace is stored
 *   as e.g. `../../go/pkg/mod/...` (tar.ts, cacheUtils.resolvePaths).
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as path from 'node:path';
import { which } from '../process.js';

export type ActionsCompression = 'zstd-without-long' | 'gzip';

const VERSION_SALT = '1.0';

/** The version @actions/cache files an entry under for these path patterns. */
export function actionsCacheVersion(
  paths: readonly string[],
  compression: ActionsCompression,
  { platform = process.platform, crossOs = false } = {},
): string {
  const components = [...paths, compression];
  if (platform === 'win32' && !crossOs) components.push('windows-only');
  components.push(VERSION_SALT);
  return createHash('sha256').update(components.join('|')).digest('hex');
}

/**
 * The name prefix of every member of an entry saved from `dir` with this workspace: the
 * relative path with `/` separators, `.` for the workspace itself. (On Windows, a directory
 * on another drive has no relative path: path.relative gives it absolute, as tar stores it.)
 */
export function actionsMemberPrefix(
  workspace: string,
  dir: string,
  pathApi: typeof path.posix = path,
): string {
  const relative = pathApi.relative(workspace, dir);
  if (relative === '') return '.';
  return pathApi.sep === '\\' ? relative.replace(/\\/g, '/') : relative;
}

/** The working directory @actions/cache packs and unpacks relative to. */
export function actionsWorkspace(env: Readonly<Record<string, string | undefined>>): string {
  return env['GITHUB_WORKSPACE'] ?? process.cwd();
}

/**
 * The compression @actions/cache would choose on this machine, with `env`'s PATH. Asked
 * once per PATH: the answer does not change during a job.
 */
export function actionsCompression(
  env: Readonly<Record<string, string | undefined>>,
): Promise<ActionsCompression> {
  const searchPath = env['PATH'] ?? env['Path'] ?? '';
  let answer = compressionByPath.get(searchPath);
  if (answer === undefined) {
    answer = probeZstd(searchPath);
    compressionByPath.set(searchPath, answer);
  }
  return answer;
}

const compressionByPath = new Map<string, Promise<ActionsCompression>>();

function probeZstd(searchPath: string): Promise<ActionsCompression> {
  const platform = process.platform === 'win32' ? 'windows' : process.platform;
  const zstd = which('zstd', searchPath, platform);
  if (zstd === undefined) return Promise.resolve('gzip');
  return new Promise((resolve) => {
    execFile(
      zstd,
      ['--quiet', '--version'],
      { timeout: 10_000, windowsHide: true },
      (_err, stdout, stderr) => {
        // Like @actions/exec with ignoreReturnCode: any output at all means zstd.
        resolve(`${stdout}${stderr}`.trim() === '' ? 'gzip' : 'zstd-without-long');
      },
    );
  });
}
