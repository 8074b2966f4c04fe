import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { changedLinesSince, findBase, type BaseResult } from './merge-base.js';

// Commit identity for the fixtures only; the code under test never commits.
const GIT_ENV = {
  ...process.env,
  GIT_AUTHOR_NAME: 'test',
  GIT_AUTHOR_EMAIL: 'test@example.com',
  GIT_COMMITTER_NAME: 'test',
  GIT_COMMITTER_EMAIL: 'test@example.com',
};

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'commit.gpgsign=false', ...args], {
    cwd,
    env: GIT_ENV,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  }).trim();
}

const lines = (n: number, prefix: string): string =>
  Array.from({ length: n }, (_, i) => `${prefix} ${i + 1}`).join('\n') + '\n';

let work: string;
let originUrl: string;
/** main: A ← C; feature: A ← B; pr-merge: merge of C and B (like refs/pull/N/merge). */
let A: string;
let B: string;
let C: string;
let counter = 0;

async function write(dir: string, files: Record<string, string>): Promise<void> {
  for (const [name, body] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await writeFile(path.join(dir, name), body);
  }
}

/** A fresh clone of the origin; `args` go to `git clone` (e.g. --depth=1, --branch). */
function clone(...args: string[]): string {
  const dir = path.join(work, `clone-${++counter}`);
  git(work, 'clone', '-q', ...args, originUrl, dir);
  return dir;
}

function expectOk(result: BaseResult): { ref: string; sha: string; how: string } {
  if (!result.ok) throw new Error(`expected a base, got: ${result.reason}`);
  return result.base;
}

function expectFailure(result: BaseResult): string {
  if (result.ok) throw new Error(`expected a failure, got base ${JSON.stringify(result.base)}`);
  return result.reason;
}

beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'merge-base-'));
  const seed = path.join(work, 'seed');
  await mkdir(seed);
  git(seed, 'init', '-q', '-b', 'main');
  await write(seed, {
    'a.go': lines(10, 'a'),
    'old name.go': lines(10, 'old'),
    'gone.go': lines(3, 'gone'),
    'keep.go': lines(10, 'keep'),
    'pkg/sub/x.go': lines(5, 'x'),
    '.gitignore': '*.log\n',
  });
  git(seed, 'add', '.');
  git(seed, 'commit', '-q', '-m', 'A');
  A = git(seed, 'rev-parse', 'HEAD');
  git(seed, 'checkout', '-q', '-b', 'feature');
  await write(seed, { 'a.go': lines(10, 'a').replace('a 3\n', 'a three\n') });
  git(seed, 'commit', '-q', '-am', 'B');
  B = git(seed, 'rev-parse', 'HEAD');
  git(seed, 'checkout', '-q', 'main');
  await write(seed, { 'keep.go': lines(10, 'keep').replace('keep 1\n', 'keep one\n') });
  git(seed, 'commit', '-q', '-am', 'C');
  C = git(seed, 'rev-parse', 'HEAD');
  git(seed, 'checkout', '-q', '-b', 'pr-merge');
  git(seed, 'merge', '-q', '--no-ff', '-m', 'merge feature into main', 'feature');
  git(seed, 'checkout', '-q', 'main');
  const origin = path.join(work, 'origin.git');
  git(work, 'clone', '-q', '--bare', seed, origin);
  originUrl = pathToFileURL(origin).href;
});
afterAll(() => rm(work, { recursive: true, force: true }));

describe('findBase for a pull request (GITHUB_BASE_REF)', () => {
  it('uses the merge base with origin/<base>, not its tip', async () => {
    const dir = clone('--branch', 'feature');
    const base = expectOk(await findBase({ cwd: dir, env: { GITHUB_BASE_REF: 'main' } }));
    expect(base).toEqual({
      ref: 'origin/main',
      sha: A,
      how: 'merge base of HEAD and origin/main (pull request base)',
    });
  });

  it('fetches the base branch from origin when the checkout lacks it', async () => {
    const dir = clone('--single-branch', '--branch', 'feature');
    expect(() => git(dir, 'rev-parse', '--verify', 'origin/main')).toThrow();
    const base = expectOk(await findBase({ cwd: dir, env: { GITHUB_BASE_REF: 'main' } }));
    expect(base.sha).toBe(A);
    expect(base.how).toMatch(/fetched from origin/);
  });

  it('fails loudly when the base branch cannot be fetched', async () => {
    const dir = clone('--single-branch', '--branch', 'feature');
    const reason = expectFailure(
      await findBase({ cwd: dir, env: { GITHUB_BASE_REF: 'no-such-branch' } }),
    );
    expect(reason).toMatch(/"no-such-branch" is not in the checkout and fetching it .* failed/);
    expect(reason).toMatch(/fetch-depth: 0/);
  });

  it('fails loudly when there is no origin remote to fetch from', async () => {
    const dir = clone('--branch', 'feature');
    git(dir, 'remote', 'rename', 'origin', 'upstream');
    const reason = expectFailure(await findBase({ cwd: dir, env: { GITHUB_BASE_REF: 'main' } }));
    expect(reason).toMatch(/no remote named origin/);
  });

  it('fails with fetch-depth advice in a shallow clone of the branch', async () => {
    const dir = clone('--depth=1', '--branch', 'feature');
    const reason = expectFailure(await findBase({ cwd: dir, env: { GITHUB_BASE_REF: 'main' } }));
    expect(reason).toMatch(/shallow clone/);
    expect(reason).toMatch(/fetch-depth: 0/);
  });

  it('uses the base tip in a shallow clone of the merge commit, whose parent it is', async () => {
    const dir = clone('--depth=1', '--branch', 'pr-merge');
    const base = expectOk(await findBase({ cwd: dir, env: { GITHUB_BASE_REF: 'main' } }));
    expect(base.sha).toBe(C);
    expect(base.how).toMatch(/parent of HEAD .*shallow clone/);
    // Against the base tip the merge commit brings exactly the feature's change.
    expect(await changedLinesSince(dir, base)).toEqual(new Map([['a.go', [{ start: 3, end: 3 }]]]));
  });
});

