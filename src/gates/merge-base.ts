/**
 * What only-new-issues compares against: the commit a change started from (the merge base
 * with the pull request's base branch, the commit before a push, or the local upstream), and
 * the lines changed since then. Every way this can fail says why and what to set, because a
 * wrong base silently hides or floods findings.
 */
import { readFile } from 'node:fs/promises';
import { run, type RunResult } from '../process.js';
import { parseUnifiedDiff, withWholeFiles, type ChangedLines } from './changed-lines.js';

export interface BaseInfo {
  /** What the base was derived from: a ref name (`origin/main`) or a commit SHA. */
  readonly ref: string;
  /** The commit to diff against: the merge base of `ref` and HEAD. */
  readonly sha: string;
  /** For the log, e.g. "merge base of HEAD and origin/main (pull request base)". */
  readonly how: string;
}

export type BaseResult = { ok: true; base: BaseInfo } | { ok: false; reason: string };

/** Fetching the pull request base is the only network access; it must not stall the job. */
const FETCH_TIMEOUT_MS = 60_000;
const FULL_HISTORY_ADVICE =
  'check out with full history (actions/checkout with fetch-depth: 0) or turn only-new-issues off';

interface Repo {
  readonly cwd: string;
  readonly head: string;
  readonly shallow: boolean;
}

/**
 * Finds the base, in this order: `baseRef` (a ref or SHA) → the pull request base branch
 * (GITHUB_BASE_REF, fetched from origin when the checkout lacks it) → the commit before a push
 * (`before` in the GITHUB_EVENT_PATH payload) → for local use the upstream branch, origin/HEAD,
 * origin/main, origin/master, main, master, skipping any that HEAD is already on.
 */
export async function findBase(opts: {
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
  baseRef?: string;
}): Promise<BaseResult> {
  try {
    return await find(opts.cwd, opts.env, opts.baseRef);
  } catch (err) {
    // run() rejects only when git cannot be started or times out.
    return fail(
      `${(err as Error).message} (in ${opts.cwd}); only-new-issues needs a working git on PATH`,
    );
  }
}

/**
 * Added and modified lines since `base.sha`: committed, staged and unstaged changes to tracked
 * files, plus untracked files that are not ignored (all of their lines). Paths are relative to
 * the repository root whatever `cwd` is inside it.
 */
export async function changedLinesSince(cwd: string, base: BaseInfo): Promise<ChangedLines> {
  const top = await gitOk(cwd, ['rev-parse', '--show-toplevel'], 'find the repository root');
  const root = top.trim();
  const common = [
    '-c',
    'core.quotePath=false',
    'diff',
    '--no-color',
    '--no-ext-diff',
    '--no-textconv',
    '--find-renames',
    '--no-relative',
  ];
  // Added files count in full; listing them by name keeps big new files (vendored code,
  // generated sources) out of the patch text.
  const patch = await gitOk(
    root,
    [
      ...common,
      '--unified=0',
      '--src-prefix=a/',
      '--dst-prefix=b/',
      '--diff-filter=a',
      base.sha,
      '--',
    ],
    `diff the working tree against ${base.sha}`,
  );
  const added = await gitOk(
    root,
    [...common, '--name-only', '-z', '--diff-filter=A', base.sha, '--'],
    `list files added since ${base.sha}`,
  );
  const untracked = await gitOk(
    root,
    ['ls-files', '-z', '--others', '--exclude-standard'],
    'list untracked files',
  );
  return withWholeFiles(parseUnifiedDiff(patch), [...nulList(added), ...nulList(untracked)]);
}

async function find(
  cwd: string,
  env: Readonly<Record<string, string | undefined>>,
  baseRef: string | undefined,
): Promise<BaseResult> {
  const inside = await git(cwd, ['rev-parse', '--is-inside-work-tree']);
  if (inside.code !== 0 || inside.stdout.trim() !== 'true') {
    return fail(
      `${cwd} is not inside a git work tree (${firstLine(inside.stderr) || 'no work tree'}), ` +
        'so there is no base to find new issues against; check out the repository with ' +
        'actions/checkout, run from inside it, or turn only-new-issues off',
    );
  }
  const head = await resolveCommit(cwd, 'HEAD');
  if (!head) {
    return fail(`HEAD in ${cwd} has no commit yet; commit first or turn only-new-issues off`);
  }
  const shallow = await git(cwd, ['rev-parse', '--is-shallow-repository']);
  const repo: Repo = { cwd, head, shallow: shallow.stdout.trim() === 'true' };

  if (baseRef !== undefined && baseRef !== '') return fromExplicit(repo, baseRef);
  const prBase = env.GITHUB_BASE_REF;
  if (prBase) return fromPullRequest(repo, prBase);
  const push = await fromPush(repo, env);
  if (push && 'ok' in push) return push;
  return fromLocal(repo, push?.note);
}

