import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdir, mkdtemp, realpath, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { InputError } from '../errors.js';
import { run } from '../process.js';
import { packagePatterns, stagedGoFiles } from './staged.js';

let base: string;
let counter = 0;
const savedEnv: Record<string, string | undefined> = {};

beforeAll(async () => {
  base = await realpath(await mkdtemp(path.join(os.tmpdir(), 'staged-')));
  // The machine's git configuration stays out; discovery stops at the temporary directory.
  const env = {
    GIT_CONFIG_GLOBAL: os.devNull,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CEILING_DIRECTORIES: base,
  };
  for (const [k, v] of Object.entries(env)) {
    savedEnv[k] = process.env[k];
    process.env[k] = v;
  }
});

afterAll(async () => {
  for (const [k, v] of Object.entries(savedEnv)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  await rm(base, { recursive: true, force: true });
});

async function git(cwd: string, args: string[], env?: NodeJS.ProcessEnv): Promise<string> {
  const r = await run(
    'git',
    ['-c', 'user.name=test', '-c', 'user.email=test@example.invalid', ...args],
    { cwd, env },
  );
  if (r.code !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

/** A repository whose work tree holds `files` (relative path → content), nothing staged. */
async function newRepo(files: Record<string, string>): Promise<string> {
  const dir = path.join(base, `repo${counter++}`);
  await mkdir(dir);
  await git(dir, ['init', '-q']);
  await put(dir, files);
  return dir;
}

async function put(dir: string, files: Record<string, string>): Promise<void> {
  for (const [name, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await writeFile(path.join(dir, name), content);
  }
}

describe('stagedGoFiles', () => {
  let repo: string;

  beforeAll(async () => {
    repo = await newRepo({
      'go.mod': 'module example.com/app\n',
      'main.go': 'package main\n',
      'pkg/old.go': 'package pkg\n\nconst Renamed = 1\n',
      'pkg/gone.go': 'package pkg\n',
      'pkg/edit.go': 'package pkg\n',
      'pkg/same.go': 'package pkg\n',
    });
    await git(repo, ['add', '.']);
    await git(repo, ['commit', '-q', '-m', 'base']);

    await mkdir(path.join(repo, 'lib'));
    await git(repo, ['mv', 'pkg/old.go', 'lib/renamed.go']);
    await git(repo, ['rm', '-q', 'pkg/gone.go']);
    await put(repo, {
      'pkg/edit.go': 'package pkg\n\nvar Edited = true\n',
      'with space/a file.go': 'package space\n',
      'ünï/"quoted".go': 'package uni\n',
      'odd\nname.go': 'package main\n',
      'vendor/example.com/dep/dep.go': 'package dep\n',
      'pkg/testdata/broken.go': 'package broken\n',
      'cmd/tool/vendor/x/x.go': 'package x\n',
      'README.md': '# app\n',
      'pkg/vendor.go': 'package pkg\n',
    });
    await git(repo, ['add', '.']);
    // Changed but not staged, and untracked: neither is part of the commit.
    await put(repo, {
      'pkg/same.go': 'package pkg\n\n// unstaged\n',
      'later/new.go': 'package later\n',
    });
  });

  const FILES = [
    'lib/renamed.go',
    'odd\nname.go',
    'pkg/edit.go',
    'pkg/vendor.go',
    'with space/a file.go',
    'ünï/"quoted".go',
  ];
  const DIRS = ['.', 'lib', 'pkg', 'with space', 'ünï'];

  it('lists staged added, modified and renamed .go files, skipping deleted, vendor and testdata', async () => {
    const staged = await stagedGoFiles(repo, { env: process.env, cwd: process.cwd() });
    expect(staged).toEqual({ repoRoot: repo, files: FILES, packageDirs: DIRS });
  });

  it('gives repo-root paths from a subdirectory, even with diff.relative set', async () => {
    await git(repo, ['config', 'diff.relative', 'true']);
    try {
      const staged = await stagedGoFiles(path.join(repo, 'pkg'), {
        env: process.env,
        cwd: process.cwd(),
      });
      expect(staged).toEqual({ repoRoot: repo, files: FILES, packageDirs: DIRS });
    } finally {
      await git(repo, ['config', '--unset', 'diff.relative']);
    }
  });

  it('reads the index a hook names relative to its own directory', async () => {
    // A pre-commit hook inherits GIT_INDEX_FILE=.git/index, relative to where it was started;
    // here the index is a second one holding only other.go, named relative to this process.
    const other = await newRepo({ 'other.go': 'package other\n', 'pkg/main.go': 'package pkg\n' });
    const index = path.join(other, '.git', 'alt-index');
    await git(other, ['add', 'other.go'], { ...process.env, GIT_INDEX_FILE: index });
    await git(other, ['add', '.']);
    const saved = process.env['GIT_INDEX_FILE'];
    process.env['GIT_INDEX_FILE'] = path.relative(process.cwd(), index);
    try {
      const staged = await stagedGoFiles(path.join(other, 'pkg'), {
        env: process.env,
        cwd: process.cwd(),
      });
      expect(staged.files).toEqual(['other.go']);
    } finally {
      if (saved === undefined) delete process.env['GIT_INDEX_FILE'];
      else process.env['GIT_INDEX_FILE'] = saved;
    }
  });

  it('works before the first commit and when nothing is staged', async () => {
    const fresh = await newRepo({ 'a.go': 'package a\n', 'b/b.go': 'package b\n' });
    expect(await stagedGoFiles(fresh, { env: process.env, cwd: process.cwd() })).toEqual({
      repoRoot: fresh,
      files: [],
      packageDirs: [],
    });
    await git(fresh, ['add', '.']);
    expect(await stagedGoFiles(fresh, { env: process.env, cwd: process.cwd() })).toEqual({
      repoRoot: fresh,
      files: ['a.go', 'b/b.go'],
      packageDirs: ['.', 'b'],
    });
  });

  it('says when the directory is not in a git repository', async () => {
    const dir = path.join(base, `plain${counter++}`);
    await mkdir(dir);
    const err = await stagedGoFiles(dir, { env: process.env, cwd: process.cwd() }).catch((e) => e);
    expect(err).toBeInstanceOf(InputError);
    expect(err.message).toContain(`${dir} is not inside a git repository`);
  });
});

describe('packagePatterns', () => {
  const root = path.resolve('/repo');
  const tools = path.join(root, 'tools');
  const modules = [root, tools, path.join(root, 'tools', 'gen', 'plugin')];
  const dirs = ['.', 'cmd/app', 'internal', 'tools', 'tools/gen', 'tools/gen/plugin/x', '..x'];

  it('turns the root module directories into ./ patterns, without nested modules', () => {
    expect(packagePatterns(dirs, root, root, modules)).toEqual([
      '.',
      './..x',
      './cmd/app',
      './internal',
    ]);
  });

  it('makes patterns relative to a nested module, dropping directories outside it', () => {
    expect(packagePatterns(dirs, tools, root, modules)).toEqual(['.', './gen']);
    expect(packagePatterns(dirs, path.join(tools, 'gen', 'plugin'), root, modules)).toEqual([
      './x',
    ]);
  });

  it('keeps every directory under the module when no other modules are named', () => {
    expect(packagePatterns(dirs, tools, root)).toEqual(['.', './gen', './gen/plugin/x']);
    expect(packagePatterns(['cmd', 'cmd'], root, root)).toEqual(['./cmd']);
    expect(packagePatterns(['cmd'], path.join(root, 'elsewhere'), root)).toEqual([]);
  });
});
