import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { FoldCollisions, filePathProblem, foldKey } from './module-file-path.js';
import { notRun } from '../../test-support/not-run.mjs';

describe('filePathProblem', () => {
  it.each([
    // Names as they appear in a Go toolchain module zip, relative to its root.
    'src/cmd/go/testdata/script/mod_get_.txt',
    'lib/time/zoneinfo.zip',
    'pkg/tool/linux_amd64/compile',
    'src/runtime/asm_amd64.s',
    '_go.mod',
    'src/_go.mod',
    'src/cmd/vendor/golang.org/x/mod/_go.mod',
    'golang.org/toolchain@v0.0.1-go1.22.5.linux-amd64/bin/go',
    'src/cmd/go/testdata/mod/example.com_v1.0.0+incompatible.txt',
    'src/cmd/go/testdata/script/with space/a b.go',
    'src/.gitignore',
    '.hidden/x',
    '-leading-dash.go',
    'a/-b',
    'a..b/c...d',
    '!#$%&()+,-.=@[]^_{}~ ',
    'auxiliary.go',
    'CONSOLE/prn2',
    'com10',
    'COM0.txt',
    'lpt',
    'x/con_',
    'héllo wörld/ü.txt',
    'δοκιμή/日本語.go',
    'ǅ/ſ/K', // titlecase, long s and Kelvin sign are letters
    '\u{10400}.txt', // DESERET CAPITAL LETTER LONG I (outside the BMP)
  ])('accepts %j', (name) => {
    expect(filePathProblem(name)).toBeUndefined();
  });

  it.each([
    ['', 'empty path'],
    ['a\\b', 'invalid char \'\\\' in path element "a\\\\b"'],
    ['a:b', 'invalid char \':\' in path element "a:b"'],
    ['a*b', 'invalid char \'*\' in path element "a*b"'],
    ['a?b', 'invalid char \'?\' in path element "a?b"'],
    ['a"b', 'invalid char \'"\' in path element "a\\"b"'],
    ["a'b", 'invalid char U+0027 in path element "a\'b"'],
    ['a<b', 'invalid char \'<\' in path element "a<b"'],
    ['a>b', 'invalid char \'>\' in path element "a>b"'],
    ['a|b', 'invalid char \'|\' in path element "a|b"'],
    ['a`b', 'invalid char \'`\' in path element "a`b"'],
    ['a;b', 'invalid char \';\' in path element "a;b"'],
    ['a\0b', 'invalid char U+0000 in path element "a\\u0000b"'],
    ['a\tb', 'invalid char U+0009 in path element "a\\tb"'],
    ['a\x7fb', 'invalid char U+007F in path element "a\x7fb"'],
    ['a\u00a0b', 'invalid char U+00A0 in path element "a\u00a0b"'], // no-break space
    ['cafe\u0301', 'invalid char U+0301 in path element "cafe\u0301"'], // combining accent
    ['\u0663.go', 'invalid char U+0663 in path element "\u0663.go"'], // Arabic-Indic digit 3
    ['\u00b2', 'invalid char U+00B2 in path element "\u00b2"'], // superscript two
    ['\u2122', 'invalid char U+2122 in path element "\u2122"'], // trade mark sign
    ['\u{1F600}.txt', 'invalid char U+1F600 in path element "\u{1F600}.txt"'], // emoji
    ['bad\ufffdutf8', 'invalid UTF-8 (U+FFFD replacement character)'],
    ['lone\ud800', 'invalid UTF-8 (unpaired surrogate)'],
    ['lone\udc00x', 'invalid UTF-8 (unpaired surrogate)'],
    ['con/x', '"con" disallowed as path element component on Windows'],
    ['x/COM1.txt', '"COM1" disallowed as path element component on Windows'],
    ['aux.go', '"aux" disallowed as path element component on Windows'],
    ['Con', '"Con" disallowed as path element component on Windows'],
    ['nul.txt.bak', '"nul" disallowed as path element component on Windows'],
    ['a/Lpt9', '"Lpt9" disallowed as path element component on Windows'],
    ['PRN', '"PRN" disallowed as path element component on Windows'],
    ['..', 'invalid path element ".."'],
    ['.', 'invalid path element "."'],
    ['a/.../b', 'invalid path element "..."'],
    ['a/./b', 'invalid path element "."'],
    ['a/../b', 'invalid path element ".."'],
    ['a//b', 'double slash'],
    ['a/', 'trailing slash'],
    ['/a', 'empty path element (leading slash)'],
    ['a.', 'trailing dot in path element "a."'],
    ['x./y', 'trailing dot in path element "x."'],
  ])('refuses %j: %s', (name, problem) => {
    expect(filePathProblem(name)).toBe(problem);
  });
});

const hex = (text: string): string[] =>
  [...text].map((c) => (c.codePointAt(0) as number).toString(16));

