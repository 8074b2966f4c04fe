import { describe, expect, it } from '@jest/globals';
import type { Platform } from '../platform.js';
import { parseToolchainList, proxyModuleVersion } from './proxy-list.js';
import { findArchiveFile, PlatformNotAvailableError, resolveRelease } from './resolve.js';
import { parseVersionSpec } from './spec.js';

// Lines as proxy.golang.org lists them (unordered), plus lines no proxy should send.
const LIST = `v0.0.1-go1.22.5.linux-amd64
v0.0.1-go1.22.5.windows-amd64
v0.0.1-go1.22.5.darwin-arm64
v0.0.1-go1.22.5.linux-arm
v0.0.1-go1.22.5.linux-386
v0.0.1-go1.23rc1.windows-arm64
v0.0.1-go1.23rc1.linux-amd64
v0.0.1-go1.22.12.linux-amd64
v0.0.1-go1.21.13.linux-amd64
v0.0.1-go1.21.0.linux-amd64
v0.0.1-go1.21rc2.linux-amd64
v0.0.1-go1.20.14.linux-arm64
v0.0.1-go1.20.linux-amd64
v0.0.1-go1.18beta1.linux-amd64
v0.0.1-go1.9rc2.windows-amd64
v0.0.1-go1.22.5.linux-amd64
  v0.0.1-go1.22.12.windows-amd64\r

v0.0.1-go1.22.5
v0.0.1-go1.22.5.linux
v0.0.1-go1.22.5.Linux-amd64
v0.0.2-go1.30.0.linux-amd64
v0.0.1-go1.99.linux-amd64.zip
v0.0.1-1.30.0.linux-amd64
<html>
`;

const LINUX_AMD64: Platform = { os: 'linux', arch: 'amd64' };
const RELEASES = parseToolchainList(LIST);

function resolve(spec: string, platform: Platform = LINUX_AMD64) {
  const { release, file } = resolveRelease(parseVersionSpec(spec), RELEASES, platform);
  return { version: release.version, filename: file.filename, module: proxyModuleVersion(file) };
}

describe('parseToolchainList', () => {
  it('gives releases newest first, one per version, skipping malformed lines', () => {
    expect(RELEASES.map((r) => r.version)).toEqual([
      'go1.23rc1',
      'go1.22.12',
      'go1.22.5',
      'go1.21.13',
      'go1.21.0',
      'go1.21rc2',
      'go1.20.14',
      'go1.20',
      'go1.18beta1',
      'go1.9rc2',
    ]);
    expect(RELEASES.map((r) => r.semver).slice(0, 3)).toEqual(['1.23.0-rc.1', '1.22.12', '1.22.5']);
    expect(RELEASES.filter((r) => !r.stable).map((r) => r.version)).toEqual([
      'go1.23rc1',
      'go1.21rc2',
      'go1.18beta1',
      'go1.9rc2',
    ]);
  });

  it('makes one archive pseudo-file per platform, named like the go.dev archive', () => {
    const r = RELEASES.find((x) => x.version === 'go1.22.5')!;
    expect(r.files).toEqual([
      {
        filename: 'go1.22.5.darwin-arm64.tar.gz',
        os: 'darwin',
        arch: 'arm64',
        version: 'go1.22.5',
        size: 0,
        kind: 'archive',
      },
      expect.objectContaining({ filename: 'go1.22.5.linux-386.tar.gz', arch: '386' }),
      expect.objectContaining({ filename: 'go1.22.5.linux-amd64.tar.gz' }),
      // GOARCH arm is armv6l in the index's naming.
      expect.objectContaining({ filename: 'go1.22.5.linux-armv6l.tar.gz', arch: 'armv6l' }),
      expect.objectContaining({ filename: 'go1.22.5.windows-amd64.zip', os: 'windows' }),
    ]);
    expect(r.files.every((f) => f.sha256 === undefined)).toBe(true);
    // The duplicate line counts once; CR and blanks are trimmed.
    expect(RELEASES.find((x) => x.version === 'go1.22.12')!.files.map((f) => f.filename)).toEqual([
      'go1.22.12.linux-amd64.tar.gz',
      'go1.22.12.windows-amd64.zip',
    ]);
  });

  it('accepts lines already split, and an empty list', () => {
    expect(parseToolchainList(LIST.split('\n'))).toEqual(RELEASES);
    expect(parseToolchainList('')).toEqual([]);
    expect(parseToolchainList(['<html>', 'not found'])).toEqual([]);
  });

  it('keeps the first spelling when two tags name one version', () => {
    const r = parseToolchainList([
      'v0.0.1-go1.21.0.linux-amd64',
      'v0.0.1-go1.21.linux-arm64',
      'v0.0.1-go1.21.0.darwin-arm64',
    ]);
    expect(r).toHaveLength(1);
    expect(r[0]!.files.map((f) => f.filename)).toEqual([
      'go1.21.0.darwin-arm64.tar.gz',
      'go1.21.0.linux-amd64.tar.gz',
    ]);
  });
});

