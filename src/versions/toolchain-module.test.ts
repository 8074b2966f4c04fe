import { describe, expect, it } from '@jest/globals';
import { InputError } from '../errors.js';
import { hashGoMod } from '../verify/sumdb/dirhash.js';
import {
  gorootMemberName,
  isModuleExecutable,
  moduleMemberName,
  moduleZipMapping,
  parseToolchainModuleVersion,
  TOOLCHAIN_GO_MOD_H1,
  TOOLCHAIN_MODULE,
  toolchainModuleVersion,
  toolchainZipRoot,
} from './toolchain-module.js';

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
