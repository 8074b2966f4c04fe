// A runner image's preinstalled Go, as actions/go-versions leaves it in the tool cache:
// the go.dev tree (here rebuilt from the real toolchain module, with the top-level api/
// doc/ misc/ test/ that go.dev archives carry and the module leaves out) at
// <toolcache>/go/<version>/<arch>, an empty <arch>.complete beside it, and no record.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { testCacheDir } from './cache.mjs';
import { toolchainModuleZip, unpackToolchainZip } from './toolchain.mjs';

/** Files a go.dev archive has that the toolchain module leaves out. */
export const GO_DEV_ONLY = {
  'api/go1.txt': 'pkg fmt, func Println(...interface{}) (int, error)\n',
  'doc/go_spec.html': '<!-- the Go spec -->\n',
  'misc/wasm/wasm_exec.js': '// wasm support\n',
  'test/helloworld.go': 'package main\n\nfunc main() { println("hello") }\n',
};

/** A go.dev-shaped GOROOT of `version` for os/arch, unpacked once into the test cache. */
export function goDevTree(version, os = 'linux', arch = 'amd64') {
  const dir = path.join(testCacheDir('image-trees'), `go${version}.${os}-${arch}`);
  const root = path.join(dir, 'go');
  if (existsSync(path.join(root, 'VERSION'))) return root;
  const { zip, version: modVersion } = toolchainModuleZip(version, os, arch);
  const work = `${dir}.tmp-${process.pid}`;
  unpackToolchainZip(zip, modVersion, work);
  for (const [name, text] of Object.entries(GO_DEV_ONLY)) {
    mkdirSync(path.dirname(path.join(work, 'go', name)), { recursive: true });
    writeFileSync(path.join(work, 'go', name), text);
  }
  rmSync(dir, { recursive: true, force: true });
  renameSync(work, dir);
  return root;
}

/** Puts a copy of the go.dev-shaped tree into `toolCache` the way a runner image has it. */
export function preinstall(
  toolCache,
  version,
  { os = 'linux', arch = 'amd64', cacheArch = 'x64' } = {},
) {
  const versionDir = path.join(toolCache, 'go', version);
  mkdirSync(versionDir, { recursive: true });
  const dest = path.join(versionDir, cacheArch);
  rmSync(dest, { recursive: true, force: true });
  execFileSync('cp', ['-a', goDevTree(version, os, arch), dest]);
  writeFileSync(`${dest}.complete`, '');
  return dest;
}
