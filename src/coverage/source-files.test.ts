import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseProfile, ProfileError } from './profile.js';
import {
  locateSourceFile,
  matchSourceFiles,
  resolveSourceFiles,
  SourceMismatchError,
} from './source-files.js';

// The workspace below has its own go.work: GOWORK must not point elsewhere or turn it off.
const env: NodeJS.ProcessEnv = { ...process.env, GOTOOLCHAIN: 'local', GOFLAGS: '' };
delete env['GOWORK'];

function write(file: string, text: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
}

const CALC = `package calc

// Sign says whether n is negative, zero or positive.
func Sign(n int) int {
	if n < 0 {
		return -1
	}
	if n == 0 {
		return 0
	}
	return 1
}
`;

const CALC_TEST = `package calc

import "testing"

func TestSign(t *testing.T) {
	if Sign(-3) != -1 {
		t.Fatal("Sign(-3)")
	}
}
`;

describe('locateSourceFile', () => {
  const modules = [
    { dir: path.join(path.sep, 'ws', 'core'), path: 'example.com/m' },
    { dir: path.join(path.sep, 'ws', 'plugins'), path: 'example.com/m/extra' },
  ];

  it('maps <module path>/<rel> to <module dir>/<rel>, the longest module path winning', () => {
    expect(locateSourceFile('example.com/m/pkg/a.go', modules)).toBe(
      path.join(path.sep, 'ws', 'core', 'pkg', 'a.go'),
    );
    expect(locateSourceFile('example.com/m/extra/x.go', modules)).toBe(
      path.join(path.sep, 'ws', 'plugins', 'x.go'),
    );
    expect(locateSourceFile('example.com/m/extras/x.go', modules)).toBe(
      path.join(path.sep, 'ws', 'core', 'extras', 'x.go'),
    );
  });

  it('takes the absolute names of GOPATH mode as paths, and nothing else', () => {
    if (path.sep === '/') {
      expect(locateSourceFile('_/abs/dir/x.go', modules)).toBe('/abs/dir/x.go');
      expect(locateSourceFile('/abs/dir/x.go', modules)).toBe('/abs/dir/x.go');
    }
    expect(locateSourceFile('example.com/mm/a.go', modules)).toBeUndefined();
    // Names that would climb out of their module are no names at all.
    expect(locateSourceFile('example.com/m/../../etc/passwd', modules)).toBeUndefined();
    expect(locateSourceFile('example.com/m/pkg//a.go', modules)).toBeUndefined();
    expect(locateSourceFile('example.com/m/..\\..\\x.go', modules)).toBeUndefined();
    expect(locateSourceFile('fmt/print.go', modules)).toBeUndefined();
  });
});