describe('resolveRelease over a proxy list', () => {
  it.each([
    ['stable', 'go1.22.12'],
    ['oldstable', 'go1.21.13'],
    ['1.22', 'go1.22.12'],
    ['1.22.5', 'go1.22.5'],
    ['go1.22.5', 'go1.22.5'],
    ['^1.21', 'go1.22.12'],
    ['~1.21.0', 'go1.21.13'],
    ['1.21.0', 'go1.21.0'],
    ['1.23.0-rc.1', 'go1.23rc1'],
    ['go1.23rc1', 'go1.23rc1'],
    ['1.23rc1', 'go1.23rc1'],
    ['1.21.0-rc.2', 'go1.21rc2'],
    ['1.18.0-beta.1', 'go1.18beta1'],
    ['1.20', 'go1.20'],
  ])('%s → %s', (spec, version) => {
    expect(resolve(spec).version).toBe(version);
  });

  it('picks the module version for every OS, including Windows and arm', () => {
    expect(resolve('1.22.5')).toEqual({
      version: 'go1.22.5',
      filename: 'go1.22.5.linux-amd64.tar.gz',
      module: 'v0.0.1-go1.22.5.linux-amd64',
    });
    expect(resolve('1.22.5', { os: 'windows', arch: 'amd64' }).module).toBe(
      'v0.0.1-go1.22.5.windows-amd64',
    );
    expect(resolve('1.22.5', { os: 'darwin', arch: 'arm64' }).module).toBe(
      'v0.0.1-go1.22.5.darwin-arm64',
    );
    expect(resolve('1.22.5', { os: 'linux', arch: 'arm' }).module).toBe(
      'v0.0.1-go1.22.5.linux-arm',
    );
    expect(resolve('1.23.0-rc.1', { os: 'windows', arch: 'arm64' }).module).toBe(
      'v0.0.1-go1.23rc1.windows-arm64',
    );
    expect(resolve('1.9.0-rc.2', { os: 'windows', arch: 'amd64' }).module).toBe(
      'v0.0.1-go1.9rc2.windows-amd64',
    );
    // A range falls back to the newest release that has the platform.
    expect(resolve('^1.20', { os: 'linux', arch: 'arm64' }).version).toBe('go1.20.14');
    const r = RELEASES.find((x) => x.version === 'go1.22.5')!;
    expect(findArchiveFile(r, { os: 'linux', arch: 'armv6l' })?.arch).toBe('armv6l');
  });

  it('names the platforms a release has when the one asked for is missing', () => {
    expect(() => resolve('1.22.12', { os: 'darwin', arch: 'amd64' })).toThrow(
      PlatformNotAvailableError,
    );
    expect(() => resolve('1.22.12', { os: 'darwin', arch: 'amd64' })).toThrow(
      /go1\.22\.12 has no archive for darwin\/amd64; it is available for linux\/amd64, windows\/amd64/,
    );
  });
});
