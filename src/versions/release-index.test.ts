import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import semver from 'semver';
import { parseReleaseIndex, ReleaseIndexError } from './release-index.js';

function testdata(name: string): string {
  return readFileSync(new URL(`../../testdata/${name}`, import.meta.url), 'utf8');
}
const ALL = testdata('go-dev-dl-include-all-2021-11-08.json');
const STABLE = testdata('go-dev-dl-stable-2021-11-08.json');

const SHA = 'a'.repeat(64);
function file(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    filename: 'go1.22.5.linux-amd64.tar.gz',
    os: 'linux',
    arch: 'amd64',
    version: 'go1.22.5',
    sha256: SHA,
    size: 100,
    kind: 'archive',
    ...overrides,
  };
}

describe('parseReleaseIndex on the real go.dev indexes', () => {
  it('parses every release and file of include=all, old oddities included', () => {
    const releases = parseReleaseIndex(JSON.parse(ALL));
    expect(releases).toHaveLength(202);
    expect(releases.reduce((n, r) => n + r.files.length, 0)).toBe(2971);
    expect(releases.filter((r) => r.stable)).toHaveLength(146);
    const files = releases.flatMap((r) => r.files);
    expect(files.filter((f) => f.sha256 === undefined)).toHaveLength(307);
    expect(files.filter((f) => f.kind === 'source')).toHaveLength(201);
    expect(files.filter((f) => f.arch === 'armv6l')).toHaveLength(177);
    expect(files.filter((f) => f.arch === 'bootstrap')).toHaveLength(2);
    expect(files.filter((f) => f.arch === 'arm6')).toHaveLength(1);
    expect(files.some((f) => f.filename === 'go1.4.2.darwin-amd64-osx10.8.tar.gz')).toBe(true);
  });

  it('sorts newest first by semver and converts tags', () => {
    const releases = parseReleaseIndex(JSON.parse(ALL));
    const versions = releases.map((r) => r.semver);
    expect([...versions].sort(semver.rcompare)).toEqual(versions);
    expect(releases[0]?.version).toBe('go1.17.3');
    expect(releases[1]?.version).toBe('go1.17.2');
    expect(releases.at(-1)?.version).toBe('go1');
    expect(releases.at(-1)?.semver).toBe('1.0.0');
    const rc = releases.find((r) => r.version === 'go1.9.2rc2');
    expect(rc).toMatchObject({ semver: '1.9.2-rc.2', stable: false });
  });

  it('keeps file fields as the index has them', () => {
    const [newest] = parseReleaseIndex(STABLE);
    expect(newest?.files.find((f) => f.filename === 'go1.17.3.src.tar.gz')).toEqual({
      filename: 'go1.17.3.src.tar.gz',
      os: '',
      arch: '',
      version: 'go1.17.3',
      sha256: '705c64251e5b25d5d55ede1039c6aa22bea40a7a931d14c370339853643c3df0',
      size: 22183309,
      kind: 'source',
    });
    const old = parseReleaseIndex(ALL).find((r) => r.version === 'go1.2.2');
    const src = old?.files.find((f) => f.kind === 'source');
    expect(src).toBeDefined();
    expect(src && 'sha256' in src).toBe(false);
  });

  it('parses the mode=json index, given as text', () => {
    const releases = parseReleaseIndex(STABLE, 'https://go.dev/dl/?mode=json');
    expect(releases.map((r) => r.version)).toEqual(['go1.17.3', 'go1.16.10']);
    expect(releases.map((r) => r.files.length)).toEqual([19, 17]);
  });
});

describe('parseReleaseIndex on hostile or broken entries', () => {
  it('skips files that cannot be used', () => {
    const files = [
      file(),
      file({ filename: '../go1.22.5.linux-amd64.tar.gz' }),
      file({ filename: 'dir/go1.22.5.linux-amd64.tar.gz' }),
      file({ filename: 'dir\\go.tar.gz' }),
      file({ filename: 'go1.22.5..tar.gz' }),
      file({ filename: '.hidden' }),
      file({ filename: '' }),
      file({ filename: 42 }),
      file({ filename: 'go1.22.5\n.tar.gz' }),
      file({ sha256: 'A'.repeat(64) }),
      file({ sha256: 'a'.repeat(63) }),
      file({ sha256: 'g'.repeat(64) }),
      file({ sha256: 7 }),
      file({ size: -1 }),
      file({ size: '100' }),
      file({ size: 1.5 }),
      file({ kind: 'binary' }),
      file({ kind: undefined }),
      file({ version: 'go1.22.4' }),
      null,
      'go1.22.5.linux-amd64.tar.gz',
      [],
    ];
    const [release] = parseReleaseIndex([{ version: 'go1.22.5', stable: true, files }]);
    expect(release?.files).toHaveLength(1);
  });

  it('fills missing fields with safe defaults', () => {
    const [release] = parseReleaseIndex([
      {
        version: 'go1.22.5',
        files: [{ filename: 'go1.22.5.linux-amd64.tar.gz', kind: 'archive', sha256: '' }],
      },
      { version: 'go1.23rc1' },
    ]);
    expect(release).toEqual({
      version: 'go1.23rc1',
      semver: '1.23.0-rc.1',
      stable: false,
      files: [],
    });
    const all = parseReleaseIndex([
      {
        version: 'go1.22.5',
        files: [{ filename: 'go1.22.5.linux-amd64.tar.gz', kind: 'archive' }],
      },
    ]);
    expect(all[0]).toEqual({
      version: 'go1.22.5',
      semver: '1.22.5',
      stable: true,
      files: [
        {
          filename: 'go1.22.5.linux-amd64.tar.gz',
          os: '',
          arch: '',
          version: 'go1.22.5',
          size: 0,
          kind: 'archive',
        },
      ],
    });
  });

  it('skips releases with unusable versions and keeps the first of duplicates', () => {
    const releases = parseReleaseIndex([
      { version: 'weekly.2011-01-01', files: [] },
      { version: 'go1.22.5; rm', files: [] },
      { version: 1.22, files: [] },
      null,
      { version: 'go1.22.5', stable: true, files: [file()] },
      { version: 'go1.22.5', stable: false, files: [] },
    ]);
    expect(releases).toHaveLength(1);
    expect(releases[0]?.files).toHaveLength(1);
  });

  it('accepts an empty index', () => {
    expect(parseReleaseIndex([])).toEqual([]);
  });

  it.each([
    ['HTML text', '<!DOCTYPE html><html><body>Go</body></html>', /is HTML, not JSON/],
    ['non-JSON text', 'go1.22.5', /is not valid JSON/],
    ['an object', { releases: [] }, /not a list of releases \(found object\)/],
    ['null', null, /found null/],
    ['a number', 5, /found number/],
    ['JSON text of an object', '{"version":"go1.22.5"}', /not a list of releases/],
    ['a list without any release', [1, 'a', { name: 'x' }], /lists no Go release/],
  ])('throws ReleaseIndexError for %s', (_what, doc, message) => {
    expect(() => parseReleaseIndex(doc, 'https://mirror.example/dl/?mode=json')).toThrow(
      ReleaseIndexError,
    );
    expect(() => parseReleaseIndex(doc, 'https://mirror.example/dl/?mode=json')).toThrow(message);
  });

  it('names the source in the error', () => {
    expect(() => parseReleaseIndex('<html>', 'https://mirror.example/dl')).toThrow(
      'the release index from https://mirror.example/dl is HTML',
    );
  });
});
