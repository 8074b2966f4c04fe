/**
 * Which Go packages a commit touches, so the pre-commit hook gates only what is being
 * committed instead of the whole repository.
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { InputError } from '../errors.js';
import { run } from '../process.js';

export interface StagedGoFiles {
  /** Absolute path of the work tree's top level, the base of `files` and `packageDirs`. */
  readonly repoRoot: string;
  /** Repo-root-relative `.go` files staged as Added, Copied, Modified or Renamed (new name). */
  readonly files: string[];
  /** Their unique directories, repo-relative with `/`, `.` for the root; sorted. */
  readonly packageDirs: string[];
}

/**
 * Directory names whose Go files are not the project's packages: the go command ignores
 * `testdata` (fixtures, often deliberately broken code), and `vendor` holds copies of
 * dependencies that are not ours to gate.
 */
const SKIPPED_DIRS = new Set(['vendor', 'testdata']);

function isGatedGoFile(file: string): boolean {
  if (!file.endsWith('.go')) return false;
  const dirs = file.split('/').slice(0, -1);
  return !dirs.some((d) => SKIPPED_DIRS.has(d));
}

/**
 * Repository paths git exports to hooks. They may be relative to the hook's working directory
 * (a pre-commit hook gets `GIT_INDEX_FILE=.git/index`); git run from another directory would
 * then read no index at all and see nothing staged, so they are made absolute first.
 */
const GIT_PATH_VARS = [
  'GIT_DIR',
  'GIT_WORK_TREE',
  'GIT_INDEX_FILE',
  'GIT_COMMON_DIR',
  'GIT_OBJECT_DIRECTORY',
] as const;

function gitEnv(env: NodeJS.ProcessEnv, base: string): NodeJS.ProcessEnv {
  const out = { ...env };
  for (const name of GIT_PATH_VARS) {
    const value = env[name];
    if (value) out[name] = path.resolve(base, value);
  }
  return out;
}

/** The caller's environment and directory: relative GIT_* paths a hook sets are relative to it. */
interface Caller {
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
}

async function git(cwd: string, args: readonly string[], caller: Caller): Promise<string> {
  const info = await stat(cwd).catch(() => undefined);
  if (!info?.isDirectory()) throw new InputError(`${cwd} is not a directory`);
  let result;
  try {
    result = await run('git', args, { cwd, env: gitEnv(caller.env, caller.cwd) });
  } catch (err) {
    throw new InputError(
      `git is needed to list the staged files but could not be run (${(err as Error).message}); install git and put it on PATH`,
    );
  }
  if (result.code !== 0) {
    const detail = result.stderr.trim();
    if (/not a git repository/i.test(detail)) {
      throw new InputError(
        `${cwd} is not inside a git repository, so there are no staged files to check; run this from the repository's work tree`,
      );
    }
    throw new InputError(`git ${args.join(' ')} failed in ${cwd}: ${detail}`);
  }
  return result.stdout;
}

/** The staged Go files of the repository containing `cwd`, and their package directories. */
export async function stagedGoFiles(cwd: string, caller: Caller): Promise<StagedGoFiles> {
  const top = (await git(cwd, ['rev-parse', '--show-toplevel'], caller)).trim();
  if (!top) {
    throw new InputError(`${cwd} is in a repository without a work tree; staged files need one`);
  }
  // -z: names verbatim, NUL-terminated (no C-quoting of spaces, quotes or non-ASCII).
  // --no-relative: repo-root paths even when diff.relative is configured.
  // Renames list only the new name, which is what the commit will contain.
  const out = await git(
    cwd,
    [
      'diff',
      '--cached',
      '--name-only',
      '-z',
      '--no-relative',
      '--no-ext-diff',
      '--diff-filter=ACMR',
    ],
    caller,
  );
  const files = out
    .split('\0')
    .filter((f) => f !== '' && isGatedGoFile(f))
    .sort();
  const packageDirs = [...new Set(files.map((f) => path.posix.dirname(f)))].sort();
  return { repoRoot: path.resolve(top), files, packageDirs };
}

function isInside(parent: string, child: string): boolean {
  const rel = path.relative(parent, child);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel));
}

/**
 * `./sub`-style package patterns (what `go vet` takes) for the package directories that belong
 * to the module at `moduleDir`, relative to it; `.` for the module root. Directories outside
 * the module are dropped, and so are directories inside a nested module listed in
 * `moduleDirs` (every module root in the repository, `moduleDir` may be among them): the go
 * command refuses packages of another module. Paths are compared as given, so `moduleDir`,
 * `repoRoot` and `moduleDirs` must be spelled alike (all real paths, say).
 */
export function packagePatterns(
  packageDirs: readonly string[],
  moduleDir: string,
  repoRoot: string,
  moduleDirs: readonly string[] = [],
): string[] {
  const module = path.resolve(moduleDir);
  const nested = moduleDirs
    .map((m) => path.resolve(m))
    .filter((m) => m !== module && isInside(module, m));
  const patterns = new Set<string>();
  for (const dir of packageDirs) {
    const abs = path.resolve(repoRoot, dir);
    if (!isInside(module, abs) || nested.some((m) => isInside(m, abs))) continue;
    const rel = path.relative(module, abs).split(path.sep).join('/');
    patterns.add(rel === '' ? '.' : `./${rel}`);
  }
  return [...patterns].sort();
}
