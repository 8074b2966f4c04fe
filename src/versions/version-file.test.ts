import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { InputError } from '../errors.js';
import { parseVersionFile, readVersionFile } from './version-file.js';

describe('parseVersionFile: go.mod and go.work', () => {
  it.each([
    ['go line x.y', 'module example.com/m\n\ngo 1.21\n', '1.21'],
    ['go line x.y.z', 'module example.com/m\n\ngo 1.21.3\n', '1.21.3'],
    ['go line rc', 'module example.com/m\ngo 1.23rc1\n', '1.23rc1'],
    ['toolchain wins', 'module m\n\ngo 1.21\n\ntoolchain go1.22.5\n', '1.22.5'],
    ['toolchain before go', 'module m\ntoolchain go1.22.5\ngo 1.21\n', '1.22.5'],
    ['toolchain rc', 'module m\ngo 1.22\ntoolchain go1.23rc1\n', '1.23rc1'],
    ['toolchain with a custom suffix', 'module m\ngo 1.21\ntoolchain go1.21.3-corp\n', '1.21.3'],
    ['toolchain default', 'module m\ngo 1.21.3\ntoolchain default\n', '1.21.3'],
    ['toolchain older than go', 'module m\ngo 1.22.1\ntoolchain go1.21.0\n', '1.22.1'],
    ['toolchain equal to go x.y', 'module m\ngo 1.21\ntoolchain go1.21.0\n', '1.21.0'],
    ['comments', '// go 1.10\nmodule m // go 1.11\ngo 1.21 // go 1.12\n', '1.21'],
    ['comment after toolchain', 'module m\ngo 1.21\ntoolchain go1.22.5 // pinned\n', '1.22.5'],
    ['CRLF and BOM', '\uFEFFmodule m\r\n\r\ngo 1.20\r\n', '1.20'],
    ['leading whitespace', 'module m\n  go   1.19\n', '1.19'],
    [
      'blocks are skipped',
      'module m\n\ngo 1.21\n\nrequire (\n\tgo 1.99\n\texample.com/x v1.0.0\n)\n\nrequire example.com/y v1.2.3\n',
      '1.21',
    ],
  ])('go.mod: %s', (_what, content, expected) => {
    expect(parseVersionFile('go.mod', content)).toBe(expected);
    expect(parseVersionFile(join('some', 'dir', 'go.mod'), content)).toBe(expected);
  });

  it('reads go.work the same way', () => {
    const work = 'go 1.22.0\n\ntoolchain go1.22.5\n\nuse (\n\t./a\n\t./b\n)\n';
    expect(parseVersionFile('go.work', work)).toBe('1.22.5');
    expect(parseVersionFile('C:\\src\\proj\\go.work', 'go 1.21\nuse ./a\n')).toBe('1.21');
  });

  it.each([
    [
      'no directive',
      'module m\n\nrequire example.com/x v1.0.0\n',
      /go\.mod has no "go" or "toolchain"/,
    ],
    ['an empty file', '', /has no "go" or "toolchain"/],
    ['a bad go line', 'module m\ngo 1.21;rm\n', /"go 1\.21;rm" is not a Go version/],
    ['a bad toolchain', 'module m\ngo 1.21\ntoolchain local\n', /"toolchain local" is not/],
  ])('go.mod with %s is an InputError naming the file', (_what, content, message) => {
    expect(() => parseVersionFile('path/to/go.mod', content)).toThrow(InputError);
    expect(() => parseVersionFile('path/to/go.mod', content)).toThrow(message);
    expect(() => parseVersionFile('path/to/go.mod', content)).toThrow('path/to/go.mod');
  });
});

describe('parseVersionFile: .go-version and other plain files', () => {
  it.each([
    ['1.22.5\n', '1.22.5'],
    ['go1.22.5', 'go1.22.5'],
    ['\n\n  1.21  \n1.20\n', '1.21'],
    ['# pinned for CI\n1.22\n', '1.22'],
    ['1.22.x # newest patch\n', '1.22.x'],
    ['\uFEFF1.23rc1\r\n', '1.23rc1'],
    ['stable\n', 'stable'],
  ])('%j → %s', (content, expected) => {
    expect(parseVersionFile('.go-version', content)).toBe(expected);
    expect(parseVersionFile('ci/go-version.txt', content)).toBe(expected);
  });

  it('rejects an empty file and an unusable version, naming the file', () => {
    expect(() => parseVersionFile('.go-version', '\n# nothing\n')).toThrow(
      'go-version-file .go-version is empty',
    );
    expect(() => parseVersionFile('.go-version', '1.22; rm -rf /\n')).toThrow(
      /^go-version-file \.go-version: invalid go-version "1\.22; rm -rf \/"/,
    );
  });
});

describe('parseVersionFile: .tool-versions', () => {
  it.each([
    ['golang 1.22.5\n', '1.22.5'],
    ['go 1.21.3\n', '1.21.3'],
    ['nodejs 20.11.0\ngolang 1.22.5 1.21.0\npython 3.12.1\n', '1.22.5'],
    ['# tools\ngolang   1.22.5   # newest\n', '1.22.5'],
    ['golang system 1.22.5\n', '1.22.5'],
    ['golang ref:abc path:custom-go 1.20\n', '1.20'],
    ['golangci-lint 1.55.2\ngolang 1.22\n', '1.22'],
    ['  golang 1.22.1\r\n', '1.22.1'],
  ])('%j → %s', (content, expected) => {
    expect(parseVersionFile('.tool-versions', content)).toBe(expected);
  });

  it.each([
    ['nodejs 20.11.0\n', /\.tool-versions has no "golang" line/],
    ['golang\n', /golang line names no installable version/],
    ['golang system\n', /golang line names no installable version/],
    ['# golang 1.22.5\n', /has no "golang" line/],
    ['golang 1.22.5.6\n', /invalid go-version "1\.22\.5\.6"/],
  ])('%j is an InputError', (content, message) => {
    expect(() => parseVersionFile('repo/.tool-versions', content)).toThrow(InputError);
    expect(() => parseVersionFile('repo/.tool-versions', content)).toThrow(message);
  });
});

describe('readVersionFile', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'versions-file-'));
    await writeFile(join(dir, 'go.mod'), 'module example.com/m\n\ngo 1.21\n\ntoolchain go1.22.5\n');
    await writeFile(join(dir, '.go-version'), '1.20\n');
    await writeFile(join(dir, '.tool-versions'), 'golang 1.19.13\n');
    await mkdir(join(dir, 'subdir'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads and parses real files', async () => {
    await expect(readVersionFile(join(dir, 'go.mod'))).resolves.toBe('1.22.5');
    await expect(readVersionFile(join(dir, '.go-version'))).resolves.toBe('1.20');
    await expect(readVersionFile(join(dir, '.tool-versions'))).resolves.toBe('1.19.13');
  });

  it('says a missing file is not found', async () => {
    const missing = join(dir, 'nope', 'go.mod');
    await expect(readVersionFile(missing)).rejects.toThrow(InputError);
    await expect(readVersionFile(missing)).rejects.toThrow(`go-version-file ${missing} not found`);
    const underFile = join(dir, 'go.mod', 'go.mod');
    await expect(readVersionFile(underFile)).rejects.toThrow('not found');
  });

  it('says a directory is not a file', async () => {
    await expect(readVersionFile(join(dir, 'subdir'))).rejects.toThrow(/is a directory/);
  });
});
