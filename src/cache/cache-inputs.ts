/**
 * The caching inputs of the action and their validation. Pure: raw strings in, typed inputs
 * or InputError out.
 */
import { InputError } from '../errors.js';
import { sanitizeSuffix } from './keys.js';

export type SavePolicy = 'always' | 'never' | 'default-branch';
export type CacheBackendName = 'github' | 'local';

export interface CacheInputs {
  /** Cache the module cache (and the build cache, see cacheBuild) at all. */
  readonly cache: boolean;
  /** Glob patterns from `cache-dependency-path`; empty: every go.sum and go.work.sum. */
  readonly dependencyPath: readonly string[];
  /** Cache GOCACHE as well as GOMODCACHE. */
  readonly cacheBuild: boolean;
  readonly save: SavePolicy;
  /** Sanitized `cache-key-suffix`; undefined when there is none. */
  readonly keySuffix?: string;
  readonly backend: CacheBackendName;
  /** Directory of the local backend. */
  readonly dir?: string;
  /** Size limit in bytes. */
  readonly maxSize: number;
  /** What was changed or ignored in the inputs; log each as a warning. */
  readonly notes: readonly string[];
}

export const DEFAULT_CACHE_MAX_SIZE = 10 * 1024 ** 3;

const SAVE_POLICIES: readonly SavePolicy[] = ['always', 'never', 'default-branch'];
const BACKENDS: readonly CacheBackendName[] = ['github', 'local'];

/** Reads the raw `cache*` inputs (as action inputs arrive) into validated options. */
export function parseCacheInputs(get: (name: string) => string): CacheInputs {
  const notes: string[] = [];
  const backend = parseChoice('cache-backend', get('cache-backend'), BACKENDS, 'github');
  const dir = get('cache-dir').trim() || undefined;
  if (backend === 'local' && dir === undefined) {
    throw new InputError(
      'input cache-dir is required when cache-backend is local: name a directory on the ' +
        'runner that outlives the job',
    );
  }
  if (backend !== 'local' && dir !== undefined) {
    notes.push(`cache-dir is ignored: it only applies when cache-backend is local`);
  }
  const { suffix, note } = sanitizeSuffix(get('cache-key-suffix'));
  if (note !== undefined) notes.push(note);
  return {
    cache: parseFlag('cache', get('cache'), true),
    dependencyPath: splitPatterns(get('cache-dependency-path')),
    cacheBuild: parseFlag('cache-build', get('cache-build'), true),
    save: parseChoice('cache-save', get('cache-save'), SAVE_POLICIES, 'always'),
    keySuffix: suffix === '' ? undefined : suffix,
    backend,
    dir,
    maxSize: parseSize('cache-max-size', get('cache-max-size'), DEFAULT_CACHE_MAX_SIZE),
    notes,
  };
}

/**
 * Splits `cache-dependency-path` into patterns: one or more per line, separated by commas.
 * Lines starting with `#` are comments (as in @actions/glob); blank entries are dropped.
 */
export function splitPatterns(raw: string): string[] {
  return raw
    .split(/\r?\n|\r/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .flatMap((line) => line.split(','))
    .map((p) => p.trim())
    .filter((p) => p !== '');
}

/** true/false, yes/no, 1/0 in any case; empty is the default. */
export function parseFlag(name: string, raw: string, fallback: boolean): boolean {
  const v = raw.trim().toLowerCase();
  if (v === '') return fallback;
  if (v === 'true' || v === 'yes' || v === '1') return true;
  if (v === 'false' || v === 'no' || v === '0') return false;
  throw new InputError(
    `input ${name} must be true or false (also yes/no, 1/0), not ${JSON.stringify(raw)}`,
  );
}

const UNITS: Readonly<Record<string, number>> = {
  '': 1,
  b: 1,
  k: 1024,
  kb: 1024,
  kib: 1024,
  m: 1024 ** 2,
  mb: 1024 ** 2,
  mib: 1024 ** 2,
  g: 1024 ** 3,
  gb: 1024 ** 3,
  gib: 1024 ** 3,
  t: 1024 ** 4,
  tb: 1024 ** 4,
  tib: 1024 ** 4,
};

/**
 * A size in bytes: a plain byte count or a number with a unit (`500M`, `10G`, `1.5GiB`).
 * Units are powers of 1024 whichever way they are written (K = KB = KiB), as most tools
 * that take sizes read them.
 */
export function parseSize(name: string, raw: string, fallback: number): number {
  const v = raw.trim();
  if (v === '') return fallback;
  const m = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/i.exec(v);
  const unit = m ? UNITS[m[2]!.toLowerCase()] : undefined;
  if (!m || unit === undefined) {
    throw new InputError(
      `input ${name} must be a size such as 500M, 10G, 1.5GiB or a number of bytes, ` +
        `not ${JSON.stringify(raw)}`,
    );
  }
  if (unit === 1 && m[1]!.includes('.')) {
    throw new InputError(
      `input ${name} must be a whole number of bytes, not ${JSON.stringify(raw)}`,
    );
  }
  const bytes = Math.floor(Number(m[1]) * unit);
  if (bytes < 1 || !Number.isSafeInteger(bytes)) {
    throw new InputError(`input ${name} is out of range: ${JSON.stringify(raw)}`);
  }
  return bytes;
}

export interface SaveDecision {
  readonly save: boolean;
  /** Why, for the log. */
  readonly reason: string;
  /** The branch could not be told, so nothing is saved; worth a warning. */
  readonly uncertain?: boolean;
}

/**
 * Whether to save caches under `policy`. `ref` is GITHUB_REF (`refs/heads/main`);
 * `defaultBranch` is the event payload's repository.default_branch, which some events lack.
 * Without it `default-branch` saves nothing rather than guess (a guess of `main` would let
 * a branch of that name fill the cache in a repository whose default is another).
 */
export function shouldSave(
  policy: SavePolicy,
  context: { readonly ref: string | undefined; readonly defaultBranch: string | undefined },
): SaveDecision {
  if (policy === 'always') return { save: true, reason: 'cache-save is always' };
  if (policy === 'never') return { save: false, reason: 'cache-save is never' };
  const { ref, defaultBranch } = context;
  if (!defaultBranch) {
    return {
      save: false,
      uncertain: true,
      reason:
        'cache-save is default-branch but the default branch is unknown (the event has no ' +
        'repository.default_branch); not saving',
    };
  }
  if (!ref) {
    return {
      save: false,
      uncertain: true,
      reason: 'cache-save is default-branch but GITHUB_REF is not set; not saving',
    };
  }
  if (ref === `refs/heads/${defaultBranch}`) {
    return { save: true, reason: `${ref} is the default branch` };
  }
  return {
    save: false,
    reason: `cache-save is default-branch and ${ref} is not the default branch (${defaultBranch})`,
  };
}

function parseChoice<T extends string>(
  name: string,
  raw: string,
  choices: readonly T[],
  fallback: T,
): T {
  const v = raw.trim().toLowerCase();
  if (v === '') return fallback;
  const found = choices.find((c) => c === v);
  if (found !== undefined) return found;
  throw new InputError(
    `input ${name} must be ${choices.slice(0, -1).join(', ')} or ${choices.at(-1)}, ` +
      `not ${JSON.stringify(raw)}`,
  );
}
