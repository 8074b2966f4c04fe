import { describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { DirHash } from '../sumdb/dirhash.js';
import {
  describeDifference,
  diffMembers,
  formatManifest,
  manifestH1,
  membersH1,
  moduleShape,
  parseManifest,
} from './tree-shape.js';

const sha = (s: string) => createHash('sha256').update(s).digest('hex');
const MOD = 'v0.0.1-go1.22.5.linux-amd64';
const ROOT = `golang.org/toolchain@${MOD}`;

const tree = new Map([
  ['bin/go', sha('go')],
  ['go.env', sha('GOTOOLCHAIN=auto\n')],
  ['src/go.mod', sha('module std\n')],
  ['src/cmd/go.mod', sha('module cmd\n')],
  ['api/go1.txt', sha('api')],
  ['test/x.go', sha('test')],
  ['misc/wasm/wasm_exec.js', sha('wasm')],
]);

describe('moduleShape', () => {
  it('names files as the module does and sets the omitted directories apart', () => {
    const shape = moduleShape(tree);
    expect([...shape.members.keys()].sort()).toEqual([
      'bin/go',
      'go.env',
      'src/_go.mod',
      'src/cmd/_go.mod',
    ]);
    expect(shape.omitted).toEqual(['api/go1.txt', 'misc/wasm/wasm_exec.js', 'test/x.go']);
    expect(shape.nameProblems).toEqual([]);
  });

  it('reports names a module zip cannot hold, and names equal under case folding', () => {
    const shape = moduleShape(
      new Map([
        ['src/a*b.go', sha('1')],
        ['src/K.go', sha('2')],
        ['src/\u212a.go', sha('3')],
        ['src/_go.mod', sha('4')],
        ['src/go.mod', sha('5')],
      ]),
    );
    expect(shape.nameProblems.join('\n')).toMatch(/src\/a\*b\.go: invalid char/);
    expect(shape.nameProblems.join('\n')).toMatch(/equal to src\/K\.go under case folding/);
    // go.mod is stored as _go.mod: a tree holding both cannot be a module.
    expect(shape.nameProblems.join('\n')).toMatch(/src\/go\.mod: equal to src\/go\.mod/);
  });
});

describe('manifest and h1', () => {
  it('is the text the h1: hashes, so the manifest hash is the module hash', () => {
    const { members } = moduleShape(tree);
    const dh = new DirHash();
    for (const [name, hex] of members) dh.add(`${ROOT}/${name}`, hex);
    const text = formatManifest(members, MOD);
    expect(manifestH1(text)).toBe(dh.sum());
    expect(membersH1(members, MOD)).toBe(dh.sum());
    expect(text.split('\n')[0]).toBe(`${sha('go')}  ${ROOT}/bin/go`);
    expect(parseManifest(text, MOD)).toEqual(members);
  });

  it('sorts names bytewise as Go does, not by UTF-16 units', () => {
    const members = new Map([
      ['a\u{1F600}', sha('1')],
      ['a\uFF21', sha('2')],
    ]);
    const dh = new DirHash();
    for (const [name, hex] of members) dh.add(`${ROOT}/${name}`, hex);
    expect(membersH1(members, MOD)).toBe(dh.sum());
  });

  it('refuses text that is not a manifest of this module', () => {
    const text = formatManifest(moduleShape(tree).members, MOD);
    expect(parseManifest(text, 'v0.0.1-go1.22.6.linux-amd64')).toBeUndefined();
    expect(parseManifest(text.slice(0, -1), MOD)).toBeUndefined();
    expect(parseManifest('xyz  a\n', MOD)).toBeUndefined();
    expect(parseManifest('', MOD)).toEqual(new Map());
  });
});

describe('diffMembers', () => {
  it('names changed, added and missing files by their GOROOT names', () => {
    const published = moduleShape(tree).members;
    const found = new Map(published);
    found.set('go.env', sha('GOTOOLCHAIN=local\n'));
    found.set('src/fmt/zz.go', sha('evil'));
    found.delete('src/cmd/_go.mod');
    const diff = diffMembers(found, published);
    expect(diff).toEqual({
      changed: ['go.env'],
      added: ['src/fmt/zz.go'],
      missing: ['src/cmd/go.mod'],
    });
    expect(describeDifference(diff)).toBe(
      '1 changed (go.env), 1 added (src/fmt/zz.go), 1 missing (src/cmd/go.mod)',
    );
    expect(describeDifference({ changed: ['a', 'b', 'c'], added: [], missing: [] }, 2)).toBe(
      '3 changed (a, b, and 1 more)',
    );
    expect(describeDifference({ changed: [], added: [], missing: [] })).toBe('no file differs');
  });
});
