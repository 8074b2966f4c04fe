import { describe, expect, it } from '@jest/globals';
import { InputError } from './errors.js';
import {
  archiveExtension,
  formatPlatform,
  goArchFromIndex,
  goPlatformOf,
  hostPlatform,
  indexArchName,
  parseArchitecture,
  runnerPlatform,
} from './platform.js';

describe('goPlatformOf', () => {
  it.each([
    ['win32', 'x64', 'windows', 'amd64'],
    ['darwin', 'arm64', 'darwin', 'arm64'],
    ['linux', 'ia32', 'linux', '386'],
    ['linux', 'arm', 'linux', 'arm'],
    ['linux', 's390x', 'linux', 's390x'],
    ['linux', 'loong64', 'linux', 'loong64'],
    ['linux', 'riscv64', 'linux', 'riscv64'],
    ['freebsd', 'x64', 'freebsd', 'amd64'],
    ['sunos', 'x64', 'solaris', 'amd64'],
    ['linux', 'mipsel', 'linux', 'mipsle'],
  ])('%s/%s → %s/%s', (nodeOs, nodeArch, os, arch) => {
    expect(goPlatformOf(nodeOs, nodeArch)).toEqual({ os, arch });
  });

  it('tells ppc64 byte orders apart', () => {
    expect(goPlatformOf('linux', 'ppc64', true)).toEqual({ os: 'linux', arch: 'ppc64le' });
    expect(goPlatformOf('aix', 'ppc64', false)).toEqual({ os: 'aix', arch: 'ppc64' });
  });

  it('passes unknown names through', () => {
    expect(goPlatformOf('plan9', 'wasm32')).toEqual({ os: 'plan9', arch: 'wasm32' });
  });

  it('hostPlatform maps this process', () => {
    const host = hostPlatform();
    expect(host).toEqual(goPlatformOf(process.platform, process.arch));
    expect(host.os).not.toBe('win32');
    expect(host.arch).not.toBe('x64');
  });
});

describe('parseArchitecture', () => {
  it.each([
    ['x64', 'amd64'],
    ['X64', 'amd64'],
    ['amd64', 'amd64'],
    ['arm64', 'arm64'],
    ['ARM64', 'arm64'],
    ['aarch64', 'arm64'],
    ['x86', '386'],
    ['X86', '386'],
    ['386', '386'],
    ['arm', 'arm'],
    ['ARM', 'arm'],
    ['armv6l', 'arm'],
    ['ppc64le', 'ppc64le'],
    ['s390x', 's390x'],
    ['riscv64', 'riscv64'],
    ['loong64', 'loong64'],
    [' x64 ', 'amd64'],
  ])('%j → %s', (input, arch) => {
    expect(parseArchitecture(input)).toBe(arch);
  });

  it.each(['', 'sparc', 'x64; rm -rf /', 'toString', '__proto__', 'constructor'])(
    'rejects %j naming the accepted values',
    (input) => {
      expect(() => parseArchitecture(input)).toThrow(InputError);
      expect(() => parseArchitecture(input)).toThrow(/x64, x86, arm64, arm.*amd64, 386/);
    },
  );
});

describe('runnerPlatform', () => {
  it.each([
    ['Linux', 'X64', 'linux', 'amd64'],
    ['macOS', 'ARM64', 'darwin', 'arm64'],
    ['Windows', 'X86', 'windows', '386'],
    ['Linux', 'ARM', 'linux', 'arm'],
  ])('%s %s → %s/%s', (RUNNER_OS, RUNNER_ARCH, os, arch) => {
    expect(runnerPlatform({ RUNNER_OS, RUNNER_ARCH })).toEqual({ os, arch });
  });

  it('falls back to the host for missing or unknown values', () => {
    const host = hostPlatform();
    expect(runnerPlatform({})).toEqual(host);
    expect(runnerPlatform({ RUNNER_OS: 'Windows' })).toEqual({ os: 'windows', arch: host.arch });
    expect(runnerPlatform({ RUNNER_ARCH: 'ARM64', RUNNER_OS: 'Plan9' })).toEqual({
      os: host.os,
      arch: 'arm64',
    });
  });
});

describe('index names', () => {
  it('maps arm to armv6l and back', () => {
    expect(indexArchName('arm')).toBe('armv6l');
    expect(indexArchName('amd64')).toBe('amd64');
    expect(goArchFromIndex('armv6l')).toBe('arm');
    expect(goArchFromIndex('arm6')).toBe('arm');
    expect(goArchFromIndex('arm64')).toBe('arm64');
  });

  it('uses zip on windows only', () => {
    expect(archiveExtension('windows')).toBe('zip');
    expect(archiveExtension('linux')).toBe('tar.gz');
    expect(archiveExtension('darwin')).toBe('tar.gz');
  });

  it('formats like Go', () => {
    expect(formatPlatform({ os: 'linux', arch: 'arm64' })).toBe('linux/arm64');
  });
});
