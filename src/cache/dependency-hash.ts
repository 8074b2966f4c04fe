/**
 * The digest of a workspace's dependency files (go.sum, go.work.sum, or what
 * `cache-dependency-path` names), the part of the cache keys that says which modules the
 * cache holds.
 *
 * The digest covers each file's workspace-relative path and its content, in sorted order and
 * length-prefixed, so moving a go.sum to another module changes it and no two file sets give
 * the same input to SHA-256.
 *
 * When nothing matches:
 * - the default patterns give the digest of the empty set and no files: a module without
 *   dependencies has no go.sum, and the caller decides to skip the module cache;
 * - patterns the user wrote are an InputError: a typo must not quietly key the cache by nothing.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { create } from '@actions/glob';
import { InputError } from '../errors.js';
import { patternListInput } from '../inputs.js';

export interface DependencyHash {
  /** Hex SHA-256. */
  readonly hash: string;
  /**
   * The files hashed, sorted: workspace-relative with `/` separators, or absolute (still
   * with `/`) for files outside the workspace.
   */
  readonly files: readonly string[];
}

export interface DependencyHashOptions {
  /** Relative patterns are resolved against it. */
  readonly workspace: string;
  /**
   * Globs relative to the workspace or absolute, `!` to exclude: a list, or the raw
   * `cache-dependency-path` text (newline- and comma-separated). Empty: the default.
   */
  readonly patterns: string | readonly string[];
}

/** Names the default looks for. */
const DEFAULT_FILES = new Set(['go.sum', 'go.work.sum']);
/** Directories the default does not enter: never a module's own dependency list. */
const SKIPPED_DIRS = new Set(['.git', 'node_modules', 'vendor']);

/** Bumped when the digest's input format changes, so old keys are not reused by mistake. */
const FORMAT = 'setup-go-verified dependency files v1\n';

export async function hashDependencyFiles(options: DependencyHashOptions): Promise<DependencyHash> {
  const workspace = path.resolve(options.workspace);
  const patterns =
    typeof options.patterns === 'string'
      ? patternListInput(options.patterns)
      : options.patterns.map((p) => p.trim()).filter((p) => p !== '');
  const absolute =
    patterns.length === 0
      ? await findDefaultFiles(workspace)
      : await globFiles(workspace, patterns);
  const byName = new Map<string, string>();
  for (const file of absolute) byName.set(displayName(workspace, file), file);
  if (patterns.length > 0 && byName.size === 0) {
    throw new InputError(
      `cache-dependency-path ${patterns.map((p) => `'${p}'`).join(', ')} matched no files ` +
        `in ${workspace}; patterns are relative to the workspace (or absolute), or leave the ` +
        'input empty to use every go.sum and go.work.sum',
    );
  }
  // Code-unit order, not locale order: the digest must not depend on the runner's locale.
  const files = [...byName.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const digest = createHash('sha256').update(FORMAT);
  for (const name of files) {
    const file = byName.get(name)!;
    let content: Buffer;
    try {
      content = await readFile(file);
    } catch (err) {
      throw new Error(`cannot read dependency file ${file}: ${(err as Error).message}`, {
        cause: err,
      });
    }
    const nameBytes = Buffer.from(name, 'utf8');
    digest.update(`${nameBytes.length}:`).update(nameBytes);
    digest.update(`${content.length}:`).update(content);
  }
  return { hash: digest.digest('hex'), files };
}

/**
 * Every go.sum and go.work.sum under `workspace` (the patterns `**\/go.sum` and
 * `**\/go.work.sum`), pruning SKIPPED_DIRS. A walk of our own rather than @actions/glob with
 * negated patterns: the globber still descends into excluded directories, and a node_modules
 * of tens of thousands of files costs it seconds on every run.
 */
async function findDefaultFiles(workspace: string): Promise<string[]> {
  const found: string[] = [];
  const pending = [workspace];
  for (let dir = pending.pop(); dir !== undefined; dir = pending.pop()) {
    const entries = await readdir(dir, { withFileTypes: true }).catch((err: Error) => {
      throw new Error(`cannot list ${dir} while looking for go.sum files: ${err.message}`, {
        cause: err,
      });
    });
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      // Symbolic links to directories are not followed (as followSymbolicLinks: false).
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRS.has(entry.name)) pending.push(full);
      } else if (DEFAULT_FILES.has(entry.name) && (await isFile(full))) {
        found.push(full);
      }
    }
  }
  return found;
}

async function globFiles(workspace: string, patterns: readonly string[]): Promise<string[]> {
  const rooted = patterns.map((p) => rootPattern(workspace, p));
  let matches: string[];
  try {
    const globber = await create(rooted.join('\n'), {
      followSymbolicLinks: false,
      matchDirectories: false,
    });
    matches = await globber.glob();
  } catch (err) {
    throw new InputError(
      `cache-dependency-path ${patterns.map((p) => `'${p}'`).join(', ')} is not usable: ` +
        (err as Error).message,
      { cause: err },
    );
  }
  // The globber reports links without following them; keep those that lead to a file.
  const files: string[] = [];
  for (const match of matches) if (await isFile(match)) files.push(match);
  return files;
}

/** An absolute pattern for the globber, which would resolve relative ones against the cwd. */
function rootPattern(workspace: string, pattern: string): string {
  const negated = /^(!\s*)*/.exec(pattern)![0];
  const bang = (negated.match(/!/g)?.length ?? 0) % 2 === 1 ? '!' : '';
  const rest = pattern.slice(negated.length);
  // `~/...` is expanded by the globber itself.
  if (rest === '~' || rest.startsWith('~/') || rest.startsWith(`~${path.sep}`)) {
    return `${bang}${rest}`;
  }
  // normalize/join also resolve `.` and `..` segments, which the globber rejects.
  const full = path.isAbsolute(rest)
    ? path.normalize(rest)
    : path.join(escapeGlob(workspace), rest);
  return `${bang}${full}`;
}

/** A literal path as a glob: its glob characters escaped. */
function escapeGlob(literal: string): string {
  const s = path.sep === '\\' ? literal : literal.replace(/\\/g, '\\\\');
  return s.replace(/\[/g, '[[]').replace(/\?/g, '[?]').replace(/\*/g, '[*]');
}

/** Workspace-relative when inside it, absolute otherwise; `/`-separated either way. */
function displayName(workspace: string, file: string): string {
  const rel = path.relative(workspace, file);
  const outside = rel === '..' || rel.startsWith(`..${path.sep}`) || path.isAbsolute(rel);
  const inside = rel !== '' && !outside;
  return (inside ? rel : file).split(path.sep).join('/');
}

/** A regular file, or a link to one. */
async function isFile(file: string): Promise<boolean> {
  try {
    return (await stat(file)).isFile();
  } catch {
    return false;
  }
}
