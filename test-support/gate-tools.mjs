// Real Go modules and gate tools for the gates tests and benchmarks: a Go toolchain unpacked
// from the module proxy's golang.org/toolchain zip, golangci-lint built from its module with
// that toolchain (github.com, where release archives live, is not reachable here), and
// module sources from the proxy. Everything is cached outside the repository.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import { testCacheDir } from './cache.mjs';
import { goProxy, toolchainModuleZip, unpackToolchainZip } from './toolchain.mjs';

/** The Go the gates tests run with: new enough for golangci-lint v2.15 and staticcheck 2026.2. */
export const GATES_GO_VERSION = '1.26.11';
export const GOLANGCI_VERSION = 'v2.15.0';

/** GOROOT of the gates' Go, unpacked once from the proxy's toolchain zip. */
export function gatesGoRoot(version = GATES_GO_VERSION) {
  const dir = testCacheDir('toolchains', `go${version}`);
  const goroot = path.join(dir, 'go');
  if (existsSync(path.join(goroot, 'bin', 'go'))) return goroot;
  const { zip, version: modVersion } = toolchainModuleZip(version);
  const tmp = path.join(testCacheDir('work'), `go${version}-${process.pid}`);
  unpackToolchainZip(zip, modVersion, tmp);
  rmSync(goroot, { recursive: true, force: true });
  renameSync(path.join(tmp, 'go'), goroot);
  rmSync(tmp, { recursive: true, force: true });
  return goroot;
}

/** Environment for go commands of the tests: shared module and build caches, the real proxy. */
export function goEnv(goroot = gatesGoRoot()) {
  return {
    ...process.env,
    PATH: `${path.join(goroot, 'bin')}${path.delimiter}${process.env.PATH ?? ''}`,
    GOMODCACHE: testCacheDir('gomodcache'),
    GOCACHE: testCacheDir('gocache'),
    GOFLAGS: '-modcacherw',
    GOTOOLCHAIN: 'local',
    GOPROXY: goProxy(),
  };
}

/**
 * A golangci-lint binary built from github.com/golangci/golangci-lint/v2 at `version` (the
 * go command checks every module against the checksum database); cached between runs.
 */
export function golangciBinary(version = GOLANGCI_VERSION) {
  const dir = testCacheDir('tools', `golangci-lint-${version}-go${GATES_GO_VERSION}`);
  const bin = path.join(dir, 'golangci-lint');
  if (existsSync(bin)) return bin;
  const tmp = `${dir}.tmp-${process.pid}`;
  mkdirSync(tmp, { recursive: true });
  execFileSync(
    path.join(gatesGoRoot(), 'bin', 'go'),
    ['install', `github.com/golangci/golangci-lint/v2/cmd/golangci-lint@${version}`],
    {
      cwd: tmp,
      env: { ...goEnv(), GOBIN: tmp, CGO_ENABLED: '0' },
      stdio: 'ignore',
      timeout: 20 * 60_000,
    },
  );
  rmSync(dir, { recursive: true, force: true });
  renameSync(tmp, dir);
  return bin;
}

/** A writable copy of a module's source from the proxy (`path@version`) in `dest`. */
export function moduleSource(module, dest) {
  const out = execFileSync('go', ['mod', 'download', '-json', module], {
    encoding: 'utf8',
    cwd: testCacheDir(),
    env: goEnv(),
  });
  const info = JSON.parse(out);
  if (info.Error) throw new Error(info.Error);
  rmSync(dest, { recursive: true, force: true });
  cpSync(info.Dir, dest, { recursive: true });
  execFileSync('chmod', ['-R', 'u+w', dest]);
  return dest;
}
