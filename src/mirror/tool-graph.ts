/**
 * The module versions `go install PKG@VER` needs, found by asking the go command itself:
 * `go install -n` loads every package of the build (downloading each module it reads into
 * the module cache) but builds nothing. It runs in the isolated environment the gates build
 * their tools in, with a fresh module cache, so what that cache's download directory holds
 * afterwards is exactly the tool's graph: a `.zip` means the zip is wanted, a `.mod` alone the
 * go.mod file. Those versions then go into the bundle like any other, proven by the checksum
 * database (add-module.ts); the download directory is only where they are read first.
 */
import { mkdir, readdir } from 'node:fs/promises';
import * as path from 'node:path';
import { InputError } from '../errors.js';
import { inert } from '../log-text.js';
import { hostPlatform, type Platform } from '../platform.js';
import { run } from '../process.js';
import { checkModulePath, checkVersion, want, type ModuleSet } from './module-set.js';

/** A tool to build: its main package and module version. */
export interface ToolPackage {
  readonly pkg: string;
  readonly version: string;
}

/** The caches one harvest's builds share. */
export interface HarvestDirs {
  readonly gopath: string;
  readonly gomodcache: string;
  readonly gocache: string;
}

export interface HarvestOptions {
  /** The connected machine's go binary. */
  readonly go: string;
  readonly tools: readonly ToolPackage[];
  readonly platforms: readonly Platform[];
  /**
   * The isolated build environment for one platform, GOOS and GOARCH set (the gates' own, so
   * the graph is theirs).
   */
  readonly buildEnv: (dirs: HarvestDirs, gobin: string, platform: Platform) => NodeJS.ProcessEnv;
  /** A scratch directory (created by the caller, removed by it). */
  readonly workDir: string;
  readonly timeoutMs?: number;
}

/** `github.com/!burnt!sushi` → `github.com/BurntSushi` (the proxy's case escaping undone). */
export function unescapePath(escaped: string): string {
  return escaped.replace(/!([a-z])/g, (_, c: string) => c.toUpperCase());
}

/**
 * The module versions a module cache's `cache/download` holds: a `.zip` wants the zip, a
 * `.mod` the go.mod file. The checksum database's own cache (`sumdb/`) is not a module.
 */
export async function downloadedVersions(downloadDir: string, set: ModuleSet = new Map()) {
  async function walk(rel: string): Promise<void> {
    const entries = await readdir(path.join(downloadDir, rel), { withFileTypes: true });
    for (const e of entries) {
      const child = rel === '' ? e.name : `${rel}/${e.name}`;
      if (!e.isDirectory()) continue;
      if (rel === '' && e.name === 'sumdb') continue;
      if (e.name !== '@v') {
        await walk(child);
        continue;
      }
      const module = unescapePath(rel);
      for (const f of await readdir(path.join(downloadDir, child))) {
        const m = /^(.+)\.(zip|mod)$/.exec(f);
        if (m === null) continue;
        const version = unescapePath(m[1] as string);
        const where = `${downloadDir}/${child}/${f}`;
        checkModulePath(module, where);
        checkVersion(version, where);
        want(set, module, version, m[2] === 'zip');
      }
    }
  }
  await walk('');
  return set;
}

/** `go install -n` of every tool on every platform; returns the module versions they read. */
export async function harvestToolGraph(opts: HarvestOptions): Promise<ModuleSet> {
  const dirs: HarvestDirs = {
    gopath: path.join(opts.workDir, 'gopath'),
    gomodcache: path.join(opts.workDir, 'gomodcache'),
    gocache: path.join(opts.workDir, 'gocache'),
  };
  const gobin = path.join(opts.workDir, 'bin');
  await mkdir(gobin, { recursive: true });
  for (const platform of opts.platforms) {
    const env = opts.buildEnv(dirs, gobin, platform);
    // The go command installs a cross-compiled binary only into GOPATH/bin/GOOS_GOARCH.
    const host = hostPlatform();
    if (env['GOOS'] !== host.os || env['GOARCH'] !== host.arch) delete env['GOBIN'];
    for (const t of opts.tools) {
      const r = await run(opts.go, ['install', '-n', `${t.pkg}@${t.version}`], {
        cwd: gobin,
        env,
        timeoutMs: opts.timeoutMs ?? 20 * 60_000,
      });
      if (r.code !== 0) {
        throw new InputError(
          `go install -n ${t.pkg}@${t.version} for ${platform.os}/${platform.arch} failed ` +
            `(exit ${r.code}):\n${inert(r.stderr.trim().split('\n').slice(-20).join('\n'))}`,
        );
      }
    }
  }
  return downloadedVersions(path.join(dirs.gomodcache, 'cache', 'download'));
}

/** The download directory of a harvest: a module proxy layout to read the graph from first. */
export function harvestDownloadDir(workDir: string): string {
  return path.join(workDir, 'gomodcache', 'cache', 'download');
}