describe('resolveSourceFiles', () => {
  let root: string;
  beforeAll(() => {
    root = mkdtempSync(path.join(os.tmpdir(), 'source-files-'));
    // A module at the workspace root, with a real test to make a real profile from.
    write(path.join(root, 'go.mod'), 'module example.com/m\n\ngo 1.22\n');
    write(path.join(root, 'calc', 'calc.go'), CALC);
    write(path.join(root, 'calc', 'calc_test.go'), CALC_TEST);
    write(path.join(root, 'gen', 'gen.go'), 'package gen\n\n//line gen.y:400\nfunc G() {}\n');
    write(
      path.join(root, 'vendor', 'example.org', 'dep', 'dep.go'),
      'package dep\n\nfunc D() {}\n',
    );
    write(path.join(root, 'loose', 'x.go'), 'package loose\n\nfunc X() {\n}\n');
    // A go.work workspace whose second module's path extends the first's.
    write(path.join(root, 'ws', 'go.work'), 'go 1.22\n\nuse (\n\t./core\n\t./plugins\n)\n');
    write(path.join(root, 'ws', 'core', 'go.mod'), 'module example.com/w\n\ngo 1.22\n');
    write(path.join(root, 'ws', 'core', 'a.go'), 'package w\n\nfunc A() {\n}\n');
    write(path.join(root, 'ws', 'plugins', 'go.mod'), 'module example.com/w/extra\n\ngo 1.22\n');
    write(path.join(root, 'ws', 'plugins', 'x.go'), 'package extra\n\nfunc X() {\n}\n');
    for (let i = 0; i < 40; i++) {
      write(path.join(root, 'many', `f${i}.go`), `package many\n\nfunc F${i}() {\n}\n`);
    }
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('finds every file of a profile go test wrote, relative to the workspace', async () => {
    const out = path.join(root, 'cover.out');
    const r = spawnSync('go', ['test', `-coverprofile=${out}`, './calc'], {
      cwd: root,
      env,
      encoding: 'utf8',
    });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const profile = parseProfile(readFileSync(out), 'cover.out');
    expect([...profile.files.keys()]).toEqual(['example.com/m/calc/calc.go']);

    const files = await resolveSourceFiles(profile, ['.'], root, 'go', env);
    expect([...files]).toEqual([
      [
        'example.com/m/calc/calc.go',
        { abs: path.join(root, 'calc', 'calc.go'), rel: 'calc/calc.go' },
      ],
    ]);
  });

  it('finds files in each module of a go.work workspace by the longest module path', async () => {
    const p = parseProfile(
      'mode: set\nexample.com/w/a.go:3.10,4.2 1 1\nexample.com/w/extra/x.go:3.10,4.2 1 0\n',
      'ws.out',
    );
    const files = await resolveSourceFiles(p, [path.join(root, 'ws')], root, 'go', env);
    expect(Object.fromEntries([...files].map(([k, v]) => [k, v.rel]))).toEqual({
      'example.com/w/a.go': 'ws/core/a.go',
      'example.com/w/extra/x.go': 'ws/plugins/x.go',
    });
  });

  it('refuses files outside this workspace’s modules, naming them and the modules', async () => {
    const p = parseProfile(
      'mode: set\nexample.com/other/x.go:1.1,1.5 1 0\nexample.com/m/calc/calc.go:5.12,7.3 1 1\n',
      'leg.out',
    );
    const err = await resolveSourceFiles(p, ['.', 'ws'], root, 'go', env).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SourceMismatchError);
    expect(err).toBeInstanceOf(ProfileError);
    expect(err).toMatchObject({
      kind: 'outside-modules',
      files: ['example.com/other/x.go'],
      source: 'leg.out',
    });
    expect((err as Error).message).toBe(
      "leg.out: the profile names files that are not in this workspace's modules (example.com/other/x.go); " +
        'modules here: example.com/m in ., example.com/w in ws/core, example.com/w/extra in ws/plugins; ' +
        'was it made from another checkout or module? ' +
        "(so does a -coverpkg naming packages of other modules: limit it to this workspace's, e.g. ./...)",
    );
  });

  it('refuses names that climb out of the modules, even to files that exist', async () => {
    const p = parseProfile(
      'mode: set\nexample.com/w/../../calc/calc.go:5.12,7.3 1 1\n../calc/calc.go:5.12,7.3 1 1\n',
      'hostile.out',
    );
    const err = await resolveSourceFiles(p, ['ws'], root, 'go', env).catch((e: unknown) => e);
    expect(err).toMatchObject({
      kind: 'outside-modules',
      files: ['example.com/w/../../calc/calc.go', '../calc/calc.go'],
    });
  });

  it('lists at most five names and says how many there are', async () => {
    const lines = Array.from({ length: 7 }, (_, i) => `example.com/x/f${i}.go:1.1,1.5 1 0`);
    const p = parseProfile(`mode: set\n${lines.join('\n')}\n`, 'x.out');
    await expect(resolveSourceFiles(p, ['.'], root, 'go', env)).rejects.toThrow(
      '(example.com/x/f0.go, example.com/x/f1.go, example.com/x/f2.go, example.com/x/f3.go, example.com/x/f4.go, ... 7 in all)',
    );
  });

  it('refuses files a module should hold but this checkout lacks', async () => {
    const p = parseProfile('mode: set\nexample.com/m/calc/gone.go:1.1,1.5 1 0\n', 'old.out');
    const err = await resolveSourceFiles(p, ['.'], root, 'go', env).catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: 'missing', files: ['example.com/m/calc/gone.go'] });
    expect((err as Error).message).toBe(
      'old.out: the profile names files that do not exist in this checkout (example.com/m/calc/gone.go); ' +
        'it was made from another commit: regenerate it from this checkout',
    );
  });

  it('refuses a block that ends past the end of its file: the profile is older', async () => {
    // calc.go has 12 lines.
    const p = parseProfile(
      'mode: set\nexample.com/m/calc/calc.go:5.12,120.3 1 1\nexample.com/m/many/f1.go:3.1,13.2 1 0\n',
      'stale.out',
    );
    const err = await resolveSourceFiles(p, ['.'], root, 'go', env).catch((e: unknown) => e);
    expect(err).toMatchObject({
      kind: 'stale',
      files: ['example.com/m/calc/calc.go', 'example.com/m/many/f1.go'],
    });
    expect((err as Error).message).toBe(
      'stale.out: calc/calc.go has 12 lines but the profile has a block ending at line 120 ' +
        '(and 1 more file: example.com/m/many/f1.go): the profile is older than the source; ' +
        'regenerate it from this checkout',
    );
    // The last line itself is fine.
    const last = parseProfile('mode: set\nexample.com/m/calc/calc.go:11.2,12.2 1 1\n', 'ok');
    await expect(resolveSourceFiles(last, ['.'], root, 'go', env)).resolves.toHaveProperty(
      'size',
      1,
    );
  });

  it('does not judge the length of files with //line directives', async () => {
    const p = parseProfile('mode: set\nexample.com/m/gen/gen.go:400.11,400.13 0 0\n', 'gen.out');
    const files = await resolveSourceFiles(p, ['.'], root, 'go', env);
    expect(files.get('example.com/m/gen/gen.go')?.rel).toBe('gen/gen.go');
  });

  it('finds vendored packages measured with -coverpkg', async () => {
    const p = parseProfile('mode: set\nexample.org/dep/dep.go:3.12,3.14 0 0\n', 'v.out');
    const files = await resolveSourceFiles(p, ['.'], root, 'go', env);
    expect(files.get('example.org/dep/dep.go')?.rel).toBe('vendor/example.org/dep/dep.go');
  });

  it('takes absolute GOPATH-mode names inside the workspace, and refuses them outside', async () => {
    const loose = path.join(root, 'loose', 'x.go').split(path.sep).join('/');
    const name = path.sep === '/' ? `_${loose}` : loose;
    const p = parseProfile(`mode: set\n${name}:3.10,4.2 1 1\n`, 'gopath.out');
    const files = await matchSourceFiles(p, [], root);
    expect(files.get(name)).toEqual({ abs: path.join(root, 'loose', 'x.go'), rel: 'loose/x.go' });

    // The same file seen from a workspace that does not contain it.
    const other = path.join(root, 'ws');
    await expect(matchSourceFiles(p, [], other)).rejects.toMatchObject({ kind: 'outside-modules' });
  });

  it('resolves many files', async () => {
    const lines = Array.from(
      { length: 40 },
      (_, i) => `example.com/m/many/f${i}.go:3.${12 + String(i).length},4.2 1 ${i % 2}`,
    );
    const p = parseProfile(`mode: set\n${lines.join('\n')}\n`, 'many.out');
    const files = await resolveSourceFiles(p, ['.'], root, 'go', env);
    expect(files.size).toBe(40);
    expect(files.get('example.com/m/many/f39.go')?.rel).toBe('many/f39.go');
  });
});
