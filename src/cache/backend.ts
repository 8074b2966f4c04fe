/**
 * Where cache entries live. Two backends share this shape: the GitHub cache service (through
 * @actions/cache) and a directory on the runner for self-hosted machines. A backend never
 * fails the job: its faults come back as outcomes with a reason, for a warning.
 */

/** A cache entry to restore: the exact key first, then the newest entry with a key prefix. */
export interface RestoreRequest {
  /** Directory the entry unpacks into; empty or missing before the restore. */
  readonly dir: string;
  readonly key: string;
  /** Key prefixes tried in order when the exact key misses (newest match wins). */
  readonly restoreKeys: readonly string[];
}

export type RestoreOutcome =
  | { readonly kind: 'hit' | 'partial'; readonly matchedKey: string; readonly bytes?: number }
  | { readonly kind: 'miss' }
  /** Something went wrong; `dir` is left empty, never half-restored. */
  | { readonly kind: 'failed'; readonly reason: string };

export interface SaveRequest {
  /** Directory whose contents become the entry. */
  readonly dir: string;
  readonly key: string;
}

export type SaveOutcome =
  | { readonly kind: 'saved'; readonly bytes?: number }
  /** Another job saved this key first, or the entry exists already. */
  | { readonly kind: 'exists' }
  | { readonly kind: 'failed'; readonly reason: string };

export interface CacheBackend {
  readonly name: 'github' | 'local';
  restore(request: RestoreRequest): Promise<RestoreOutcome>;
  save(request: SaveRequest): Promise<SaveOutcome>;
}
