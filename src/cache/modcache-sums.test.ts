import { describe, expect, it } from '@jest/globals';
import {
  escapeCase,
  expectedVersions,
  isModulePath,
  isVersion,
  parseGoSum,
  versionKey,
} from './modcache-sums.js';

const H = 'h1:NIvaJDMOsjHA8n1jAhLSgzrAzy1Hgr+hNrb57e+94F0=';
const M = 'h1:TIyPZe4MgqvfeYDBFedMoGGpEw/LqOeaOT+nhxU+yHo=';

describe('escapeCase', () => {
  it('escapes upper-case letters as Go does', () => {
    expect(escapeCase('github.com/BurntSushi/toml')).toBe('github.com/!burnt!sushi/toml');
    expect(escapeCase('v1.0.0-RC1')).toBe('v1.0.0-!r!c1');
    expect(versionKey('github.com/Azure/go-ansiterm', 'v0.0.0-20230124172434-306776ec8161')).toBe(
      'github.com/!azure/go-ansiterm@v0.0.0-20230124172434-306776ec8161',
    );
  });
});

describe('module paths and versions that may become cache paths', () => {
  it.each(['golang.org/x/text', 'gopkg.in/yaml.v3', 'github.com/a_b/c~d', 'k8s.io/api'])(
    'accepts %s',
    (p) => expect(isModulePath(p)).toBe(true),
  );
  it.each([
    '../etc',
    'a/../b',
    '/abs',
    'a//b',
    'a/.hidden',
    'a/b.',
    'a b',
    'a@v1/b',
    'é.com/x',
    '',
  ])('refuses %j', (p) => expect(isModulePath(p)).toBe(false));
  it('accepts versions, refuses ones that could name a path', () => {
    for (const v of ['v1.6.0', 'v27.3.1+incompatible', 'v0.0.0-20240101000000-abcdef123456'])
      expect(isVersion(v)).toBe(true);
    for (const v of ['v1/../../x', 'v1..2', '1.0.0', 'v', 'v1.0/go.mod', 'v1.0.'])
      expect(isVersion(v)).toBe(false);
  });
});

describe('parseGoSum', () => {
  it('reads zip and go.mod lines, skipping blank ones and counting the rest', () => {
    const text = [
      `github.com/google/uuid v1.6.0 ${H}`,
      `github.com/google/uuid v1.6.0/go.mod ${M}`,
      '',
      `  golang.org/x/text v0.18.0 ${H}  `,
      'not a line',
      `../../etc v1.0.0 ${H}`,
      `example.com/m v1.0.0 h2:abc`,
      `example.com/m v1.0.0 ${H} extra`,
    ].join('\n');
    const { lines, ignored } = parseGoSum(text);
    expect(lines).toEqual([
      { module: 'github.com/google/uuid', version: 'v1.6.0', kind: 'zip', h1: H },
      { module: 'github.com/google/uuid', version: 'v1.6.0', kind: 'mod', h1: M },
      { module: 'golang.org/x/text', version: 'v0.18.0', kind: 'zip', h1: H },
    ]);
    expect(ignored).toBe(4);
  });

  it('reads CRLF files', () => {
    expect(parseGoSum(`a.com/b v1.0.0 ${H}\r\n`).lines).toHaveLength(1);
  });
});

describe('expectedVersions', () => {
  it('groups lines by escaped key and keeps disagreeing hashes apart', () => {
    const { lines } = parseGoSum(
      [
        `github.com/BurntSushi/toml v1.2.0 ${H}`,
        `github.com/BurntSushi/toml v1.2.0/go.mod ${M}`,
        `github.com/BurntSushi/toml v1.2.0 ${H}`,
        `example.com/x v1.0.0/go.mod ${M}`,
        `example.com/x v1.0.0/go.mod ${H}`,
      ].join('\n'),
    );
    const byKey = expectedVersions(lines);
    expect([...byKey.keys()]).toEqual([
      'github.com/!burnt!sushi/toml@v1.2.0',
      'example.com/x@v1.0.0',
    ]);
    const toml = byKey.get('github.com/!burnt!sushi/toml@v1.2.0')!;
    expect(toml.module).toBe('github.com/BurntSushi/toml');
    expect([...toml.zip]).toEqual([H]);
    expect([...toml.mod]).toEqual([M]);
    const x = byKey.get('example.com/x@v1.0.0')!;
    expect(x.zip.size).toBe(0);
    expect(x.mod.size).toBe(2);
  });
});
