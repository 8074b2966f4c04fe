/**
 * The git pre-commit hook that runs the gates on what is about to be committed
 * (`setup-go-verified hooks install` / `hooks uninstall`).
 *
 * The hook is a short POSIX shell script that `exec`s a command the caller chooses. A marker
 * comment identifies scripts we wrote, so installing again replaces only our own hook and a
 * hook written by someone else (or by another hook manager) is never overwritten silently.
 */
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, rename, rm, stat, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { InputError } from '../errors.js';
import { run } from '../process.js';

export interface HookInstallOptions {
  /** A directory inside the repository (any subdirectory or linked worktree works). */
  readonly cwd: string;
  /** The argv the hook runs, e.g. `[process.execPath, '/abs/cli.js', 'gates', '--staged']`. */
  readonly command: readonly string[];
  /** Replace a pre-commit hook we did not write. */
  readonly force?: boolean;
}

export interface HookInstallResult {
  /** Absolute path of the installed hook. */
  readonly path: string;
  /** An older hook of ours was there and has been updated. */
  readonly replaced: boolean;
}

export interface HookUninstallResult {
  readonly path: string;
  /** False when there was no hook to remove. */
  readonly removed: boolean;
}

const HOOK_NAME = 'pre-commit';

/** The line that makes a hook ours; matched as a whole line. Never change it: old hooks carry it. */
const MARKER = '# setup-go-verified: pre-commit hook (managed; remove with `hooks uninstall`)';

/** Quotes one argument for a POSIX shell: single quotes keep everything literal but `'`. */
function shellQuote(arg: string): string {
  return `'${arg.replaceAll("'", `'\\''`)}'`;
}

function quotedCommand(command: readonly string[]): string {
  if (command.length === 0) throw new Error('the pre-commit hook needs a command to run');
  for (const arg of command) {
    // argv strings end at NUL, so such an argument could never reach the program intact.
    if (arg.includes('\0'))
      throw new Error(`hook command argument contains NUL: ${JSON.stringify(arg)}`);
  }
  return command.map(shellQuote).join(' ');
}

/** The hook script that runs `command` with the hook's own arguments appended. */
export function renderHookScript(command: readonly string[]): string {
  return [
    '#!/bin/sh',
    MARKER,
    '# Runs the setup-go-verified gates on the staged Go packages; a failing gate blocks the commit.',
    `exec ${quotedCommand(command)} "$@"`,
    '',
  ].join('\n');
}

/** What to add to someone else's hook to run the gates from it without `exec` ending it early. */
function chainLine(command: readonly string[]): string {
  return `${quotedCommand(command)} "$@" || exit $?`;
}

function isOurs(script: string): boolean {
  return script.split(/\r?\n/).includes(MARKER);
}

/**
 * The hooks directory git uses for the repository at `cwd`. Asking git honours
 * `core.hooksPath`, linked worktrees (hooks live in the common dir) and submodules (whose git
 * dir is under the superproject's `.git/modules`).
 */
async function hooksDir(cwd: string): Promise<string> {
  const info = await stat(cwd).catch(() => undefined);
  if (!info?.isDirectory()) throw new InputError(`${cwd} is not a directory`);
  let result;
  try {
    result = await run('git', ['rev-parse', '--git-path', 'hooks'], { cwd });
  } catch (err) {
    throw new InputError(
      `git is needed to find the hooks directory but could not be run (${(err as Error).message}); install git and put it on PATH`,
    );
  }
  if (result.code !== 0) {
    const detail = result.stderr.trim();
    if (/not a git repository/i.test(detail)) {
      throw new InputError(
        `${cwd} is not inside a git repository, so there is no pre-commit hook to manage; run this from the repository's work tree`,
      );
    }
    throw new InputError(`git rev-parse --git-path hooks failed in ${cwd}: ${detail}`);
  }
  // git prints the path relative to the directory it ran in (or absolute).
  return path.resolve(cwd, result.stdout.trim());
}

/** The hook's current contents; undefined when there is none. */
async function readHook(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    // ENOENT also covers a dangling symlink, which git could not run either.
    if (code === 'ENOENT') return undefined;
    throw new InputError(`cannot read the existing hook ${file}: ${(err as Error).message}`);
  }
}

/** Writes the hook via a temporary file in the same directory, so git never runs half a script. */
async function writeAtomically(file: string, content: string): Promise<void> {
  const temp = path.join(
    path.dirname(file),
    `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`,
  );
  try {
    await writeFile(temp, content, { mode: 0o755, flag: 'wx' });
    await chmod(temp, 0o755); // the umask may have cleared bits writeFile asked for
    await rename(temp, file);
  } catch (err) {
    await rm(temp, { force: true });
    throw new InputError(`cannot write the pre-commit hook ${file}: ${(err as Error).message}`);
  }
}

/** Installs (or updates) our pre-commit hook; refuses to replace a foreign hook unless forced. */
export async function installPreCommitHook(opts: HookInstallOptions): Promise<HookInstallResult> {
  const script = renderHookScript(opts.command);
  const dir = await hooksDir(opts.cwd);
  const file = path.join(dir, HOOK_NAME);
  try {
    await mkdir(dir, { recursive: true });
  } catch (err) {
    throw new InputError(`cannot create the hooks directory ${dir}: ${(err as Error).message}`);
  }
  const existing = await readHook(file);
  const ours = existing !== undefined && isOurs(existing);
  if (existing !== undefined && !ours && !opts.force) {
    throw new InputError(
      `${file} already exists and was not written by setup-go-verified. ` +
        `Pass --force to replace it, or keep it and run the gates from it by adding this line:\n` +
        `  ${chainLine(opts.command)}`,
    );
  }
  await writeAtomically(file, script);
  return { path: file, replaced: ours };
}

/** Removes our pre-commit hook; a hook we did not write is left alone and reported. */
export async function uninstallPreCommitHook(cwd: string): Promise<HookUninstallResult> {
  const file = path.join(await hooksDir(cwd), HOOK_NAME);
  const existing = await readHook(file);
  if (existing === undefined) return { path: file, removed: false };
  if (!isOurs(existing)) {
    throw new InputError(
      `${file} was not written by setup-go-verified, so it was left in place; remove it yourself if it should go`,
    );
  }
  try {
    await unlink(file);
  } catch (err) {
    throw new InputError(`cannot remove the pre-commit hook ${file}: ${(err as Error).message}`);
  }
  return { path: file, removed: true };
}
