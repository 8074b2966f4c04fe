import { describe, expect, it } from '@jest/globals';
import { InputError, VerificationError } from '../errors.js';
import { checksumFor } from './checksum-line.js';
import { assetName, checksumsName, type GolangciRelease } from './golangci-release.js';

const VERSION = 'v2.15.0';
const LINUX: GolangciRelease = { version: VERSION, os: 'linux', arch: 'amd64' };
const WINDOWS: GolangciRelease = { version: VERSION, os: 'windows', arch: 'amd64' };
const LINUX_ASSET = 'golangci-lint-2.15.0-linux-amd64.tar.gz';
const CHECKSUMS = 'golangci-lint-2.15.0-checksums.txt';

const H = (c: string) => c.repeat(64);

describe('assetName and checksumsName', () => {
  it.each([
    [LINUX, 'golangci-lint-2.15.0-linux-amd64.tar.gz'],
    [{ version: VERSION, os: 'darwin', arch: 'arm64' }, 'golangci-lint-2.15.0-darwin-arm64.tar.gz'],
    [WINDOWS, 'golangci-lint-2.15.0-windows-amd64.zip'],
    [{ version: VERSION, os: 'linux', arch: '386' }, 'golangci-lint-2.15.0-linux-386.tar.gz'],
    [{ version: VERSION, os: 'linux', arch: 'arm' }, 'golangci-lint-2.15.0-linux-armv6.tar.gz'],
    [{ version: VERSION, os: 'linux', arch: 'armv7' }, 'golangci-lint-2.15.0-linux-armv7.tar.gz'],
    [
      { version: 'v2.0.0-rc.1', os: 'freebsd', arch: 'amd64' },
      'golangci-lint-2.0.0-rc.1-freebsd-amd64.tar.gz',
    ],
  ])('%j → %s', (release, name) => {
    expect(assetName(release)).toBe(name);
  });

  it.each(['2.15.0', 'v2.15', 'latest', 'v2.15.0/../x', ' v2.15.0', ''])(
    'refuses version %j',
    (version) => {
      expect(() => assetName({ ...LINUX, version })).toThrow(InputError);
      expect(() => checksumsName(version)).toThrow(/not a release tag like v2\.15\.0/);
    },
  );

  it.each([
    { os: 'linux/../x', arch: 'amd64' },
    { os: 'Linux', arch: 'amd64' },
    { os: 'linux', arch: '' },
    { os: 'linux', arch: 'amd64.tar.gz' },
  ])('refuses platform %j', (platform) => {
    expect(() => assetName({ version: VERSION, ...platform })).toThrow(InputError);
  });

  it('names the checksums file after the plain version', () => {
    expect(checksumsName(VERSION)).toBe(CHECKSUMS);
  });
});

describe('checksumFor', () => {
  const name = LINUX_ASSET;

  it.each<[string, string, string]>([
    ['two-space sha256sum line', `${H('a')}  ${name}\n`, H('a')],
    ['binary-mode marker', `${H('a')} *${name}\n`, H('a')],
    ['uppercase hex is lowercased', `${H('A')}  ${name}\n`, H('a')],
    ['CRLF line ends', `${H('b')}  other.tar.gz\r\n${H('a')}  ${name}\r\n`, H('a')],
    ['no final newline', `${H('a')}  ${name}`, H('a')],
    [
      'longer names first do not match',
      [
        `${H('1')}  ${name}.sbom.json`,
        `${H('2')}  x-${name}`,
        `${H('3')}  golangci-lint-2.15.0-linux-amd64.deb`,
        `${H('a')}  ${name}`,
        `${H('4')}  golangci-lint-2.15.0-source.tar.gz`,
      ].join('\n'),
      H('a'),
    ],
    ['identical duplicate lines', `${H('a')}  ${name}\n${H('a')}  ${name}\n`, H('a')],
  ])('%s', (_case, text, want) => {
    expect(checksumFor(text, name)).toBe(want);
  });

  it.each<[string, string, RegExp]>([
    ['only an sbom line', `${H('1')}  ${name}.sbom.json\n`, /found no such line/],
    ['only as a substring', `${H('1')}  x-${name}\n${H('2')}  ${name}.sbom.json\n`, /no such line/],
    ['only as a prefix of the line name', `${H('1')}  ./${name}\n`, /no such line/],
    ['an empty file', '', /no such line/],
    ['a short hash', `${'a'.repeat(63)}  ${name}\n`, /found "a{63}" on line 1/],
    ['a non-hex hash', `${H('a')}  other\n${'z'.repeat(64)}  ${name}\n`, /on line 2/],
    [
      'conflicting duplicates',
      `${H('a')}  ${name}\n${H('b')}  ${name}\n`,
      /different hashes \(a{64} and b{64}, the second on line 2\)/,
    ],
  ])('refuses %s', (_case, text, message) => {
    let caught: unknown;
    try {
      checksumFor(text, name, 'https://example.test/checksums.txt');
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(VerificationError);
    expect((caught as Error).message).toMatch(message);
    expect((caught as Error).message).toContain(name);
    expect((caught as VerificationError).where).toBe('https://example.test/checksums.txt');
  });
});
