// Real Go toolchains for tests and benchmarks, taken from the Go module proxy (the
// golang.org/toolchain module, which the go command verifies against the checksum
// database), and repacked the way go.dev publishes them (a go/ tree in a .tar.gz).
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { testCacheDir } from './cache.mjs';

/** The module proxy the machine is configured with, as `go env GOPROXY` says. */
export function goProxy() {
  const list = execFileSync('go', ['env', 'GOPROXY'], { encoding: 'utf8' }).trim();
  return list;
}

/** Downloads golang.org/toolchain@v0.0.1-go<version>.<os>-<arch> through the proxy; returns the zip path. */
export function toolchainModuleZip(version, os = 'linux', arch = 'amd64') {
  const modVersion = `v0.0.1-go${version}.${os}-${arch}`;
  const out = execFileSync(
    'go',
    ['mod', 'download', '-json', `golang.org/toolchain@${modVersion}`],
    {
      encoding: 'utf8',
      cwd: testCacheDir(),
      env: {
        ...process.env,
        GOMODCACHE: testCacheDir('gomodcache'),
        GOFLAGS: '-modcacherw',
        GOTOOLCHAIN: 'local',
        GO111MODULE: 'on',
      },
      maxBuffer: 16 * 1024 * 1024,
    },
  );
  const info = JSON.parse(out);
  if (info.Error) throw new Error(info.Error);
  return { zip: info.Zip, sum: info.Sum, version: modVersion };
}

/** Unpacks the module zip into <dir>/go the way a go.dev archive lays it out. */
export function unpackToolchainZip(zip, modVersion, dir) {
  rmSync(dir, { recursive: true, force: true });
  execFileSync('unzip', ['-q', zip, '-d', dir]);
  const root = path.join(dir, 'golang.org', `toolchain@${modVersion}`);
  renameSync(root, path.join(dir, 'go'));
  rmSync(path.join(dir, 'golang.org'), { recursive: true, force: true });
  const goDir = path.join(dir, 'go');
  for (const rel of walk(goDir)) {
    const full = path.join(goDir, rel);
    if (path.basename(rel) === '_go.mod') renameSync(full, path.join(path.dirname(full), 'go.mod'));
    else if (rel.startsWith('bin/') || rel.startsWith('pkg/tool/')) chmodSync(full, 0o755);
  }
  return goDir;
}

function* walk(dir, prefix = '') {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${e.name}` : e.name;
    if (e.isDirectory()) yield* walk(path.join(dir, e.name), rel);
    else yield rel;
  }
}

/**
 * A go.dev-style archive `go<version>.<os>-<arch>.tar.gz` built from the real toolchain,
 * cached between runs. Returns its path.
 */
export function toolchainTarGz(version = '1.22.5', os = 'linux', arch = 'amd64') {
  const name = `go${version}.${os}-${arch}.tar.gz`;
  const file = path.join(testCacheDir('archives'), name);
  if (existsSync(file) && statSync(file).size > 0) return file;
  const { zip, version: modVersion } = toolchainModuleZip(version, os, arch);
  const work = path.join(testCacheDir('work'), `unpack-${process.pid}`);
  unpackToolchainZip(zip, modVersion, work);
  const tmp = `${file}.tmp-${process.pid}`;
  execFileSync('tar', ['-czf', tmp, '--owner=0', '--group=0', '--numeric-owner', '-C', work, 'go']);
  renameSync(tmp, file);
  rmSync(work, { recursive: true, force: true });
  return file;
}
