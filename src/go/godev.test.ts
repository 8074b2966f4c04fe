import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { InputError } from '../errors.js';
import { parseReleaseIndex, type Release, type ReleaseFile } from '../versions/index.js';
import {
  archiveSourceFor,
  GO_DEV_DOWNLOAD_BASE,
  GO_DEV_INDEX_URL,
  releaseSource,
} from './godev.js';

const OFFICIAL: Release[] = parseReleaseIndex(
  readFileSync(
    new URL('../../testdata/go-dev-dl-include-all-2021-11-08.json', import.meta.url),
    'utf8',
  ),
  GO_DEV_INDEX_URL,
);

/** The real go1.17.3 entries of go.dev's index. */
function officialFile(filename: string): ReleaseFile {
  const f = OFFICIAL.flatMap((r) => r.files).find((x) => x.filename === filename);
  if (!f) throw new Error(`${filename} is not in the test index`);
  return f;
}
const LINUX_TGZ = officialFile('go1.17.3.linux-amd64.tar.gz');
const WINDOWS_ZIP = officialFile('go1.17.3.windows-amd64.zip');
/** What a mirror's index might claim: the same names with its own hashes. */
const MIRROR_SHA = 'f'.repeat(64);

const MIRROR = releaseSource('https://mirror.example/golang/');

/** An `official` callback that counts its calls. */
function official(result: () => Promise<Release[]>) {
  const calls = { n: 0 };
  const fn = () => {
    calls.n++;
    return result();
  };
  return { fn, calls };
}

describe('releaseSource', () => {
  it('is go.dev when no mirror is given', () => {
    const go = { kind: 'go.dev', indexUrl: GO_DEV_INDEX_URL, downloadBase: GO_DEV_DOWNLOAD_BASE };
    expect(releaseSource(undefined)).toEqual(go);
    expect(releaseSource('')).toEqual(go);
    expect(GO_DEV_INDEX_URL).toBe('https://go.dev/dl/?mode=json&include=all');
    expect(GO_DEV_DOWNLOAD_BASE).toBe('https://dl.google.com/go');
  });

  it('serves index and files from the mirror, trailing slashes stripped', () => {
    expect(MIRROR).toEqual({
      kind: 'mirror',
      indexUrl: 'https://mirror.example/golang/?mode=json&include=all',
      downloadBase: 'https://mirror.example/golang',
      staticIndexUrl: 'https://mirror.example/golang/index.json',
    });
  });
});

describe('archiveSourceFor from go.dev', () => {
  const GO_DEV = releaseSource(undefined);

  it('gives a .tar.gz its index SHA-256 and its signature URL', async () => {
    const never = official(() => Promise.reject(new Error('not needed')));
    expect(await archiveSourceFor(LINUX_TGZ, GO_DEV, never.fn)).toEqual({
      name: 'go1.17.3.linux-amd64.tar.gz',
      url: 'https://dl.google.com/go/go1.17.3.linux-amd64.tar.gz',
      sha256: '550f9845451c0c94be679faf116291e7807a8d78b43149f9506c1b15eb89008c',
      sha256Source: GO_DEV_INDEX_URL,
      signatureUrl: 'https://dl.google.com/go/go1.17.3.linux-amd64.tar.gz.asc',
    });
    expect(never.calls.n).toBe(0);
  });

  it('gives a .zip its index SHA-256 and no signature, without a second index read', async () => {
    const never = official(() => Promise.reject(new Error('not needed')));
    const src = await archiveSourceFor(WINDOWS_ZIP, GO_DEV, never.fn);
    expect(src).toEqual({
      name: 'go1.17.3.windows-amd64.zip',
      url: 'https://dl.google.com/go/go1.17.3.windows-amd64.zip',
      sha256: 'e78684b955742e215926204afc6ed62b9d165b509e25a687d62902516f08726b',
      sha256Source: GO_DEV_INDEX_URL,
    });
    expect(never.calls.n).toBe(0);
  });

  it('refuses a file the index gives no SHA-256 for', async () => {
    const old = officialFile('go1.5.2.linux-386.tar.gz');
    expect(old.sha256).toBeUndefined();
    const p = archiveSourceFor(old, GO_DEV, () => Promise.resolve(OFFICIAL));
    await expect(p).rejects.toBeInstanceOf(InputError);
    await expect(p).rejects.toThrow(
      `the release index at ${GO_DEV_INDEX_URL} gives no SHA-256 for go1.5.2.linux-386.tar.gz`,
    );
  });
});

