/**
 * A gate tool built from source in this job, where nothing another job wrote can reach the
 * build:
 * - `GOENV=off`: the go env file in the home directory (which survives between jobs on a
 *   self-hosted runner) is not read; `$GOROOT/go.env` still is, and the setup step proved it.
 * - Every setting that exempts modules from the checksum database is set to a pattern that
 *   matches no module (an empty value would fall back to a default), and `GOSUMDB` names
 *   sum.golang.org with its key. The user's `GOPROXY` stays: any proxy is fine when every
 *   module it serves must be in the signed database.
 * - Fresh module and build caches (and GOPATH) in a directory this job created, so no file
 *   of an earlier job (a changed module source behind a genuine `.ziphash`, a poisoned build
 *   cache entry) is used. The cost is a full build; release binaries avoid it (tools.ts).
 * - `GOTOOLCHAIN=local`, `GOWORK=off`, `GOFLAGS` set outright, host GOOS/GOARCH, no cgo.
 */
import { mkdir, stat } from 'node:fs/promises';
import * as path from 'node:path';
import { inert } from '../log-text.js';
import { run } from '../process.js';
import { SUM_GOLANG_ORG_KEY } from '../verify/sumdb/note.js';

/** A module path no module can have: `.invalid` is reserved (RFC 2606). */
export const MATCHES_NO_MODULE = 'setup-go-verified.invalid/none';

export interface BuildHost {
  /** The job's go binary. */
  readonly go: string;
  readonly version: string;
  readonly os: string;
  readonly arch: string;
}

/** The directories one job's tool builds share (one download and compile of shared modules). */
export interface BuildDirs {
  readonly gopath: string;
  readonly gomodcache: string;
  readonly gocache: string;
}

export function buildDirs(workDir: string): BuildDirs {
  return {
    gopath: path.join(workDir, 'gopath'),
    gomodcache: path.join(workDir, 'gomodcache'),
    gocache: path.join(workDir, 'gocache'),
  };
}

/**
 * GOSUMDB for the build: sum.golang.org with its key, at the URL the user gave for it if any
 * (a mirror of the database still has to show notes signed by that key).
 */
function checksumDatabase(userValue: string | undefined): string {
  const [name, url] = (userValue ?? '').trim().split(/\s+/);
  const same = name === 'sum.golang.org' || name === SUM_GOLANG_ORG_KEY;
  return same && url ? `${SUM_GOLANG_ORG_KEY} ${url}` : SUM_GOLANG_ORG_KEY;
}

/** The environment of `go install` for a gate tool (see the module comment). */
export function isolatedBuildEnv(
  env: NodeJS.ProcessEnv,
  host: BuildHost,
  dirs: BuildDirs,
  gobin: string,
): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = {};
  // Not Go's settings: the go command reads none of these beyond what they say (PATH, proxies,
  // TLS roots, temp and home directories).
  for (const [k, v] of Object.entries(env)) if (!/^(GO|CGO_)/i.test(k)) out[k] = v;
  Object.assign(out, {
    GOENV: 'off',
    GOFLAGS: '-trimpath -modcacherw',
    GONOSUMDB: MATCHES_NO_MODULE,
    GONOPROXY: MATCHES_NO_MODULE,
    GOPRIVATE: MATCHES_NO_MODULE,
    GOINSECURE: MATCHES_NO_MODULE,
    GOSUMDB: checksumDatabase(env['GOSUMDB']),
    GOTOOLCHAIN: 'local',
    GOWORK: 'off',
    GO111MODULE: 'on',
    GOPATH: dirs.gopath,
    GOMODCACHE: dirs.gomodcache,
    GOCACHE: dirs.gocache,
    GOBIN: gobin,
    GOOS: host.os,
    GOARCH: host.arch,
    CGO_ENABLED: '0',
  });
  if (env['GOPROXY']) out['GOPROXY'] = env['GOPROXY'];
  return out;
}

/** Builds `pkg@version` into `gobin` with the isolated environment; returns the binary. */
export async function buildTool(opts: {
  pkg: string;
  version: string;
  binary: string;
  host: BuildHost;
  dirs: BuildDirs;
  gobin: string;
  env: NodeJS.ProcessEnv;
  timeoutMs?: number;
}): Promise<string> {
  const { pkg, version, host } = opts;
  await mkdir(opts.gobin, { recursive: true });
  // Run outside any module so the project's go.mod and replace lines cannot change the build.
  const r = await run(host.go, ['install', `${pkg}@${version}`], {
    cwd: opts.gobin,
    env: isolatedBuildEnv(opts.env, host, opts.dirs, opts.gobin),
    timeoutMs: opts.timeoutMs ?? 20 * 60_000,
  });
  if (r.code !== 0) {
    throw new Error(
      `go install ${pkg}@${version} with ${host.version} failed (exit ${r.code}):\n${(r.stderr || r.stdout).trim()}`,
    );
  }
  const bin = path.join(opts.gobin, opts.binary);
  if (!(await stat(bin).catch(() => undefined))?.isFile()) {
    throw new Error(`go install ${pkg}@${version} succeeded but left no ${inert(opts.binary)}`);
  }
  return bin;
}
