/**
 * The linters' own caches (staticcheck's and golangci-lint's analysis results) kept between
 * runs, with the gates' own results for identical inputs. They live under one directory so one
 * cache entry holds them all. The key covers what changes the results: the Go version, the
 * tool choices, the modules' go.mod and go.sum, the golangci-lint configs, the build tags and
 * the sources. The newest entry of the same dependencies (else the same tools) is restored
 * when the key misses: the tools check each cached fact against its inputs, and results are
 * keyed by content, so a stale entry is only slower, never wrong.
 */
import { createHash } from 'node:crypto';
import * as os from 'node:os';
import * as path from 'node:path';
import type { GatesOptions } from './gates-options.js';
import type { GoModule } from '../go/modules.js';
import { findGolangciConfig } from './gate-runners.js';
import { fileDigest, treeFingerprint } from './results-cache.js';

export interface LintCacheDirs {
  /** The directory the cache entry holds. */
  readonly root: string;
  /** Environment that points the tools at it. */
  readonly env: Readonly<Record<string, string>>;
}

/** os.UserCacheDir() as Go defines it, which is where both tools keep caches by default. */
export function userCacheDir(
  env: NodeJS.ProcessEnv,
  platform: NodeJS.Platform = process.platform,
  home = os.homedir(),
): string {
  if (platform === 'win32') return env['LOCALAPPDATA'] || path.win32.join(home, 'AppData', 'Local');
  if (platform === 'darwin') return path.posix.join(home, 'Library', 'Caches');
  const xdg = env['XDG_CACHE_HOME'];
  return xdg && path.posix.isAbsolute(xdg) ? xdg : path.posix.join(home, '.cache');
}

/**
 * Where the lint caches go. A user who points a tool somewhere else keeps that (and that
 * directory is then not part of the entry).
 */
export function lintCacheDirs(
  env: NodeJS.ProcessEnv,
  platform: NodeJS.Platform = process.platform,
): LintCacheDirs {
  const root = path.join(userCacheDir(env, platform), 'setup-go-verified', 'lint');
  const out: Record<string, string> = {};
  if (!env['STATICCHECK_CACHE']) out['STATICCHECK_CACHE'] = path.join(root, 'staticcheck');
  if (!env['GOLANGCI_LINT_CACHE']) out['GOLANGCI_LINT_CACHE'] = path.join(root, 'golangci-lint');
  return { root, env: out };
}

export interface LintCacheKey {
  readonly key: string;
  readonly restoreKeys: readonly string[];
}

export async function lintCacheKey(opts: {
  options: GatesOptions;
  modules: readonly GoModule[];
  root: string;
  goVersion: string;
  os: string;
  arch: string;
  /** The content hash of a module tree (shared with the results cache, so it is done once). */
  fingerprint?: (dir: string) => Promise<string>;
}): Promise<LintCacheKey> {
  const { options } = opts;
  const tools = [
    options.gates.includes('staticcheck') ? `sc-${options.staticcheckVersion ?? 'default'}` : '',
    options.gates.includes('golangci-lint')
      ? `gl-${options.golangciInstallMode}-${options.golangciVersion ?? 'default'}`
      : '',
  ]
    .filter(Boolean)
    .join('-');
  const h = createHash('sha256');
  h.update(
    `lint cache v1\ntags ${options.buildTags.join(',')}\nchecks ${options.staticcheckChecks ?? ''}\nargs ${options.golangciArgs.join('\0')}\n`,
  );
  const sources = createHash('sha256');
  for (const m of [...opts.modules].sort((a, b) => (a.dir < b.dir ? -1 : 1))) {
    sources.update(`${await (opts.fingerprint ?? treeFingerprint)(m.dir)}\n`);
    const rel = path.relative(opts.root, m.dir).split(path.sep).join('/') || '.';
    const config = await findGolangciConfig(m.dir, opts.root);
    h.update(
      `${rel}\n${await fileDigest(path.join(m.dir, 'go.mod'))}\n${await fileDigest(path.join(m.dir, 'go.sum'))}\n`,
    );
    h.update(
      `${config ? path.relative(opts.root, config) : '-'}\n${config ? await fileDigest(config) : '-'}\n`,
    );
  }
  const prefix =
    `setup-go-verified-lint-${opts.os}-${opts.arch}-${opts.goVersion}-${tools}-`.replace(
      /[^A-Za-z0-9._-]+/g,
      '_',
    );
  // Dependencies and config first, then the sources: new code saves a new entry (with its
  // results), and restores the newest entry of the same dependencies, else of the same tools.
  const deps = `${prefix}${h.digest('hex').slice(0, 24)}-`;
  return { key: deps + sources.digest('hex').slice(0, 16), restoreKeys: [deps, prefix] };
}
