import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { InputError } from '../errors.js';
import type { Platform } from '../platform.js';
import { parseReleaseIndex, type Release } from './release-index.js';
import {
  availablePlatforms,
  closestVersions,
  findArchiveFile,
  matchLocalVersions,
  PlatformNotAvailableError,
  resolveRelease,
  VersionNotFoundError,
} from './resolve.js';
import { parseVersionSpec } from './spec.js';

function index(name: string): Release[] {
  return parseReleaseIndex(
    readFileSync(new URL(`../../testdata/${name}`, import.meta.url), 'utf8'),
  );
}
const ALL = index('go-dev-dl-include-all-2021-11-08.json');
const STABLE = index('go-dev-dl-stable-2021-11-08.json');

const LINUX_AMD64: Platform = { os: 'linux', arch: 'amd64' };

function resolve(input: string, platform = LINUX_AMD64, releases = ALL) {
  const { release, file } = resolveRelease(parseVersionSpec(input), releases, platform);
  return { version: release.version, filename: file.filename, file };
}

describe('resolveRelease against the real 2021-11-08 include=all index', () => {
  it.each([
    ['stable', 'go1.17.3'],
    ['latest', 'go1.17.3'],
    ['oldstable', 'go1.16.10'],
    ['1.16', 'go1.16.10'],
    ['go1.16', 'go1.16.10'],
    ['1.16.x', 'go1.16.10'],
    ['^1.15', 'go1.17.3'],
    ['~1.15.3', 'go1.15.15'],
    ['>=1.14 <1.16', 'go1.15.15'],
    ['1.13 - 1.14', 'go1.14.15'],
    ['1.17', 'go1.17.3'],
    ['1.17.0', 'go1.17'],
    ['1.17rc1', 'go1.17rc1'],
    ['1.17.0-rc.1', 'go1.17rc1'],
    ['go1.9.2rc2', 'go1.9.2rc2'],
    ['1.16beta1', 'go1.16beta1'],
    ['>=1.17rc1 <1.17.0', 'go1.17rc2'],
    ['1.12.17', 'go1.12.17'],
    ['1', 'go1.17.3'],
  ])('%s → %s', (input, version) => {
    const { version: got, filename } = resolve(input);
    expect(got).toBe(version);
    expect(filename).toBe(`${version}.linux-amd64.tar.gz`);
  });

  it('gives the same answers from the mode=json index', () => {
    expect(resolve('stable', LINUX_AMD64, STABLE).version).toBe('go1.17.3');
    expect(resolve('oldstable', LINUX_AMD64, STABLE).version).toBe('go1.16.10');
    expect(resolve('1.16', LINUX_AMD64, STABLE).version).toBe('go1.16.10');
  });

  it('never lets a range pick a prerelease', () => {
    // go1.17rc2 is newer than every 1.16.x but is not picked by ranges that do not name it.
    expect(resolve('>=1.16 <1.17.0').version).toBe('go1.16.10');
  });

  it('picks the archive for each platform', () => {
    expect(resolve('stable', { os: 'linux', arch: 'arm' }).filename).toBe(
      'go1.17.3.linux-armv6l.tar.gz',
    );
    expect(resolve('stable', { os: 'linux', arch: 'armv6l' }).filename).toBe(
      'go1.17.3.linux-armv6l.tar.gz',
    );
    expect(resolve('stable', { os: 'windows', arch: 'amd64' }).filename).toBe(
      'go1.17.3.windows-amd64.zip',
    );
    expect(resolve('stable', { os: 'windows', arch: 'arm64' }).filename).toBe(
      'go1.17.3.windows-arm64.zip',
    );
    expect(resolve('stable', { os: 'darwin', arch: 'arm64' }).filename).toBe(
      'go1.17.3.darwin-arm64.tar.gz',
    );
    expect(resolve('1.16', { os: 'linux', arch: 'ppc64le' }).filename).toBe(
      'go1.16.10.linux-ppc64le.tar.gz',
    );
    const { file } = resolve('stable', { os: 'windows', arch: 'amd64' });
    expect(file.kind).toBe('archive');
    expect(file.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('handles the oddities of old releases', () => {
    // Two darwin builds per arch in 2014: the one for the newer macOS wins.
    expect(resolve('1.4.2', { os: 'darwin', arch: 'amd64' }).filename).toBe(
      'go1.4.2.darwin-amd64-osx10.8.tar.gz',
    );
    // go1.6beta1 filed its ARM build as "arm6".
    expect(resolve('1.6beta1', { os: 'linux', arch: 'arm' }).filename).toBe(
      'go1.6beta1.linux-arm6.tar.gz',
    );
    const old = resolve('1.2.2', { os: 'linux', arch: '386' });
    expect(old.filename).toBe('go1.2.2.linux-386.tar.gz');
    expect(old.file.sha256).toBeUndefined();
  });

  it('lets a range fall back to the newest release that has the platform', () => {
    // windows/arm64 archives start with go1.17.
    expect(resolve('^1.16', { os: 'windows', arch: 'arm64' }).version).toBe('go1.17.3');
    // darwin/arm64 archives start with go1.16: ranges up to 1.16 find it, older ones do not.
    expect(resolve('>=1.15 <1.17.0', { os: 'darwin', arch: 'arm64' }).version).toBe('go1.16.10');
  });

  it('names the closest versions when nothing matches', () => {
    const cases: [string, string[]][] = [
      ['1.22', ['1.17.3', '1.17.2', '1.17.1']],
      ['1.16.99', ['1.16.10', '1.17.0', '1.16.9']],
      ['1.17.4', ['1.17.3', '1.17.2', '1.17.1']],
      ['1.15.0', ['1.15.0']],
      ['1.17rc3', ['1.17.0', '1.17.0-rc.2', '1.17.1']],
      ['>=1.18', ['1.17.3', '1.17.2', '1.17.1']],
    ];
    for (const [input, closest] of cases) {
      if (input === '1.15.0') {
        expect(resolve(input).version).toBe('go1.15');
        continue;
      }
      let error: unknown;
      try {
        resolve(input);
      } catch (err) {
        error = err;
      }
      expect(error).toBeInstanceOf(VersionNotFoundError);
      expect(error).toBeInstanceOf(InputError);
      expect((error as VersionNotFoundError).closest).toEqual(closest);
      expect((error as Error).message).toBe(
        `no Go release matches ${input}; closest: ${closest.join(', ')}`,
      );
    }
  });

  it('says which platforms a release exists for', () => {
    let error: unknown;
    try {
      resolve('1.17.3', { os: 'linux', arch: 'mips64le' });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(PlatformNotAvailableError);
    expect((error as PlatformNotAvailableError).available).toEqual([
      'darwin/amd64',
      'darwin/arm64',
      'freebsd/386',
      'freebsd/amd64',
      'linux/386',
      'linux/amd64',
      'linux/arm',
      'linux/arm64',
      'linux/ppc64le',
      'linux/s390x',
      'windows/386',
      'windows/amd64',
      'windows/arm64',
    ]);
    expect((error as Error).message).toBe(
      'Go go1.17.3 has no archive for linux/mips64le; it is available for darwin/amd64, ' +
        'darwin/arm64, freebsd/386, freebsd/amd64, linux/386, linux/amd64, linux/arm, ' +
        'linux/arm64, linux/ppc64le, linux/s390x, windows/386, windows/amd64, windows/arm64',
    );
    expect(() => resolve('1.15', { os: 'windows', arch: 'arm64' })).toThrow(
      /^no Go release matching 1\.15 has an archive for windows\/arm64; the newest, go1\.15\.15, is available for darwin\/amd64, /,
    );
    // The release "go1" only lists the bootstrap sources.
    expect(() => resolve('1.0.0')).toThrow(
      'Go go1 has no archive for linux/amd64; it has no binary archive for any platform',
    );
  });

  it('reports an index without stable releases for aliases', () => {
    const prereleases = ALL.filter((r) => !r.stable);
    expect(() => resolveRelease(parseVersionSpec('stable'), prereleases, LINUX_AMD64)).toThrow(
      VersionNotFoundError,
    );
    const oneMinor = ALL.filter((r) => r.semver.startsWith('1.17.'));
    expect(() => resolveRelease(parseVersionSpec('oldstable'), oneMinor, LINUX_AMD64)).toThrow(
      /no stable Go release older than the newest minor/,
    );
    expect(() => resolveRelease(parseVersionSpec('1.17'), [], LINUX_AMD64)).toThrow(
      'no Go release matches 1.17',
    );
  });

  it('does not depend on the order of the input', () => {
    const shuffled = [...ALL].reverse();
    expect(resolveRelease(parseVersionSpec('1.16'), shuffled, LINUX_AMD64).release.version).toBe(
      'go1.16.10',
    );
    expect(
      resolveRelease(parseVersionSpec('oldstable'), shuffled, LINUX_AMD64).release.version,
    ).toBe('go1.16.10');
  });
});

describe('findArchiveFile / availablePlatforms', () => {
  it('skips installers, sources and bootstrap files', () => {
    const go1 = ALL.find((r) => r.version === 'go1');
    expect(go1 && availablePlatforms(go1)).toEqual([]);
    const r = ALL.find((x) => x.version === 'go1.17.3');
    expect(r && findArchiveFile(r, { os: 'darwin', arch: 'amd64' })?.filename).toBe(
      'go1.17.3.darwin-amd64.tar.gz',
    );
    expect(r && findArchiveFile(r, { os: 'plan9', arch: 'amd64' })).toBeUndefined();
  });
});

describe('closestVersions', () => {
  const available = ['1.21.0', '1.22.4', '1.22.5', '1.23.0'];
  it('prefers neighbours, same minor line first on ties', () => {
    expect(closestVersions('1.22.99', available)).toEqual(['1.22.5', '1.23.0', '1.22.4']);
    expect(closestVersions('1.22.4', available)).toEqual(['1.22.4', '1.22.5', '1.21.0']);
    expect(closestVersions('1.0.0', available, 2)).toEqual(['1.21.0', '1.22.4']);
    expect(closestVersions('9.0.0', available, 1)).toEqual(['1.23.0']);
  });

  it('ignores invalid entries and duplicates, and copes with a bad target', () => {
    expect(closestVersions('1.22.99', ['x', '1.22.5', '1.22.5', 'go1.22.4'], 5)).toEqual([
      '1.22.5',
    ]);
    expect(closestVersions('nope', available, 2)).toEqual(['1.23.0', '1.22.5']);
    expect(closestVersions('1.22.0', [])).toEqual([]);
  });
});

describe('matchLocalVersions', () => {
  const installed = ['1.21.13', '1.22.4', '1.22.5', '1.23.0-rc.1', 'garbage', 'go1.22.6'];
  it.each([
    ['1.22', '1.22.5'],
    ['^1.21', '1.22.5'],
    ['1.22.4', '1.22.4'],
    ['1.21', '1.21.13'],
    ['1.23rc1', '1.23.0-rc.1'],
    ['>=1.23rc1', '1.23.0-rc.1'],
    ['1.23', undefined],
    ['1.20', undefined],
    ['stable', undefined],
    ['oldstable', undefined],
  ])('%s → %s', (input, expected) => {
    expect(matchLocalVersions(parseVersionSpec(input), installed)).toBe(expected);
  });
});
