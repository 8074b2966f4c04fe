import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { InputError } from '../errors.js';
import { discoverModules, moduleGoFiles } from './modules.js';

let dir: string;
const env = { ...process.env, GOFLAGS: '', GOWORK: '', GOTOOLCHAIN: 'local' };

function write(rel: string, content: string): void {
  const p = path.join(dir, rel);
  mkdirSync(path.dirname(p), { recursive: true });
  writeFileSync(p, content);
}

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'sgv-modules-'));
  write(
    'single/go.mod',
    'module example.com/single\n\ngo 1.22\n\nrequire honnef.co/go/tools v0.6.1\n\ntool honnef.co/go/tools/cmd/staticcheck\n',
  );
  write('single/a.go', 'package single\n');
  write('single/sub/b.go', 'package sub\n');
  write('single/sub/b_test.go', 'package sub\n');
  write('single/vendor/x/x.go', 'package x\n');
  write('single/testdata/t.go', 'package t\n');
  write('single/_old/o.go', 'package o\n');
  write('single/.hidden/h.go', 'package h\n');
  write('single/nested/go.mod', 'module example.com/nested\n');
  write('single/nested/n.go', 'package nested\n');
  write('single/notes.txt', 'not go\n');
  write('work/go.work', 'go 1.22\n\nuse (\n\t./a\n\t./b\n)\n');
  write('work/a/go.mod', 'module example.com/a\n\ngo 1.22\n');
  write(
    'work/b/go.mod',
    'module example.com/b\n\ngo 1.22\n\nrequire github.com/golangci/golangci-lint/v2 v2.11.4\n',
  );
  write(
    'work/b/tools.go',
    '//go:build tools\n\npackage b\n\nimport (\n\t_ "github.com/golangci/golangci-lint/v2/cmd/golangci-lint"\n)\n',
  );
  write('empty/readme.md', '');
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('discoverModules', () => {
  it('reads a module and the tool it pins with a tool directive', async () => {
    const [m, ...rest] = await discoverModules(['single'], dir, 'go', env);
    expect(rest).toHaveLength(0);
    expect(m).toMatchObject({
      dir: path.join(dir, 'single'),
      path: 'example.com/single',
      goVersion: '1.22',
    });
    expect(m!.toolPins.staticcheck).toEqual({ version: 'v0.6.1', how: 'go.mod tool directive' });
    expect(m!.toolPins.golangci).toBeUndefined();
  });

  it('expands a go.work into its modules, once each', async () => {
    const mods = await discoverModules(['work', 'work/b'], dir, 'go', env);
    expect(mods.map((m) => m.path)).toEqual(['example.com/a', 'example.com/b']);
    expect(mods.every((m) => m.workspace === path.join(dir, 'work'))).toBe(true);
    expect(mods[1]!.toolPins.golangci).toEqual({ version: 'v2.11.4', how: 'tools.go' });
  });

  it('says what is wrong with a directory that is not a module', async () => {
    await expect(discoverModules(['empty'], dir, 'go', env)).rejects.toThrow(
      /no go\.mod or go\.work/,
    );
    await expect(discoverModules(['missing'], dir, 'go', env)).rejects.toThrow(InputError);
  });
});

describe('moduleGoFiles', () => {
  it('lists what ./... covers: no vendor, testdata, _ or . dirs, or nested modules', async () => {
    const files = (await moduleGoFiles(path.join(dir, 'single'))).map((f) =>
      path.relative(path.join(dir, 'single'), f),
    );
    expect(files).toEqual(['a.go', path.join('sub', 'b.go'), path.join('sub', 'b_test.go')]);
  });
});
