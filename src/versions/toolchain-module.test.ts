import { describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { Parser, type ReadEntry } from 'tar';
import { toolchainModuleZip, toolchainTarGz } from '../../test-support/toolchain.mjs';
import { InputError } from '../errors.js';
import { hashFiles, hashGoMod } from '../verify/sumdb/dirhash.js';
import {
  gorootMemberName,
  isModuleExecutable,
  moduleEquivalentHash,
  moduleMemberName,
  moduleZipMapping,
  parseToolchainModuleVersion,
  TOOLCHAIN_GO_MOD_H1,
  TOOLCHAIN_MODULE,
  toolchainModuleVersion,
  toolchainZipRoot,
  type TreeFileHash,
} from './toolchain-module.js';

const sha = (s: string): string => createHash('sha256').update(s).digest('hex');

describe('toolchain module versions', () => {
  it('names a toolchain as the module does (GOARCH names)', () => {
    expect(TOOLCHAIN_MODULE).toBe('golang.org/toolchain');
    // Every toolchain version has the go.mod `module golang.org/toolchain`.
    expect(hashGoMod('module golang.org/toolchain\n')).toBe(TOOLCHAIN_GO_MOD_H1);
    expect(toolchainModuleVersion('go1.22.5', 'linux', 'amd64')).toBe(
      'v0.0.1-go1.22.5.linux-amd64',
    );
    expect(toolchainModuleVersion('go1.23rc1', 'windows', 'arm64')).toBe(
      'v0.0.1-go1.23rc1.windows-arm64',
    );
    // The go.dev index says armv6l; the module says arm.
    expect(toolchainModuleVersion('go1.21.0', 'linux', 'armv6l')).toBe('v0.0.1-go1.21.0.linux-arm');
    expect(toolchainModuleVersion('go1.21.0', 'linux', 'arm')).toBe('v0.0.1-go1.21.0.linux-arm');
    expect(toolchainZipRoot('v0.0.1-go1.22.5.linux-amd64')).toBe(
      'golang.org/toolchain@v0.0.1-go1.22.5.linux-amd64',
    );
  });

  it('refuses what is not a tag or a platform', () => {
    for (const [tag, os, arch] of [
      ['1.22.5', 'linux', 'amd64'],
      ['go1.22.5/../x', 'linux', 'amd64'],
      ['go1.22.5', 'Linux', 'amd64'],
      ['go1.22.5', 'linux', 'amd-64'],
      ['go1.22.5', '', 'amd64'],
      ['go1.22.5', 'linux/..', 'amd64'],
    ] as const) {
      expect(() => toolchainModuleVersion(tag, os, arch)).toThrow(InputError);
    }
  });

  it('parses module versions back, and nothing else', () => {
    expect(parseToolchainModuleVersion('v0.0.1-go1.22.5.linux-amd64')).toEqual({
      version: 'v0.0.1-go1.22.5.linux-amd64',
      tag: 'go1.22.5',
      os: 'linux',
      arch: 'amd64',
    });
    expect(parseToolchainModuleVersion('v0.0.1-go1.9rc2.windows-amd64')).toMatchObject({
      tag: 'go1.9rc2',
      os: 'windows',
    });
    expect(parseToolchainModuleVersion('v0.0.1-go1.10.linux-386')).toMatchObject({
      tag: 'go1.10',
      arch: '386',
    });
    for (const bad of [
      '',
      'v0.0.1',
      'v0.0.2-go1.22.5.linux-amd64',
      'v0.0.1-go1.22.5.linux',
      'v0.0.1-go1.22.5.linux-amd64-x',
      'v0.0.1-go1.22.5',
      'v0.0.1-1.22.5.linux-amd64',
      'v0.0.1-go1.22.5.linux-AMD64',
      'v0.0.1-gox.linux-amd64',
    ]) {
      expect(parseToolchainModuleVersion(bad)).toBeUndefined();
    }
  });
});

describe('name mapping between a go.dev tree and the module', () => {
  it('leaves out api/ doc/ misc/ test/ .github/ at the top only, and renames every go.mod', () => {
    expect(moduleMemberName('api/go1.22.txt')).toBeNull();
    expect(moduleMemberName('doc/go_spec.html')).toBeNull();
    expect(moduleMemberName('misc/wasm/wasm_exec.js')).toBeNull();
    expect(moduleMemberName('test/fixedbugs/issue1.go')).toBeNull();
    expect(moduleMemberName('.github/SUPPORT.md')).toBeNull();
    // Only top-level directories of those names.
    expect(moduleMemberName('src/cmd/api/main.go')).toBe('src/cmd/api/main.go');
    expect(moduleMemberName('src/go/doc/doc.go')).toBe('src/go/doc/doc.go');
    expect(moduleMemberName('pkg/tool/linux_amd64/compile')).toBe('pkg/tool/linux_amd64/compile');
    expect(moduleMemberName('lib/time/zoneinfo.zip')).toBe('lib/time/zoneinfo.zip');
    expect(moduleMemberName('src/go.mod')).toBe('src/_go.mod');
    expect(moduleMemberName('src/crypto/internal/bigmod/_asm/go.mod')).toBe(
      'src/crypto/internal/bigmod/_asm/_go.mod',
    );
    expect(moduleMemberName('go.mod')).toBe('_go.mod');
    expect(moduleMemberName('src/go.mod.txt')).toBe('src/go.mod.txt');
    expect(moduleMemberName('src/xgo.mod')).toBe('src/xgo.mod');
  });

  it('gives go.mod its name back when unpacking', () => {
    expect(gorootMemberName('src/_go.mod')).toBe('src/go.mod');
    expect(gorootMemberName('src/cmd/objdump/testdata/testfilenum/_go.mod')).toBe(
      'src/cmd/objdump/testdata/testfilenum/go.mod',
    );
    expect(gorootMemberName('_go.mod')).toBe('go.mod');
    expect(gorootMemberName('src/x_go.mod')).toBe('src/x_go.mod');
    expect(gorootMemberName('bin/go')).toBe('bin/go');
  });

  it('marks bin/, pkg/tool/ and the go_<os>_<arch>_exec wrappers executable', () => {
    for (const name of [
      'bin/go',
      'bin/gofmt.exe',
      'pkg/tool/linux_amd64/compile',
      'lib/wasm/go_js_wasm_exec',
      'lib/wasm/go_wasip1_wasm_exec',
    ]) {
      expect(isModuleExecutable(name)).toBe(true);
    }
    for (const name of [
      'src/all.bash',
      'pkg/include/textflag.h',
      'lib/wasm/wasm_exec.js',
      'VERSION',
    ]) {
      expect(isModuleExecutable(name)).toBe(false);
    }
  });

  it('gives extraction options for the module root', () => {
    const m = moduleZipMapping('v0.0.1-go1.22.5.linux-amd64');
    expect(m).toMatchObject({
      requiredPrefix: 'golang.org/toolchain@v0.0.1-go1.22.5.linux-amd64',
      stripPrefix: true,
      allowSymlinks: false,
      allowHardlinks: false,
    });
    expect(m.rename('src/_go.mod')).toBe('src/go.mod');
    expect(m.isExecutable('bin/go')).toBe(true);
  });
});

describe('moduleEquivalentHash', () => {
  const files: TreeFileHash[] = [
    { archiveName: 'go/bin/go', sha256: sha('go') },
    { archiveName: 'go/src/go.mod', sha256: sha('module std') },
    { archiveName: 'go/VERSION', sha256: sha('go1.22.5') },
  ];

  it('equals the h1 of the module files under their module names', async () => {
    const root = 'golang.org/toolchain@v0.0.1-go1.22.5.linux-amd64';
    const expected = hashFiles([
      [`${root}/bin/go`, 'go'],
      [`${root}/src/_go.mod`, 'module std'],
      [`${root}/VERSION`, 'go1.22.5'],
    ]);
    expect(moduleEquivalentHash(files, 'go1.22.5', 'linux', 'amd64')).toBe(expected);
    // The same files by GOROOT-relative name, or as a Map, or with ./ and // in the names.
    const byName = files.map((f) => ({ name: f.archiveName!.slice(3), sha256: f.sha256 }));
    expect(moduleEquivalentHash(byName, 'go1.22.5', 'linux', 'amd64')).toBe(expected);
    const map = new Map(byName.map((f) => [f.name, f.sha256]));
    expect(moduleEquivalentHash(map, 'go1.22.5', 'linux', 'amd64')).toBe(expected);
    const odd = files.map((f) => ({ ...f, archiveName: `./${f.archiveName!.replace('/', '//')}` }));
    expect(moduleEquivalentHash(odd, 'go1.22.5', 'linux', 'amd64')).toBe(expected);
    // The version is part of every name.
    expect(moduleEquivalentHash(files, 'go1.22.5', 'linux', 'arm64')).not.toBe(expected);
  });

  it('refuses names outside go/', () => {
    expect(() =>
      moduleEquivalentHash(
        [{ archiveName: 'x/bin/go', sha256: sha('') }],
        'go1.22.5',
        'linux',
        'amd64',
      ),
    ).toThrow(/not a file under go\//);
    expect(() =>
      moduleEquivalentHash([{ archiveName: 'go', sha256: sha('') }], 'go1.22.5', 'linux', 'amd64'),
    ).toThrow(InputError);
    expect(() => moduleEquivalentHash([{ sha256: sha('') }], 'go1.22.5', 'linux', 'amd64')).toThrow(
      InputError,
    );
  });

  // A real toolchain: the module zip from the proxy (its h1 from go mod download, which checks
  // it against the checksum database) and a go.dev-style .tar.gz of the same tree.
  it('matches the checksum database for the real go1.22.5 linux-amd64 tree', async () => {
    // go mod download checked the zip against the checksum database before reporting `sum`.
    const { sum } = toolchainModuleZip('1.22.5', 'linux', 'amd64');
    expect(sum).toBe('h1:LQChnsjY/4sr12W+7pci1Qg1+X/n7vmLOOaq2aTBG0w=');

    const tree = await hashTarGz(toolchainTarGz('1.22.5', 'linux', 'amd64'));
    expect(tree.length).toBeGreaterThan(9000);
    expect(tree.some((f) => f.archiveName === 'go/src/go.mod')).toBe(true);
    expect(moduleEquivalentHash(tree, 'go1.22.5', 'linux', 'amd64')).toBe(sum);

    // The go.dev archive has api/ doc/ misc/ test/ that the module leaves out (the archive
    // built here from the module lacks them, so they are added): the hash does not move.
    const full = [
      ...tree,
      { archiveName: 'go/api/go1.22.txt', sha256: sha('api') },
      { archiveName: 'go/doc/go_spec.html', sha256: sha('spec') },
      { archiveName: 'go/misc/wasm/wasm_exec.js', sha256: sha('wasm') },
      { archiveName: 'go/misc/go.mod', sha256: sha('module misc') },
      { archiveName: 'go/test/fixedbugs/issue1.go', sha256: sha('test') },
      { archiveName: 'go/.github/SUPPORT.md', sha256: sha('support') },
    ];
    expect(moduleEquivalentHash(full, 'go1.22.5', 'linux', 'amd64')).toBe(sum);
    // Anything else counts: one more file, one changed file, go.mod under its own name.
    expect(
      moduleEquivalentHash(
        [...tree, { archiveName: 'go/lib/extra', sha256: sha('') }],
        'go1.22.5',
        'linux',
        'amd64',
      ),
    ).not.toBe(sum);
    const changed = tree.map((f) =>
      f.archiveName === 'go/VERSION' ? { ...f, sha256: sha('go1.22.6') } : f,
    );
    expect(moduleEquivalentHash(changed, 'go1.22.5', 'linux', 'amd64')).not.toBe(sum);
  });
});

/** Names and SHA-256 of the regular files of a .tar.gz, read without unpacking it. */
async function hashTarGz(file: string): Promise<TreeFileHash[]> {
  const out: TreeFileHash[] = [];
  const parser = new Parser({
    onReadEntry: (entry: ReadEntry) => {
      if (entry.type !== 'File') {
        entry.resume();
        return;
      }
      const hash = createHash('sha256');
      entry.on('data', (chunk: Buffer) => hash.update(chunk));
      entry.on('end', () => out.push({ archiveName: entry.path, sha256: hash.digest('hex') }));
    },
  });
  await pipeline(createReadStream(file, { highWaterMark: 1024 * 1024 }), parser);
  return out;
}
