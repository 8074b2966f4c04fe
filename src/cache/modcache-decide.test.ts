import { describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { hashFiles, hashGoMod } from '../verify/sumdb/dirhash.js';
import { dirH1, goModH1, judgeVersions, type FoundVersion } from './modcache-decide.js';
import { expectedVersions, type SumLine } from './modcache-sums.js';

const sha = (s: string) => createHash('sha256').update(s).digest('hex');
const MODULE = 'example.com/Mod';
const VERSION = 'v1.0.0';
const KEY = 'example.com/!mod@v1.0.0';
const PREFIX = `${MODULE}@${VERSION}`;
const CONTENT: Record<string, string> = {
  'go.mod': 'module example.com/Mod\n',
  'a.go': 'package a\n',
};
const ZIP_H1 = hashFiles(Object.entries(CONTENT).map(([n, c]) => [`${PREFIX}/${n}`, c]));
const MOD_H1 = hashGoMod(CONTENT['go.mod']!);
const files = (over: Record<string, string> = {}) =>
  new Map(Object.entries({ ...CONTENT, ...over }).map(([n, c]) => [n, sha(c)]));
const lines = (zip = ZIP_H1, mod = MOD_H1): SumLine[] => [
  { module: MODULE, version: VERSION, kind: 'zip', h1: zip },
  { module: MODULE, version: VERSION, kind: 'mod', h1: mod },
];
const genuine = (): FoundVersion => ({
  dir: { files: files(), problems: [] },
  zip: { h1: ZIP_H1, members: files() },
  zipHash: { text: ZIP_H1 },
  mod: { sha256: sha(CONTENT['go.mod']!) },
});
const judge = (f: FoundVersion, l = lines()) =>
  judgeVersions(new Map([[KEY, f]]), expectedVersions(l))[0]!;

describe('hashes', () => {
  it('dirH1 and goModH1 are the h1: Go computes', () => {
    expect(dirH1(files(), PREFIX)).toBe(ZIP_H1);
    expect(goModH1(sha(CONTENT['go.mod']!))).toBe(MOD_H1);
  });
});

describe('judgeVersions', () => {
  it('proves a genuine version: zip, directory, .ziphash and go.mod', () => {
    const v = judge(genuine());
    expect(v.content).toEqual({ kind: 'proven', dir: true, zip: true });
    expect(v.mod).toEqual({ kind: 'proven' });
  });

  it('names the changed file of a directory whose zip is genuine (the .ziphash does not save it)', () => {
    const v = judge({
      ...genuine(),
      dir: { files: files({ 'a.go': 'package evil\n' }), problems: [] },
    });
    expect(v.content).toEqual({ kind: 'failed', reason: 'directory: 1 changed (a.go)' });
  });

  it('names added and missing files', () => {
    const f = files({ 'b.go': 'package a\n' });
    f.delete('a.go');
    const v = judge({ ...genuine(), dir: { files: f, problems: [] } });
    expect(v.content).toMatchObject({ reason: 'directory: 1 added (b.go), 1 missing (a.go)' });
  });

  it('fails a directory that holds a link, and one without a zip to name files by', () => {
    const withLink = judge({ ...genuine(), dir: { files: files(), problems: ['x.go: symlink'] } });
    expect(withLink.content).toMatchObject({
      kind: 'failed',
      reason: 'directory holds x.go: symlink',
    });
    const alone = judge({ dir: { files: files({ 'a.go': 'x' }), problems: [] } });
    expect(alone.content).toEqual({ kind: 'failed', reason: 'directory differs from go.sum' });
  });

  it('fails a changed zip, a zip that cannot be read, and a wrong .ziphash', () => {
    const g = genuine();
    expect(judge({ ...g, zip: { h1: MOD_H1, members: files() } }).content).toMatchObject({
      reason: 'zip differs from go.sum',
    });
    expect(judge({ zip: { problem: 'zip64' } }).content).toMatchObject({ reason: 'zip: zip64' });
    expect(judge({ ...g, zipHash: { text: `${ZIP_H1}\n` } }).content).toMatchObject({
      reason: '.ziphash differs from go.sum',
    });
  });

  it('proves a zip alone and a directory alone', () => {
    expect(judge({ zip: { h1: ZIP_H1, members: files() } }).content).toEqual({
      kind: 'proven',
      dir: false,
      zip: true,
    });
    expect(judge({ dir: { files: files(), problems: [] } }).content).toEqual({
      kind: 'proven',
      dir: true,
      zip: false,
    });
  });

  it('fails a version whose go.sum files disagree', () => {
    const v = judge(genuine(), [
      ...lines(),
      { module: MODULE, version: VERSION, kind: 'zip', h1: MOD_H1 },
    ]);
    expect(v.content).toEqual({ kind: 'failed', reason: 'the go.sum files disagree' });
  });

  it('judges a go.mod on its own', () => {
    const v = judge({ ...genuine(), mod: { sha256: sha('module evil\n') } });
    expect(v.content).toMatchObject({ kind: 'proven' });
    expect(v.mod).toEqual({ kind: 'failed', reason: 'go.mod differs from go.sum' });
    expect(judge({ mod: { problem: 'symlink' } }).mod).toEqual({
      kind: 'failed',
      reason: 'go.mod: symlink',
    });
  });

  it('finds content no line covers, and keeps go.mod files no line covers', () => {
    const v = judgeVersions(
      new Map([['other.com/x@v1.0.0', genuine()]]),
      expectedVersions(lines()),
    )[0]!;
    expect(v.content).toEqual({ kind: 'uncovered' });
    expect(v.mod).toBeUndefined();
    // A version with only a go.mod line: its zip and directory are not covered.
    const modOnly = judge(genuine(), lines().slice(1));
    expect(modOnly.content).toEqual({ kind: 'uncovered' });
    expect(modOnly.mod).toEqual({ kind: 'proven' });
  });
});