describe('archiveSourceFor from a mirror', () => {
  it('trusts the mirror’s SHA-256 for a .tar.gz, because the signature is checked', async () => {
    const never = official(() => Promise.reject(new Error('not needed')));
    const src = await archiveSourceFor({ ...LINUX_TGZ, sha256: MIRROR_SHA }, MIRROR, never.fn);
    expect(src).toEqual({
      name: 'go1.17.3.linux-amd64.tar.gz',
      url: 'https://mirror.example/golang/go1.17.3.linux-amd64.tar.gz',
      sha256: MIRROR_SHA,
      sha256Source: 'https://mirror.example/golang/?mode=json&include=all',
      signatureUrl: 'https://mirror.example/golang/go1.17.3.linux-amd64.tar.gz.asc',
    });
    expect(never.calls.n).toBe(0);
  });

  it('takes a .zip’s SHA-256 from go.dev’s index, not the mirror’s', async () => {
    const index = official(() => Promise.resolve(OFFICIAL));
    const src = await archiveSourceFor({ ...WINDOWS_ZIP, sha256: MIRROR_SHA }, MIRROR, index.fn);
    expect(src).toEqual({
      name: 'go1.17.3.windows-amd64.zip',
      url: 'https://mirror.example/golang/go1.17.3.windows-amd64.zip',
      sha256: 'e78684b955742e215926204afc6ed62b9d165b509e25a687d62902516f08726b',
      sha256Source: GO_DEV_INDEX_URL,
    });
    expect(index.calls.n).toBe(1);
  });

  it('takes the official SHA-256 even when the mirror’s index gives none', async () => {
    const { sha256: _dropped, ...noSha } = WINDOWS_ZIP;
    const src = await archiveSourceFor(noSha, MIRROR, () => Promise.resolve(OFFICIAL));
    expect(src.sha256).toBe(WINDOWS_ZIP.sha256);
  });

  it('fails clearly when go.dev’s index cannot be read', async () => {
    const p = archiveSourceFor(WINDOWS_ZIP, MIRROR, () =>
      Promise.reject(new Error('getaddrinfo ENOTFOUND go.dev')),
    );
    await expect(p).rejects.toBeInstanceOf(InputError);
    await expect(p).rejects.toThrow(/go1\.17\.3\.windows-amd64\.zip comes from a mirror/);
    await expect(p).rejects.toThrow(/could not be read: getaddrinfo ENOTFOUND go\.dev$/);
  });

  it('refuses a .zip go.dev does not list', async () => {
    const unknown = { ...WINDOWS_ZIP, filename: 'go1.99.0.windows-amd64.zip', version: 'go1.99.0' };
    const p = archiveSourceFor(unknown, MIRROR, () => Promise.resolve(OFFICIAL));
    await expect(p).rejects.toBeInstanceOf(InputError);
    await expect(p).rejects.toThrow(
      "go.dev's index has no SHA-256 for go1.99.0.windows-amd64.zip; refusing the mirror's copy",
    );
  });

  it('refuses a .zip go.dev lists without a SHA-256', async () => {
    const old = officialFile('go1.5.2.windows-amd64.zip');
    expect(old.sha256).toBeUndefined();
    const p = archiveSourceFor({ ...old, sha256: MIRROR_SHA }, MIRROR, () =>
      Promise.resolve(OFFICIAL),
    );
    await expect(p).rejects.toThrow(
      /go\.dev's index has no SHA-256 for go1\.5\.2\.windows-amd64\.zip/,
    );
  });

  it('refuses a .tar.gz the mirror gives no SHA-256 for', async () => {
    const { sha256: _dropped, ...noSha } = LINUX_TGZ;
    await expect(archiveSourceFor(noSha, MIRROR, () => Promise.resolve(OFFICIAL))).rejects.toThrow(
      `the release index at ${MIRROR.indexUrl} gives no SHA-256 for go1.17.3.linux-amd64.tar.gz`,
    );
  });
});
