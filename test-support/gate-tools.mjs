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

/** A tool binary built from `pkg@version` with the gates' Go (every module checked against
 * the checksum database); cached between runs under `name`. */
function builtTool(name, pkg, version, binary) {
  const dir = testCacheDir('tools', `${name}-${version}-go${GATES_GO_VERSION}`);
  const bin = path.join(dir, binary);
  if (existsSync(bin)) return bin;
  const tmp = `${dir}.tmp-${process.pid}`;
  mkdirSync(tmp, { recursive: true });
  execFileSync(path.join(gatesGoRoot(), 'bin', 'go'), ['install', `${pkg}@${version}`], {
    cwd: tmp,
    env: { ...goEnv(), GOBIN: tmp, CGO_ENABLED: '0' },
    stdio: 'ignore',
    timeout: 20 * 60_000,
  });
  rmSync(dir, { recursive: true, force: true });
  renameSync(tmp, dir);
  return bin;
}

/**
 * A golangci-lint binary built from github.com/golangci/golangci-lint/v2 at `version`, the
 * stand-in for a release binary (github.com is out of reach).
 */
export function golangciBinary(version = GOLANGCI_VERSION) {
  const pkg = 'github.com/golangci/golangci-lint/v2/cmd/golangci-lint';
  return builtTool('golangci-lint', pkg, version, 'golangci-lint');
}

/** The staticcheck the gates pick in binary mode: module version and release name. */
export const STATICCHECK_VERSION = 'v0.8.2';
export const STATICCHECK_RELEASE = '2026.2.2';

/** A staticcheck binary built from honnef.co/go/tools, the stand-in for a release binary. */
export function staticcheckBinary(version = STATICCHECK_VERSION) {
  return builtTool('staticcheck', 'honnef.co/go/tools/cmd/staticcheck', version, 'staticcheck');
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
