import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, realpath, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { InputError } from '../errors.js';
import { run } from '../process.js';
import { installPreCommitHook, renderHookScript, uninstallPreCommitHook } from './hooks.js';

let base: string;
let counter = 0;
const savedEnv: Record<string, string | undefined> = {};

// Keep the machine's git configuration (a global core.hooksPath, commit signing) out of the
// tests, and stop repository discovery at the temporary directory.
const TEST_ENV = (root: string): Record<string, string> => ({
  GIT_CONFIG_GLOBAL: os.devNull,
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CEILING_DIRECTORIES: root,
});

beforeAll(async () => {
  base = await realpath(await mkdtemp(path.join(os.tmpdir(), 'hooks-')));
  for (const [k, v] of Object.entries(TEST_ENV(base))) {
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

async function git(cwd: string, ...args: string[]): Promise<string> {
  const r = await run(
    'git',
    ['-c', 'user.name=test', '-c', 'user.email=test@example.invalid', ...args],
    {
      cwd,
    },
  );
  if (r.code !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

async function newRepo(): Promise<string> {
  const dir = path.join(base, `repo${counter++}`);
  await mkdir(dir);
  await git(dir, 'init', '-q', '-b', 'main');
  return dir;
}

const COMMAND = ['/opt/tools/node', '/opt/tools/cli.js', 'gates', '--staged'];

describe('renderHookScript', () => {
  it('is a sh script carrying our marker that execs the command with the hook arguments', () => {
    const script = renderHookScript(COMMAND);
    const lines = script.split('\n');
    expect(lines[0]).toBe('#!/bin/sh');
    expect(lines.some((l) => l.startsWith('# setup-go-verified'))).toBe(true);
    expect(script).toContain(
      `exec '/opt/tools/node' '/opt/tools/cli.js' 'gates' '--staged' "$@"\n`,
    );
  });

  it('quotes every argument so sh passes it through unchanged', async () => {
    const awkward = ["it's", 'a b', '$HOME', '`id`', '"dq"', 'back\\slash', 'new\nline', '*', ''];
    const command = [
      process.execPath,
      '-e',
      'process.stdout.write(JSON.stringify(process.argv.slice(1)))',
      '--',
      ...awkward,
    ];
    const file = path.join(base, `script${counter++}.sh`);
    await writeFile(file, renderHookScript(command));
    const r = await run('sh', [file, 'hook arg 1', "hook'2"]);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual([...awkward, 'hook arg 1', "hook'2"]);
  });

  it('rejects an empty command', () => {
    expect(() => renderHookScript([])).toThrow(/needs a command/);
  });
});

describe('installPreCommitHook', () => {
  it('installs an executable hook into .git/hooks, from the root or a subdirectory', async () => {
    const repo = await newRepo();
    const hooks = path.join(repo, '.git', 'hooks');
    await rm(hooks, { recursive: true, force: true }); // created when missing
    const sub = path.join(repo, 'a', 'b');
    await mkdir(sub, { recursive: true });

    const result = await installPreCommitHook({ cwd: sub, command: COMMAND });
    expect(result).toEqual({ path: path.join(hooks, 'pre-commit'), replaced: false });
    expect(await readFile(result.path, 'utf8')).toBe(renderHookScript(COMMAND));
    expect((await stat(result.path)).mode & 0o777).toBe(0o755);
    expect(await readdir(hooks)).toEqual(['pre-commit']); // no temporary file left behind

    const again = await installPreCommitHook({ cwd: repo, command: COMMAND });
    expect(again.path).toBe(result.path);
  });

  it('follows a relative core.hooksPath, resolved by git from the work tree top', async () => {
    const repo = await newRepo();
    await git(repo, 'config', 'core.hooksPath', 'tools/githooks');
    const sub = path.join(repo, 'pkg');
    await mkdir(sub);

    const result = await installPreCommitHook({ cwd: sub, command: COMMAND });
    expect(result.path).toBe(path.join(repo, 'tools', 'githooks', 'pre-commit'));
    expect(existsSync(path.join(repo, '.git', 'hooks', 'pre-commit'))).toBe(false);
    expect(await readFile(result.path, 'utf8')).toBe(renderHookScript(COMMAND));
  });

  it('installs into the shared hooks directory from a linked worktree', async () => {
    const repo = await newRepo();
    await git(repo, 'commit', '-q', '--allow-empty', '-m', 'init');
    const worktree = path.join(base, `wt${counter++}`);
    await git(repo, 'worktree', 'add', '-q', worktree);

    const result = await installPreCommitHook({ cwd: worktree, command: COMMAND });
    expect(result.path).toBe(path.join(repo, '.git', 'hooks', 'pre-commit'));
  });

  it('replaces its own older hook and reports it', async () => {
    const repo = await newRepo();
    await installPreCommitHook({ cwd: repo, command: ['old-cli', 'gates'] });
    const newer = ['new-cli', 'gates', '--staged'];
    const result = await installPreCommitHook({ cwd: repo, command: newer });
    expect(result.replaced).toBe(true);
    expect(await readFile(result.path, 'utf8')).toBe(renderHookScript(newer));
  });

  it('refuses a foreign hook, naming it, --force and the line to add; --force overwrites', async () => {
    const repo = await newRepo();
    const hook = path.join(repo, '.git', 'hooks', 'pre-commit');
    const foreign = '#!/bin/sh\necho checking things my way\n';
    await writeFile(hook, foreign, { mode: 0o755 });

    const err = await installPreCommitHook({ cwd: repo, command: COMMAND }).catch((e) => e);
    expect(err).toBeInstanceOf(InputError);
    expect(err.message).toContain(hook);
    expect(err.message).toContain('--force');
    expect(err.message).toContain(
      `'/opt/tools/node' '/opt/tools/cli.js' 'gates' '--staged' "$@" || exit $?`,
    );
    expect(await readFile(hook, 'utf8')).toBe(foreign);

    const forced = await installPreCommitHook({ cwd: repo, command: COMMAND, force: true });
    expect(forced).toEqual({ path: hook, replaced: false });
    expect(await readFile(hook, 'utf8')).toBe(renderHookScript(COMMAND));
  });

  it('says when the directory is not in a git repository, creating nothing', async () => {
    const dir = path.join(base, `plain${counter++}`);
    await mkdir(dir);
    const err = await installPreCommitHook({ cwd: dir, command: COMMAND }).catch((e) => e);
    expect(err).toBeInstanceOf(InputError);
    expect(err.message).toContain(`${dir} is not inside a git repository`);
    expect(await readdir(dir)).toEqual([]);

    const missing = path.join(base, 'does-not-exist');
    await expect(installPreCommitHook({ cwd: missing, command: COMMAND })).rejects.toThrow(
      `${missing} is not a directory`,
    );
  });
});

describe('uninstallPreCommitHook', () => {
  it('removes our hook, and reports when there is none', async () => {
    const repo = await newRepo();
    const { path: hook } = await installPreCommitHook({ cwd: repo, command: COMMAND });
    expect(await uninstallPreCommitHook(repo)).toEqual({ path: hook, removed: true });
    expect(existsSync(hook)).toBe(false);
    expect(await uninstallPreCommitHook(repo)).toEqual({ path: hook, removed: false });
  });

  it('leaves a foreign hook in place and says so', async () => {
    const repo = await newRepo();
    const hook = path.join(repo, '.git', 'hooks', 'pre-commit');
    await writeFile(hook, '#!/bin/sh\nexit 0\n', { mode: 0o755 });
    const err = await uninstallPreCommitHook(repo).catch((e) => e);
    expect(err).toBeInstanceOf(InputError);
    expect(err.message).toContain(hook);
    expect(existsSync(hook)).toBe(true);
  });

  it('says when the directory is not in a git repository', async () => {
    const dir = path.join(base, `plain${counter++}`);
    await mkdir(dir);
    await expect(uninstallPreCommitHook(dir)).rejects.toThrow(/is not inside a git repository/);
  });
});

describe('the installed hook under git commit', () => {
  // Records its arguments, then fails when the work tree holds a file named NOPE.
  const RECORDER = [
    "const fs = require('fs');",
    'const [out, ...args] = process.argv.slice(1);',
    'fs.writeFileSync(out, JSON.stringify(args));',
    "process.exit(fs.existsSync('NOPE') ? 1 : 0);",
  ].join(' ');

  it('runs with its arguments on every commit, and a failure blocks the commit', async () => {
    const repo = await newRepo();
    const record = path.join(base, `record${counter++}.json`);
    await installPreCommitHook({
      cwd: repo,
      command: [process.execPath, '-e', RECORDER, '--', record, 'gates', "it's staged"],
    });

    await writeFile(path.join(repo, 'main.go'), 'package main\n');
    await git(repo, 'add', 'main.go');
    await git(repo, 'commit', '-q', '-m', 'first');
    expect(JSON.parse(await readFile(record, 'utf8'))).toEqual(['gates', "it's staged"]);
    expect((await git(repo, 'rev-list', '--count', 'HEAD')).trim()).toBe('1');

    await rm(record);
    await writeFile(path.join(repo, 'NOPE'), '');
    await git(repo, 'add', 'NOPE');
    const blocked = await run(
      'git',
      [
        '-c',
        'user.name=test',
        '-c',
        'user.email=test@example.invalid',
        'commit',
        '-q',
        '-m',
        'second',
      ],
      { cwd: repo },
    );
    expect(blocked.code).not.toBe(0);
    expect(existsSync(record)).toBe(true); // the hook ran, and its exit status stopped git
    expect((await git(repo, 'rev-list', '--count', 'HEAD')).trim()).toBe('1');
  });
});