describe('findBase for a push (GITHUB_EVENT_PATH)', () => {
  async function pushEvent(before: string): Promise<Record<string, string>> {
    const file = path.join(work, `event-${++counter}.json`);
    await writeFile(file, JSON.stringify({ before, after: B, ref: 'refs/heads/feature' }));
    return { GITHUB_EVENT_NAME: 'push', GITHUB_EVENT_PATH: file };
  }

  it('uses the commit before the push', async () => {
    const dir = clone('--branch', 'feature');
    const base = expectOk(await findBase({ cwd: dir, env: await pushEvent(A) }));
    expect(base).toMatchObject({ ref: A, sha: A });
    expect(base.how).toMatch(/commit before the push/);
  });

  it('fetches the commit before a one-commit push into a shallow clone', async () => {
    const dir = clone('--depth=1', '--branch', 'feature');
    const base = expectOk(await findBase({ cwd: dir, env: await pushEvent(A) }));
    expect(base.sha).toBe(A);
    expect(await changedLinesSince(dir, base)).toEqual(new Map([['a.go', [{ start: 3, end: 3 }]]]));
  });

  it('falls back to local rules when the push created the branch', async () => {
    const dir = clone('--branch', 'feature');
    const base = expectOk(await findBase({ cwd: dir, env: await pushEvent('0'.repeat(40)) }));
    // origin/feature is HEAD itself, so the default branch is next.
    expect(base).toMatchObject({ ref: 'origin/HEAD', sha: A });
    expect(base.how).toMatch(/the push created the branch/);
  });
});

describe('findBase for local use', () => {
  it('prefers the upstream branch when HEAD is ahead of it', async () => {
    const dir = clone('--branch', 'feature');
    await write(dir, { 'keep.go': 'package keep\n' });
    git(dir, 'commit', '-q', '-am', 'local work');
    const base = expectOk(await findBase({ cwd: dir, env: {} }));
    expect(base).toEqual({
      ref: 'origin/feature',
      sha: B,
      how: 'merge base of HEAD and origin/feature (upstream branch)',
    });
  });

  it('compares with HEAD when every candidate already contains it', async () => {
    const dir = clone('--branch', 'main');
    const base = expectOk(await findBase({ cwd: dir, env: {} }));
    expect(base).toMatchObject({ ref: 'HEAD', sha: C });
    expect(base.how).toMatch(/only uncommitted changes/);
  });

  it('takes an explicit base: a SHA, or a branch only origin has', async () => {
    const dir = clone('--branch', 'feature');
    expect(expectOk(await findBase({ cwd: dir, env: {}, baseRef: A })).sha).toBe(A);
    // The explicit base wins over the pull request environment.
    const named = expectOk(
      await findBase({ cwd: dir, env: { GITHUB_BASE_REF: 'feature' }, baseRef: 'main' }),
    );
    expect(named).toMatchObject({ ref: 'refs/remotes/origin/main', sha: A });
  });

  it('rejects an explicit base that names no commit', async () => {
    const dir = clone('--branch', 'feature');
    const reason = expectFailure(await findBase({ cwd: dir, env: {}, baseRef: 'nope' }));
    expect(reason).toMatch(/"nope" does not name a commit/);
  });

  it('says so when the directory is not a git repository', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'not-a-repo-'));
    try {
      const reason = expectFailure(await findBase({ cwd: dir, env: { GITHUB_BASE_REF: 'main' } }));
      expect(reason).toContain(`${dir} is not inside a git work tree`);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('changedLinesSince', () => {
  it('covers commits, staged and unstaged edits, renames, deletions and untracked files', async () => {
    const dir = clone('--branch', 'feature');
    const base = expectOk(await findBase({ cwd: dir, env: { GITHUB_BASE_REF: 'main' } }));
    git(dir, 'mv', 'old name.go', 'new name.go');
    await write(dir, {
      'new name.go': lines(10, 'old').replace('old 2\n', 'old two\n'),
      'keep.go': lines(10, 'keep').replace('keep 5\n', 'keep five\n'),
      'pkg/sub/x.go': lines(5, 'x') + 'x 6\n',
      'staged ünïcode.go': 'package staged\n',
      'untracked file.go': 'package untracked\n',
      'pkg/sub/new.go': 'package sub\n',
      'debug.log': 'ignored\n',
    });
    git(dir, 'add', 'staged ünïcode.go');
    git(dir, 'rm', '-q', 'gone.go');
    // From a subdirectory, paths are still relative to the repository root.
    const changed = await changedLinesSince(path.join(dir, 'pkg'), base);
    const whole = [{ start: 1, end: Infinity }];
    expect(changed).toEqual(
      new Map([
        ['a.go', [{ start: 3, end: 3 }]],
        ['keep.go', [{ start: 5, end: 5 }]],
        ['new name.go', [{ start: 2, end: 2 }]],
        ['pkg/sub/x.go', [{ start: 6, end: 6 }]],
        ['staged ünïcode.go', whole],
        ['pkg/sub/new.go', whole],
        ['untracked file.go', whole],
      ]),
    );
  });

  it('names what failed when the base is not a commit', async () => {
    const dir = clone('--branch', 'feature');
    await expect(
      changedLinesSince(dir, { ref: 'x', sha: 'f'.repeat(40), how: 'test' }),
    ).rejects.toThrow(/could not diff the working tree against f{40} in .*: git .* exited 128/);
  });
});
