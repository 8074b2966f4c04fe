/**
 * The caching inputs of the action and their validation. Pure: raw strings in, typed inputs
 * or InputError out.
 */
import { InputError } from '../errors.js';
import { booleanInput, choiceInput, patternListInput, sizeInput } from '../inputs.js';
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

/**
 * Variables the setup step exports with its cache choice, so the gates action of the same
 * job uses the same backend and directory unless its own inputs say otherwise. Any step of
 * the job can set them too: they choose where caches go, never what is trusted.
 */
export const SETUP_CACHE_ENV = {
  backend: 'SETUP_GO_VERIFIED_CACHE_BACKEND',
  dir: 'SETUP_GO_VERIFIED_CACHE_DIR',
} as const;

/**
 * The cache-backend and cache-dir inputs of a later action in the job: its own when given,
 * else the setup step's choice.
 */
export function followSetupCache(
  get: (name: string) => string,
  env: Readonly<Record<string, string | undefined>>,
): (name: 'cache-backend' | 'cache-dir') => string {
  const own = get('cache-backend').trim();
  if (own !== '') return (name) => get(name);
  return (name) =>
    name === 'cache-backend'
      ? (env[SETUP_CACHE_ENV.backend] ?? '')
      : (env[SETUP_CACHE_ENV.dir] ?? '');
}

const SAVE_POLICIES: readonly SavePolicy[] = ['always', 'never', 'default-branch'];
const BACKENDS: readonly CacheBackendName[] = ['github', 'local'];

/** Reads the raw `cache*` inputs (as action inputs arrive) into validated options. */
export function parseCacheInputs(get: (name: string) => string): CacheInputs {
  const notes: string[] = [];
  const backend = choiceInput('cache-backend', get('cache-backend'), BACKENDS, 'github');
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
    cache: booleanInput('cache', get('cache'), true),
    dependencyPath: patternListInput(get('cache-dependency-path')),
    cacheBuild: booleanInput('cache-build', get('cache-build'), true),
    save: choiceInput('cache-save', get('cache-save'), SAVE_POLICIES, 'always'),
    keySuffix: suffix === '' ? undefined : suffix,
    backend,
    dir,
    maxSize: sizeInput('cache-max-size', get('cache-max-size'), DEFAULT_CACHE_MAX_SIZE),
    notes,
  };
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
