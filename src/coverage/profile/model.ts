/**
 * What a Go text coverage profile is once parsed: its mode, its blocks, the error for a
 * profile that cannot be read or merged, and the totals made from it.
 */

export type CoverMode = 'set' | 'count' | 'atomic';

export const MODES: readonly CoverMode[] = ['set', 'count', 'atomic'];

export interface Block {
  /** Import path of the source file, e.g. `example.com/m/pkg/a.go`. */
  readonly file: string;
  readonly startLine: number;
  readonly startCol: number;
  readonly endLine: number;
  readonly endCol: number;
  /** Statements in the block; 0 is legal (Go emits empty blocks). */
  readonly statements: number;
  /** Times the block ran; 0 or 1 in `set` mode. */
  readonly count: number;
}

export interface Profile {
  readonly mode: CoverMode;
  /** File -> blocks sorted by position, each exact position once. */
  readonly files: ReadonlyMap<string, readonly Block[]>;
  /** Names of the profiles this one was parsed or merged from, for error messages. */
  readonly sources: readonly string[];
}

/** A coverage profile that cannot be parsed or merged; `line` is 1-based when known. */
export class ProfileError extends Error {
  override name = 'ProfileError';
  constructor(
    message: string,
    readonly source: string,
    readonly line?: number,
  ) {
    super(message);
  }
}

export interface CoverageTotals {
  readonly statements: number;
  readonly covered: number;
  /** 0..100; a profile with no statements counts as fully covered (100), never NaN. */
  readonly percent: number;
}

/** Combines two counts of the same block by the mode's rule (callers refuse unsafe sums). */
export function combineCounts(mode: CoverMode, a: number, b: number): number {
  if (mode === 'set') return a > 0 || b > 0 ? 1 : 0;
  return a + b;
}