async function fromExplicit(repo: Repo, ref: string): Promise<BaseResult> {
  if (ref.startsWith('-')) return fail(`the base ${JSON.stringify(ref)} is not a ref or SHA`);
  for (const name of [ref, `refs/remotes/origin/${ref}`]) {
    const sha = await resolveCommit(repo.cwd, name);
    if (sha) return withMergeBase(repo, name, sha, 'given base');
  }
  return fail(
    `the base ${JSON.stringify(ref)} does not name a commit in ${repo.cwd}; ` +
      (repo.shallow
        ? `this is a shallow clone, so it may just not be fetched: ${FULL_HISTORY_ADVICE}`
        : 'pass a branch, tag or commit SHA that exists locally (or fetch it first)'),
  );
}

async function fromPullRequest(repo: Repo, branch: string): Promise<BaseResult> {
  const where = `the pull request base branch ${JSON.stringify(branch)}`;
  if (branch.startsWith('-')) return fail(`${where} (GITHUB_BASE_REF) is not a branch name`);
  const candidates = [`origin/${branch}`, `refs/remotes/origin/${branch}`];
  for (const name of candidates) {
    const sha = await resolveCommit(repo.cwd, name);
    if (sha) return withMergeBase(repo, `origin/${branch}`, sha, 'pull request base');
  }
  const remotes = await git(repo.cwd, ['remote']);
  if (!remotes.stdout.split('\n').includes('origin')) {
    return fail(
      `${where} is not in the checkout (no origin/${branch}) and there is no remote named ` +
        `origin to fetch it from; ${FULL_HISTORY_ADVICE}`,
    );
  }
  // In a shallow clone only the tip is useful (see withMergeBase); a full clone gets the
  // branch's history, which it mostly has already.
  const fetched = await git(
    repo.cwd,
    [
      'fetch',
      '--no-tags',
      '--no-recurse-submodules',
      ...(repo.shallow ? ['--depth=1'] : []),
      'origin',
      `+refs/heads/${branch}:refs/remotes/origin/${branch}`,
    ],
    FETCH_TIMEOUT_MS,
  ).catch((err: Error) => ({ code: -1, stdout: '', stderr: err.message }));
  if (fetched.code !== 0) {
    return fail(
      `${where} is not in the checkout and fetching it from origin failed ` +
        `(${firstLine(fetched.stderr) || `exit ${fetched.code}`}); ${FULL_HISTORY_ADVICE}`,
    );
  }
  const sha = await resolveCommit(repo.cwd, `refs/remotes/origin/${branch}`);
  if (!sha) return fail(`fetched ${where} from origin but origin/${branch} is still missing`);
  return withMergeBase(repo, `origin/${branch}`, sha, 'pull request base, fetched from origin');
}

/**
 * The commit before a push; undefined when this is no push, or a note on why its previous
 * commit cannot be used (then local rules apply).
 */
async function fromPush(
  repo: Repo,
  env: Readonly<Record<string, string | undefined>>,
): Promise<BaseResult | { note: string } | undefined> {
  const eventPath = env.GITHUB_EVENT_PATH;
  if (!eventPath || (env.GITHUB_EVENT_NAME ?? 'push') !== 'push') return undefined;
  let before: unknown;
  try {
    before = (JSON.parse(await readFile(eventPath, 'utf8')) as { before?: unknown }).before;
  } catch {
    return undefined; // No readable payload: not a push we can use.
  }
  if (typeof before !== 'string' || !/^[0-9a-f]{40}([0-9a-f]{24})?$/.test(before)) return undefined;
  // All zeros: the push created the branch, so there is no previous commit.
  if (/^0+$/.test(before)) return { note: 'the push created the branch' };
  if (!(await resolveCommit(repo.cwd, before)) && repo.shallow) {
    // A shallow checkout lacks it; its tip alone is enough when the push added one commit.
    await git(
      repo.cwd,
      ['fetch', '--no-tags', '--no-recurse-submodules', '--depth=1', 'origin', before],
      FETCH_TIMEOUT_MS,
    ).catch(() => undefined);
    if (!(await resolveCommit(repo.cwd, before))) {
      return fail(
        `the commit before this push (${before}) is not in this shallow clone and could not ` +
          `be fetched; ${FULL_HISTORY_ADVICE}`,
      );
    }
  }
  // Missing from a full clone means a force push rewrote it away: fall back to local rules.
  if (!(await resolveCommit(repo.cwd, before))) {
    return { note: `the commit before the push (${before}) is not in the clone` };
  }
  return withMergeBase(repo, before, before, 'the commit before the push');
}