describe('foldKey', () => {
  it.each([
    // Orbits of Go's unicode.SimpleFold: every member must share one key.
    ['ASCII', ['a', 'A']],
    ['k and the Kelvin sign', ['k', 'K', '\u212a']],
    ['s and the long s', ['s', 'S', '\u017f']],
    ['sigma, final sigma', ['\u03c3', '\u03c2', '\u03a3']],
    ['sharp s and capital sharp s', ['\u00df', '\u1e9e']],
    ['a with ring and the angstrom sign', ['\u00e5', '\u00c5', '\u212b']],
    ['micro sign and mu', ['\u00b5', '\u03bc', '\u039c']],
    ['titlecase dz', ['\u01c4', '\u01c5', '\u01c6']],
    ['theta and its symbol forms', ['\u03b8', '\u0398', '\u03d1', '\u03f4']],
    ['iota and ypogegrammeni', ['\u03b9', '\u0399', '\u0345', '\u1fbe']],
    ['Greek with prosgegrammeni (full upper-case is two code points)', ['\u1f80', '\u1f88']],
    ['Cherokee (folds to upper case)', ['\u13a0', '\uab70']],
    ['Deseret (outside the BMP)', ['\u{10400}', '\u{10428}']],
    ['Georgian Mtavruli', ['\u10d0', '\u1c90']],
  ])('%s fold together', (_label, orbit) => {
    const keys = new Set(orbit.map(foldKey));
    expect(keys.size).toBe(1);
  });

  it.each([
    // Pairs that ToUpper/ToLower relate but simple folding keeps apart.
    ['ß is not "ss"', 'ß', 'ss'],
    ['ß is not "SS"', 'ß', 'SS'],
    ['İ (U+0130) is not i', '\u0130', 'i'],
    ['İ (U+0130) is not I', '\u0130', 'I'],
    ['ı (U+0131) is not i', '\u0131', 'i'],
    ['ı (U+0131) is not I', '\u0131', 'I'],
    ['İ is not ı', '\u0130', '\u0131'],
    ['ŉ is not ʼN', '\u0149', '\u02bcN'],
    ['NFC is not NFD', 'caf\u00e9', 'cafe\u0301'],
    ['different lengths', 'ab', 'abc'],
  ])('%s', (_label, a, b) => {
    expect(foldKey(a)).not.toBe(foldKey(b));
  });

  it('is a stable key: idempotent, itself for already-folded names', () => {
    for (const c of ['\u0130', '\u0131', '\u00df', '\u212a', '\u01c5', 'K', 'ſ']) {
      expect(foldKey(foldKey(c))).toBe(foldKey(c));
    }
    expect(foldKey('\u0130')).toBe('\u0130');
    expect(foldKey('\u0131')).toBe('\u0131');
    expect(hex(foldKey('\u1f88'))).toEqual(['1f80']);
    expect(foldKey('src/Runtime/ASM_amd64.s')).toBe('src/runtime/asm_amd64.s');
    expect(foldKey('\u212a\u017f/x')).toBe('ks/x');
    expect(foldKey('')).toBe('');
  });
});

describe('FoldCollisions', () => {
  it('returns the earlier name that folds equal', () => {
    const seen = new FoldCollisions();
    expect(seen.add('src/Makefile')).toBeUndefined();
    expect(seen.add('src/makefile.go')).toBeUndefined();
    expect(seen.add('src/MAKEFILE')).toBe('src/Makefile');
    expect(seen.add('\u212aelvin')).toBeUndefined();
    expect(seen.add('kelvin')).toBe('\u212aelvin');
    expect(seen.add('ß')).toBeUndefined();
    expect(seen.add('ss')).toBeUndefined();
    expect(seen.add('\u1e9e')).toBe('ß');
    expect(seen.add('src/Makefile')).toBe('src/Makefile');
    expect(seen.size).toBe(5);
  });
});

/** Root-relative '/'-separated names of the regular files under `root`. */
function regularFiles(root: string, dir = ''): string[] {
  const names: string[] = [];
  for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
    const name = dir === '' ? entry.name : `${dir}/${entry.name}`;
    if (entry.isDirectory()) names.push(...regularFiles(root, name));
    else if (entry.isFile()) names.push(name);
  }
  return names;
}

function goroot(): string | undefined {
  try {
    const root = execFileSync('go', ['env', 'GOROOT'], { encoding: 'utf8' }).trim();
    return root !== '' && existsSync(root) ? root : undefined;
  } catch {
    return undefined;
  }
}

describe('the Go installation of this machine', () => {
  const root = goroot();
  it('has only valid module file names and no fold collisions', () => {
    if (root === undefined) return notRun('no Go installation here: `go env GOROOT` failed');
    // What the module rules guarantee for the toolchain module golang.org/toolchain.
    const skipped = /^(api|doc|misc|test)\//;
    const names = regularFiles(root as string).filter((n) => !skipped.test(n));
    expect(names.length).toBeGreaterThan(1000);
    const refused = names
      .map((name) => [name, filePathProblem(name)])
      .filter(([, problem]) => problem !== undefined);
    expect(refused).toEqual([]);
    // Files and their directories share one namespace, as in a module zip.
    const directories = new Set(
      names.flatMap((name) => {
        const parts = name.split('/');
        return parts.slice(1).map((_, i) => parts.slice(0, i + 1).join('/'));
      }),
    );
    const seen = new FoldCollisions();
    const collisions = [...directories, ...names]
      .map((name) => [name, seen.add(name)])
      .filter(([, earlier]) => earlier !== undefined);
    expect(collisions).toEqual([]);
    expect(seen.size).toBe(directories.size + names.length);
  });
});
