import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, rename, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { InputError } from '../errors.js';
import { hashDependencyFiles } from './dependency-hash.js';

let base: string;
let counter = 0;

beforeAll(async () => {
  base = await mkdtemp(path.join(os.tmpdir(), 'dependency-hash-'));
});

afterAll(async () => {
  await rm(base, { recursive: true, force: true });
});

/** A fresh workspace holding `files` (relative path → content). */
async function workspace(files: Record<string, string>): Promise<string> {
  const dir = path.join(base, `ws${counter++}`);
  await mkdir(dir);
  for (const [name, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await writeFile(path.join(dir, name), content);
  }
  return dir;
}

const SUM = 'golang.org/x/mod v0.17.0 h1:zY54UmvipHiNd+pm+m0x9KhZ9hl1/7QNMyxXbc6ICqA=\n';
const SUM2 = 'golang.org/x/text v0.14.0 h1:ScX5w1eTa3QqT8oi6+ziP7dTV1S2+ALU0bI+0zXKWiQ=\n';

/** A module tree: nested modules, a workspace sum, and directories the default skips. */
const TREE = {
  'go.mod': 'module example.com/app\n',
  'go.sum': SUM,
  'go.work': 'go 1.22\nuse (\n\t.\n\t./tools\n)\n',
  'go.work.sum': SUM2,
  'tools/go.mod': 'module example.com/tools\n',
  'tools/go.sum': SUM2,
  'internal/deep/mod/go.sum': SUM,
  '.hidden/go.sum': SUM,
  'vendor/example.com/x/go.sum': SUM,
  'node_modules/pkg/go.sum': SUM,
  '.git/modules/sub/go.sum': SUM,
  'main.go': 'package main\n',
  'README.go.sum.txt': 'not a sum file',
};

describe('hashDependencyFiles with the default patterns', () => {
  it('finds every go.sum and go.work.sum, sorted, skipping vendor, node_modules and .git', async () => {
    const ws = await workspace(TREE);
    const { hash, files } = await hashDependencyFiles({ workspace: ws, patterns: [] });
    expect(files).toEqual([
      '.hidden/go.sum',
      'go.sum',
      'go.work.sum',
      'internal/deep/mod/go.sum',
      'tools/go.sum',
    ]);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('is the same for an empty string, an empty list and blank entries', async () => {
    const ws = await workspace(TREE);
    const a = await hashDependencyFiles({ workspace: ws, patterns: '' });
    const b = await hashDependencyFiles({ workspace: ws, patterns: [] });
    const c = await hashDependencyFiles({ workspace: ws, patterns: ['  ', ''] });
    expect(b).toEqual(a);
    expect(c).toEqual(a);
  });

  it('does not change with the contents of skipped directories', async () => {
    const ws = await workspace(TREE);
    const before = await hashDependencyFiles({ workspace: ws, patterns: [] });
    await writeFile(path.join(ws, 'vendor/example.com/x/go.sum'), SUM2);
    await writeFile(path.join(ws, 'node_modules/pkg/go.sum'), SUM2);
    await writeFile(path.join(ws, 'main.go'), 'package main\n\nfunc main() {}\n');
    expect(await hashDependencyFiles({ workspace: ws, patterns: [] })).toEqual(before);
  });

  it('is the same for the same files in another workspace directory', async () => {
    const a = await hashDependencyFiles({ workspace: await workspace(TREE), patterns: [] });
    const b = await hashDependencyFiles({ workspace: await workspace(TREE), patterns: [] });
    expect(b).toEqual(a);
  });

  it('changes when a file changes, appears or is removed', async () => {
    const ws = await workspace(TREE);
    const seen = new Set([(await hashDependencyFiles({ workspace: ws, patterns: [] })).hash]);
    await writeFile(path.join(ws, 'tools/go.sum'), SUM2 + SUM);
    seen.add((await hashDependencyFiles({ workspace: ws, patterns: [] })).hash);
    await mkdir(path.join(ws, 'cmd'));
    await writeFile(path.join(ws, 'cmd/go.sum'), SUM);
    seen.add((await hashDependencyFiles({ workspace: ws, patterns: [] })).hash);
    await rm(path.join(ws, 'go.work.sum'));
    seen.add((await hashDependencyFiles({ workspace: ws, patterns: [] })).hash);
    expect(seen.size).toBe(4);
  });

  it('changes when a go.sum moves to another module, content unchanged', async () => {
    const ws = await workspace({ 'a/go.sum': SUM, 'b/go.mod': 'module b\n' });
    const before = await hashDependencyFiles({ workspace: ws, patterns: [] });
    await rename(path.join(ws, 'a/go.sum'), path.join(ws, 'b/go.sum'));
    const after = await hashDependencyFiles({ workspace: ws, patterns: [] });
    expect(after.files).toEqual(['b/go.sum']);
    expect(after.hash).not.toBe(before.hash);
  });

  it('keeps file sets apart whose paths and contents concatenate the same', async () => {
    // Both read "a/go.sum" "b/go.sum" "X" "c/go.sum" back to back without lengths.
    const one = await workspace({ 'a/go.sum': 'b/go.sumX', 'c/go.sum': '' });
    const two = await workspace({ 'a/go.sum': '', 'b/go.sum': 'Xc/go.sum' });
    const a = await hashDependencyFiles({ workspace: one, patterns: [] });
    const b = await hashDependencyFiles({ workspace: two, patterns: [] });
    expect(a.hash).not.toBe(b.hash);
    // Nor do equal concatenations of contents alone.
    const three = await workspace({ 'x/go.sum': 'ab', 'y/go.sum': 'cd' });
    const four = await workspace({ 'x/go.sum': 'a', 'y/go.sum': 'bcd' });
    const c = await hashDependencyFiles({ workspace: three, patterns: [] });
    const d = await hashDependencyFiles({ workspace: four, patterns: [] });
    expect(c.files).toEqual(d.files);
    expect(c.hash).not.toBe(d.hash);
  });

  it('gives the digest of the empty set when the workspace has no sum files', async () => {
    const ws = await workspace({ 'go.mod': 'module nodeps\n', 'vendor/go.sum': SUM });
    const empty = await hashDependencyFiles({ workspace: ws, patterns: [] });
    expect(empty.files).toEqual([]);
    expect(empty.hash).toMatch(/^[0-9a-f]{64}$/);
    const other = await hashDependencyFiles({ workspace: await workspace({}), patterns: [] });
    expect(other).toEqual(empty);
    // Not the plain SHA-256 of nothing: the digest is versioned.
    expect(empty.hash).not.toBe(createHash('sha256').digest('hex'));
  });

  it('follows a link to a sum file but not a link to a directory', async () => {
    const ws = await workspace({ 'real/go.sum': SUM, 'outside/deps/go.sum': SUM2 });
    await mkdir(path.join(ws, 'linked'));
    await symlink(path.join(ws, 'real/go.sum'), path.join(ws, 'linked/go.sum'));
    await symlink(path.join(ws, 'outside'), path.join(ws, 'dirlink'));
    await symlink(path.join(ws, 'missing'), path.join(ws, 'go.work.sum'));
    const { files } = await hashDependencyFiles({ workspace: ws, patterns: [] });
    expect(files).toEqual(['linked/go.sum', 'outside/deps/go.sum', 'real/go.sum']);
  });

  it('says which workspace is missing', async () => {
    const missing = path.join(base, 'no-such-workspace');
    await expect(hashDependencyFiles({ workspace: missing, patterns: [] })).rejects.toThrow(
      `cannot list ${missing}`,
    );
  });
});

describe('hashDependencyFiles with cache-dependency-path patterns', () => {
  it('takes comma- and newline-separated patterns, as the input gives them', async () => {
    const ws = await workspace(TREE);
    const raw = await hashDependencyFiles({
      workspace: ws,
      patterns: 'go.sum, tools/go.sum\ngo.work.sum',
    });
    expect(raw.files).toEqual(['go.sum', 'go.work.sum', 'tools/go.sum']);
    const list = await hashDependencyFiles({
      workspace: ws,
      patterns: ['tools/go.sum', 'go.work.sum', 'go.sum'],
    });
    expect(list).toEqual(raw);
  });

  it('hashes what the patterns name the same way the default does', async () => {
    const ws = await workspace(TREE);
    const byDefault = await hashDependencyFiles({ workspace: ws, patterns: [] });
    const explicit = await hashDependencyFiles({
      workspace: ws,
      patterns:
        '**/go.sum\n**/go.work.sum\n!vendor/**\n!node_modules/**\n!.git/**\n# the root module\n',
    });
    expect(explicit).toEqual(byDefault);
  });

  it('matches nested modules with globs and excludes with a negated pattern', async () => {
    const ws = await workspace(TREE);
    const { files } = await hashDependencyFiles({
      workspace: ws,
      patterns: ['**/go.sum', '!internal/**', '!vendor/**', '!node_modules', '!.git/**'],
    });
    expect(files).toEqual(['.hidden/go.sum', 'go.sum', 'tools/go.sum']);
  });

  it('includes vendor and node_modules when the patterns name them', async () => {
    const ws = await workspace(TREE);
    const { files } = await hashDependencyFiles({
      workspace: ws,
      patterns: 'vendor/**/go.sum, node_modules/*/go.sum',
    });
    expect(files).toEqual(['node_modules/pkg/go.sum', 'vendor/example.com/x/go.sum']);
  });

  it('accepts absolute patterns, inside and outside the workspace', async () => {
    const ws = await workspace(TREE);
    const elsewhere = await workspace({ 'shared/go.sum': SUM });
    const inside = await hashDependencyFiles({
      workspace: ws,
      patterns: [path.join(ws, 'tools', 'go.sum')],
    });
    expect(inside.files).toEqual(['tools/go.sum']);
    expect(inside).toEqual(await hashDependencyFiles({ workspace: ws, patterns: 'tools/go.sum' }));
    const outside = await hashDependencyFiles({
      workspace: ws,
      patterns: ['go.sum', path.join(elsewhere, '**', 'go.sum')],
    });
    const shared = path.join(elsewhere, 'shared', 'go.sum').split(path.sep).join('/');
    expect(outside.files).toEqual(['go.sum', shared].sort());
  });

  it('resolves ./ and ../ segments against the workspace', async () => {
    const ws = await workspace({ 'app/go.sum': SUM, 'lib/go.sum': SUM2 });
    const { files } = await hashDependencyFiles({
      workspace: path.join(ws, 'app'),
      patterns: './go.sum, ../lib/go.sum',
    });
    expect(files).toEqual([path.join(ws, 'lib', 'go.sum').split(path.sep).join('/'), 'go.sum']);
  });

  it('matches a workspace path holding glob characters literally', async () => {
    const ws = await workspace({});
    const odd = path.join(ws, 'repo[1]*?');
    await mkdir(odd);
    await writeFile(path.join(odd, 'go.sum'), SUM);
    // A sibling the unescaped pattern `repo[1]*?` would match.
    await mkdir(path.join(ws, 'repo1xy'));
    await writeFile(path.join(ws, 'repo1xy', 'go.sum'), SUM2);
    const { files } = await hashDependencyFiles({ workspace: odd, patterns: '**/go.sum' });
    expect(files).toEqual(['go.sum']);
  });

  it('renaming a matched file changes the hash', async () => {
    const ws = await workspace({ 'deps/a.sum': SUM });
    const before = await hashDependencyFiles({ workspace: ws, patterns: 'deps/*.sum' });
    await rename(path.join(ws, 'deps/a.sum'), path.join(ws, 'deps/b.sum'));
    const after = await hashDependencyFiles({ workspace: ws, patterns: 'deps/*.sum' });
    expect(after.files).toEqual(['deps/b.sum']);
    expect(after.hash).not.toBe(before.hash);
  });

  it('same content under another path gives another hash', async () => {
    const ws = await workspace({ 'a/go.sum': SUM, 'b/go.sum': SUM });
    const a = await hashDependencyFiles({ workspace: ws, patterns: 'a/go.sum' });
    const b = await hashDependencyFiles({ workspace: ws, patterns: 'b/go.sum' });
    expect(a.hash).not.toBe(b.hash);
  });

  it('does not count a matched directory or a file twice', async () => {
    const ws = await workspace({ 'mods/x/go.sum': SUM, 'mods/y/go.sum': SUM2 });
    const { files } = await hashDependencyFiles({
      workspace: ws,
      patterns: 'mods, mods/x/go.sum, mods/*/go.sum',
    });
    expect(files).toEqual(['mods/x/go.sum', 'mods/y/go.sum']);
  });

  it('is an InputError naming the patterns when nothing matches', async () => {
    const ws = await workspace(TREE);
    const err = await hashDependencyFiles({
      workspace: ws,
      patterns: 'gosum, tool/go.sum',
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as Error).message).toContain(`'gosum', 'tool/go.sum' matched no files in ${ws}`);
  });

  it('is an InputError when negations exclude every match', async () => {
    const ws = await workspace({ 'go.sum': SUM });
    await expect(
      hashDependencyFiles({ workspace: ws, patterns: ['go.sum', '!**/go.sum'] }),
    ).rejects.toThrow(InputError);
  });

  it('does not hash a link to a directory that a pattern names', async () => {
    const ws = await workspace({ 'real/go.sum': SUM });
    await symlink(path.join(ws, 'real'), path.join(ws, 'deps'));
    await expect(hashDependencyFiles({ workspace: ws, patterns: 'deps' })).rejects.toThrow(
      /'deps' matched no files/,
    );
    // The directory itself, named by its real path, is searched.
    const real = await hashDependencyFiles({ workspace: ws, patterns: 'real' });
    expect(real.files).toEqual(['real/go.sum']);
  });
});