async function fromLocal(repo: Repo, note?: string): Promise<BaseResult> {
  const upstream = await git(repo.cwd, [
    'rev-parse',
    '--abbrev-ref',
    '--symbolic-full-name',
    '@{upstream}',
  ]);
  const candidates: [string, string][] = [];
  if (upstream.code === 0 && upstream.stdout.trim()) {
    candidates.push([upstream.stdout.trim(), 'upstream branch']);
  }
  candidates.push(
    ['origin/HEAD', "origin's default branch"],
    ['origin/main', 'origin/main'],
    ['origin/master', 'origin/master'],
    ['main', 'local main'],
    ['master', 'local master'],
  );
  const suffix = note ? `; ${note}` : '';
  let firstFailure: string | undefined;
  for (const [name, why] of candidates) {
    const sha = await resolveCommit(repo.cwd, name);
    if (!sha) continue;
    const result = await withMergeBase(repo, name, sha, why + suffix);
    if (!result.ok) {
      firstFailure ??= result.reason;
      continue;
    }
    // HEAD is already on this branch: it offers no committed changes to look at.
    if (result.base.sha === repo.head) continue;
    return result;
  }
  if (firstFailure) return fail(firstFailure);
  return {
    ok: true,
    base: {
      ref: 'HEAD',
      sha: repo.head,
      how: `HEAD, as no upstream or main branch is behind it (only uncommitted changes count)${suffix}`,
    },
  };
}

/**
 * The merge base of `sha` and HEAD. A shallow clone often lacks the history for
 * `git merge-base`, but when `sha` is a recorded parent of HEAD (the base tip of a pull
 * request merge commit, or the commit before a one-commit push) it is the merge base itself.
 */
async function withMergeBase(
  repo: Repo,
  ref: string,
  sha: string,
  why: string,
): Promise<BaseResult> {
  const mb = await git(repo.cwd, ['merge-base', sha, repo.head]);
  const found = mb.stdout.trim();
  if (mb.code === 0 && found) {
    return { ok: true, base: { ref, sha: found, how: `merge base of HEAD and ${ref} (${why})` } };
  }
  if (repo.shallow && (await recordedParents(repo.cwd, repo.head)).includes(sha)) {
    return {
      ok: true,
      base: { ref, sha, how: `${ref}, a parent of HEAD (${why}; shallow clone)` },
    };
  }
  if (repo.shallow) {
    return fail(
      `HEAD and ${ref} have no common commit in this shallow clone, so the base of the ` +
        `change is unknown; ${FULL_HISTORY_ADVICE}`,
    );
  }
  return fail(
    `HEAD and ${ref} (${why}) share no history (${firstLine(mb.stderr) || 'no merge base'}); ` +
      'pass a base that HEAD was branched from',
  );
}

/** Parents as written in the commit object, which a shallow clone keeps but hides. */
async function recordedParents(cwd: string, commit: string): Promise<string[]> {
  const raw = await git(cwd, ['cat-file', 'commit', commit]);
  if (raw.code !== 0) return [];
  const header = raw.stdout.split('\n\n', 1)[0] ?? '';
  return header
    .split('\n')
    .filter((l) => l.startsWith('parent '))
    .map((l) => l.slice('parent '.length).trim());
}

async function resolveCommit(cwd: string, ref: string): Promise<string | undefined> {
  const r = await git(cwd, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
  const sha = r.stdout.trim();
  return r.code === 0 && sha ? sha : undefined;
}

function git(cwd: string, args: readonly string[], timeoutMs = 30_000): Promise<RunResult> {
  // Never wait for a credential prompt that nobody will answer.
  return run('git', args, { cwd, env: { ...process.env, GIT_TERMINAL_PROMPT: '0' }, timeoutMs });
}

async function gitOk(cwd: string, args: readonly string[], what: string): Promise<string> {
  const r = await git(cwd, args);
  if (r.code !== 0) {
    throw new Error(
      `could not ${what} in ${cwd}: git ${args.join(' ')} exited ${r.code}: ` +
        (firstLine(r.stderr) || 'no message'),
    );
  }
  return r.stdout;
}

function nulList(text: string): string[] {
  return text.split('\0').filter((s) => s !== '');
}

function firstLine(text: string): string {
  return text.trim().split('\n')[0]?.trim() ?? '';
}

function fail(reason: string): BaseResult {
  return { ok: false, reason };
}
